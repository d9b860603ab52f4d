package dev.whokilled.parsers.useroom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.whokilled.event.MemoryKiller;
import dev.whokilled.event.OomKill;
import dev.whokilled.parsers.testing.Collect;
import dev.whokilled.parsers.testing.Hostile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Property tests of Meta oomd's kill lines: v0.1 and v2 lines generated from structure (cgroups, rulesets with
 * blanks and brackets, dry runs, oomd's own list of processes), rendered in dmesg, raw dmesg and the journal, read
 * back to the same cgroups and pids; arbitrary input never throws.
 */
final class OomdPropertyTest {

  static final String[] CGROUPS = {"workload.slice/workload-tw.slice/job.service", "user.slice/user-1000.slice/"
      + "session-12.scope", "system.slice/chef.service", "Evil", "workload.slice/x\\x2dy.scope"};

  static final String[] COMMS = {"stress", "python3", "my (app) x", "a) b (c", "\u6d4b\u8bd5"};

  enum Frame { DMESG, DMESG_RAW, JOURNAL }

  @FuzzTest(maxDuration = "40s")
  void generatedKills_parseBack(FuzzedDataProvider data) {
    Frame frame = data.pickValue(Frame.values());
    int count = data.consumeInt(1, 4);
    List<String> lines = new ArrayList<>();
    List<String> cgroups = new ArrayList<>();
    List<Long> pids = new ArrayList<>();
    List<String> comms = new ArrayList<>();
    long pid = 100;
    for (int i = 0; i < count; i++) {
      String cgroup = data.pickValue(CGROUPS) + i;
      boolean dry = data.consumeInt(0, 4) == 0;
      boolean listed = data.consumeBoolean();
      String comm = data.pickValue(COMMS);
      pid += data.consumeInt(1, 100_000);
      if (listed) {
        lines.add(String.format(Locale.ROOT, "Apr 12 20:40:%02d seireitei oomd[14628]: "
            + "[../src/oomd/plugins/BaseKillPlugin.cpp:287] Killed 1: %d(%s)", i % 60, pid, comm));
      }
      String pressure = String.format(Locale.ROOT, "%d.%02d %d.%02d %d.%02d", data.consumeInt(0, 100),
          data.consumeInt(0, 99), data.consumeInt(0, 100), data.consumeInt(0, 99), data.consumeInt(0, 100),
          data.consumeInt(0, 99));
      String killer = (dry ? "(dry)" : "") + "kill_by_memory_size_or_growth";
      String body = data.consumeBoolean()
          ? pressure + " " + cgroup + " " + data.consumeLong(0, 1L << 40) + " ruleset:[user session protection] "
              + "detectorgroup:[user pressure above 60 for 30s] killer:" + killer + " v2"
          : pressure + " " + cgroup + " " + data.consumeLong(0, 1L << 40) + " detector:swap,12345MB killer:" + killer;
      lines.add(frame(frame, i, "oomd kill: " + body));
      if (!dry) {
        cgroups.add("/" + cgroup);
        pids.add(listed ? pid : null);
        comms.add(listed ? comm : null);
      }
    }
    List<OomKill> got = read(lines).all(OomKill.class);
    String where = frame + " " + lines;
    assertEquals(cgroups.size(), got.size(), () -> where + " " + got);
    for (int i = 0; i < cgroups.size(); i++) {
      OomKill k = got.get(i);
      assertEquals(MemoryKiller.OOMD, k.killer(), where);
      assertEquals(cgroups.get(i), k.victim().cgroup(), where);
      assertEquals(pids.get(i), k.victim().pid(), where);
      assertEquals(comms.get(i), k.victim().comm(), where);
    }
  }

  @FuzzTest(maxDuration = "30s")
  void anyInput_neverThrows(FuzzedDataProvider data) {
    String[] fragments = {"oomd kill: ", "1.00 ", "2.5 ", "a.slice/b.service ", "123 ", "ruleset:[", "] ",
      "killer:", "(dry)", " v2", "restarted systemd service=", "] Killed ", "1: ", "(", ")", "BaseKillPlugin",
      "<14>[1.0] "};
    List<String> lines = Hostile.lines(data, fragments, 300, 8, 16);
    Hostile.citesInput(read(lines).events, lines);
  }

  static Collect read(List<String> lines) {
    return Collect.framed(new OomdParser(1000), lines);
  }

  static String frame(Frame f, int i, String message) {
    String up = String.format(Locale.ROOT, "[%7d.%06d] ", 1813654 + i, i);
    return switch (f) {
      case DMESG -> up + message;
      case DMESG_RAW -> "<14>" + up + message;
      case JOURNAL -> String.format(Locale.ROOT, "Apr 12 20:40:%02d seireitei kernel: ", i % 60) + message;
    };
  }
}
