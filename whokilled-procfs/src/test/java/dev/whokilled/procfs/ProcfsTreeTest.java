package dev.whokilled.procfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.facts.CgroupFacts;
import dev.whokilled.facts.CgroupMembership;
import dev.whokilled.facts.CoreDumpOutlook;
import dev.whokilled.facts.CoreDumpSettings;
import dev.whokilled.facts.HostFacts;
import dev.whokilled.facts.MemoryPressure;
import dev.whokilled.facts.OomSettings;
import dev.whokilled.facts.ProcessFacts;
import dev.whokilled.facts.ProcessMemory;
import dev.whokilled.facts.ResourceLimit;
import dev.whokilled.facts.Rlimit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every fact read from each captured tree, with the exact value its files hold. */
final class ProcfsTreeTest {

  private static final String OWN = "/process_api/07cc74ecfb3c99444f2e30f0f1c238ce";
  private static final String FIXTURE = OWN + "/whokilled-fixture";
  private static final long KB = 1024;

  // ------------------------------------------------------------------------------------------- v1-hybrid-vm

  @Test
  void v1Host_everyFact() {
    HostFacts h = Trees.at("v1-hybrid-vm").host();
    assertEquals(Instant.parse("2026-11-22T15:31:52.454517174Z"), h.taken());
    assertEquals(Instant.ofEpochSecond(1795344881L), h.bootTime());
    assertEquals("41b773de84eb4a1aaaef2e23c8dfde92", h.bootId());
    assertEquals(Duration.ofMillis(16630_600), h.uptime());
    assertEquals("6.18.44-fc-v657", h.kernelRelease());
    assertEquals("vm", h.hostname());
    assertEquals("hybrid", h.cgroupMode());
    assertEquals(new CoreDumpSettings("core", false, 0, 0), h.coreDumps());
    assertEquals(new OomSettings(0, 50, 0, 0, 1), h.oom());
    assertEquals(54, h.meminfo().size());
    assertEquals(24684092 * KB, h.meminfo().get("MemTotal"));
    assertEquals(23990040 * KB, h.meminfo().get("MemFree"));
    assertEquals(24089664 * KB, h.meminfo().get("MemAvailable"));
    assertEquals(0L, h.meminfo().get("HugePages_Total"));
    assertEquals(2048 * KB, h.meminfo().get("Hugepagesize"));
    assertEquals(new MemoryPressure(new MemoryPressure.Stall(0, 0, 0, 922854),
        new MemoryPressure.Stall(0, 0, 0, 625153)), h.pressure());
    assertEquals(List.of(), h.processes());
    assertEquals(List.of(), h.cgroups());
    assertEquals(List.of(), h.unread());
  }

  @Test
  void v1Catcher_everyFact() {
    ProcessFacts p = Trees.at("v1-hybrid-vm").expectProcess(25655);
    assertEquals("my (app) x", p.comm());
    assertEquals("S", p.state());
    assertEquals(25613L, p.ppid());
    assertEquals(0, p.uid());
    assertEquals(Duration.ofMillis(16628_690), p.startTime());
    assertEquals(1000, p.oomScore());
    assertEquals(500, p.oomScoreAdj());
    assertEquals(8, p.oomAdj());
    assertFalse(p.oomExempt());
    assertEquals(new ProcessMemory(17968 * KB, 17968 * KB, 11200 * KB, 11200 * KB, 7492 * KB, 3708 * KB, 0L, 0L),
        p.memory());
    assertEquals(List.of("SIGTERM"), p.caught().names());
    assertEquals(List.of("SIGHUP", "SIGINT", "SIGQUIT", "SIGPIPE", "SIGXFSZ"), p.ignored().names());
    assertEquals(List.of("SIGUSR1"), p.blocked().names());
    assertTrue(p.pending().isEmpty());
    assertEquals(16, p.limits().size());
    assertEquals(new ResourceLimit(Rlimit.CORE, 0L, null), p.findLimit(Rlimit.CORE).orElseThrow());
    assertEquals(new ResourceLimit(Rlimit.CPU, null, null), p.limits().get(0));
    assertEquals(new ResourceLimit(Rlimit.STACK, 8388608L, null), p.findLimit(Rlimit.STACK).orElseThrow());
    assertEquals(new ResourceLimit(Rlimit.NOFILE, 20000L, 20000L), p.findLimit(Rlimit.NOFILE).orElseThrow());
    assertEquals(new ResourceLimit(Rlimit.NICE, 0L, 0L), p.findLimit(Rlimit.NICE).orElseThrow());
    assertEquals(new ResourceLimit(Rlimit.RTTIME, null, null), p.limits().get(15));
    assertEquals(10, p.cgroups().size());
    assertEquals(new CgroupMembership(4, "memory", FIXTURE), p.cgroups().get(5));
    assertEquals(new CgroupMembership(0, "", "/"), p.cgroups().get(9));
    assertEquals(FIXTURE, p.memoryCgroup().orElseThrow());
    assertEquals("/", p.unitCgroup().orElseThrow());
    assertEquals(List.of("/root/.pyenv/versions/3.11.7/bin/python3", "/tmp/procfs-scratch/actors.py"), p.cmdline());
    assertFalse(p.kernelThread());
    assertEquals(List.of(), p.unread());
  }

