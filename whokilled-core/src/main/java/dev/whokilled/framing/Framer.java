package dev.whokilled.framing;

/**
 * Reads the framing of one stream's lines into {@link LogRecord}s. Not thread-safe: one per stream.
 *
 * @since 0.1
 */
public final class Framer {

  private final Framing framing;
  private final String source;

  Framer(Framing framing, String source) {
    this.framing = framing;
    this.source = source;
  }

  /**
   * Reads one line (without its line terminator). Records come out when complete: at once for line formats,
   * at the end of the record for multi-line ones.
   *
   * @param line the line
   * @param sink where records go
   */
  public void accept(String line, FrameSink sink) {
    throw new UnsupportedOperationException("TODO framing " + framing + " " + source);
  }

  /**
   * Ends the stream: emits any record still open.
   *
   * @param sink where records go
   */
  public void finish(FrameSink sink) {}
}
