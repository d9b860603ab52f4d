package dev.whokilled.cli;

import dev.whokilled.Death;
import dev.whokilled.Verdict;
import dev.whokilled.event.ContainerKill;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.KillEvent;
import dev.whokilled.event.OomKill;
import dev.whokilled.event.SignalDelivery;
import dev.whokilled.event.Suspect;
import dev.whokilled.framing.LogRecord;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Writes the timeline of one death for people: every line of every witness, in time order, with its file and line,
 * which witness it came from, and what it said; the same line read from two files is one row that says where else
 * it was. Times since boot are shown as wall-clock times when the death has both clocks.
 */
final class TimelineRenderer {

  private final ZoneId zone;

  /**
   * A renderer that shows times in a zone.
   *
   * @param zone the zone
   */
  TimelineRenderer(ZoneId zone) {
    this.zone = zone;
  }

  /** One line a witness wrote, and where else the same line was read. */
  private static final class Row {
    final LogRecord record;
    final String witness;
    final @Nullable Instant at;
    final EventTime.Precision precision;
    final @Nullable Duration uptime;
    final int order;
    final List<String> also = new ArrayList<>();

    Row(LogRecord record, String witness, @Nullable Instant at, EventTime.Precision precision,
        @Nullable Duration uptime, int order) {
      this.record = record;
      this.witness = witness;
      this.at = at;
      this.precision = precision;
      this.uptime = uptime;
      this.order = order;
    }
  }

  /**
   * Writes the timeline.
   *
   * @param n the death's number in the report
   * @param d the death
   * @param out where
   */
  void write(int n, Death d, PrintWriter out) {
    Verdict v = d.verdict();
    out.println(n + ". " + TextRenderer.clean(d.victim().describe()) + ": " + v.cause().jsonName() + " ("
        + TextRenderer.percent(v.confidence()) + ")");
    rows(d, out);
    out.println("  => " + TextRenderer.clean(v.summary()));
    out.flush();
  }

  /**
   * Writes the timeline's rows alone, each indented by two spaces: what {@code --explain} shows under the death's
   * block.
   *
   * @param d the death
   * @param out where
   */
  void rows(Death d, PrintWriter out) {
    Set<LogRecord> cited = new HashSet<>();
    for (Verdict alt : d.verdicts()) {
      cited.addAll(alt.evidence());
    }
    Map<String, Row> rows = new LinkedHashMap<>();
    for (KillEvent e : d.events()) {
      if (e.kind() == KillEvent.Kind.SUSPECT && !cited.containsAll(e.evidence())) {
        continue; // near in time, but no verdict weighs it: the death is explained without it
      }
      for (LogRecord r : e.evidence()) {
        EventTime t = r.time().isKnown() ? r.time() : e.time();
        Instant at = wall(t, d.time());
        String key = r.message() + "\u0000" + (t.uptime() != null ? t.uptime().toMillis()
            : at == null ? r.location() : Long.toString(at.getEpochSecond()));
        Row seen = rows.get(key);
        if (seen == null) {
          // a wall time derived from the time since boot is only as precise as the death's
          EventTime.Precision precision = t.wall() != null ? t.wallPrecision() : d.time().wallPrecision();
          rows.put(key, new Row(r, witness(e), at, precision, t.uptime(), rows.size()));
        } else if (!seen.record.location().equals(r.location()) && !seen.also.contains(r.location())) {
          seen.also.add(r.location());
        }
      }
    }
    List<Row> sorted = new ArrayList<>(rows.values());
    sorted.sort(Comparator.comparing((Row r) -> r.at == null ? Instant.MAX : r.at)
        .thenComparingInt(r -> r.order));
    int width = 0;
    for (Row r : sorted) {
      width = Math.max(width, r.record.location().length());
    }
    for (Row r : sorted) {
      String when = r.at != null ? TextRenderer.stamp(r.at, r.precision, zone)
          : r.uptime != null ? JsonRenderer.seconds(r.uptime).toPlainString() + " s after boot" : "(time unknown)";
      when = String.format(Locale.ROOT, "%-33s", when);
      out.println("  " + when + "  " + pad(TextRenderer.clean(r.record.location()), width) + "  "
          + pad(r.witness, 12) + "  " + TextRenderer.clean(r.record.message())
          + (r.also.isEmpty() ? "" : "  (also " + TextRenderer.clean(String.join(", ", r.also)) + ")"));
    }
  }

  /** A time's wall clock, or one derived from the death's two clocks for a time since boot alone. */
  private static @Nullable Instant wall(EventTime t, EventTime death) {
    if (t.wall() != null) {
      return t.wall();
    }
    if (t.uptime() != null && death.wall() != null && death.uptime() != null) {
      return death.wall().minus(death.uptime()).plus(t.uptime());
    }
    return null;
  }

  /** Which witness wrote it, in a word or two. */
  static String witness(KillEvent e) {
    return switch (e.kind()) {
      case OOM_KILL -> ((OomKill) e).killer().name().toLowerCase(Locale.ROOT).replace('_', '-') + " oom";
      case SIGNAL -> ((SignalDelivery) e).observer().name().toLowerCase(Locale.ROOT).replace('_', ' ');
      case CRASH -> "crash";
      case CONTAINER -> ((ContainerKill) e).reporter();
      case SUSPECT -> switch (((Suspect) e).type()) {
        case SESSION -> "last";
        case SCHEDULED_JOB -> "cron";
        case COMMAND -> "accounting";
        case HISTORY -> "history";
      };
    };
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }
}
