package dev.whokilled.parsers.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.whokilled.event.ContainerKill;
import dev.whokilled.event.ContainerRef;
import dev.whokilled.event.Signal;
import dev.whokilled.parsers.testing.Collect;
import dev.whokilled.parsers.testing.JsonText;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Property tests of the Docker grammars: containers generated from structure (hostile names and label values,
 * every end, every time precision) rendered as {@code docker inspect} in each of its forms and as
 * {@code docker events} in CLI and JSON form, read back to the same containers and ends; arbitrary input never
 * throws. Jazzer replays the seeds in {@code src/test/resources/.../DockerPropertyTestInputs} in every build.
 */
final class DockerPropertyTest {

  /** Names as users give them: quotes, slashes, commas, parentheses, equals signs, UTF-8, control characters. */
  static final String[] NAMES = {"web", "k8s_POD_x", "my (app), x=1", "a\"b\\c", "caf\u00e9", "\u6d4b\u8bd5",
    "name=evil", ")(", "x, name=y", "tab\there", "-dash", "web-0", "a/b", "exitCode=0"};

  /** Label values (Kubernetes annotations hold JSON): commas, parentheses, keys that sort before their own. */
  static final String[] VALUES = {"plain", "[{\"name\":\"p\",\"containerPort\":8080}]", "a, aa=b", "(x)",
    "v=w", "1, 0=1", "", "a, annotation.x=(y)", "\u00e9t\u00e9"};

  enum End { OOM_137, OOM_OTHER, SIGNALED, CODE, ZERO, RUNNING_OOM, RUNNING, NEVER }

  enum Form { PRETTY_ARRAY, ONE_LINE_ARRAY, JSON_DOT, JSON_STATE, STATE_BLOCK }

  record Container(String id, String name, boolean k8s, String pod, String namespace, String uid, End end,
      int code, Instant finished, int digits, long memory) {}

