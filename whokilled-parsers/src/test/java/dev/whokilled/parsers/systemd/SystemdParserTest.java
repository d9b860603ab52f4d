package dev.whokilled.parsers.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.event.EventTime;
import dev.whokilled.event.Signal;
import dev.whokilled.event.SignalDelivery;
import dev.whokilled.event.SignalDelivery.Reason;
import dev.whokilled.framing.Format;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.framing.Origin;
import dev.whokilled.parsers.testing.Collect;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Line-level tests of the systemd parser, with real lines; the corpus covers whole logs. */
final class SystemdParserTest {

  /** Frames whole log lines (syslog, journal, dmesg) the way the analyzer does and feeds them to a new parser. */
  static Collect lines(String... lines) {
    return Collect.framed(new SystemdParser(1000), List.of(lines));
  }

  /** A record written by {@code ident[pid]}, as a journal or syslog line gives it. */
  static LogRecord from(String ident, Long pid, String message, int line) {
    return new LogRecord("test", line, message, message, Format.SYSLOG, Origin.USERSPACE, EventTime.UNKNOWN, "h",
        ident, pid, 3, 6, 0, -1);
  }

  static List<SignalDelivery> deliveries(Collect c) {
    return c.all(SignalDelivery.class);
  }

  // https://github.com/flux-framework/flux-core/issues/4158
  @Test
  void stopTimeout_killLinesAndTheMainProcessIsTheFirst() {
    Collect c = lines(
        "Feb 24 10:34:11 picl0 systemd[1]: flux.service: State 'stop-sigterm' timed out. Killing.",
        "Feb 24 10:34:11 picl0 systemd[1]: flux.service: Killing process 1640 (flux-broker-0) with signal SIGKILL.",
        "Feb 24 10:34:11 picl0 systemd[1]: flux.service: Killing process 1642 (ZMQbg/IO/0) with signal SIGKILL.",
        "Feb 24 10:34:12 picl0 systemd[1]: flux.service: Main process exited, code=killed, status=9/KILL",
        "Feb 24 10:34:12 picl0 systemd[1]: flux.service: Failed with result 'timeout'.",
        "Feb 24 10:34:12 picl0 systemd[1]: Stopped Flux message broker.");
    List<SignalDelivery> s = deliveries(c);
    assertEquals(2, s.size(), s.toString());
    SignalDelivery main = s.get(0);
    assertEquals(1640L, main.victim().pid());
    assertEquals("flux-broker-0", main.victim().comm());
    assertEquals("flux.service", main.victim().unit());
    assertEquals(Signal.SIGKILL, main.signal());
    assertEquals(Reason.STOP_TIMEOUT, main.reason());
    assertEquals("State 'stop-sigterm' timed out. Killing.", main.detail());
    assertEquals(1L, main.sender().pid());
    assertEquals("systemd", main.sender().comm());
    assertTrue(main.fatal());
    assertEquals(4, main.evidence().size(), "state, kill, exit, result: " + main.evidence());
    assertEquals("ZMQbg/IO/0", s.get(1).victim().comm());
    assertEquals(2, s.get(1).evidence().size());
  }

  // https://github.com/kyuupichan/electrumx/issues/42
  @Test
  void mainExit_withoutAReason_hasNoSender() {
    SignalDelivery s = lines(
        "Nov 23 15:08:51 ElectrumX systemd[1]: electrumx.service: Main process exited, code=killed, status=9/KILL",
        "Nov 23 15:08:51 ElectrumX systemd[1]: electrumx.service: Unit entered failed state.",
        "Nov 23 15:08:51 ElectrumX systemd[1]: electrumx.service: Failed with result 'signal'.")
        .only(SignalDelivery.class);
    assertNull(s.victim().pid());
    assertEquals("electrumx.service", s.victim().unit());
    assertEquals(Signal.SIGKILL, s.signal());
    assertNull(s.sender());
    assertEquals(Reason.UNSPECIFIED, s.reason());
    assertTrue(s.fatal());
    assertEquals(3, s.evidence().size());
  }

