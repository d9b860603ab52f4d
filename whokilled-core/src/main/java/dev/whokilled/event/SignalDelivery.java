package dev.whokilled.event;

import dev.whokilled.framing.LogRecord;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A signal reached (or was sent to) a process.
 *
 * @param victim the receiver
 * @param time when it was observed
 * @param evidence the lines it was read from
 * @param signal the signal, or {@code null} when the witness does not say which
 * @param sender the sender, when the observer names it; {@code null} when unknown
 * @param siCode the {@code si_code} as printed ({@code SI_USER}, {@code SI_KERNEL}, {@code SI_TKILL}), or
 *     {@code null}
 * @param observer who observed it
 * @param reason why the sender sent it, as far as the witness says
 * @param detail the witness's own words on the reason ({@code State 'stop-sigterm' timed out},
 *     {@code Watchdog timeout (limit 3min)!}, {@code exited with 0 after it}), or {@code null}
 * @param fatal whether the receiver died of it ({@code +++ killed by}, {@code code=killed}); {@code false}
 *     when the observer saw only the delivery
 * @param coreDumped whether a core dump was written
 * @since 0.1
 */
public record SignalDelivery(
    ProcessRef victim,
    EventTime time,
    List<LogRecord> evidence,
    @Nullable Signal signal,
    @Nullable ProcessRef sender,
    @Nullable String siCode,
    Observer observer,
    Reason reason,
    @Nullable String detail,
    boolean fatal,
    boolean coreDumped)
    implements KillEvent {

  /**
   * Checks the components and copies the list.
   *
   * @throws NullPointerException if a non-null component is null
   * @throws IllegalArgumentException if {@code evidence} is empty
   */
  public SignalDelivery {
    Objects.requireNonNull(victim, "victim");
    Objects.requireNonNull(time, "time");
    evidence = List.copyOf(evidence);
    if (evidence.isEmpty()) {
      throw new IllegalArgumentException("an event needs at least one evidence record");
    }
    Objects.requireNonNull(observer, "observer");
    Objects.requireNonNull(reason, "reason");
  }

  /**
   * Why a signal was sent, as far as its witness says.
   *
   * @since 0.1
   */
  public enum Reason {
    /** The witness does not say why. */
    UNSPECIFIED,
    /** A service manager stopping the unit (a stop, a restart, a shutdown). */
    STOP,
    /** A service manager escalating after a stop (or start) timed out. */
    STOP_TIMEOUT,
    /** A watchdog timeout ({@code WatchdogSec=}, a supervisor's health check). */
    WATCHDOG,
    /** A service manager enforcing a maximum run time ({@code RuntimeMaxSec=}). */
    RUNTIME_LIMIT,
    /** The witness says a memory killer (the kernel's OOM killer or a userspace one) did it. */
    MEMORY,
    /** The kernel enforcing a resource limit ({@code RLIMIT_CPU}, {@code RLIMIT_FSIZE}). */
    RESOURCE_LIMIT
  }

  @Override
  public Kind kind() {
    return Kind.SIGNAL;
  }
}
