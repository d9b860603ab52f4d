package dev.whokilled.correlate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.whokilled.event.Constraint;
import dev.whokilled.event.Crash;
import dev.whokilled.event.CrashType;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.KillEvent;
import dev.whokilled.event.MemoryKiller;
import dev.whokilled.event.Observer;
import dev.whokilled.event.OomKill;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.event.SignalDelivery;
import dev.whokilled.event.VictimMemory;
import dev.whokilled.framing.Format;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.framing.Origin;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

final class CorrelatorTest {

  static OomKill kill(String source, int boot, long pid, long totalVmKb, @Nullable Duration uptime,
      @Nullable Instant wall) {
    EventTime t = new EventTime(wall, wall == null ? EventTime.Precision.NONE : EventTime.Precision.SECONDS,
        false, false, uptime, null);
    LogRecord r = new LogRecord(source, 10, "Killed process", "Killed process", Format.DMESG, Origin.KERNEL_LOG,
        t, null, null, null, -1, -1, boot, -1);
    return new OomKill(ProcessRef.of(pid, "java"), t, List.of(r), MemoryKiller.KERNEL, null, Constraint.NONE,
        null, null, null, null, false, new VictimMemory(totalVmKb * 1024, 1024L, 0L, null, null, null, null), null,
        null, null, List.of(), null, null, false, false, false, null, Signal.SIGKILL);
  }

  @Test
  void sameKillInDmesgAndKernLog_oneGroup() {
    // dmesg gives only the time since boot, kern.log without [uptime] only the wall clock
    List<KillEvent> events = List.of(
        kill("dmesg", 0, 1234, 5000, Duration.ofSeconds(66), null),
        kill("kern.log", 0, 1234, 5000, null, Instant.parse("2017-12-24T16:02:24Z")));
    assertEquals(1, Correlator.correlate(events, BootClock.NONE).size());
  }

  @Test
  void pidReusedLater_twoGroups() {
    List<KillEvent> events = List.of(
        kill("dmesg", 0, 1234, 5000, Duration.ofSeconds(66), null),
        kill("dmesg", 0, 1234, 9000, Duration.ofSeconds(4000), null));
    assertEquals(2, Correlator.correlate(events, BootClock.NONE).size());
  }

  @Test
  void samePidAfterReboot_twoGroups() {
    List<KillEvent> events = List.of(
        kill("kern.log", 0, 1234, 5000, Duration.ofSeconds(66), null),
        kill("kern.log", 1, 1234, 6000, Duration.ofSeconds(66), null));
    assertEquals(2, Correlator.correlate(events, BootClock.NONE).size());
  }

  @Test
  void wallClocksAgreeWithinPrecision() {
    EventTime a = EventTime.ofWall(Instant.parse("2017-12-24T16:02:24Z"), EventTime.Precision.SECONDS);
    EventTime b = EventTime.ofWall(Instant.parse("2017-12-24T16:02:26.5Z"), EventTime.Precision.MICROS);
    EventTime c = EventTime.ofWall(Instant.parse("2017-12-24T16:02:40Z"), EventTime.Precision.MICROS);
    assertEquals(Correlator.Relation.CLOSE, Correlator.relation(a, b, null));
    assertEquals(Correlator.Relation.FAR, Correlator.relation(a, c, null));
    assertEquals(Correlator.Relation.UNKNOWN,
        Correlator.relation(EventTime.ofUptime(Duration.ofSeconds(3)), a, null));
  }

  @Test
  void kernelUptimeAndTracerWallClock_joinThroughTheBootTime() {
    // found staging a real memcg OOM under strace -ttt: dmesg counts from boot, strace reads the wall clock
    Instant boot = Instant.parse("2026-11-22T10:54:41Z");
    EventTime wall = EventTime.ofWall(boot.plusMillis(100_860), EventTime.Precision.MICROS);
    LogRecord r = new LogRecord("hog.strace", 11, "77 +++ killed by SIGKILL +++", "77 +++ killed by SIGKILL +++",
        Format.PLAIN, Origin.UNKNOWN, EventTime.UNKNOWN, null, null, null, -1, -1, 0, -1);
    SignalDelivery seen = new SignalDelivery(ProcessRef.of(1234L, "java"), wall, List.of(r), Signal.SIGKILL, null,
        null, Observer.STRACE, SignalDelivery.Reason.UNSPECIFIED, null, true, false);
    List<KillEvent> events = List.of(kill("dmesg", 0, 1234, 5000, Duration.ofSeconds(100), null), seen);
    assertEquals(1, Correlator.correlate(events, BootClock.of(boot, null, events)).size());
    assertEquals(2, Correlator.correlate(events, BootClock.NONE).size(), "without the boot time nothing relates them");
  }

