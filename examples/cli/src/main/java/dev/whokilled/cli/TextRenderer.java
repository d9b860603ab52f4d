package dev.whokilled.cli;

import dev.whokilled.Cause;
import dev.whokilled.Death;
import dev.whokilled.Report;
import dev.whokilled.Verdict;
import dev.whokilled.cli.Analysis.SourceRead;
import dev.whokilled.event.ContainerRef;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.framing.LogRecord;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Writes an analysis for people: one compact block per death, then warnings and a footer.
 *
 * <p>Everything that comes from a log (names, cgroup paths, evidence lines) is printed with control characters
 * escaped, so that a process named with terminal escape sequences cannot rewrite the reader's screen.
 */
final class TextRenderer {

  /** How many evidence lines a block shows; the JSON has them all. */
  static final int EVIDENCE_SHOWN = 3;

  /** How many parse problems are listed one by one among the warnings. */
  static final int MAX_PROBLEMS = 5;

  /** Evidence lines are cut to this many characters. */
  static final int MAX_LINE = 200;

  private static final String INDENT = "  ";
  private static final int LABEL = 10;

  private final ZoneId zone;

  /**
   * A renderer that shows wall-clock times in a zone.
   *
   * @param zone the zone of the times shown
   */
  TextRenderer(ZoneId zone) {
    this.zone = zone;
  }

  /**
   * Writes the report.
   *
   * @param analysis what to write
   * @param out where; flushed, not closed
   */
  void write(Analysis analysis, PrintWriter out) {
    Report report = analysis.report();
    int n = 0;
    for (Death d : report.deaths()) {
      death(out, ++n, d);
      out.println();
    }
    List<String> warnings = analysis.warnings(MAX_PROBLEMS);
    if (!warnings.isEmpty()) {
      out.println("Warnings:");
      for (String w : warnings) {
        out.println(INDENT + "- " + clean(w));
      }
      out.println();
    }
    out.println(footer(analysis));
    out.flush();
  }

  private void death(PrintWriter out, int n, Death d) {
    Verdict v = d.verdict();
    ProcessRef victim = d.victim();
    out.println(n + ". " + clean(process(victim)) + " " + words(v.cause()) + " [" + v.cause().jsonName()
        + ", " + percent(v.confidence()) + " sure]");
    line(out, "time", time(d.time()));
    if (v.killer() != null) {
      line(out, "killer", clean(process(v.killer())));
    }
    if (v.signal() != null) {
      line(out, "signal", v.signal().name());
    }
    if (victim.unit() != null) {
      line(out, "unit", clean(victim.unit()));
    }
    if (victim.cgroup() != null) {
      line(out, "cgroup", clean(victim.cgroup()));
    }
    if (victim.container() != null) {
      line(out, "container", clean(container(victim.container())));
    }
    line(out, "summary", clean(v.summary()));
    List<LogRecord> evidence = v.evidence();
    List<String> shown = new ArrayList<>();
    for (int i = 0; i < Math.min(EVIDENCE_SHOWN, evidence.size()); i++) {
      LogRecord r = evidence.get(i);
      shown.add(clean(r.location()) + "  " + cut(clean(r.text())));
    }
    if (evidence.size() > EVIDENCE_SHOWN) {
      int more = evidence.size() - EVIDENCE_SHOWN;
      shown.add("(" + more + " more line" + (more == 1 ? "" : "s") + " in --json)");
    }
    lines(out, "evidence", shown);
    List<String> alternatives = new ArrayList<>();
    for (Verdict alt : d.alternatives()) {
      alternatives.add(alt.cause().jsonName() + " " + percent(alt.confidence()) + ": " + clean(alt.why()));
    }
    lines(out, "or else", alternatives);
    List<String> advice = new ArrayList<>();
    for (String a : v.advice()) {
      advice.add("- " + clean(a));
    }
    lines(out, "advice", advice);
  }

  private static void line(PrintWriter out, String label, String text) {
    out.println(INDENT + pad(label) + text);
  }

  private static void lines(PrintWriter out, String label, List<String> texts) {
    for (int i = 0; i < texts.size(); i++) {
      out.println(INDENT + pad(i == 0 ? label : "") + texts.get(i));
    }
  }

  private static String pad(String label) {
    return label + " ".repeat(Math.max(1, LABEL - label.length()));
  }

  private static String footer(Analysis analysis) {
    List<String> sources = new ArrayList<>();
    for (SourceRead s : analysis.sources()) {
      sources.add(analysis.sources().size() == 1 ? s.origin() : s.origin() + " (" + lines(s.lines()) + ")");
    }
    String from = sources.isEmpty() ? "(no source could be read)" : String.join(", ", sources);
    int deaths = analysis.report().deaths().size();
    long read = analysis.linesRead();
    if (deaths == 0) {
      return "No process deaths found in " + lines(read) + " from: " + clean(from) + ".";
    }
    return deaths + (deaths == 1 ? " death" : " deaths") + " found in " + lines(read) + " from: " + clean(from)
        + ".";
  }

  private static String lines(long n) {
    return n + (n == 1 ? " line" : " lines");
  }

