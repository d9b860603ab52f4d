package dev.whokilled;

/**
 * Input that was recognised but could not be read in full. Never an error: analysis goes on.
 *
 * @param source the stream's name
 * @param line the line number
 * @param message what was wrong
 * @since 0.1
 */
public record ParseProblem(String source, long line, String message) {

  @Override
  public String toString() {
    return source + ":" + line + ": " + message;
  }
}
