package dev.whokilled.cli;

import static dev.whokilled.cli.TextRenderer.clean;
import static dev.whokilled.cli.TextRenderer.cut;

import dev.whokilled.facts.CgroupFacts;
import dev.whokilled.facts.CoreDumpOutlook;
import dev.whokilled.facts.CoreDumpSettings;
import dev.whokilled.facts.ProcessFacts;
import dev.whokilled.facts.ResourceLimit;
import dev.whokilled.facts.Rlimit;
import dev.whokilled.facts.SignalSet;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Writes the facts of a process ({@code whokilled facts}) and the OOM killer's order ({@code whokilled top}) for
 * people. Names, paths and command lines are printed with control characters escaped, as in the report.
 */
final class FactsText {

  private static final String INDENT = "  ";
  private static final int LABEL = 12;

  private FactsText() {}

  /**
   * The facts of one process.
   *
   * @param out where; flushed, not closed
   * @param p the process
   * @param cgroup its memory cgroup, or {@code null} when not read
   * @param coreDumps the host's core dump settings
   * @param bootTime when the machine booted, to date the process's start, or {@code null}
   */
  static void facts(PrintWriter out, ProcessFacts p, @Nullable CgroupFacts cgroup, CoreDumpSettings coreDumps,
      @Nullable Instant bootTime) {
    out.println(clean(p.describe()) + (p.kernelThread() ? ", a kernel thread" : ""));
    line(out, "state", p.state() == null ? "not read" : p.state() + " (" + state(p.state()) + ")");
    line(out, "oom score", oomScore(p));
    Long rss = p.memory().vmRss();
    boolean noMemory = p.kernelThread() || "Z".equals(p.state());
    line(out, "memory", rss == null ? (noMemory ? "none of its own" : "not read")
        : mib(rss) + " resident" + (p.memory().vmSwap() == null || p.memory().vmSwap() == 0 ? ""
            : ", " + mib(p.memory().vmSwap()) + " swapped out"));
    ResourceLimit core = p.findLimit(Rlimit.CORE).orElse(null);
    line(out, "core limit", core == null ? "not read" : "soft " + limit(core.soft()) + ", hard " + limit(core.hard()));
    CoreDumpOutlook outlook = CoreDumpOutlook.of(coreDumps, core);
    String would = outlook.wouldWrite() == null ? "maybe" : outlook.wouldWrite() ? "yes" : "no";
    line(out, "core dump", would + ": " + clean(outlook.why()));
    line(out, "signals", "caught " + signals(p.caught()) + "; ignored " + signals(p.ignored()) + "; blocked "
        + signals(p.blocked()));
    line(out, "cgroup", cgroup(p, cgroup));
    if (p.startTime() != null) {
      line(out, "started", started(p.startTime(), bootTime));
    }
    if (!p.cmdline().isEmpty()) {
      line(out, "command", cut(clean(String.join(" ", p.cmdline()))));
    }
    out.flush();
  }

  /**
   * The processes in the OOM killer's order, as a table.
   *
   * @param out where; flushed, not closed
   * @param shown the processes shown, first to last
   * @param candidates how many processes the OOM killer could choose in all
   * @param when when the processes were read: {@code now}, or {@code when snap was captured (…)}
   */
  static void top(PrintWriter out, List<ProcessFacts> shown, int candidates, String when) {
    if (shown.isEmpty()) {
      out.println("No process the OOM killer could choose " + clean(when) + ".");
      out.flush();
      return;
    }
    out.println("The processes the OOM killer would choose " + clean(when) + ", first to last:");
    out.println(String.format(Locale.ROOT, "%8s %6s %6s %11s  %-16s %s", "PID", "SCORE", "ADJ", "RSS", "NAME",
        "CGROUP"));
    for (ProcessFacts p : shown) {
      out.println(String.format(Locale.ROOT, "%8d %6s %6s %11s  %-16s %s", p.pid(), orDash(p.oomScore()),
          orDash(p.oomScoreAdj()), p.memory().vmRss() == null ? "-" : mib(p.memory().vmRss()),
          p.comm() == null ? "-" : clean(p.comm()), clean(p.memoryCgroup().orElse("-"))));
    }
    String listed = shown.size() == candidates ? "All " + candidates + " candidates shown"
        : shown.size() + " of " + candidates + " candidates shown (-n 0 shows all)";
    out.println(listed + "; never chosen, so not listed: kernel threads, pid 1, oom_score_adj -1000, zombies.");
    out.flush();
  }

  private static void line(PrintWriter out, String label, String text) {
    out.println(INDENT + label + " ".repeat(Math.max(1, LABEL - label.length())) + text);
  }

  private static String oomScore(ProcessFacts p) {
    String score = p.oomScore() == null ? "not read" : p.oomScore().toString();
    String adj = p.oomScoreAdj() != null ? "oom_score_adj " + p.oomScoreAdj()
        : p.oomAdj() != null ? "oom_adj " + p.oomAdj() : "oom_score_adj not read";
    String exempt = p.oomExempt() ? "; the OOM killer never chooses it" : "";
    return score + " (" + adj + exempt + ")";
  }

  private static String cgroup(ProcessFacts p, @Nullable CgroupFacts c) {
    String path = p.memoryCgroup().orElse(null);
    if (path == null) {
      return "not read";
    }
    if (c == null) {
      return clean(path) + " (its memory files were not read)";
    }
    List<String> parts = new ArrayList<>();
    parts.add(c.memoryLimit() == null ? "no limit" : "limit " + mib(c.memoryLimit()));
    if (c.memoryUsage() != null) {
      parts.add("usage " + mib(c.memoryUsage()));
    }
    if (c.oomKills() != null) {
      parts.add(c.oomKills() + " OOM kill" + (c.oomKills() == 1 ? "" : "s"));
    }
    return clean(path) + " (cgroup v" + c.version() + "): " + String.join(", ", parts);
  }

  private static String started(Duration sinceBoot, @Nullable Instant bootTime) {
    String up = JsonRenderer.seconds(sinceBoot).stripTrailingZeros().toPlainString() + " s after boot";
    return bootTime == null ? up : bootTime.plus(sinceBoot).truncatedTo(ChronoUnit.SECONDS) + " (" + up + ")";
  }

  private static String signals(@Nullable SignalSet set) {
    if (set == null) {
      return "not read";
    }
    return set.isEmpty() ? "none" : String.join(", ", set.names());
  }

  private static String limit(@Nullable Long bytes) {
    return bytes == null ? "unlimited" : bytes.toString();
  }

  /** {@code 117.7 MiB}: one unit for every size shown, so that a column of them compares at a glance. */
  static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }

  private static String orDash(@Nullable Integer value) {
    return value == null ? "-" : value.toString();
  }

  /** The meaning of a state letter of {@code /proc/PID/stat} (fs/proc/array.c). */
  static String state(String letter) {
    return switch (letter) {
      case "R" -> "running";
      case "S" -> "sleeping";
      case "D" -> "disk sleep";
      case "T" -> "stopped";
      case "t" -> "tracing stop";
      case "X" -> "dead";
      case "Z" -> "zombie";
      case "P" -> "parked";
      case "I" -> "idle";
      default -> "unknown state";
    };
  }
}