  // https://github.com/Supervisor/supervisor/issues/1193 (CentOS 7)
  @Test
  void v219_lowercaseMainExitAndOldResultLines() {
    SignalDelivery s = lines(
        "Jan 24 22:34:55 web systemd[1]: supervisord.service: main process exited, code=killed, status=9/KILL",
        "Jan 24 22:35:02 web systemd[1]: Unit supervisord.service entered failed state.",
        "Jan 24 22:35:02 web systemd[1]: supervisord.service failed.").only(SignalDelivery.class);
    assertEquals("supervisord.service", s.victim().unit());
    assertEquals(Signal.SIGKILL, s.signal());
    assertEquals(3, s.evidence().size());
  }

  @Test
  void v219_stopSigtermTimedOutWithoutColon() {
    SignalDelivery s = lines(
        "Mar  1 10:00:00 h systemd[1]: foo.service stop-sigterm timed out. Killing.",
        "Mar  1 10:00:00 h systemd[1]: foo.service: main process exited, code=killed, status=9/KILL",
        "Mar  1 10:00:00 h systemd[1]: Unit foo.service entered failed state.").only(SignalDelivery.class);
    assertEquals(Reason.STOP_TIMEOUT, s.reason());
    assertEquals(1L, s.sender().pid());
    assertEquals("stop-sigterm timed out. Killing.", s.detail());
  }

  // https://github.com/systemd/systemd/issues/2010
  @Test
  void watchdog_abortWithCore() {
    SignalDelivery s = lines(
        "Nov 23 22:01:48 goweb1 systemd[1]: systemd-journal-upload.service: Watchdog timeout (limit 3min)!",
        "Nov 23 22:01:48 goweb1 systemd[1]: systemd-journal-upload.service: Main process exited, code=dumped, "
            + "status=6/ABRT",
        "Nov 23 22:01:48 goweb1 systemd[1]: systemd-journal-upload.service: Failed with result 'core-dump'.")
        .only(SignalDelivery.class);
    assertEquals(Reason.WATCHDOG, s.reason());
    assertEquals(Signal.SIGABRT, s.signal());
    assertTrue(s.coreDumped());
    assertEquals("systemd", s.sender().comm());
  }

  @Test
  void watchdog_killLineThenDumpedExit_oneDeath() {
    SignalDelivery s = lines(
        "May 16 12:25:59 h systemd[1]: psi-notify.service: Watchdog timeout (limit 10s)!",
        "May 16 12:25:59 h systemd[1]: psi-notify.service: Killing process 4321 (psi-notify) with signal SIGABRT.",
        "May 16 12:25:59 h systemd[1]: psi-notify.service: Main process exited, code=dumped, status=6/ABRT",
        "May 16 12:25:59 h systemd[1]: psi-notify.service: Failed with result 'watchdog'.")
        .only(SignalDelivery.class);
    assertEquals(4321L, s.victim().pid());
    assertEquals(Reason.WATCHDOG, s.reason());
    assertTrue(s.coreDumped());
    assertTrue(s.fatal());
  }

  @Test
  void crashDuringAStop_isNotTheManagersDoing() {
    SignalDelivery s = lines(
        "Jun  1 10:00:00 h systemd[1]: Stopping foo.service - Foo Server...",
        "Jun  1 10:00:00 h systemd[1]: foo.service: Main process exited, code=dumped, status=11/SEGV")
        .only(SignalDelivery.class);
    assertEquals(Signal.SIGSEGV, s.signal());
    assertNull(s.sender());
    assertEquals(Reason.UNSPECIFIED, s.reason());
  }

