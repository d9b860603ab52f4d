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
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Property tests of the systemd grammar: deaths of every era, generated from structure (hostile unit and command
 * names, system and user managers), rendered in every framing, read back to the same victims, signals, reasons and
 * senders; arbitrary input never throws. Jazzer replays the seeds in {@code SystemdPropertyTestInputs} in every
 * build and fuzzes in CI ({@code JAZZER_FUZZ=1}).
 */
final class SystemdPropertyTest {

  /** Unit name stems systemd really uses: escapes, instances, colons, dots. */
  static final String[] UNIT_STEMS = {
    "foo", "app-Hyprland-xdg\\x2dterminal\\x2dexec-0ae8dde6", "systemd-fsck@dev-disk-by\\x2duuid-1234",
    "getty@tty1", "a:b", "user@1000", "session-c5", "run-u386", "x.y.z", "docker-3f2a", "vte-spawn-dbb4a75e",
    "mnt-data\\x20disk", "serial-getty@ttyS0"
  };

  static final String[] SUFFIXES = {".service", ".scope", ".socket", ".mount", ".slice", ".swap"};

  /** Command names the kernel really gives (at most 15 bytes): spaces, parentheses, brackets, quotes, UTF-8. */
  static final String[] COMMS = {
    "flux-broker-0", "ZMQbg/IO/0", "my (app) x", "a) b (c", "[kworker/0:1]", "tokio-runtime-w", "q\"uote'",
    "\u00e9t\u00e9", "\u6d4b\u8bd5", "x) with signal", "at-spi-bus-laun", "Web Content", "sleep", "a: b"
  };

  enum Scenario { TIMEOUT_KILLS, V219_EXIT, OOM, WATCHDOG, SCOPE_TERM }

  enum Frame { SYSLOG, SYSLOG_NO_PID, MONOTONIC, PLAIN, JSON }

  /** What a scenario must read back as. */
  record Expected(String unit, Long pid, String comm, Signal signal, Reason reason, Long sender, boolean dumped,
      int minEvidence) {}

  @FuzzTest(maxDuration = "40s")
  void generatedDeaths_parseBack(FuzzedDataProvider data) {
    Frame frame = data.pickValue(Frame.values());
    long manager = frame == Frame.PLAIN || frame == Frame.SYSLOG_NO_PID || data.consumeBoolean()
        ? 1 : data.consumeLong(2, 4_000_000);
    int count = data.consumeInt(1, 4);
    List<String> messages = new ArrayList<>();
    List<Expected> expected = new ArrayList<>();
    long pid = 100;
    for (int i = 0; i < count; i++) {
      String unit = unit(data, i);
      Scenario sc = data.pickValue(Scenario.values());
      switch (sc) {
        case TIMEOUT_KILLS -> {
          messages.add(unit + ": State 'stop-sigterm' timed out. Killing.");
          int kills = data.consumeInt(1, 4);
          for (int k = 0; k < kills; k++) {
            pid += data.consumeInt(1, 5000);
            String comm = comm(data);
            messages.add(unit + ": Killing process " + pid + " (" + comm + ") with signal SIGKILL.");
            expected.add(new Expected(unit, pid, comm, Signal.SIGKILL, Reason.STOP_TIMEOUT, manager, false,
                k == 0 ? 4 : 2));
          }
          messages.add(unit + ": Main process exited, code=killed, status=9/KILL");
          messages.add(unit + ": Failed with result 'timeout'.");
        }
        case V219_EXIT -> {
          Signal sig = data.pickValue(new Signal[] {Signal.SIGKILL, Signal.SIGTERM, Signal.SIGSEGV, Signal.SIGHUP});
          messages.add(unit + ": main process exited, code=killed, status=" + sig.number() + "/" + sig.shortName());
          messages.add("Unit " + unit + " entered failed state.");
          expected.add(new Expected(unit, null, null, sig, Reason.UNSPECIFIED, null, false, 2));
        }
        case OOM -> {
          messages.add(unit + ": A process of this unit has been killed by the OOM killer.");
          messages.add(unit + ": Main process exited, code=killed, status=9/KILL");
          messages.add(unit + ": Failed with result 'oom-kill'.");
          expected.add(new Expected(unit, null, null, Signal.SIGKILL, Reason.MEMORY, null, false, 3));
        }
        case WATCHDOG -> {
          pid += data.consumeInt(1, 5000);
          String comm = comm(data);
          messages.add(unit + ": Watchdog timeout (limit " + data.consumeInt(1, 59) + "min)!");
          messages.add(unit + ": Killing process " + pid + " (" + comm + ") with signal SIGABRT.");
          messages.add(unit + ": Main process exited, code=dumped, status=6/ABRT");
          messages.add(unit + ": Failed with result 'watchdog'.");
          expected.add(new Expected(unit, pid, comm, Signal.SIGABRT, Reason.WATCHDOG, manager, true, 4));
        }
        case SCOPE_TERM -> {
          int kills = data.consumeInt(1, 3);
          for (int k = 0; k < kills; k++) {
            pid += data.consumeInt(1, 5000);
            String comm = comm(data);
            messages.add(unit + ": Killing process " + pid + " (" + comm + ") with signal SIGTERM.");
            expected.add(new Expected(unit, pid, comm, Signal.SIGTERM, Reason.UNSPECIFIED, manager, false, 1));
          }
        }
        default -> throw new AssertionError(sc);
      }
    }
    List<String> lines = new ArrayList<>();
    long micros = data.consumeLong(1_000_000L, 10_000_000_000L);
    lines.add(frame(frame, micros - 1, 1, "Started Session 1 of User root."));
    for (String m : messages) {
      micros += data.consumeInt(1, 200_000);
      lines.add(frame(frame, micros, manager, m));
    }
    Collect c = read(lines);
    List<SignalDelivery> got = new ArrayList<>(c.all(SignalDelivery.class));
    String where = frame + " " + lines;
    assertEquals(expected.size(), got.size(), () -> "events of " + where + ": " + got);
    Comparator<Object[]> order = Comparator.comparing((Object[] k) -> (String) k[0])
        .thenComparing(k -> (Long) k[1], Comparator.nullsFirst(Comparator.naturalOrder()));
    got.sort(Comparator.comparing(s -> new Object[] {s.victim().unit(), s.victim().pid()}, order));
    List<Expected> want = new ArrayList<>(expected);
    want.sort(Comparator.comparing(e -> new Object[] {e.unit(), e.pid()}, order));
    for (int i = 0; i < want.size(); i++) {
      Expected e = want.get(i);
      SignalDelivery s = got.get(i);
      assertEquals(e.unit(), s.victim().unit(), where);
      assertEquals(e.pid(), s.victim().pid(), where);
      assertEquals(e.comm(), s.victim().comm(), where);
      assertEquals(e.signal(), s.signal(), where);
      assertEquals(e.reason(), s.reason(), where);
      assertEquals(e.dumped(), s.coreDumped(), where);
      if (e.sender() == null) {
        assertNull(s.sender(), where);
      } else {
        assertEquals(e.sender(), s.sender().pid(), where);
        assertEquals("systemd", s.sender().comm(), where);
      }
      assertTrue(s.evidence().size() >= e.minEvidence(), () -> where + " evidence " + s.evidence());
    }
  }

