package dev.whokilled.parsers.apps;

import dev.whokilled.event.Crash;
import dev.whokilled.event.CrashType;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.Observer;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.event.SignalDelivery;
import dev.whokilled.event.SignalDelivery.Reason;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.framing.Origin;
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
 * Reads the lines in which servers say how one of their processes died, or that they were sent a signal.
 *
 * <ul>
 *   <li>nginx: {@code [alert] 27#27: worker process 269 exited on signal 9} (and {@code (core dumped)});
 *   <li>PostgreSQL: {@code server process (PID 315) was terminated by signal 9: Killed} with its
 *       {@code DETAIL:  Failed process was running: …}, any child ({@code background worker "…"}), and the
 *       postmaster's {@code received fast shutdown request} (SIGINT), {@code smart} (SIGTERM),
 *       {@code immediate} (SIGQUIT);
 *   <li>Apache httpd: {@code AH00052: child pid 2840 exit signal Segmentation fault (11)}, {@code AH00051: …,
 *       possible coredump in /etc/apache2} (httpd logs that form only when the child dumped core), and the
 *       2.2 form without a number;
 *   <li>php-fpm: {@code [pool www] child 94930 exited on signal 9 (SIGKILL) after 0.000895 seconds from start},
 *       after {@code execution timed out (…), terminating} when the master killed it for
 *       {@code request_terminate_timeout};
 *   <li>gunicorn: {@code [CRITICAL] WORKER TIMEOUT (pid:17)} (the arbiter then aborts the worker, and kills it
 *       if it lingers), {@code Worker (pid:17) was sent SIGKILL! Perhaps out of memory?}, the older
 *       {@code Worker with pid 7214 was terminated due to signal 6};
 *   <li>uWSGI: {@code DAMN ! worker 1 (pid: 108) died, killed by signal 9 :( trying respawn ...}, after
 *       {@code *** HARAKIRI ON WORKER 9 (pid: 18949, try: 1) ***} when the master killed it, and
 *       {@code worker 4 (pid: 32580) is taking too much time to die...NO MERCY !!!};
 *   <li>Redis: {@code Received SIGTERM scheduling shutdown...}, and its crash report
 *       {@code Redis 5.0.7 crashed by signal: 11};
 *   <li>MySQL and MariaDB: {@code mysqld got signal 11 ;} (a crash), {@code Got signal 15 to shutdown mysqld};
 *   <li>MongoDB, which names the sender: {@code "msg":"Received signal","attr":{"signal":15,…}} then
 *       {@code "msg":"Signal was sent by kill(2)","attr":{"pid":84,"uid":999}}, and the older
 *       {@code got signal 15 (Terminated), will terminate after current cmd ends};
 *   <li>compiler drivers: {@code c++: fatal error: Killed signal terminated program cc1plus},
 *       {@code collect2: fatal error: ld terminated with signal 9 [Killed]}.
 * </ul>
 *
 * <p>Application lines never come from the kernel, so records framed as the kernel's are not read. Watchdog state
 * (timed-out workers waiting for their end) is kept per pid, at most {@link #MAX_PENDING} entries.
 */
final class AppsParser implements KillParser {

  /** Most timed-out workers remembered while their end is awaited. */
  static final int MAX_PENDING = 4096;

  /** Records a multi-line report (a crash report's details, a DETAIL line) is awaited. */
  static final int FOLLOW_UP = 12;

  /** A worker its master gave up on, waiting for the line that tells how it ended. */
  private record Timeout(LogRecord at, @Nullable Long master, String masterName, Signal signal, String detail) {}

  private final Map<Long, Timeout> gunicorn = lru();
  private final Map<Long, Timeout> uwsgi = lru();
  private final Map<Long, Timeout> fpm = lru();
  private @Nullable Long uwsgiMaster;

  /** A SignalDelivery or Crash whose next line may add to it. */
  private @Nullable Draft draft;

  /** The parts of an event that a following line may complete. */
  private static final class Draft {
    final Kind kind;
    final List<LogRecord> evidence = new ArrayList<>();
    final EventTime time;
    ProcessRef victim;
    @Nullable Signal signal;
    @Nullable ProcessRef sender;
    @Nullable String siCode;
    @Nullable String detail;
    boolean fatal;
    boolean core;
    @Nullable Long ip;
    @Nullable Long address;
    int age;

    Draft(Kind kind, LogRecord at, EventTime time, ProcessRef victim) {
      this.kind = kind;
      this.time = time;
      this.victim = victim;
      evidence.add(at);
    }
  }

  /** What a draft is waiting for. */
  private enum Kind { POSTGRES_DETAIL, MONGO_SENDER, REDIS_CRASH }

  private static <V> Map<Long, V> lru() {
    return new LinkedHashMap<>(64, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, V> eldest) {
        return size() > MAX_PENDING;
      }
    };
  }

  @Override
  public long patience() {
    return draft == null ? Long.MAX_VALUE : 0; // a draft waits for its follow-up lines
  }

  @Override
  public void accept(LogRecord record, EventSink sink) {
    if (record.origin() == Origin.KERNEL) {
      return; // a line the kernel's own record proves it wrote is no application's
    }
    // KERNEL_LOG stays: Apache 2.2's "[Thu May 19 18:35:17 2016] [notice] …" looks like a dmesg -T line
    String m = record.message();
    Draft d = draft;
    if (d != null && !followUp(d, record, m, sink)) {
      flush(sink);
    }
    if (m.indexOf("signal") < 0 && m.indexOf("SIG") < 0 && m.indexOf("shutdown request") < 0
        && m.indexOf("WORKER TIMEOUT") < 0 && m.indexOf("Worker") < 0 && m.indexOf("HARAKIRI ON WORKER") < 0
        && m.indexOf("NO MERCY") < 0 && m.indexOf("uWSGI master process") < 0
        && m.indexOf("execution timed out") < 0 && m.indexOf("Signal was sent by") < 0
        && m.indexOf("(program ") < 0) {
      return;
    }
    int at;
    if ((at = m.indexOf(" exited on signal ")) >= 0) {
      exitedOnSignal(record, m, at, sink);
    } else if ((at = m.indexOf(") received")) >= 0 && m.lastIndexOf("signal ", at) >= 0) {
      nginxReceived(record, m, at, sink);
    } else if ((at = m.indexOf(" was terminated by signal ")) >= 0) {
      postgres(record, m, at, sink);
    } else if ((at = m.indexOf(" shutdown request")) >= 0) {
      postgresShutdown(record, m, at, sink);
    } else if ((at = m.indexOf(" exit signal ")) >= 0 && m.lastIndexOf("child pid ", at) >= 0) {
      apache(record, m, at, sink);
    } else if (m.indexOf("execution timed out") >= 0) {
      fpmTimeout(record, m);
    } else if (m.indexOf("WORKER TIMEOUT (pid:") >= 0 || m.indexOf("Worker (pid:") >= 0
        || m.indexOf("Worker with pid ") >= 0) {
      gunicorn(record, m, sink);
    } else if (m.indexOf("DAMN ! worker ") >= 0 || m.indexOf("HARAKIRI ON WORKER") >= 0
        || m.indexOf("NO MERCY") >= 0 || m.indexOf("uWSGI master process (pid: ") >= 0) {
      uwsgi(record, m, sink);
    } else if ((at = m.indexOf("scheduling shutdown")) >= 0 && m.indexOf("Received SIG") >= 0) {
      redisShutdown(record, m, sink);
    } else if ((at = m.indexOf(" crashed by signal: ")) >= 0) {
      redisCrash(record, m, at, sink);
    } else if ((at = m.indexOf("got signal ")) >= 0 || (at = m.indexOf("Got signal ")) >= 0) {
      gotSignal(record, m, at, sink);
    } else if (m.indexOf("Received signal") >= 0) {
      mongoReceived(record, m, sink);
    } else if ((at = m.indexOf(" signal terminated program ")) >= 0) {
      compiler(record, m, at, sink);
    } else if ((at = m.indexOf(": internal compiler error: ")) >= 0 && m.indexOf("(program ", at) >= 0) {
      compilerIce(record, m, at, sink);
    } else if ((at = m.indexOf(" terminated with signal ")) >= 0 && m.indexOf("collect2") >= 0) {
      collect2(record, m, at, sink);
    }
  }

  @Override
  public void finish(EventSink sink) {
    flush(sink);
    // workers whose master gave up on them and whose end was never logged: the master's signal stands
    drain(gunicorn, sink);
    drain(uwsgi, sink);
    drain(fpm, sink);
  }

  private void drain(Map<Long, Timeout> pending, EventSink sink) {
    for (Iterator<Map.Entry<Long, Timeout>> it = pending.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Long, Timeout> e = it.next();
      Timeout t = e.getValue();
      emitSignal(t.at(), AppTime.of(t.at(), 0), ProcessRef.of(e.getKey(), null), t.signal(), master(t.master(), t.masterName()),
          Reason.WATCHDOG, t.detail(), false, false, sink);
      it.remove();
    }
  }

  // ---------------------------------------------------------------- nginx, php-fpm

  /** nginx {@code worker process 269 exited on signal 9}, php-fpm {@code child 94930 exited on signal 9 (SIGKILL)}. */
  private void exitedOnSignal(LogRecord record, String m, int at, EventSink sink) {
    Long pid = numberBefore(m, at);
    Long sig = Text.number(m, at + 18);
    Signal signal = sig == null ? null : Signal.fromNumber(sig).orElse(null);
    if (pid == null || signal == null) {
      return;
    }
    boolean core = m.indexOf("core dumped", at) >= 0;
    boolean php = m.indexOf("[pool ") >= 0 && m.startsWith("child ", Math.max(0, at - digitsBefore(m, at) - 6));
    EventTime time = AppTime.of(record, 0);
    if (php) {
      Timeout t = fpm.remove(pid);
      ProcessRef victim = ProcessRef.of(pid, null);
      if (t != null) {
        emitSignal(List.of(t.at(), record), time, victim, signal, master(t.master(), t.masterName()), Reason.WATCHDOG,
            t.detail(), true, core, sink);
      } else {
        emitSignal(record, time, victim, signal, null, Reason.UNSPECIFIED, null, true, core, sink);
      }
      return;
    }
    // nginx: "2021/12/18 22:40:03 [alert] 27#27: worker process 269 exited on signal 9"
    int hash = m.lastIndexOf('#', at);
    String comm = hash > 0 && ShellWords.isDigit(m.charAt(hash - 1)) && m.indexOf(": ", hash) > 0 ? "nginx" : null;
    int nameStart = m.lastIndexOf(": ", at);
    String what = nameStart >= 0 && nameStart < at - digitsBefore(m, at)
        ? m.substring(nameStart + 2, at - digitsBefore(m, at)).strip() : null;
    emitSignal(record, time, ProcessRef.of(pid, comm), signal, null, Reason.UNSPECIFIED, what, true, core, sink);
  }

  /**
   * nginx 1.19+: {@code [notice] 1#1: signal 15 (SIGTERM) received from 1234, exiting}; without {@code from} when
   * the sender is not known. Only the signals that end the process ({@code exiting}, {@code shutting down}).
   */
  private void nginxReceived(LogRecord record, String m, int at, EventSink sink) {
    int sig = m.lastIndexOf("signal ", at);
    Long n = Text.number(m, sig + 7);
    Signal signal = n == null ? null : Signal.fromNumber(n).orElse(null);
    int e = at + 10;
    Long from = null;
    if (m.startsWith(" from ", e)) {
      from = Text.number(m, e + 6);
      e += 6;
      while (e < m.length() && ShellWords.isDigit(m.charAt(e))) {
        e++;
      }
    }
    if (signal == null || !(m.startsWith(", exiting", e) || m.startsWith(", shutting down", e))) {
      return;
    }
    int hash = m.lastIndexOf('#', sig);
    Long pid = hash > 0 ? numberBefore(m, hash) : null;
    if (pid == null && hash > 0) {
      int n0 = digitsBefore(m, hash);
      pid = n0 > 0 && n0 <= 10 && n0 == hash ? Long.valueOf(m.substring(0, hash)) : null;
    }
    ProcessRef sender = from == null ? null : ProcessRef.of(from, null);
    emitSignal(record, AppTime.of(record, 0), ProcessRef.of(pid != null ? pid : record.senderPid(), "nginx"),
        signal, sender, Reason.UNSPECIFIED, m.substring(sig).strip(), false, false, sink);
  }

  /** php-fpm's {@code [pool www] child 123, script '…' (request: "…") execution timed out (30.1 sec), terminating}. */
  private void fpmTimeout(LogRecord record, String m) {
    int child = m.indexOf("] child ");
    if (child < 0 || m.indexOf("terminating") < 0) {
      return;
    }
    Long pid = Text.number(m, child + 8);
    if (pid != null) {
      // the master sends SIGTERM for request_terminate_timeout
      fpm.put(pid, new Timeout(record, record.senderPid(), "php-fpm", Signal.SIGTERM, "request_terminate_timeout: "
          + m.substring(m.indexOf("execution timed out"))));
    }
  }

  // ---------------------------------------------------------------- PostgreSQL

  /** {@code server process (PID 315) was terminated by signal 9: Killed}, then its DETAIL line. */
  private void postgres(LogRecord record, String m, int at, EventSink sink) {
    int open = m.lastIndexOf("(PID ", at);
    if (open < 0) {
      return;
    }
    Long pid = Text.number(m, open + 5);
    Long sig = Text.number(m, at + 26);
    Signal signal = sig == null ? null : Signal.fromNumber(sig).orElse(null);
    if (pid == null || signal == null) {
      return;
    }
    int logAt = m.lastIndexOf(":  ", open);
    String what = m.substring(logAt >= 0 ? logAt + 3 : 0, open).strip();
    Draft d = new Draft(Kind.POSTGRES_DETAIL, record, AppTime.of(record, 0), ProcessRef.of(pid, "postgres"));
    // the postmaster's own pid is in the line prefix; it reaps the child, it did not send the signal
    d.signal = signal;
    d.detail = what.isEmpty() ? null : what;
    d.fatal = true;
    setDraft(d, sink);
  }

  /** {@code received fast shutdown request}: the postmaster got SIGINT (smart: SIGTERM, immediate: SIGQUIT). */
  private void postgresShutdown(LogRecord record, String m, int at, EventSink sink) {
    Signal signal;
    String word;
    if (m.startsWith("received smart", at - 14)) {
      signal = Signal.SIGTERM;
      word = "received smart shutdown request";
    } else if (m.startsWith("received fast", at - 13)) {
      signal = Signal.SIGINT;
      word = "received fast shutdown request";
    } else if (m.startsWith("received immediate", at - 18)) {
      signal = Signal.SIGQUIT;
      word = "received immediate shutdown request";
    } else {
      return;
    }
    Long pid = bracketPidBefore(m, at);
    if (pid == null) {
      pid = csvPid(m);
    }
    if (pid == null) {
      pid = record.senderPid();
    }
    emitSignal(record, AppTime.of(record, 0), ProcessRef.of(pid, "postgres"), signal, null, Reason.UNSPECIFIED,
        word, false, false, sink);
  }

  // ---------------------------------------------------------------- Apache httpd

  /** {@code AH00052: child pid 2840 exit signal Segmentation fault (11)}, {@code AH00051: …, possible coredump in …}. */
  private void apache(LogRecord record, String m, int at, EventSink sink) {
    int child = m.lastIndexOf("child pid ", at);
    Long pid = Text.number(m, child + 10);
    if (pid == null) {
      return;
    }
    int descStart = at + 13;
    int comma = m.indexOf(", possible coredump in ", descStart);
    int end = comma >= 0 ? comma : m.length();
    while (end > descStart && Character.isWhitespace(m.charAt(end - 1))) {
      end--;
    }
    Signal signal = null;
    int open = m.lastIndexOf('(', end);
    if (open > descStart && end > open && m.charAt(end - 1) == ')') {
      Long n = Text.number(m, open + 1);
      signal = n == null ? null : Signal.fromNumber(n).orElse(null);
    }
    if (signal == null) {
      ShellWords.Found f = ShellWords.description(m, descStart, false);
      signal = f == null ? null : f.signal();
    }
    if (signal == null) {
      return;
    }
    emitSignal(record, AppTime.of(record, 0), ProcessRef.of(pid, null), signal, null, Reason.UNSPECIFIED, null,
        true, comma >= 0, sink);
  }

  // ---------------------------------------------------------------- gunicorn

  private void gunicorn(LogRecord record, String m, EventSink sink) {
    int at;
    if ((at = m.indexOf("WORKER TIMEOUT (pid:")) >= 0) {
      Long pid = Text.number(m, at + 20);
      if (pid != null) {
        // gunicorn 19.2+ aborts a timed-out worker and kills it if it is still there at the next check
        gunicorn.put(pid, new Timeout(record, gunicornMaster(record, m), "gunicorn", Signal.SIGABRT, "WORKER TIMEOUT"));
      }
      return;
    }
    Long pid = null;
    Signal signal = null;
    if ((at = m.indexOf("Worker (pid:")) >= 0) {
      pid = Text.number(m, at + 12);
      int sent = m.indexOf(") was sent ", at);
      int exited = m.indexOf(") exited with code ", at);
      if (sent >= 0) {
        int bang = m.indexOf('!', sent);
        String name = m.substring(sent + 11, bang > sent ? bang : m.length()).strip();
        signal = Signal.fromName(name).orElseGet(() -> {
          Long n = Text.number(name, 0);
          return n == null ? null : Signal.fromNumber(n).orElse(null);
        });
      } else if (exited >= 0) {
        exitedAfterTimeout(pid, record, m.substring(exited + 2), sink);
        return;
      }
    } else if ((at = m.indexOf("Worker with pid ")) >= 0) {
      pid = Text.number(m, at + 16);
      int due = m.indexOf(" terminated due to signal ", at);
      Long n = due < 0 ? null : Text.number(m, due + 26);
      signal = n == null ? null : Signal.fromNumber(n).orElse(null);
    }
    if (pid == null || signal == null) {
      return;
    }
    Timeout t = gunicorn.remove(pid);
    EventTime time = AppTime.of(record, 0);
    if (t != null) {
      emitSignal(List.of(t.at(), record), time, ProcessRef.of(pid, null), signal, master(t.master(), t.masterName()),
          Reason.WATCHDOG, t.detail(), true, false, sink);
    } else {
      // "Perhaps out of memory?" is gunicorn's guess for any SIGKILL, not a witness of who sent it
      emitSignal(record, time, ProcessRef.of(pid, null), signal, null, Reason.UNSPECIFIED, null, true, false,
          sink);
    }
  }

  /** A timed-out worker that handled the arbiter's SIGABRT and exited: the arbiter's signal ended it. */
  private void exitedAfterTimeout(@Nullable Long pid, LogRecord record, String how, EventSink sink) {
    Timeout t = pid == null ? null : gunicorn.remove(pid);
    if (t == null) {
      return;
    }
    emitSignal(List.of(t.at(), record), AppTime.of(t.at(), 0), ProcessRef.of(pid, null), t.signal(),
        master(t.master(), t.masterName()), Reason.WATCHDOG, t.detail() + "; " + how.strip(), false, false, sink);
  }

  /** The arbiter's pid: {@code [2024-11-05 09:25:59 +0000] [16] [CRITICAL]} or the framing's. */
  private static @Nullable Long gunicornMaster(LogRecord record, String m) {
    int level = m.indexOf("] [CRITICAL]");
    Long pid = level > 0 ? bracketNumberEndingAt(m, level) : null;
    return pid != null ? pid : record.senderPid();
  }

  // ---------------------------------------------------------------- uWSGI

  private void uwsgi(LogRecord record, String m, EventSink sink) {
    int at;
    if ((at = m.indexOf("uWSGI master process (pid: ")) >= 0) {
      uwsgiMaster = Text.number(m, at + 27);
      return;
    }
    if ((at = m.indexOf("HARAKIRI ON WORKER")) >= 0) {
      int p = m.indexOf("(pid: ", at);
      Long pid = p < 0 ? null : Text.number(m, p + 6);
      if (pid != null) {
        uwsgi.put(pid, new Timeout(record, uwsgiMaster, "uwsgi", Signal.SIGKILL, "HARAKIRI"));
      }
      return;
    }
    if ((at = m.indexOf("DAMN ! worker ")) >= 0) {
      int p = m.indexOf("(pid: ", at);
      Long pid = p < 0 ? null : Text.number(m, p + 6);
      if (pid == null) {
        return;
      }
      Timeout t = uwsgi.remove(pid);
      int by = m.indexOf("killed by signal ", p);
      Long n = by < 0 ? null : Text.number(m, by + 17);
      Signal signal = n == null ? null : Signal.fromNumber(n).orElse(null);
      if (signal == null) {
        return; // it exited by itself
      }
      EventTime time = AppTime.of(record, 0);
      if (t != null) {
        emitSignal(List.of(t.at(), record), time, ProcessRef.of(pid, null), signal, master(t.master(), t.masterName()),
            Reason.WATCHDOG, t.detail(), true, false, sink);
      } else {
        emitSignal(record, time, ProcessRef.of(pid, null), signal, null, Reason.UNSPECIFIED, null, true, false,
            sink);
      }
      return;
    }
    if ((at = m.indexOf("is taking too much time to die")) >= 0) {
      int p = m.lastIndexOf("(pid: ", at);
      Long pid = p < 0 ? null : Text.number(m, p + 6);
      if (pid != null) {
        uwsgi.remove(pid);
        emitSignal(record, AppTime.of(record, 0), ProcessRef.of(pid, null), Signal.SIGKILL, master(uwsgiMaster, "uwsgi"),
            Reason.STOP, "taking too much time to die...NO MERCY", true, false, sink);
      }
    }
  }

  // ---------------------------------------------------------------- Redis

  /** {@code 1:M 07 Oct 2023 14:41:46.166 # Received SIGTERM scheduling shutdown...}. */
  private void redisShutdown(LogRecord record, String m, EventSink sink) {
    int at = m.indexOf("Received SIG");
    int end = at + 9;
    while (end < m.length() && Character.isLetterOrDigit(m.charAt(end))) {
      end++;
    }
    Signal signal = Signal.fromName(m.substring(at + 9, end)).orElse(null);
    if (signal == null) {
      return;
    }
    emitSignal(record, redisTime(record), ProcessRef.of(redisPid(record), null), signal, null, Reason.UNSPECIFIED,
        m.substring(at).strip(), false, false, sink);
  }

  /** {@code Redis 5.0.7 crashed by signal: 11}, then maybe {@code Crashed running the instruction at: 0x…}. */
  private void redisCrash(LogRecord record, String m, int at, EventSink sink) {
    Long n = Text.number(m, at + 20);
    Signal signal = n == null ? null : Signal.fromNumber(n).orElse(null);
    if (signal == null) {
      return;
    }
    Draft d = new Draft(Kind.REDIS_CRASH, record, redisTime(record), ProcessRef.of(redisPid(record), null));
    d.signal = signal;
    setDraft(d, sink);
  }

  /** Where Redis's own line starts: after docker compose's {@code service  | } prefix, if any. */
  private static int redisStart(String m) {
    int bar = m.indexOf(" | ");
    if (bar < 0 || bar > 80 || m.startsWith("[")) {
      return 0; // Redis 2.x: "[1752 | signal handler] …"
    }
    int i = bar + 3;
    while (i < m.length() && m.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  /**
   * The pid in Redis's prefix: {@code 1234:M} (which the framing may have taken for a {@code grep -n} line number),
   * or {@code [1752]}.
   */
  private static @Nullable Long redisPid(LogRecord record) {
    String text = record.text();
    String m = record.message();
    int colon = text.length() - m.length() - 1;
    if (colon > 0 && text.endsWith(m) && text.charAt(colon) == ':') {
      int i = colon;
      while (i > 0 && colon - i < 10 && ShellWords.isDigit(text.charAt(i - 1))) {
        i--;
      }
      if (i < colon && (i == 0 || text.charAt(i - 1) == ' ')) {
        return Long.parseLong(text.substring(i, colon));
      }
    }
    int start = redisStart(m);
    int i = start;
    while (i < m.length() && i - start < 10 && ShellWords.isDigit(m.charAt(i))) {
      i++;
    }
    if (i > start && i < m.length() && m.charAt(i) == ':') {
      return Long.parseLong(m.substring(start, i));
    }
    if (m.startsWith("[", start)) {
      Long pid = Text.number(m, start + 1);
      if (pid != null) {
        return pid;
      }
    }
    return record.senderPid();
  }

  private static EventTime redisTime(LogRecord record) {
    String m = record.message();
    int start = redisStart(m);
    int from = start;
    if (m.length() > start + 2 && m.charAt(start + 1) == ' ' && "MSCX".indexOf(m.charAt(start)) >= 0) {
      from = start + 2;
    } else {
      int colon = m.indexOf(':', start);
      if (colon > start && colon < start + 12 && colon + 3 < m.length() && m.charAt(colon + 2) == ' ') {
        from = colon + 3;
      }
    }
    return AppTime.of(record, from);
  }

  // ---------------------------------------------------------------- MySQL, MariaDB, old MongoDB

  /** {@code mysqld got signal 11 ;}, {@code Got signal 15 to shutdown mysqld}, {@code got signal 15 (Terminated)}. */
  private void gotSignal(LogRecord record, String m, int at, EventSink sink) {
    Long n = Text.number(m, at + 11);
    Signal signal = n == null ? null : Signal.fromNumber(n).orElse(null);
    if (signal == null) {
      return;
    }
    int after = at + 11;
    while (after < m.length() && ShellWords.isDigit(m.charAt(after))) {
      after++;
    }
    EventTime time = AppTime.of(record, 0);
    if (m.startsWith(" ;", after) && at > 0 && m.charAt(at - 1) == ' ') {
      // MySQL's and MariaDB's fatal signal handler: "mysqld got signal 11 ;"
      int nameStart = m.lastIndexOf(' ', at - 2) + 1;
      String name = m.substring(nameStart, at - 1);
      name = name.substring(name.lastIndexOf('/') + 1);
      if (name.isEmpty() || name.indexOf(']') >= 0) {
        name = "mysqld";
      }
      sink.event(new Crash(ProcessRef.of(record.senderPid(), name), time, List.of(record), crashType(signal),
          signal, null, null, null, null, null, null, null, List.of()));
      return;
    }
    if (m.startsWith(" to shutdown", after)) {
      int name = after + 12;
      String comm = name + 1 < m.length() ? m.substring(name).strip() : null;
      emitSignal(record, time, ProcessRef.of(record.senderPid(), comm == null || comm.isEmpty() ? null : comm),
          signal, null, Reason.UNSPECIFIED, m.substring(at).strip(), false, false, sink);
      return;
    }
    if (m.startsWith(" (", after) && m.indexOf("will terminate after current cmd ends", after) >= 0) {
      emitSignal(record, time, ProcessRef.of(record.senderPid(), "mongod"), signal, null, Reason.UNSPECIFIED,
          m.substring(at).strip(), false, false, sink);
    }
  }

  // ---------------------------------------------------------------- MongoDB 4.4+

  /** {@code "msg":"Received signal","attr":{"signal":15,"error":"Terminated"}} or {@code Received signal 15: Terminated}. */
  private void mongoReceived(LogRecord record, String m, EventSink sink) {
    int at = m.indexOf("\"signal\":");
    Long n = at >= 0 ? Text.number(m, at + 9) : Text.numberAfter(m, "Received signal ");
    Signal signal = n == null ? null : Signal.fromNumber(n).orElse(null);
    if (signal == null) {
      return;
    }
    if (signal != Signal.SIGTERM && signal != Signal.SIGINT && signal != Signal.SIGQUIT) {
      return; // log rotation (SIGUSR1) and the like: not an end
    }
    boolean mongod = m.indexOf("\"ctx\":\"SignalHandler\"") >= 0 || m.indexOf("signalProcessingThread") >= 0;
    Draft d = new Draft(Kind.MONGO_SENDER, record, mongoTime(record),
        ProcessRef.of(record.senderPid(), mongod ? "mongod" : null));
    d.signal = signal;
    setDraft(d, sink);
  }

  private static EventTime mongoTime(LogRecord record) {
    String m = record.message();
    int date = m.indexOf("{\"$date\":\"");
    return record.time().isKnown() || date < 0 ? AppTime.of(record, 0) : AppTime.of(record, date + 10);
  }

  // ---------------------------------------------------------------- compilers

  /**
   * {@code c++: fatal error: Killed signal terminated program cc1plus}, in the C library's language
   * ({@code gcc: 致命错误：已杀死 signal terminated program cc1}).
   */
  private void compiler(LogRecord record, String m, int at, EventSink sink) {
    int colon = Math.max(m.lastIndexOf(": ", at), m.lastIndexOf('\uff1a', at));
    if (colon < 0) {
      return;
    }
    int start = m.charAt(colon) == ':' ? colon + 2 : colon + 1;
    ShellWords.Found f = ShellWords.description(m, start, false);
    if (f == null || f.end() != at) {
      return;
    }
    String program = m.substring(at + 27).strip();
    if (program.isEmpty() || program.indexOf(' ') >= 0) {
      return;
    }
    emitSignal(record, AppTime.of(record, 0), ProcessRef.of(null, program), f.signal(), null, Reason.UNSPECIFIED,
        m.substring(start).strip(), true, f.core(), sink);
  }

  /** Older gcc: {@code c++: internal compiler error: Killed (program cc1plus)}. */
  private void compilerIce(LogRecord record, String m, int at, EventSink sink) {
    int start = at + 27;
    ShellWords.Found f = ShellWords.description(m, start, false);
    if (f == null || !m.startsWith(" (program ", f.end())) {
      return;
    }
    int close = m.indexOf(')', f.end() + 10);
    String program = close < 0 ? "" : m.substring(f.end() + 10, close).strip();
    if (program.isEmpty() || program.indexOf(' ') >= 0) {
      return;
    }
    emitSignal(record, AppTime.of(record, 0), ProcessRef.of(null, program), f.signal(), null, Reason.UNSPECIFIED,
        m.substring(at + 2).strip(), true, f.core(), sink);
  }

  /** {@code collect2: fatal error: ld terminated with signal 9 [Killed]}. */
  private void collect2(LogRecord record, String m, int at, EventSink sink) {
    Long n = Text.number(m, at + 24);
    Signal signal = n == null ? null : Signal.fromNumber(n).orElse(null);
    int start = m.lastIndexOf(' ', at - 1) + 1;
    String program = m.substring(start, at);
    if (signal == null || program.isEmpty()) {
      return;
    }
    emitSignal(record, AppTime.of(record, 0), ProcessRef.of(null, program), signal, null, Reason.UNSPECIFIED,
        m.substring(start).strip(), true, m.indexOf("core dumped", at) >= 0, sink);
  }

  // ---------------------------------------------------------------- drafts

  /** Adds the record to the draft when it belongs there; false when it does not (the draft is then done). */
  private boolean followUp(Draft d, LogRecord record, String m, EventSink sink) {
    d.age++;
    switch (d.kind) {
      case POSTGRES_DETAIL: {
        int at = m.indexOf("DETAIL:  Failed process was running: ");
        if (at >= 0) {
          d.evidence.add(record);
          d.detail = (d.detail == null ? "" : d.detail + ": ") + m.substring(at + 9).strip();
          flush(sink);
          return true;
        }
        return false;
      }
      case MONGO_SENDER: {
        if (m.indexOf("Signal was sent by kill(2)") >= 0) {
          d.evidence.add(record);
          Long pid = m.indexOf("\"pid\":") >= 0 ? Text.numberAfter(m, "\"pid\":") : Text.numberAfter(m, "pid ");
          Long uid = m.indexOf("\"uid\":") >= 0 ? Text.numberAfter(m, "\"uid\":") : Text.numberAfter(m, "uid ");
          if (pid != null) {
            d.sender = ProcessRef.of(pid, null).withUid(Text.toInt(uid));
          }
          d.siCode = "SI_USER";
          flush(sink);
          return true;
        }
        if (m.indexOf("Signal was sent by tgkill(2)") >= 0) {
          d.evidence.add(record);
          d.siCode = "SI_TKILL";
          flush(sink);
          return true;
        }
        if (m.indexOf("Signal was sent by the kernel") >= 0) {
          d.evidence.add(record);
          d.siCode = "SI_KERNEL";
          flush(sink);
          return true;
        }
        return false;
      }
      case REDIS_CRASH: {
        int at;
        if ((at = m.indexOf("Crashed running the instruction at: 0x")) >= 0
            || (at = m.indexOf("Crashed running the instuction at: 0x")) >= 0) {
          // Redis before 4.0 spelled it "instuction"
          d.ip = hex(m, m.indexOf("0x", at) + 2);
          d.evidence.add(record);
        } else if ((at = m.indexOf("Accessing address: ")) >= 0) {
          d.address = m.startsWith("(nil)", at + 19) ? Long.valueOf(0) : m.startsWith("0x", at + 19)
              ? hex(m, at + 21) : null;
          d.evidence.add(record);
        } else if (m.indexOf("STACK TRACE") >= 0 || d.age > FOLLOW_UP) {
          return false;
        }
        return true;
      }
      default:
        return false;
    }
  }

  private void setDraft(Draft d, EventSink sink) {
    flush(sink);
    draft = d;
  }

  private void flush(EventSink sink) {
    Draft d = draft;
    draft = null;
    if (d == null || d.signal == null) {
      return;
    }
    if (d.kind == Kind.REDIS_CRASH) {
      sink.event(new Crash(d.victim, d.time, d.evidence, crashType(d.signal), d.signal, d.address, d.ip, null, null,
          null, null, null, List.of()));
      return;
    }
    sink.event(new SignalDelivery(d.victim, d.time, d.evidence, d.signal, d.sender, d.siCode, Observer.APPLICATION,
        Reason.UNSPECIFIED, d.detail, d.fatal, d.core));
  }

  // ---------------------------------------------------------------- helpers

  private static void emitSignal(LogRecord record, EventTime time, ProcessRef victim, Signal signal,
      @Nullable ProcessRef sender, Reason reason, @Nullable String detail, boolean fatal, boolean core,
      EventSink sink) {
    emitSignal(List.of(record), time, victim, signal, sender, reason, detail, fatal, core, sink);
  }

  private static void emitSignal(List<LogRecord> evidence, EventTime time, ProcessRef victim, Signal signal,
      @Nullable ProcessRef sender, Reason reason, @Nullable String detail, boolean fatal, boolean core,
      EventSink sink) {
    sink.event(new SignalDelivery(victim, time, evidence, signal, sender, null, Observer.APPLICATION, reason,
        detail, fatal, core));
  }

  /**
   * The master that sent the signal: by pid when its log shows it, else by name only (the log says its master
   * did it, just not which pid that was).
   */
  private static ProcessRef master(@Nullable Long pid, String name) {
    return pid == null ? ProcessRef.of(null, name) : ProcessRef.of(pid, null);
  }

  /**
   * The type of crash a fault signal means, as for a core dump: SIGSEGV a segfault, SIGABRT an abort, SIGBUS a bus
   * error, any other (SIGILL, SIGFPE, SIGTRAP) a fault of no finer class, since a signal alone does not tell
   * which trap raised it.
   */
  static CrashType crashType(Signal s) {
    switch (s) {
      case SIGSEGV:
        return CrashType.SEGFAULT;
      case SIGABRT:
        return CrashType.ABORT;
      case SIGBUS:
        return CrashType.BUS_ERROR;
      default:
        return CrashType.OTHER;
    }
  }

  /** The decimal number that ends right before {@code at} (after a space), or {@code null}. */
  private static @Nullable Long numberBefore(String m, int at) {
    int n = digitsBefore(m, at);
    if (n == 0 || n > 10 || at - n - 1 < 0 || m.charAt(at - n - 1) != ' ') {
      return null;
    }
    return Long.parseLong(m.substring(at - n, at));
  }

  private static int digitsBefore(String m, int at) {
    int i = at;
    while (i > 0 && ShellWords.isDigit(m.charAt(i - 1))) {
      i--;
    }
    return at - i;
  }

  /** The number in {@code [1234]} that ends at {@code close} (the index of {@code ]}). */
  private static @Nullable Long bracketNumberEndingAt(String m, int close) {
    int n = digitsBefore(m, close);
    if (n == 0 || n > 10 || close - n - 1 < 0 || m.charAt(close - n - 1) != '[') {
      return null;
    }
    return Long.parseLong(m.substring(close - n, close));
  }

  /** The pid of a csvlog line: its fourth field ({@code 2018-03-14 13:14:03.129 UTC,,,22949,,…}). */
  private static @Nullable Long csvPid(String m) {
    int comma = -1;
    for (int i = 0; i < 3; i++) {
      comma = m.indexOf(',', comma + 1);
      if (comma < 0 || comma > 200) {
        return null;
      }
    }
    int end = m.indexOf(',', comma + 1);
    String field = end < 0 ? "" : m.substring(comma + 1, end);
    return field.length() <= 10 && Text.isDigits(field) ? Long.valueOf(field) : null;
  }

  /** The last {@code [1234]} before {@code at}: PostgreSQL's {@code %p} in its line prefix. */
  private static @Nullable Long bracketPidBefore(String m, int at) {
    int close = m.lastIndexOf("] ", at);
    while (close > 0) {
      Long pid = bracketNumberEndingAt(m, close);
      if (pid != null) {
        return pid;
      }
      close = m.lastIndexOf("] ", close - 1);
    }
    return null;
  }

  private static @Nullable Long hex(String s, int from) {
    int e = from;
    while (e < s.length() && e - from < 16 && Character.digit(s.charAt(e), 16) >= 0) {
      e++;
    }
    return e == from ? null : Long.parseUnsignedLong(s.substring(from, e), 16);
  }
}
