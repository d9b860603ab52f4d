package dev.whokilled.parsers.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.whokilled.event.Signal;
import dev.whokilled.event.SignalDelivery;
import dev.whokilled.event.SignalDelivery.Reason;
import dev.whokilled.parsers.testing.Collect;
import dev.whokilled.parsers.testing.Hostile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Property tests of the supervisord and Upstart grammars: program deaths generated from structure (hostile program
 * names), rendered in supervisord's own log, the journal and syslog, read back in order; arbitrary input never
 * throws.
 */
final class SupervisorPropertyTest {

  static final String[] NAMES = {"web", "web:web_00", "a (b)", "x'y", "worker_1", "jd_ZYF_15M_H1_FS_FO_yfcta1",
    "a (terminated by SIGKILL", "q\"uote", "\u6d4b\u8bd5"};

  static final Signal[] SIGNALS = {Signal.SIGKILL, Signal.SIGTERM, Signal.SIGINT, Signal.SIGSEGV, Signal.SIGABRT,
    Signal.SIGHUP, Signal.SIGQUIT};

  enum Scenario { SPAWN_EXIT, KILL_STOP, STOP_NO_PID, UPSTART }

  enum Frame { OWN_LOG, JOURNAL, PLAIN }

  record Expected(Long pid, String comm, Signal signal, Reason reason, boolean supervisord, boolean core) {}

  @FuzzTest(maxDuration = "40s")
  void generatedDeaths_parseBack(FuzzedDataProvider data) {
    Frame frame = data.pickValue(Frame.values());
    int count = data.consumeInt(1, 5);
    List<String> lines = new ArrayList<>();
    List<Expected> expected = new ArrayList<>();
    long pid = 1000;
    for (int i = 0; i < count; i++) {
      String name = data.pickValue(NAMES) + "-" + i;
      Signal sig = data.pickValue(SIGNALS);
      pid += data.consumeInt(1, 100_000);
      Scenario sc = data.pickValue(Scenario.values());
      switch (sc) {
        case SPAWN_EXIT -> {
          boolean core = data.consumeBoolean();
          lines.add(own(frame, i, "INFO spawned: " + repr(name) + " with pid " + pid));
          lines.add(own(frame, i, "INFO exited: " + name + " (terminated by " + sig.name()
              + (core ? " (core dumped)" : "") + "; " + (data.consumeBoolean() ? "" : "not ") + "expected)"));
          expected.add(new Expected(pid, null, sig, Reason.UNSPECIFIED, false, core));
        }
        case KILL_STOP -> {
          lines.add(own(frame, i, "WARN killing " + repr(name) + " (" + pid + ") with SIGKILL"));
          lines.add(own(frame, i, "INFO stopped: " + name + " (terminated by SIGKILL)"));
          expected.add(new Expected(pid, null, Signal.SIGKILL, Reason.STOP_TIMEOUT, true, false));
        }
        case STOP_NO_PID -> {
          lines.add(own(frame, i, "INFO stopped: " + name + " (terminated by " + sig.name() + ")"));
          expected.add(new Expected(null, name, sig, Reason.STOP, true, false));
        }
        case UPSTART -> {
          String job = name.replace(' ', '_').replace("(", "").replace(")", "");
          String msg = "init: " + job + (data.consumeBoolean() ? " main" : " pre-start") + " process (" + pid
              + ") killed by " + sig.shortName() + " signal";
          lines.add(switch (frame) {
            case OWN_LOG -> msg;
            case JOURNAL -> "Jan 11 12:56:58 ubuntu kernel: [34278.257592] " + msg;
            case PLAIN -> "Feb 12 14:24:05 kubbie " + msg;
          });
          expected.add(new Expected(pid, null, sig, Reason.UNSPECIFIED, false, false));
        }
        default -> throw new AssertionError(sc);
      }
    }
    List<SignalDelivery> got = read(lines).all(SignalDelivery.class);
    String where = frame + " " + lines;
    assertEquals(expected.size(), got.size(), () -> where + " " + got);
    for (int i = 0; i < expected.size(); i++) {
      Expected e = expected.get(i);
      SignalDelivery s = got.get(i);
      assertEquals(e.pid(), s.victim().pid(), where);
      assertEquals(e.comm(), s.victim().comm(), where);
      assertEquals(e.signal(), s.signal(), where);
      assertEquals(e.reason(), s.reason(), where);
      assertEquals(e.core(), s.coreDumped(), where);
      assertTrue(s.fatal(), where);
      if (e.supervisord()) {
        assertEquals("supervisord", s.sender().comm(), where);
      } else {
        assertNull(s.sender(), where);
      }
    }
  }

  @FuzzTest(maxDuration = "30s")
  void anyInput_neverThrows(FuzzedDataProvider data) {
    String[] fragments = {"INFO exited: ", "INFO stopped: ", " (terminated by SIGKILL", "; not expected)",
      "WARN killing '", "' (", ") with SIGKILL", "INFO spawned: '", "' with pid ", "waiting for ", " to stop",
      "init: ", " main process (", ") killed by ", " signal", "state changed from running to stopping",
      "2019-01-26 15:48:45,218 ", "signal ", " (core dumped)", "received SIGTERM indicating exit request"};
    List<String> lines = Hostile.lines(data, fragments, 300, 6, 20);
    Hostile.citesInput(read(lines).events, lines);
  }

  static Collect read(List<String> lines) {
    return Collect.framed(new SupervisorParser(1000), lines);
  }

  /** Python's repr of a name, as supervisord prints it. */
  static String repr(String name) {
    return name.indexOf('\'') >= 0 && name.indexOf('"') < 0 ? "\"" + name + "\"" : "'" + name + "'";
  }

  static String own(Frame f, int i, String levelAndMessage) {
    String stamp = String.format(Locale.ROOT, "2019-01-26 15:48:%02d,%03d ", i % 60, (i * 37) % 1000);
    return switch (f) {
      case OWN_LOG -> stamp + levelAndMessage;
      case JOURNAL -> "Jan 24 22:34:55 web supervisord[812]: " + stamp + levelAndMessage;
      case PLAIN -> levelAndMessage.substring(levelAndMessage.indexOf(' ') + 1);
    };
  }
}