  @Test
  void v1HostileName_statusAndStatAgree() {
    ProcessFacts p = Trees.at("v1-hybrid-vm").expectProcess(25656);
    assertEquals("a\nb\\c) d", p.comm());
    assertEquals(1333, p.oomScore());
    assertEquals(1000, p.oomScoreAdj());
    assertEquals(15, p.oomAdj());
    assertEquals(OWN, p.memoryCgroup().orElseThrow());
    assertTrue(p.caught().isEmpty());
    assertEquals(Duration.ofMillis(16628_690), p.startTime());
    assertEquals(List.of(), p.unread());
    // stat alone gives the same name: from the first '(' to the last ')'
    String stat = new String(readTree("v1-hybrid-vm", "proc/25656/stat"), java.nio.charset.StandardCharsets.UTF_8);
    StatFile s = StatFile.parse(stat);
    assertEquals("a\nb\\c) d", s.comm());
    assertEquals("S", s.state());
    assertEquals(25613L, s.ppid());
  }

  @Test
  void v1Zombie_noMemoryNoArguments() {
    ProcessFacts z = Trees.at("v1-hybrid-vm").expectProcess(25658);
    assertEquals("zchild", z.comm());
    assertEquals("Z", z.state());
    assertEquals(25657L, z.ppid());
    assertEquals(ProcessMemory.UNKNOWN, z.memory());
    assertEquals(List.of(), z.cmdline());
    assertEquals(0, z.oomScore());
    assertEquals("/", z.memoryCgroup().orElseThrow());
    assertFalse(z.kernelThread());
    assertEquals(List.of(), z.unread());
    ProcessFacts parent = Trees.at("v1-hybrid-vm").expectProcess(25657);
    assertEquals(List.of("SIGTERM"), parent.caught().names());
    assertEquals(666, parent.oomScore());
  }

  @Test
  void v1InitAndKthreadd() {
    Procfs tree = Trees.at("v1-hybrid-vm");
    ProcessFacts init = tree.expectProcess(1);
    assertEquals("process_api", init.comm());
    assertEquals(0L, init.ppid());
    assertEquals(Duration.ofMillis(240), init.startTime());
    assertEquals(13292 * KB, init.memory().vmRss());
    assertEquals(List.of("SIGILL", "SIGABRT", "SIGBUS", "SIGFPE", "SIGSEGV"), init.caught().names());
    assertEquals(List.of("SIGPIPE"), init.ignored().names());
    assertEquals("/process_api", init.cmdline().get(0));
    assertFalse(init.kernelThread());
    ProcessFacts kthreadd = tree.expectProcess(2);
    assertEquals("kthreadd", kthreadd.comm());
    assertTrue(kthreadd.kernelThread());
    assertEquals(ProcessMemory.UNKNOWN, kthreadd.memory());
    assertEquals(List.of(), kthreadd.cmdline());
    assertEquals(0, kthreadd.oomScore());
  }

