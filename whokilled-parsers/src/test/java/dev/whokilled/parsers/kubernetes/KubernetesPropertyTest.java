package dev.whokilled.parsers.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.whokilled.event.ContainerKill;
import dev.whokilled.event.ContainerKill.Reason;
import dev.whokilled.event.ContainerRef;
import dev.whokilled.event.ContainerRuntime;
import dev.whokilled.event.KillEvent;
import dev.whokilled.event.Signal;
import dev.whokilled.parsers.testing.Collect;
import dev.whokilled.parsers.testing.JsonText;
import dev.whokilled.parsers.testing.Hostile;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Property tests of the Kubernetes grammars: pods ({@code kubectl describe}, {@code -o json}, {@code -o yaml},
 * single and as lists) and events (tables of every layout, JSON and YAML documents, kubelet lines) generated from
 * structure with hostile names, read back to the same containers, reasons, codes and times; arbitrary input mixed
 * with the grammars' fragments never throws.
 */
final class KubernetesPropertyTest {

  /** Process names as the kernel and the kubelet print them: spaces, parentheses, commas, colons, quotes, UTF-8. */
  static final String[] COMMS = {"java", "my (app) x", "a, pid: 7", "x:y", "tokio-runtime-w", "sh -c", "(sd-pam)",
    "\u6d4b\u8bd5", "a)b", "q\"uote'", "#hash", "- dash", "node", "back\\slash", "tab\there"};

  /** Names of pods, containers and namespaces: DNS labels and subdomains, long, numeric, dotted. */
  static final String[] NAMES = {"web", "web-7d9b4c6f8-xk2p9", "a", "0", "123", "x.y.z", "true", "null",
    "kube-system", "istio-proxy", "a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s-t-u-v-w-x-y-z-0-1-2-3-4-5-6", "e2e-tests"};

  static final String[] QOS = {"Guaranteed", "Burstable", "BestEffort"};

  enum Doc { DESCRIBE, JSON, YAML, JSON_LIST, YAML_LIST }

  /** A container's end as generated. */
  record End(boolean last, String reason, long exit, @Nullable Long signal, Instant finished) {}

  /** A generated container. */
  record Ctr(String name, ContainerRuntime runtime, String id, String state, List<End> ends) {}

  /** A generated pod. */
  record Pod(String name, String namespace, String uid, String qos, boolean evicted, String message,
      List<Ctr> containers) {}

  /** What one event should say. */
  record Want(Reason reason, @Nullable Integer exit, @Nullable Signal signal, @Nullable String container,
      @Nullable String id, @Nullable Instant time, String pod) {}

  // ------------------------------------------------------------------------------------------------- pods

  @FuzzTest(maxDuration = "40s")
  void generatedPods_parseBack(FuzzedDataProvider data) {
    Doc doc = data.pickValue(Doc.values());
    int pods = doc == Doc.JSON_LIST || doc == Doc.YAML_LIST || doc == Doc.DESCRIBE ? data.consumeInt(1, 3) : 1;
    List<Pod> generated = new ArrayList<>();
    for (int p = 0; p < pods; p++) {
      generated.add(pod(data, p));
    }
    List<String> lines = switch (doc) {
      case DESCRIBE -> describe(generated, data);
      case JSON, JSON_LIST -> json(generated, doc == Doc.JSON_LIST);
      case YAML, YAML_LIST -> yaml(generated, doc == Doc.YAML_LIST, data.consumeInt(0, 4));
    };
    List<Want> want = new ArrayList<>();
    for (Pod p : generated) {
      want.addAll(expected(p, doc == Doc.DESCRIBE));
    }
    Collect c = Collect.framed(new KubernetesParser(20_000), lines);
    List<ContainerKill> got = c.all(ContainerKill.class);
    String where = doc + "\n" + String.join("\n", lines) + "\n" + got;
    assertEquals(want.size(), got.size(), where);
    for (int i = 0; i < want.size(); i++) {
      Want w = want.get(i);
      ContainerKill k = got.get(i);
      ContainerRef ref = k.victim().container();
      assertNotNull(ref, where);
      assertEquals(w.reason(), k.reason(), where);
      assertEquals(w.exit(), k.exitCode(), where);
      assertEquals(w.signal(), k.signal(), where);
      assertEquals(w.container(), ref.name(), where);
      assertEquals(w.pod(), ref.pod(), where);
      assertEquals(w.time(), k.time().wall(), where);
      assertEquals("kubernetes", k.reporter(), where);
      if (doc != Doc.DESCRIBE) {
        assertEquals(w.id(), ref.id(), where);
      }
      assertTrue(!k.evidence().isEmpty(), where);
    }
    if (doc == Doc.DESCRIBE || doc == Doc.JSON || doc == Doc.YAML) {
      for (ContainerKill k : got) {
        Pod p = generated.stream().filter(x -> x.name().equals(k.victim().container().pod())).findFirst()
            .orElseThrow();
        assertEquals(p.namespace(), k.victim().container().namespace(), where);
        assertEquals(p.qos().toLowerCase(Locale.ROOT), k.victim().container().qosClass(), where);
      }
    }
  }

