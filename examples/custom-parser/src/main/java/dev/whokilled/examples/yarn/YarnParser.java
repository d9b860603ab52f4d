package dev.whokilled.examples.yarn;

import dev.whokilled.event.ContainerKill;
import dev.whokilled.event.ContainerRef;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.framing.Origin;
import dev.whokilled.spi.EventSink;
import dev.whokilled.spi.KillParser;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads YARN's memory kills into {@link ContainerKill} events, one per process the kill ended.
 *
 * <ul>
 *   <li>The NodeManager's ContainersMonitorImpl, Hadoop 2: {@code Container [pid=2477,containerID=container_…] is
 *       running beyond physical memory limits. Current usage: 1.0 GB of 1 GB physical memory used; 1.7 GB of 5 GB
 *       virtual memory used. Killing container.}; Hadoop 3: {@code … is running 3432448B beyond the 'PHYSICAL'
 *       memory limit. …}, in diagnostics prefixed with their own time ({@code [2020-06-23 23:47:28.394]}). The same
 *       text reaches the ResourceManager, the application master and the client; each copy is read. The
 *       {@code Dump of the process-tree} that follows lists every process of the container ({@code |- 2483 2477
 *       2477 2477 (java) …}): each one was killed, and each is a death.</li>
 *   <li>Spark's driver, naming the executor: {@code Lost executor 2 on host: Container killed by YARN for exceeding
 *       memory limits. 9.1 GB of 9 GB physical memory used. Consider boosting spark.yarn.executor.memoryOverhead.}
 *       (Spark 2; 2.3 and 2.4 add {@code or disabling yarn.nodemanager.vmem-check-enabled because of YARN-4714}),
 *       {@code … exceeding physical memory limits. … Consider boosting spark.executor.memoryOverhead.} (Spark 3), and
 *       {@code ExecutorLostFailure (executor 35 exited caused by one of the running tasks) Reason: …}. A line that
 *       names no executor repeats one that does, and is not read.</li>
 * </ul>
 *
 * <p>Times are the diagnostics' own, else the log4j stamp the line starts with ({@code 2014-05-29 12:01:53,776} or
 * Spark's {@code 19/01/22 15:23:57}) in the zone given, else the time the line's framing gave.
 */
final class YarnParser implements KillParser {

  static final String NM = "Container [pid=";
  static final String SPARK = "Container killed by YARN for exceeding ";
  private static final String DUMP = "Dump of the process-tree for ";

  private final @Nullable ZoneId zone;

  /** A kill whose process tree may follow. */
  private @Nullable Kill pending;

  private static final class Kill {
    final List<LogRecord> evidence = new ArrayList<>();
    final EventTime time;
    final String container;
    final long rootPid;
    final String detail;
    final Map<Long, @Nullable String> processes = new LinkedHashMap<>();
    boolean dump;

    Kill(LogRecord at, EventTime time, String container, long rootPid, String detail) {
      evidence.add(at);
      this.time = time;
      this.container = container;
      this.rootPid = rootPid;
      this.detail = detail;
      processes.put(rootPid, null);
    }
  }

  YarnParser(@Nullable ZoneId zone) {
    this.zone = zone;
  }

  @Override
  public void accept(LogRecord record, EventSink sink) {
    String m = record.message();
    Kill k = pending;
    if (k != null) {
      if (m.indexOf(DUMP) >= 0 && m.indexOf(k.container) >= 0) {
        k.dump = true;
        return;
      }
      int row = m.indexOf("|- ");
      if (k.dump && row >= 0) {
        row(k, m, row + 3);
        return;
      }
      flush(sink);
    }
    if (record.origin() == Origin.KERNEL || record.origin() == Origin.KERNEL_LOG) {
      return; // YARN and Spark never write to the kernel's log (and the provider's prefilter skips it)
    }
    int nm = m.indexOf(NM);
    if (nm >= 0 && m.indexOf("Killing container", nm) > 0) {
      nodeManager(record, m, nm);
      if (pending != null && m.indexOf(DUMP, nm) > 0) {
        pending.dump = true; // the dump's header on the same line (a diagnostics string printed whole)
      }
      return;
    }
    int spark = m.indexOf(SPARK);
    if (spark >= 0) {
      spark(record, m, spark, sink);
    }
  }

  /** While a kill is pending, every next line may be its dump, which holds no fixed text: none may be skipped. */
  @Override
  public long patience() {
    return pending == null ? Long.MAX_VALUE : 0;
  }

  @Override
  public void finish(EventSink sink) {
    flush(sink);
  }

