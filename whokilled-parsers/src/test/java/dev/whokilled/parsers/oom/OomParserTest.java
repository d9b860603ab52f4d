package dev.whokilled.parsers.oom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.event.Constraint;
import dev.whokilled.event.ContainerRuntime;
import dev.whokilled.event.MemoryKiller;
import dev.whokilled.event.OomKill;
import dev.whokilled.framing.LogRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Message-level tests of the OOM parser; real lines, the corpus test covers whole reports. */
final class OomParserTest {

  // from this project's VM (Linux 6.18.44, cgroup v1), staged 2026-11-22
  static final String HEADER =
      "python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0";
  static final String CPU =
      "CPU: 1 UID: 0 PID: 1742 Comm: python3 Not tainted 6.18.44-fc-v657 #1 PREEMPT(none) ";
  static final String CHOICE =
      "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/a/wk,"
          + "task_memcg=/a/wk/inner,task=python3,pid=1742,uid=0";
  static final String KILL =
      "Memory cgroup out of memory: Killed process 1742 (python3) total-vm:75160kB, anon-rss:65132kB, "
          + "file-rss:6644kB, shmem-rss:0kB, UID:0 pgtables:188kB oom_score_adj:0";

  @Test
  void modernReport_allFields() {
    OomKill k = Feed.messages(
        HEADER, CPU, "memory: usage 65536kB, limit 65536kB, failcnt 233",
        "memory+swap: usage 65536kB, limit 9007199254740988kB, failcnt 0",
        "Tasks state (memory values in pages):",
        "[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name",
        "[   1742]     0  1742    18790    17944    16283     1661         0   192512        0             0 python3",
        CHOICE, KILL).only();
    assertEquals(1742L, k.victim().pid());
    assertEquals("python3", k.victim().comm());
    assertEquals(0, k.victim().uid());
    assertEquals("/a/wk/inner", k.victim().cgroup());
    assertEquals("/a/wk", k.oomCgroup());
    assertEquals(Constraint.MEMCG, k.constraint());
    assertEquals("0xcc0", k.gfpMask());
    assertEquals("GFP_KERNEL", k.gfpFlags());
    assertEquals(0, k.order());
    assertFalse(k.manual());
    assertEquals(1742L, k.trigger().pid());
    assertEquals("6.18.44-fc-v657", k.kernelVersion());
    assertEquals(75160L * 1024, k.memory().totalVm());
    assertEquals((65132L + 6644) * 1024, k.memory().rss());
    assertEquals(188L * 1024, k.memory().pageTables());
    assertEquals(65536L * 1024, k.cgroupMemory().limit());
    assertNull(k.cgroupMemory().swapLimit(), "the kernel's unlimited value reads as no limit");
    assertEquals(233L, k.cgroupMemory().failcnt());
    assertEquals(1, k.candidates().size());
    assertEquals(192512L, k.candidates().get(0).pageTablesBytes());
    assertEquals(3, k.evidence().size(), "header, choice, kill: " + k.evidence());
    assertFalse(k.truncated());
  }

  @Test
  void reaper_confirmsTheKill() {
    OomKill k = Feed.messages(HEADER, CHOICE, KILL,
        "oom_reaper: reaped process 1742 (python3), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB").only();
    assertTrue(k.reaped());
    assertTrue(k.evidence().get(k.evidence().size() - 1).message().startsWith("oom_reaper"));
  }

  @Test
  void rhel6_killLineWithUidBeforeName() {
    // RHEL 6 (2.6.32-xxx.el6) prints the uid before the name
    OomKill k = Feed.messages(
        "Out of memory: Kill process 2357 (httpd) score 97 or sacrifice child",
        "Killed process 2357, UID 48, (httpd) total-vm:480816kB, anon-rss:138732kB, file-rss:420kB").only();
    assertEquals(2357L, k.victim().pid());
    assertEquals("httpd", k.victim().comm());
    assertEquals(48, k.victim().uid());
    assertEquals(97L, k.score());
    assertNull(k.chosen());
    assertEquals(Constraint.UNKNOWN, k.constraint());
  }

