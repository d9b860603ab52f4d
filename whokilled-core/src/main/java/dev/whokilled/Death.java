package dev.whokilled;

import dev.whokilled.event.EventTime;
import dev.whokilled.event.KillEvent;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.framing.LogRecord;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything known about one process's end: the events of every witness, and the ranked verdicts.
 *
 * @param victim the process, with what all witnesses together say of it
 * @param time when it died, the most precise time any witness gave
 * @param bootIndex which boot of the input it died in (0 for the first seen)
 * @param events the events about it, in the order read
 * @param verdicts the explanations, most likely first; never empty
 * @since 0.1
 */
public record Death(
    ProcessRef victim, EventTime time, int bootIndex, List<KillEvent> events, List<Verdict> verdicts) {

  /**
   * Checks the components and copies the lists.
   *
   * @throws IllegalArgumentException if there are no events or no verdicts
   */
  public Death {
    Objects.requireNonNull(victim, "victim");
    Objects.requireNonNull(time, "time");
    events = List.copyOf(events);
    verdicts = List.copyOf(verdicts);
    if (events.isEmpty() || verdicts.isEmpty()) {
      throw new IllegalArgumentException("a death needs events and verdicts");
    }
  }

  /** The most likely explanation. */
  public Verdict verdict() {
    return verdicts.get(0);
  }

  /** The most likely cause. */
  public Cause cause() {
    return verdict().cause();
  }

  /** The verdicts after the first, most likely first. */
  public List<Verdict> alternatives() {
    return verdicts.subList(1, verdicts.size());
  }

  /** Every evidence line of every event, each once, in the order read. */
  public List<LogRecord> allEvidence() {
    Set<LogRecord> all = new LinkedHashSet<>();
    for (KillEvent e : events) {
      all.addAll(e.evidence());
    }
    return List.copyOf(all);
  }
}
