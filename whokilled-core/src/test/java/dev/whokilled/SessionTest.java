package dev.whokilled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.event.Crash;
import dev.whokilled.event.CrashType;
import dev.whokilled.event.KillEvent;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.event.Suspect;
import dev.whokilled.framing.Format;
import dev.whokilled.framing.Framing;
import dev.whokilled.spi.KillParser;
import dev.whokilled.spi.KillParserProvider;
import dev.whokilled.spi.ParserContext;
import dev.whokilled.spi.ParserFamily;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class SessionTest {

  /** A parser that takes every {@code crash PID} message for a segfault of that pid, at the record's time. */
  private static final KillParserProvider CRASHES = new KillParserProvider() {
    @Override
    public String id() {
      return "test-crashes";
    }

    @Override
    public ParserFamily family() {
      return ParserFamily.CRASH;
    }

    @Override
    public Set<KillEvent.Kind> produces() {
      return Set.of(KillEvent.Kind.CRASH);
    }

    @Override
    public KillParser create(ParserContext context) {
      return (record, sink) -> {
        if (record.message().startsWith("crash ")) {
          long pid = Long.parseLong(record.message().substring("crash ".length()));
          sink.event(new Crash(ProcessRef.of(pid, "app"), record.time(), List.of(record), CrashType.SEGFAULT,
              Signal.SIGSEGV, null, null, null, null, null, null, null, List.of()));
        }
      };
    }
  };

  /** A parser that takes every {@code job} message for a cron job that names no target, at the record's time. */
  private static final KillParserProvider JOBS = new KillParserProvider() {
    @Override
    public String id() {
      return "test-jobs";
    }

    @Override
    public ParserFamily family() {
      return ParserFamily.SUSPECTS;
    }

    @Override
    public Set<KillEvent.Kind> produces() {
      return Set.of(KillEvent.Kind.SUSPECT);
    }

    @Override
    public KillParser create(ParserContext context) {
      return (record, sink) -> {
        if (record.message().equals("job")) {
          sink.event(new Suspect(ProcessRef.UNKNOWN, record.time(), null, List.of(record),
              Suspect.Type.SCHEDULED_JOB, null, "root", null, "/usr/local/bin/job", null));
        }
      };
    }
  };

  private static Session session() {
    return KillForensics.builder().parsers(Parsers.of(CRASHES)).framing(Framing.of(Format.DMESG)).build()
        .newSession();
  }

  private static List<Long> pids(Report report) {
    return report.deaths().stream().map(d -> d.victim().pid()).toList();
  }

  @Test
  void forget_laterReportsHoldNeitherTheEventsNorTheirDeaths() {
    Session session = session();
    Session.Source kmsg = session.source("dmesg");
    kmsg.accept("[  100.000000] crash 10");
    kmsg.accept("[  700.000000] crash 20");
    kmsg.accept("[  800.000000] crash 30");
    assertEquals(List.of(10L, 20L, 30L), pids(session.report()));

    // the Javadoc's example, as written there
    Duration keepFrom = Duration.ofSeconds(600);
    int forgotten = session.forget(e -> e.time().uptime() != null && e.time().uptime().compareTo(keepFrom) < 0);

    assertEquals(1, forgotten);
    assertEquals(List.of(20L, 30L), pids(session.report()));
    kmsg.accept("[  900.000000] crash 40");
    assertEquals(List.of(20L, 30L, 40L), pids(session.report()), "reading goes on after forgetting");
    assertEquals(4, session.report().linesRead(), "lines read stay counted");
  }

  private static String crash(long seconds, long pid) {
    return String.format(java.util.Locale.ROOT, "[%5d.000000] crash %d", seconds, pid);
  }

  /**
   * Forgetting while deaths are handed out: the deaths handed out before are no longer asked of the report, the
   * session goes on handing out those read after, and the report holds what a session that handed nothing out would.
   */
  @Test
  void forget_whileHandingOut_restIntactAndHandingOutGoesOn() {
    List<Death> out = new ArrayList<>();
    Session session = session().settleInto(Duration.ZERO, out::add);
    Session whole = session();
    List<String> first = new ArrayList<>();
    List<String> then = new ArrayList<>();
    for (int k = 0; k < 100; k++) {
      first.add(crash(100 + k, 1000 + k));
      then.add(crash(300 + k, 2000 + k));
    }
    first.forEach(session.source("dmesg")::accept);
    first.forEach(whole.source("dmesg")::accept);
    int handedBefore = out.size();
    assertTrue(handedBefore > 0, "handed out " + handedBefore);
    Duration keepFrom = Duration.ofSeconds(150);
    java.util.function.Predicate<KillEvent> old = e -> e.time().uptime().compareTo(keepFrom) < 0;

    assertEquals(50, session.forget(old));
    whole.forget(old);
    then.forEach(session.source("dmesg")::accept);
    then.forEach(whole.source("dmesg")::accept);
    Report rest = session.report();

    assertTrue(out.size() > handedBefore + 50, "handed out after forgetting: " + (out.size() - handedBefore));
    assertTrue(session.settledIntact());
    List<Long> got = new ArrayList<>();
    out.stream().map(d -> d.victim().pid()).filter(pid -> pid >= 1050).forEach(got::add);
    got.addAll(pids(rest));
    assertEquals(pids(whole.report()), got);
  }

  /** A death handed out of which one event is forgotten and one kept is no longer the death handed out. */
  @Test
  void forget_partOfADeathHandedOut_notIntact() {
    List<Death> out = new ArrayList<>();
    Session session = session().settleInto(Duration.ZERO, out::add);
    Session.Source kmsg = session.source("dmesg");
    kmsg.accept(crash(100, 7));
    kmsg.accept(crash(100, 7));
    for (int k = 0; k < 100; k++) {
      kmsg.accept(crash(200 + k, 1000 + k));
    }
    assertEquals(7L, out.get(0).victim().pid());
    assertEquals(2, out.get(0).events().size(), "the two lines of pid 7: one death");

    session.forget(e -> e.evidence().get(0).line() == 1);
    session.report();

    assertFalse(session.settledIntact());
  }

  @Test
  void forget_nothingMatches_nothingForgotten() {
    Session session = session();
    session.source("dmesg").accept("[    1.000000] crash 10");

    assertEquals(0, session.forget(e -> false));
    assertEquals(List.of(10L), pids(session.report()));
  }

  @Test
  void forget_null_throws() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> session().forget(null));

    assertEquals("which must not be null", e.getMessage());
  }

  /**
   * A long stream of deaths handed out: those far enough behind its latest line are let go altogether, so the
   * session holds the last hour's only, whatever the length; what it hands out and the rest are the whole report.
   */
  @Test
  void settle_longStream_oldDeathsLetGo_heldBounded_sameAsWhole() {
    List<Death> out = new ArrayList<>();
    Session session = session().settleInto(Duration.ZERO, out::add);
    Session whole = session();
    int most = 0;
    for (int k = 0; k < 5000; k++) {
      String line = crash(100 + 10L * k, 1000 + k); // a death every 10 s, 14 hours in all
      session.source("dmesg").accept(line);
      whole.source("dmesg").accept(line);
      most = Math.max(most, session.eventsHeld());
    }
    Report rest = session.report();

    assertTrue(session.settledIntact());
    // an hour of deaths is 360; the tries to hand out come at doubling counts, from 64
    assertTrue(most < 600, "held at most " + most);
    List<Long> got = new ArrayList<>();
    out.forEach(d -> got.add(d.victim().pid()));
    got.addAll(pids(rest));
    assertEquals(pids(whole.report()), got);
    assertEquals(whole.report().deaths().get(4999), rest.deaths().get(rest.deaths().size() - 1));
  }

  /** A line read late whose time lies among deaths let go altogether: it may join one, so they are not intact. */
  @Test
  void settle_lateLineAmongDeathsLetGo_notIntact() {
    List<Death> out = new ArrayList<>();
    Session session = session().settleInto(Duration.ZERO, out::add);
    Session.Source kmsg = session.source("dmesg");
    for (int k = 0; k < 2000; k++) {
      kmsg.accept(crash(100 + 10L * k, 1000 + k));
    }
    kmsg.accept(crash(505, 1040)); // pid 1040 died at 500 s: the same death, seen again
    session.report();

    assertFalse(session.settledIntact());
  }

  /** A line with no clock at all after deaths were let go could belong with any of them: not intact. */
  @Test
  void settle_lineWithoutClockAfterDeathsLetGo_notIntact() {
    List<Death> out = new ArrayList<>();
    Session session = KillForensics.builder().parsers(Parsers.of(CRASHES)).build().newSession()
        .settleInto(Duration.ZERO, out::add);
    Session.Source log = session.source("mixed");
    for (int k = 0; k < 2000; k++) {
      log.accept(crash(100 + 10L * k, 1000 + k));
    }
    assertTrue(out.size() > 1000, "handed out " + out.size());
    log.accept("crash 99999"); // a death of its own, or one with an earlier line: no clock tells
    session.report();

    assertFalse(session.settledIntact());
  }

  /**
   * Suspects that fit no death (a cron job every ten seconds) are let go too once far enough behind: the session
   * holds the last hour's events, not the stream's.
   */
  @Test
  void settle_longStreamOfLooseSuspects_letGo_heldBounded() {
    List<Death> out = new ArrayList<>();
    Parsers both = Parsers.of(CRASHES, JOBS);
    Session session = KillForensics.builder().parsers(both).framing(Framing.of(Format.DMESG)).build().newSession()
        .settleInto(Duration.ZERO, out::add);
    Session whole = KillForensics.builder().parsers(both).framing(Framing.of(Format.DMESG)).build().newSession();
    int most = 0;
    for (int k = 0; k < 5000; k++) {
      String line = k % 10 == 0 ? crash(100 + 10L * k, 1000 + k)
          : String.format(java.util.Locale.ROOT, "[%5d.000000] job", 100 + 10L * k);
      session.source("dmesg").accept(line);
      whole.source("dmesg").accept(line);
      most = Math.max(most, session.eventsHeld());
    }
    Report rest = session.report();

    assertTrue(session.settledIntact());
    assertTrue(most < 800, "held at most " + most);
    List<Long> got = new ArrayList<>();
    out.forEach(d -> got.add(d.victim().pid()));
    got.addAll(pids(rest));
    assertEquals(pids(whole.report()), got);
    assertEquals(500, got.size());
  }
}
