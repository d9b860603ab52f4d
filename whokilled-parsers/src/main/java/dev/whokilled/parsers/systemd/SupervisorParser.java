package dev.whokilled.parsers.systemd;

import dev.whokilled.event.EventTime;
import dev.whokilled.event.Observer;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.event.SignalDelivery.Reason;
import dev.whokilled.event.SignalDelivery;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.parsers.text.Text;
import dev.whokilled.spi.EventSink;
import dev.whokilled.spi.KillParser;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads process supervisors' logs: supervisord ({@code exited: web (terminated by SIGKILL; not expected)},
 * {@code stopped: web (terminated by SIGTERM)}, {@code WARN killing 'web' (1234) with SIGKILL}) and Upstart
 * ({@code init: foo main process (1234) killed by KILL signal}).
 *
 * <p>supervisord names programs, not pids, in its exit lines; the pid comes from the program's last
 * {@code spawned: 'web' with pid 1234} line when the log has it. A {@code stopped:} line is supervisord's own stop;
 * an {@code exited:} line is a death it did not ask for, so its sender is not known. A {@code killing} line (the
 * escalation to SIGKILL when a stop outlasts {@code stopwaitsecs}) waits for the program's {@code stopped:} line
 * and becomes one event with it.
 */
final class SupervisorParser implements KillParser {

  /** Records a {@code killing} line waits for its program's {@code stopped:} line. */
  static final int KILL_WAIT_RECORDS = 200;
  /** Time a {@code killing} line waits for its program's {@code stopped:} line. */
  static final long KILL_WAIT_MILLIS = 60_000;
  /** Records within which a {@code waiting for web to stop} or Upstart's {@code stopping} counts. */
  static final int STOP_RECORDS = 400;
  /** Time within which a {@code waiting for web to stop} or Upstart's {@code stopping} counts. */
  static final long STOP_MILLIS = 120_000;
  /** Most {@code killing} lines waiting at once; past it the oldest is emitted. */
  static final int MAX_KILLING = 256;
  /** Most programs remembered. */
  static final int MAX_PROGRAMS = 4_096;

  private static final String[] LEVELS = {"INFO ", "WARN ", "CRIT ", "ERRO ", "DEBG ", "TRAC ", "BLAT "};

