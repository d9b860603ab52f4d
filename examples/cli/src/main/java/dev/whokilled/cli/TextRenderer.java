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
  private final Style style;
  private final int width;

  /**
   * A renderer that shows wall-clock times in a zone, without colour, one line per field however long.
   *
   * @param zone the zone of the times shown
   */
  TextRenderer(ZoneId zone) {
    this(zone, Style.PLAIN, 0);
  }

  /**
   * A renderer for a terminal, or for a pipe.
   *
   * @param zone the zone of the times shown
   * @param style the colours, or {@link Style#PLAIN}
   * @param width the columns to wrap text and cut evidence lines at, or 0 for one line per field (each evidence
   *     line cut at {@link #MAX_LINE} characters)
   */
  TextRenderer(ZoneId zone, Style style, int width) {
    this.zone = zone;
    this.style = style;
    this.width = width;
  }

  /**
   * Writes the report.
   *
   * @param analysis what to write
   * @param out where; flushed, not closed
   */
  void write(Analysis analysis, PrintWriter out) {
    Report report = analysis.report();
    List<List<Death>> boots = boots(report.deaths());
    int n = 0;
    for (int b = 0; b < boots.size(); b++) {
      out.println(style.boot(bootHeading(boots.get(b), b, boots.size(), zone)));
      out.println();
      for (Death d : boots.get(b)) {
        death(out, ++n, d);
        out.println();
      }
    }
    List<String> warnings = analysis.warnings(MAX_PROBLEMS);
    if (!warnings.isEmpty()) {
      out.println(style.warning("Warnings:"));
      for (String w : warnings) {
        wrapped(out, INDENT + "- ", INDENT + "  ", clean(w));
      }
      out.println();
    }
    if (n > 0) {
      wrapped(out, "", "", style.dim("With --explain N (and the same arguments): death N and what each witness "
          + "said of it."));
    }
    wrapped(out, "", "", style.bold(footer(analysis)));
    out.flush();
  }

  /**
   * The deaths grouped by boot, in the report's order (by boot, then time).
   *
   * @param deaths the report's deaths
   * @return one list per boot, none empty
   */
  static List<List<Death>> boots(List<Death> deaths) {
    List<List<Death>> boots = new ArrayList<>();
    int current = Integer.MIN_VALUE;
    for (Death d : deaths) {
      if (boots.isEmpty() || d.bootIndex() != current) {
        boots.add(new ArrayList<>());
        current = d.bootIndex();
      }
      boots.get(boots.size() - 1).add(d);
    }
    return boots;
  }

  /**
   * The heading of one boot's deaths.
   *
   * @param deaths the boot's deaths
   * @param index which boot, from 0
   * @param count how many boots
   * @param zone the zone of the start shown
   * @return such as {@code Boot 2 of 2, started 2026-12-06 00:50:12 +00:00, boot id 1f3c9a2e…: 3 deaths}; cleaned
   */
  static String bootHeading(List<Death> deaths, int index, int count, ZoneId zone) {
    StringBuilder b = new StringBuilder("Boot ").append(index + 1).append(" of ").append(count);
    Instant started = bootStart(deaths);
    if (started != null) {
      b.append(", started ").append(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx", Locale.ROOT)
          .format(started.atZone(zone)));
    }
    String id = deaths.get(0).time().bootId();
    if (id != null && id.length() >= 32) {
      b.append(", boot id ").append(clean(id.substring(0, 8))).append('\u2026');
    }
    int n = deaths.size();
    return b.append(": ").append(n).append(n == 1 ? " death" : " deaths").toString();
  }

  /**
   * When a boot began, as its deaths with both clocks show it (wall-clock time less time since boot), or
   * {@code null} when none has both.
   *
   * @param deaths the deaths of one boot
   * @return the instant, to the second
   */
  static @Nullable Instant bootStart(List<Death> deaths) {
    for (Death d : deaths) {
      Instant wall = d.time().wall();
      Duration up = d.time().uptime();
      if (wall != null && up != null) {
        return wall.minus(up).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
      }
    }
    return null;
  }

  /**
   * Writes one death as the report does, with the same number, then its timeline: every witness's line in time
   * order, with its file and line.
   *
   * @param n the death's number in the report
   * @param d the death
   * @param out where; flushed, not closed
   */
  void explain(int n, Death d, PrintWriter out) {
    death(out, n, d);
    out.println();
    out.println(INDENT + style.bold("What each witness said, in time order:"));
    new TimelineRenderer(zone).rows(d, out);
    out.flush();
  }

  private void death(PrintWriter out, int n, Death d) {
    Verdict v = d.verdict();
    ProcessRef victim = d.victim();
    String number = n + ". ";
    wrapped(out, number, " ".repeat(number.length()), headline(d, style));
    line(out, "time", time(d.time(), zone));
    line(out, "killer", killer(v));
    if (v.signal() != null) {
      line(out, "signal", v.signal().name());
    }
    if (victim.container() != null) {
      line(out, "container", clean(container(victim.container())));
    }
    if (victim.unit() != null) {
      line(out, "unit", clean(victim.unit()));
    }
    if (victim.cgroup() != null) {
      line(out, "cgroup", clean(victim.cgroup()));
    }
    line(out, "summary", clean(v.summary()));
    List<LogRecord> evidence = v.evidence();
    for (int i = 0; i < Math.min(EVIDENCE_SHOWN, evidence.size()); i++) {
      LogRecord r = evidence.get(i);
      String location = clean(r.location());
      // on a terminal each line fits its width; in a pipe the text is cut at MAX_LINE, whatever the location
      String text = width > 0
          ? cut(location + "  " + clean(r.text()), Math.max(location.length() + 8, width - LABEL - INDENT.length()))
              .substring(location.length())
          : "  " + cut(clean(r.text()));
      out.println(INDENT + style.dim(pad(i == 0 ? "evidence" : "")) + style.source(location) + text);
    }
    if (evidence.size() > EVIDENCE_SHOWN) {
      int more = evidence.size() - EVIDENCE_SHOWN;
      out.println(INDENT + pad("") + style.dim("(" + more + " more line" + (more == 1 ? "" : "s") + " in --json)"));
    }
    boolean first = true;
    for (Verdict alt : d.alternatives()) {
      line(out, first ? "or else" : "", style.dim(alt.cause().jsonName() + " " + percent(alt.confidence()) + ":")
          + " " + clean(alt.why()));
      first = false;
    }
    first = true;
    for (String a : v.advice()) {
      wrapped(out, INDENT + style.dim(pad(first ? "advice" : "")) + "- ", INDENT + pad("") + "  ", clean(a));
      first = false;
    }
  }

  /**
   * Who killed it, in words: the process a witness names, else what the cause says of the killer.
   *
   * @param v the verdict
   * @return such as {@code bash (pid 1350, uid 3010)} or {@code the kernel's OOM killer}
   */
  static String killer(Verdict v) {
    if (v.killer() != null) {
      return clean(process(v.killer()));
    }
    return switch (v.cause()) {
      case KERNEL_OOM, CGROUP_OOM, CONTAINER_OOM -> "the kernel's OOM killer";
      case USERSPACE_OOM -> "a userspace OOM killer";
      case SERVICE_MANAGER -> "its service manager";
      case CRASH_SEGFAULT, CRASH_TRAP, CRASH, CRASH_ABORT -> "none: its own fault (the kernel sent the signal)";
      case RESOURCE_LIMIT -> "the kernel, enforcing a resource limit";
      case SIGNAL, UNKNOWN -> "unknown: no witness names the sender";
    };
  }

  private void line(PrintWriter out, String label, String text) {
    wrapped(out, INDENT + style.dim(pad(label)), INDENT + pad(""), text);
  }

  /**
   * Writes a text after a first prefix, wrapped at spaces to the width (when there is one) with the continuation
   * lines after the other prefix. Escape sequences (colours) count no columns; a word longer than a line is cut
   * when it has none, and left whole when it has.
   */
  private void wrapped(PrintWriter out, String first, String rest, String text) {
    int room = width - visible(rest);
    if (width <= 0 || visible(first) + visible(text) <= width || room < 20) {
      out.println(first + text);
      return;
    }
    StringBuilder line = new StringBuilder(first);
    int start = visible(first);
    int used = start;
    for (String word : text.split(" ", -1)) {
      int w = visible(word);
      if (used > start && used + 1 + w > width) {
        out.println(line);
        line.setLength(0);
        line.append(rest);
        used = start = visible(rest);
      }
      while (used == start && w > width - used && w == word.length()) {
        int take = width - used;
        out.println(line.append(word, 0, take));
        word = word.substring(take);
        w = word.length();
        line.setLength(0);
        line.append(rest);
        used = start = visible(rest);
      }
      if (used > start) {
        line.append(' ');
        used++;
      }
      line.append(word);
      used += w;
    }
    out.println(line);
  }

  /** The columns a text takes, escape sequences left out. */
  private static int visible(String s) {
    return s.replaceAll("\u001b\\[[0-9;]*m", "").length();
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

  /**
   * A process for people: its name, pid and uid as far as known.
   *
   * @param p the process
   * @return such as {@code bash (pid 1350, uid 3010)}; not cleaned
   */
  static String process(ProcessRef p) {
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

  /**
   * A container for people: its runtime, name, short id, pod, namespace and QoS class as far as known.
   *
   * @param c the container
   * @return such as {@code docker id 3f2a9c1b7e4d}, or {@code id 3f2a9c1b7e4d pod 6514af28-…}; not cleaned
   */
  static String container(ContainerRef c) {
    List<String> parts = new ArrayList<>();
    // under the label "container", a runtime that the path does not tell is left unsaid
    add(parts, "", c.runtime() == null ? null : c.runtime().jsonName());
    add(parts, "", c.name());
    add(parts, "id ", c.id() == null ? null : ContainerRef.shortId(c.id()));
    add(parts, "pod ", c.pod() != null ? c.pod() : c.podUid());
    add(parts, "namespace ", c.namespace());
    add(parts, "qos ", c.qosClass());
    return String.join(" ", parts);
  }

  /**
   * A death in one line, for the report and the watch alike: the victim, the cause in words, its name and how sure.
   *
   * @param d the death
   * @param style the colours
   * @return the line
   */
  static String headline(Death d, Style style) {
    Verdict v = d.verdict();
    return style.bold(clean(process(d.victim()))) + " " + style.cause(v.cause(), words(v.cause())) + " "
        + style.dim("[" + v.cause().jsonName() + ",") + " "
        + style.confidence(v.confidence(), percent(v.confidence()) + " sure") + style.dim("]");
  }

  private static void add(List<String> parts, String label, @Nullable String value) {
    if (value != null) {
      parts.add(label + value);
    }
  }

  /**
   * When a death happened, for people: the wall-clock time to its precision, with what was assumed of it, and the
   * time since boot; the terminal's report and the HTML page say it alike.
   *
   * @param t the time
   * @param zone the zone to show it in
   * @return the text
   */
  static String time(EventTime t, ZoneId zone) {
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
    return cut(s, MAX_LINE);
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }

  /**
   * The text as one line on a terminal shows it: control characters (C0, DEL, C1) as {@code \xNN}, and the line and
   * paragraph separators U+2028 and U+2029 as a backslash, {@code u} and their four hex digits, so that a name or a
   * message can neither steer the terminal nor break its line. The one escaper of the reports and of the command's
   * messages.
   *
   * @param s the text
   * @return the text, safe to print on a terminal, on one line
   */
  static String clean(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean control = c < 0x20 || c >= 0x7f && c <= 0x9f;
      boolean separator = c == '\u2028' || c == '\u2029';
      if ((control || separator) && b == null) {
        b = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (b != null) {
        if (control) {
          b.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
        } else if (separator) {
          b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
        } else {
          b.append(c);
        }
      }
    }
    return b == null ? s : b.toString();
  }
}
