package dev.whokilled.parsers.docker;

import dev.whokilled.event.ContainerKill;
import dev.whokilled.event.ContainerRef;
import dev.whokilled.event.ContainerRuntime;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.framing.Format;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.framing.Origin;
import dev.whokilled.parsers.text.Json;
import dev.whokilled.parsers.text.JsonDocuments;
import dev.whokilled.parsers.text.Text;
import dev.whokilled.spi.EventSink;
import dev.whokilled.spi.KillParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads what Docker says about containers that ended: {@code docker inspect} documents, {@code docker events}
 * in its CLI and JSON forms, and dockerd's own log.
 *
 * <p>{@code docker inspect} (a pretty-printed array, or {@code --format '{{json .}}'} and
 * {@code '{{json .State}}'} one-liners, or a {@code "State": {…}} block pasted alone) is read whole: its
 * {@code State} says how the container's last run ended. Event streams tell one end in several events
 * ({@code oom}, {@code kill}, {@code die}); those of one container are gathered by {@link Drafts} into one report.
 * dockerd's {@code failed to exit within 10 seconds of signal 15 - using the force} is a kill with SIGKILL by
 * {@code docker stop}.
 */
final class DockerParser implements KillParser {

  /** The most characters one JSON document (one container's inspect) may hold. */
  static final int MAX_DOCUMENT_CHARS = 1 << 20;
  /** The most evidence lines kept from one document. */
  static final int MAX_DOCUMENT_EVIDENCE = 12;

  private static final String REPORTER = "docker";
  private static final long MIB = 1L << 20;

  private final JsonDocuments docs = new JsonDocuments(MAX_DOCUMENT_CHARS);
  private final JsonDocuments fragment = new JsonDocuments(MAX_DOCUMENT_CHARS);
  private final List<LogRecord> docEvidence = new ArrayList<>();
  private final Drafts drafts = new Drafts(REPORTER);
  private boolean warnedCut;
  private boolean warnedBig;
  private long count;

  DockerParser() {}

  @Override
  public long patience() {
    return drafts.isEmpty() && !docs.inDocument() && !fragment.inDocument() ? Long.MAX_VALUE : 0;
  }

  @Override
  public void skipped(long records) {
    count += records;
  }

  @Override
  public void accept(LogRecord record, EventSink sink) {
    count++;
    drafts.age(record, count, sink);
    if (record.origin() == Origin.KERNEL || record.origin() == Origin.KERNEL_LOG) {
      return; // the kernel's records are never a runtime's, nor is docker's output or dockerd's log in the kernel's
    }
    String line = record.format() == Format.PLAIN ? record.text() : record.message();
    if (document(record, line, sink)) {
      return;
    }
    // A docker events line looks like RFC 3339 syslog to the framing ("container" taken for the host): it is read
    // as written first, then as the framing's message (a line relayed through syslog).
    String text = record.text();
    String m = record.message();
    if (text.indexOf("container ") >= 0 && (text.indexOf(" oom ") >= 0 || text.indexOf(" die ") >= 0
        || text.indexOf(" kill ") >= 0)) {
      if (!cliEvent(record, text, sink) && !m.equals(text)) {
        cliEvent(record, m, sink);
      }
    } else if (text.indexOf(": (from ") >= 0) {
      if (!legacyEvent(record, text, sink) && !m.equals(text)) {
        legacyEvent(record, m, sink);
      }
    } else if (m.indexOf("failed to exit within ") >= 0) {
      daemonLine(record, m, sink);
    }
  }

  @Override
  public void finish(EventSink sink) {
    drafts.finish(sink);
  }

  // ------------------------------------------------------------------------------------------ documents

  /** Feeds JSON lines to the document readers; true when the line belonged to a document. */
  private boolean document(LogRecord record, String line, EventSink sink) {
    if (docs.inDocument() || fragment.inDocument()) {
      JsonDocuments open = docs.inDocument() ? docs : fragment;
      if (!jsonContinuation(line)) {
        open.reset();
        docEvidence.clear();
        if (!warnedCut) {
          warnedCut = true;
          sink.warning(record, "a JSON document (docker inspect?) was cut off by other text; what it held is not read");
        }
        return false;
      }
      open.offer(line);
      keep(record, line);
      handle(record, open, open == fragment, sink);
      return true;
    }
    int p = skipBlanks(line, 0);
    if (p >= line.length()) {
      return false;
    }
    char c = line.charAt(p);
    if ((c == '{' || c == '[') && docs.offer(line)) {
      keep(record, line);
      handle(record, docs, false, sink);
      return true;
    }
    if (line.startsWith("\"State\":", p)) {
      int brace = skipBlanks(line, p + 8);
      if (brace < line.length() && line.charAt(brace) == '{' && fragment.offer(line.substring(brace))) {
        keep(record, line);
        handle(record, fragment, true, sink);
        return true;
      }
    }
    return false;
  }

