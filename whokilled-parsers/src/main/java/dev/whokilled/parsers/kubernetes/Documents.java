package dev.whokilled.parsers.kubernetes;

import dev.whokilled.event.ContainerKill.Reason;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.Signal;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.parsers.text.Json;
import dev.whokilled.spi.EventSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads the Kubernetes objects {@code kubectl get -o json} and {@code -o yaml} print, once parsed into maps and
 * lists (by {@link Json} or {@link Yaml}):
 *
 * <ul>
 *   <li>a pod: {@code metadata.name/namespace/uid}, {@code status.qosClass}, {@code status.reason} and
 *       {@code message} ({@code Evicted}), and for each of {@code status.containerStatuses},
 *       {@code initContainerStatuses} and {@code ephemeralContainerStatuses} the {@code state.terminated} and
 *       {@code lastState.terminated} it shows ({@code reason}, {@code exitCode}, {@code signal},
 *       {@code finishedAt}, {@code containerID}); a fragment that starts at {@code status:} or
 *       {@code containerStatuses:} reads the same;
 *   <li>an event, core ({@code involvedObject}, {@code message}, {@code source}, {@code lastTimestamp}) or
 *       {@code events.k8s.io} ({@code regarding}, {@code note}, {@code reportingController},
 *       {@code deprecatedLastTimestamp}), bare or wrapped by an event exporter ({@code {"verb": …, "event": …}});
 *   <li>a list of either ({@code items}).
 * </ul>
 *
 * <p>A container that ended with exit code 0 ({@code Completed}) or whose end the kubelet could not see
 * ({@code ContainerStatusUnknown}) is no event.
 */
final class Documents {

  /** Evidence records per event, at most. */
  static final int MAX_EVIDENCE = 6;

  private static final String[] STATUS_LISTS = {"containerStatuses", "initContainerStatuses",
    "ephemeralContainerStatuses"};

  private final KubeEvents events;

  Documents(KubeEvents events) {
    this.events = events;
  }

  /**
   * Reads one document (or list item).
   *
   * @param root the parsed document
   * @param records the records it was read from that may be evidence (its first, and those with telling words)
   * @param sink where events go
   * @return whether it was a Kubernetes object this reader knows
   */
  boolean read(@Nullable Object root, List<LogRecord> records, EventSink sink) {
    return read(root, records, sink, 0);
  }

  private boolean read(@Nullable Object root, List<LogRecord> records, EventSink sink, int depth) {
    if (!(root instanceof Map<?, ?>) || records.isEmpty() || depth > 4) {
      return false;
    }
    Object o = root;
    if (Json.at(o, "event") instanceof Map<?, ?> wrapped && Json.at(o, "involvedObject") == null) {
      o = wrapped;
    }
    List<Object> items = Json.array(o, "items");
    if (!items.isEmpty()) {
      boolean any = false;
      for (Object item : items) {
        any |= read(item, records, sink, depth + 1);
      }
      return any;
    }
    String kind = Json.string(o, "kind");
    if ("Event".equals(kind) || Json.at(o, "involvedObject") instanceof Map<?, ?>
        || Json.at(o, "regarding") instanceof Map<?, ?>) {
      return event(o, records, sink);
    }
    if (kind != null && !kind.equals("Pod")) {
      return false;
    }
    return pod(o, records, sink);
  }

