package dev.whokilled.classify;

import static dev.whokilled.classify.Events.T0;
import static dev.whokilled.classify.Events.at;
import static dev.whokilled.classify.Events.fatal;
import static dev.whokilled.classify.Events.line;
import static dev.whokilled.classify.Events.oom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.Cause;
import dev.whokilled.Death;
import dev.whokilled.Verdict;
import dev.whokilled.event.Crash;
import dev.whokilled.event.CrashType;
import dev.whokilled.event.Observer;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.event.SignalDelivery;
import dev.whokilled.facts.CgroupFacts;
import dev.whokilled.facts.CgroupMembership;
import dev.whokilled.facts.CoreDumpSettings;
import dev.whokilled.facts.HostFacts;
import dev.whokilled.facts.OomSettings;
import dev.whokilled.facts.ProcessFacts;
import dev.whokilled.facts.ProcessMemory;
import dev.whokilled.facts.ResourceLimit;
import dev.whokilled.facts.Rlimit;
import dev.whokilled.facts.SignalSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** What the machine's facts change in verdicts the logs alone gave. */
final class FactRulesTest {

  static final Instant BOOT = T0.minusSeconds(3600);

  static ProcessFacts proc(long pid, String comm, int adj, @Nullable Long coreSoft, long caught, long ignored,
      String cgroup) {
    return new ProcessFacts(pid, comm, "S", 1L, 0, Duration.ofSeconds(10), 500, adj, null, ProcessMemory.UNKNOWN,
        List.of(new ResourceLimit(Rlimit.CORE, coreSoft, null)), new SignalSet(caught), new SignalSet(ignored),
        SignalSet.EMPTY, SignalSet.EMPTY, List.of(new CgroupMembership(0, "", cgroup)), List.of(comm), false,
        List.of());
  }

  static HostFacts facts(@Nullable Instant taken, List<ProcessFacts> processes, List<CgroupFacts> cgroups,
      @Nullable String corePattern) {
    return new HostFacts(taken, BOOT, null, null, null, null, "v2", new CoreDumpSettings(corePattern, false, 0, 0),
        OomSettings.UNKNOWN, Map.of(), null, processes, cgroups, List.of());
  }

  static List<Death> apply(List<Death> deaths, HostFacts facts, List<String> warnings) {
    return FactRules.apply(deaths, facts, warnings);
  }

  static long bit(Signal s) {
    return 1L << (s.number() - 1);
  }

  @Test
  void oomScoreAdjMinus1000_dropsTheGuessedOomKill() {
    List<Death> deaths = Events.classify(fatal("trace", 50, "java", at(0), Signal.SIGKILL, Observer.STRACE));
    assertTrue(causes(deaths.get(0)).contains(Cause.KERNEL_OOM), "the logs alone leave an OOM kill possible");
    Death d = apply(deaths, facts(T0.minusSeconds(60), List.of(proc(50, "java", -1000, null, 0, 0, "/x")),
        List.of(), null), new ArrayList<>()).get(0);
    assertTrue(!causes(d).contains(Cause.KERNEL_OOM), causes(d).toString());
    assertEquals(Cause.UNKNOWN, d.cause());
    assertTrue(d.verdict().why().endsWith("; it had oom_score_adj -1000, so the OOM killer could not have chosen it"),
        d.verdict().why());
  }

  @Test
  void successorInTheSameUnit_speaksForTheProgram() {
    ProcessRef victim = new ProcessRef(50L, null, "web", null, null, null, "web.service");
    SignalDelivery seen = Events.signal("journal", victim, at(0), Signal.SIGKILL, null, Observer.SERVICE_MANAGER,
        SignalDelivery.Reason.UNSPECIFIED, true);
    List<Death> deaths = Events.classify(seen);
    Death d = apply(deaths, facts(null, List.of(proc(90, "web", -1000, null, 0, 0, "/system.slice/web.service")),
        List.of(), null), new ArrayList<>()).get(0);
    assertTrue(!causes(d).contains(Cause.KERNEL_OOM), causes(d).toString());
    assertTrue(d.verdict().why().contains("the same program now running in its place, web (pid 90), had "
        + "oom_score_adj -1000"), d.verdict().why());
  }

