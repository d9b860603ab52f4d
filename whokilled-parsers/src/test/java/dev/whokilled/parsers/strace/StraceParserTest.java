package dev.whokilled.parsers.strace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.Analyzer;
import dev.whokilled.Death;
import dev.whokilled.KillForensics;
import dev.whokilled.Parsers;
import dev.whokilled.Report;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.Observer;
import dev.whokilled.event.Signal;
import dev.whokilled.event.SignalDelivery;
import dev.whokilled.framing.Framing;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.parsers.testing.Collect;
import dev.whokilled.parsers.trace.TracerClock;
import dev.whokilled.spi.KillParser;
import dev.whokilled.spi.ParserContext;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Line-level tests of the strace parser, with lines captured on this project's VM unless said otherwise. */
final class StraceParserTest {

  // strace -f -ttt: bash (2657) kills its child sleep (2658) with its kill builtin
  static final String[] BASH_KILLS_CHILD = {
    "2657  1795347114.353033 execve(\"/usr/bin/bash\", [\"bash\", \"-c\", \"sleep 100 & s=$!; sleep 0.3; kil\"...],"
        + " 0x7fff19e6d250 /* 39 vars */) = 0",
    "2657  1795347114.371317 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD,"
        + " child_tidptr=0x7f2f3680ea10) = 2658",
    "2658  1795347114.375598 execve(\"/usr/bin/sleep\", [\"sleep\", \"100\"], 0x55a542b5bd30 /* 39 vars */"
        + " <unfinished ...>",
    "2658  1795347114.375858 <... execve resumed>) = 0",
    "2657  1795347114.684049 kill(2658, SIGTERM)     = 0",
    "2658  1795347114.684284 --- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=2657, si_uid=0} ---",
    "2658  1795347114.684494 +++ killed by SIGTERM +++",
    "2657  1795347114.684526 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=2658, si_uid=0,"
        + " si_status=SIGTERM, si_utime=0, si_stime=0} ---",
    "2657  1795347114.685538 +++ exited with 0 +++",
  };

