package dev.whokilled.parsers.oom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.whokilled.Death;
import dev.whokilled.KillForensics;
import dev.whokilled.Report;
import dev.whokilled.Verdict;
import dev.whokilled.event.Constraint;
import dev.whokilled.event.KillEvent;
import dev.whokilled.event.OomKill;
import dev.whokilled.parsers.testing.Hostile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Property tests of the OOM grammar: kills of every era, generated from structure, rendered in every framing,
 * parse back to the same victims; arbitrary input never throws. Jazzer replays the seeds in
 * {@code src/test/resources/.../OomPropertyTestInputs} in every build and fuzzes in CI ({@code JAZZER_FUZZ=1}).
 */
final class OomPropertyTest {

  /** Names the kernel really prints (comm, at most 15 bytes): spaces, brackets, parentheses, quotes, UTF-8. */
  static final String[] HOSTILE_NAMES = {
    "python3", "java", "my (app) x", "a) b (c", "[kworker/0:1]", "tokio-runtime-w", "sp ace", "q\"uote'",
    "x,pid=3,uid=4", "\u00e9t\u00e9", "\u6d4b\u8bd5", "gunpowder-memho", "php-fpm: pool w", "(sd-pam)",
    "a:b=c", "kill process 1", "Killed process", "%s%n", "7k i,global_oom", "z,task_memcg=/"
  };

  enum Era { MODERN_MEMCG, MODERN_GLOBAL, V4_MEMCG, V3_GLOBAL, RHEL6, SACRIFICE_CHILD }

  enum Frame { DMESG, DMESG_RAW, KMSG, SYSLOG_UPTIME, SYSLOG, PLAIN }

  record Victim(long pid, String name, long totalVmKb, long anonKb, long fileKb, int uid) {}

  @FuzzTest(maxDuration = "40s")
  void generatedKills_parseBack(FuzzedDataProvider data) {
    Era era = data.pickValue(Era.values());
    Frame frame = data.pickValue(Frame.values());
    int count = era == Era.MODERN_MEMCG ? data.consumeInt(1, 3) : 1;
    List<Victim> victims = new ArrayList<>();
    long pid = 0;
    for (int i = 0; i < count; i++) {
      // Distinct and ascending: the kernel lists an oom.group's members once each, by pid (a victim printed a
      // second time by the group scan is the same kill, which the parser rightly reports once).
      pid = (i == 0 ? 1000 : pid + 1) + data.consumeLong(0, 1_300_000L);
      victims.add(new Victim(pid, name(data),
          data.consumeLong(1, 1L << 40), data.consumeLong(0, 1L << 36), data.consumeLong(0, 1L << 30),
          data.consumeInt(0, 65535)));
    }
    long uptimeMicros = data.consumeLong(1_000_000L, 100_000_000_000L);
    List<String> messages = render(era, victims);
    List<String> lines = new ArrayList<>();
    lines.add(frame(frame, uptimeMicros - 500_000, 6, "EXT4-fs (vda): mounted filesystem r/w"));
    long t = uptimeMicros;
    for (String m : messages) {
      lines.add(frame(frame, t, 4, m));
      t += data.consumeInt(1, 500);
    }
    lines.add(frame(frame, t + 1_000_000, 6, "random: crng reseeded"));

    Report report = KillForensics.analyze(lines);
    List<OomKill> kills = new ArrayList<>();
    for (Death d : report.deaths()) {
      for (KillEvent e : d.events()) {
        if (!(e instanceof OomKill k)) {
          throw new AssertionError("not an OOM kill: " + e + " from " + lines);
        }
        kills.add(k);
      }
    }
    kills.sort(Comparator.comparingLong(OomCorpusTest::killLine));
    assertEquals(victims.size(), kills.size(), () -> "kills from " + lines);
    for (int i = 0; i < victims.size(); i++) {
      Victim v = victims.get(i);
      OomKill k = kills.get(i);
      String where = era + "/" + frame + " " + lines;
      assertEquals(v.pid(), k.victim().pid(), where);
      assertEquals(v.name(), k.victim().comm(), where);
      assertEquals(v.totalVmKb() * 1024, k.memory().totalVm(), where);
      assertEquals(v.anonKb() * 1024, k.memory().anonRss(), where);
      boolean memcg = era == Era.MODERN_MEMCG || era == Era.V4_MEMCG;
      assertEquals(memcg, k.isCgroupLimit(), where);
      if (memcg) {
        assertEquals("/app/worker", k.oomCgroup(), where);
      }
      if (era == Era.MODERN_GLOBAL) {
        assertEquals(Constraint.NONE, k.constraint(), where);
      }
      if (era == Era.SACRIFICE_CHILD) {
        assertEquals(v.pid() - 1, k.chosen().pid(), where);
      }
    }
  }

