package dev.whokilled.parsers.docker;

import dev.whokilled.event.ContainerRef;
import dev.whokilled.event.ContainerRuntime;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.Signal;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.framing.Origin;
import dev.whokilled.parsers.text.Json;
import dev.whokilled.parsers.text.Text;
import dev.whokilled.spi.EventSink;
import dev.whokilled.spi.KillParser;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads what containerd says about containers that ended or ran out of memory.
 *
 * <p>Its CRI plugin logs every task event it handles, in two eras: gogo-protobuf's
 * {@code TaskOOM event &TaskOOM{ContainerID:<id>,XXX_unrecognized:[],}} and
 * {@code TaskExit event &TaskExit{ContainerID:…,ID:…,Pid:…,ExitStatus:137,ExitedAt:…,XXX_unrecognized:[],}}
 * (containerd 1.1 to 1.6), and the protobuf text form {@code TaskOOM event container_id:"<id>"},
 * {@code TaskExit event container_id:"…" id:"…" pid:… exit_status:137 exited_at:{seconds:… nanos:…}}
 * (1.7 and 2.x, which omits {@code exit_status} when it is 0); its exit monitor logs the same exit again as
 * {@code received exit event …}, which is read once. An exit whose process id differs from its container's is an
 * exec'd process, not the container. Pod sandboxes (pause containers, killed at every pod teardown) are learned
 * from {@code StopPodSandbox}, {@code RunPodSandbox … returns sandbox id} and {@code SandboxExit} and left out.
 * A container the CRI was told to stop ({@code StopContainer}, {@code Stop container … with signal terminated},
 * {@code Kill container}) ended by that stop. {@code ctr events} lines
 * ({@code … moby /tasks/oom {"container_id":…}}) and containerd 0.2's
 * {@code containerd: process exited id=… pid=init status=137} are read as well.
 */
final class ContainerdParser implements KillParser {

  /** The most ids remembered as sandboxes, and the most exits remembered to read a repeat once. */
  static final int MAX_REMEMBERED = 1_024;

  private static final String REPORTER = "containerd";

  private final Drafts drafts = new Drafts(REPORTER);
  private final Map<String, Boolean> sandboxes = lru();
  private final Map<String, Boolean> exits = lru();
  private long count;

  ContainerdParser() {}

