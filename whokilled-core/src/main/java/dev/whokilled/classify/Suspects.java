package dev.whokilled.classify;

import dev.whokilled.Cause;
import dev.whokilled.Verdict;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.Signal;
import dev.whokilled.event.Suspect;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The alternatives that suspects give a death whose sender nobody saw: each session, cron job, kill command and
 * history entry near it, with its time, user and terminal, ranked below the verdict (a suspect is never one).
 */
final class Suspects {

  /** The most suspects listed for one death. */
  static final int MAX = 12;

  private Suspects() {}

  /**
   * The suspects' alternatives.
   *
   * @param suspects the suspects that joined the death
   * @param top the death's verdict, which every alternative stays below
   * @return the alternatives, most likely first
   */
  static List<Verdict> alternatives(List<Suspect> suspects, Verdict top) {
    List<Verdict> out = new ArrayList<>();
    double ceiling = top.confidence() - 0.05;
    for (Suspect s : suspects) {
      double c = Math.min(ceiling, weight(s));
      if (c <= 0) {
        continue;
      }
      Signal sig = s.signal() != null ? s.signal() : top.signal();
      String summary = "perhaps " + s.describe() + when(s) + " sent it";
      String why = s.describe() + when(s) + ": " + why(s) + ": " + Describe.cite(s.evidence().get(0));
      out.add(new Verdict(Cause.SIGNAL, c, s.who(), sig, summary, why, s.evidence(), List.of(Advice.AUDIT)));
    }
    // the strongest MAX, whatever the order the suspects were read in
    out.sort((a, b) -> Double.compare(b.confidence(), a.confidence()));
    return out.size() > MAX ? List.copyOf(out.subList(0, MAX)) : out;
  }

  /**
   * How strongly a suspect points at the sender: a command that names this victim most, a kill command that ran
   * then less, a job less again, a person merely logged in least.
   */
  private static double weight(Suspect s) {
    return switch (s.type()) {
      case HISTORY -> s.victim().isUnknown() ? 0.25 : 0.45;
      case COMMAND -> 0.4;
      case SCHEDULED_JOB -> s.victim().isUnknown() ? 0.2 : 0.5;
      case SESSION -> 0.15;
    };
  }

  private static String why(Suspect s) {
    return switch (s.type()) {
      case SESSION -> "last shows this session open when it died, and anyone logged in as that user (or root) "
          + "can send a signal; nothing records whether they did";
      case SCHEDULED_JOB -> s.victim().isUnknown()
          ? "cron started this job shortly before it died; a job's script can kill processes, and cron does not "
              + "log what the script did"
          : "cron ran this kill command, naming it, just before it died; cron does not log whether it succeeded";
      case COMMAND -> "process accounting shows this command ran when it died, but records neither its target "
          + "nor its signal";
      case HISTORY -> "the shell history holds this command" + (s.victim().isUnknown() ? ""
          : " naming it") + ", typed " + (s.time().isKnown() ? "then" : "at a time the history does not keep")
          + "; history shows what was typed, not that it ran";
    };
  }

  /** The suspect's time, as a reader needs it: {@code  at 2026-12-06T01:36:06Z}, a session's span. */
  private static String when(Suspect s) {
    EventTime t = s.time();
    Instant start = t.wall();
    if (start == null) {
      return "";
    }
    if (s.type() == Suspect.Type.SESSION) {
      Instant end = s.until();
      return " (logged in " + stamp(t, start) + (end == null ? ", no logout known)" : " to " + stamp(t, end) + ")");
    }
    return " at " + stamp(t, start);
  }

  private static String stamp(EventTime t, @Nullable Instant at) {
    return at + (t.zoneAssumed() ? " (zone assumed)" : "");
  }
}