  @Test
  void sacrificedChild_keepsTheChosenApart() {
    OomKill k = Feed.messages(
        "Out of memory: Kill process 15545 (parent) score 900 or sacrifice child",
        "Killed process 15575 (child) total-vm:1000kB, anon-rss:500kB, file-rss:4kB").only();
    assertEquals(15575L, k.victim().pid());
    assertEquals(15545L, k.chosen().pid());
    assertEquals("parent", k.chosen().comm());
    assertNull(k.score(), "the score was the parent's");
  }

  @Test
  void cgroupV1TaskIn_namesBothCgroups() {
    OomKill k = Feed.messages(
        "Task in /docker/2e08/child killed as a result of limit of /docker/2e08",
        "Memory cgroup out of memory: Kill process 1381 (gunpowder-memho) score 1046 or sacrifice child",
        "Killed process 1381 (gunpowder-memho) total-vm:2121528kB, anon-rss:18624kB, file-rss:2140kB, shmem-rss:0kB")
        .only();
    assertEquals("/docker/2e08/child", k.victim().cgroup());
    assertEquals("/docker/2e08", k.oomCgroup());
    assertEquals(Constraint.MEMCG, k.constraint());
    assertEquals(1046L, k.score());
  }

  @Test
  void hostileNames_readWhole() {
    for (String name : List.of("my (app) x", "a) score 5 (b", "tokio-runtime-w", "[kworker/0:1]", "x,pid=3,uid=4",
        "sp ace", "\u00e9t\u00e9", "q\"uote'")) {
      OomKill k = Feed.messages(
          name + " invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
          "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,"
              + "task_memcg=/user.slice,task=" + name + ",pid=77,uid=1000",
          "Out of memory: Killed process 77 (" + name + ") total-vm:1000kB, anon-rss:10kB, file-rss:0kB, "
              + "shmem-rss:0kB, UID:1000 pgtables:4kB oom_score_adj:0").only();
      assertEquals(name, k.victim().comm(), name);
      assertEquals(name, k.trigger().comm(), name);
      assertEquals(77L, k.victim().pid(), name);
      assertEquals(1000, k.victim().uid(), name);
      assertEquals(Constraint.NONE, k.constraint(), name);
      assertNull(k.oomCgroup(), name);
    }
  }

  @Test
  void hostileNames_inTheChoiceLine_doNotChangeTheConstraint() {
    // found by fuzzing: a task named "7k i,global_oom" (15 bytes) made a memcg OOM read as global
    for (String name : List.of("7k i,global_oom", "z,task_memcg=/", "a,oom_memcg=/b")) {
      OomKill k = Feed.messages(
          name + " invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
          "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/app,"
              + "task_memcg=/app/w,task=" + name + ",pid=77,uid=1000",
          "Memory cgroup out of memory: Killed process 77 (" + name + ") total-vm:1000kB, anon-rss:10kB, "
              + "file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:4kB oom_score_adj:0").only();
      assertEquals(name, k.victim().comm(), name);
      assertEquals("/app", k.oomCgroup(), name);
      assertEquals("/app/w", k.victim().cgroup(), name);
      assertTrue(k.isCgroupLimit(), name);
    }
  }

