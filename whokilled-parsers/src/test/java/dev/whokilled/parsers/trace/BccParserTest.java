package dev.whokilled.parsers.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.event.Constraint;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.MemoryKiller;
import dev.whokilled.event.Observer;
import dev.whokilled.event.OomKill;
import dev.whokilled.event.Signal;
import dev.whokilled.event.SignalDelivery;
import dev.whokilled.event.VictimMemory;
import dev.whokilled.framing.Format;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.framing.Origin;
import dev.whokilled.parsers.testing.Collect;
import dev.whokilled.spi.KillParser;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Line-level tests of the BPF tools' parser: killsnoop, sigsnoop, oomkill (bcc, bpftrace, libbpf-tools). */
final class BccParserTest {

  static final BccProvider BCC = new BccProvider();

  @Test
  void killsnoop_bcc_sendsKept_failedSendsAndSignalZeroNot() {
    List<SignalDelivery> sends = Feed.run(BCC,
        "# ./killsnoop",
        "TIME      PID    COMM             SIG  TPID   RESULT",
        "12:10:51  13967  bash             9    13885  0",
        "12:11:34  13967  bash             9    1024   -3",
        "12:11:41  815    systemd-udevd    15   14076  0",
        "11:43:30  31825  bash             0    -19642 -3",
        "11:43:22  19488  java             0    19460  0",
        "11:43:22  19488  java             18   19460  0").all(SignalDelivery.class);
    assertEquals(2, sends.size());
    SignalDelivery d = sends.get(0);
    assertEquals(13885L, d.victim().pid());
    assertNull(d.victim().comm());
    assertEquals(Signal.SIGKILL, d.signal());
    assertEquals(13967L, d.sender().pid());
    assertEquals("bash", d.sender().comm());
    assertEquals(Observer.BPF, d.observer());
    assertFalse(d.fatal(), "a send, not a death");
    assertEquals("systemd-udevd", sends.get(1).sender().comm());
  }

  @Test
  void killsnoop_namesWithSpacesAndDigits() {
    // captured on this VM: a kill binary copied as "k 15 99"
    SignalDelivery d = Feed.run(BCC,
        "TIME      PID    COMM             SIG  TPID   RESULT",
        "11:43:17  19454  k 15 99          10   19451  0").only(SignalDelivery.class);
    assertEquals("k 15 99", d.sender().comm());
    assertEquals(Signal.SIGUSR1, d.signal());
    assertEquals(19451L, d.victim().pid());
    SignalDelivery squeezed = Feed.run(BCC, "TIME PID COMM SIG TPID RESULT", "12:10:51 13967 my app 2 9 13885 0")
        .only(SignalDelivery.class);
    assertEquals("my app 2", squeezed.sender().comm(), "collapsed spaces: read from the right");
  }

  @Test
  void killsnoop_bpftrace_microseconds_placedByTheDateOption() {
    SignalDelivery d = Feed.run(BCC, Map.of("date", "2018-09-07", "zone", "UTC"),
        "Attached 3 probes",
        "Tracing kill() signals... Hit Ctrl-C to end.",
        "TIME                PID COMM              SIG   TPID RESULT",
        "00:09:37.345938   22485 bash                2  23856      0").only(SignalDelivery.class);
    assertEquals(Signal.SIGINT, d.signal());
    assertEquals(Instant.parse("2018-09-07T00:09:37.345938Z"), d.time().wall());
  }

  /**
   * A table's rows hold no fixed text, so the session may skip no line while one is read; a line that is not a row
   * ends it, and lines may be skipped again. In a journal, other writers' lines between the rows do not end it.
   */
  @Test
  void table_endsAtItsWritersFirstNonRow_thenLinesMayBeSkippedAgain() {
    KillParser p = Feed.parser(BCC, Map.of());
    Collect c = Collect.run(p, List.of());
    assertEquals(Long.MAX_VALUE, p.patience());
    p.accept(journal(1, 900, "TIME      PID    COMM             SIG  TPID   RESULT"), c);
    assertEquals(0, p.patience(), "the rows follow");
    p.accept(journal(2, 77, "Started Session 3 of User root."), c);
    p.accept(journal(3, 900, "12:10:51  13967  bash             9    13885  0"), c);
    assertEquals(0, p.patience(), "another writer's line does not end the table");
    p.accept(journal(4, 900, "Detaching..."), c);
    assertEquals(Long.MAX_VALUE, p.patience(), "the table ended");
    p.accept(journal(5, 900, "12:10:52  13967  bash             9    13886  0"), c);
    assertEquals(List.of(13885L), c.all(SignalDelivery.class).stream().map(d -> d.victim().pid()).toList(),
        "a row after the table's end is not read");
  }

