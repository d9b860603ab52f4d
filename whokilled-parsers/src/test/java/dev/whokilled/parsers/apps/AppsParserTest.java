package dev.whokilled.parsers.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.event.Crash;
import dev.whokilled.event.CrashType;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.Observer;
import dev.whokilled.event.Signal;
import dev.whokilled.event.SignalDelivery;
import dev.whokilled.event.SignalDelivery.Reason;
import dev.whokilled.framing.Format;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.framing.Origin;
import dev.whokilled.parsers.testing.Collect;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server grammars, on real lines (the corpus says where each came from). */
final class AppsParserTest {

  private static Collect run(String... lines) {
    return Collect.messages(new AppsParser(), lines);
  }

  private static SignalDelivery one(String... lines) {
    return run(lines).only(SignalDelivery.class);
  }

  @Test
  void nginx_workerExitedOnSignal() {
    SignalDelivery s = one("2021/12/18 22:40:03 [alert] 27#27: worker process 269 exited on signal 9");
    assertEquals(269L, s.victim().pid());
    assertEquals("nginx", s.victim().comm());
    assertEquals(Signal.SIGKILL, s.signal());
    assertNull(s.sender());
    assertEquals(Observer.APPLICATION, s.observer());
    assertTrue(s.fatal());
    assertEquals(Instant.parse("2021-12-18T22:40:03Z"), s.time().wall());
    assertTrue(s.time().zoneAssumed());
    assertTrue(one("2014/09/15 11:34:24 [alert] 27#0: worker process 28 exited on signal 11 (core dumped)")
        .coreDumped());
  }

  @Test
  void nginx_signalReceivedFromSender() {
    SignalDelivery s = one("2021/05/10 10:00:00 [notice] 1#1: signal 15 (SIGTERM) received from 4242, exiting");
    assertEquals(1L, s.victim().pid());
    assertEquals(4242L, s.sender().pid());
    assertEquals(Signal.SIGTERM, s.signal());
    assertFalse(s.fatal());
    assertNull(one("2017/09/28 07:01:00 [notice] 1#1: signal 3 (SIGQUIT) received, shutting down").sender());
    assertTrue(run("2024/06/12 16:31:02 [notice] 9#9: signal 17 (SIGCHLD) received from 12",
        "2021/08/07 04:43:58 [notice] 1#1: signal 1 (SIGHUP) received from 7, reconfiguring").events.isEmpty());
  }

  @Test
  void postgres_backendWithDetail() {
    SignalDelivery s = one(
        "2021-01-18 21:19:30.017 UTC [1] LOG:  server process (PID 315) was terminated by signal 9: Killed",
        "2021-01-18 21:19:30.017 UTC [1] DETAIL:  Failed process was running: SET default_transaction_isolation",
        "2021-01-18 21:19:30.017 UTC [1] LOG:  terminating any other active server processes");
    assertEquals(315L, s.victim().pid());
    assertEquals("postgres", s.victim().comm());
    assertEquals(Signal.SIGKILL, s.signal());
    assertEquals("server process: Failed process was running: SET default_transaction_isolation", s.detail());
    assertEquals(2, s.evidence().size());
    assertEquals(Instant.parse("2021-01-18T21:19:30.017Z"), s.time().wall());
    assertFalse(s.time().zoneAssumed());
  }

  @Test
  void postgres_backgroundWorkerAtEndOfInput() {
    SignalDelivery s = one(
        "LOG:  background worker \"logical replication launcher\" (PID 3) was terminated by signal 9: Killed");
    assertEquals(3L, s.victim().pid());
    assertEquals("background worker \"logical replication launcher\"", s.detail());
  }

  @Test
  void postgres_shutdownRequests() {
    SignalDelivery fast = one("2018-05-20 17:29:15.997 EDT [18502] LOG:  received fast shutdown request");
    assertEquals(Signal.SIGINT, fast.signal());
    assertEquals(18502L, fast.victim().pid());
    assertNull(fast.sender());
    assertEquals(Signal.SIGTERM, one("LOG:  received smart shutdown request").signal());
    assertEquals(Signal.SIGQUIT, one("LOG:  received immediate shutdown request").signal());
  }

  @Test
  void apache_bothCodesAndTheOldForm() {
    SignalDelivery core = one("[Tue Apr 30 09:46:59.387053 2019] [core:notice] [pid 11409] AH00051: child pid 20380 "
        + "exit signal Segmentation fault (11), possible coredump in /etc/apache2");
    assertEquals(20380L, core.victim().pid());
    assertEquals(Signal.SIGSEGV, core.signal());
    assertTrue(core.coreDumped());
    assertEquals(Instant.parse("2019-04-30T09:46:59.387053Z"), core.time().wall());
    SignalDelivery noCore = one("[Mon Nov 25 09:50:31.089015 2024] [core:notice] [pid 552344:tid 552344] AH00052: "
        + "child pid 1366997 exit signal Segmentation fault (11)");
    assertFalse(noCore.coreDumped());
    assertEquals(Signal.SIGABRT, one("[notice] child pid 123 exit signal Aborted (6)").signal());
  }

