package dev.whokilled.parsers.kubernetes;

import dev.whokilled.event.ContainerKill;
import dev.whokilled.event.ContainerKill.Reason;
import dev.whokilled.event.ContainerRef;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.framing.Origin;
import dev.whokilled.spi.EventSink;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads the kubelet's own log lines (journal, syslog, or pasted bare, with or without klog's
 * {@code I0528 16:05:54.802914 2269385 file.go:627]} header):
 *
 * <ul>
 *   <li>the events it records: {@code "Event occurred" object="ns/pod" fieldPath="spec.containers{x}" kind="Pod"
 *       … reason="Evicted" message="…"} (1.2x), and {@code Event(v1.ObjectReference{Kind:"Pod", Namespace:"ns",
 *       Name:"x", …}): type: 'Warning' reason: 'Evicted' …} before; read by {@link KubeEvents};
 *   <li>{@code "Killing container with a grace period" pod="ns/x" podUID="…" containerName="web"
 *       containerID="containerd://…"} and 1.x's {@code Killing container "docker://…" with 30 second grace
 *       period}: the kubelet stopping a container;
 *   <li>{@code "Eviction manager: pod is evicted successfully" pod="ns/x"} and 1.x's {@code eviction manager: pods
 *       x_ns(uid) evicted, waiting for pod to be cleaned up};
 *   <li>cAdvisor's {@code Created an OOM event in container "/kubepods/…" at …}: an OOM event in that
 *       container's cgroup;
 *   <li>the events the Kubernetes e2e framework dumps: {@code At 2024-07-12 15:49:58 +0000 UTC - event for
 *       pod-name: {kubelet node} Evicted: The node was low on resource: memory. …}.
 * </ul>
 *
 * <p>Kernel records are not the kubelet's: they are skipped.
 */
final class KubeletLog {

  private KubeletLog() {}

  /** Whether the message may be one of these lines (fixed substrings, before any reading). */
  static boolean candidate(String m) {
    return m.indexOf("Event occurred") >= 0 || m.indexOf("ObjectReference{") >= 0 || m.indexOf(" - event for ") >= 0
        || m.indexOf("Killing container") >= 0 || m.indexOf("victed") >= 0
        || m.indexOf("Created an OOM event") >= 0;
  }