  /** Whether a line can continue a pretty-printed JSON document. */
  private static boolean jsonContinuation(String line) {
    int p = skipBlanks(line, 0);
    if (p >= line.length()) {
      return true;
    }
    char c = line.charAt(p);
    return c == '"' || c == '{' || c == '}' || c == '[' || c == ']' || c == ',' || c == '-'
        || c >= '0' && c <= '9' || line.startsWith("true", p) || line.startsWith("false", p)
        || line.startsWith("null", p);
  }

  /** Keeps a document's line as evidence when it holds one of the facts a report rests on. */
  private void keep(LogRecord record, String line) {
    int p = skipBlanks(line, 0);
    boolean oneLine = line.indexOf("\"State\"", p) >= 0 && line.indexOf("\"ExitCode\"", p) >= 0
        || line.indexOf("\"OOMKilled\"", p) >= 0 && line.indexOf("\"ExitCode\"", p) >= 0;
    if (docEvidence.size() < MAX_DOCUMENT_EVIDENCE && (oneLine || fact(line, p))) {
      docEvidence.add(record);
    }
  }

  private static boolean fact(String line, int p) {
    for (String key : FACTS) {
      if (line.startsWith(key, p)) {
        String value = line.substring(p + key.length()).trim();
        return switch (key) {
          case "\"Running\":", "\"Restarting\":" -> value.startsWith("true");
          case "\"Error\":" -> !value.startsWith("\"\"");
          case "\"Memory\":" -> !value.startsWith("0");
          default -> true;
        };
      }
    }
    return false;
  }

  /** The keys of the lines of a pretty-printed document kept as evidence (when their value says something). */
  private static final String[] FACTS = {"\"Id\":", "\"Name\":", "\"Running\":", "\"Restarting\":",
      "\"OOMKilled\":", "\"ExitCode\":", "\"FinishedAt\":", "\"Error\":", "\"Memory\":",
      "\"io.kubernetes.pod.name\":", "\"io.kubernetes.container.name\":"};

  private void handle(LogRecord record, JsonDocuments from, boolean stateOnly, EventSink sink) {
    List<String> done = from.drain();
    int dropped = from.takeDropped();
    if (dropped > 0 && !warnedBig) {
      warnedBig = true;
      sink.warning(record, "a JSON document longer than " + MAX_DOCUMENT_CHARS + " characters was skipped");
    }
    if (done.isEmpty()) {
      if (dropped > 0) {
        docEvidence.clear();
      }
      return;
    }
    List<LogRecord> evidence = docEvidence.isEmpty() ? List.of(record) : List.copyOf(docEvidence);
    docEvidence.clear();
    for (String text : done) {
      Object root = Json.parse(text).orElse(null);
      if (!(root instanceof Map<?, ?>)) {
        continue;
      }
      if (stateOnly) {
        state(Json.object(root), new ContainerRef(ContainerRuntime.DOCKER, null, null, null, null, null, null),
            null, evidence, REPORTER, sink);
      } else if (Json.at(root, "State") instanceof Map<?, ?>) {
        inspect(root, evidence, sink);
      } else if (Json.at(root, "OOMKilled") != null || Json.at(root, "ExitCode") != null
          && Json.at(root, "Status") != null) {
        state(Json.object(root), new ContainerRef(ContainerRuntime.DOCKER, null, null, null, null, null, null),
            null, evidence, REPORTER, sink);
      } else if ((Json.string(root, "Action") != null || Json.string(root, "status") != null)
          && (Json.at(root, "time") != null || Json.at(root, "timeNano") != null)) {
        jsonEvent(record, root, text, sink);
      }
    }
  }

