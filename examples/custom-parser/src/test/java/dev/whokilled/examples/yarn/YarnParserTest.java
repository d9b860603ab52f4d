package dev.whokilled.examples.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.Cause;
import dev.whokilled.Death;
import dev.whokilled.KillForensics;
import dev.whokilled.Parsers;
import dev.whokilled.Report;
import dev.whokilled.event.KillEvent;
import dev.whokilled.framing.Framing;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.spi.EventSink;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** The example parser on the real YARN and Spark texts under {@code src/test/resources/yarn}. */
final class YarnParserTest {

  static Report analyze(String name) throws Exception {
    return KillForensics.builder().parsers(Parsers.of(new YarnProvider()))
        .framing(Framing.auto().withZone(ZoneOffset.UTC)).build().analyze(resource(name));
  }

  static Path resource(String name) throws URISyntaxException {
    return Path.of(Objects.requireNonNull(YarnParserTest.class.getResource("/yarn/" + name)).toURI());
  }

  @Test
  void hadoop2NodeManager_everyProcessOfTheContainer() throws Exception {
    List<Death> deaths = analyze("nodemanager-hadoop2-2014.log").deaths();
    assertEquals(2, deaths.size(), deaths.toString());
    Death root = deaths.get(0);
    assertEquals(2477L, root.victim().pid());
    assertEquals("container_1401362984347_0002_01_000001", root.victim().container().id());
    assertEquals(Cause.CONTAINER_OOM, root.cause());
    assertEquals(Instant.parse("2014-05-29T12:01:53.776Z"), root.time().wall());
    assertEquals(2483L, deaths.get(1).victim().pid());
    assertEquals("java", deaths.get(1).victim().comm());
    assertTrue(root.verdict().summary().contains("the YARN NodeManager"), root.verdict().summary());
  }

  @Test
  void hadoop3Diagnostics_theirOwnTime_andTheDump() throws Exception {
    List<Death> deaths = analyze("azkaban-mapreduce-hadoop3-2020.log").deaths();
    assertEquals(List.of("1169 java", "925 bash"), deaths.stream()
        .map(d -> d.victim().pid() + " " + d.victim().comm()).sorted().toList());
    assertEquals(Instant.parse("2020-07-17T00:11:08.730Z"), deaths.get(0).time().wall(),
        "the diagnostics' stamp, not the relay's");
    List<Death> flink = analyze("flink-resourcemanager-hadoop3-2019.log").deaths();
    assertEquals(List.of("97191 bash", "97215 java"), flink.stream()
        .map(d -> d.victim().pid() + " " + d.victim().comm()).sorted().toList());
    assertTrue(flink.get(0).events().get(0) instanceof dev.whokilled.event.ContainerKill k
        && k.detail().equals("running beyond its physical memory limit: 6.2 GB of 6 GB physical memory used; "
            + "9.8 GB of 60 GB virtual memory used"), flink.get(0).events().toString());
  }

  @Test
  void sparkDriver_theExecutorsNamed() throws Exception {
    List<Death> deaths = analyze("spark-driver-2.x.log").deaths();
    assertEquals(List.of("executor 2 of Spark on test01.server.com", "executor 35"), deaths.stream()
        .map(d -> d.victim().container().name()).toList(), "the third line names no executor");
    assertEquals(Cause.CONTAINER_OOM, deaths.get(0).cause());
  }

  @Test
  void spark3Text_asYarnAllocatorWritesIt() {
    // Spark 3's YarnAllocator: "Container killed by YARN for exceeding physical memory limits. " + "$diag
    // Consider boosting ${EXECUTOR_MEMORY_OVERHEAD.key}." behind the scheduler's "Lost executor N on host: "
    Report r = KillForensics.builder().parsers(Parsers.of(new YarnProvider())).build().analyze(List.of(
        "24/01/01 10:00:00 ERROR YarnScheduler: Lost executor 7 on node-3: Container killed by YARN for exceeding "
            + "physical memory limits. 5.5 GB of 5.5 GB physical memory used. Consider boosting "
            + "spark.executor.memoryOverhead."));
    assertEquals(1, r.deaths().size());
    assertEquals("executor 7 of Spark on node-3", r.deaths().get(0).victim().container().name());
  }

  /**
   * The provider names the lines that start a kill, so installing it leaves other lines skippable; the dump after a
   * NodeManager's kill holds none of them and is read because the parser allows no skipping while a kill waits.
   */
  @Test
  void prefilter_sameDeathsAsWithout_theDumpReadWhileAKillWaits() throws Exception {
    assertFalse(new YarnProvider().prefilter().wantsEveryRecord());
    for (String name : List.of("nodemanager-hadoop2-2014.log", "azkaban-mapreduce-hadoop3-2020.log",
        "flink-resourcemanager-hadoop3-2019.log", "spark-driver-2.x.log")) {
      List<String> with = deaths(analyze(name));
      Report without = KillForensics.builder().parsers(Parsers.of(new YarnProvider())).prefilter(false)
          .framing(Framing.auto().withZone(ZoneOffset.UTC)).build().analyze(resource(name));
      assertEquals(deaths(without), with, name);
    }
    YarnParser p = new YarnParser(ZoneOffset.UTC);
    List<KillEvent> events = new ArrayList<>();
    EventSink sink = new EventSink() {
      @Override
      public void event(KillEvent event) {
        events.add(event);
      }

      @Override
      public void problem(LogRecord at, String message) {}

      @Override
      public void warning(LogRecord at, String message) {}
    };
    assertEquals(Long.MAX_VALUE, p.patience());
    p.accept(LogRecord.plain("nm.log", 1, "2014-05-29 12:01:53,776 WARN ContainersMonitorImpl: Container [pid=2477,"
        + "containerID=container_1401362984347_0002_01_000001] is running beyond physical memory limits. Current"
        + " usage: 1.0 GB of 1 GB physical memory used; 1.7 GB of 5 GB virtual memory used. Killing container."),
        sink);
    assertEquals(0, p.patience(), "the dump may follow");
    p.accept(LogRecord.plain("nm.log", 2, "2014-05-29 12:01:53,780 INFO ContainerImpl: Container"
        + " container_1401362984347_0002_01_000001 transitioned from RUNNING to KILLING"), sink);
    assertEquals(Long.MAX_VALUE, p.patience(), "no dump came");
    assertEquals(1, events.size());
  }

  private static List<String> deaths(Report r) {
    return r.deaths().stream().map(d -> d.victim() + " " + d.time() + " " + d.cause()).toList();
  }
}