  @Test
  void phpFpm_childAndTimeout() {
    SignalDelivery s = one("[18-Aug-2024 02:43:39] WARNING: [pool www] child 118112 exited on signal 9 (SIGKILL) "
        + "after 12.605199 seconds from start");
    assertEquals(118112L, s.victim().pid());
    assertNull(s.victim().comm());
    assertEquals(Instant.parse("2024-08-18T02:43:39Z"), s.time().wall());
    SignalDelivery t = one("[10-Jan-2024 10:00:00] WARNING: [pool www] child 123, script '/x.php' (request: "
        + "\"GET /x.php\") execution timed out (30.1 sec), terminating",
        "[10-Jan-2024 10:00:00] WARNING: [pool www] child 123 exited on signal 15 (SIGTERM) after 30.2 seconds "
        + "from start");
    assertEquals(Reason.WATCHDOG, t.reason());
    assertEquals("php-fpm", t.sender().comm());
    assertTrue(one("[pool x] child 5 exited on signal 11 (SIGSEGV - core dumped) after 1.0 seconds from start")
        .coreDumped());
  }

  @Test
  void gunicorn_timeoutThenKill() {
    SignalDelivery s = one("[2024-11-05 09:25:59 +0000] [16] [CRITICAL] WORKER TIMEOUT (pid:17)",
        "[2024-11-05 09:26:00 +0000] [16] [ERROR] Worker (pid:17) was sent SIGKILL! Perhaps out of memory?");
    assertEquals(17L, s.victim().pid());
    assertEquals(16L, s.sender().pid());
    assertEquals(Reason.WATCHDOG, s.reason());
    assertEquals(Signal.SIGKILL, s.signal());
    assertEquals(Instant.parse("2024-11-05T09:26:00Z"), s.time().wall());
  }

  @Test
  void gunicorn_killWithoutTimeoutHasNoSender() {
    SignalDelivery s = one("[2023-05-11 18:13:57 +0000] [7] [WARNING] Worker with pid 14824 was terminated due to "
        + "signal 9");
    assertNull(s.sender());
    assertEquals(Reason.UNSPECIFIED, s.reason());
  }

  @Test
  void gunicorn_timedOutWorkerThatExited() {
    SignalDelivery s = one("[CRITICAL] WORKER TIMEOUT (pid:414077)", "[INFO] Worker exiting (pid: 414077)",
        "[ERROR] Worker (pid:414077) exited with code 1", "[ERROR] Worker (pid:414077) exited with code 1.");
    assertEquals(Signal.SIGABRT, s.signal());
    assertEquals("gunicorn", s.sender().comm());
    assertNull(s.sender().pid());
    assertFalse(s.fatal());
  }

  @Test
  void gunicorn_timeoutNeverResolvedStillReported() {
    SignalDelivery s = one("2010-07-28 23:01:19 [5869] [CRITICAL] WORKER TIMEOUT (pid:5870)");
    assertEquals(5870L, s.victim().pid());
    assertEquals(5869L, s.sender().pid());
    assertEquals(Signal.SIGABRT, s.signal());
  }

  @Test
  void uwsgi_harakiriAndMercy() {
    SignalDelivery h = one("spawned uWSGI master process (pid: 7)",
        "Wed Jul 27 07:25:07 2016 - *** HARAKIRI ON WORKER 9 (pid: 18949, try: 1) ***",
        "DAMN ! worker 9 (pid: 18949) died, killed by signal 9 :( trying respawn ...");
    assertEquals(18949L, h.victim().pid());
    assertEquals(7L, h.sender().pid());
    assertEquals(Reason.WATCHDOG, h.reason());
    SignalDelivery d = one("DAMN ! worker 1 (pid: 108) died, killed by signal 9 :( trying respawn ...");
    assertNull(d.sender());
    SignalDelivery m = one("Fri Mar 29 15:28:04 2019 - worker 4 (pid: 32580) is taking too much time to die...NO "
        + "MERCY !!!");
    assertEquals(Reason.STOP, m.reason());
    assertEquals(Signal.SIGKILL, m.signal());
    assertTrue(run("DAMN ! worker 1 (pid: 108) died :( trying respawn ...").events.isEmpty());
  }