  @Test
  void groupKill_everyVictim() {
    List<OomKill> kills = Feed.messages(
        "stress invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
        "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/g,"
            + "task_memcg=/g/a,task=stress,pid=10,uid=0",
        "Memory cgroup out of memory: Killed process 10 (stress) total-vm:100kB, anon-rss:50kB, file-rss:0kB, "
            + "shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0",
        "Tasks in /g are going to be killed due to memory.oom.group set",
        "Memory cgroup out of memory: Killed process 11 (helper) total-vm:100kB, anon-rss:50kB, file-rss:0kB, "
            + "shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0",
        "Memory cgroup out of memory: Killed process 12 (helper) total-vm:100kB, anon-rss:50kB, file-rss:0kB, "
            + "shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0").kills();
    assertEquals(3, kills.size());
    assertEquals(List.of(10L, 11L, 12L), kills.stream().map(k -> k.victim().pid()).toList());
    assertTrue(kills.get(1).groupKill());
    assertEquals("/g", kills.get(2).oomCgroup());
  }

  @Test
  void groupKill_inAContainer_everyVictimGetsTheContainer() {
    // the shape of corpus/oom/modern_aks_cgv2_memcg_oom_group_syslog: the limit is the node's (/kubepods.slice),
    // the group a container's scope; the group's other victims' own cgroups are not printed
    String scope = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod10d16a28_60ff_475f_a631_"
        + "510d9792219f.slice/cri-containerd-178ec18073cc6ac7be2de8d9869daf162a6349dd056b6535849112c53ec3102a.scope";
    List<OomKill> kills = Feed.messages(
        "stress invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=872",
        "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=cri-containerd-178ec18073cc6ac7be2de8d9869daf1"
            + "62a6349dd056b6535849112c53ec3102a.scope,mems_allowed=0,oom_memcg=/kubepods.slice,task_memcg=" + scope
            + ",task=stress,pid=68061,uid=0",
        "Memory cgroup out of memory: Killed process 68061 (stress) total-vm:4195088kB, anon-rss:2884696kB, "
            + "file-rss:288kB, shmem-rss:0kB, UID:0 pgtables:5696kB oom_score_adj:872",
        "Tasks in " + scope + " are going to be killed due to memory.oom.group set",
        "Memory cgroup out of memory: Killed process 68062 (stress) total-vm:100kB, anon-rss:50kB, file-rss:0kB, "
            + "shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:872").kills();
    assertEquals(List.of(68061L, 68062L), kills.stream().map(k -> k.victim().pid()).toList());
    for (OomKill k : kills) {
      assertEquals(ContainerRuntime.CONTAINERD, k.victim().container().runtime());
      assertEquals("178ec18073cc6ac7be2de8d9869daf162a6349dd056b6535849112c53ec3102a", k.victim().container().id());
      assertEquals("10d16a28-60ff-475f-a631-510d9792219f", k.victim().container().podUid());
      assertEquals("/kubepods.slice", k.oomCgroup());
    }
    assertNull(kills.get(1).victim().cgroup(), "not printed for the group's other victims");
  }

  @Test
  void podLimit_taskInThePodsOwnCgroup_victimGetsThePod() {
    OomKill k = Feed.messages(
        "Task in /kubepods/burstable/pod6b212546-f5dd-4fdf-bcc7-72a686638102 killed as a result of limit of "
            + "/kubepods/burstable/pod6b212546-f5dd-4fdf-bcc7-72a686638102",
        "Memory cgroup out of memory: Killed process 18524 (cdi-importer) total-vm:2701352kB, anon-rss:23032kB, "
            + "file-rss:0kB, shmem-rss:0kB, UID:0").only();
    assertEquals("6b212546-f5dd-4fdf-bcc7-72a686638102", k.victim().container().podUid());
    assertEquals("burstable", k.victim().container().qosClass());
    assertNull(k.victim().container().id());
  }

  @Test
  void groupPath_readFromTheGroupLine() {
    assertEquals("/g/a b", OomParser.groupPath("Tasks in /g/a b are going to be killed due to memory.oom.group set"));
    assertNull(OomParser.groupPath("Tasks in  are going to be killed due to memory.oom.group set"));
    assertNull(OomParser.groupPath("Tasks in /g"));
  }

