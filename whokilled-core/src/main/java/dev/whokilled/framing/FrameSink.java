package dev.whokilled.framing;

/**
 * Receives what a {@link Framer} reads.
 *
 * @since 0.1
 */
public interface FrameSink {

  /**
   * A complete record.
   *
   * @param record the record
   */
  void record(LogRecord record);

  /**
   * Something about the stream worth telling the reader: a gap in the kernel's sequence numbers, a record
   * cut short, an unreadable structured record.
   *
   * @param source the stream's name
   * @param line the line it concerns
   * @param message what happened, lowercase, one sentence
   */
  default void notice(String source, long line, String message) {}
}
