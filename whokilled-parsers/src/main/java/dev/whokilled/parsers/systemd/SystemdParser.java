package dev.whokilled.parsers.systemd;

import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.event.SignalDelivery.Reason;
import dev.whokilled.event.SignalDelivery;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.parsers.text.Tag;
import dev.whokilled.parsers.text.Text;
import dev.whokilled.spi.EventSink;
import dev.whokilled.spi.KillParser;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads what systemd (the system manager, PID 1, and the per-user managers) says about the processes of its
 * units, in every era: the kill lines ({@code Killing process 1234 (foo) with signal SIGKILL.}), the main
 * process's end ({@code Main process exited, code=killed, status=9/KILL}, lowercase before v230), the OOM
 * killer's and systemd-oomd's kills, and the lines that say why systemd was killing (a stop job, a stop or start
 * timeout, the watchdog, {@code RuntimeMaxSec=}).
 *
 * <p>Each unit keeps a small state, the last reason seen, which expires after a while. The lines about one death
 * of a unit (the OOM killer's note, the main process's end, the {@code Failed with result} line) are buffered per
 * unit until the result line, or a short bound, and become one {@link SignalDelivery} carrying all of them; the
 * main process's end joins the first kill line of the unit that sent the signal it died of (systemd signals the
 * main process first). Only records that systemd wrote count: identifier {@code systemd} (any pid: 1 is the
 * system manager, others are user managers), {@code systemd-shutdown}, or lines without any framing; the same
 * words from another writer become a warning.
 */
final class SystemdParser implements KillParser {

  /** Records a unit's buffered death waits after its result line, for a user manager's echo in PID 1. */
  static final int LINGER_RECORDS = 12;
  /** Time a unit's buffered death waits after its result line. */
  static final long LINGER_MILLIS = 3_000;
  /** Records after which a unit's unfinished death is emitted as it stands. */
  static final int IDLE_RECORDS = 400;
  /** Time after which a unit's unfinished death is emitted as it stands. */
  static final long IDLE_MILLIS = 120_000;
  /** Records after which a unit's last reason is forgotten. */
  static final int STATE_RECORDS = 3_000;
  /** Time after which a unit's last reason is forgotten (stop timeouts run to minutes). */
  static final long STATE_MILLIS = 600_000;
  /** Records within which a {@code Stopping Description...} line that names no unit counts for any unit. */
  static final int ANON_STOP_RECORDS = 60;
  /** Time within which a {@code Stopping Description...} line that names no unit counts for any unit. */
  static final long ANON_STOP_MILLIS = 15_000;
  /** Most units with a buffered death; past it the oldest is emitted. */
  static final int MAX_UNITS = 1_024;
  /** Most units whose last reason is kept. */
  static final int MAX_STATES = 4_096;
  /** Most deaths buffered for one unit; past it the oldest is emitted. */
  static final int MAX_DRAFTS = 64;

