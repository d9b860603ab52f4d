package dev.whokilled.parsers.kubernetes;

import dev.whokilled.event.ContainerKill;
import dev.whokilled.event.ContainerKill.Reason;
import dev.whokilled.event.ContainerRef;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.parsers.text.Text;
import dev.whokilled.spi.EventSink;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads a Kubernetes event's reason and message, wherever the event was printed (a document, a table, the Events
 * section of {@code kubectl describe}, a kubelet log line), into a {@link ContainerKill}:
 *
 * <ul>
 *   <li>{@code OOMKilling} from node-problem-detector: the message is the kernel's kill line; its pid and name
 *       are the victim's ({@code Memory cgroup out of memory: …} a container's limit, {@code Out of memory: …}
 *       the whole machine's);
 *   <li>{@code SystemOOM} from the kubelet: {@code System OOM encountered, victim process: x, pid: 1234};
 *       {@code CgroupOOM} ({@code Cgroup OOM encountered, victim process: …}) an OOM kill in a pod's cgroup;
 *   <li>{@code Evicted}: the message names the resource ({@code The node was low on resource: memory.});
 *   <li>{@code Killing}: {@code Stopping container x}, {@code Container x failed liveness probe, will be
 *       restarted}, and the older {@code Killing container with id docker://…:Need to kill Pod}; a liveness or
 *       startup probe failure ({@code Unhealthy}) seen just before about the same object is its detail;
 *   <li>{@code OOMKilled} (and the like, {@code PreviousContainerWasOOMKilled}) where an event says so.
 * </ul>
 *
 * <p>Stateful only for the probe failures, kept for the last {@link #MAX_OBJECTS} objects.
 */
final class KubeEvents {

  /** Objects whose last probe failure is remembered. */
  static final int MAX_OBJECTS = 256;

  private final Map<String, String> probes = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > MAX_OBJECTS;
    }
  };

  /** Whether a reason is one this reader turns into an event or remembers. */
  static boolean wanted(String reason) {
    String r = reason.trim();
    return r.endsWith("OOMKilling") || r.equals("SystemOOM") || r.equals("CgroupOOM") || r.equals("Evicted")
        || r.equalsIgnoreCase("killing") || r.equals("Unhealthy") || r.endsWith("OOMKilled");
  }

  /**
   * Reads one event.
   *
   * @param reason the event's reason
   * @param message its message
   * @param obj what it is about
   * @param source the component that reported it ({@code kubelet}, {@code kernel-monitor}), or {@code null}
   * @param time when (the event's last time), or unknown
   * @param evidence the records it was read from
   * @param sink where the event goes
   */
  void read(String reason, String message, Involved obj, @Nullable String source, EventTime time,
      List<LogRecord> evidence, EventSink sink) {
    if (evidence.isEmpty()) {
      return;
    }
    String r = reason.trim();
    String m = message.trim();
    if (r.endsWith("OOMKilling")) {
      oomKilling(m, obj, source, time, evidence, sink);
    } else if (r.equals("SystemOOM") || r.equals("CgroupOOM")) {
      victimProcess(r, m, obj, source, time, evidence, sink);
    } else if (r.equals("Evicted")) {
      emit(sink, obj.withContainer(evictedContainer(m)), null, null, time, evidence, Reason.EVICTED, null,
          reporter(source, "kubelet"), m.isEmpty() ? null : m);
    } else if (r.equalsIgnoreCase("killing")) {
      killing(m, obj, source, time, evidence, sink);
    } else if (r.equals("Unhealthy")) {
      if (m.startsWith("Liveness probe failed") || m.startsWith("Startup probe failed")) {
        probes.put(obj.key(), m);
        probes.put(obj.withoutContainer().key(), m);
      }
    } else if (r.endsWith("OOMKilled")) {
      Involved o = obj;
      int q = m.indexOf("container '");
      if (q >= 0) {
        int end = m.indexOf('\'', q + 11);
        if (end > q) {
          o = o.withContainer(m.substring(q + 11, end));
        }
      }
      o = withIdIn(o, m);
      emit(sink, o, null, null, time, evidence, Reason.OOM_KILLED, null, reporter(source, "kubernetes"), null);
    }
  }

  private void oomKilling(String m, Involved obj, @Nullable String source, EventTime time, List<LogRecord> evidence,
      EventSink sink) {
    // "Kill process N (x) score S or sacrifice child\nKilled process M (y) total-vm:…": the second is the victim
    int at = m.lastIndexOf("Killed process ");
    int skip = "Killed process ".length();
    if (at < 0) {
      at = m.lastIndexOf("Kill process ");
      skip = "Kill process ".length();
    }
    Long pid = null;
    String comm = null;
    if (at >= 0) {
      int p = at + skip;
      int end = Text.digitsEnd(m, p);
      pid = Text.digits(m, p, end);
      if (pid != null && m.startsWith(" (", end)) {
        comm = comm(m, end + 2);
      }
    }
    boolean global = m.indexOf("Memory cgroup") < 0 && m.indexOf("memory cgroup") < 0 && m.indexOf("memcg") < 0
        && m.startsWith("Out of memory");
    Reason reason = global ? Reason.SYSTEM_OOM : Reason.OOM_KILLED;
    emit(sink, obj, pid, comm, time, evidence, reason, null, reporter(source, "node-problem-detector"), null);
  }

  /** The name in {@code (name) total-vm:…}, {@code (name) score …} or {@code (name)} at the end. */
  private static @Nullable String comm(String m, int from) {
    int close = m.indexOf(") total-vm:", from);
    if (close < 0) {
      close = m.indexOf(") score ", from);
    }
    if (close < 0) {
      close = m.indexOf("),", from);
    }
    if (close < 0) {
      int nl = m.indexOf('\n', from);
      int end = nl < 0 ? m.length() : nl;
      close = m.lastIndexOf(')', end - 1);
    }
    return close > from ? m.substring(from, close) : null;
  }

  private void victimProcess(String r, String m, Involved obj, @Nullable String source, EventTime time,
      List<LogRecord> evidence, EventSink sink) {
    Long pid = null;
    String comm = null;
    int v = m.indexOf("victim process: ");
    if (v >= 0) {
      int p = v + "victim process: ".length();
      int pidAt = m.lastIndexOf(", pid: ");
      if (pidAt >= p) {
        comm = m.substring(p, pidAt);
        int d = pidAt + ", pid: ".length();
        pid = Text.digits(m, d, Text.digitsEnd(m, d));
      }
    }
    boolean system = r.equals("SystemOOM");
    String detail = pid == null && comm == null ? m + (obj.isNode() && obj.name() != null ? " (node " + obj.name()
        + ")" : "") : null;
    emit(sink, system ? Involved.NONE : obj, pid, comm, time, evidence,
        system ? Reason.SYSTEM_OOM : Reason.OOM_EVENT, null, reporter(source, "kubelet"), detail);
  }

  private void killing(String m, Involved obj, @Nullable String source, EventTime time, List<LogRecord> evidence,
      EventSink sink) {
    Involved o = obj;
    String detail = null;
    if (m.startsWith("Stopping container ")) {
      o = o.withContainer(m.substring("Stopping container ".length()).trim());
    } else if (m.startsWith("Container ") && m.indexOf(" will be restarted") > 0) {
      int end = m.indexOf(" failed ");
      int changed = m.indexOf(" definition changed");
      if (end < 0 || changed > 0 && changed < end) {
        end = changed;
      }
      if (end > "Container ".length()) {
        o = o.withContainer(m.substring("Container ".length(), end));
      }
      detail = m;
    } else {
      // 1.x: "Killing container with id docker://web:Need to kill Pod", "Killing 0b7743acd1a5…"
      o = withIdIn(o, m);
      int colon = m.indexOf("://");
      int why = colon < 0 ? -1 : m.indexOf(':', colon + 3);
      if (why > 0 && m.indexOf("probe", why) > 0) {
        detail = m.substring(why + 1).trim();
      }
    }
    if (detail == null) {
      String probe = probes.remove(o.key());
      String any = probes.remove(o.withoutContainer().key());
      detail = probe != null ? probe : any;
    }
    emit(sink, o, null, null, time, evidence, Reason.KILLED, null, reporter(source, "kubelet"), detail);
  }

  /** The object with the container id a message names ({@code docker://0b77…}, {@code docker id 0b77…}). */
  static Involved withIdIn(Involved o, String m) {
    for (String prefix : new String[] {"containerd://", "docker://", "cri-o://"}) {
      int at = m.indexOf(prefix);
      if (at >= 0) {
        int p = at + prefix.length();
        int e = p;
        while (e < m.length() && hex(m.charAt(e))) {
          e++;
        }
        if (e - p >= 12) {
          return o.withContainerId(m.substring(at, e));
        }
        if (o.container() == null && e == p) {
          // "docker://web:Need to kill Pod": 1.x put the container's name there
          int end = p;
          while (end < m.length() && m.charAt(end) != ':' && m.charAt(end) != ' ' && m.charAt(end) != ')') {
            end++;
          }
          return end > p ? o.withContainer(m.substring(p, end)) : o;
        }
        return o;
      }
    }
    for (String key : new String[] {"docker id ", "Killing "}) {
      int at = m.indexOf(key);
      if (at >= 0) {
        int p = at + key.length();
        int e = p;
        while (e < m.length() && hex(m.charAt(e))) {
          e++;
        }
        if (e - p >= 12 && (e == m.length() || !Character.isLetterOrDigit(m.charAt(e)))) {
          return o.withContainerId("docker://" + m.substring(p, e));
        }
      }
    }
    return o;
  }

  private static boolean hex(char c) {
    return c >= '0' && c <= '9' || c >= 'a' && c <= 'f';
  }

  /** Who reported it: the event's source, named as whokilled names reporters, or the reason's usual reporter. */
  static String reporter(@Nullable String source, String usual) {
    if (source == null || source.isBlank()) {
      return usual;
    }
    String s = source.trim().toLowerCase(Locale.ROOT);
    int comma = s.indexOf(',');
    if (comma > 0) {
      s = s.substring(0, comma).trim(); // describe's "kubelet, node1"
    }
    if (s.startsWith("{")) {
      s = s.substring(1).trim(); // 1.x's "{kubelet node1}"
      int sp = s.indexOf(' ');
      s = sp > 0 ? s.substring(0, sp) : s.replace("}", "");
    }
    if (s.equals("kernel-monitor") || s.contains("problem-detector") || s.equals("system-log-monitor")) {
      return "node-problem-detector";
    }
    return s.isEmpty() || s.length() > 64 ? usual : s;
  }

  /** The signal a container's exit code names (128 + n), or {@code null}. */
  static @Nullable Signal signalOfExit(@Nullable Long exitCode) {
    if (exitCode == null || exitCode <= 128 || exitCode > 192) {
      return null;
    }
    return Signal.fromNumber(exitCode - 128).orElse(null);
  }

  /** Emits one event about {@code obj}; a process named by pid or name goes into the victim. */
  /**
   * The container an eviction message names as the largest user of the resource ({@code … Container calico-node
   * was using 92Ki, which exceeds its request of 0.}), or {@code null}.
   */
  static @Nullable String evictedContainer(String m) {
    int at = m.indexOf(" Container ");
    if (at < 0) {
      return null;
    }
    int from = at + " Container ".length();
    int end = m.indexOf(" was using ", from);
    if (end <= from || end - from > 253 || m.substring(from, end).indexOf(' ') >= 0) {
      return null;
    }
    return m.substring(from, end);
  }

  static void emit(EventSink sink, Involved obj, @Nullable Long pid, @Nullable String comm, EventTime time,
      List<LogRecord> evidence, Reason reason, @Nullable Long exitCode, String reporter, @Nullable String detail) {
    emit(sink, obj, null, pid, comm, time, evidence, reason, exitCode, null, reporter, detail);
  }

  /** Emits one event about {@code obj} in a pod of QoS class {@code qos}. */
  static void emit(EventSink sink, Involved obj, @Nullable String qos, @Nullable Long pid, @Nullable String comm,
      EventTime time, List<LogRecord> evidence, Reason reason, @Nullable Long exitCode, @Nullable Signal signal,
      String reporter, @Nullable String detail) {
    if (evidence.isEmpty()) {
      return;
    }
    ContainerRef c = obj.ref(qos);
    ProcessRef victim = new ProcessRef(pid, null, comm == null || comm.isEmpty() ? null : comm, null, null, c,
        null);
    Signal s = signal != null ? signal : signalOfExit(exitCode);
    Integer code = Text.toInt(exitCode);
    String d = detail == null || detail.isBlank() ? null : detail.length() > 500 ? detail.substring(0, 500) : detail;
    sink.event(new ContainerKill(victim, time, evidence, reason, code, s, reporter, d));
  }
}
