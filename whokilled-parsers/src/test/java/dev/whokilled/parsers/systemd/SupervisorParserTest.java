package dev.whokilled.parsers.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.event.Signal;
import dev.whokilled.event.SignalDelivery;
import dev.whokilled.event.SignalDelivery.Reason;
import dev.whokilled.parsers.testing.Collect;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Line-level tests of the supervisord and Upstart parser, with real lines. */
final class SupervisorParserTest {

  static Collect lines(String... lines) {
    return Collect.framed(new SupervisorParser(1000), List.of(lines));
  }

  // https://github.com/Supervisor/supervisor/issues/1150
  @Test
  void killingThenStopped_oneStopTimeout() {
    SignalDelivery s = lines(
        "2019-01-26 15:48:45,218 WARN killing 'mystatemachine' (108301) with SIGKILL",
        "2019-01-26 15:48:45,674 INFO stopped: mystatemachine (terminated by SIGKILL)").only(SignalDelivery.class);
    assertEquals(108301L, s.victim().pid());
    assertEquals(Signal.SIGKILL, s.signal());
    assertEquals(Reason.STOP_TIMEOUT, s.reason());
    assertEquals("supervisord", s.sender().comm());
    assertTrue(s.fatal());
    assertEquals(2, s.evidence().size());
    assertEquals("2019-01-26T15:48:45.218Z", s.time().wall().toString());
    assertTrue(s.time().zoneAssumed(), "supervisord writes local time without a zone");
  }

  @Test
  void spawnedThenExitedBySignal_pidKnownSenderNot() {
    SignalDelivery s = lines(
        "2020-11-09 15:59:20,558 INFO spawned: 'worker_1' with pid 22270",
        "2020-11-09 16:10:01,002 INFO exited: worker_1 (terminated by SIGKILL; not expected)")
        .only(SignalDelivery.class);
    assertEquals(22270L, s.victim().pid());
    assertNull(s.victim().comm(), "the program's name is not its command name");
    assertNull(s.sender());
    assertEquals(Reason.UNSPECIFIED, s.reason());
    assertTrue(s.detail().contains("worker_1"), s.detail());
  }

  // https://github.com/Supervisor/supervisor/issues/1378
  @Test
  void stoppedBySignal_withoutSpawnedLine_namedByProgram() {
    SignalDelivery s = lines(
        "2020-10-15 10:11:22,721 INFO stopped: jd_ZYF_15M_H1_FS_FO_yfcta1 (terminated by SIGINT)")
        .only(SignalDelivery.class);
    assertNull(s.victim().pid());
    assertEquals("jd_ZYF_15M_H1_FS_FO_yfcta1", s.victim().comm());
    assertEquals(Reason.STOP, s.reason());
    assertEquals(Signal.SIGINT, s.signal());
  }

  @Test
  void coreDumped_andSignalNumber() {
    List<SignalDelivery> s = lines(
        "2021-01-01 00:00:00,000 INFO exited: web:web_00 (terminated by SIGSEGV (core dumped); not expected)",
        "2021-01-01 00:00:01,000 INFO exited: odd (terminated by signal 7; not expected)").all(SignalDelivery.class);
    assertEquals(2, s.size());
    assertTrue(s.get(0).coreDumped());
    assertEquals("web:web_00", s.get(0).victim().comm());
    assertEquals(Signal.SIGBUS, s.get(1).signal());
  }

  // https://github.com/Supervisor/supervisor/issues/321
  @Test
  void exitStatus_isNotASignalDeath() {
    assertEquals(List.of(), lines(
        "2013-10-15 15:45:20,705 WARN received SIGTERM indicating exit request",
        "2013-10-15 15:45:20,764 INFO waiting for queue to die",
        "2013-10-15 15:45:20,810 INFO stopped: queue (exit status 143)").events);
  }

  @Test
  void killingWithoutEnd_isASendOnly() {
    SignalDelivery s = lines("2019-01-26 15:48:45,218 WARN killing 'x' (77) with SIGTERM")
        .only(SignalDelivery.class);
    assertEquals(77L, s.victim().pid());
    assertFalse(s.fatal());
    assertEquals(Reason.STOP, s.reason());
  }

  @Test
  void journalIdentifier_givesSupervisordsPid() {
    SignalDelivery s = lines("Jan 24 22:34:55 web supervisord[812]: 2019-01-24 22:34:55,001 INFO stopped: api "
        + "(terminated by SIGTERM)").only(SignalDelivery.class);
    assertEquals(812L, s.sender().pid());
    assertEquals(Signal.SIGTERM, s.signal());
  }

  @Test
  void otherProgramsLines_areNotSupervisords() {
    assertEquals(List.of(), lines("Jan 24 22:34:55 web nginx[1]: stopped: x (terminated by SIGKILL)").events);
  }

  // https://github.com/canonical/cloud-init/issues/2266
  @Test
  void upstart_killedBySignal() {
    SignalDelivery s = lines("init: cloud-init-nonet main process (307) killed by TERM signal")
        .only(SignalDelivery.class);
    assertEquals(307L, s.victim().pid());
    assertEquals(Signal.SIGTERM, s.signal());
    assertNull(s.sender());
    assertTrue(s.detail().contains("cloud-init-nonet main"), s.detail());
  }

  @Test
  void upstart_throughTheKernelLog_andInstancesAndNumbers() {
    List<SignalDelivery> s = lines(
        "Jan 11 12:56:58 ubuntu kernel: [34278.257592] init: tty (tty1) main process (1234) killed by KILL signal",
        "Feb 12 14:24:05 kubbie init: foo pre-start process (12) killed by signal 64",
        "Feb 12 14:24:05 kubbie init: ulatencyd main process (6632) terminated with status 1")
        .all(SignalDelivery.class);
    assertEquals(1, s.size(), "signal 64 is a real-time signal, status 1 an exit: " + s);
    assertEquals(1234L, s.get(0).victim().pid());
  }

  // https://github.com/lldpd/lldpd/issues/245 shows the debug line's form
  @Test
  void upstart_debugStoppingLine_makesItAStop() {
    SignalDelivery s = lines(
        "Oct  2 19:43:32 h kernel: [ 1414.460677] init: lldpd state changed from running to stopping",
        "Oct  2 19:43:32 h kernel: [ 1414.460900] init: lldpd main process (3600) killed by TERM signal")
        .only(SignalDelivery.class);
    assertEquals(Reason.STOP, s.reason());
    assertEquals("init", s.sender().comm());
  }
}
