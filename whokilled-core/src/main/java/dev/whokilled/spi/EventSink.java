package dev.whokilled.spi;

import dev.whokilled.event.KillEvent;
import dev.whokilled.framing.LogRecord;

/**
 * Where a {@link KillParser} puts what it reads.
 *
 * @since 0.1
 */
public interface EventSink {

  /**
   * An event read from the stream.
   *
   * @param event the event
   */
  void event(KillEvent event);

  /**
   * Input the parser recognised but could not read in full (a block cut short, a field out of range). Kept up
   * to a cap; never an error.
   *
   * @param at the record concerned
   * @param message what was wrong, lowercase, one sentence
   */
  void problem(LogRecord at, String message);

  /**
   * Something a reader of the report must know, such as a kernel-looking line that a user process wrote.
   *
   * @param at the record concerned
   * @param message the warning, one sentence
   */
  void warning(LogRecord at, String message);
}