  private static Map<String, Boolean> lru() {
    return new LinkedHashMap<>(64, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > MAX_REMEMBERED;
      }
    };
  }

  @Override
  public long patience() {
    return drafts.isEmpty() ? Long.MAX_VALUE : 0; // a draft ages by the time of any record
  }

  @Override
  public void skipped(long records) {
    count += records;
  }

  @Override
  public void accept(LogRecord record, EventSink sink) {
    count++;
    drafts.age(record, count, sink);
    if (record.origin() == Origin.KERNEL) {
      return;
    }
    String m = record.message();
    if (!mayConcern(m)) {
      return;
    }
    if (m.indexOf(" /tasks/") >= 0 && ctrEvent(record, m, sink)) {
      return;
    }
    String msg = Logfmt.field(m, "msg");
    if (msg == null || !mayConcern(msg)) {
      msg = m; // no msg field, or one cut short by a quote its writer did not escape
    }
    Stamps.Stamp st = Stamps.logfmtTime(m);
    EventTime t = st != null ? st.time() : record.time();
    int at;
    if ((at = msg.indexOf("TaskOOM event ")) >= 0) {
      String id = field(msg, at, "ContainerID", "container_id");
      if (id != null) {
        oom(record, id, ContainerRuntime.CONTAINERD, t, sink);
      }
    } else if ((at = msg.indexOf("SandboxExit event ")) >= 0) {
      remember(sandboxes, field(msg, at, "SandboxID", "sandbox_id"));
    } else if ((at = msg.indexOf("TaskExit event")) >= 0 || (at = msg.indexOf("eceived exit event ")) >= 0) {
      taskExit(record, msg, at, t, msg.indexOf("sandbox TaskExit") >= 0, sink);
    } else if (msg.indexOf("process exited") >= 0 && msg.indexOf("containerd: process exited") >= 0) {
      legacyExit(record, m, t, sink);
    } else {
      cri(record, msg, t, sink);
    }
  }

  /** Cheap fixed-substring test before any parsing. */
  private static boolean mayConcern(String m) {
    return m.indexOf("Task") >= 0 || m.indexOf("exit event") >= 0 || m.indexOf("/tasks/") >= 0
        || m.indexOf("ontainer") >= 0 || m.indexOf("andbox") >= 0 || m.indexOf("process exited") >= 0;
  }

  @Override
  public void finish(EventSink sink) {
    drafts.finish(sink);
  }

  // ------------------------------------------------------------------------------------------ events

  private void oom(LogRecord record, String rawId, ContainerRuntime runtime, EventTime t, EventSink sink) {
    String id = Containers.id(rawId);
    if (id == null) {
      return;
    }
    Drafts.Draft d = drafts.open(id, ref(runtime, id), record, false, sink);
    d.ooms++;
    d.touch(record, count, t);
  }

  /** An exit of a container's main process (not of an exec'd one), once however often it is logged. */
  private void exit(LogRecord record, String rawCid, @Nullable String rawPid, @Nullable Long pid, long status,
      @Nullable EventTime exitedAt, ContainerRuntime runtime, EventTime t, EventSink sink) {
    String cid = Containers.id(rawCid);
    if (cid == null || rawPid != null && !rawPid.equals(rawCid) || sandboxes.containsKey(cid)) {
      return;
    }
    String key = cid + '|' + pid + '|' + status;
    if (exits.put(key, Boolean.TRUE) != null) {
      Drafts.Draft d = drafts.find(cid);
      if (d != null) {
        d.touch(record, count, t);
      }
      return;
    }
    if (status == 0 && drafts.find(cid) == null) {
      return;
    }
    Drafts.Draft d = drafts.open(cid, ref(runtime, cid), record, true, sink);
    d.ended = true;
    d.exitCode = status >= 0 && status <= 0xffff ? (int) status : null;
    d.end = exitedAt != null ? exitedAt : t;
    if (pid != null && pid > 0) {
      d.pid = pid;
    }
    d.touch(record, count, t);
  }

  private static ContainerRef ref(ContainerRuntime runtime, String id) {
    return new ContainerRef(runtime, id, null, null, null, null, null);
  }

  // ------------------------------------------------------------------------------------------ CRI log

  private void taskExit(LogRecord record, String msg, int at, EventTime t, boolean sandbox, EventSink sink) {
    String cid = field(msg, at, "ContainerID", "container_id");
    if (cid == null) {
      return;
    }
    if (sandbox) {
      remember(sandboxes, cid);
      return;
    }
    String id = field(msg, at, "ID", "id");
    Long pid = number(msg, at, "Pid", "pid");
    Long status = number(msg, at, "ExitStatus", "exit_status");
    EventTime exitedAt = null;
    int gogo = msg.indexOf("ExitedAt:", at);
    if (gogo >= 0) {
      Stamps.Stamp st = Stamps.goTime(msg, gogo + "ExitedAt:".length());
      exitedAt = st != null ? st.time() : null;
    } else {
      int e = msg.indexOf("exited_at:", at);
      if (e >= 0) {
        Long sec = Text.numberAfter(msg.substring(e), "seconds:");
        Long nanos = Text.numberAfter(msg.substring(e), "nanos:");
        exitedAt = sec == null ? null : Stamps.epoch(sec, nanos == null ? 0 : nanos);
      }
    }
    exit(record, cid, id, pid, status == null ? 0 : status, exitedAt, ContainerRuntime.CONTAINERD, t, sink);
  }

  /** containerd 0.2 (Docker 1.11 to 17.x): {@code containerd: process exited id=<id> pid=init status=137}. */
  private void legacyExit(LogRecord record, String m, EventTime t, EventSink sink) {
    String pid = Logfmt.field(m, "pid");
    String id = Logfmt.field(m, "id");
    String status = Logfmt.field(m, "status");
    if (!"init".equals(pid) || id == null || status == null || !Text.isDigits(status) || status.length() > 5) {
      return;
    }
    exit(record, id, null, null, Long.parseLong(status), null, ContainerRuntime.DOCKER, t, sink);
  }

  /** The CRI's own words about sandboxes and stops. */
  private void cri(LogRecord record, String msg, EventTime t, EventSink sink) {
    int at;
    if ((at = msg.indexOf("StopPodSandbox for \"")) >= 0) {
      remember(sandboxes, quoted(msg, at + "StopPodSandbox for \"".length()));
    } else if ((at = msg.indexOf("returns sandbox id \"")) >= 0) {
      remember(sandboxes, quoted(msg, at + "returns sandbox id \"".length()));
    } else if ((at = msg.indexOf("TearDown network for sandbox \"")) >= 0) {
      remember(sandboxes, quoted(msg, at + "TearDown network for sandbox \"".length()));
    } else if ((at = msg.indexOf("StopContainer for \"")) >= 0) {
      String id = Containers.id(quoted(msg, at + "StopContainer for \"".length()));
      if (id == null || sandboxes.containsKey(id)) {
        return;
      }
      if (msg.indexOf("returns successfully") >= 0) {
        Drafts.Draft d = drafts.find(id);
        if (d != null && !d.ended && !d.sent.isEmpty()) {
          d.ended = true;
          d.end = t;
          d.touch(record, count, t);
        }
      } else {
        Drafts.Draft d = drafts.open(id, ref(ContainerRuntime.CONTAINERD, id), record, true, sink);
        Long timeout = Text.numberAfter(msg, " with timeout ");
        d.detail = "stopped through the CRI (StopContainer" + (timeout != null ? ", timeout " + timeout + " s" : "")
            + ")";
        d.touch(record, count, t);
      }
    } else if ((at = msg.indexOf("Stop container \"")) >= 0) {
      String id = Containers.id(quoted(msg, at + "Stop container \"".length()));
      int w = msg.indexOf(" with signal ", at);
      if (id == null || w < 0 || sandboxes.containsKey(id)) {
        return;
      }
      Signal s = goSignal(msg.substring(w + " with signal ".length()));
      if (s == null || !s.terminatesByDefault()) {
        return;
      }
      Drafts.Draft d = drafts.open(id, ref(ContainerRuntime.CONTAINERD, id), record, false, sink);
      d.sent.add(s);
      d.touch(record, count, t);
    } else if ((at = msg.indexOf("Kill container \"")) >= 0) {
      String id = Containers.id(quoted(msg, at + "Kill container \"".length()));
      if (id == null || sandboxes.containsKey(id)) {
        return;
      }
      Drafts.Draft d = drafts.open(id, ref(ContainerRuntime.CONTAINERD, id), record, false, sink);
      d.sent.add(Signal.SIGKILL);
      d.touch(record, count, t);
    }
  }

  // ------------------------------------------------------------------------------------------ ctr events

  /** {@code 2024-12-11 05:54:19.191684944 +0000 UTC moby /tasks/exit {"container_id":…,"exit_status":137,…}}. */
  private boolean ctrEvent(LogRecord record, String m, EventSink sink) {
    int p = 0;
    while (p < m.length() && m.charAt(p) == ' ') {
      p++;
    }
    Stamps.Stamp st = Stamps.goTime(m, p);
    if (st == null || st.end() >= m.length() || m.charAt(st.end()) != ' ') {
      return false;
    }
    int ns = st.end() + 1;
    int nsEnd = m.indexOf(' ', ns);
    if (nsEnd <= ns) {
      return false;
    }
    int topicEnd = m.indexOf(' ', nsEnd + 1);
    if (topicEnd < 0) {
      return false;
    }
    String namespace = m.substring(ns, nsEnd);
    String topic = m.substring(nsEnd + 1, topicEnd);
    ContainerRuntime runtime = namespace.equals("moby") ? ContainerRuntime.DOCKER : ContainerRuntime.CONTAINERD;
    Object json = Json.parse(m.substring(topicEnd + 1)).orElse(null);
    String cid = Json.string(json, "container_id");
    if (cid == null) {
      return topic.startsWith("/tasks/");
    }
    if (topic.equals("/tasks/oom")) {
      oom(record, cid, runtime, st.time(), sink);
    } else if (topic.equals("/tasks/exit")) {
      Long status = Json.integer(json, "exit_status");
      Long pid = Json.integer(json, "pid");
      EventTime exitedAt = null;
      Object at = Json.at(json, "exited_at");
      if (at instanceof String s) {
        Stamps.Stamp e = Stamps.rfc3339(s, 0);
        exitedAt = e != null ? e.time() : null;
      } else if (at instanceof Map<?, ?>) {
        Long sec = Json.integer(at, "seconds");
        Long nanos = Json.integer(at, "nanos");
        exitedAt = sec == null ? null : Stamps.epoch(sec, nanos == null ? 0 : nanos);
      }
      String id = Json.string(json, "id");
      exit(record, cid, id == null ? cid : id, pid, status == null ? 0 : status, exitedAt, runtime, st.time(),
          sink);
    }
    return true;
  }

  // ------------------------------------------------------------------------------------------ fields

  /**
   * A field of a task event after {@code from}: gogo's {@code Key:value,} or the protobuf text form's
   * {@code key:"value"}, read from the structure (a gogo {@code ID:} is the one after a comma; a text-form
   * {@code id:} the one after a blank).
   */
  static @Nullable String field(String msg, int from, String gogoKey, String textKey) {
    int g = key(msg, from, gogoKey, true);
    if (g >= 0) {
      int e = g;
      while (e < msg.length() && msg.charAt(e) != ',' && msg.charAt(e) != '}' && msg.charAt(e) != ' '
          && e - g < 256) {
        e++;
      }
      return e > g ? msg.substring(g, e) : null;
    }
    int t = key(msg, from, textKey, false);
    if (t < 0) {
      return null;
    }
    while (t < msg.length() && msg.charAt(t) == ' ') {
      t++;
    }
    if (msg.startsWith("\\\"", t)) {
      t += 2;
    } else if (t < msg.length() && msg.charAt(t) == '"') {
      t++;
    } else {
      return null;
    }
    int e = t;
    while (e < msg.length() && msg.charAt(e) != '"' && msg.charAt(e) != '\\' && e - t < 256) {
      e++;
    }
    return e > t ? msg.substring(t, e) : null;
  }

  private static @Nullable Long number(String msg, int from, String gogoKey, String textKey) {
    int g = key(msg, from, gogoKey, true);
    if (g < 0) {
      g = key(msg, from, textKey, false);
    }
    if (g < 0) {
      return null;
    }
    int e = Text.digitsEnd(msg, g);
    return e > g ? Text.digits(msg, g, e) : null;
  }

  /**
   * Where the value of {@code key:} starts: a gogo key follows the opening brace of {@code &TaskExit} or a
   * comma, a text-form key follows a blank (or {@code event }); -1 when absent.
   */
  private static int key(String msg, int from, String key, boolean gogo) {
    int i = msg.indexOf(key + ":", from);
    while (i >= 0) {
      char before = i > 0 ? msg.charAt(i - 1) : ' ';
      if (gogo ? before == '{' || before == ',' : before == ' ') {
        return i + key.length() + 1;
      }
      i = msg.indexOf(key + ":", i + 1);
    }
    return -1;
  }

  /** The text up to the next quote. */
  private static @Nullable String quoted(String msg, int from) {
    int e = msg.indexOf('"', from);
    return e > from && e - from <= 256 ? msg.substring(from, e) : null;
  }

  private static void remember(Map<String, Boolean> set, @Nullable String id) {
    String v = Containers.id(id);
    if (v != null) {
      set.put(v, Boolean.TRUE);
    }
  }

  /** A signal as Go prints it ({@code terminated}, {@code killed}) or by name or number. */
  static @Nullable Signal goSignal(String text) {
    String s = text.trim();
    int end = s.indexOf('"');
    if (end >= 0) {
      s = s.substring(0, end);
    }
    switch (s) {
      case "hangup":
        return Signal.SIGHUP;
      case "interrupt":
        return Signal.SIGINT;
      case "quit":
        return Signal.SIGQUIT;
      case "aborted":
        return Signal.SIGABRT;
      case "killed":
        return Signal.SIGKILL;
      case "terminated":
        return Signal.SIGTERM;
      case "user defined signal 1":
        return Signal.SIGUSR1;
      case "user defined signal 2":
        return Signal.SIGUSR2;
      default:
        if (Text.isDigits(s) && s.length() <= 3) {
          return Signal.fromNumber(Long.parseLong(s)).orElse(null);
        }
        return s.length() <= 10 ? Signal.fromName(s).orElse(null) : null;
    }
  }
}