  @Test
  void v251_stoppingNamesTheUnit() {
    SignalDelivery s = lines(
        "Jun  1 10:00:00 h systemd[1]: Stopping foo.service - Foo Server...",
        "Jun  1 10:00:01 h systemd[1]: foo.service: Main process exited, code=killed, status=15/TERM",
        "Jun  1 10:00:01 h systemd[1]: foo.service: Deactivated successfully.",
        "Jun  1 10:00:01 h systemd[1]: Stopped foo.service - Foo Server.").only(SignalDelivery.class);
    assertEquals(Reason.STOP, s.reason());
    assertEquals("Stopping foo.service - Foo Server...", s.detail());
    assertEquals(1L, s.sender().pid());
  }

  @Test
  void startTimeout_terminates() {
    SignalDelivery s = lines(
        "Jun  1 10:00:00 h systemd[1]: foo.service: Start operation timed out. Terminating.",
        "Jun  1 10:00:00 h systemd[1]: foo.service: Main process exited, code=killed, status=15/TERM",
        "Jun  1 10:00:00 h systemd[1]: foo.service: Failed with result 'timeout'.").only(SignalDelivery.class);
    assertEquals(Reason.STOP_TIMEOUT, s.reason());
    assertEquals("systemd", s.sender().comm());
  }

  // https://github.com/systemd/systemd/issues/20464
  @Test
  void runtimeLimit_withoutAnExitLine_stillOneDeath() {
    SignalDelivery s = lines(
        "Aug 18 16:28:58 h systemd[1]: run-u386.service: Service reached runtime time limit. Stopping.",
        "Aug 18 16:28:58 h systemd[1]: run-u386.service: Failed with result 'timeout'.").only(SignalDelivery.class);
    assertEquals(Reason.RUNTIME_LIMIT, s.reason());
    assertNull(s.signal(), "the kill signal is not logged");
    assertEquals("run-u386.service", s.victim().unit());
    assertTrue(s.fatal());
  }

  // a diagnostic report on GitHub (see corpus/systemd/v25x_global_oom_mariadb_unit_lines.log)
  @Test
  void oomKiller_noteExitAndResult_oneMemoryDeath() {
    SignalDelivery s = lines(
        "Sep 08 20:02:42 h systemd[1]: mariadb.service: A process of this unit has been killed by the OOM killer.",
        "Sep 08 20:02:44 h systemd[1]: mariadb.service: Main process exited, code=killed, status=9/KILL",
        "Sep 08 20:02:44 h systemd[1]: mariadb.service: Failed with result 'oom-kill'.").only(SignalDelivery.class);
    assertEquals(Reason.MEMORY, s.reason());
    assertNull(s.sender());
    assertEquals(Signal.SIGKILL, s.signal());
    assertEquals("A process of this unit has been killed by the OOM killer.", s.detail());
    assertEquals(3, s.evidence().size());
    assertTrue(s.fatal());
  }

  @Test
  void oomKill_exitReadBeforeTheNote_stillOneDeath() {
    SignalDelivery s = lines(
        "Sep 08 20:02:44 h systemd[1]: mariadb.service: Main process exited, code=killed, status=9/KILL",
        "Sep 08 20:02:44 h systemd[1]: mariadb.service: A process of this unit has been killed by the OOM killer.",
        "Sep 08 20:02:44 h systemd[1]: mariadb.service: Failed with result 'oom-kill'.").only(SignalDelivery.class);
    assertEquals(Reason.MEMORY, s.reason());
    assertEquals(3, s.evidence().size());
  }

  @Test
  void oomKillResultAlone_isAMemoryDeath() {
    SignalDelivery s = lines("Oct  2 10:00:00 h systemd[1]: foo.service: Failed with result 'oom-kill'.")
        .only(SignalDelivery.class);
    assertEquals(Reason.MEMORY, s.reason());
    assertEquals("foo.service", s.victim().unit());
  }

