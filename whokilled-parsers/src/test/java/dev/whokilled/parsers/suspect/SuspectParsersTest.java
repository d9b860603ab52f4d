package dev.whokilled.parsers.suspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.event.EventTime;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.event.Suspect;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.framing.Origin;
import dev.whokilled.parsers.testing.Collect;
import dev.whokilled.spi.KillParser;
import dev.whokilled.spi.KillParserProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** The parsers of suspects on real output: util-linux last, cron's job lines of several eras, shell histories. */
final class SuspectParsersTest {

  static List<Suspect> read(KillParserProvider provider, Map<String, String> options, List<String> lines) {
    return Collect.framed(parser(provider, options), lines).all(Suspect.class);
  }

  static KillParser parser(KillParserProvider provider, Map<String, String> options) {
    return Collect.parser(provider, options);
  }

  static List<String> corpus(String name) throws Exception {
    return Files.readAllLines(Path.of(Objects.requireNonNull(SuspectParsersTest.class.getResource("/corpus/" + name))
        .toURI()), StandardCharsets.UTF_8);
  }

  private static final Map<String, String> UTC_2026 = Map.of("year", "2026", "zone", "UTC");

  @Test
  void last_everySessionWithItsSpan() throws Exception {
    List<Suspect> s = read(new LastProvider(), UTC_2026, corpus("suspect/vm-last.log"));
    assertEquals(5, s.size(), s.toString());
    Suspect alice = s.get(2);
    assertEquals(Suspect.Type.SESSION, alice.type());
    assertEquals("alice", alice.user());
    assertEquals("pts/0 from 203.0.113.7", alice.terminal());
    assertEquals(Instant.parse("2026-12-06T01:36:00Z"), alice.time().wall());
    assertEquals(EventTime.Precision.MINUTES, alice.time().wallPrecision());
    assertEquals(Instant.parse("2026-12-06T01:57:00Z"), alice.until(), "the start and the duration (00:21)");
    assertTrue(alice.victim().isUnknown());
    Suspect root = s.get(3);
    assertEquals("tty1", root.terminal());
    assertNull(root.until(), "gone - no logout");
    Suspect bob = s.get(4);
    assertEquals(Instant.parse("2026-12-05T02:52:00Z").plus(Duration.ofHours(22).plusMinutes(13)), bob.until(),
        "- crash (22:13)");
  }

  @Test
  void last_fullAndIsoStampsAndAnotherZone_sameSessions() throws Exception {
    Suspect full = read(new LastProvider(), UTC_2026, corpus("suspect/vm-last-F.log")).get(2);
    assertEquals(Instant.parse("2026-12-06T01:36:06Z"), full.time().wall());
    assertEquals(Instant.parse("2026-12-06T01:57:46Z"), full.until());
    Suspect iso = read(new LastProvider(), Map.of(), corpus("suspect/vm-last-iso.log")).get(2);
    assertEquals(Instant.parse("2026-12-06T01:36:06Z"), iso.time().wall());
    assertEquals(Instant.parse("2026-12-06T01:57:46Z"), iso.until());
    assertTrue(!iso.time().zoneAssumed(), "ISO stamps carry their zone");
    List<Suspect> berlin = read(new LastProvider(), Map.of("year", "2026", "zone", "Europe/Berlin"),
        corpus("suspect/vm-last-berlin.log"));
    assertEquals(Instant.parse("2026-12-06T01:36:00Z"), berlin.get(2).time().wall());
    assertEquals(5, berlin.size());
  }

  @Test
  void last_framedLinesAreNotSessions() {
    assertEquals(List.of(), read(new LastProvider(), UTC_2026, List.of(
        "Dec  6 01:36:06 vm sshd[4100]: alice pts/0 203.0.113.7 Sun Dec  6 01:36 - 01:57  (00:21)")));
  }

  @Test
  void cron_jobLinesOfEveryEra() throws Exception {
    List<Suspect> s = read(new CronProvider(), Map.of(), corpus("suspect/public-syslog-cron-eras.log"));
    assertEquals(List.of("cd / && run-parts --report /etc/cron.hourly",
        "[ -d /var/lib/php5 ] && find /var/lib/php5/ -type f -cmin +$(/usr/lib/php5/maxlifetime) -print0 | xargs -r -0 rm",
        "/usr/local/bin/iperf3_bandwidth_exporter.sh", "/root/work/croncallee.sh"),
        s.stream().map(Suspect::command).toList(), "RELOAD and CMDEND are not jobs");
    Suspect ubuntu = s.get(0);
    assertEquals(Suspect.Type.SCHEDULED_JOB, ubuntu.type());
    assertEquals("root", ubuntu.user());
    assertEquals(ProcessRef.of(20029L, "CRON"), ubuntu.who());
    assertEquals(ProcessRef.of(3696L, "CRON"), s.get(1).who());
    assertEquals(ProcessRef.of(9974L, "CROND"), s.get(3).who());
    assertEquals(EventTime.Precision.SECONDS, ubuntu.time().wallPrecision());
  }