  private final int maxEvidence;
  private long n;
  private final Map<String, State> states = new LinkedHashMap<>(64, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, State> eldest) {
      return size() > MAX_STATES;
    }
  };
  private final Map<String, Pending> pending = new LinkedHashMap<>();
  private @Nullable LogRecord anonStop;
  private long anonStopAt;
  private @Nullable Long child;
  private @Nullable String childUnit;
  private long childAt;

  SystemdParser(int maxBlockLines) {
    this.maxEvidence = Math.max(2, Math.min(maxBlockLines, 24));
  }

  /** Why systemd was last seen acting on a unit. */
  private record State(Reason reason, String detail, LogRecord record, long at) {}

  /** One death being assembled. */
  private final class Draft {
    final String unit;
    final @Nullable Long pid;
    final @Nullable String comm;
    final boolean kill;
    final List<LogRecord> evidence = new ArrayList<>();
    LogRecord at;
    @Nullable Signal signal;
    @Nullable ProcessRef sender;
    Reason reason;
    @Nullable String detail;
    boolean fatal;
    boolean coreDumped;
    boolean mainMerged;

    Draft(String unit, @Nullable Long pid, @Nullable String comm, boolean kill, LogRecord at, Reason reason) {
      this.unit = unit;
      this.pid = pid;
      this.comm = comm;
      this.kill = kill;
      this.at = at;
      this.reason = reason;
    }

    void add(LogRecord r) {
      if (evidence.size() < maxEvidence && !evidence.contains(r)) {
        evidence.add(r);
      }
    }

    SignalDelivery build() {
      ProcessRef victim = pid == null && comm == null
          ? ProcessRef.ofUnit(unit)
          : new ProcessRef(pid, null, comm, null, null, null, unit.isEmpty() ? null : unit);
      return new SignalDelivery(victim, at.time(), evidence, signal, sender, null,
          dev.whokilled.event.Observer.SERVICE_MANAGER, reason, detail, fatal, coreDumped);
    }
  }

  /** The deaths of one unit being assembled. */
  private static final class Pending {
    final String unit;
    final long manager;
    final List<Draft> drafts = new ArrayList<>();
    LogRecord last;
    long lastAt;
    @Nullable LogRecord complete;
    long completeAt;

    Pending(String unit, long manager, LogRecord last, long lastAt) {
      this.unit = unit;
      this.manager = manager;
      this.last = last;
      this.lastAt = lastAt;
    }
  }

  @Override
  public long patience() {
    return pending.isEmpty() ? Long.MAX_VALUE : 0;
  }

  @Override
  public void skipped(long records) {
    n += records;
  }

  @Override
  public void accept(LogRecord record, EventSink sink) {
    n++;
    if (!pending.isEmpty() && (n & 7) == 0) {
      sweep(record, sink);
    }
    String m = record.message();
    if (!mayConcern(m)) {
      return;
    }
    String ident = record.identifier();
    Long pid = record.senderPid();
    if (ident == null || ident.equals("kernel")) {
      Tag t = Tag.at(m, "systemd", "systemd-shutdown");
      if (t == null && ident == null) {
        t = Tag.within(m, 80, "systemd", "systemd-shutdown");
      }
      if (t != null) {
        ident = t.name();
        pid = t.pid();
        m = t.rest();
      } else if (ident != null) {
        return;
      }
    }
    if (ident != null && !ident.equals("systemd") && !ident.equals("systemd-shutdown")) {
      if (claimsSystemd(m)) {
        sink.warning(record, "a service manager's message written by " + record.writer().orElse(ident)
            + ", not by systemd; not taken as its word: " + m);
      }
      return;
    }
    long manager = pid != null && pid > 0 ? pid : 1;
    dispatch(record, m, manager, sink);
  }

  @Override
  public void finish(EventSink sink) {
    for (Pending p : new ArrayList<>(pending.values())) {
      flush(p, sink);
    }
  }

  /** The phrases {@link #dispatch} and {@link #claimsSystemd} act on; the provider's prefilter names them too. */
  static final List<String> PHRASES = List.of("Killing process ", "Sending ", " belongs to ", "rocess exited, code=",
      "killed by the OOM killer", "systemd-oomd killed ", "Stopping ", "Stopped ", " entered failed state.",
      "failed.", " timed out.", "atchdog timeout", "reached runtime time limit", "still around after",
      " remains running after unit stopped.", "Failed with result '", "Deactivated successfully.", "Succeeded.");

  /** Fixed-substring test before any parsing: one of {@link #PHRASES}. */
  private static boolean mayConcern(String m) {
    for (int i = 0; i < PHRASES.size(); i++) {
      if (m.indexOf(PHRASES.get(i)) >= 0) {
        return true;
      }
    }
    return false;
  }

  private static boolean claimsSystemd(String m) {
    return m.indexOf("Killing process ") >= 0 && m.indexOf(" with signal ") >= 0
        || m.indexOf("rocess exited, code=killed") >= 0 || m.indexOf("rocess exited, code=dumped") >= 0
        || m.indexOf("killed by the OOM killer") >= 0 || m.indexOf("systemd-oomd killed ") >= 0;
  }

  private void dispatch(LogRecord record, String m, long manager, EventSink sink) {
    String unit = Lines.unitPrefix(m);
    String rest = unit == null ? m : m.substring(unit.length() + 2);
    int at;
    // every grammar is anchored at the start of the message (after the unit): a unit's description, or a
    // process's name, may hold any of these words
    if (rest.startsWith("Killing process ")) {
      killLine(record, rest, "Killing process ".length(), unit, manager, sink);
      return;
    }
    if (rest.startsWith("Sending SIGKILL to PID ")) {
      shutdownKill(record, rest, manager, sink);
      return;
    }
    if (rest.startsWith("Sending signal SIG")) {
      sendingSignal(record, rest, 0, unit, manager, sink);
      return;
    }
    if (unit != null && rest.startsWith("Child ") && rest.endsWith(" belongs to " + unit + ".")) {
      // debug logging names the main process's pid just before its end
      int end = Text.digitsEnd(rest, "Child ".length());
      child = Text.digits(rest, "Child ".length(), end);
      childUnit = unit;
      childAt = n;
      return;
    }
    if ((rest.startsWith("Main process exited, code=") || rest.startsWith("main process exited, code=")
        || rest.startsWith("Control process exited, code=") || rest.startsWith("control process exited, code="))
        && (at = rest.indexOf("rocess exited, code=")) >= 1) {
      if (unit == null) {
        // v219 lines begin "foo.service: main process exited" too, so a line without a unit is not systemd's
        return;
      }
      exited(record, rest, at, unit, manager, sink);
      return;
    }
    if (unit != null && rest.startsWith("A process of this unit has been killed by the OOM killer")) {
      oomKiller(record, rest, unit, manager, sink);
      return;
    }
    if (unit != null && rest.startsWith("systemd-oomd killed ") && rest.indexOf(" in this unit") > 0) {
      oomd(record, rest, unit, manager, sink);
      return;
    }
    if (unit == null) {
      if (m.startsWith("Stopping ")) {
        stopping(record, m, manager);
        return;
      }
      if (m.startsWith("Stopped ")) {
        String u = describedUnit(m, "Stopped ".length());
        if (u != null) {
          result(record, u, manager, "", sink);
        }
        return;
      }
      if (m.startsWith("Unit ") && m.endsWith(" entered failed state.")) {
        String u = Lines.unitWord(m.substring("Unit ".length()));
        if (u != null) {
          result(record, u, manager, "", sink);
        }
        return;
      }
      String u = Lines.unitWord(m);
      if (u == null) {
        return;
      }
      // the v2xx lines without a colon: "foo.service stop-sigterm timed out. Killing.", "foo.service failed."
      unit = u;
      rest = m.substring(u.length() + 1);
      if (rest.equals("failed.")) {
        result(record, unit, manager, "", sink);
        return;
      }
    }
    if (rest.indexOf(" timed out.") >= 0 && rest.indexOf("Job ") < 0) {
      Reason r = rest.indexOf("atchdog") >= 0 ? Reason.WATCHDOG : Reason.STOP_TIMEOUT;
      setState(unit, manager, r, rest, record);
    } else if (rest.startsWith("Watchdog timeout") || rest.startsWith("watchdog timeout")) {
      setState(unit, manager, Reason.WATCHDOG, rest, record);
    } else if (rest.startsWith("Service reached runtime time limit")) {
      setState(unit, manager, Reason.RUNTIME_LIMIT, rest, record);
    } else if (rest.startsWith("Processes still around after") || rest.startsWith("still around after")) {
      Pending p = pending.get(key(unit, manager));
      if (p != null) {
        for (Draft d : p.drafts) {
          d.add(record);
        }
      }
    } else if (rest.startsWith("Unit process ") && rest.endsWith(" remains running after unit stopped.")) {
      survivor(rest, unit, manager);
    } else if (rest.startsWith("Failed with result '")) {
      String result = Lines.tokenAt(rest, "Failed with result '".length(), "'");
      result(record, unit, manager, result, sink);
    } else if (rest.equals("Unit entered failed state.") || rest.equals("Deactivated successfully.")
        || rest.equals("Succeeded.")) {
      result(record, unit, manager, "", sink);
    }
  }

  // ------------------------------------------------------------------------------------------ the kill lines

  /** {@code Killing process 1234 (foo) with signal SIGKILL.} */
  private void killLine(LogRecord record, String rest, int from, @Nullable String unit, long manager,
      EventSink sink) {
    int end = Text.digitsEnd(rest, from);
    Long pid = Text.digits(rest, from, end);
    if (pid == null || pid <= 0 || !rest.startsWith(" (", end)) {
      return;
    }
    int close = rest.lastIndexOf(") with signal ");
    if (close < end + 2) {
      return;
    }
    String comm = rest.substring(end + 2, close);
    Signal sig = Text.signal(Lines.tokenAt(rest, close + ") with signal ".length(), ". "));
    if (sig == null) {
      return;
    }
    if (comm.equals("n/a")) {
      comm = null;
    }
    String u = unit == null ? "" : unit;
    Why why = why(u, manager, record, sig, true);
    Draft d = new Draft(u, pid, comm, true, record, why.reason);
    d.signal = sig;
    d.sender = systemd(manager);
    d.detail = why.detail != null ? why.detail : rest;
    d.fatal = sig == Signal.SIGKILL;
    if (why.record != null) {
      d.add(why.record);
    }
    d.add(record);
    if (unit == null) {
      sink.event(d.build());
      return;
    }
    Pending p = touch(u, manager, record, sink);
    if (p.drafts.size() >= MAX_DRAFTS) {
      for (int i = 1; i < p.drafts.size(); i++) {
        Draft old = p.drafts.get(i);
        if (old.kill) {
          p.drafts.remove(i);
          sink.event(old.build());
          break;
        }
      }
    }
    p.drafts.add(d);
  }

  /** {@code Sending SIGKILL to PID 1234 (foo).} from the final killing spree of a shutdown. */
  private void shutdownKill(LogRecord record, String rest, long manager, EventSink sink) {
    int from = "Sending SIGKILL to PID ".length();
    int end = Text.digitsEnd(rest, from);
    Long pid = Text.digits(rest, from, end);
    if (pid == null || pid <= 0 || !rest.startsWith(" (", end)) {
      return;
    }
    int close = rest.lastIndexOf(')');
    if (close < end + 2) {
      return;
    }
    String comm = rest.substring(end + 2, close);
    if (comm.startsWith("(")) {
      return; // systemd's own short-lived helpers, which it does not log about elsewhere either
    }
    Draft d = new Draft("", pid, comm.equals("n/a") ? null : comm, true, record, Reason.STOP_TIMEOUT);
    d.signal = Signal.SIGKILL;
    d.sender = systemd(manager);
    d.detail = rest;
    d.fatal = true;
    d.add(record);
    sink.event(d.build());
  }

  /**
   * {@code Sending signal SIGTERM to process 1234 (foo) on client request.}, {@code … to main process …}: a send
   * somebody asked systemd for ({@code systemctl kill}); systemd relays it, the reason is the client's.
   */
  private void sendingSignal(LogRecord record, String rest, int at, @Nullable String unit, long manager,
      EventSink sink) {
    int from = at + "Sending signal ".length();
    String name = Lines.tokenAt(rest, from, " ");
    Signal sig = Text.signal(name);
    int p = rest.indexOf("process ", from + name.length());
    if (sig == null || p < 0) {
      return;
    }
    p += "process ".length();
    int end = Text.digitsEnd(rest, p);
    Long pid = Text.digits(rest, p, end);
    if (pid == null || pid <= 0) {
      return;
    }
    String comm = null;
    if (rest.startsWith(" (", end)) {
      int close = rest.lastIndexOf(')');
      if (close > end + 2) {
        comm = rest.substring(end + 2, close);
      }
    }
    Draft d = new Draft(unit == null ? "" : unit, pid, comm == null || comm.equals("n/a") ? null : comm, true,
        record, Reason.UNSPECIFIED);
    d.signal = sig;
    d.sender = systemd(manager);
    d.detail = rest;
    d.add(record);
    sink.event(d.build());
  }

  /** A process of the unit survived its stop: a kill line of it was not a death. */
  private void survivor(String rest, String unit, long manager) {
    int from = "Unit process ".length();
    Long pid = Text.digits(rest, from, Text.digitsEnd(rest, from));
    Pending p = pending.get(key(unit, manager));
    if (pid == null || p == null) {
      return;
    }
    p.drafts.removeIf(d -> d.kill && pid.equals(d.pid));
  }

  // ------------------------------------------------------------------------------------- the main process

  /** {@code Main process exited, code=killed, status=9/KILL} (and {@code dumped}, and the control process). */
  private void exited(LogRecord record, String rest, int at, String unit, long manager, EventSink sink) {
    boolean main = rest.startsWith("Main process") || rest.startsWith("main process");
    int from = at + "rocess exited, code=".length();
    String code = Lines.tokenAt(rest, from, ", ");
    boolean dumped = code.equals("dumped");
    if (!dumped && !code.equals("killed")) {
      return;
    }
    int st = rest.indexOf("status=", from);
    if (st < 0) {
      return;
    }
    int end = Text.digitsEnd(rest, st + "status=".length());
    Long num = Text.digits(rest, st + "status=".length(), end);
    Signal sig = num == null ? null : Signal.fromNumber(num).orElse(null);
    if (sig == null && end < rest.length() && rest.charAt(end) == '/') {
      sig = Text.signal(Lines.tokenAt(rest, end + 1, " ,"));
    }
    if (sig == null) {
      return;
    }
    Pending p = touch(unit, manager, record, sink);
    if (main) {
      Draft mem = memoryDraft(p);
      if (mem != null && !mem.mainMerged && sig == Signal.SIGKILL) {
        mem.add(record);
        mem.mainMerged = true;
        return;
      }
      for (Draft d : p.drafts) {
        if (d.kill && !d.mainMerged && d.signal == sig) {
          d.add(record);
          d.mainMerged = true;
          d.fatal = true;
          d.coreDumped |= dumped;
          return;
        }
        if (d.kill) {
          break; // only the first kill line of the unit is its main process
        }
      }
    }
    Why why = why(unit, manager, record, sig, false);
    Long pid = main && unit.equals(childUnit) && n - childAt <= 2 ? child : null;
    Draft d = new Draft(unit, pid, null, false, record, why.reason);
    d.signal = sig;
    d.sender = why.systemd ? systemd(manager) : null;
    d.detail = why.detail != null ? why.detail : (main ? "" : "control process: ") + rest;
    d.fatal = true;
    d.coreDumped = dumped;
    d.mainMerged = main;
    if (why.record != null) {
      d.add(why.record);
    }
    d.add(record);
    p.drafts.add(d);
  }

  // ------------------------------------------------------------------------------------ the memory killers

  /** {@code A process of this unit has been killed by the OOM killer.} */
  private void oomKiller(LogRecord record, String rest, String unit, long manager, EventSink sink) {
    if (manager == 1 && unit.startsWith("user@")) {
      // PID 1 echoes a user manager's OOM note for the whole user@.service; that death is already being read
      for (Pending other : pending.values()) {
        if (other.manager != 1 && n - other.lastAt <= LINGER_RECORDS * 4L) {
          Draft mem = memoryDraft(other);
          if (mem != null) {
            mem.add(record);
            return;
          }
        }
      }
    }
    Pending p = touch(unit, manager, record, sink);
    setState(unit, manager, Reason.MEMORY, rest, record);
    Draft mem = memoryDraft(p);
    if (mem != null) {
      mem.add(record);
      return;
    }
    for (Draft d : p.drafts) {
      if (!d.kill && d.mainMerged && d.signal == Signal.SIGKILL && d.reason != Reason.MEMORY) {
        // the main process's end was read first: it was this kill
        d.reason = Reason.MEMORY;
        d.sender = null;
        d.detail = rest;
        d.add(record);
        return;
      }
    }
    Draft d = new Draft(unit, null, null, false, record, Reason.MEMORY);
    d.signal = Signal.SIGKILL;
    d.detail = rest;
    d.fatal = true;
    d.add(record);
    p.drafts.add(d);
  }

  /** {@code systemd-oomd killed 3 process(es) in this unit.} */
  private void oomd(LogRecord record, String rest, String unit, long manager, EventSink sink) {
    Pending p = touch(unit, manager, record, sink);
    setState(unit, manager, Reason.MEMORY, rest, record);
    Draft mem = memoryDraft(p);
    if (mem != null) {
      mem.sender = ProcessRef.of(null, "systemd-oomd");
      mem.detail = rest;
      mem.add(record);
      return;
    }
    Draft d = new Draft(unit, null, null, false, record, Reason.MEMORY);
    d.signal = Signal.SIGKILL;
    d.sender = ProcessRef.of(null, "systemd-oomd");
    d.detail = rest;
    d.fatal = true;
    d.add(record);
    p.drafts.add(d);
  }

  private static @Nullable Draft memoryDraft(Pending p) {
    for (Draft d : p.drafts) {
      if (d.reason == Reason.MEMORY && !d.kill) {
        return d;
      }
    }
    return null;
  }

  // ----------------------------------------------------------------------------------- reasons and results

  /** {@code Stopping Foo Server...} (no unit before v251) or {@code Stopping foo.service - Foo Server...}. */
  private void stopping(LogRecord record, String m, long manager) {
    String u = describedUnit(m, "Stopping ".length());
    if (u != null) {
      setState(u, manager, Reason.STOP, m, record);
    } else if (m.endsWith("...")) {
      anonStop = record;
      anonStopAt = n;
    }
  }

  /** The unit in {@code Stopping foo.service - Foo...} or {@code Stopped foo.service - Foo.}, or {@code null}. */
  private static @Nullable String describedUnit(String m, int from) {
    int end = m.indexOf(" - ", from);
    if (end < 0) {
      end = m.length();
      while (end > from && m.charAt(end - 1) == '.') {
        end--;
      }
    }
    if (end <= from) {
      return null;
    }
    String u = m.substring(from, end);
    return Lines.isUnitName(u) ? u : null;
  }

  private void setState(String unit, long manager, Reason reason, String detail, LogRecord record) {
    states.put(key(unit, manager), new State(reason, detail, record, n));
  }

  /** Why systemd sent, or would have sent, a signal to a process of the unit. */
  private record Why(Reason reason, @Nullable String detail, @Nullable LogRecord record, boolean systemd) {}

  /** The unit's last reason, unless it has expired. */
  private @Nullable State fresh(String unit, long manager, LogRecord now) {
    State s = unit.isEmpty() ? null : states.get(key(unit, manager));
    if (s != null && (n - s.at() > STATE_RECORDS || Text.after(s.record(), now, STATE_MILLIS))) {
      states.remove(key(unit, manager));
      return null;
    }
    return s;
  }

  private Why why(String unit, long manager, LogRecord now, Signal sig, boolean sent) {
    State s = fresh(unit, manager, now);
    Reason r = null;
    String detail = null;
    LogRecord rec = null;
    if (s != null) {
      r = s.reason();
      detail = s.detail();
      rec = s.record();
      if (r == Reason.MEMORY) {
        // systemd killing the rest of a unit after the OOM killer took one of its processes (OOMPolicy=stop)
        r = sent ? Reason.STOP : null;
      }
    } else if (anonStop != null && n - anonStopAt <= ANON_STOP_RECORDS
        && !Text.after(anonStop, now, ANON_STOP_MILLIS)) {
      r = Reason.STOP;
      detail = anonStop.message();
      rec = anonStop;
    }
    if (r == null || !sent && !plausible(r, sig)) {
      return new Why(Reason.UNSPECIFIED, null, null, sent);
    }
    return new Why(r, detail, rec, true);
  }

  /** Whether systemd could have sent this signal for this reason (a crash during a stop is still a crash). */
  private static boolean plausible(Reason r, Signal sig) {
    return switch (sig) {
      case SIGTERM, SIGKILL, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGPWR -> true;
      case SIGABRT -> r == Reason.WATCHDOG;
      default -> false;
    };
  }

  /** The unit's result line: its buffered death is complete, and its reason is spent. */
  private void result(LogRecord record, String unit, long manager, String result, EventSink sink) {
    String key = key(unit, manager);
    Pending p = pending.get(key);
    if (result.equals("oom-kill")) {
      if (p == null) {
        p = touch(unit, manager, record, sink);
      }
      Draft mem = memoryDraft(p);
      if (mem == null) {
        for (Draft d : p.drafts) {
          if (!d.kill && d.signal == Signal.SIGKILL) {
            d.reason = Reason.MEMORY;
            d.sender = null;
            mem = d;
            break;
          }
        }
      }
      if (mem == null) {
        mem = new Draft(unit, null, null, false, record, Reason.MEMORY);
        mem.signal = Signal.SIGKILL;
        mem.detail = record.message();
        mem.fatal = true;
        p.drafts.add(mem);
      }
      mem.add(record);
    } else if (p != null) {
      Reason r = result.equals("timeout") ? Reason.STOP_TIMEOUT
          : result.equals("watchdog") ? Reason.WATCHDOG : null;
      for (Draft d : p.drafts) {
        if (d.kill && !d.mainMerged) {
          continue;
        }
        if (r != null && d.reason == Reason.UNSPECIFIED && d.signal != null && plausible(r, d.signal)) {
          d.reason = r;
          d.sender = systemd(manager);
          d.detail = record.message();
        }
        d.add(record);
      }
    }
    if ((result.equals("timeout") || result.equals("watchdog")) && (p == null || p.drafts.isEmpty())) {
      // no kill or exit line was logged (a clean SIGTERM exit is logged at debug level): the result and the
      // reason still say that systemd ended the unit's main process
      State s = fresh(unit, manager, record);
      if (s != null && (s.reason() == Reason.RUNTIME_LIMIT || s.reason() == Reason.STOP_TIMEOUT
          || s.reason() == Reason.WATCHDOG)) {
        p = touch(unit, manager, record, sink);
        Draft d = new Draft(unit, null, null, false, record, s.reason());
        d.sender = systemd(manager);
        d.detail = s.detail();
        d.fatal = true;
        d.mainMerged = true;
        d.add(s.record());
        d.add(record);
        p.drafts.add(d);
      }
    }
    states.remove(key);
    if (p != null) {
      p.complete = record;
      p.completeAt = n;
    }
  }

  // ------------------------------------------------------------------------------------------- buffering

  private static String key(String unit, long manager) {
    return manager + " " + unit;
  }

  private static ProcessRef systemd(long manager) {
    return ProcessRef.of(manager, "systemd");
  }

  private Pending touch(String unit, long manager, LogRecord record, EventSink sink) {
    String key = key(unit, manager);
    Pending p = pending.get(key);
    if (p != null && p.complete != null) {
      // a new death of a unit whose previous one is complete: emit that one first
      flush(p, sink);
      p = null;
    }
    if (p == null) {
      if (pending.size() >= MAX_UNITS) {
        flush(pending.values().iterator().next(), sink);
      }
      p = new Pending(unit, manager, record, n);
      pending.put(key, p);
    }
    p.last = record;
    p.lastAt = n;
    return p;
  }

  private void sweep(LogRecord now, EventSink sink) {
    Iterator<Pending> it = pending.values().iterator();
    List<Pending> due = new ArrayList<>();
    while (it.hasNext()) {
      Pending p = it.next();
      LogRecord done = p.complete;
      boolean expired = done != null
          ? n - p.completeAt > LINGER_RECORDS || Text.after(done, now, LINGER_MILLIS)
          : n - p.lastAt > IDLE_RECORDS || Text.after(p.last, now, IDLE_MILLIS);
      if (expired) {
        due.add(p);
      }
    }
    for (Pending p : due) {
      flush(p, sink);
    }
  }

  private void flush(Pending p, EventSink sink) {
    pending.remove(key(p.unit, p.manager));
    for (Draft d : p.drafts) {
      sink.event(d.build());
    }
    p.drafts.clear();
  }
}