  // https://github.com/systemd/systemd/pull/20690
  @Test
  void systemdOomd_unitLine_namesTheDaemon() {
    SignalDelivery s = lines(
        "Sep 10 14:59:49 image systemd[1]: testsuite-55-testbloat.service: systemd-oomd killed 2 process(es) in "
            + "this unit.",
        "Sep 10 14:59:49 image systemd[1]: testsuite-55-testbloat.service: Main process exited, code=killed, "
            + "status=9/KILL",
        "Sep 10 14:59:49 image systemd[1]: testsuite-55-testbloat.service: Failed with result 'signal'.")
        .only(SignalDelivery.class);
    assertEquals(Reason.MEMORY, s.reason());
    assertEquals("systemd-oomd", s.sender().comm());
    assertNull(s.sender().pid());
    assertEquals(3, s.evidence().size());
  }

  // playpen's README (see corpus/systemd/v255_user_manager_memcg_oom_with_kernel.log)
  @Test
  void userManager_pid1EchoIsEvidenceNotASecondDeath() {
    SignalDelivery s = lines(
        "Dec 14 17:13:12 h systemd[2765]: run-u820.service: A process of this unit has been killed by the OOM "
            + "killer.",
        "Dec 14 17:13:12 h systemd[2765]: run-u820.service: Main process exited, code=killed, status=9/KILL",
        "Dec 14 17:13:12 h systemd[2765]: run-u820.service: Failed with result 'oom-kill'.",
        "Dec 14 17:13:12 h systemd[2765]: Failed to reset TTY ownership/access mode of /dev/pts/2 to 0:5, ignoring",
        "Dec 14 17:13:12 h systemd[1]: user@1000.service: A process of this unit has been killed by the OOM killer.")
        .only(SignalDelivery.class);
    assertEquals("run-u820.service", s.victim().unit());
    assertEquals(4, s.evidence().size());
  }

  @Test
  void userManager_killLine_senderIsTheUserManager() {
    SignalDelivery s = lines(
        "Sep 19 13:04:56 h systemd[375]: dbus.service: State 'stop-final-sigterm' timed out. Killing.",
        "Sep 19 13:04:56 h systemd[375]: dbus.service: Killing process 612 (dbus-daemon) with signal SIGKILL.",
        "Sep 19 13:04:56 h systemd[375]: dbus.service: Failed with result 'timeout'.").only(SignalDelivery.class);
    assertEquals(375L, s.sender().pid());
    assertEquals(Reason.STOP_TIMEOUT, s.reason());
  }

  // Ubuntu Forums (see corpus/systemd/v237_scope_teardown_sigterm.log)
  @Test
  void scopeTeardown_sigtermWithoutAStop_unspecifiedButSentBySystemd() {
    List<SignalDelivery> s = deliveries(lines(
        "Aug 30 01:22:30 pc1 systemd[1]: session-c5.scope: Killing process 29463 (lightdm) with signal SIGTERM.",
        "Aug 30 01:22:30 pc1 systemd[1]: session-c5.scope: Killing process 29484 (unity-greeter) with signal "
            + "SIGTERM."));
    assertEquals(2, s.size());
    assertEquals(Reason.UNSPECIFIED, s.get(0).reason());
    assertEquals(1L, s.get(0).sender().pid());
    assertFalse(s.get(0).fatal(), "only the send was seen");
    assertEquals("session-c5.scope", s.get(1).victim().unit());
  }

  @Test
  void stopBeforeKillLines_anonymousStoppingLineCounts() {
    List<SignalDelivery> s = deliveries(lines(
        "Jul  3 22:03:25 h systemd[1]: Stopping Session c4 of user lightdm...",
        "Jul  3 22:03:25 h systemd[1]: session-c4.scope: Killing process 4875 (lightdm) with signal SIGTERM."));
    assertEquals(Reason.STOP, s.get(0).reason());
  }

  @Test
  void survivor_remainsRunning_wasNotADeath() {
    assertEquals(List.of(), deliveries(lines(
        "Jun  1 10:00:00 h systemd[1]: foo.service: Killing process 77 (helper) with signal SIGKILL.",
        "Jun  1 10:00:00 h systemd[1]: foo.service: Unit process 77 (helper) remains running after unit stopped.",
        "Jun  1 10:00:00 h systemd[1]: foo.service: Deactivated successfully.")));
  }