  static Pod pod(FuzzedDataProvider data, int index) {
    String name = data.pickValue(NAMES) + "-" + index;
    String ns = data.pickValue(NAMES);
    String uid = uuid(data);
    String qos = data.pickValue(QOS);
    boolean evicted = data.consumeInt(0, 4) == 0;
    int n = data.consumeInt(1, 3);
    List<Ctr> cs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ContainerRuntime rt = data.pickValue(new ContainerRuntime[] {ContainerRuntime.CONTAINERD,
        ContainerRuntime.DOCKER, ContainerRuntime.CRI_O});
      String state = data.pickValue(new String[] {"Running", "Waiting", "Terminated"});
      List<End> ends = new ArrayList<>();
      if (state.equals("Terminated")) {
        ends.add(end(data, false));
      }
      if (data.consumeBoolean()) {
        ends.add(end(data, true));
      }
      cs.add(new Ctr(data.pickValue(NAMES) + i, rt, hex(data, 64), state, ends));
    }
    return new Pod(name, ns, uid, qos, evicted, "The node was low on resource: "
        + data.pickValue(new String[] {"memory", "ephemeral-storage"}) + ". Container x was using 92Ki.", cs);
  }

  static End end(FuzzedDataProvider data, boolean last) {
    String reason = data.pickValue(new String[] {"OOMKilled", "Error", "Completed", "ContainerStatusUnknown",
      "StartError"});
    long exit = switch (reason) {
      case "Completed" -> 0;
      case "OOMKilled" -> data.pickValue(new Long[] {137L, 137L, 0L, 143L});
      default -> data.pickValue(new Long[] {1L, 2L, 137L, 143L, 139L, 255L, 128L + 40});
    };
    Long signal = data.consumeInt(0, 5) == 0 && exit > 128 && exit <= 159 ? exit - 128 : null;
    Instant t = Instant.ofEpochSecond(data.consumeLong(1_000_000_000L, 2_000_000_000L));
    return new End(last, reason, exit, signal, t);
  }

  static List<Want> expected(Pod p, boolean describe) {
    List<Want> out = new ArrayList<>();
    for (Ctr c : p.containers()) {
      boolean running = c.state().equals("Running");
      for (End e : c.ends()) {
        Reason r;
        if (e.reason().equals("OOMKilled")) {
          r = e.exit() == 137 || e.signal() != null && e.signal() == 9 ? Reason.OOM_KILLED : Reason.OOM_EVENT;
        } else if (e.exit() == 0 || e.reason().equals("ContainerStatusUnknown") || e.reason().equals("Completed")) {
          continue;
        } else {
          r = Reason.EXITED;
        }
        Signal s = e.signal() != null ? Signal.fromNumber(e.signal()).orElse(null)
            : e.exit() > 128 && e.exit() <= 192 ? Signal.fromNumber(e.exit() - 128).orElse(null) : null;
        String id = describe && e.last() && running ? null : c.id();
        out.add(new Want(r, (int) e.exit(), s, c.name(), id, e.finished(), p.name()));
      }
    }
    if (p.evicted()) {
      out.add(new Want(Reason.EVICTED, null, null, null, null, null, p.name()));
    }
    return out;
  }

  static String prefix(ContainerRuntime rt) {
    return switch (rt) {
      case CONTAINERD -> "containerd://";
      case DOCKER -> "docker://";
      default -> "cri-o://";
    };
  }

  static final DateTimeFormatter RFC1123 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT);

  static List<String> describe(List<Pod> pods, FuzzedDataProvider data) {
    List<String> l = new ArrayList<>();
    for (Pod p : pods) {
      ZoneOffset zone = ZoneOffset.ofHours(data.consumeInt(-12, 14));
      l.add("Name:             " + p.name());
      l.add("Namespace:        " + p.namespace());
      l.add("Priority:         0");
      l.add("Node:             node-1/10.0.0.1");
      l.add("Start Time:       Mon, 01 Jan 2024 10:00:00 +0000");
      l.add("Labels:           app=web");
      l.add("                  pod-template-hash=7d9b4c6f8");
      l.add("Annotations:      <none>");
      l.add("Status:           " + (p.evicted() ? "Failed" : "Running"));
      if (p.evicted()) {
        l.add("Reason:           Evicted");
        l.add("Message:          " + p.message());
      }
      l.add("IP:               10.1.2.3");
      l.add("Containers:");
      for (Ctr c : p.containers()) {
        l.add("  " + c.name() + ":");
        l.add("    Container ID:  " + prefix(c.runtime()) + c.id());
        l.add("    Image:         nginx:1.25");
        l.add("    Port:          <none>");
        state(l, "State:         ", c.state(), c.ends().stream().filter(e -> !e.last()).findFirst().orElse(null),
            zone);
        End last = c.ends().stream().filter(End::last).findFirst().orElse(null);
        if (last != null) {
          state(l, "Last State:    ", "Terminated", last, zone);
        }
        l.add("    Ready:          False");
        l.add("    Restart Count:  3");
        l.add("    Limits:");
        l.add("      memory:  128Mi");
        l.add("    Environment:");
        l.add("      Reason:  not-a-state");
      }
      l.add("Conditions:");
      l.add("  Type              Status");
      l.add("  Ready             False");
      l.add("QoS Class:                   " + p.qos());
      l.add("Events:                      <none>");
      l.add("");
    }
    return l;
  }

  static void state(List<String> l, String key, String kind, @Nullable End e, ZoneOffset zone) {
    if (kind.equals("Waiting")) {
      l.add("    " + key + "Waiting");
      l.add("      Reason:       CrashLoopBackOff");
      return;
    }
    if (kind.equals("Running") || e == null) {
      l.add("    " + key + "Running");
      l.add("      Started:      Mon, 01 Jan 2024 10:00:00 +0000");
      return;
    }
    l.add("    " + key + "Terminated");
    l.add("      Reason:       " + e.reason());
    l.add("      Exit Code:    " + e.exit());
    if (e.signal() != null) {
      l.add("      Signal:       " + e.signal());
    }
    l.add("      Started:      Mon, 01 Jan 2024 10:00:00 +0000");
    l.add("      Finished:     " + RFC1123.format(e.finished().atOffset(zone)));
  }

  // --------------------------------------------------------------------------------------- json and yaml


  static List<String> json(List<Pod> pods, boolean list) {
    List<String> l = new ArrayList<>();
    String in = list ? "        " : "";
    if (list) {
      l.add("{");
      l.add("    \"apiVersion\": \"v1\",");
      l.add("    \"items\": [");
    }
    for (int p = 0; p < pods.size(); p++) {
      Pod pod = pods.get(p);
      l.add(in + "{");
      l.add(in + "    \"apiVersion\": \"v1\",");
      l.add(in + "    \"kind\": \"Pod\",");
      l.add(in + "    \"metadata\": {");
      l.add(in + "        \"name\": " + JsonText.quote(pod.name(), true) + ",");
      l.add(in + "        \"namespace\": " + JsonText.quote(pod.namespace(), true) + ",");
      l.add(in + "        \"uid\": " + JsonText.quote(pod.uid(), true));
      l.add(in + "    },");
      l.add(in + "    \"spec\": {\"containers\": [{\"name\": \"x\", \"env\": [{\"name\": \"reason\", \"value\": "
          + "\"OOMKilled\"}]}]},");
      l.add(in + "    \"status\": {");
      List<String> statuses = new ArrayList<>();
      for (Ctr c : pod.containers()) {
        StringBuilder s = new StringBuilder();
        s.append(in).append("            {\n");
        s.append(in).append("                \"containerID\": ").append(JsonText.quote(prefix(c.runtime()) + c.id(), true))
            .append(",\n");
        End now = c.ends().stream().filter(e -> !e.last()).findFirst().orElse(null);
        End last = c.ends().stream().filter(End::last).findFirst().orElse(null);
        s.append(in).append("                \"lastState\": {");
        if (last != null) {
          s.append("\n").append(in).append("                    \"terminated\": ").append(term(last, c))
              .append("\n").append(in).append("                ");
        }
        s.append("},\n");
        s.append(in).append("                \"name\": ").append(JsonText.quote(c.name(), true)).append(",\n");
        s.append(in).append("                \"restartCount\": 3,\n");
        s.append(in).append("                \"state\": {");
        if (now != null) {
          s.append("\"terminated\": ").append(term(now, c));
        } else if (c.state().equals("Waiting")) {
          s.append("\"waiting\": {\"reason\": \"CrashLoopBackOff\"}");
        } else {
          s.append("\"running\": {\"startedAt\": \"2024-01-01T10:00:00Z\"}");
        }
        s.append("}\n").append(in).append("            }");
        statuses.add(s.toString());
      }
      l.add(in + "        \"containerStatuses\": [");
      for (String s : String.join(",\n", statuses).split("\n", -1)) {
        l.add(s);
      }
      l.add(in + "        ],");
      if (pod.evicted()) {
        l.add(in + "        \"message\": " + JsonText.quote(pod.message(), true) + ",");
        l.add(in + "        \"reason\": \"Evicted\",");
      }
      l.add(in + "        \"qosClass\": " + JsonText.quote(pod.qos(), true));
      l.add(in + "    }");
      l.add(in + "}" + (list && p + 1 < pods.size() ? "," : ""));
    }
    if (list) {
      l.add("    ],");
      l.add("    \"kind\": \"List\",");
      l.add("    \"metadata\": {\"resourceVersion\": \"\"}");
      l.add("}");
    }
    return l;
  }

  static String term(End e, Ctr c) {
    String id = e.last() ? "\"containerID\": " + JsonText.quote(prefix(c.runtime()) + c.id(), true) + ", " : "";
    return "{" + id + "\"exitCode\": " + e.exit() + ", \"finishedAt\": " + JsonText.quote(e.finished().toString(), true)
        + ", \"reason\": " + JsonText.quote(e.reason(), true) + (e.signal() != null ? ", \"signal\": " + e.signal() : "")
        + ", \"startedAt\": \"2024-01-01T10:00:00Z\"}";
  }

  /** A YAML scalar: plain when it can be, else quoted the way {@code style} picks. */
  static String yq(String s, int style) {
    boolean plain = !s.isEmpty() && s.chars().allMatch(ch -> Character.isLetterOrDigit(ch) || "-._/ ".indexOf(ch)
        >= 0) && !s.startsWith(" ") && !s.endsWith(" ") && !s.matches("-?[0-9]+|true|false|null|~|True|False|Null")
        && !s.startsWith("-");
    if (plain && style % 3 != 2) {
      return s;
    }
    if (style % 2 == 0 && s.chars().noneMatch(ch -> ch < 0x20)) {
      return "'" + s.replace("'", "''") + "'";
    }
    return JsonText.quote(s, true);
  }

  static List<String> yaml(List<Pod> pods, boolean list, int style) {
    List<String> l = new ArrayList<>();
    String in = list ? "  " : "";
    if (list) {
      l.add("apiVersion: v1");
      l.add("items:");
    }
    for (Pod pod : pods) {
      l.add((list ? "- " : "") + "apiVersion: v1");
      l.add(in + "kind: Pod");
      l.add(in + "metadata:");
      l.add(in + "  annotations:");
      l.add(in + "    note: |");
      l.add(in + "      reason: OOMKilled");
      l.add(in + "      - exitCode: 137");
      l.add(in + "  name: " + yq(pod.name(), style));
      l.add(in + "  namespace: " + yq(pod.namespace(), style));
      l.add(in + "  uid: " + pod.uid());
      l.add(in + "spec:");
      l.add(in + "  containers:");
      l.add(in + "  - name: x # a comment");
      l.add(in + "    env: []");
      l.add(in + "status:");
      l.add(in + "  containerStatuses:");
      for (Ctr c : pod.containers()) {
        l.add(in + "  - containerID: " + prefix(c.runtime()) + c.id());
        End now = c.ends().stream().filter(e -> !e.last()).findFirst().orElse(null);
        End last = c.ends().stream().filter(End::last).findFirst().orElse(null);
        if (last == null) {
          l.add(in + "    lastState: {}");
        } else {
          l.add(in + "    lastState:");
          l.add(in + "      terminated:");
          terminated(l, in + "        ", last, c, style);
        }
        l.add(in + "    name: " + yq(c.name(), style));
        l.add(in + "    restartCount: 3");
        l.add(in + "    state:");
        if (now != null) {
          l.add(in + "      terminated:");
          terminated(l, in + "        ", now, c, style);
        } else if (c.state().equals("Waiting")) {
          l.add(in + "      waiting:");
          l.add(in + "        reason: CrashLoopBackOff");
        } else {
          l.add(in + "      running:");
          l.add(in + "        startedAt: \"2024-01-01T10:00:00Z\"");
        }
      }
      if (pod.evicted()) {
        String m = pod.message();
        if (style == 3) {
          // go-yaml folds a long single-quoted string over two lines
          int cut = m.indexOf(". Container");
          l.add(in + "  message: '" + m.substring(0, cut + 1));
          l.add(in + "    " + m.substring(cut + 2) + "'");
        } else {
          l.add(in + "  message: " + yq(m, style));
        }
        l.add(in + "  phase: Failed");
        l.add(in + "  reason: Evicted");
      }
      l.add(in + "  qosClass: " + pod.qos());
    }
    if (list) {
      l.add("kind: List");
      l.add("metadata:");
      l.add("  resourceVersion: \"\"");
    }
    return l;
  }

  static void terminated(List<String> l, String in, End e, Ctr c, int style) {
    if (e.last()) {
      l.add(in + "containerID: " + prefix(c.runtime()) + c.id());
    }
    l.add(in + "exitCode: " + e.exit());
    l.add(in + "finishedAt: " + (style % 2 == 0 ? "\"" + e.finished() + "\"" : e.finished().toString()));
    l.add(in + "reason: " + e.reason());
    if (e.signal() != null) {
      l.add(in + "signal: " + e.signal());
    }
    l.add(in + "startedAt: \"2024-01-01T10:00:00Z\"");
  }

  // ------------------------------------------------------------------------------------------------ events

  enum Layout { DESCRIBE, GET, GET_ALL, GET_WIDE, LONE, JSON, YAML, KUBELET, KUBELET_OLD }

  enum Kind { OOM_KILLING, SYSTEM_OOM, EVICTED, KILLING, LIVENESS }

  /** A generated event. */
  record Ev(Kind kind, String pod, String ns, String container, String comm, long pid, Instant at, String resource) {}

  @FuzzTest(maxDuration = "40s")
  void generatedEvents_parseBack(FuzzedDataProvider data) {
    Layout layout = data.pickValue(Layout.values());
    int n = data.consumeInt(1, 4);
    List<Ev> evs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String comm = data.pickValue(COMMS);
      evs.add(new Ev(data.pickValue(Kind.values()), data.pickValue(NAMES) + "-" + i, data.pickValue(NAMES),
          data.pickValue(NAMES), comm, data.consumeLong(1, 4_194_304), Instant.ofEpochSecond(
              data.consumeLong(1_000_000_000L, 2_000_000_000L)),
          data.pickValue(new String[] {"memory", "ephemeral-storage", "pids"})));
    }
    List<String> lines = events(layout, evs);
    Collect c = Collect.framed(new KubernetesParser(20_000), lines);
    List<ContainerKill> got = c.all(ContainerKill.class);
    String where = layout + "\n" + String.join("\n", lines) + "\n" + got;
    assertEquals(evs.size(), got.size(), where);
    boolean timed = layout == Layout.JSON || layout == Layout.YAML;
    for (int i = 0; i < evs.size(); i++) {
      Ev e = evs.get(i);
      ContainerKill k = got.get(i);
      switch (e.kind()) {
        case OOM_KILLING -> {
          assertEquals(Reason.OOM_KILLED, k.reason(), where);
          assertEquals(e.pid(), k.victim().pid(), where);
          assertEquals(e.comm(), k.victim().comm(), where);
          assertEquals("node-problem-detector", k.reporter(), where);
        }
        case SYSTEM_OOM -> {
          assertEquals(Reason.SYSTEM_OOM, k.reason(), where);
          assertEquals(e.pid(), k.victim().pid(), where);
          assertEquals(e.comm(), k.victim().comm(), where);
          assertEquals("kubelet", k.reporter(), where);
        }
        case EVICTED -> {
          assertEquals(Reason.EVICTED, k.reason(), where);
          assertNotNull(k.victim().container(), where);
          assertTrue(k.detail() != null && k.detail().contains("low on resource: " + e.resource() + "."), where);
          assertEquals(layout == Layout.DESCRIBE ? evs.get(0).pod() : e.pod(), k.victim().container().pod(), where);
        }
        case KILLING, LIVENESS -> {
          assertEquals(Reason.KILLED, k.reason(), where);
          assertNotNull(k.victim().container(), where);
          assertEquals(e.container(), k.victim().container().name(), where);
          if (e.kind() == Kind.LIVENESS) {
            assertTrue(k.detail() != null && k.detail().contains("liveness probe"), where);
          }
        }
        default -> throw new AssertionError(e.kind());
      }
      if (timed) {
        assertEquals(e.at(), k.time().wall(), where);
      }
    }
  }

  static String message(Ev e) {
    return switch (e.kind()) {
      case OOM_KILLING -> "Memory cgroup out of memory: Killed process " + e.pid() + " (" + e.comm()
          + ") total-vm:753508kB, anon-rss:58776kB, file-rss:29400kB, shmem-rss:0kB, UID:0 pgtables:288kB "
          + "oom_score_adj:999";
      case SYSTEM_OOM -> "System OOM encountered, victim process: " + e.comm() + ", pid: " + e.pid();
      case EVICTED -> "The node was low on resource: " + e.resource() + ". Container " + e.container()
          + " was using 92Ki, which exceeds its request of 0.";
      case KILLING -> "Stopping container " + e.container();
      case LIVENESS -> "Container " + e.container() + " failed liveness probe, will be restarted";
    };
  }

  static String reason(Ev e) {
    return switch (e.kind()) {
      case OOM_KILLING -> "OOMKilling";
      case SYSTEM_OOM -> "SystemOOM";
      case EVICTED -> "Evicted";
      case KILLING, LIVENESS -> "Killing";
    };
  }

  static String source(Ev e) {
    return e.kind() == Kind.OOM_KILLING ? "kernel-monitor" : "kubelet";
  }

  static String object(Ev e) {
    return e.kind() == Kind.OOM_KILLING || e.kind() == Kind.SYSTEM_OOM ? "node/node-1" : "pod/" + e.pod();
  }

  static List<String> events(Layout layout, List<Ev> evs) {
    List<String> l = new ArrayList<>();
    switch (layout) {
      case DESCRIBE -> {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Type", "Reason", "Age", "From", "Message"});
        rows.add(new String[] {"----", "------", "----", "----", "-------"});
        for (Ev e : evs) {
          rows.add(new String[] {"Warning", reason(e), "5m (x2 over 10m)", source(e) + ", node-1", message(e)});
        }
        l.add("Name:         " + evs.get(0).pod());
        l.add("Namespace:    " + evs.get(0).ns());
        l.add("Status:       Running");
        l.add("Events:");
        l.addAll(table(rows, "  ", 2));
      }
      case GET, GET_ALL, GET_WIDE -> {
        List<String[]> rows = new ArrayList<>();
        if (layout == Layout.GET_WIDE) {
          rows.add(new String[] {"LAST SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE", "MESSAGE",
            "FIRST SEEN", "COUNT", "NAME"});
        } else if (layout == Layout.GET_ALL) {
          rows.add(new String[] {"NAMESPACE", "LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"});
        } else {
          rows.add(new String[] {"LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"});
        }
        for (Ev e : evs) {
          if (layout == Layout.GET_WIDE) {
            rows.add(new String[] {"4m11s", "Warning", reason(e), object(e), "spec.containers{" + e.container()
                + "}", source(e) + ", node-1", message(e), "10m", "1", e.pod() + ".17683ea4fced9353"});
          } else if (layout == Layout.GET_ALL) {
            rows.add(new String[] {e.ns(), "4m11s", "Warning", reason(e), object(e), message(e)});
          } else {
            rows.add(new String[] {"4m11s", "Warning", reason(e), object(e), message(e)});
          }
        }
        l.addAll(table(rows, "", 3));
      }
      case LONE -> {
        for (Ev e : evs) {
          l.add("4m11s       Warning   " + reason(e) + "               " + object(e) + "    " + message(e));
        }
      }
      case JSON -> {
        l.add("{");
        l.add("    \"apiVersion\": \"v1\",");
        l.add("    \"items\": [");
        for (int i = 0; i < evs.size(); i++) {
          Ev e = evs.get(i);
          boolean node = object(e).startsWith("node/");
          l.add("        {");
          l.add("            \"apiVersion\": \"v1\",");
          l.add("            \"involvedObject\": {");
          l.add("                \"fieldPath\": " + JsonText.quote("spec.containers{" + e.container() + "}", true) + ",");
          l.add("                \"kind\": " + (node ? "\"Node\"" : "\"Pod\"") + ",");
          l.add("                \"name\": " + JsonText.quote(node ? "node-1" : e.pod(), true) + ",");
          l.add("                \"namespace\": " + JsonText.quote(e.ns(), true));
          l.add("            },");
          l.add("            \"kind\": \"Event\",");
          l.add("            \"lastTimestamp\": " + JsonText.quote(e.at().toString(), true) + ",");
          l.add("            \"message\": " + JsonText.quote(message(e), true) + ",");
          l.add("            \"reason\": " + JsonText.quote(reason(e), true) + ",");
          l.add("            \"source\": {\"component\": " + JsonText.quote(source(e), true) + ", \"host\": \"node-1\"},");
          l.add("            \"type\": \"Warning\"");
          l.add("        }" + (i + 1 < evs.size() ? "," : ""));
        }
        l.add("    ],");
        l.add("    \"kind\": \"List\"");
        l.add("}");
      }
      case YAML -> {
        l.add("apiVersion: v1");
        l.add("items:");
        for (Ev e : evs) {
          boolean node = object(e).startsWith("node/");
          l.add("- apiVersion: v1");
          l.add("  count: 1");
          l.add("  eventTime: null");
          l.add("  firstTimestamp: \"2001-01-01T00:00:00Z\"");
          l.add("  involvedObject:");
          l.add("    fieldPath: spec.containers{" + e.container() + "}");
          l.add("    kind: " + (node ? "Node" : "Pod"));
          l.add("    name: " + yq(node ? "node-1" : e.pod(), 0));
          l.add("    namespace: " + yq(e.ns(), 1));
          l.add("  kind: Event");
          l.add("  lastTimestamp: \"" + e.at() + "\"");
          l.add("  message: " + yq(message(e), e.comm().length()));
          l.add("  reason: " + reason(e));
          l.add("  source:");
          l.add("    component: " + source(e));
          l.add("  type: Warning");
        }
        l.add("kind: List");
        l.add("metadata:");
        l.add("  resourceVersion: \"\"");
      }
      case KUBELET -> {
        for (Ev e : evs) {
          boolean node = object(e).startsWith("node/");
          String obj = node ? "node-1" : e.ns() + "/" + e.pod();
          l.add("May 28 16:05:54 node-1 kubelet[2269385]: I0528 16:05:54.802914 2269385 event.go:389] "
              + "\"Event occurred\" object=\"" + go(obj) + "\" fieldPath=\"spec.containers{" + go(e.container())
              + "}\" kind=\"" + (node ? "Node" : "Pod") + "\" apiVersion=\"v1\" type=\"Warning\" reason=\""
              + reason(e) + "\" message=\"" + go(message(e)) + "\"");
        }
      }
      case KUBELET_OLD -> {
        for (Ev e : evs) {
          boolean node = object(e).startsWith("node/");
          l.add("Oct 10 17:41:58 node-1 kubelet[4991]: I1010 17:41:57.858757    4991 server.go:608] "
              + "Event(v1.ObjectReference{Kind:\"" + (node ? "Node" : "Pod") + "\", Namespace:\""
              + go(node ? "" : e.ns()) + "\", Name:\"" + go(node ? "node-1" : e.pod()) + "\", UID:\"\", "
              + "APIVersion:\"v1\", ResourceVersion:\"\", FieldPath:\"spec.containers{" + go(e.container())
              + "}\"}): type: 'Warning' reason: '" + reason(e) + "' " + message(e));
        }
      }
      default -> throw new AssertionError(layout);
    }
    return l;
  }

  static String go(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\t", "\\t").replace("\n", "\\n");
  }

  /** Rows aligned as tabwriter aligns them: each column as wide as its widest cell, then padding. */
  static List<String> table(List<String[]> rows, String indent, int padding) {
    int cols = rows.get(0).length;
    int[] width = new int[cols];
    for (String[] r : rows) {
      for (int i = 0; i < cols; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    List<String> out = new ArrayList<>();
    for (String[] r : rows) {
      StringBuilder b = new StringBuilder(indent);
      for (int i = 0; i < cols; i++) {
        b.append(r[i]);
        if (i + 1 < cols) {
          b.append(" ".repeat(width[i] - r[i].length() + padding));
        }
      }
      out.add(b.toString().stripTrailing());
    }
    return out;
  }

  static String uuid(FuzzedDataProvider data) {
    String h = hex(data, 32);
    return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20) + "-"
        + h.substring(20);
  }

  static String hex(FuzzedDataProvider data, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append("0123456789abcdef".charAt(data.consumeInt(0, 15)));
    }
    return b.toString();
  }

  // --------------------------------------------------------------------------------------------- anything

  @FuzzTest(maxDuration = "40s")
  void anyInput_neverThrows(FuzzedDataProvider data) {
    String[] fragments = {"Name:         ", "Namespace:    ", "Containers:", "  web:", "    Container ID:  ",
      "containerd://", "docker://", "    State:          ", "    Last State:     ", "Terminated", "      Reason:  ",
      "OOMKilled", "      Exit Code:    ", "137", "      Finished:     ", "Mon, 13 Dec 2021 18:02:42 -0800",
      "QoS Class:   ", "Events:", "  Type     Reason   Age   From   Message", "  Warning  ", "OOMKilling",
      "SystemOOM", "Evicted", "Killing", "Unhealthy", "System OOM encountered, victim process: ", ", pid: ",
      "Killed process ", " (", ") total-vm:", "Stopping container ", "Liveness probe failed",
      "LAST SEEN   TYPE   REASON   OBJECT   MESSAGE", "pod/", "{", "}", "[", "]", "\"containerStatuses\": [",
      "\"lastState\": {\"terminated\": {", "\"exitCode\": ", "\"reason\": ", "apiVersion: v1", "items:", "- ",
      "  ", "status:", "containerStatuses:", "lastState:", "terminated:", "exitCode: ", "reason: ", "'", "\"",
      "|", ">-", "#", "---", "message: '", "\"Event occurred\" ", "object=\"", "reason=\"", "message=\"",
      "Event(v1.ObjectReference{Kind:\"Pod\", ", "}): type: 'Warning' reason: '", "I0528 16:05:54.802914 1 a.go:1] ",
      "\"Killing container with a grace period\" pod=\"", "Created an OOM event in container \"",
      "/kubepods/burstable/pod", " - event for ", ": {kubelet n} ", "At 2024-07-12 15:49:58 +0000 UTC",
      "eviction manager: pods ", "_ns(", ") evicted, waiting for pod", "\t", "2017-10-10T17:41:58Z", "\\u00"};
    List<String> lines = new ArrayList<>();
    while (data.remainingBytes() > 0 && lines.size() < 400) {
      if (data.consumeBoolean()) {
        StringBuilder b = new StringBuilder(" ".repeat(data.consumeInt(0, 12)));
        int parts = data.consumeInt(1, 6);
        for (int i = 0; i < parts; i++) {
          b.append(data.pickValue(fragments)).append(data.consumeString(12));
        }
        lines.add(b.toString());
      } else {
        lines.add(data.consumeString(300));
      }
    }
    Collect c = Collect.framed(new KubernetesParser(data.consumeInt(1, 64)), lines);
    Hostile.citesInput(c.events, lines);
    for (KillEvent e : c.events) {
      assertTrue(e instanceof ContainerKill, e::toString);
    }
  }
}
