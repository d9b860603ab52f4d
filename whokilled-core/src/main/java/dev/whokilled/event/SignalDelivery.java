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
 * @param signal the signal
 * @param sender the sender, when the observer names it; {@code null} when unknown
 * @param siCode the {@code si_code} as printed ({@code SI_USER}, {@code SI_KERNEL}, {@code SI_TKILL}), or
 *     {@code null}
 * @param observer who observed it
 * @param fatal whether the receiver died of it ({@code +++ killed by}, {@code code=killed}); {@code false}
 *     when the observer saw only the delivery
 * @param coreDumped whether a core dump was written
 * @since 0.1
 */
public record SignalDelivery(
    ProcessRef victim,
    EventTime time,
    List<LogRecord> evidence,
    Signal signal,
    @Nullable ProcessRef sender,
    @Nullable String siCode,
    Observer observer,
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
    Objects.requireNonNull(signal, "signal");
    Objects.requireNonNull(observer, "observer");
  }

  @Override
  public Kind kind() {
    return Kind.SIGNAL;
  }
}