  @Test
  void exitCode_isNotASignalDeath() {
    assertEquals(List.of(), deliveries(lines(
        "Feb 08 00:05:04 zoob systemd[1]: earlyoom.service: main process exited, code=exited, status=9/n/a",
        "Dec  7 11:03:40 prod05 systemd: supervisord.service: main process exited, code=exited, status=1/FAILURE")));
  }

  @Test
  void anotherWriter_claimingSystemdsWords_isAWarning() {
    Collect c = Collect.run(new SystemdParser(1000), List.of(from("myapp", 4242L,
        "nginx.service: Main process exited, code=killed, status=9/KILL", 1)));
    assertEquals(List.of(), c.events);
    assertEquals(1, c.warnings.size());
    assertTrue(c.warnings.get(0).contains("myapp[4242]"), c.warnings.get(0));
  }

  @Test
  void journalIdentifier_withoutPid_isTheSystemManager() {
    SignalDelivery s = Collect.run(new SystemdParser(1000), List.of(
        from("systemd", null, "foo.service: State 'stop-sigterm' timed out. Killing.", 1),
        from("systemd", null, "foo.service: Killing process 9 (foo) with signal SIGKILL.", 2)))
        .only(SignalDelivery.class);
    assertEquals(1L, s.sender().pid());
  }

  @Test
  void dmesg_systemdTagLeftInTheMessage() {
    SignalDelivery s = lines(
        "[   12.000000] systemd[1]: foo.service: Main process exited, code=killed, status=9/KILL",
        "[   12.000100] systemd[1]: foo.service: Failed with result 'signal'.").only(SignalDelivery.class);
    assertEquals("foo.service", s.victim().unit());
    assertEquals(2, s.evidence().size());
  }

  @Test
  void pastedLineWithoutHost_tagFoundAfterTheDate() {
    SignalDelivery s = lines(
        "Jul 05 06:58:22  systemd[1]: session-3042.scope: Stopping timed out. Killing.",
        "Jul 05 06:58:22  systemd[1]: session-3042.scope: Killing process 4036182 (java) with signal SIGKILL.")
        .only(SignalDelivery.class);
    assertEquals("session-3042.scope", s.victim().unit());
    assertEquals(Reason.STOP_TIMEOUT, s.reason());
  }

  @Test
  void journalJson_recordReachesTheParserAsSystemd() {
    SignalDelivery s = lines(
        "{\"__REALTIME_TIMESTAMP\":\"1645698852000000\",\"_BOOT_ID\":\"4b2f0a7e9c1d4e5f8a6b3c2d1e0f9a8b\","
            + "\"_TRANSPORT\":\"journal\",\"SYSLOG_IDENTIFIER\":\"systemd\",\"_PID\":\"1\",\"UNIT\":\"flux.service\","
            + "\"MESSAGE\":\"flux.service: Main process exited, code=killed, status=9/KILL\"}").only(SignalDelivery.class);
    assertEquals("systemd", s.evidence().get(0).identifier());
    assertEquals(Origin.USERSPACE, s.evidence().get(0).origin());
    assertEquals("flux.service", s.victim().unit());
    assertEquals(1645698852L, s.time().wall().getEpochSecond());
  }

  @Test
  void journalExport_recordReachesTheParserAsSystemd() {
    SignalDelivery s = lines(
        "__CURSOR=s=2c2f7f3d64d844aa9bc1844a48026313;i=1f345;b=c4b33c96f240457abc130dcb73da2b24;m=1;t=2;x=3",
        "__REALTIME_TIMESTAMP=1645698852000000",
        "__MONOTONIC_TIMESTAMP=108101422325",
        "_BOOT_ID=c4b33c96f240457abc130dcb73da2b24",
        "_TRANSPORT=journal",
        "SYSLOG_IDENTIFIER=systemd",
        "_PID=1",
        "MESSAGE=flux.service: Main process exited, code=killed, status=9/KILL",
        "").only(SignalDelivery.class);
    assertEquals("systemd", s.evidence().get(0).identifier());
    assertEquals(1L, s.evidence().get(0).senderPid());
    assertEquals("flux.service", s.victim().unit());
  }