  @Test
  void v1Processes_inPidOrder() {
    List<Long> pids = Trees.at("v1-hybrid-vm").processes().stream().map(ProcessFacts::pid).toList();
    assertEquals(List.of(1L, 2L, 25655L, 25656L, 25657L, 25658L), pids);
  }

  @Test
  void v1OomOrder_highestScoreFirst_neverInitKthreadOrZombie() {
    List<Long> order = Trees.at("v1-hybrid-vm").oomOrder().stream().map(ProcessFacts::pid).toList();
    assertEquals(List.of(25656L, 25655L, 25657L), order);
  }

  @Test
  void v1Cgroups_limitUsageAndCounters() {
    Procfs tree = Trees.at("v1-hybrid-vm");
    assertEquals(new CgroupFacts(FIXTURE, 1, 64L << 20, 0L, 0L, null, 0L, 0L, false, false, null),
        tree.findCgroup(FIXTURE).orElseThrow());
    assertEquals(new CgroupFacts(OWN, 1, null, 184299520L, 405356544L, null, 0L, 0L, false, false, null),
        tree.findCgroup(OWN).orElseThrow());
    assertEquals(new CgroupFacts("/", 1, null, 232050688L, 9146716160L, null, 0L, 0L, false, false, null),
        tree.findCgroup("/").orElseThrow());
    assertTrue(tree.findCgroup("/process_api/gone").isEmpty());
    assertTrue(tree.findCgroup("/../../etc").isEmpty());
    assertEquals(tree.findCgroup(FIXTURE), tree.memoryCgroup(tree.expectProcess(25655)));
  }

  @Test
  void v1Facts_processesAndTheirCgroups() {
    HostFacts all = Trees.at("v1-hybrid-vm").facts();
    assertEquals(6, all.processes().size());
    assertEquals(List.of("/", OWN, FIXTURE), all.cgroups().stream().map(CgroupFacts::path).toList());
    assertEquals(List.of(), all.unread());
    HostFacts some = Trees.at("v1-hybrid-vm").facts(25655, 4242);
    assertEquals(List.of(25655L), some.processes().stream().map(ProcessFacts::pid).toList());
    assertEquals(List.of(FIXTURE), some.cgroups().stream().map(CgroupFacts::path).toList());
    assertEquals(List.of("pid 4242: no such process"), some.unread());
  }

  @Test
  void v1CoreOutlook_noCoreWithLimitZero() {
    Procfs tree = Trees.at("v1-hybrid-vm");
    CoreDumpOutlook o = CoreDumpOutlook.of(tree.host().coreDumps(),
        tree.expectProcess(25655).findLimit(Rlimit.CORE).orElse(null));
    assertEquals(false, o.wouldWrite());
  }

  // ----------------------------------------------------------------------------------------------- v2-public

  private static final String LABM6 = "/user.slice/user-1000.slice/user@1000.service/app.slice/labm6.service";

  @Test
  void v2Host_whatThePublicFilesShow() {
    HostFacts h = Trees.at("v2-public").host();
    assertNull(h.taken());
    assertNull(h.bootTime());
    assertNull(h.bootId());
    assertNull(h.uptime());
    assertNull(h.kernelRelease());
    assertNull(h.hostname());
    assertEquals("v2", h.cgroupMode());
    assertEquals(new CoreDumpSettings("|/usr/lib/systemd/systemd-coredump %P %u %g %s %t %c %h", null, null, null),
        h.coreDumps());
    assertEquals("/usr/lib/systemd/systemd-coredump", h.coreDumps().helper());
    assertEquals(OomSettings.UNKNOWN, h.oom());
    assertEquals(java.util.Map.of(), h.meminfo());
    assertEquals(new MemoryPressure(new MemoryPressure.Stall(70.24, 68.52, 69.91, 3559632828L),
        new MemoryPressure.Stall(57.59, 58.06, 60.38, 3300487258L)), h.pressure());
    assertEquals(List.of("/proc/stat: missing", "/proc/sys/kernel/random/boot_id: missing", "/proc/uptime: missing",
        "/proc/sys/kernel/osrelease: missing", "/proc/sys/kernel/hostname: missing",
        "/proc/sys/kernel/core_uses_pid: missing", "/proc/sys/kernel/core_pipe_limit: missing",
        "/proc/sys/fs/suid_dumpable: missing", "/proc/sys/vm/overcommit_memory: missing",
        "/proc/sys/vm/overcommit_ratio: missing", "/proc/sys/vm/panic_on_oom: missing",
        "/proc/sys/vm/oom_kill_allocating_task: missing", "/proc/sys/vm/oom_dump_tasks: missing",
        "/proc/meminfo: missing"), h.unread());
  }