  private boolean event(Object e, List<LogRecord> records, EventSink sink) {
    String reason = Json.string(e, "reason");
    if (reason == null || !KubeEvents.wanted(reason)) {
      return reason != null;
    }
    String message = Json.string(e, "message");
    if (message == null) {
      message = Json.string(e, "note");
    }
    Object io = Json.at(e, "involvedObject") instanceof Map<?, ?> m ? m : Json.at(e, "regarding");
    String name = Json.string(io, "name");
    String ns = Json.string(io, "namespace");
    Involved obj = new Involved(Json.string(io, "kind"), name, ns, Json.string(io, "uid"),
        container(Json.string(io, "fieldPath")), null, null, null);
    String source = Json.string(e, "source", "component");
    if (source == null) {
      source = Json.string(e, "reportingController");
    }
    if (source == null) {
      source = Json.string(e, "reportingComponent");
    }
    String host = Json.string(e, "source", "host");
    obj = obj.withNode(host != null ? host : Json.string(e, "reportingInstance"));
    EventTime time = KubeTime.rfc3339(Json.string(e, "lastTimestamp"));
    for (String[] path : new String[][] {{"deprecatedLastTimestamp"}, {"series", "lastObservedTime"},
        {"eventTime"}, {"firstTimestamp"}, {"deprecatedFirstTimestamp"}}) {
      if (!time.isKnown()) {
        time = KubeTime.rfc3339(Json.string(e, path));
      }
    }
    List<LogRecord> evidence = pick(records, reason, name, message == null ? null : first(message));
    events.read(reason, message == null ? "" : message, obj, source, time, evidence, sink);
    return true;
  }

  private static String first(String message) {
    int nl = message.indexOf('\n');
    String line = nl < 0 ? message : message.substring(0, nl);
    return line.length() > 40 ? line.substring(0, 40) : line;
  }

  private boolean pod(Object p, List<LogRecord> records, EventSink sink) {
    Object status = Json.at(p, "status") instanceof Map<?, ?> s ? s : p;
    String name = Json.string(p, "metadata", "name");
    String ns = Json.string(p, "metadata", "namespace");
    String uid = Json.string(p, "metadata", "uid");
    String qos = Json.string(status, "qosClass");
    Involved pod = new Involved("Pod", name, ns, uid, null, null, null, Json.string(p, "spec", "nodeName"));
    boolean any = false;
    for (String list : STATUS_LISTS) {
      for (Object cs : Json.array(status, list)) {
        any = true;
        container(pod, qos, cs, records, sink);
      }
    }
    String reason = Json.string(status, "reason");
    if ("Evicted".equals(reason)) {
      any = true;
      String message = Json.string(status, "message");
      List<LogRecord> evidence = pick(records, "Evicted", message == null ? null : first(message));
      KubeEvents.emit(sink, pod, qos, null, null, EventTime.UNKNOWN, evidence, Reason.EVICTED, null, null,
          "kubernetes", message == null ? "Evicted" : message.trim());
    }
    return any;
  }

  private void container(Involved pod, @Nullable String qos, Object cs, List<LogRecord> records, EventSink sink) {
    String name = Json.string(cs, "name");
    String current = Json.string(cs, "containerID");
    boolean waiting = Json.at(cs, "state", "waiting") instanceof Map<?, ?>;
    Involved c = pod.withContainer(name);
    Object now = Json.at(cs, "state", "terminated");
    if (now instanceof Map<?, ?>) {
      terminated(c, qos, now, current, records, sink);
    }
    Object last = Json.at(cs, "lastState", "terminated");
    if (last instanceof Map<?, ?>) {
      // the status's id is the running container's; a waiting one's is still the one that ended
      terminated(c, qos, last, waiting ? current : null, records, sink);
    }
  }

  private void terminated(Involved c, @Nullable String qos, Object t, @Nullable String fallbackId,
      List<LogRecord> records, EventSink sink) {
    String id = Json.string(t, "containerID");
    if (id == null || id.isEmpty()) {
      id = fallbackId;
    }
    Involved o = c;
    if (id != null && !id.isEmpty()) {
      o = o.withContainerId(id);
    }
    String reason = Json.string(t, "reason");
    Long exit = Json.integer(t, "exitCode");
    if (exit == null && Json.string(t, "exitCode") != null) {
      exit = parseLong(Json.string(t, "exitCode"));
    }
    Long sig = Json.integer(t, "signal");
    String finished = Json.string(t, "finishedAt");
    EventTime time = KubeTime.rfc3339(finished);
    String message = Json.string(t, "message");
    List<LogRecord> evidence = pick(records, o.containerId(), finished, reason);
    terminated(sink, o, qos, reason, exit, sig, message, time, evidence, "kubernetes");
  }