  @FuzzTest(maxDuration = "40s")
  void generatedInspect_parseBack(FuzzedDataProvider data) {
    Form form = data.pickValue(Form.values());
    int n = form == Form.JSON_STATE || form == Form.STATE_BLOCK ? 1 : data.consumeInt(1, 3);
    List<Container> cs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      cs.add(container(data, i));
    }
    List<String> lines = new ArrayList<>();
    lines.add("$ docker inspect " + cs.get(0).name().replace('\n', ' '));
    switch (form) {
      case PRETTY_ARRAY -> {
        lines.add("[");
        for (int i = 0; i < n; i++) {
          List<String> doc = pretty(inspect(cs.get(i)), "    ");
          if (i < n - 1) {
            doc.set(doc.size() - 1, doc.get(doc.size() - 1) + ",");
          }
          lines.addAll(doc);
        }
        lines.add("]");
      }
      case ONE_LINE_ARRAY -> {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
          b.append(i == 0 ? "" : ",").append(json(inspect(cs.get(i))));
        }
        lines.add(b.append(']').toString());
      }
      case JSON_DOT -> cs.forEach(c -> lines.add(json(inspect(c))));
      case JSON_STATE -> lines.add(json(state(cs.get(0))));
      case STATE_BLOCK -> {
        List<String> block = pretty(state(cs.get(0)), "        ");
        block.set(0, "        \"State\": " + block.get(0).trim());
        block.set(block.size() - 1, block.get(block.size() - 1) + ",");
        lines.addAll(block);
      }
    }
    lines.add("$ ");
    Collect c = Collect.framed(new DockerParser(), lines);
    List<ContainerKill> ks = c.all(ContainerKill.class);
    List<Container> dying = cs.stream().filter(x -> x.end() != End.ZERO && x.end() != End.RUNNING
        && x.end() != End.NEVER).toList();
    assertEquals(dying.size(), ks.size(), () -> form + " " + cs + " " + lines + " -> " + ks);
    boolean named = form != Form.JSON_STATE && form != Form.STATE_BLOCK;
    for (int i = 0; i < ks.size(); i++) {
      Container x = dying.get(i);
      ContainerKill k = ks.get(i);
      String where = form + " " + x + " -> " + k;
      ContainerRef ref = k.victim().container();
      assertEquals(named ? x.id() : null, ref.id(), where);
      if (named) {
        assertEquals(x.k8s() ? "web" : x.name(), ref.name(), where);
        assertEquals(x.k8s() ? x.pod() : null, ref.pod(), where);
        assertEquals(x.k8s() ? x.namespace() : null, ref.namespace(), where);
        assertEquals(x.k8s() ? x.uid() : null, ref.podUid(), where);
        assertEquals(x.k8s() ? "burstable" : null, ref.qosClass(), where);
      }
      switch (x.end()) {
        case OOM_137 -> {
          assertEquals(ContainerKill.Reason.OOM_KILLED, k.reason(), where);
          assertEquals(Signal.SIGKILL, k.signal(), where);
        }
        case OOM_OTHER -> assertEquals(ContainerKill.Reason.OOM_EVENT, k.reason(), where);
        case SIGNALED, CODE -> {
          assertEquals(ContainerKill.Reason.EXITED, k.reason(), where);
          assertEquals(x.code() > 128 ? Signal.fromNumber(x.code() - 128L).orElseThrow() : null, k.signal(), where);
        }
        case RUNNING_OOM -> {
          assertEquals(ContainerKill.Reason.OOM_EVENT, k.reason(), where);
          assertTrue(k.detail().startsWith("the container kept running"), where);
          assertNull(k.time().wall(), where);
        }
        default -> throw new AssertionError(where);
      }
      if (x.end() != End.RUNNING_OOM) {
        assertEquals(x.code(), k.exitCode(), where);
        assertEquals(x.finished(), k.time().wall(), where);
      }
    }
  }

  enum Story { OOM_DIE, OOM_ONLY, STOP, KILL_TERM_DIE0, DIE_CODE, DIE0, KILL_WINCH }

  /** The CLI's form and the API's JSON (Docker 1.10 and later: the legacy JSON had no attributes). */
  enum EventForm { CLI, JSON, JSON_DOCKER_1_12 }

  @FuzzTest(maxDuration = "40s")
  void generatedEvents_parseBack(FuzzedDataProvider data) {
    int n = data.consumeInt(1, 4);
    EventForm form = data.pickValue(EventForm.values());
    long t = 1_600_000_000_000_000_000L + data.consumeLong(0, 1L << 50);
    List<String> lines = new ArrayList<>();
    List<Story> stories = new ArrayList<>();
    List<Container> cs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Container c = container(data, i);
      Story s = data.pickValue(Story.values());
      cs.add(c);
      stories.add(s);
      Map<String, String> attrs = new TreeMap<>();
      attrs.put("image", "registry.example/app:1");
      attrs.put("name", form == EventForm.CLI ? dockerName(c.name()) : c.name());
      if (c.k8s()) {
        attrs.put("io.kubernetes.container.name", "web");
        attrs.put("io.kubernetes.pod.name", c.pod());
        attrs.put("io.kubernetes.pod.namespace", c.namespace());
        attrs.put("io.kubernetes.pod.uid", c.uid());
        attrs.put("annotation.io.kubernetes.container.ports", data.pickValue(VALUES));
        attrs.put("maintainer", data.pickValue(VALUES));
      }
      List<String[]> evs = new ArrayList<>(); // action, extra key, extra value
      switch (s) {
        case OOM_DIE -> {
          evs.add(new String[] {"oom", null, null});
          evs.add(new String[] {"die", "exitCode", "137"});
        }
        case OOM_ONLY -> evs.add(new String[] {"oom", null, null});
        case STOP -> {
          evs.add(new String[] {"kill", "signal", "15"});
          evs.add(new String[] {"kill", "signal", "9"});
          evs.add(new String[] {"die", "exitCode", "137"});
          evs.add(new String[] {"stop", null, null});
        }
        case KILL_TERM_DIE0 -> {
          evs.add(new String[] {"kill", "signal", "15"});
          evs.add(new String[] {"die", "exitCode", "0"});
        }
        case DIE_CODE -> evs.add(new String[] {"die", "exitCode", Integer.toString(c.code())});
        case DIE0 -> evs.add(new String[] {"die", "exitCode", "0"});
        case KILL_WINCH -> evs.add(new String[] {"kill", "signal", "28"});
      }
      for (String[] e : evs) {
        t += data.consumeLong(1, 5_000_000_000L);
        Map<String, String> a = new TreeMap<>(attrs);
        if (e[1] != null) {
          a.put(e[1], e[2]);
        }
        lines.add(event(form, e[0], c.id(), a, t));
      }
      t += 120_000_000_000L; // the next container's story starts two minutes later
    }
    Collect c = Collect.framed(new DockerParser(), lines);
    List<ContainerKill> ks = c.all(ContainerKill.class);
    int k = 0;
    for (int i = 0; i < n; i++) {
      Story s = stories.get(i);
      Container x = cs.get(i);
      if (s == Story.DIE0 || s == Story.KILL_WINCH || s == Story.DIE_CODE && x.code() == 0) {
        continue;
      }
      assertTrue(k < ks.size(), () -> stories + " " + lines + " -> " + ks);
      ContainerKill e = ks.get(k++);
      String where = s + " " + x + " stories " + stories + " ids " + cs.stream().map(Container::id).toList()
          + " got " + ks.stream().map(q -> q.victim().container().id() + "/" + q.reason()).toList() + " " + lines;
      assertEquals(x.id(), e.victim().container().id(), where);
      assertEquals(x.k8s() ? "web" : form == EventForm.CLI ? dockerName(x.name()) : x.name(),
          e.victim().container().name(), where);
      if (x.k8s()) {
        assertEquals(x.pod(), e.victim().container().pod(), where);
        assertEquals(x.namespace(), e.victim().container().namespace(), where);
      }
      switch (s) {
        case OOM_DIE -> assertEquals(ContainerKill.Reason.OOM_KILLED, e.reason(), where);
        case OOM_ONLY -> assertEquals(ContainerKill.Reason.OOM_EVENT, e.reason(), where);
        case STOP -> {
          assertEquals(ContainerKill.Reason.KILLED, e.reason(), where);
          assertEquals(Signal.SIGKILL, e.signal(), where);
          assertEquals(137, e.exitCode(), where);
        }
        case KILL_TERM_DIE0 -> {
          assertEquals(ContainerKill.Reason.KILLED, e.reason(), where);
          assertEquals(Signal.SIGTERM, e.signal(), where);
        }
        case DIE_CODE -> assertEquals(x.code(), e.exitCode(), where);
        default -> throw new AssertionError(where);
      }
    }
    assertEquals(k, ks.size(), () -> stories + " " + lines + " -> " + ks);
  }

  @FuzzTest(maxDuration = "40s")
  void anyInput_neverThrows(FuzzedDataProvider data) {
    String[] fragments = {"2024-01-02T03:04:05.123456789Z container oom ", " container die ", " container kill ",
      "(exitCode=137, image=x, name=", ", signal=9)", "[", "{", "}", "]", "\"State\": {", "\"OOMKilled\": true,",
      "\"ExitCode\": 137,", "\"FinishedAt\": \"0001-01-01T00:00:00Z\"", "{\"status\":\"die\",\"id\":\"",
      "\"Actor\":{\"ID\":\"", "\"timeNano\":", "failed to exit within 10 seconds of signal 15 - using the force",
      "time=\"2018-03-16T07:14:12.899731592Z\" level=info msg=\"Container ", ": (from ubuntu) ", "\\\"", ", "};
    List<String> lines = new ArrayList<>();
    while (data.remainingBytes() > 0 && lines.size() < 200) {
      if (data.consumeBoolean()) {
        lines.add(data.pickValue(fragments) + data.consumeString(60) + data.pickValue(fragments)
            + data.consumeString(30) + data.pickValue(fragments));
      } else {
        lines.add(data.consumeString(300));
      }
    }
    Collect c = Collect.framed(new DockerParser(), lines);
    assertNotNull(c.events);
    for (ContainerKill k : c.all(ContainerKill.class)) {
      assertNotNull(k.victim().container());
      assertTrue(!k.evidence().isEmpty());
    }
  }

  // ------------------------------------------------------------------------------------------ generation

  static Container container(FuzzedDataProvider data, int i) {
    StringBuilder id = new StringBuilder(String.format(Locale.ROOT, "%08x", i)); // distinct per container
    for (int k = 1; k < 8; k++) {
      id.append(String.format(Locale.ROOT, "%08x", data.consumeInt()));
    }
    String name = data.consumeBoolean() ? data.pickValue(NAMES) : ascii(data.consumeAsciiString(20));
    if (name.isEmpty()) {
      name = "n" + i;
    }
    End end = data.pickValue(End.values());
    int code = switch (end) {
      case OOM_137 -> 137;
      case OOM_OTHER -> data.pickValue(new int[] {1, 2, 143, 255});
      case SIGNALED -> 128 + data.consumeInt(1, 31);
      case CODE -> data.consumeInt(1, 127);
      default -> 0;
    };
    long seconds = data.consumeLong(1_000_000_000L, 4_000_000_000L);
    int digits = data.pickValue(new int[] {0, 3, 6, 9});
    long nanos = digits == 0 ? 0 : data.consumeLong(0, 999_999_999L);
    nanos -= nanos % (long) Math.pow(10, 9 - digits);
    Instant finished = Instant.ofEpochSecond(seconds, nanos);
    String uid = String.format(Locale.ROOT, "%08x-%04x-4%03x-8%03x-%012x", data.consumeInt(),
        data.consumeInt(0, 0xffff), data.consumeInt(0, 0xfff), data.consumeInt(0, 0xfff),
        data.consumeLong(0, 0xffffffffffffL));
    return new Container(id.toString(), name, data.consumeBoolean(), data.pickValue(NAMES) + "-0",
        data.pickValue(NAMES), uid, end, code, finished, digits, data.consumeBoolean() ? 0 : 256L << 20);
  }

  /**
   * The name as Docker would have accepted it ({@code [a-zA-Z0-9][a-zA-Z0-9_.-]+}): the CLI form prints names
   * unquoted, which only Docker's own restriction keeps unambiguous (label values are the hostile part there).
   */
  static String dockerName(String name) {
    StringBuilder b = new StringBuilder("c");
    for (int i = 0; i < name.length(); i++) {
      char ch = name.charAt(i);
      b.append(ch < 128 && (Character.isLetterOrDigit(ch) || ch == '_' || ch == '.' || ch == '-') ? ch : '_');
    }
    return b.toString();
  }

  private static String ascii(String s) {
    return s.replace('\r', ' ').replace('\n', ' ');
  }

  static Map<String, Object> state(Container c) {
    Map<String, Object> s = new LinkedHashMap<>();
    boolean running = c.end() == End.RUNNING || c.end() == End.RUNNING_OOM;
    s.put("Status", running ? "running" : c.end() == End.NEVER ? "created" : "exited");
    s.put("Running", running);
    s.put("Paused", false);
    s.put("Restarting", false);
    s.put("OOMKilled", c.end() == End.OOM_137 || c.end() == End.OOM_OTHER || c.end() == End.RUNNING_OOM);
    s.put("Dead", false);
    s.put("Pid", running ? 4242L : 0L);
    s.put("ExitCode", (long) c.code());
    s.put("Error", "");
    s.put("StartedAt", "2016-02-01T21:50:35.794765356Z");
    s.put("FinishedAt", c.end() == End.NEVER || running ? "0001-01-01T00:00:00Z" : stamp(c));
    return s;
  }

  /** RFC 3339 with the container's fraction digits, in UTC or at an offset (Go trims no zeros here). */
  static String stamp(Container c) {
    String frac = c.digits() == 0 ? "" : "." + String.format(Locale.ROOT, "%09d", c.finished().getNano())
        .substring(0, c.digits());
    boolean utc = c.digits() % 2 == 0;
    ZoneOffset off = utc ? ZoneOffset.UTC : ZoneOffset.ofHoursMinutes(-5, -30);
    String base = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT)
        .format(c.finished().atOffset(off));
    return base + frac + (utc ? "Z" : "-05:30");
  }

  static Map<String, Object> inspect(Container c) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("Id", c.id());
    d.put("Created", "2016-02-01T21:50:35.0Z");
    d.put("Path", "/bin/sh");
    d.put("Args", List.of("-c", "exec \"$@\", x=(y)"));
    d.put("State", state(c));
    d.put("Name", "/" + c.name());
    Map<String, Object> host = new LinkedHashMap<>();
    host.put("Memory", c.memory());
    host.put("CgroupParent", c.k8s() ? "/kubepods/burstable/pod" + c.uid() : "");
    d.put("HostConfig", host);
    Map<String, Object> labels = new LinkedHashMap<>();
    if (c.k8s()) {
      labels.put("io.kubernetes.container.name", "web");
      labels.put("io.kubernetes.pod.name", c.pod());
      labels.put("io.kubernetes.pod.namespace", c.namespace());
      labels.put("io.kubernetes.pod.uid", c.uid());
    }
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("Labels", labels);
    d.put("Config", config);
    return d;
  }

  static String event(EventForm form, String action, String id, Map<String, String> attrs, long nanos) {
    Instant at = Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
    switch (form) {
      case CLI -> {
        StringBuilder b = new StringBuilder(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX",
            Locale.ROOT).format(at.atOffset(ZoneOffset.UTC))).append(" container ").append(action).append(' ')
            .append(id).append(" (");
        boolean first = true;
        for (Map.Entry<String, String> e : attrs.entrySet()) {
          b.append(first ? "" : ", ").append(e.getKey()).append('=').append(e.getValue());
          first = false;
        }
        return b.append(')').toString();
      }
      case JSON -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Type", "container");
        m.put("Action", action);
        m.put("Actor", Map.of("ID", id, "Attributes", attrs));
        m.put("scope", "local");
        m.put("time", nanos / 1_000_000_000L);
        m.put("timeNano", nanos);
        return json(m);
      }
      default -> {
        // Docker 1.10 to 24: the legacy fields first, then the new ones
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", action);
        m.put("id", id);
        m.put("from", attrs.get("image"));
        m.put("Type", "container");
        m.put("Action", action);
        m.put("Actor", Map.of("ID", id, "Attributes", attrs));
        m.put("time", nanos / 1_000_000_000L);
        m.put("timeNano", nanos);
        return json(m);
      }
    }
  }

  // ------------------------------------------------------------------------------------------ JSON writing

  /** Go's encoding/json: compact, HTML-safe escapes left out, keys in the order given. */
  static String json(Object v) {
    StringBuilder b = new StringBuilder();
    write(b, v, null, "");
    return b.toString();
  }

  /** Go's json.MarshalIndent(v, prefix, "    "), one line per element. */
  static List<String> pretty(Object v, String prefix) {
    StringBuilder b = new StringBuilder();
    write(b, v, "    ", prefix);
    return new ArrayList<>(List.of(b.toString().split("\n", -1)));
  }

  private static void write(StringBuilder b, Object v, String indent, String at) {
    if (v instanceof Map<?, ?> m) {
      if (m.isEmpty()) {
        b.append("{}");
        return;
      }
      b.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        b.append(first ? "" : ",");
        first = false;
        if (indent != null) {
          b.append('\n').append(at).append(indent);
        }
        b.append(JsonText.quote(e.getKey().toString(), false));
        b.append(indent != null ? ": " : ":");
        write(b, e.getValue(), indent, indent != null ? at + indent : at);
      }
      if (indent != null) {
        b.append('\n').append(at);
      }
      b.append('}');
    } else if (v instanceof List<?> l) {
      b.append('[');
      for (int i = 0; i < l.size(); i++) {
        b.append(i == 0 ? "" : ",");
        if (indent != null) {
          b.append('\n').append(at).append(indent);
        }
        write(b, l.get(i), indent, indent != null ? at + indent : at);
      }
      if (indent != null && !l.isEmpty()) {
        b.append('\n').append(at);
      }
      b.append(']');
    } else if (v instanceof String s) {
      b.append(JsonText.quote(s, false));
    } else {
      b.append(v);
    }
  }

}