  @Test
  void shutdown_sendingSigkillToPid_skipsSystemdsOwnHelpers() {
    List<SignalDelivery> s = deliveries(lines(
        "[   10.171913] H systemd[1]: Sending SIGKILL to PID 708 ((sd-close)).",
        "[  300.000000] H systemd-shutdown[1]: Sending SIGKILL to PID 1234 (postgres)."));
    assertEquals(1, s.size());
    assertEquals(1234L, s.get(0).victim().pid());
    assertEquals("postgres", s.get(0).victim().comm());
    assertEquals(Reason.STOP_TIMEOUT, s.get(0).reason());
  }

  @Test
  void sendingSignal_onClientRequest_isASendNotADeath() {
    SignalDelivery s = lines("Jun  1 10:00:00 h systemd[1]: foo.service: Sending signal SIGHUP to main process 812 "
        + "(nginx) on client request.").only(SignalDelivery.class);
    assertEquals(812L, s.victim().pid());
    assertEquals("nginx", s.victim().comm());
    assertEquals(Signal.SIGHUP, s.signal());
    assertFalse(s.fatal());
    assertEquals(Reason.UNSPECIFIED, s.reason());
    assertEquals(1L, s.sender().pid());
  }

  @Test
  void debugChildLine_namesTheMainProcess() {
    SignalDelivery s = lines(
        "Feb 07 11:58:44 systemd[1]: test-base.service: Child 115 belongs to test-base.service.",
        "Feb 07 11:58:44 systemd[1]: test-base.service: Main process exited, code=killed, status=15/TERM")
        .only(SignalDelivery.class);
    assertEquals(115L, s.victim().pid());
  }

  @Test
  void unitNames_withEscapesAtAndColons() {
    for (String unit : new String[] {"app-Hyprland-xdg\\x2dterminal\\x2dexec-0ae8dde6.scope",
        "systemd-fsck@dev-disk-by\\x2duuid-1234.service", "getty@tty1.service", "a:b.service",
        "user@1000.service", "x.y.z.socket"}) {
      SignalDelivery s = lines("Jun  1 10:00:00 h systemd[1]: " + unit + ": Killing process 5 (a (b) c) with "
          + "signal SIGKILL.").only(SignalDelivery.class);
      assertEquals(unit, s.victim().unit());
      assertEquals("a (b) c", s.victim().comm());
    }
  }

  @Test
  void idleBound_emitsAnUnfinishedDeath() {
    List<LogRecord> records = new ArrayList<>();
    records.add(from("systemd", 1L, "foo.service: Main process exited, code=killed, status=9/KILL", 1));
    Collect c = Collect.run(new SystemdParser(1000), records);
    assertEquals(1, c.events.size(), "finish emits it");
    SystemdParser p = new SystemdParser(1000);
    List<SignalDelivery> seen = new ArrayList<>();
    dev.whokilled.spi.EventSink sink = new dev.whokilled.spi.EventSink() {
      @Override
      public void event(dev.whokilled.event.KillEvent e) {
        seen.add((SignalDelivery) e);
      }

      @Override
      public void problem(LogRecord at, String message) {}

      @Override
      public void warning(LogRecord at, String message) {}
    };
    p.accept(records.get(0), sink);
    for (int i = 0; i < SystemdParser.IDLE_RECORDS + 16; i++) {
      p.accept(LogRecord.plain("test", i + 2, "noise"), sink);
    }
    assertEquals(1, seen.size(), "emitted without waiting for the end of the stream");
  }
}