  @Test
  void v2Systemd_everyFact() {
    ProcessFacts p = Trees.at("v2-public").expectProcess(1);
    assertEquals("systemd", p.comm());
    assertEquals("S", p.state());
    assertEquals(0L, p.ppid());
    assertEquals(0, p.uid());
    assertNull(p.startTime());
    assertNull(p.oomScore());
    assertNull(p.oomScoreAdj());
    assertNull(p.oomAdj());
    assertEquals(new ProcessMemory(233444 * KB, 169080 * KB, 13832 * KB, 13832 * KB, 6016 * KB, 7816 * KB, 0L, 0L),
        p.memory());
    // 00000001000004ec: what systemd handles; 7be3c0fe28014a03: what it blocks (it reads them from a signalfd)
    assertEquals(List.of("SIGQUIT", "SIGILL", "SIGABRT", "SIGBUS", "SIGFPE", "SIGSEGV", "SIGRT_1"),
        p.caught().names());
    assertEquals(List.of("SIGPIPE"), p.ignored().names());
    assertEquals(List.of("SIGHUP", "SIGINT", "SIGUSR1", "SIGUSR2", "SIGTERM", "SIGCHLD", "SIGWINCH", "SIGPWR",
        "SIGRT_2", "SIGRT_3", "SIGRT_4", "SIGRT_5", "SIGRT_6", "SIGRT_7", "SIGRT_8", "SIGRT_15", "SIGRT_16",
        "SIGRT_17", "SIGRT_18", "SIGRT_22", "SIGRT_23", "SIGRT_24", "SIGRT_25", "SIGRT_26", "SIGRT_28", "SIGRT_29",
        "SIGRT_30", "SIGRT_31"), p.blocked().names());
    assertTrue(p.pending().isEmpty());
    assertEquals(13, p.limits().size());
    assertEquals(new ResourceLimit(Rlimit.CORE, 0L, null), p.findLimit(Rlimit.CORE).orElseThrow());
    assertEquals(new ResourceLimit(Rlimit.SIGPENDING, 62551L, 62551L), p.findLimit(Rlimit.SIGPENDING).orElseThrow());
    assertTrue(p.findLimit(Rlimit.NICE).isEmpty());
    assertEquals(List.of(new CgroupMembership(0, "", "/init.scope")), p.cgroups());
    assertEquals("/init.scope", p.memoryCgroup().orElseThrow());
    assertEquals(List.of(), p.cmdline());
    assertFalse(p.kernelThread());
    assertEquals(List.of("stat: missing", "cmdline: missing", "oom_score: missing", "oom_score_adj: missing",
        "oom_adj: missing"), p.unread());
    // systemd-coredump keeps no core when RLIMIT_CORE is 0
    assertEquals(false, CoreDumpOutlook.of(Trees.at("v2-public").host().coreDumps(),
        p.findLimit(Rlimit.CORE).orElseThrow()).wouldWrite());
  }

  @Test
  void v2Cgroup_theOomKilledService() {
    Procfs tree = Trees.at("v2-public");
    assertEquals(new CgroupFacts(LABM6, 2, 536870912L, 278528L, 536870912L, 1L, 1L, null, null, null, null),
        tree.findCgroup(LABM6).orElseThrow());
    HostFacts f = tree.facts();
    assertEquals(List.of(1L), f.processes().stream().map(ProcessFacts::pid).toList());
    assertEquals(List.of(), f.cgroups()); // /init.scope is not in the tree
    assertTrue(tree.findProcess(2840).isEmpty()); // no status: gone before it was read
    assertEquals(List.of(), tree.oomOrder()); // pid 1 never, and nothing else
  }

  private static byte[] readTree(String tree, String file) {
    try {
      return java.nio.file.Files.readAllBytes(Trees.path(tree).resolve(file));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