  /** One container of {@code docker inspect}. */
  private void inspect(Object root, List<LogRecord> evidence, EventSink sink) {
    String name = Json.string(root, "Name");
    if (name != null && name.startsWith("/")) {
      name = name.substring(1); // inspect writes "/web" for the container named web
    }
    // podman inspect prints the same document, with keys of its own
    boolean podman = Json.at(root, "ConmonPidFile") != null || Json.at(root, "OCIRuntime") != null;
    ContainerRef c = Containers.of(podman ? ContainerRuntime.PODMAN : ContainerRuntime.DOCKER,
        Json.string(root, "Id"), name, Json.object(root, "Config", "Labels"),
        Json.string(root, "HostConfig", "CgroupParent"));
    state(Json.object(root, "State"), c, Json.integer(root, "HostConfig", "Memory"), evidence,
        podman ? "podman" : REPORTER, sink);
  }

  /**
   * How a container's last run ended, from its {@code State}.
   *
   * <p>{@code OOMKilled} is Docker's flag for "an OOM event happened in the container's cgroup": on a running
   * container it means the OOM killer took another process and the container went on; on an ended one with exit
   * 137 its main process was the victim. A zero {@code FinishedAt} means the container never ended.
   */
  private static void state(Map<String, Object> s, ContainerRef c, @Nullable Long memory,
      List<LogRecord> evidence, String reporter, EventSink sink) {
    Boolean oom = Json.bool(s, "OOMKilled");
    boolean oomKilled = Boolean.TRUE.equals(oom);
    String status = Json.string(s, "Status");
    boolean restarting = Boolean.TRUE.equals(Json.bool(s, "Restarting")) || "restarting".equals(status);
    Boolean runningFlag = Json.bool(s, "Running");
    boolean running = runningFlag != null ? runningFlag
        : "running".equals(status) || "paused".equals(status) || restarting;
    Integer code = Text.toInt(Json.integer(s, "ExitCode"));
    String finished = Json.string(s, "FinishedAt");
    Stamps.Stamp end = finished == null ? null : Stamps.rfc3339(finished.trim(), 0);
    Long pid = Json.integer(s, "Pid");
    List<String> words = new ArrayList<>();
    ProcessRef victim = new ProcessRef(null, null, null, null, null, c, null);
    if (running && !restarting) {
      if (oomKilled) {
        words.add("the container kept running" + (pid != null && pid > 0 ? " (main process pid " + pid + ")" : ""));
        limit(memory, words);
        sink.event(new ContainerKill(victim, EventTime.UNKNOWN, evidence, ContainerKill.Reason.OOM_EVENT, null,
            null, reporter, String.join("; ", words)));
      }
      return;
    }
    if (end != null && end.isZero()) {
      return; // never ended: created, or failed to start
    }
    EventTime time = end != null ? end.time() : EventTime.UNKNOWN;
    Signal byCode = Drafts.signalOfExit(code);
    ContainerKill.Reason reason;
    Signal signal;
    if (oomKilled) {
      if (code != null && code == 137) {
        reason = ContainerKill.Reason.OOM_KILLED;
        signal = Signal.SIGKILL;
      } else {
        reason = ContainerKill.Reason.OOM_EVENT;
        signal = byCode;
        if (code != null) {
          words.add("docker marks it OOMKilled, yet it exited with code " + code
              + ": the OOM killer killed another process in it");
        }
      }
    } else if (code != null && code != 0) {
      reason = ContainerKill.Reason.EXITED;
      signal = byCode;
    } else {
      return;
    }
    String error = Json.string(s, "Error");
    if (error != null && !error.isBlank()) {
      words.add(error);
    }
    if (restarting) {
      words.add("docker is restarting it");
    }
    limit(memory, words);
    sink.event(new ContainerKill(victim, time, evidence, reason, code, signal, reporter,
        words.isEmpty() ? null : String.join("; ", words)));
  }

  private static void limit(@Nullable Long memory, List<String> words) {
    if (memory != null && memory > 0) {
      words.add("memory limit " + (memory % MIB == 0 ? memory / MIB + " MiB" : memory + " bytes"));
    }
  }

  // ------------------------------------------------------------------------------------------ events