  /**
   * Emits what a container's terminated state says: OOMKilled with exit code 137 (or none) is an OOM kill, with
   * another exit code (0, 143) an OOM event in the container that did not end its main process; a non-zero exit
   * code is an exit; exit code 0, {@code Completed} and {@code ContainerStatusUnknown} are nothing.
   *
   * @param sink where the event goes
   * @param o the container
   * @param qos the pod's QoS class, or {@code null}
   * @param reason the state's reason, or {@code null}
   * @param exit its exit code, or {@code null}
   * @param sig its signal, or {@code null}
   * @param message its message, or {@code null}
   * @param time its end
   * @param evidence the records
   * @param reporter who reported it
   */
  static void terminated(EventSink sink, Involved o, @Nullable String qos, @Nullable String reason,
      @Nullable Long exit, @Nullable Long sig, @Nullable String message, EventTime time, List<LogRecord> evidence,
      String reporter) {
    Signal signal = sig != null && sig > 0 ? Signal.fromNumber(sig).orElse(null) : null;
    String r = reason == null ? "" : reason.trim();
    if (r.equals("OOMKilled") || r.equals("OOM Killed")) {
      if (exit == null || exit == 137 || signal == Signal.SIGKILL) {
        KubeEvents.emit(sink, o, qos, null, null, time, evidence, Reason.OOM_KILLED, exit, signal, reporter,
            message == null || message.isBlank() ? null : message.trim());
      } else {
        // the runtime saw an OOM kill in the container's cgroup, but its main process ended otherwise (exit 0,
        // 143 after SIGTERM): another process was the OOM killer's victim
        KubeEvents.emit(sink, o, qos, null, null, time, evidence, Reason.OOM_EVENT, exit, signal, reporter,
            "OOMKilled, but the main process exited with code " + exit);
      }
      return;
    }
    if (exit == null || exit == 0 && signal == null || r.equals("ContainerStatusUnknown") || r.equals(
        "Completed")) {
      return;
    }
    String detail = r.isEmpty() || r.equals("Error") ? null : r;
    if (message != null && !message.isBlank()) {
      detail = detail == null ? message.trim() : detail + ": " + message.trim();
    }
    KubeEvents.emit(sink, o, qos, null, null, time, evidence, Reason.EXITED, exit, signal, reporter, detail);
  }

  private static @Nullable Long parseLong(@Nullable String s) {
    if (s == null) {
      return null;
    }
    String t = s.trim();
    boolean neg = t.startsWith("-");
    Long v = dev.whokilled.parsers.text.Text.digits(t, neg ? 1 : 0, t.length());
    return v == null ? null : neg ? -v : v;
  }

  /** The container an event's field path names: {@code spec.containers{web}}, {@code spec.initContainers{x}}. */
  static @Nullable String container(@Nullable String fieldPath) {
    if (fieldPath == null) {
      return null;
    }
    int open = fieldPath.indexOf('{');
    int close = fieldPath.lastIndexOf('}');
    return open >= 0 && close > open + 1 && fieldPath.startsWith("spec.") ? fieldPath.substring(open + 1, close)
        : null;
  }

  /**
   * The records that show an event: those that hold any of the needles, or else the first.
   *
   * @param records the candidates, in order
   * @param needles words to look for; {@code null} ones are skipped
   * @return at most {@link #MAX_EVIDENCE} records
   */
  static List<LogRecord> pick(List<LogRecord> records, @Nullable String... needles) {
    List<LogRecord> out = new ArrayList<>();
    if (records.isEmpty()) {
      return out;
    }
    for (int i = 0; i < records.size() && out.size() < MAX_EVIDENCE; i++) {
      String t = records.get(i).text();
      for (String n : needles) {
        if (n != null && n.length() >= 2 && t.contains(n)) {
          out.add(records.get(i));
          break;
        }
      }
    }
    if (out.isEmpty()) {
      out.add(records.get(0));
    }
    return out;
  }
}
