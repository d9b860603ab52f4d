package dev.whokilled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.whokilled.event.ContainerRef;
import dev.whokilled.event.ContainerRuntime;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.Observer;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.event.SignalDelivery;
import dev.whokilled.framing.LogRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

final class ReportQueryTest {

  static final Instant T0 = Instant.parse("2026-12-06T01:48:01Z");

  static Death death(long pid, String comm, @Nullable Instant wall, @Nullable ContainerRef c) {
    EventTime t = wall == null ? EventTime.ofUptime(Duration.ofSeconds(438))
        : EventTime.ofWall(wall, EventTime.Precision.SECONDS);
    ProcessRef victim = new ProcessRef(pid, null, comm, null, null, c, null);
    SignalDelivery s = new SignalDelivery(victim, t, List.of(LogRecord.plain("s", 1, "+++ killed by SIGKILL +++")),
        Signal.SIGKILL, null, null, Observer.STRACE, SignalDelivery.Reason.UNSPECIFIED, null, true, false);
    Verdict v = new Verdict(Cause.UNKNOWN, 0.6, null, Signal.SIGKILL, "x", "y", s.evidence(), List.of());
    return new Death(victim, t, 0, List.of(s), List.of(v));
  }

  static final ContainerRef WEB = new ContainerRef(ContainerRuntime.DOCKER,
      "3f2a9b7c1d0e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a", "web", "web-5d8", null, null, null);

  final Report report = new Report(List.of(
      death(477, "sleep", T0, null),
      death(477, "sleep", T0.plusSeconds(7200), null),
      death(812, "java", T0.plusSeconds(60), WEB),
      death(9, "Java", null, null)), List.of(), List.of(), 0, 10);

  @Test
  void find_eachCriterionAndTogether() {
    assertEquals(2, report.find(DeathQuery.ALL.withPid(477)).size());
    assertEquals(2, report.find(DeathQuery.ALL.withName("JAVA")).size(), "names compare without case");
    assertEquals(1, report.find(DeathQuery.ALL.withContainer("3f2a9b7c1d0e")).size(), "docker ps's short id");
    assertEquals(1, report.find(DeathQuery.ALL.withContainer("web")).size());
    assertEquals(1, report.find(DeathQuery.ALL.withContainer("web-5d8")).size(), "the pod");
    assertEquals(0, report.find(DeathQuery.ALL.withContainer("3f2")).size(), "too short a prefix to mean an id");
    assertEquals(List.of(report.deaths().get(0), report.deaths().get(2)),
        report.findBetween(T0, T0.plusSeconds(60)), "bounds inclusive; a death with no wall time never matches");
    assertEquals(List.of(report.deaths().get(1)),
        report.find(DeathQuery.ALL.withPid(477).withSince(T0.plusSeconds(1))));
    assertEquals(4, report.find(DeathQuery.ALL).size());
    assertEquals(1, report.only(DeathQuery.ALL.withName("sleep").withUntil(T0)).deaths().size());
  }

  @Test
  void expectOne_namesTheQuery() {
    assertEquals(812L, report.expectOne(DeathQuery.ALL.withContainer("web")).victim().pid());
    assertEquals("2 deaths of pid 477",
        assertThrows(IllegalStateException.class, () -> report.expectOne(DeathQuery.ALL.withPid(477))).getMessage());
    assertEquals("no death of name bash, since 2026-12-06T01:48:01Z", assertThrows(IllegalStateException.class,
        () -> report.expectOne(DeathQuery.ALL.withName("bash").withSince(T0))).getMessage());
  }

  @Test
  void query_callerMistakes() {
    assertEquals("since must not be after until: 2026-12-06T01:48:02Z > 2026-12-06T01:48:01Z",
        assertThrows(IllegalArgumentException.class,
            () -> DeathQuery.ALL.withUntil(T0).withSince(T0.plusSeconds(1))).getMessage());
    assertEquals("name must not be empty",
        assertThrows(IllegalArgumentException.class, () -> DeathQuery.ALL.withName("")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> report.find(null));
  }
}