  @Test
  void groupKill_victimListedAgainByTheGroupScan_isOneKill() {
    // oom_kill_process() kills the victim, then mem_cgroup_scan_tasks() walks the whole group and prints
    // "Killed process" for the victim a second time (its mm is not yet gone); that is one death, not two.
    List<OomKill> kills = Feed.messages(
        "stress invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
        "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/g,"
            + "task_memcg=/g/a,task=stress,pid=10,uid=0",
        "Memory cgroup out of memory: Killed process 10 (stress) total-vm:100kB, anon-rss:50kB, file-rss:0kB, "
            + "shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0",
        "Tasks in /g are going to be killed due to memory.oom.group set",
        "Memory cgroup out of memory: Killed process 10 (stress) total-vm:100kB, anon-rss:50kB, file-rss:0kB, "
            + "shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0",
        "Memory cgroup out of memory: Killed process 11 (helper) total-vm:100kB, anon-rss:50kB, file-rss:0kB, "
            + "shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0").kills();
    assertEquals(List.of(10L, 11L), kills.stream().map(k -> k.victim().pid()).toList());
    assertTrue(kills.get(0).groupKill(), "the first victim died in the group kill too");
    assertTrue(kills.get(1).groupKill());
  }

  @Test
  void manualTrigger_orderMinusOne() {
    OomKill k = Feed.messages(
        "sysrq: Manual OOM execution",
        "kworker/0:2 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=-1, oom_score_adj=0",
        "Out of memory: Killed process 300 (big) total-vm:1000kB, anon-rss:10kB, file-rss:0kB, shmem-rss:0kB, "
            + "UID:0 pgtables:4kB oom_score_adj:0").only();
    assertTrue(k.manual());
    assertEquals(-1, k.order());
  }

  @Test
  void openvz_bothShapes() {
    List<OomKill> kills = Feed.messages(
        "Out of memory in UB 317592: OOM killed process 2946 (npm) score 0 vm:1506164kB, rss:237752kB, swap:120052kB",
        "OOM killed process watchdog (pid=14490, ve=13516) exited, free=43104 gen=24501.").kills();
    assertEquals(2, kills.size());
    OomKill ub = kills.get(0);
    assertEquals(MemoryKiller.OPENVZ, ub.killer());
    assertEquals("317592", ub.victim().container().id());
    assertEquals(ContainerRuntime.OPENVZ, ub.victim().container().runtime());
    assertEquals(237752L * 1024, ub.memory().anonRss());
    assertEquals(120052L * 1024, ub.memory().swap());
    assertEquals("watchdog", kills.get(1).victim().comm());
    assertEquals(14490L, kills.get(1).victim().pid());
    assertEquals("13516", kills.get(1).victim().container().id());
  }

  @Test
  void linux24_killWithoutPid() {
    OomKill k = Feed.messages("__alloc_pages: 0-order allocation failed (gfp=0x1d2/0)",
        "VM: killing process rsync").only();
    assertNull(k.victim().pid());
    assertEquals("rsync", k.victim().comm());
  }

  @Test
  void notKills_nothingEmitted() {
    Feed f = Feed.messages(
        "kworker/u4:2: page allocation failure: order:4, mode:0x40cc0(GFP_KERNEL|__GFP_COMP), nodemask=(null)",
        "Out of memory and no killable processes...",
        "Kernel panic - not syncing: System is deadlocked on memory",
        "java (1234): /proc/1234/oom_adj is deprecated, please use /proc/1234/oom_score_adj instead.",
        "__alloc_pages: 0-order allocation failed (gfp=0x1d2/0)");
    assertEquals(List.of(), f.events);
  }

  @Test
  void cutOffReport_yieldsTheChosenAsTruncated() {
    OomKill k = Feed.messages(HEADER, CHOICE).only();
    assertTrue(k.truncated());
    assertEquals(1742L, k.victim().pid());
    assertEquals("python3", k.victim().comm());
  }