  private void nodeManager(LogRecord record, String m, int at) {
    int p = at + NM.length();
    int comma = m.indexOf(",containerID=", p);
    int close = comma < 0 ? -1 : m.indexOf(']', comma);
    Long pid = comma < 0 ? null : number(m.substring(p, comma));
    if (pid == null || close < 0) {
      return;
    }
    String container = m.substring(comma + ",containerID=".length(), close);
    if (!container.startsWith("container_")) {
      return;
    }
    String kind = m.indexOf("'VIRTUAL'", close) > 0 || m.indexOf("beyond virtual memory", close) > 0
        ? "virtual" : "physical";
    int usage = m.indexOf("Current usage: ", close);
    int end = usage < 0 ? -1 : m.indexOf(". Killing container", usage);
    String detail = "running beyond its " + kind + " memory limit"
        + (end > usage && usage >= 0 ? ": " + m.substring(usage + "Current usage: ".length(), end) : "");
    pending = new Kill(record, time(record, m, at), container, pid, detail);
  }

  private static void row(Kill k, String m, int from) {
    // |- PID PPID PGRPID SESSID CMD_NAME …, then |- 2483 2477 2477 2477 (java) 5021 548 1711837184 274360 …
    String[] f = m.substring(from).strip().split("[ \t]+", 6);
    Long pid = f.length >= 5 ? number(f[0]) : null;
    if (pid == null || !f[4].startsWith("(") || !f[4].endsWith(")")) {
      return;
    }
    k.processes.put(pid, f[4].substring(1, f[4].length() - 1));
  }

  private void flush(EventSink sink) {
    Kill k = pending;
    pending = null;
    if (k == null) {
      return;
    }
    for (Map.Entry<Long, @Nullable String> p : k.processes.entrySet()) {
      ContainerRef c = new ContainerRef(null, k.container, null, null, null, null, null);
      ProcessRef victim = new ProcessRef(p.getKey(), null, p.getValue(), null, null, c, null);
      sink.event(new ContainerKill(victim, k.time, k.evidence, ContainerKill.Reason.OOM_KILLED, null,
          Signal.SIGKILL, "the YARN NodeManager", k.detail));
    }
  }

  private void spark(LogRecord record, String m, int at, EventSink sink) {
    String executor = null;
    int lost = m.lastIndexOf("Lost executor ", at);
    if (lost >= 0) {
      int colon = m.lastIndexOf(": ", at);
      executor = colon > lost ? m.substring(lost + "Lost ".length(), colon) : null;
    }
    int failure = m.lastIndexOf("ExecutorLostFailure (executor ", at);
    if (executor == null && failure >= 0) {
      int sp = m.indexOf(' ', failure + "ExecutorLostFailure (executor ".length());
      executor = sp > 0 && sp < at ? m.substring(failure + "ExecutorLostFailure (".length(), sp) : null;
    }
    if (executor == null) {
      return;
    }
    int consider = m.indexOf("Consider boosting ", at);
    String said = (consider > at ? m.substring(at, consider) : m.substring(at)).strip();
    String detail = said.replace("  ", " ")
        + (consider > at ? " (Spark's advice: " + m.substring(consider).strip() + ")" : "");
    ContainerRef c = new ContainerRef(null, null, executor.replace(" on ", " of Spark on "), null, null, null,
        null);
    sink.event(new ContainerKill(new ProcessRef(null, null, null, null, null, c, null), time(record, m, 0),
        List.of(record), ContainerKill.Reason.OOM_KILLED, null, Signal.SIGKILL, "Spark", detail));
  }

  /**
   * The line's time: a Hadoop 3 diagnostics stamp just before {@code at} ({@code [2020-07-17 00:11:08.730]}), or a
   * log4j stamp at the start ({@code 2014-05-29 12:01:53,776}, {@code 19/01/22 15:23:57}), or the framing's.
   */
  private EventTime time(LogRecord record, String m, int at) {
    if (at >= 25 && m.charAt(at - 1) == ']' && m.charAt(at - 25) == '[') {
      EventTime t = local(m.substring(at - 24, at - 1).replace(' ', 'T'), EventTime.Precision.MILLIS);
      if (t != null) {
        return t;
      }
    }
    if (m.length() >= 23 && m.charAt(4) == '-' && m.charAt(10) == ' ' && m.charAt(19) == ',') {
      EventTime t = local(m.substring(0, 19).replace(' ', 'T') + "." + m.substring(20, 23),
          EventTime.Precision.MILLIS);
      if (t != null) {
        return t;
      }
    }
    if (m.length() >= 17 && m.charAt(2) == '/' && m.charAt(5) == '/' && m.charAt(8) == ' ') {
      EventTime t = local("20" + m.substring(0, 8).replace('/', '-') + "T" + m.substring(9, 17),
          EventTime.Precision.SECONDS);
      if (t != null) {
        return t;
      }
    }
    return record.time();
  }

  private @Nullable EventTime local(String iso, EventTime.Precision precision) {
    try {
      LocalDateTime at = LocalDateTime.parse(iso);
      ZoneId z = zone != null ? zone : ZoneId.systemDefault();
      return new EventTime(at.atZone(z).toInstant(), precision, false, zone == null, null, null);
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static @Nullable Long number(String s) {
    if (s.isEmpty() || s.length() > 18) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return null;
      }
    }
    return Long.parseLong(s);
  }
}