  @Test
  void factsReadAfterTheDeath_orOfAnotherName_sayNothing() {
    List<Death> deaths = Events.classify(fatal("trace", 50, "java", at(0), Signal.SIGKILL, Observer.STRACE));
    HostFacts later = facts(T0.plusSeconds(600), List.of(proc(50, "java", -1000, null, 0, 0, "/x")), List.of(),
        null);
    assertSame(deaths.get(0), apply(deaths, later, new ArrayList<>()).get(0), "pid 50 read later is another");
    HostFacts renamed = facts(null, List.of(proc(50, "python3", -1000, null, 0, 0, "/x")), List.of(), null);
    assertSame(deaths.get(0), apply(deaths, renamed, new ArrayList<>()).get(0));
    assertSame(deaths, apply(deaths, HostFacts.NONE, new ArrayList<>()));
  }

  @Test
  void crashWithCoreLimitZero_saysWhyNoCore() {
    Crash c = new Crash(ProcessRef.of(50L, "app"), at(0), List.of(line("kern.log", 3, "app[50]: segfault at 0",
        at(0))), CrashType.SEGFAULT, Signal.SIGSEGV, 0L, null, null, null, null, null, null, List.of());
    List<Death> deaths = Events.classify(c);
    Verdict v = apply(deaths, facts(null, List.of(proc(50, "app", 0, 0L, 0, 0, "/x")), List.of(), "core"),
        new ArrayList<>()).get(0).verdict();
    assertEquals(Cause.CRASH_SEGFAULT, v.cause());
    assertTrue(v.summary().endsWith("; it left no core: RLIMIT_CORE is 0 (ulimit -c 0), so the kernel writes no "
        + "core"), v.summary());
    assertTrue(v.advice().get(0).startsWith("Core dumps are off for it (RLIMIT_CORE is 0"), v.advice().get(0));
    Verdict piped = apply(deaths, facts(null, List.of(proc(50, "app", 0, null, 0, 0, "/x")), List.of(),
        "|/usr/lib/systemd/systemd-coredump %P %u %g %s %t %c %h"), new ArrayList<>()).get(0).verdict();
    assertEquals("Look for its core: cores go to systemd-coredump; coredumpctl lists them.", piped.advice().get(0));
  }

  @Test
  void caughtSigterm_itChoseToEnd_ignoredSighup_lessSure() {
    List<Death> term = Events.classify(fatal("bash", 50, "worker", at(0), Signal.SIGTERM, Observer.SHELL));
    Verdict caught = apply(term, facts(null, List.of(proc(50, "worker", 0, null, bit(Signal.SIGTERM), 0, "/x")),
        List.of(), null), new ArrayList<>()).get(0).verdict();
    assertTrue(caught.summary().endsWith("; it catches SIGTERM, so its own handler ran and chose to end it"),
        caught.summary());
    List<Death> hup = Events.classify(fatal("bash", 50, "worker", at(0), Signal.SIGHUP, Observer.SHELL));
    Verdict before = hup.get(0).verdict();
    Verdict ignored = apply(hup, facts(null, List.of(proc(50, "worker", 0, null, 0, bit(Signal.SIGHUP), "/x")),
        List.of(), null), new ArrayList<>()).get(0).verdict();
    assertTrue(ignored.confidence() < before.confidence());
    assertTrue(ignored.summary().contains("yet it ignores SIGHUP"), ignored.summary());
  }

  @Test
  void oomKillCounterAboveTheLogs_warnsAndExplainsTheBareSigkill() {
    String cg = "/system.slice/batch.service";
    ProcessRef victim = new ProcessRef(60L, null, "batch", null, null, null, "batch.service");
    List<Death> deaths = Events.classify(oom(40, "batch", cg, at(0)),
        Events.signal("journal", victim, at(90_000), Signal.SIGKILL, null, Observer.SERVICE_MANAGER,
            SignalDelivery.Reason.UNSPECIFIED, true));
    assertEquals(Cause.UNKNOWN, deaths.get(1).cause());
    List<String> warnings = new ArrayList<>();
    CgroupFacts counters = new CgroupFacts(cg, 1, 64L << 20, 1L << 20, null, null, 3L, 12L, false, false, null);
    List<Death> revised = apply(deaths, facts(null, List.of(), List.of(counters), null), warnings);
    assertEquals(List.of("memory cgroup /system.slice/batch.service counts 3 OOM kills (oom_kill in "
        + "memory.oom_control), and the logs read show 1: 2 happened where these logs do not reach (rotated away, or "
        + "lost from the ring buffer)"), warnings);
    Verdict v = revised.get(1).verdict();
    assertEquals(Cause.CGROUP_OOM, v.cause());
    assertEquals(Signal.SIGKILL, v.signal());
    assertTrue(v.summary().contains("(its limit is 64.0 MiB) counts 3 OOM kills"), v.summary());
    assertEquals(Cause.UNKNOWN, revised.get(1).alternatives().get(0).cause());
    List<String> none = new ArrayList<>();
    CgroupFacts allLogged = new CgroupFacts(cg, 1, null, null, null, null, 1L, null, null, null, null);
    apply(deaths, facts(null, List.of(), List.of(allLogged), null), none);
    assertEquals(List.of(), none, "every kill it counts is in the logs");
  }