  /** {@code docker events --format '{{json .}}'}: one object a line. */
  private void jsonEvent(LogRecord record, Object root, String text, EventSink sink) {
    String type = Json.string(root, "Type");
    if (type != null && !type.equals("container")) {
      return;
    }
    String action = Json.string(root, "Action");
    if (action == null) {
      action = Json.string(root, "status");
    }
    String id = Json.string(root, "Actor", "ID");
    if (id == null) {
      id = Json.string(root, "id");
    }
    if (action == null || id == null) {
      return;
    }
    Map<String, String> attrs = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : Json.object(root, "Actor", "Attributes").entrySet()) {
      if (e.getValue() instanceof String v) {
        attrs.put(e.getKey(), v);
      }
    }
    EventTime t = EventTime.UNKNOWN;
    Long nano = nanos(text); // 19 digits: more than the JSON reader keeps exact
    Long sec = Json.integer(root, "time");
    if (nano != null && nano > 0) {
      EventTime e = Stamps.epoch(nano / 1_000_000_000L, nano % 1_000_000_000L);
      t = e != null ? e : t;
    } else if (sec != null) {
      EventTime e = Stamps.epoch(sec, 0);
      t = e != null ? EventTime.ofWall(e.wall(), EventTime.Precision.SECONDS) : t;
    }
    event(record, action, id, attrs, t, sink);
  }

  /** The value of the top-level {@code "timeNano"} read from the text, or {@code null}. */
  private static @Nullable Long nanos(String text) {
    int at = text.lastIndexOf("\"timeNano\":");
    if (at < 0) {
      return null;
    }
    int i = skipBlanks(text, at + "\"timeNano\":".length());
    long v = 0;
    int start = i;
    while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
      int d = text.charAt(i) - '0';
      if (v > (Long.MAX_VALUE - d) / 10) {
        return null;
      }
      v = v * 10 + d;
      i++;
    }
    return i > start ? v : null;
  }

  /** {@code 2024-01-02T03:04:05.123456789Z container die <id> (exitCode=137, image=…, name=…)}. */
  private boolean cliEvent(LogRecord record, String m, EventSink sink) {
    int p = skipBlanks(m, 0);
    Stamps.Stamp st = Stamps.rfc3339(m, p);
    if (st == null || st.end() >= m.length() || m.charAt(st.end()) != ' ') {
      return false;
    }
    int q = st.end() + 1;
    if (!m.startsWith("container ", q)) {
      return false;
    }
    q += "container ".length();
    String action;
    if (m.startsWith("oom ", q)) {
      action = "oom";
    } else if (m.startsWith("die ", q)) {
      action = "die";
    } else if (m.startsWith("kill ", q)) {
      action = "kill";
    } else {
      return false;
    }
    int idStart = q + action.length() + 1;
    int idEnd = idStart;
    while (idEnd < m.length() && m.charAt(idEnd) != ' ') {
      idEnd++;
    }
    String id = m.substring(idStart, idEnd);
    if (!Containers.isId(id)) {
      return false;
    }
    Map<String, String> attrs = Map.of();
    if (m.startsWith(" (", idEnd)) {
      int close = m.length();
      while (close > idEnd + 2 && Character.isWhitespace(m.charAt(close - 1))) {
        close--;
      }
      if (m.charAt(close - 1) == ')') {
        close--;
      }
      attrs = Attributes.parse(m, idEnd + 2, close);
    }
    event(record, action, id, attrs, st.time(), sink);
    return true;
  }

  /** Docker 1.9 and older: {@code 2015-09-03T16:20:42.000000000-07:00 <id>: (from ubuntu) die}. */
  private boolean legacyEvent(LogRecord record, String m, EventSink sink) {
    int p = skipBlanks(m, 0);
    Stamps.Stamp st = Stamps.rfc3339(m, p);
    if (st == null || st.end() >= m.length() || m.charAt(st.end()) != ' ') {
      return false;
    }
    int colon = m.indexOf(": (from ", st.end());
    if (colon < 0) {
      return false;
    }
    String id = m.substring(st.end() + 1, colon);
    int close = m.lastIndexOf(") ");
    if (close < colon + ": (from ".length() || !Containers.isId(id)) {
      return false;
    }
    String action = m.substring(close + 2).trim();
    Map<String, String> attrs = Map.of("image", m.substring(colon + ": (from ".length(), close));
    event(record, action, id, attrs, st.time(), sink);
    return true;
  }

  /** One container event, of any form. */
  private void event(LogRecord record, String action, String rawId, Map<String, String> attrs, EventTime t,
      EventSink sink) {
    String id = Containers.id(rawId);
    if (id == null) {
      return;
    }
    ContainerRef c = Containers.of(ContainerRuntime.DOCKER, id, attrs.get("name"), attrs, null);
    switch (action) {
      case "oom" -> {
        Drafts.Draft d = drafts.open(id, c, record, false, sink);
        d.ooms++;
        d.touch(record, count, t);
      }
      case "die" -> {
        Drafts.Draft d = drafts.open(id, c, record, true, sink);
        d.ended = true;
        d.end = t;
        d.exitCode = Text.toInt(Text.number(attrs.getOrDefault("exitCode", ""), 0));
        d.touch(record, count, t);
      }
      case "kill" -> {
        String sig = attrs.get("signal");
        Signal s = sig == null ? null : signal(sig);
        if (s != null && !s.terminatesByDefault()) {
          return; // SIGWINCH, SIGCONT, …: nothing a container dies of
        }
        Drafts.Draft d = drafts.open(id, c, record, true, sink);
        if (s == null) {
          d.killUnnamed = true;
        } else {
          d.sent.add(s);
        }
        d.touch(record, count, t);
      }
      default -> {
        // start, stop, destroy, exec_die, health_status: not an end, or told by die already
      }
    }
  }

  /** A signal as Docker writes it: a number ({@code 9}) or a name ({@code SIGKILL}, {@code KILL}). */
  static @Nullable Signal signal(String s) {
    String v = s.trim();
    if (Text.isDigits(v) && v.length() <= 3) {
      return Signal.fromNumber(Long.parseLong(v)).orElse(null);
    }
    return Signal.fromName(v).orElse(null);
  }

  // ------------------------------------------------------------------------------------------ dockerd

  /**
   * dockerd's {@code Container <id> failed to exit within 10 seconds of signal 15 - using the force} (the
   * SIGKILL of {@code docker stop}), its 2024+ form {@code msg="Container failed to exit within 10s of signal
   * 15 - using the force" container=<id>}, and {@code Container <id12> failed to exit within 10 seconds of kill -
   * trying direct SIGKILL}.
   */
  private void daemonLine(LogRecord record, String m, EventSink sink) {
    String msg = Logfmt.field(m, "msg");
    if (msg == null) {
      msg = m;
    }
    int c = msg.indexOf("Container ");
    int f = msg.indexOf(" failed to exit within ");
    if (c < 0 || f < c) {
      return;
    }
    String id = msg.substring(c + "Container ".length(), Math.max(f, c + "Container ".length()));
    if (id.isEmpty()) {
      id = Logfmt.field(m, "container");
    }
    id = id == null ? null : Containers.id(id.trim());
    if (id == null) {
      return;
    }
    int w = f + " failed to exit within ".length();
    Long n = Text.number(msg, w);
    int unit = Text.digitsEnd(msg, w);
    String wait = n == null ? "the timeout"
        : n + (msg.startsWith("s ", unit) ? " seconds" : msg.startsWith(" seconds", unit) ? " seconds" : "");
    Stamps.Stamp st = Stamps.logfmtTime(m);
    EventTime t = st != null ? st.time() : record.time();
    ContainerRef ref = new ContainerRef(ContainerRuntime.DOCKER, id, null, null, null, null, null);
    if (msg.indexOf("using the force") >= 0) {
      Long num = Text.numberAfter(msg, " of signal ");
      Signal first = num == null ? null : Signal.fromNumber(num).orElse(null);
      Drafts.Draft d = drafts.open(id, ref, record, true, sink);
      if (first != null && !d.sent.contains(first)) {
        d.sent.add(first);
      }
      d.sent.add(Signal.SIGKILL);
      d.detail = "it did not exit within " + wait + (first != null ? " of " + first.name() : "")
          + "; docker stop killed it";
      d.touch(record, count, t);
    } else if (msg.indexOf("trying direct SIGKILL") >= 0) {
      Drafts.Draft d = drafts.open(id, ref, record, false, sink);
      if (!d.sent.contains(Signal.SIGKILL)) {
        d.sent.add(Signal.SIGKILL);
      }
      String more = "SIGKILL through containerd did not end it within " + wait + "; dockerd killed it directly";
      d.detail = d.detail == null ? more : d.detail + "; " + more;
      d.touch(record, count, t);
    }
  }

  private static int skipBlanks(String s, int from) {
    int p = from;
    while (p < s.length() && (s.charAt(p) == ' ' || s.charAt(p) == '\t')) {
      p++;
    }
    return p;
  }
}
