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
}