  /**
   * Init is never the kernel's choice, whichever line names it: a forged report of only an {@code oom-kill:} line
   * (closed as a cut-off report), a {@code Kill process 1 … score} line, a sharing line or an OpenVZ kill.
   */
  @Test
  void pidOne_neverTheKernelsVictim_onEveryPath() {
    List<List<String>> forged = List.of(
        List.of("oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,"
            + "task_memcg=/init.scope,task=systemd,pid=1,uid=0"),
        List.of("Out of memory: Kill process 1 (systemd) score 900 or sacrifice child"),
        List.of("Kill process 1 (systemd) sharing same memory"),
        List.of("Out of memory in UB 1234: OOM killed process 1 (init) score 0 vm:1000kB, rss:100kB, swap:0kB"));
    for (List<String> lines : forged) {
      Feed f = Feed.messages(lines.toArray(String[]::new));
      assertEquals(List.of(), f.events, lines.toString());
      assertEquals(1, f.warnings.size(), lines + ": " + f.warnings);
      assertTrue(f.warnings.get(0).contains("never chooses"), f.warnings.get(0));
    }
  }

  @Test
  void userspaceOrigin_warningNotEvidence() {
    LogRecord spoof = new LogRecord("journal", 1, KILL, KILL, dev.whokilled.framing.Format.JOURNAL_JSON,
        dev.whokilled.framing.Origin.USERSPACE, dev.whokilled.event.EventTime.UNKNOWN, "h", "logger", 4242L, 1,
        5, 0, -1);
    Feed f = Feed.of(new OomParser(1000), List.of(spoof));
    assertEquals(List.of(), f.events);
    assertEquals(1, f.warnings.size());
    assertTrue(f.warnings.get(0).contains("logger[4242]"), f.warnings.get(0));
  }

  /** A header and a task table of {@code rows} workers, as bare records of source {@code t}. */
  private static List<LogRecord> table(String columns, int rows) {
    List<LogRecord> records = new ArrayList<>();
    records.add(LogRecord.plain("t", 1, HEADER));
    records.add(LogRecord.plain("t", 2, columns));
    for (int i = 0; i < rows; i++) {
      records.add(LogRecord.plain("t", 3 + i, "[" + (1000 + i) + "]     0  " + (1000 + i)
          + "    18790    17944   192512        0             0 worker"));
    }
    return records;
  }

  @Test
  void hugeTaskTable_cappedAndTruncated() {
    List<LogRecord> records = table("[ pid ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name",
        50_000);
    records.add(LogRecord.plain("t", 60_000, KILL));
    Feed f = Feed.of(new OomParser(100), records);
    OomKill k = f.only();
    assertEquals(100, k.candidates().size());
    assertTrue(k.truncated());
    assertEquals(List.of("OOM task table longer than 100 rows; the rest of it is not kept"), f.problems);
  }

  /** Found by the resource-bound test: a header and a task table that never end were read with nothing noted. */
  @Test
  void endlessTaskTable_noKill_problemNoted() {
    Feed f = Feed.of(new OomParser(100), table(
        "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name", 5_000));
    assertEquals(List.of(), f.events);
    assertEquals(List.of("OOM task table longer than 100 rows; the rest of it is not kept"), f.problems);
  }

  /** Found by fuzzing the whole analyzer: a row with a lone minus sign for a number threw from the parser. */
  @Test
  void taskTableRowWithLoneMinusSign_notARow() {
    List<LogRecord> records = table(
        "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name", 1);
    records.add(LogRecord.plain("t", 4, "[   1742]     0  1742    18790    17944   192512        0             - x"));
    records.add(LogRecord.plain("t", 5, "[   1743]     0  1743    18790    17944   192512        0             -"));
    records.add(LogRecord.plain("t", 6, KILL));
    Feed f = Feed.of(new OomParser(1000), records);
    OomKill k = f.only();
    assertEquals(List.of(1000L), k.candidates().stream().map(c -> c.pid()).toList());
  }
}