  @Test
  void redis_shutdownAndCrash() {
    SignalDelivery s = one("[1752 | signal handler] (1365998382) Received SIGTERM, scheduling shutdown...");
    assertEquals(1752L, s.victim().pid());
    assertEquals(Signal.SIGTERM, s.signal());
    Crash c = run("1249:M 03 Jan 2020 11:22:26.911 # Redis 5.0.7 crashed by signal: 11",
        "1249:M 03 Jan 2020 11:22:26.911 # Crashed running the instruction at: 0x7f0410076830",
        "1249:M 03 Jan 2020 11:22:26.911 # Accessing address: 0xffffffffffffffff",
        "------ STACK TRACE ------").only(Crash.class);
    assertEquals(1249L, c.victim().pid());
    assertEquals(CrashType.SEGFAULT, c.type());
    assertEquals(0x7f0410076830L, c.ip());
    assertEquals(-1L, c.address());
    assertEquals(Instant.parse("2020-01-03T11:22:26.911Z"), c.time().wall());
    Crash old = run("1547:M 27 Nov 00:37:11.267 # Redis 3.2.5 crashed by signal: 11",
        "1547:M 27 Nov 00:37:11.267 # Crashed running the instuction at: 0x44734d",
        "1547:M 27 Nov 00:37:11.267 # Accessing address: (nil)").only(Crash.class);
    assertEquals(0x44734dL, old.ip());
    assertEquals(0L, old.address());
  }

  @Test
  void mysql_crashAndShutdown() {
    Crash c = run("11:40:21 UTC - mysqld got signal 11 ;").only(Crash.class);
    assertEquals("mysqld", c.victim().comm());
    assertEquals(Signal.SIGSEGV, c.signal());
    assertEquals("mariadbd", run("2024-01-01 10:00:00 0 [ERROR] /usr/sbin/mariadbd got signal 6 ;")
        .only(Crash.class).victim().comm());
    assertEquals(Signal.SIGTERM, one("150101 10:00:00 [Note] Got signal 15 to shutdown mysqld").signal());
  }

  @Test
  void mongodb_namesTheSender() {
    SignalDelivery s = one("{\"t\":{\"$date\":\"2021-07-22T16:17:01.245+00:00\"},\"s\":\"I\",  \"c\":\"CONTROL\",  "
        + "\"id\":23377,   \"ctx\":\"SignalHandler\",\"msg\":\"Received signal\",\"attr\":{\"signal\":15,\"error\":"
        + "\"Terminated\"}}",
        "{\"t\":{\"$date\":\"2021-07-22T16:17:01.245+00:00\"},\"s\":\"I\",  \"c\":\"CONTROL\",  \"id\":23378,   "
        + "\"ctx\":\"SignalHandler\",\"msg\":\"Signal was sent by kill(2)\",\"attr\":{\"pid\":84,\"uid\":999}}");
    assertEquals("mongod", s.victim().comm());
    assertEquals(84L, s.sender().pid());
    assertEquals(999, s.sender().uid());
    assertEquals("SI_USER", s.siCode());
    assertEquals(Instant.parse("2021-07-22T16:17:01.245Z"), s.time().wall());
    SignalDelivery text = one("Received signal 15: Terminated", "Signal was sent by kill(2) with pid 84, uid 999");
    assertEquals(84L, text.sender().pid());
    assertNull(one("Received signal 15: Terminated", "Signal was sent by the kernel").sender());
    assertTrue(run("Received signal 10: User defined signal 1").events.isEmpty());
    assertEquals(Signal.SIGTERM, one("2019-01-01T10:00:00.000+0000 I CONTROL  [signalProcessingThread] got signal 15 "
        + "(Terminated), will terminate after current cmd ends").signal());
  }

  @Test
  void compilers_childKilled() {
    SignalDelivery s = one("c++: fatal error: Killed signal terminated program cc1plus");
    assertEquals("cc1plus", s.victim().comm());
    assertEquals(Signal.SIGKILL, s.signal());
    assertEquals("cc1", one("gcc: 致命错误：已杀死 signal terminated program cc1").victim().comm());
    assertEquals("lto1", one("c++: fatal error: Morto signal terminated program lto1").victim().comm());
    assertEquals("cc1plus", one("c++: internal compiler error: Killed (program cc1plus)").victim().comm());
    assertEquals("ld", one("collect2: fatal error: ld terminated with signal 9 [Killed]").victim().comm());
    assertEquals(Signal.SIGSEGV,
        one("gcc: internal compiler error: Segmentation fault signal terminated program cc1").signal());
  }

  @Test
  void provenKernelRecords_neverRead() {
    LogRecord r = new LogRecord("kmsg", 1, "x", "worker process 5 exited on signal 9", Format.KMSG, Origin.KERNEL,
        EventTime.UNKNOWN, null, null, null, 0, 6, 0, 1);
    assertTrue(Collect.run(new AppsParser(), List.of(r)).events.isEmpty());
  }

  @Test
  void noise_isNoise() {
    assertTrue(run("2024/06/12 16:31:02 [notice] 9#9: unknown process 12 exited with code 0",
        "worker process 40 exited with code 0", "[INFO] Booting worker with pid: 7310", "signal handler installed",
        "LOG:  checkpointer process (PID 477716) exited with exit code 1", "Received SIGHUP, reloading").events
        .isEmpty());
  }
}
