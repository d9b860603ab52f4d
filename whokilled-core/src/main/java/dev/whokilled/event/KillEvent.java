package dev.whokilled.event;

import dev.whokilled.framing.LogRecord;
import java.util.List;

/**
 * One thing a witness said about a process's end: an OOM kill, a signal, a crash, a container's end, or a suspect
 * seen near it.
 *
 * <p>Events are immutable. Java 17 has no pattern matching over sealed types in {@code switch}, so each event
 * also tells its {@link #kind()}.
 *
 * @since 0.1
 */
public sealed interface KillEvent permits OomKill, SignalDelivery, Crash, ContainerKill, Suspect {

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
    CONTAINER,
    /** {@link Suspect}: no death of its own, a possible sender of another's signal. */
    SUSPECT
  }

  /** Which of the kinds this is. */
  Kind kind();

  /** The process that died (or, for a {@link SignalDelivery}, received the signal). */
  ProcessRef victim();

  /** When it happened, as precisely as the witness said. */
  EventTime time();

  /** The log records this event was read from, in the order they were read; never empty. */
  List<LogRecord> evidence();
}
