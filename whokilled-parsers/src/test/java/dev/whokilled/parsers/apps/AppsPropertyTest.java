package dev.whokilled.parsers.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.whokilled.KillForensics;
import dev.whokilled.event.Crash;
import dev.whokilled.event.KillEvent;
import dev.whokilled.event.Signal;
import dev.whokilled.event.SignalDelivery;
import dev.whokilled.parsers.testing.Collect;
import dev.whokilled.parsers.testing.Hostile;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Property tests of the server grammars: each server's death line, generated from structure with its own time
 * stamp and framed plainly, behind docker compose's service prefix or as a syslog line, parses back to its
 * victim, signal, sender and time; any input never throws.
 */
final class AppsPropertyTest {

  enum App { NGINX, NGINX_RECEIVED, POSTGRES, APACHE51, APACHE52, FPM, GUNICORN, GUNICORN20, UWSGI, UWSGI_HARAKIRI,
    REDIS_TERM, REDIS_CRASH, MYSQL, MONGO, GCC }

  enum Frame { PLAIN, COMPOSE, SYSLOG }

  static final Signal[] FATAL = {Signal.SIGKILL, Signal.SIGSEGV, Signal.SIGABRT, Signal.SIGBUS, Signal.SIGTERM,
    Signal.SIGFPE, Signal.SIGILL, Signal.SIGXCPU};
  static final String[] DESC = {"Killed", "Segmentation fault", "Aborted", "Bus error", "Terminated",
    "Floating point exception", "Illegal instruction", "CPU time limit exceeded"};
  static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