  /**
   * Reads one line.
   *
   * @param record the record
   * @param m its message (for a bare line, the line)
   * @param events the event reader
   * @param sink where events go
   * @return whether the line was one of the kubelet's
   */
  static boolean read(LogRecord record, String m, KubeEvents events, EventSink sink) {
    if (record.origin() == Origin.KERNEL || record.origin() == Origin.KERNEL_LOG || !candidate(m)) {
      return false;
    }
    String body = afterHeader(m);
    List<LogRecord> evidence = List.of(record);
    int at;
    if ((at = body.indexOf("\"Event occurred\"")) >= 0) {
      Map<String, String> kv = pairs(body, at + "\"Event occurred\"".length());
      String reason = kv.get("reason");
      if (reason == null || !KubeEvents.wanted(reason)) {
        return reason != null;
      }
      Involved obj = object(kv.get("kind"), kv.get("object"), null);
      obj = obj.withContainer(Documents.container(kv.get("fieldPath")));
      String message = kv.containsKey("message") ? kv.get("message") : kv.getOrDefault("note", "");
      // whoever logged it, the event's reason says who reported it (node-problem-detector's OOMKilling)
      events.read(reason, message, obj, null, record.time(), evidence, sink);
      return true;
    }
    if ((at = body.indexOf("ObjectReference{")) >= 0) {
      return objectReference(record, body, at, events, sink);
    }
    if ((at = body.indexOf(" - event for ")) >= 0) {
      return e2eDump(record, body, at, events, sink);
    }
    if ((at = body.indexOf("\"Killing container with a grace period\"")) >= 0) {
      Map<String, String> kv = pairs(body, at + "\"Killing container with a grace period\"".length());
      Involved obj = object("Pod", kv.get("pod"), kv.get("podUID")).withContainer(kv.get("containerName"))
          .withContainerId(kv.get("containerID"));
      KubeEvents.emit(sink, obj, null, null, record.time(), evidence, Reason.KILLED, null, "kubelet", null);
      return true;
    }
    if ((at = body.indexOf("Killing container \"")) >= 0) {
      int from = at + "Killing container \"".length();
      int end = body.indexOf('"', from);
      if (end > from && body.indexOf(" grace period", end) > 0) {
        Involved obj = Involved.NONE.withContainerId(body.substring(from, end));
        if (obj.containerId() != null) {
          obj = new Involved("Pod", null, null, null, null, obj.runtime(), obj.containerId(), null);
          KubeEvents.emit(sink, obj, null, null, record.time(), evidence, Reason.KILLED, null, "kubelet", null);
          return true;
        }
      }
      return false;
    }
    if ((at = body.indexOf("\"Eviction manager: pod is evicted successfully\"")) >= 0) {
      Map<String, String> kv = pairs(body, at + "\"Eviction manager: pod is evicted successfully\"".length());
      Involved obj = object("Pod", kv.get("pod"), kv.get("podUID"));
      if (obj.name() == null) {
        return false;
      }
      KubeEvents.emit(sink, obj, null, null, record.time(), evidence, Reason.EVICTED, null, "kubelet", null);
      return true;
    }
    if ((at = body.indexOf("eviction manager: pods ")) >= 0 && body.indexOf(" evicted, waiting for pod", at) > 0) {
      int from = at + "eviction manager: pods ".length();
      int open = body.indexOf('(', from);
      int close = open < 0 ? -1 : body.indexOf(')', open);
      int under = body.indexOf('_', from);
      if (under < 0 || open < 0 || close < 0 || under > open) {
        return false;
      }
      Involved obj = new Involved("Pod", body.substring(from, under), body.substring(under + 1, open),
          body.substring(open + 1, close), null, null, null, null);
      KubeEvents.emit(sink, obj, null, null, record.time(), evidence, Reason.EVICTED, null, "kubelet", null);
      return true;
    }
    if ((at = body.indexOf("Created an OOM event in container \"")) >= 0) {
      int from = at + "Created an OOM event in container \"".length();
      int end = body.indexOf('"', from);
      if (end <= from) {
        return false;
      }
      String path = body.substring(from, end);
      Optional<ContainerRef> c = ContainerRef.fromCgroupPath(path);
      if (c.isEmpty()) {
        return false; // "/": the machine's, which the kubelet reports as SystemOOM
      }
      ProcessRef victim = new ProcessRef(null, null, null, null, path, c.get(), ProcessRef.unitOf(path));
      sink.event(new ContainerKill(victim, record.time(), evidence, Reason.OOM_EVENT, null, null, "kubelet", null));
      return true;
    }
    return false;
  }

  /** The message after klog's header ({@code I1010 17:41:57.858757    4991 manager.go:1126] }), if it has one. */
  static String afterHeader(String m) {
    String t = m.trim();
    if (t.length() < 6 || "IWEF".indexOf(t.charAt(0)) < 0 || !Character.isDigit(t.charAt(1))) {
      return t;
    }
    int close = t.indexOf("] ");
    if (close < 0 || close > 120 || t.lastIndexOf(".go:", close) < 0) {
      return t;
    }
    return t.substring(close + 2);
  }

  private static Involved object(@Nullable String kind, @Nullable String object, @Nullable String uid) {
    String ns = null;
    String name = object;
    if (object != null) {
      int slash = object.indexOf('/');
      if (slash >= 0) {
        ns = slash > 0 ? object.substring(0, slash) : null;
        name = object.substring(slash + 1);
      }
    }
    return new Involved(kind, name == null || name.isEmpty() ? null : name, ns, uid, null, null, null, null);
  }