  static Collect run(String source, Map<String, String> options, String... lines) {
    List<LogRecord> records = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      records.add(LogRecord.plain(source, i + 1, lines[i]));
    }
    return Collect.run(parser(source, options), records);
  }

  static KillParser parser(String source, Map<String, String> options) {
    return new StraceProvider().create(new ParserContext() {
      @Override
      public String source() {
        return source;
      }

      @Override
      public int maxBlockLines() {
        return 1000;
      }

      @Override
      public Map<String, String> options() {
        return options;
      }
    });
  }

  static Collect run(String... lines) {
    return run("test", Map.of(), lines);
  }

  @Test
  void killedBy_namesTheSenderOfTheLastDeliveryOfThatSignal() {
    Collect c = run(BASH_KILLS_CHILD);
    SignalDelivery d = c.only(SignalDelivery.class);
    assertEquals(2658L, d.victim().pid());
    assertEquals("sleep", d.victim().comm());
    assertEquals(Signal.SIGTERM, d.signal());
    assertEquals(2657L, d.sender().pid());
    assertEquals("bash", d.sender().comm(), "the sender is traced too: its execve names it");
    assertEquals(0, d.sender().uid());
    assertEquals("SI_USER", d.siCode());
    assertEquals(Observer.STRACE, d.observer());
    assertTrue(d.fatal());
    assertFalse(d.coreDumped());
    assertEquals(Instant.ofEpochSecond(1795347114L, 684494000L), d.time().wall());
    assertEquals(EventTime.Precision.MICROS, d.time().wallPrecision());
    assertEquals(2, d.evidence().size(), "the delivery and the death");
    assertEquals(6, d.evidence().get(0).line());
  }

  @Test
  void sigkill_neverShowsASender_butTheEarlierStopRequestIsTold() {
    SignalDelivery d = run(
        "--- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=1, si_uid=0} ---",
        "rt_sigreturn({mask=[TERM]})             = 0",
        "+++ killed by SIGKILL +++").only(SignalDelivery.class);
    assertEquals(Signal.SIGKILL, d.signal());
    assertNull(d.sender());
    assertNull(d.siCode());
    assertEquals("after SIGTERM from process (pid 1)", d.detail());
    assertEquals(1, d.evidence().size());
  }

  @Test
  void coreDumped_read() {
    SignalDelivery d = run(
        "     0.400852 --- SIGSEGV {si_signo=SIGSEGV, si_code=SI_USER, si_pid=2718, si_uid=0} ---",
        "     0.001192 +++ killed by SIGSEGV (core dumped) +++").only(SignalDelivery.class);
    assertTrue(d.coreDumped());
    assertEquals(2718L, d.sender().pid());
    assertEquals(EventTime.UNKNOWN, d.time(), "-r is relative: no clock");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "2658  ", "2658 ", "[pid  2658] ", "[pid 2658] ", "2658<sleep> ", "[pid  2658<sleep>] "})
  void pidColumn_everyForm(String prefix) {
    SignalDelivery d = run(
        prefix + "--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=29373, si_uid=3010} ---",
        prefix + "+++ killed by SIGUSR1 +++").only(SignalDelivery.class);
    assertEquals(prefix.isEmpty() ? null : 2658L, d.victim().pid());
    assertEquals(prefix.contains("<sleep>") ? "sleep" : null, d.victim().comm());
    assertEquals(29373L, d.sender().pid());
    assertEquals(3010, d.sender().uid());
  }

  @ParameterizedTest
  @ValueSource(strings = {"11:31:55 ", "11:31:55.520561 ", "11:31:55.520 ", "1795347114.684494 ", "1795347114 ",
      "1795347138.291380504 ", "     0.000123 ", "0.000 ", "11:31:55 (+     0.000123) ", "[00007f58221d9503] ",
      "11:32:17.657421 [????????????????] ", "[ 62] "})
  void timeColumn_everyStyle(String stamp) {
    for (String pid : new String[] {"", "3639  "}) {
      SignalDelivery d = run(
          pid + stamp + "--- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=3638, si_uid=0} ---",
          pid + stamp + "+++ killed by SIGTERM +++").only(SignalDelivery.class);
      assertEquals(pid.isEmpty() ? null : 3639L, d.victim().pid(), stamp);
      assertEquals(3638L, d.sender().pid(), stamp);
      assertEquals(stamp.startsWith("1795"), d.time().wall() != null, stamp);
    }
  }

  @Test
  void timeOfDay_placedByTheDateOption_andCrossesMidnight() {
    Map<String, String> options = Map.of("date", "2026-11-22", "zone", "Europe/Paris");
    Collect c = run("test", options,
        "23:59:59.900000 --- SIGHUP {si_signo=SIGHUP, si_code=SI_USER, si_pid=7, si_uid=0} ---",
        "00:00:00.100000 +++ killed by SIGHUP +++");
    EventTime t = c.only(SignalDelivery.class).time();
    assertEquals(Instant.parse("2026-11-22T23:00:00.100Z"), t.wall());
    assertFalse(t.zoneAssumed());
    assertEquals(EventTime.Precision.MICROS, t.wallPrecision());
    assertEquals(EventTime.UNKNOWN, run("00:00:00 +++ killed by SIGKILL +++").only(SignalDelivery.class).time(),
        "no date: a time of day alone is no clock");
  }

  @Test
  void noPidColumn_pidFromTheFileName_theAttachLine_orTheOption() {
    String[] lines = {
      "--- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=2792, si_uid=0} ---", "+++ killed by SIGTERM +++"};
    assertEquals(2782L, run("out.2782", Map.of(), lines).only(SignalDelivery.class).victim().pid());
    assertEquals(2782L, run("dir/out.2782.log", Map.of(), lines).only(SignalDelivery.class).victim().pid());
    assertEquals(77L, run("trace.txt", Map.of("pid", "77"), lines).only(SignalDelivery.class).victim().pid());
    assertNull(run("kern.log", Map.of(), lines).only(SignalDelivery.class).victim().pid());
    assertEquals(2796L, run("strace: Process 2796 attached", lines[0], lines[1]).only(SignalDelivery.class)
        .victim().pid());
    assertEquals(2149L, run("Process 2149 attached - interrupt to quit", lines[0], lines[1])
        .only(SignalDelivery.class).victim().pid(), "strace 4.x's attach line");
  }

  @Test
  void options_andTheCallersZone_reachTheParserThroughTheBuilder() {
    Analyzer analyzer = KillForensics.builder()
        .framing(Framing.auto().withZone(ZoneId.of("Europe/Paris")))
        .parsers(Parsers.builtIns().withOption(StraceProvider.ID, "pid", "4242")
            .withOption(StraceProvider.ID, "date", "2026-11-22"))
        .build();
    Report report = analyzer.analyze(List.of(
        "11:31:55 --- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=77, si_uid=0} ---",
        "11:31:55 +++ killed by SIGTERM +++"));
    Death d = report.findLast(4242).orElseThrow();
    assertEquals(77L, d.verdicts().get(0).killer().pid());
    SignalDelivery e = (SignalDelivery) d.events().get(0);
    assertEquals(Instant.parse("2026-11-22T10:31:55Z"), e.time().wall());
    assertFalse(e.time().zoneAssumed(), "the caller said the zone");
  }

  @Test
  void options_checkedWhenTheParserIsMade() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> parser("x", Map.of("pid", "abc")));
    assertEquals("option pid must be a number: abc", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> parser("x", Map.of("pid", "0")));
    assertEquals("option pid must be positive: 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> parser("x", Map.of("date", "22/11/2026")));
    assertEquals("option date must be yyyy-MM-dd: 22/11/2026", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> parser("x", Map.of("zone", "Mars/Olympus")));
    assertEquals("option zone must be a zone id such as Europe/Paris: Mars/Olympus", e.getMessage());
  }

  @Test
  void exitAfterAStopRequest_isANonFatalDelivery() {
    SignalDelivery d = run(
        "1795347116.956498 --- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=2772, si_uid=0} ---",
        "1795347116.964899 +++ exited with 0 +++").only(SignalDelivery.class);
    assertFalse(d.fatal());
    assertEquals(2772L, d.sender().pid());
    assertEquals("exited with 0 after it", d.detail());
  }

  @Test
  void plainExits_andExitsAfterOtherSignals_areNothing() {
    assertTrue(run("2990  +++ exited with 0 +++", "2989  --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED,"
        + " si_pid=2990, si_uid=0, si_status=0, si_utime=0, si_stime=0} ---", "2989  +++ exited with 0 +++")
        .events.isEmpty());
    assertTrue(run("--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=9, si_uid=0} ---",
        "+++ exited with 0 +++").events.isEmpty(), "SIGUSR1 is an application's own request");
  }

  @Test
  void threads_eachPrintTheirEnd_oneDeath() {
    SignalDelivery d = run(
        "2831  execve(\"./thr\", [\"./thr\"], 0x7ffd700aba58 /* 39 vars */) = 0",
        "2831  clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS"
            + "|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, child_tid=0x7f57e0395990, parent_tid=0x7f57e0395990,"
            + " exit_signal=0, stack=0x7f57dfb95000, stack_size=0x7fff80, tls=0x7f57e03956c0} =>"
            + " {parent_tid=[2832]}, 88) = 2832",
        "2831  clone3({flags=CLONE_VM|CLONE_THREAD, child_tid=0x7f57dfb94990} <unfinished ...>",
        "2831  <... clone3 resumed> => {parent_tid=[2833]}, 88) = 2833",
        "2831  --- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=2839, si_uid=0} ---",
        "2832  +++ killed by SIGTERM +++",
        "2833  +++ killed by SIGTERM +++",
        "2831  +++ killed by SIGTERM +++").only(SignalDelivery.class);
    assertEquals(2831L, d.victim().pid());
    assertEquals("thr", d.victim().comm());
    assertEquals(2839L, d.sender().pid());
  }

  /**
   * A thread's fault death waits one record for its leader's (corpus strace/vm-f-ttt-thread-segv-no-clone.log):
   * the parser must see that record even when the prefilter would reject it, since it ends the wait.
   */
  @Test
  void threadFaultDeath_heldForOneRecord_seesItWhateverItHolds() {
    KillParser p = parser("strace.out", Map.of());
    Collect c = Collect.run(p, List.of());
    assertEquals(Long.MAX_VALUE, p.patience());
    p.accept(LogRecord.plain("strace.out", 1, "4283  1796520689.243601 --- SIGSEGV {si_signo=SIGSEGV,"
        + " si_code=SEGV_MAPERR, si_addr=NULL} ---"), c);
    p.accept(LogRecord.plain("strace.out", 2, "4283  1796520689.243780 +++ killed by SIGSEGV +++"), c);
    assertEquals(0, p.patience(), "the thread's death waits for the next record");
    p.accept(LogRecord.plain("strace.out", 3, "4282  1796520689.243786 +++ killed by SIGSEGV +++"), c);
    assertEquals(Long.MAX_VALUE, p.patience());
    SignalDelivery d = c.only(SignalDelivery.class);
    assertEquals(4282L, d.victim().pid());
    assertEquals(4283L, d.victim().tid());
  }

  @Test
  void oldEras_noSiginfo() {
    SignalDelivery d = run("read(0, 0xbf5ff000, 1024)               = ? ERESTARTSYS (To be restarted)",
        "--- SIGTERM (Terminated) @ 0 (0) ---", "+++ killed by SIGTERM +++").only(SignalDelivery.class);
    assertEquals(Signal.SIGTERM, d.signal());
    assertNull(d.sender());
    assertEquals(2, d.evidence().size());
    SignalDelivery child = run("4321  --- {si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=4399, si_uid=0,"
        + " si_status=SIGKILL, si_utime=0, si_stime=0} (Child exited) ---").only(SignalDelivery.class);
    assertEquals(4399L, child.victim().pid(), "strace 4.6/4.7: the siginfo before the description");
    assertEquals(Signal.SIGKILL, child.signal());
  }

  @Test
  void oldEra_exitGroupWithoutExitedLine_isTheExit() {
    SignalDelivery d = run(
        "13:13:04 --- SIGTERM (Terminated) @ 0 (0) ---",
        "13:13:04 unlink(\"/tmp/ssh-sZvaQEk6sneP/agent.3554\") = 0",
        "13:13:04 exit_group(2)                  = ?").only(SignalDelivery.class);
    assertFalse(d.fatal());
    assertEquals("called exit_group(2) after it", d.detail());
  }

  @Test
  void kernelAndOutsideSenders_areNoSender() {
    SignalDelivery outside = run("--- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=0, si_uid=0} ---",
        "+++ killed by SIGTERM +++").only(SignalDelivery.class);
    assertNull(outside.sender());
    assertEquals("SI_USER", outside.siCode());
    assertTrue(outside.detail().startsWith("si_pid=0"));
    SignalDelivery kernel = run("--- SIGSEGV {si_signo=SIGSEGV, si_code=SI_KERNEL, si_addr=NULL} ---",
        "+++ killed by SIGSEGV +++").only(SignalDelivery.class);
    assertNull(kernel.sender());
    assertEquals("SI_KERNEL", kernel.siCode());
    SignalDelivery fault = run("--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL} ---",
        "+++ killed by SIGSEGV (core dumped) +++").only(SignalDelivery.class);
    assertNull(fault.sender());
    assertEquals("SEGV_MAPERR, si_addr=NULL", fault.detail());
    SignalDelivery xcpu = run("--- SIGXCPU {si_signo=SIGXCPU, si_code=SI_KERNEL} ---", "+++ killed by SIGXCPU +++")
        .only(SignalDelivery.class);
    assertEquals(SignalDelivery.Reason.RESOURCE_LIMIT, xcpu.reason());
    SignalDelivery seccomp = run("14    --- SIGSYS {si_signo=SIGSYS, si_code=SYS_SECCOMP, si_call_addr=0xffffb8fddc58,"
        + " si_syscall=__NR_write, si_arch=AUDIT_ARCH_AARCH64} ---", "14    +++ killed by SIGSYS (core dumped) +++")
        .only(SignalDelivery.class);
    assertEquals("a seccomp filter refused write", seccomp.detail());
  }

  @Test
  void decodePidsComm_andPidNamespaceTranslation() {
    SignalDelivery d = run(
        "3639<sleep> 11:32:17.657421 [00007f58221d9503] --- SIGTERM {si_signo=SIGTERM, si_code=SI_USER,"
            + " si_pid=3638<bash>, si_uid=0} ---",
        "3639<sleep> 11:32:17.657588 [????????????????] +++ killed by SIGTERM +++").only(SignalDelivery.class);
    assertEquals("bash", d.sender().comm());
    assertEquals("sleep", d.victim().comm());
    SignalDelivery ns = run("42    --- SIGTERM {si_signo=SIGTERM, si_code=SI_USER,"
        + " si_pid=12 /* 4567 in strace's PID NS */, si_uid=0} ---", "42    +++ killed by SIGTERM +++")
        .only(SignalDelivery.class);
    assertEquals(4567L, ns.sender().pid(), "the pid column is in strace's namespace: the sender too");
    SignalDelivery odd = run("7<a\\76b c> --- SIGINT {si_signo=SIGINT, si_code=SI_USER, si_pid=8<x, y}>, si_uid=0} ---",
        "7<a\\76b c> +++ killed by SIGINT +++").only(SignalDelivery.class);
    assertEquals("a>b c", odd.victim().comm(), "-Y escapes < and > in names");
    assertEquals("x, y}", odd.sender().comm());
  }

  @Test
  void execve_onlySuccessNames_forksInheritTheName_escapesDecoded() {
    Collect c = run(
        "10 execve(\"/root/.pyenv/shims/python3\", [\"python3\"], 0x7ffd /* 39 vars */) = 0",
        "10 execve(\"/root/.cargo/bin/bash\", [\"bash\"], 0x7fff /* 39 vars */) = -1 ENOENT (No such file or"
            + " directory)",
        "10 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD) = 11",
        "11 --- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=10, si_uid=0} ---",
        "11 +++ killed by SIGTERM +++",
        "12 execve(\"/tmp/my \\\"app\\\" \\303\\251t\\303\\251\", [\"x\"], 0x7ffd /* 1 var */) = 0",
        "12 --- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=10, si_uid=0} ---",
        "12 +++ killed by SIGTERM +++");
    List<SignalDelivery> all = c.all(SignalDelivery.class);
    assertEquals("python3", all.get(0).victim().comm(), "a fork runs its parent's program");
    assertEquals("python3", all.get(0).sender().comm(), "the failed execve did not rename it");
    assertEquals("my \"app\" \u00e9t\u00e9", all.get(1).victim().comm());
  }

  @Test
  void childDeathToldByItsParent_whenTheChildIsNotTraced() {
    SignalDelivery d = run(
        "strace: Process 686 attached",
        "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=704, si_uid=1000, si_status=SIGTERM,"
            + " si_utime=0, si_stime=0} ---",
        "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_DUMPED, si_pid=705, si_uid=0, si_status=SIGSEGV, si_utime=0,"
            + " si_stime=0} ---",
        "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=706, si_uid=0, si_status=0, si_utime=0,"
            + " si_stime=0} ---",
        "kill(704, SIGTERM)                      = 0").all(SignalDelivery.class).get(0);
    assertEquals(704L, d.victim().pid());
    assertEquals(1000, d.victim().uid());
    assertEquals(Signal.SIGTERM, d.signal());
    assertTrue(d.fatal());
    assertNull(d.sender());
    Collect c = run("strace: Process 686 attached",
        "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_DUMPED, si_pid=705, si_uid=0, si_status=SIGSEGV, si_utime=0,"
            + " si_stime=0} ---",
        "kill(705, SIGTERM)                      = 0");
    assertTrue(c.only(SignalDelivery.class).coreDumped(), "and a send to the dead child is not news");
    assertTrue(run(BASH_KILLS_CHILD).all(SignalDelivery.class).stream().noneMatch(e -> e.detail() != null
        && e.detail().startsWith("reported")), "with -f the child's own lines tell");
  }

  @Test
  void sendsToUntracedProcesses_areNonFatalDeliveries() {
    List<SignalDelivery> sends = run(
        "strace: Process 686 attached",
        "kill(690, SIGTERM)                      = 0",
        "kill(690, SIGCONT)                      = 0",
        "kill(690, SIGTERM)                      = 0",
        "kill(691, 0)                            = 0",
        "kill(692, SIGKILL)                      = -1 ESRCH (No such process)",
        "kill(-693, SIGTERM)                     = 0",
        "tgkill(700, 701, SIGUSR2 <unfinished ...>",
        "<... tgkill resumed>)                   = 0").all(SignalDelivery.class);
    assertEquals(2, sends.size(), sends.toString());
    assertEquals(690L, sends.get(0).victim().pid());
    assertEquals(686L, sends.get(0).sender().pid());
    assertEquals("SI_USER", sends.get(0).siCode());
    assertFalse(sends.get(0).fatal());
    assertEquals(700L, sends.get(1).victim().pid());
    assertEquals("SI_TKILL", sends.get(1).siCode());
  }

  @Test
  void aSendToItself_whenTheOutputHidesThePid_teachesThePid() {
    SignalDelivery d = run(
        "11:31:58.526806 execve(\"./ab\", [\"./ab\"], 0x7fff3b7ac2b8 /* 39 vars */) = 0",
        "11:31:58.528293 tgkill(2846, 2846, SIGABRT) = 0",
        "11:31:58.528318 --- SIGABRT {si_signo=SIGABRT, si_code=SI_TKILL, si_pid=2846, si_uid=0} ---",
        "11:31:58.529677 +++ killed by SIGABRT (core dumped) +++").only(SignalDelivery.class);
    assertEquals(2846L, d.victim().pid());
    assertEquals("ab", d.victim().comm());
    assertEquals(2846L, d.sender().pid());
    assertEquals("the process sent it to itself", d.detail());
  }

  @Test
  void withoutOWithF_theColumnGoesWhenOneTraceeIsLeft_andTheFirstTraceeIsFound() {
    List<SignalDelivery> all = run(
        "execve(\"/usr/bin/bash\", [\"bash\", \"-c\", \"sleep 100 & s=$!; sleep 0.3; kill -USR1 $s; wait $s;"
            + " exit 0\"], 0x7ffd3d38a1a0 /* 39 vars */) = 0",
        "strace: Process 3648 attached",
        "strace: Process 3649 attached",
        "[pid  3649] execve(\"/usr/bin/sleep\", [\"sleep\", \"0.3\"], 0x563bcda2ea50 /* 39 vars */) = 0",
        "[pid  3648] execve(\"/usr/bin/sleep\", [\"sleep\", \"100\"], 0x563bcda2ad30 /* 39 vars */) = 0",
        "[pid  3649] +++ exited with 0 +++",
        "[pid  3647] --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=3649, si_uid=0, si_status=0,"
            + " si_utime=0, si_stime=0} ---",
        "[pid  3647] kill(3648, SIGUSR1)         = 0",
        "[pid  3648] --- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=3647, si_uid=0} ---",
        "bash: line 1:  3648 User defined signal 1   sleep 100",
        "[pid  3648] +++ killed by SIGUSR1 +++",
        "--- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=1, si_uid=0} ---",
        "+++ killed by SIGTERM +++").all(SignalDelivery.class);
    assertEquals(2, all.size());
    assertEquals("bash", all.get(0).sender().comm(), "the unprefixed first lines were bash's, pid 3647");
    assertEquals(3647L, all.get(1).victim().pid(), "the one tracee left");
    assertEquals("bash", all.get(1).victim().comm());
  }

  @Test
  void realTimeSignal_noted() {
    Collect c = run("+++ killed by SIGRT_3 +++");
    assertTrue(c.events.isEmpty());
    assertEquals(List.of("killed by a signal whokilled does not model: SIGRT_3"), c.problems);
  }

  @Test
  void otherText_isNotStrace() {
    assertTrue(run(
        "+++ b/src/main.c",
        "--- a/src/main.c",
        "---",
        "+++ killed by SIGTERM",
        "--- SIGTERM",
        "Out of memory: Killed process 2141 (python3) total-vm:75364kB, anon-rss:65148kB, file-rss:6616kB",
        "audit: type=1300 syscall=62 a0=5e03 a1=9 comm=\"bash\" exe=\"/bin/bash\"",
        "kill(1234, SIGTERM) is how you send it",
        "Process 12 exited",
        "--- SIGFOO {si_signo=SIGFOO} ---").events.isEmpty());
  }

  @Test
  void stateIsCapped() {
    KillParser p = parser("test", Map.of());
    Collect sink = Collect.run(p, List.of());
    for (int pid = 1; pid <= StraceParser.MAX_PROCESSES * 3; pid++) {
      p.accept(LogRecord.plain("test", pid, pid + "  --- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=1,"
          + " si_uid=0} ---"), sink);
      p.accept(LogRecord.plain("test", pid, pid + "  clone(child_stack=NULL, flags=CLONE_VM|CLONE_THREAD) = "
          + (pid + 100_000)), sink);
    }
    assertTrue(((StraceParser) p).tracked() <= StraceParser.MAX_PROCESSES);
    assertTrue(((StraceParser) p).threadsTracked() <= StraceParser.MAX_PROCESSES);
  }

  @Test
  void sourcePid_fromTheFileName() {
    assertEquals(1234L, StraceParser.sourcePid("out.1234"));
    assertEquals(1234L, StraceParser.sourcePid("/tmp/trace/out.1234.txt"));
    assertNull(StraceParser.sourcePid("kern.log"));
    assertNull(StraceParser.sourcePid("out.0"));
    assertNull(StraceParser.sourcePid(".1234"));
    assertNull(StraceParser.sourcePid("out.123456789"));
  }

  @Test
  void clock_usedFromTheTraceOptions() {
    assertEquals(EventTime.UNKNOWN, TracerClock.none().timeOfDay(1, 2, 3, 0, EventTime.Precision.SECONDS,
        LogRecord.plain("t", 1, "x")));
  }
}