  @FuzzTest(maxDuration = "40s")
  void anyInput_neverThrows(FuzzedDataProvider data) {
    String[] fragments = {
      "foo.service: ", "Killing process ", " with signal SIGKILL.", "Main process exited, code=killed, status=",
      "main process exited, code=dumped, status=", "State 'stop-sigterm' timed out. Killing.", "Watchdog timeout",
      "A process of this unit has been killed by the OOM killer.", "Failed with result 'oom-kill'.",
      "systemd-oomd killed 3 process(es) in this unit.", "Unit process 1 (x) remains running after unit stopped.",
      "Stopping ", "Stopped ", "Sending SIGKILL to PID ", "Child 1 belongs to foo.service.", "systemd[1]: ",
      "Feb 24 10:34:11 h systemd[1]: ", "[   77.1] systemd[", "Unit ", " entered failed state.", " failed.",
      "Service reached runtime time limit. Stopping.", "Failed with result 'timeout'.", "(", ")", "9/KILL"
    };
    List<String> lines = Hostile.lines(data, fragments, 300, 6, 24);
    Hostile.citesInput(read(lines).events, lines);
  }

  static Collect read(List<String> lines) {
    return Collect.framed(new SystemdParser(1000), lines);
  }

  static String unit(FuzzedDataProvider data, int i) {
    String stem;
    if (data.consumeBoolean()) {
      stem = data.pickValue(UNIT_STEMS);
    } else {
      StringBuilder b = new StringBuilder();
      String allowed = "abcXYZ019:_.@-\\";
      int len = data.consumeInt(1, 20);
      for (int k = 0; k < len; k++) {
        b.append(allowed.charAt(data.consumeInt(0, allowed.length() - 1)));
      }
      stem = b.toString();
      if (Character.isDigit(stem.charAt(0)) || stem.charAt(0) == ':') {
        // a bare line starting "12:" reads as pasted grep -n output, whose number the framing takes off
        stem = "u" + stem;
      }
    }
    return stem + "-" + i + data.pickValue(SUFFIXES);
  }

  static String comm(FuzzedDataProvider data) {
    if (data.consumeBoolean()) {
      return data.pickValue(COMMS);
    }
    String s = data.consumeAsciiString(15).replaceAll("[^\\x21-\\x7e ]", "x").trim();
    return s.isEmpty() || s.equals("n/a") ? "x" : s;
  }

  static String frame(Frame f, long micros, long manager, String message) {
    String tag = "systemd[" + manager + "]: ";
    return switch (f) {
      case SYSLOG -> "Feb 24 10:34:" + String.format(Locale.ROOT, "%02d", (micros / 1_000_000) % 60) + " h " + tag
          + message;
      case SYSLOG_NO_PID -> "Dec  7 11:03:40 prod05 systemd: " + message;
      case MONOTONIC -> String.format(Locale.ROOT, "[%5d.%06d] ", micros / 1_000_000, micros % 1_000_000) + tag
          + message;
      case PLAIN -> message;
      case JSON -> "{\"__REALTIME_TIMESTAMP\":\"" + (1_645_000_000_000_000L + micros) + "\",\"_TRANSPORT\":"
          + "\"journal\",\"SYSLOG_IDENTIFIER\":\"systemd\",\"_PID\":\"" + manager + "\",\"MESSAGE\":\""
          + json(message) + "\"}";
    };
  }

  static String json(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return Objects.requireNonNull(b.toString());
  }
}