  @Test
  void v2SliceCountsTheKillsOfServicesThatAreGone_eachKillToldOnce() {
    // cgroup v2 counts a kill in every ancestor: the slice holds the kills of a service whose cgroup systemd removed
    String slice = "/system.slice";
    String web = "/system.slice/web.service";
    ProcessRef gone = new ProcessRef(61L, null, "batch", null, "/system.slice/batch.service", null, null);
    List<Death> deaths = Events.classify(oom(40, "web", web, at(0)),
        Events.signal("journal", gone, at(90_000), Signal.SIGKILL, null, Observer.SERVICE_MANAGER,
            SignalDelivery.Reason.UNSPECIFIED, true));
    CgroupFacts leaf = new CgroupFacts(web, 2, null, 1L << 20, null, 1L, 1L, null, null, null, false);
    CgroupFacts parent = new CgroupFacts(slice, 2, null, 1L << 30, null, 4L, 3L, null, null, null, false);
    List<String> warnings = new ArrayList<>();

    List<Death> revised = apply(deaths, facts(null, List.of(), List.of(parent, leaf), null), warnings);

    assertEquals(List.of("memory cgroup /system.slice counts 3 OOM kills (oom_kill in memory.events), 1 of them in "
        + "the cgroups read below it, and the logs read show 0 of the other 2: 2 happened where these logs do not "
        + "reach (rotated away, or lost from the ring buffer)"), warnings);
    Verdict v = revised.get(1).verdict();
    assertEquals(Cause.CGROUP_OOM, v.cause());
    assertTrue(v.summary().endsWith("memory cgroup /system.slice counts 2 OOM kills besides those of the cgroups read "
        + "below it and the logs read show 0"), v.summary());
    List<String> none = new ArrayList<>();
    CgroupFacts allBelow = new CgroupFacts(slice, 2, null, null, null, 1L, 1L, null, null, null, false);
    assertEquals(Cause.UNKNOWN, apply(deaths, facts(null, List.of(), List.of(allBelow, leaf), null), none).get(1)
        .cause());
    assertEquals(List.of(), none, "the slice's one kill is the service's, which the logs show");
  }

  @Test
  void victimsOwnFactsPutItInTheCgroup() {
    // strace saw only "+++ killed by SIGKILL +++"; /proc read before showed the process in a v1 memory cgroup
    List<Death> deaths = Events.classify(fatal("trace", 70, "hog", at(0), Signal.SIGKILL, Observer.STRACE));
    ProcessFacts hog = new ProcessFacts(70, "hog", "S", 1L, 0, Duration.ofSeconds(10), 500, 0, null, ProcessMemory.UNKNOWN,
        List.of(), null, null, null, null, List.of(new CgroupMembership(4, "memory", "/test/hog"),
        new CgroupMembership(0, "", "/")), List.of("hog"), false, List.of());
    CgroupFacts cg = new CgroupFacts("/test/hog", 1, 64L << 20, 0L, null, null, 1L, 5L, false, false, null);
    List<String> warnings = new ArrayList<>();
    Death d = apply(deaths, facts(T0.minusSeconds(1), List.of(hog), List.of(cg), null), warnings).get(0);
    assertEquals(Cause.CGROUP_OOM, d.cause());
    assertEquals(1, warnings.size());
  }

  static List<Cause> causes(Death d) {
    return d.verdicts().stream().map(Verdict::cause).toList();
  }

}