  /**
   * klog's {@code key=value} pairs from {@code from}: values bare or Go-quoted ({@code "a \"b\""}).
   *
   * @param s the line
   * @param from where the pairs start
   * @return them, at most 64
   */
  static Map<String, String> pairs(String s, int from) {
    Map<String, String> out = new HashMap<>();
    int i = from;
    int n = s.length();
    while (i < n && out.size() < 64) {
      while (i < n && s.charAt(i) == ' ') {
        i++;
      }
      int k = i;
      while (i < n && s.charAt(i) != '=' && s.charAt(i) != ' ') {
        i++;
      }
      if (i >= n || s.charAt(i) != '=' || i == k) {
        // not a pair: skip the word
        while (i < n && s.charAt(i) != ' ') {
          i++;
        }
        continue;
      }
      String key = s.substring(k, i);
      i++;
      if (i < n && s.charAt(i) == '"') {
        StringBuilder v = new StringBuilder();
        i++;
        while (i < n && s.charAt(i) != '"') {
          char c = s.charAt(i);
          if (c == '\\' && i + 1 < n) {
            char e = s.charAt(++i);
            v.append(switch (e) {
              case 'n' -> '\n';
              case 't' -> '\t';
              default -> e;
            });
          } else {
            v.append(c);
          }
          i++;
        }
        i++;
        out.put(key, v.toString());
      } else {
        int v = i;
        while (i < n && s.charAt(i) != ' ') {
          i++;
        }
        out.put(key, s.substring(v, i));
      }
    }
    return out;
  }

  /** {@code Event(v1.ObjectReference{Kind:"Pod", …}): type: 'Warning' reason: 'Evicted' message}. */
  private static boolean objectReference(LogRecord record, String body, int at, KubeEvents events,
      EventSink sink) {
    int i = at + "ObjectReference{".length();
    Map<String, String> fields = new HashMap<>();
    int n = body.length();
    while (i < n && body.charAt(i) != '}' && fields.size() < 16) {
      while (i < n && (body.charAt(i) == ' ' || body.charAt(i) == ',')) {
        i++;
      }
      int k = i;
      while (i < n && body.charAt(i) != ':' && body.charAt(i) != '}') {
        i++;
      }
      if (i >= n || body.charAt(i) != ':') {
        break;
      }
      String key = body.substring(k, i);
      i++;
      if (i < n && body.charAt(i) == '"') {
        int close = Yaml.closeDouble(body, i + 1);
        if (close < 0) {
          return false;
        }
        fields.put(key, Yaml.unescapeDouble(body.substring(i + 1, close)));
        i = close + 1;
      } else {
        int v = i;
        while (i < n && body.charAt(i) != ',' && body.charAt(i) != '}') {
          i++;
        }
        fields.put(key, body.substring(v, i));
      }
    }
    int r = body.indexOf("reason: '", i);
    if (r < 0) {
      return false;
    }
    int end = body.indexOf('\'', r + "reason: '".length());
    if (end < 0) {
      return false;
    }
    String reason = body.substring(r + "reason: '".length(), end);
    if (!KubeEvents.wanted(reason)) {
      return true;
    }
    String message = body.substring(end + 1).trim();
    Involved obj = new Involved(fields.get("Kind"), empty(fields.get("Name")), empty(fields.get("Namespace")),
        empty(fields.get("UID")), Documents.container(fields.get("FieldPath")), null, null, null);
    events.read(reason, message, obj, null, record.time(), List.of(record), sink);
    return true;
  }

  /** {@code At 2024-07-12 15:49:58 +0000 UTC - event for x: {kubelet node} Reason: message}. */
  private static boolean e2eDump(LogRecord record, String body, int at, KubeEvents events, EventSink sink) {
    int from = at + " - event for ".length();
    int brace = body.indexOf(": {", from);
    int close = brace < 0 ? -1 : body.indexOf("} ", brace);
    if (brace < 0 || close < 0) {
      return false;
    }
    int colon = body.indexOf(": ", close + 2);
    if (colon < 0) {
      return false;
    }
    String reason = body.substring(close + 2, colon);
    if (!KubeEvents.wanted(reason)) {
      return true;
    }
    String source = body.substring(brace + 2, close + 1);
    String name = body.substring(from, brace);
    int when = body.lastIndexOf("At ", at);
    EventTime time = when < 0 ? EventTime.UNKNOWN : KubeTime.rfc3339(body.substring(when + 3, at));
    if (!time.isKnown()) {
      time = record.time();
    }
    int sp = source.indexOf(' ');
    Involved obj = new Involved(null, name, null, null, null, null, null,
        sp > 0 ? source.substring(sp + 1, source.length() - 1).trim() : null);
    events.read(reason, body.substring(colon + 2), obj, source, time, List.of(record), sink);
    return true;
  }

  private static @Nullable String empty(@Nullable String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