  private final int maxEvidence;
  private long n;
  private final Map<String, Program> programs = new LinkedHashMap<>(64, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Program> eldest) {
      return size() > MAX_PROGRAMS && eldest.getValue().kill == null;
    }
  };
  private final List<Program> killing = new ArrayList<>();
  private @Nullable LogRecord shutdown;
  private long shutdownAt;

  SupervisorParser(int maxBlockLines) {
    this.maxEvidence = Math.max(2, Math.min(maxBlockLines, 16));
  }

  /** What is known of one supervised program (or Upstart job). */
  private static final class Program {
    @Nullable Long pid;
    @Nullable LogRecord stopping;
    long stoppingAt;
    @Nullable Draft kill;
  }

  /** A supervisord kill waiting for the program's end. */
  private static final class Draft {
    final String name;
    final @Nullable Long pid;
    final List<LogRecord> evidence = new ArrayList<>();
    final LogRecord at;
    final EventTime time;
    final long atN;
    final Signal signal;
    final ProcessRef sender;
    final Reason reason;
    final String detail;

    Draft(String name, @Nullable Long pid, LogRecord at, EventTime time, long atN, Signal signal,
        ProcessRef sender, Reason reason, String detail) {
      this.name = name;
      this.pid = pid;
      this.at = at;
      this.time = time;
      this.atN = atN;
      this.signal = signal;
      this.sender = sender;
      this.reason = reason;
      this.detail = detail;
    }
  }

  @Override
  public long patience() {
    return killing.isEmpty() ? Long.MAX_VALUE : 0;
  }

  @Override
  public void skipped(long records) {
    n += records;
  }

  @Override
  public void accept(LogRecord record, EventSink sink) {
    n++;
    if (!killing.isEmpty() && (n & 7) == 0) {
      sweep(record, sink);
    }
    String m = record.message();
    boolean supervisord = m.indexOf("exited: ") >= 0 || m.indexOf("stopped: ") >= 0 || m.indexOf("killing ") >= 0
        || m.indexOf("spawned: ") >= 0 || m.indexOf("waiting for ") >= 0 || m.indexOf("exit request") >= 0;
    boolean upstart = m.indexOf(" process (") >= 0 || m.indexOf("state changed from ") >= 0;
    if (!supervisord && !upstart) {
      return;
    }
    String ident = record.identifier();
    if (upstart) {
      // Upstart writes through /dev/kmsg: its lines come tagged init, or as the kernel's with an "init: " prefix
      boolean tagged = m.startsWith("init: ");
      boolean fromInit = ident == null || ident.equals("init") || ident.equals("kernel") && tagged;
      if (fromInit && upstart(record, tagged ? m.substring("init: ".length()) : m, sink)) {
        return;
      }
    }
    if (supervisord && (ident == null || ident.indexOf("supervisor") >= 0)) {
      supervisord(record, m, ident != null ? record.senderPid() : null, sink);
    }
  }

  @Override
  public void finish(EventSink sink) {
    for (Program p : new ArrayList<>(killing)) {
      emitKill(p, sink);
    }
  }

  // -------------------------------------------------------------------------------------------- supervisord

  private void supervisord(LogRecord record, String m, @Nullable Long selfPid, EventSink sink) {
    EventTime time = record.time();
    String body = m;
    if (m.length() >= 24 && m.charAt(4) == '-' && m.charAt(10) == ' ' && m.charAt(19) == ',') {
      EventTime own = stamp(m);
      if (own != null && time.wall() == null) {
        time = own.uptime() == null && time.uptime() != null ? own.withUptime(time.uptime()) : own;
      }
      int sp = m.indexOf(' ', 20);
      body = sp < 0 ? "" : m.substring(sp + 1);
    }
    for (String level : LEVELS) {
      if (body.startsWith(level)) {
        body = body.substring(level.length());
        break;
      }
    }
    ProcessRef self = ProcessRef.of(selfPid, "supervisord");
    if (body.startsWith("spawned: ")) {
      int end = body.lastIndexOf(" with pid ");
      String name = quoted(body, "spawned: ".length(), end);
      if (name != null) {
        Long pid = Text.digits(body, end + " with pid ".length(), body.length());
        Program p = program(name);
        p.pid = pid;
        p.stopping = null;
      }
    } else if (body.startsWith("waiting for ")) {
      int end = body.lastIndexOf(" to ");
      if (end > "waiting for ".length()) {
        Program p = program(body.substring("waiting for ".length(), end));
        p.stopping = record;
        p.stoppingAt = n;
      }
    } else if (body.indexOf(" indicating exit request") >= 0) {
      shutdown = record;
      shutdownAt = n;
    } else if (body.startsWith("killing ")) {
      killingLine(record, body, time, self, sink);
    } else if (body.startsWith("stopped: ") || body.startsWith("exited: ")) {
      ended(record, body, time, self, sink);
    }
  }

  /** A Python repr of a name between {@code from} and {@code end}: {@code 'web'} or {@code "it's"}. */
  private static @Nullable String quoted(String s, int from, int end) {
    if (end - from < 3) {
      return null;
    }
    char q = s.charAt(from);
    if ((q != '\'' && q != '"') || s.charAt(end - 1) != q) {
      return null;
    }
    return s.substring(from + 1, end - 1);
  }

  /**
   * {@code killing 'web' (1234) with SIGKILL} (3.x and later, at the end of {@code stopwaitsecs}) or the older
   * debug line {@code killing web (pid 1234) with signal SIGTERM}.
   */
  private void killingLine(LogRecord record, String body, EventTime time, ProcessRef self, EventSink sink) {
    int with = body.lastIndexOf(") with ");
    if (with < 0) {
      return;
    }
    int open = body.lastIndexOf(" (", with);
    if (open < "killing ".length()) {
      return;
    }
    String name = quoted(body, "killing ".length(), open);
    if (name == null) {
      name = body.substring("killing ".length(), open);
    }
    int pidFrom = body.startsWith("pid ", open + 2) ? open + 6 : open + 2;
    Long pid = Text.digits(body, pidFrom, with);
    String sigText = body.substring(with + ") with ".length());
    if (sigText.startsWith("signal ")) {
      sigText = sigText.substring("signal ".length());
    }
    Signal sig = Text.signal(sigText);
    if (pid == null || pid <= 0 || sig == null || name.isEmpty()) {
      return;
    }
    Program p = program(name);
    if (p.kill != null) {
      emitKill(p, sink);
    }
    Reason reason = sig == Signal.SIGKILL ? Reason.STOP_TIMEOUT : Reason.STOP;
    Draft d = new Draft(name, pid, record, time, n, sig, self, reason, "supervisord program '" + name + "': " + body);
    if (p.stopping != null && n - p.stoppingAt <= STOP_RECORDS) {
      d.evidence.add(p.stopping);
    }
    d.evidence.add(record);
    p.kill = d;
    killing.add(p);
    if (killing.size() > MAX_KILLING) {
      emitKill(killing.get(0), sink);
    }
  }

  /** {@code stopped: web (terminated by SIGTERM)}, {@code exited: web (terminated by SIGKILL; not expected)}. */
  private void ended(LogRecord record, String body, EventTime time, ProcessRef self, EventSink sink) {
    boolean stopped = body.startsWith("stopped: ");
    int from = stopped ? "stopped: ".length() : "exited: ".length();
    int open = body.lastIndexOf(" (terminated by ");
    if (open < from) {
      if (body.lastIndexOf(" (exit status ") > from) {
        Program p = programs.get(body.substring(from, body.lastIndexOf(" (exit status ")));
        if (p != null && p.kill != null) {
          // it exited on its own after all: the signal it was sent did not end it
          killing.remove(p);
          p.kill = null;
        }
      }
      return;
    }
    String name = body.substring(from, open);
    String cause = Lines.tokenAt(body, open + " (terminated by ".length(), ";)");
    boolean core = cause.endsWith(" (core dumped");
    if (core) {
      cause = cause.substring(0, cause.length() - " (core dumped".length());
    }
    if (cause.startsWith("signal ")) {
      cause = cause.substring("signal ".length());
    }
    Signal sig = Text.signal(cause);
    if (sig == null || name.isEmpty()) {
      return;
    }
    Program p = program(name);
    Draft k = p.kill;
    List<LogRecord> evidence = new ArrayList<>();
    Reason reason;
    ProcessRef sender;
    String detail = "supervisord program '" + name + "': " + body;
    EventTime t = time;
    if (k != null) {
      killing.remove(p);
      p.kill = null;
      evidence.addAll(k.evidence);
      reason = k.signal == sig ? k.reason : Reason.STOP;
      sender = k.sender;
      detail = k.detail;
      t = k.time;
    } else if (stopped) {
      if (p.stopping != null && n - p.stoppingAt <= STOP_RECORDS) {
        evidence.add(p.stopping);
      } else if (shutdown != null && n - shutdownAt <= STOP_RECORDS) {
        evidence.add(shutdown);
      }
      reason = Reason.STOP;
      sender = self;
    } else {
      reason = Reason.UNSPECIFIED;
      sender = null;
    }
    if (evidence.size() < maxEvidence) {
      evidence.add(record);
    }
    Long pid = k != null && k.pid != null ? k.pid : p.pid;
    p.pid = null;
    p.stopping = null;
    ProcessRef victim = pid != null ? ProcessRef.of(pid, null) : ProcessRef.of(null, name);
    sink.event(new SignalDelivery(victim, t, evidence, sig, sender, null, Observer.SERVICE_MANAGER, reason,
        detail, true, core));
  }

  /** {@code 2019-01-26 15:48:45,218}, read as UTC with the zone marked assumed (supervisord writes local time). */
  private static @Nullable EventTime stamp(String m) {
    Long y = Text.digits(m, 0, 4);
    Long mo = Text.digits(m, 5, 7);
    Long d = Text.digits(m, 8, 10);
    Long h = Text.digits(m, 11, 13);
    Long mi = Text.digits(m, 14, 16);
    Long s = Text.digits(m, 17, 19);
    Long ms = Text.digits(m, 20, 23);
    if (y == null || mo == null || d == null || h == null || mi == null || s == null || ms == null) {
      return null;
    }
    try {
      LocalDateTime t = LocalDateTime.of(y.intValue(), mo.intValue(), d.intValue(), h.intValue(), mi.intValue(),
          s.intValue(), ms.intValue() * 1_000_000);
      return new EventTime(t.toInstant(ZoneOffset.UTC), EventTime.Precision.MILLIS, false, true, null, null);
    } catch (DateTimeException e) {
      return null;
    }
  }

  private Program program(String name) {
    return programs.computeIfAbsent(name, k -> new Program());
  }

  private void sweep(LogRecord now, EventSink sink) {
    for (Program p : new ArrayList<>(killing)) {
      Draft d = p.kill;
      if (d == null || n - d.atN > KILL_WAIT_RECORDS || Text.after(d.at, now, KILL_WAIT_MILLIS)) {
        emitKill(p, sink);
      }
    }
  }

  /** A {@code killing} line whose end never came: the send alone. */
  private void emitKill(Program p, EventSink sink) {
    killing.remove(p);
    Draft d = p.kill;
    p.kill = null;
    if (d == null) {
      return;
    }
    ProcessRef victim = ProcessRef.of(d.pid, null);
    sink.event(new SignalDelivery(victim, d.time, d.evidence, d.signal, d.sender, null,
        Observer.SERVICE_MANAGER, d.reason, d.detail, d.signal == Signal.SIGKILL, false));
  }

  // ------------------------------------------------------------------------------------------------ Upstart

  /**
   * {@code foo main process (1234) killed by KILL signal}, {@code foo (tty1) pre-start process (12) killed by
   * signal 64}, Upstart 0.3's {@code foo process (1234) killed by TERM signal}; and the debug line
   * {@code foo state changed from running to stopping} that says Upstart itself was stopping the job.
   *
   * @return whether the line was Upstart's
   */
  private boolean upstart(LogRecord record, String body, EventSink sink) {
    int changed = body.indexOf(" state changed from ");
    if (changed > 0) {
      if (body.endsWith(" to stopping") || body.endsWith(" to killed")) {
        Program p = program("upstart " + body.substring(0, changed));
        p.stopping = record;
        p.stoppingAt = n;
        return true;
      }
      return false;
    }
    int by = body.lastIndexOf(") killed by ");
    if (by < 0) {
      return false;
    }
    int open = body.lastIndexOf(" process (", by);
    if (open <= 0) {
      return false;
    }
    Long pid = Text.digits(body, open + " process (".length(), by);
    String what = body.substring(by + ") killed by ".length());
    Signal sig;
    if (what.startsWith("signal ")) {
      sig = Text.signal(what.substring("signal ".length()));
    } else if (what.endsWith(" signal")) {
      sig = Text.signal(what.substring(0, what.length() - " signal".length()));
    } else {
      sig = null;
    }
    if (pid == null || pid <= 0 || sig == null) {
      return false;
    }
    String jobProcess = body.substring(0, open);
    String job = jobProcess;
    int space = jobProcess.lastIndexOf(' ');
    if (space > 0) {
      String kind = jobProcess.substring(space + 1);
      if (kind.equals("main") || kind.endsWith("-start") || kind.endsWith("-stop") || kind.equals("security")) {
        job = jobProcess.substring(0, space);
      }
    }
    Program p = programs.get("upstart " + job);
    List<LogRecord> evidence = new ArrayList<>();
    Reason reason = Reason.UNSPECIFIED;
    ProcessRef sender = null;
    if (p != null && p.stopping != null && n - p.stoppingAt <= STOP_RECORDS
        && !Text.after(p.stopping, record, STOP_MILLIS)
        && (sig == Signal.SIGTERM || sig == Signal.SIGKILL)) {
      evidence.add(p.stopping);
      reason = sig == Signal.SIGKILL ? Reason.STOP_TIMEOUT : Reason.STOP;
      sender = ProcessRef.of(1L, "init");
      p.stopping = null;
    }
    evidence.add(record);
    sink.event(new SignalDelivery(ProcessRef.of(pid, null), record.time(), evidence, sig, sender, null,
        Observer.SERVICE_MANAGER, reason, "upstart job " + jobProcess + " process killed by " + what, true,
        false));
    return true;
  }
}