  /**
   * The cause in plain words, as the end of a sentence that starts with the victim.
   *
   * @param cause the cause
   * @return such as {@code was killed by a signal}
   */
  static String words(Cause cause) {
    return switch (cause) {
      case KERNEL_OOM -> "was killed by the kernel's OOM killer: the machine ran out of memory";
      case CGROUP_OOM -> "was killed by the kernel's OOM killer: a memory cgroup reached its limit";
      case CONTAINER_OOM -> "was killed for going over its container's memory limit";
      case USERSPACE_OOM -> "was killed by a userspace OOM killer";
      case SIGNAL -> "was killed by a signal";
      case SERVICE_MANAGER -> "was stopped or killed by its service manager";
      case CRASH_SEGFAULT -> "crashed: invalid memory access (segfault)";
      case CRASH_TRAP -> "crashed: a CPU trap";
      case CRASH_ABORT -> "aborted itself";
      case CRASH -> "crashed";
      case RESOURCE_LIMIT -> "was killed for going over a resource limit";
      case UNKNOWN -> "died from a signal; nothing shows who sent it";
    };
  }

  /**
   * A confidence as a whole percentage, with one decimal where rounding would claim 0% or 100%.
   *
   * @param confidence from 0 to 1
   * @return such as {@code 97%} or {@code 99.5%}
   */
  static String percent(double confidence) {
    double p = confidence * 100;
    long whole = Math.round(p);
    if (whole == 100 && confidence < 1 || whole == 0 && confidence > 0) {
      double tenths = Math.floor(p * 10) / 10;
      return tenths == 0 ? "<0.1%" : String.format(Locale.ROOT, "%.1f%%", tenths);
    }
    return whole + "%";
  }

  private static String process(ProcessRef p) {
    StringBuilder b = new StringBuilder(p.comm() == null ? "a process" : p.comm());
    List<String> ids = new ArrayList<>();
    if (p.pid() != null) {
      ids.add("pid " + p.pid());
    }
    if (p.uid() != null) {
      ids.add("uid " + p.uid());
    }
    if (!ids.isEmpty()) {
      b.append(" (").append(String.join(", ", ids)).append(')');
    }
    return b.toString();
  }

  private static String container(ContainerRef c) {
    List<String> parts = new ArrayList<>();
    parts.add(c.runtime() == null ? "container" : c.runtime().jsonName());
    add(parts, "", c.name());
    add(parts, "id ", c.id() == null ? null : ContainerRef.shortId(c.id()));
    add(parts, "pod ", c.pod() != null ? c.pod() : c.podUid());
    add(parts, "namespace ", c.namespace());
    add(parts, "qos ", c.qosClass());
    return String.join(" ", parts);
  }

  private static void add(List<String> parts, String label, @Nullable String value) {
    if (value != null) {
      parts.add(label + value);
    }
  }

  private String time(EventTime t) {
    Instant wall = t.wall();
    Duration uptime = t.uptime();
    List<String> parts = new ArrayList<>();
    if (wall != null) {
      String s = stamp(wall, t.wallPrecision(), zone);
      if (t.yearAssumed()) {
        s += " (year assumed)";
      }
      if (t.zoneAssumed()) {
        s += " (zone assumed)";
      }
      parts.add(s);
    }
    if (uptime != null) {
      String up = JsonRenderer.seconds(uptime).toPlainString() + " s after boot";
      parts.add(wall == null ? up : "(" + up + ")");
    }
    return parts.isEmpty() ? "unknown: no witness gave a time" : String.join(" ", parts);
  }

  /**
   * A wall-clock time to the precision it was written with: {@code 2026-12-06 01:48 +00:00} for minutes,
   * {@code 2026-12-06 01:48:01.749428 +00:00} for microseconds.
   *
   * @param wall the time
   * @param precision its precision
   * @param zone the zone to show it in
   * @return the text
   */
  static String stamp(Instant wall, EventTime.Precision precision, ZoneId zone) {
    String pattern = switch (precision) {
      case MINUTES -> "yyyy-MM-dd HH:mm xxx";
      case MILLIS -> "yyyy-MM-dd HH:mm:ss.SSS xxx";
      case MICROS -> "yyyy-MM-dd HH:mm:ss.SSSSSS xxx";
      default -> "yyyy-MM-dd HH:mm:ss xxx";
    };
    return DateTimeFormatter.ofPattern(pattern, Locale.ROOT).format(wall.atZone(zone));
  }

  /**
   * The text cut to {@link #MAX_LINE} characters, {@code ...} marking the cut.
   *
   * @param s the text
   * @return the text, or its start
   */
  static String cut(String s) {
    return s.length() <= MAX_LINE ? s : s.substring(0, MAX_LINE - 3) + "...";
  }

  /**
   * The text with control characters (C0, DEL, C1) shown as {@code \xNN}.
   *
   * @param s the text
   * @return the text, safe to print on a terminal
   */
  static String clean(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean control = c < 0x20 || c >= 0x7f && c <= 0x9f;
      if (control && b == null) {
        b = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (b != null) {
        if (control) {
          b.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
        } else {
          b.append(c);
        }
      }
    }
    return b == null ? s : b.toString();
  }
}