  @FuzzTest(maxDuration = "40s")
  void anyInput_neverThrows(FuzzedDataProvider data) {
    List<String> lines = new ArrayList<>();
    while (data.remainingBytes() > 0 && lines.size() < 200) {
      if (data.consumeBoolean()) {
        String[] fragments = {"invoked oom-killer: gfp_mask=", "Killed process ", "oom-kill:constraint=",
            "[ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name", "Task in ",
            " killed as a result of limit of ", "Out of memory: Kill process ", " score ", "oom_reaper: reaped process ",
            "OOM killed process ", "(pid=", "VM: killing process ", "memory: usage ", "CPU: ", "[  66.6] ",
            "<4>[ 1.0] ", "6,1,2,-;", "Apr 20 20:03:27 host kernel: "};
        lines.add(data.pickValue(fragments) + data.consumeString(80) + data.pickValue(fragments)
            + data.consumeString(40));
      } else {
        lines.add(data.consumeString(300));
      }
    }
    Report report = KillForensics.analyze(lines);
    Hostile.noFailure(report);
    assertNotNull(report);
    for (Death d : report.deaths()) {
      for (Verdict v : d.verdicts()) {
        assertTrue(v.confidence() >= 0 && v.confidence() <= 1, v.toString());
      }
    }
    assertEquals(lines.size(), report.linesRead());
  }

  private static String name(FuzzedDataProvider data) {
    if (data.consumeBoolean()) {
      return data.pickValue(HOSTILE_NAMES);
    }
    String s = data.consumeAsciiString(15).replaceAll("[^\\x21-\\x7e ]", "x").trim();
    if (s.contains(") total-vm:") || s.contains(") score ") || s.isEmpty()) {
      return "x";
    }
    return s;
  }

