package dev.whokilled.spi;

import dev.whokilled.framing.LogRecord;

/**
 * Reads the records of one stream into {@link dev.whokilled.event.KillEvent}s. Stateful (it assembles
 * multi-line blocks) and used by one thread.
 *
 * <p>A parser never throws on data: a record it does not understand is not for it. It keeps at most
 * {@link ParserContext#maxBlockLines()} records of a block.
 *
 * @since 0.1
 */
public interface KillParser {

  /**
   * Reads one record.
   *
   * @param record the record
   * @param sink where events, problems and warnings go
   */
  void accept(LogRecord record, EventSink sink);

  /**
   * The stream has ended (or a report is wanted now): emit whatever the records so far establish, such as a
   * block whose end was never seen. The parser may be given more records afterwards.
   *
   * @param sink where events go
   */
  default void finish(EventSink sink) {}

  /**
   * How many records this parser's provider's {@link KillParserProvider#prefilter() prefilter} rejects that it
   * can be spared now, told about only by {@link #skipped(long)}: none while a timer of its is about to fire on
   * the next record (a kill waiting for a confirmation that ages by records, say), so that it sees the record
   * on which it acts. It may change only when the parser reads a record or finishes, and {@link #skipped(long)}
   * of {@code n} records lowers it by at most {@code n}: the analysis keeps the answer and counts down. Never
   * asked of a parser whose provider wants every record.
   *
   * @return zero or more; {@link Long#MAX_VALUE} (the default) for a parser that only counts, or not even that
   */
  default long patience() {
    return Long.MAX_VALUE;
  }

  /**
   * Records that the prefilter rejected went by, at most {@link #patience()} of them: count them as the
   * parser would have counted them had it seen them. Emits nothing.
   *
   * @param records how many, at least one
   */
  default void skipped(long records) {}
}
