package dev.whokilled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.whokilled.event.Crash;
import dev.whokilled.event.CrashType;
import dev.whokilled.event.KillEvent;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.framing.Format;
import dev.whokilled.framing.Framing;
import dev.whokilled.spi.KillParser;
import dev.whokilled.spi.KillParserProvider;
import dev.whokilled.spi.ParserContext;
import dev.whokilled.spi.ParserFamily;
import java.time.Duration;
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
}
