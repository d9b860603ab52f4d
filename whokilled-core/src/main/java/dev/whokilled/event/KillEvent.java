package dev.whokilled.event;

import dev.whokilled.framing.LogRecord;
import java.util.List;

/**
 * One thing a witness said about a process's end: an OOM kill, a signal, a crash, or a container's end.
 *
 * <p>Events are immutable. Java 17 has no pattern matching over sealed types in {@code switch}, so each event
 * also tells its {@link #kind()}.
 *
 * @since 0.1
 */
public sealed interface KillEvent permits OomKill, SignalDelivery, Crash, ContainerKill {

  /**
   * The kinds of event.
   *
   * @since 0.1
   */
  enum Kind {
    /** {@link OomKill}. */
    OOM_KILL,
    /** {@link SignalDelivery}. */
    SIGNAL,
    /** {@link Crash}. */
    CRASH,
    /** {@link ContainerKill}. */
    CONTAINER
  }

  /** Which of the four kinds this is. */
  Kind kind();

  /** The process that died (or, for a {@link SignalDelivery}, received the signal). */
  ProcessRef victim();

  /** When it happened, as precisely as the witness said. */
  EventTime time();

  /** The log records this event was read from, in the order they were read; never empty. */
  List<LogRecord> evidence();
}