  private static LogRecord journal(long line, long pid, String message) {
    return new LogRecord("journal", line, message, message, Format.JOURNAL_JSON, Origin.USERSPACE,
        EventTime.UNKNOWN, "host", pid == 900 ? "killsnoop" : "systemd", pid, 3, 6, 0, -1);
  }

  @Test
  void rowsWithoutTheirHeader_areNotRead() {
    assertTrue(Feed.run(BCC, "12:10:51  13967  bash             9    13885  0").events.isEmpty());
  }

  @Test
  void sigsnoop_names_targetNames_blankTargetNames() {
    List<SignalDelivery> sends = Feed.run(BCC,
        "TIME     PID     COMM             SIG          TPID    TCOMM            RESULT",
        "19:56:14 3204808 a.out            SIGSEGV      3204808 a.out            0     ",
        "19:56:15 1234    kill             SIGTERM      5678    my worker 1      0     ",
        "19:56:16 1234    kill             9            5679                     0     ",
        "19:56:17 1234    kill             SIGNAL-34    5680    x                0     ",
        "19:56:18 1234    kill             SIGTERM      5681    gone             -3    ").all(SignalDelivery.class);
    assertEquals(3, sends.size());
    assertEquals("the process sent it to itself", sends.get(0).detail());
    assertEquals("my worker 1", sends.get(1).victim().comm());
    assertNull(sends.get(2).victim().comm(), "TCOMM is blank on kernels without bpf_task_from_pid");
    assertEquals(Signal.SIGKILL, sends.get(2).signal());
    SignalDelivery old = Feed.run(BCC, "TIME     PID     COMM             SIG       TPID    RESULT",
        "19:56:14 3204808 a.out            SIGSEGV   3204808 0").only(SignalDelivery.class);
    assertEquals(Signal.SIGSEGV, old.signal());
  }

  @Test
  void oomkill_everyEra() {
    OomKill k = Feed.run(BCC, "Tracing oom_kill_process()... Ctrl-C to end.",
        "21:03:39 Triggered by PID 3297 (\"ntpd\"), OOM kill of PID 22516 (\"perl\"), 3850642 pages, loadavg: 0.99"
            + " 0.39 0.30 3/282 22724").only(OomKill.class);
    assertEquals(22516L, k.victim().pid());
    assertEquals("perl", k.victim().comm());
    assertEquals(3297L, k.trigger().pid());
    assertEquals("ntpd", k.trigger().comm());
    assertEquals(MemoryKiller.KERNEL, k.killer());
    assertEquals(Constraint.UNKNOWN, k.constraint());
    assertEquals(VictimMemory.UNKNOWN, k.memory(), "the pages are the total weighed, not the victim's");
    assertEquals(Signal.SIGKILL, k.signal());
    OomKill libbpf = Feed.run(BCC, "10:00:01 Trigger by PID 7 (\"a\"), OOM kill of PID 8 (\"x\"), y\"), 9\"), 100 pages")
        .only(OomKill.class);
    assertEquals("x\"), y\"), 9", libbpf.victim().comm(), "the name ends where the pages follow");
    Collect garbage = Feed.run(BCC, "17:39:52 Triggered by PID 10505 (\"a.out\"), OOM kill of PID 1835561760"
        + " (\"lukB high:%lukB \"), 2361183241434822607 pages, loadavg: 1.88 1.70 1.24 3/479 10508",
        "Triggered by PID 1 (\"a\") OOM kill of PID 2",
        "prefix 10:00:00 Triggered by PID 7 (\"a\"), OOM kill of PID 8 (\"b\"), 100 pages");
    assertTrue(garbage.events.isEmpty(), garbage.events.toString());
  }
}
