package dev.whokilled.parsers.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.event.Observer;
import dev.whokilled.event.Signal;
import dev.whokilled.event.SignalDelivery;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Line-level tests of the systemtap scripts' parser: sigmon.stp, sigkill.stp and rpm-deathwatch. */
final class SystemtapParserTest {

  static final SystemtapProvider STAP = new SystemtapProvider();

  @Test
  void sigmon_table() {
    List<SignalDelivery> sends = Feed.run(STAP,
        "SPID     SNAME            RPID  RNAME            SIGNUM SIGNAME",
        "1350     bash             24067 python           9      SIGKILL         ",
        "1350     my app 2         24068 a b 7            15     SIGTERM         ",
        "1       systemd          900   sshd             17     SIGCHLD").all(SignalDelivery.class);
    assertEquals(2, sends.size(), "SIGCHLD is not kept");
    SignalDelivery d = sends.get(0);
    assertEquals(24067L, d.victim().pid());
    assertEquals("python", d.victim().comm());
    assertEquals(1350L, d.sender().pid());
    assertEquals("bash", d.sender().comm());
    assertEquals(Signal.SIGKILL, d.signal());
    assertEquals(Observer.SYSTEMTAP, d.observer());
    assertFalse(d.fatal());
    assertEquals("my app 2", sends.get(1).sender().comm());
    assertEquals("a b 7", sends.get(1).victim().comm());
  }

  @Test
  void sigmon_rowsWithoutHeader_onlyWhenTheNumberMatchesTheName() {
    assertEquals(1, Feed.run(STAP, "1350     bash             24067 python           9      SIGKILL")
        .all(SignalDelivery.class).size());
    assertTrue(Feed.run(STAP, "1350     bash             24067 python           15     SIGKILL").events.isEmpty());
  }

  @Test
  void sigmon_timeColumn() {
    SignalDelivery d = Feed.run(STAP, Map.of("zone", "Asia/Shanghai"),
        "TIME                          SPID     SNAME            RPID     RNAME            SIGNUM SIGNAME         ",
        "Wed Nov  2 14:21:22 2016      9786     bash             19884    ceph-osd             10 SIGUSR1 ")
        .only(SignalDelivery.class);
    assertEquals(19884L, d.victim().pid());
    assertEquals("ceph-osd", d.victim().comm());
    assertEquals(9786L, d.sender().pid());
    assertEquals(Instant.parse("2016-11-02T06:21:22Z"), d.time().wall());
    assertFalse(d.time().zoneAssumed());
  }

  @Test
  void sigkill_sentences() {
    SignalDelivery plain = Feed.run(STAP, "SIGKILL was sent to python (pid:24067) by bash uid:3010")
        .only(SignalDelivery.class);
    assertEquals(24067L, plain.victim().pid());
    assertEquals("python", plain.victim().comm());
    assertNull(plain.sender().pid());
    assertEquals("bash", plain.sender().comm());
    assertEquals(3010, plain.sender().uid());
    SignalDelivery withPid = Feed.run(STAP, "Mon Dec 25 19:52:55 2017      : sig.send: SIGKILL was sent to my (pid:1)"
        + " x (pid:24067) by bash (pid:1350) uid:0 using send_signal").only(SignalDelivery.class);
    assertEquals("my (pid:1) x", withPid.victim().comm());
    assertEquals(1350L, withPid.sender().pid());
    assertEquals(Instant.parse("2017-12-25T19:52:55Z").getEpochSecond(),
        withPid.time().wall().atZone(java.time.ZoneId.systemDefault()).toLocalDateTime()
            .toEpochSecond(java.time.ZoneOffset.UTC));
  }

  @Test
  void deathwatch_sendsWaitForTheExit_whichNamesTheSender() {
    List<SignalDelivery> all = Feed.run(STAP,
        "Tue May 13 15:06:54 2025 CST: kprocess.exit: rpm(pid:13060) - Code 256 - \"rpm -q qperf\"",
        "Tue May 13 15:06:58 2025 CST: sys.kill: kill(pid:13155) called kill(13064, SIGKILL)",
        "Tue May 13 15:06:58 2025 CST: sig.send: SIGKILL was sent to yum (pid:13064) by uid:0 using"
            + " signal_generate",
        "Tue May 13 15:06:58 2025 CST: sig.send: Process tree:",
        "    ->kill[13155] - xargs kill -9",
        "Tue May 13 15:06:58 2025 CST: kprocess.exit: yum(pid:13064) - Code   9 - \"/usr/bin/python /bin/yum\"",
        "Tue May 13 15:07:00 2025 CST: sig.send: SIGTERM was sent to nginx (pid:77) by systemd (pid:1) uid:0"
            + " using signal_generate",
        "Tue May 13 15:07:01 2025 CST: kprocess.exit: nginx(pid:77) - Code 0 - \"nginx\"",
        "Tue May 13 15:07:02 2025 CST: sig.send: SIGTERM was sent to app (pid:78) by uid:0 using x",
        "Tue May 13 15:07:03 2025 CST: kprocess.exit: core(pid:79) - Code 139 - \"core\"").all(SignalDelivery.class);
    assertEquals(4, all.size(), all.toString());
    SignalDelivery yum = all.get(0);
    assertEquals(13064L, yum.victim().pid());
    assertEquals("yum", yum.victim().comm());
    assertTrue(yum.fatal());
    assertEquals(13155L, yum.sender().pid());
    assertEquals("kill", yum.sender().comm());
    assertEquals(0, yum.sender().uid(), "the uid from the signal.send line, the rest from the kill line");
    assertEquals(3, yum.evidence().size());
    SignalDelivery nginx = all.get(1);
    assertFalse(nginx.fatal());
    assertEquals("exited with 0 after it", nginx.detail());
    assertEquals(1L, nginx.sender().pid());
    SignalDelivery core = all.get(2);
    assertEquals(Signal.SIGSEGV, core.signal());
    assertTrue(core.coreDumped());
    assertNull(core.sender());
    SignalDelivery held = all.get(3);
    assertEquals(78L, held.victim().pid(), "a send whose exit never showed comes out at the end");
    assertFalse(held.fatal());
  }
}