  /** Cron never writes to the kernel's log, so its prefilter leaves every kernel line out, and so does its parser. */
  @Test
  void cron_kernelLogLines_areNoJobs() {
    assertTrue(new CronProvider().prefilter().ignoredOrigins()
        .containsAll(List.of(Origin.KERNEL, Origin.KERNEL_LOG)));
    List<LogRecord> records = Collect.frame(List.of("[  727.818201] CRON[882]: (root) CMD (kill -9 477)"));
    assertEquals(Origin.KERNEL_LOG, records.get(0).origin());
    assertEquals(List.of(), Collect.run(parser(new CronProvider(), Map.of()), records).all(Suspect.class));
  }

  @Test
  void cron_debianJobPidAndItsKillTarget() throws Exception {
    List<Suspect> s = read(new CronProvider(), Map.of(),
        corpus("witnesses/vm-cron-kill-with-suspects/cron.syslog"));
    assertEquals(1, s.size(), "cron's INFO, pam and END lines are not jobs: " + s);
    Suspect job = s.get(0);
    assertEquals("kill -9 477", job.command());
    assertEquals(ProcessRef.of(882L, null), job.who(), "the job's own pid, which cron logged at -L 15");
    assertEquals(ProcessRef.of(477L, null), job.victim());
    assertEquals(Signal.SIGKILL, job.signal());
  }

  @Test
  void history_zshExtended_pidAndNameTargets() throws Exception {
    List<Suspect> s = read(new HistoryProvider(), Map.of("user", "tristen"),
        corpus("suspect/public-zsh-extended-history.log"));
    assertEquals(2, s.size(), s.toString());
    assertEquals(ProcessRef.of(null, "3474"), s.get(0).victim(), "pkill takes a name pattern");
    assertEquals(Signal.SIGTERM, s.get(0).signal());
    assertEquals(ProcessRef.of(3474L, null), s.get(1).victim());
    assertEquals(Signal.SIGKILL, s.get(1).signal());
    assertEquals(Instant.ofEpochSecond(1501474932), s.get(1).time().wall());
    assertEquals("tristen", s.get(1).user());
    assertEquals("kill -9 3474", s.get(1).command());
  }

  @Test
  void history_bashStampsAndTheShapesOfKillCommands() throws Exception {
    assertEquals(List.of(), read(new HistoryProvider(), Map.of(),
        corpus("witnesses/vm-cron-kill-with-suspects/bash_history")), "kill -0 sends nothing");
    List<Suspect> s = read(new HistoryProvider(), Map.of(), List.of("#1796521668", "kill -TERM 1234 1240",
        "sudo kill -s KILL 99", "kill %1", "kill -- -4000", "make && pkill -u bob -f python3",
        "killall -9 java; echo done", "echo kill 5", "/bin/kill --signal=HUP 7"));
    assertEquals(List.of("1234 SIGTERM", "1240 SIGTERM", "99 SIGKILL", "python3 SIGTERM", "java SIGKILL",
        "7 SIGHUP"), s.stream().map(x -> (x.victim().pid() != null ? x.victim().pid().toString()
        : x.victim().comm()) + " " + x.signal()).toList());
    assertEquals(Instant.ofEpochSecond(1796521668), s.get(0).time().wall());
    assertEquals(2, s.get(0).evidence().size(), "the stamp line and the command");
    assertEquals(EventTime.UNKNOWN, s.get(2).time(), "a stamp belongs to the next command only");
  }

  /**
   * A stamp dates the next record only, so the parser must see that record whatever it holds; a framed line is no
   * history, stamp or not, which lets the prefilter keep every kernel line from it.
   */
  @Test
  void history_stampWaitsForTheNextRecord_framedStampsAreNone() {
    KillParser p = parser(new HistoryProvider(), Map.of());
    assertEquals(Long.MAX_VALUE, p.patience());
    List<LogRecord> records = Collect.frame(List.of("#1796521668",
        "[  727.818200] usb 1-1: new high-speed USB device number 2 using xhci_hcd", "kill 1234",
        "[  727.818201] #1796521668", "kill 1240"));
    Collect c = Collect.run(p, List.of());
    p.accept(records.get(0), c);
    assertEquals(0, p.patience());
    p.accept(records.get(1), c);
    assertEquals(Long.MAX_VALUE, p.patience());
    p.accept(records.get(2), c);
    p.accept(records.get(3), c);
    assertEquals(Long.MAX_VALUE, p.patience(), "a dmesg line is no history stamp");
    p.accept(records.get(4), c);
    assertEquals(List.of(EventTime.UNKNOWN, EventTime.UNKNOWN), c.all(Suspect.class).stream().map(Suspect::time)
        .toList());
  }

  @Test
  void history_logLinesAndCommentsAreNoHistory() {
    assertEquals(List.of(), read(new HistoryProvider(), Map.of(), List.of(
        "Dec  6 01:48:01 vm sudo[900]: alice : TTY=pts/0 ; COMMAND=/bin/kill -9 477", "# kill -9 477")));
  }
}