  @FuzzTest(maxDuration = "40s")
  void generatedDeaths_parseBack(FuzzedDataProvider data) {
    App app = data.pickValue(App.values());
    Frame frame = data.pickValue(Frame.values());
    int si = data.consumeInt(0, FATAL.length - 1);
    Signal sig = FATAL[si];
    long pid = data.consumeLong(2, 4_194_304L);
    long master = data.consumeLong(1, 4_194_304L);
    LocalDateTime t = LocalDateTime.ofEpochSecond(data.consumeLong(946_684_800L, 4_102_444_800L), 0,
        ZoneOffset.UTC);
    int millis = data.consumeInt(0, 999);
    String name = data.pickValue(new String[] {"www", "rank.example.de", "a b", "x]y", "池"});
    List<String> lines = new ArrayList<>();
    Long sender = null;
    boolean crash = false;
    Instant when = null;
    switch (app) {
      case NGINX -> {
        lines.add(t.format(DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss")) + " [alert] " + master + "#" + master
            + ": worker process " + pid + " exited on signal " + sig.number());
        when = t.toInstant(ZoneOffset.UTC);
      }
      case NGINX_RECEIVED -> {
        sig = Signal.SIGTERM;
        lines.add(t.format(DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss")) + " [notice] " + pid + "#" + pid
            + ": signal 15 (SIGTERM) received from " + master + ", exiting");
        sender = master;
      }
      case POSTGRES -> {
        lines.add(t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")) + String.format(Locale.ROOT, ".%03d",
            millis) + " UTC [" + master + "] LOG:  server process (PID " + pid + ") was terminated by signal "
            + sig.number() + ": " + DESC[si]);
        lines.add("x DETAIL:  Failed process was running: SELECT 1");
        when = t.toInstant(ZoneOffset.UTC).plusMillis(millis);
      }
      case APACHE51, APACHE52 -> {
        lines.add("[" + DAYS[t.getDayOfWeek().ordinal()] + " " + MONTHS[t.getMonthValue() - 1] + " "
            + String.format(Locale.ROOT, "%02d %02d:%02d:%02d.%06d %d", t.getDayOfMonth(), t.getHour(),
                t.getMinute(), t.getSecond(), millis * 1000, t.getYear())
            + "] [core:notice] [pid " + master + ":tid " + master + "] AH0005" + (app == App.APACHE51 ? "1" : "2")
            + ": child pid " + pid + " exit signal " + DESC[si] + " (" + sig.number() + ")"
            + (app == App.APACHE51 ? ", possible coredump in /etc/apache2" : ""));
        when = t.toInstant(ZoneOffset.UTC).plusMillis(millis);
      }
      case FPM -> {
        lines.add("[" + t.format(DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss", Locale.ROOT))
            + "] WARNING: [pool " + name + "] child " + pid + " exited on signal " + sig.number() + " (" + sig.name()
            + ") after 12.605199 seconds from start");
        when = t.toInstant(ZoneOffset.UTC);
      }
      case GUNICORN, GUNICORN20 -> {
        String stamp = "[" + t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")) + " +0000] [" + master
            + "] ";
        lines.add(stamp + "[CRITICAL] WORKER TIMEOUT (pid:" + pid + ")");
        lines.add(app == App.GUNICORN ? stamp + "[ERROR] Worker (pid:" + pid + ") was sent " + sig.name() + "!"
            : stamp + "[WARNING] Worker with pid " + pid + " was terminated due to signal " + sig.number());
        sender = master;
        when = t.toInstant(ZoneOffset.UTC);
      }
      case UWSGI -> lines.add("DAMN ! worker 3 (pid: " + pid + ") died, killed by signal " + sig.number()
          + " :( trying respawn ...");
      case UWSGI_HARAKIRI -> {
        lines.add("spawned uWSGI master process (pid: " + master + ")");
        lines.add("*** HARAKIRI ON WORKER 9 (pid: " + pid + ", try: 1) ***");
        lines.add("DAMN ! worker 9 (pid: " + pid + ") died, killed by signal " + sig.number() + " :( trying respawn");
        sender = master;
      }
      case REDIS_TERM -> {
        sig = data.consumeBoolean() ? Signal.SIGTERM : Signal.SIGINT;
        lines.add(pid + ":M " + String.format(Locale.ROOT, "%02d", t.getDayOfMonth()) + " "
            + MONTHS[t.getMonthValue() - 1] + " " + t.getYear() + " "
            + t.format(DateTimeFormatter.ofPattern("HH:mm:ss")) + String.format(Locale.ROOT, ".%03d", millis)
            + " # Received " + sig.name() + " scheduling shutdown...");
        when = t.toInstant(ZoneOffset.UTC).plusMillis(millis);
      }
      case REDIS_CRASH -> {
        lines.add(pid + ":M 03 Jan 2020 11:22:26.911 # Redis 5.0.7 crashed by signal: " + sig.number());
        lines.add(pid + ":M 03 Jan 2020 11:22:26.911 # Crashed running the instruction at: 0x7f0410076830");
        crash = true;
      }
      case MYSQL -> {
        lines.add(t.format(DateTimeFormatter.ofPattern("HH:mm:ss")) + " UTC - mysqld got signal " + sig.number()
            + " ;");
        lines.add("This could be because you hit a bug.");
        crash = true;
      }
      case MONGO -> {
        sig = Signal.SIGTERM;
        String date = t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")) + ".245+00:00";
        lines.add("{\"t\":{\"$date\":\"" + date + "\"},\"s\":\"I\",  \"c\":\"CONTROL\",  \"id\":23377,   "
            + "\"ctx\":\"SignalHandler\",\"msg\":\"Received signal\",\"attr\":{\"signal\":15,\"error\":\"Terminated\"}}");
        lines.add("{\"t\":{\"$date\":\"" + date + "\"},\"s\":\"I\",  \"c\":\"CONTROL\",  \"id\":23378,   "
            + "\"ctx\":\"SignalHandler\",\"msg\":\"Signal was sent by kill(2)\",\"attr\":{\"pid\":" + master
            + ",\"uid\":999}}");
        sender = master;
        when = t.toInstant(ZoneOffset.UTC).plusMillis(245);
      }
      case GCC -> lines.add("c++: fatal error: " + DESC[si] + " signal terminated program cc1plus");
      default -> throw new AssertionError(app);
    }
    List<String> framed = new ArrayList<>();
    for (String l : lines) {
      framed.add(switch (frame) {
        case COMPOSE -> "app_1  | " + l;
        // the process that logs is the syslog sender: the master, but for NGINX_RECEIVED the receiver itself
        // (whose "pid#tid" the framing may unescape as rsyslog's "#ooo", so the sender pid is what names it)
        case SYSLOG -> "Dec 24 16:02:24 web1 app[" + (app == App.NGINX_RECEIVED ? pid : master) + "]: " + l;
        default -> l;
      });
    }
    Collect c = Collect.framed(new AppsParser(), framed);
    String where = app + "/" + frame + " " + framed;
    assertEquals(1, c.events.size(), where);
    KillEvent e = c.events.get(0);
    if (crash) {
      Crash k = (Crash) e;
      assertEquals(sig, k.signal(), where);
      return;
    }
    SignalDelivery s = (SignalDelivery) e;
    assertEquals(sig, s.signal(), where);
    if (app == App.GCC) {
      assertEquals("cc1plus", s.victim().comm(), where);
    } else if (app != App.MONGO) {
      assertEquals(pid, s.victim().pid(), where);
    }
    if (sender == null) {
      assertNull(s.sender(), where);
    } else {
      assertEquals(sender, s.sender().pid(), where);
    }
    if (when != null && frame != Frame.SYSLOG) {
      assertEquals(when, s.time().wall(), where);
    }
  }

  @FuzzTest(maxDuration = "40s")
  void anyInput_neverThrows(FuzzedDataProvider data) {
    String[] fragments = {" exited on signal ", "worker process ", "#", " (core dumped)", "(PID ",
        ") was terminated by signal ", "DETAIL:  Failed process was running: ", " shutdown request", "received fast",
        "child pid ", " exit signal ", ", possible coredump in ", "[pool ", "] child ", "execution timed out",
        "WORKER TIMEOUT (pid:", "Worker (pid:", ") was sent ", "Worker with pid ", " terminated due to signal ",
        ") exited with code ", "DAMN ! worker ", "(pid: ", "killed by signal ", "HARAKIRI ON WORKER",
        "is taking too much time to die", "uWSGI master process (pid: ", "Received SIG", "scheduling shutdown",
        " crashed by signal: ", "Crashed running the instuction at: 0x", "Accessing address: ", "got signal ", " ;",
        "Got signal ", " to shutdown", "Received signal", "\"signal\":", "Signal was sent by kill(2)", "\"pid\":",
        " signal terminated program ", ": internal compiler error: ", "(program ", " terminated with signal ",
        "collect2", ") received", "signal ", " from ", ", exiting", "[", "] ", "：", "99999999999999999999",
        "2021/12/18 22:40:03 ", "[Tue Apr 30 09:46:59.387053 2019] ", "[18-Aug-2024 02:43:39] ", " | "};
    List<String> lines = Hostile.lines(data, fragments, 200, 6, 12);
    Collect.framed(new AppsParser(), lines);
    Hostile.noFailure(KillForensics.analyze(lines));
  }
}