  static List<String> render(Era era, List<Victim> victims) {
    Victim first = victims.get(0);
    List<String> m = new ArrayList<>();
    String gfp = era.ordinal() <= 1 ? "gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0"
        : "gfp_mask=0x24000c0, order=0, oom_score_adj=0";
    m.add(first.name() + " invoked oom-killer: " + gfp);
    m.add("CPU: 1 PID: " + first.pid() + " Comm: " + first.name() + " Not tainted 5.15.0-91-generic #101-Ubuntu");
    m.add("Call Trace:");
    m.add(" dump_stack_lvl+0x4a/0x63");
    switch (era) {
      case MODERN_MEMCG, MODERN_GLOBAL -> {
        boolean memcg = era == Era.MODERN_MEMCG;
        if (memcg) {
          m.add("memory: usage 65536kB, limit 65536kB, failcnt 9");
        }
        m.add("Tasks state (memory values in pages):");
        m.add("[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name");
        for (Victim v : victims) {
          m.add(String.format(Locale.ROOT, "[%7d] %5d %5d %8d %8d %8d %8d %13d %s", v.pid(), v.uid(), v.pid(),
              v.totalVmKb() / 4, v.anonKb() / 4, 4096, 0, 0, v.name()));
        }
        m.add("oom-kill:constraint=" + (memcg ? "CONSTRAINT_MEMCG" : "CONSTRAINT_NONE")
            + ",nodemask=(null),cpuset=/,mems_allowed=0," + (memcg ? "oom_memcg=/app/worker," : "global_oom,")
            + "task_memcg=/app/worker,task=" + first.name() + ",pid=" + first.pid() + ",uid=" + first.uid());
        String prefix = memcg ? "Memory cgroup out of memory: " : "Out of memory: ";
        for (int i = 0; i < victims.size(); i++) {
          Victim v = victims.get(i);
          if (i == 1) {
            m.add("Tasks in /app/worker are going to be killed due to memory.oom.group set");
          }
          m.add(prefix + "Killed process " + v.pid() + " (" + v.name() + ") total-vm:" + v.totalVmKb()
              + "kB, anon-rss:" + v.anonKb() + "kB, file-rss:" + v.fileKb() + "kB, shmem-rss:0kB, UID:" + v.uid()
              + " pgtables:16kB oom_score_adj:0");
        }
        m.add("oom_reaper: reaped process " + first.pid() + " (" + first.name()
            + "), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB");
      }
      case V4_MEMCG -> {
        m.add("Task in /app/worker killed as a result of limit of /app/worker");
        m.add("memory: usage 65536kB, limit 65536kB, failcnt 9");
        m.add("[ pid ]   uid  tgid total_vm      rss nr_ptes nr_pmds swapents oom_score_adj name");
        m.add(String.format(Locale.ROOT, "[%5d] %5d %5d %8d %8d %7d %7d %8d %13d %s", first.pid(), first.uid(),
            first.pid(), first.totalVmKb() / 4, first.anonKb() / 4, 40, 3, 0, 0, first.name()));
        m.add("Memory cgroup out of memory: Kill process " + first.pid() + " (" + first.name()
            + ") score 1046 or sacrifice child");
        m.add("Killed process " + first.pid() + " (" + first.name() + ") total-vm:" + first.totalVmKb()
            + "kB, anon-rss:" + first.anonKb() + "kB, file-rss:" + first.fileKb() + "kB, shmem-rss:0kB");
      }
      case V3_GLOBAL, SACRIFICE_CHILD -> {
        m.add("[ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name");
        long chosen = era == Era.SACRIFICE_CHILD ? first.pid() - 1 : first.pid();
        m.add("Out of memory: Kill process " + chosen + " (" + first.name() + ") score 957 or sacrifice child");
        m.add("Killed process " + first.pid() + " (" + first.name() + ") total-vm:" + first.totalVmKb()
            + "kB, anon-rss:" + first.anonKb() + "kB, file-rss:" + first.fileKb() + "kB");
      }
      case RHEL6 -> {
        m.add("[ pid ]   uid  tgid total_vm      rss cpu oom_adj oom_score_adj name");
        m.add("Out of memory: Kill process " + first.pid() + " (" + first.name() + ") score 957 or sacrifice child");
        m.add("Killed process " + first.pid() + ", UID " + first.uid() + ", (" + first.name() + ") total-vm:"
            + first.totalVmKb() + "kB, anon-rss:" + first.anonKb() + "kB, file-rss:" + first.fileKb() + "kB");
      }
      default -> throw new AssertionError(era);
    }
    return m;
  }

  static String frame(Frame f, long micros, int level, String message) {
    String up = String.format(Locale.ROOT, "[%5d.%06d]", micros / 1_000_000, micros % 1_000_000);
    return switch (f) {
      case DMESG -> up + " " + message;
      case DMESG_RAW -> "<" + level + ">" + up + " " + message;
      case KMSG -> level + "," + (micros / 1000) + "," + micros + ",-;" + message;
      case SYSLOG_UPTIME -> "Dec 24 16:02:24 web1 kernel: " + up + " " + message;
      case SYSLOG -> "Dec 24 16:02:24 web1 kernel: " + message;
      case PLAIN -> message;
    };
  }
}