  @Test
  void bootClock_completesOnlyTheLastBootOfASource() {
    // a saved dmesg holding two boots: the boot time read now is the second one's, never the first's
    Instant boot = Instant.parse("2026-11-22T10:00:00Z");
    List<KillEvent> events = List.of(kill("dmesg", 0, 10, 5000, Duration.ofSeconds(50), null),
        kill("dmesg", 1, 20, 5000, Duration.ofSeconds(60), null));
    BootClock clock = BootClock.of(boot, null, events);
    assertEquals(null, clock.complete(events.get(0)).wall(), "an earlier boot had another boot time");
    assertEquals(boot.plusSeconds(60), clock.complete(events.get(1)).wall());
    assertEquals(null, BootClock.NONE.complete(events.get(1)).wall());
  }

  @Test
  void bootClock_journalBootIdDecides() {
    Instant boot = Instant.parse("2026-11-22T10:00:00Z");
    OomKill k = kill("journal", 0, 10, 5000, Duration.ofSeconds(50), null);
    OomKill mine = new OomKill(k.victim(), k.time().withBootId("0f1e2d3c4b5a69788796a5b4c3d2e1f0"), k.evidence(),
        k.killer(), null, k.constraint(), null, null, null, null, false, k.memory(), null, null, null, List.of(),
        null, null, false, false, false, null, Signal.SIGKILL);
    OomKill other = new OomKill(k.victim(), k.time().withBootId("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), k.evidence(),
        k.killer(), null, k.constraint(), null, null, null, null, false, k.memory(), null, null, null, List.of(),
        null, null, false, false, false, null, Signal.SIGKILL);
    // /proc/sys/kernel/random/boot_id writes the id with dashes
    BootClock clock = BootClock.of(boot, "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", List.of(mine, other));
    assertEquals(boot.plusSeconds(50), clock.complete(mine).wall());
    assertEquals(null, clock.complete(other).wall());
  }

  /**
   * systemd-coredump names the process and its crashing thread ({@code Process 2627 (crash) … Stack trace of thread
   * 2628}); the kernel names only the thread ({@code worker[2628]: segfault}): one death, of the process.
   */
  @Test
  void threadNamedByOneWitness_tiedToItsProcess() {
    Instant at = Instant.parse("2026-12-06T01:31:29Z");
    EventTime t = EventTime.ofWall(at, EventTime.Precision.SECONDS);
    LogRecord fault = new LogRecord("kern.log", 7, "worker[2628]: segfault at 0", "worker[2628]: segfault at 0",
        Format.SYSLOG, Origin.KERNEL_LOG, t, "vm", "kernel", null, -1, -1, 0, -1);
    LogRecord dumped = new LogRecord("journal", 3, "Process 2627 (crash) of user 0 dumped core.",
        "Process 2627 (crash) of user 0 dumped core.", Format.SYSLOG, Origin.USERSPACE,
        EventTime.ofWall(at.plusSeconds(1), EventTime.Precision.SECONDS), "vm", "systemd-coredump", 2640L, -1, -1,
        0, -1);
    Crash kernel = new Crash(ProcessRef.of(2628L, "worker"), t, List.of(fault), CrashType.SEGFAULT, Signal.SIGSEGV,
        null, null, null, null, null, null, null, List.of());
    Crash core = new Crash(new ProcessRef(2627L, 2628L, "crash", 0, null, null, null), dumped.time(),
        List.of(dumped), CrashType.SEGFAULT, Signal.SIGSEGV, null, null, null, null, null, null, true, List.of());
    for (List<KillEvent> events : List.of(List.<KillEvent>of(kernel, core), List.<KillEvent>of(core, kernel))) {
      List<EventGroup> groups = Correlator.correlate(events, BootClock.of(null, null, events));
      assertEquals(1, groups.size(), groups.toString());
      assertEquals(2627L, groups.get(0).victim().pid());
      assertEquals(2628L, groups.get(0).victim().tid());
      assertEquals("crash", groups.get(0).victim().comm(), "the thread's name is not the process's");
    }
    Crash later = new Crash(ProcessRef.of(2628L, "worker"), EventTime.ofWall(at.plusSeconds(3600),
        EventTime.Precision.SECONDS), List.of(fault), CrashType.SEGFAULT, Signal.SIGSEGV, null, null, null, null,
        null, null, null, List.of());
    List<KillEvent> reused = List.of(core, later);
    assertEquals(2, Correlator.correlate(reused, BootClock.of(null, null, reused)).size(),
        "an hour later the id is another task's");
  }

  /**
   * The same service manager line in the journal (exact) and in a syslog file read in another zone than the one
   * that wrote it: one line seen twice, one death; an hour later the same words are another death.
   */
  @Test
  void sameLineInJournalAndSyslogOfAnotherZone_oneWitness() {
    String text = "nginx.service: Main process exited, code=killed, status=9/KILL";
    Instant at = Instant.parse("2026-12-06T01:48:01.749428Z");
    EventTime journal = EventTime.ofWall(at, EventTime.Precision.MICROS);
    // the syslog stamp 02:48:01 (+01:00 on the machine) read as UTC, zone assumed
    EventTime syslog = new EventTime(Instant.parse("2026-12-06T02:48:01Z"), EventTime.Precision.SECONDS, false,
        true, null, null);
    EventTime later = new EventTime(Instant.parse("2026-12-06T03:48:30Z"), EventTime.Precision.SECONDS, false,
        true, null, null);
    KillEvent a = exited("journal.json", journal, text);
    KillEvent b = exited("syslog", syslog, text);
    KillEvent c = exited("syslog", later, text);
    List<KillEvent> events = List.of(a, b, c);
    List<EventGroup> groups = Correlator.correlate(events, BootClock.of(null, null, events));
    assertEquals(2, groups.size(), groups.toString());
    assertEquals(true, groups.get(0).isTwin(b));
  }

  private static SignalDelivery exited(String source, EventTime t, String text) {
    LogRecord r = new LogRecord(source, 7, text, text, Format.SYSLOG, Origin.USERSPACE, t, "web1", "systemd", 1L,
        -1, -1, 0, -1);
    return new SignalDelivery(ProcessRef.of(812L, "nginx"), t, List.of(r), Signal.SIGKILL, null, null,
        Observer.SERVICE_MANAGER, SignalDelivery.Reason.UNSPECIFIED, null, true, false);
  }

  /**
   * A service killed again and again: the service manager's word, which names the unit and no pid, joins the death
   * close to it in time, whichever of hundreds it is, and of two close ones the one the unit saw last.
   */
  @Test
  void unitDiesOften_eachWitnessJoinsItsOwnDeath() {
    java.util.ArrayList<KillEvent> events = new java.util.ArrayList<>();
    for (int k = 0; k < 300; k++) {
      events.add(unitKill(5000 + k, Duration.ofSeconds(100L * k + 100)));
      if (k == 7) {
        events.add(unitKill(9999, Duration.ofSeconds(100L * k + 101)));
      }
      events.add(unitWord(Duration.ofMillis(100_000L * k + 100_000 + (k == 7 ? 1_500 : 500))));
    }
    List<EventGroup> groups = Correlator.correlate(events, BootClock.NONE);
    assertEquals(301, groups.size());
    for (EventGroup g : groups) {
      long pid = g.victim().pid();
      assertEquals(pid == 5007 ? 1 : 2, g.events().size(), "pid " + pid);
    }
  }

  private static OomKill unitKill(long pid, Duration uptime) {
    OomKill k = kill("kern.log", 0, pid, 5000, uptime, null);
    return new OomKill(new ProcessRef(pid, null, "java", null, null, null, "app.service"), k.time(), k.evidence(),
        k.killer(), null, Constraint.NONE, null, null, null, null, false, k.memory(), null, null, null, List.of(),
        null, null, false, false, false, null, Signal.SIGKILL);
  }

  private static SignalDelivery unitWord(Duration uptime) {
    EventTime t = EventTime.ofUptime(uptime);
    LogRecord r = new LogRecord("kern.log", 20, "app.service: Failed with result 'oom-kill'.",
        "app.service: Failed with result 'oom-kill'.", Format.DMESG, Origin.KERNEL_LOG, t, null, null, null, -1, -1,
        0, -1);
    return new SignalDelivery(ProcessRef.ofUnit("app.service"), t, List.of(r), Signal.SIGKILL, null, null,
        Observer.SERVICE_MANAGER, SignalDelivery.Reason.UNSPECIFIED, null, true, false);
  }
}
