package dev.whokilled.parsers.useroom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.whokilled.event.MemoryKiller;
import dev.whokilled.event.OomKill;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.parsers.testing.Collect;
import dev.whokilled.parsers.testing.Hostile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Property tests of the systemd-oomd grammar: cgroup kills of every era generated from structure (escaped unit
 * names, user sessions, debug lines naming pids), rendered in syslog, monotonic and JSON journal lines, read back
 * to the same cgroups, units and pids; arbitrary input never throws.
 */
final class SystemdOomdPropertyTest {

  static final String[] LEAVES = {"app-org.gnome.Terminal.slice/vte-spawn-dbb4a75e-031f-480d-924b-5de5af7579d2.scope",
    "app-Hyprland-xdg\\x2dterminal\\x2dexec-0ae8dde6.scope", "app-gnome-firefox\\x2dw-96379.scope",
    "testsuite-55-testbloat.service", "systemd-journald.service", "run-p63341-i112944.service", "tmux-spawn-1.scope"};

  enum Era { PRESSURE, SWAP, MEMORY_AND_SWAP, MARKED }

  enum Frame { SYSLOG, MONOTONIC, JSON }

  @FuzzTest(maxDuration = "40s")
  void generatedKills_parseBack(FuzzedDataProvider data) {
    Frame frame = data.pickValue(Frame.values());
    int count = data.consumeInt(1, 4);
    List<String> messages = new ArrayList<>();
    List<String> cgroups = new ArrayList<>();
    List<Long> pids = new ArrayList<>();
    long pid = 10;
    for (int i = 0; i < count; i++) {
      String parent = data.consumeBoolean() ? "/system.slice"
          : "/user.slice/user-" + data.consumeInt(0, 70_000) + ".slice/user@" + data.consumeInt(0, 70_000)
              + ".service/app.slice";
      String leaf = data.pickValue(LEAVES);
      String cgroup = parent + "/" + i + "-" + leaf;
      int attempts = data.consumeInt(0, 3);
      Long only = null;
      for (int a = 0; a < attempts; a++) {
        pid += data.consumeInt(1, 100_000);
        messages.add("oomd attempting to kill " + pid + " with KILL");
        only = pid;
      }
      String pressure = String.format(Locale.ROOT, "%d.%02d%% > %d.%02d%% for > %ds with reclaim activity",
          data.consumeInt(0, 100), data.consumeInt(0, 99), data.consumeInt(0, 100), data.consumeInt(0, 99),
          data.consumeInt(1, 60));
      Era era = data.pickValue(Era.values());
      messages.add(switch (era) {
        case PRESSURE -> "Killed " + cgroup + " due to memory pressure for " + parent + " being " + pressure;
        case SWAP -> "Killed " + cgroup + " due to swap used (" + data.consumeLong(0, 1L << 40) + ") / total ("
            + data.consumeLong(0, 1L << 40) + ") being more than 90.00%";
        case MEMORY_AND_SWAP -> "Killed " + cgroup + " due to memory used (1) / total (2) and swap used (3) / total "
            + "(4) being more than 90.00%";
        case MARKED -> "Marked " + cgroup + " for killing due to memory pressure for " + parent + " being " + pressure;
      });
      cgroups.add(cgroup);
      pids.add(attempts == 1 ? only : null);
    }
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      lines.add(frame(frame, i, messages.get(i)));
    }
    List<OomKill> got = read(lines).all(OomKill.class);
    String where = frame + " " + lines;
    assertEquals(cgroups.size(), got.size(), () -> where + " " + got);
    for (int i = 0; i < cgroups.size(); i++) {
      OomKill k = got.get(i);
      assertEquals(MemoryKiller.SYSTEMD_OOMD, k.killer(), where);
      assertEquals(cgroups.get(i), k.victim().cgroup(), where);
      assertEquals(ProcessRef.unitOf(cgroups.get(i)), k.victim().unit(), where);
      assertEquals(pids.get(i), k.victim().pid(), where);
      assertEquals(Signal.SIGKILL, k.signal(), where);
      assertEquals(659L, k.trigger().pid(), where);
      assertTrue(k.reason() != null && !k.reason().isEmpty(), where);
    }
  }

  @FuzzTest(maxDuration = "30s")
  void anyInput_neverThrows(FuzzedDataProvider data) {
    String[] fragments = {"Killed /", "Marked /", " due to ", " for killing", " being ", "oomd attempting to kill ",
      " with KILL", "systemd-oomd[1]: ", "[   77.1] systemd-oomd[659]: ", "memory pressure for /", "% > ",
      "oomd dry-run: Would have tried to kill ", "/user.slice/", ".scope", "\\x2d", " "};
    List<String> lines = Hostile.lines(data, fragments, 300, 6, 20);
    Hostile.citesInput(read(lines).events, lines);
  }

  static Collect read(List<String> lines) {
    return Collect.framed(new SystemdOomdParser(1000), lines);
  }

  static String frame(Frame f, int i, String message) {
    return switch (f) {
      case SYSLOG -> String.format(Locale.ROOT, "Dec 18 19:34:%02d user-desktop systemd-oomd[659]: ", i % 60)
          + message;
      case MONOTONIC -> String.format(Locale.ROOT, "[%5d.%06d] systemd-oomd[659]: ", 77 + i, i) + message;
      case JSON -> "{\"__REALTIME_TIMESTAMP\":\"" + (1_700_000_000_000_000L + i) + "\",\"_TRANSPORT\":\"journal\","
          + "\"SYSLOG_IDENTIFIER\":\"systemd-oomd\",\"_PID\":\"659\",\"MESSAGE\":\""
          + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    };
  }
}
