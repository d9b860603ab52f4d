package dev.whokilled.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.Analyzer;
import dev.whokilled.Cause;
import dev.whokilled.Death;
import dev.whokilled.KillForensics;
import dev.whokilled.Verdict;
import dev.whokilled.event.ContainerRef;
import dev.whokilled.event.ContainerRuntime;
import dev.whokilled.event.OomKill;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.framing.Format;
import dev.whokilled.framing.Framing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class WatchTest {

  static final Framing KMSG = Framing.of(Format.KMSG);

  /** What a watch told, in order. */
  static class Told implements Watch.Output {
    final List<Death> deaths = Collections.synchronizedList(new ArrayList<>());
    final List<Boolean> updates = Collections.synchronizedList(new ArrayList<>());
    final List<String> warnings = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void death(Death death, boolean update) {
      deaths.add(death);
      updates.add(update);
    }

    @Override
    public void warning(String warning) {
      warnings.add(warning);
    }

    List<Long> pids() {
      synchronized (deaths) {
        return deaths.stream().map(d -> d.victim().pid()).toList();
      }
    }
  }

  /** Lines of one source, handed over in bursts with pauses between, then the end. */
  static class Bursts implements Watch.Feed {
    private final String source;
    private final Framing framing;
    private final List<List<String>> bursts;
    private final Duration pause;

    Bursts(String source, Framing framing, Duration pause, List<List<String>> bursts) {
      this.source = source;
      this.framing = framing;
      this.pause = pause;
      this.bursts = bursts;
    }

    @Override
    public void start(Watch.Inbox inbox) {
      Thread t = new Thread(() -> {
        try {
          for (List<String> burst : bursts) {
            for (String line : burst) {
              inbox.line(source, framing, line);
            }
            Thread.sleep(pause.toMillis());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          inbox.ended(source);
        }
      });
      t.setDaemon(true);
      t.start();
    }

    @Override
    public void stop() {}
  }

  /** The records of {@link Warmup}: a memory cgroup OOM report, then five faults, from this VM's /dev/kmsg. */
  static List<String> fixture() {
    List<String> records = Warmup.records();
    assertEquals(86, records.size(), "the resource " + Warmup.RECORDS);
    return records;
  }

  private static Analyzer analyzer() {
    return KillForensics.builder().build();
  }

  private static Watch.Settings fast() {
    return new Watch.Settings(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMinutes(10),
        Duration.ofMinutes(1), 1000);
  }

  @Test
  void oomReportThenFaults_eachToldOnceInTimeOrder() throws Exception {
    List<String> lines = fixture();
    Told told = new Told();

    int n = new Watch(analyzer(), told, fast()).run(List.of(new Bursts("kmsg", KMSG, Duration.ofMillis(120),
        List.of(lines.subList(0, 79), lines.subList(79, 82), lines.subList(82, 86)))));

    assertEquals(List.of(22462L, 22502L, 22506L, 22510L, 22513L, 22516L), told.pids());
    assertEquals(6, n);
    assertEquals(Cause.CGROUP_OOM, told.deaths.get(0).cause());
    OomKill kill = (OomKill) told.deaths.get(0).events().get(0);
    assertEquals(List.of(22462L), kill.candidates().stream().map(c -> c.pid()).toList(), "its task table too");
    assertEquals(64L << 20, kill.cgroupMemory().limit(), "and its memory cgroup's limit");
    assertEquals(List.of(false, false, false, false, false, false), told.updates);
    assertEquals(List.of(), told.warnings);
  }

  @Test
  void oomReportPausedBeforeItsChoice_toldOnceTheVictimIsNamed() throws Exception {
    List<String> lines = fixture();
    Told told = new Told();
    Watch watch = new Watch(analyzer(), told, new Watch.Settings(Duration.ofMillis(100), Duration.ofSeconds(5),
        Duration.ofMinutes(10), Duration.ofMinutes(1), 1000));
    // the report up to its task table, a pause longer than the watch waits, then the choice and the kill
    CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> watch.run(List.of(new Bursts("kmsg", KMSG,
        Duration.ofMillis(400), List.of(lines.subList(0, 77), lines.subList(77, 79))))));

    Thread.sleep(300);
    assertEquals(List.of(), told.pids(), "a report that names no victim yet is no death");
    assertEquals(1, run.get(10, TimeUnit.SECONDS));
    assertEquals(List.of(22462L), told.pids());
    assertEquals(Cause.CGROUP_OOM, told.deaths.get(0).cause());
  }

  @Test
  void sameReportFromASecondSource_joinsTheDeathToldNotToldAgain() throws Exception {
    List<String> dmesg = Files.readAllLines(TestSupport.corpus());
    Told told = new Told();

    int n = new Watch(analyzer(), told, fast()).run(List.of(
        new Bursts("dmesg", Framing.auto(), Duration.ofMillis(100), List.of(dmesg)),
        new Bursts("kern.log", Framing.auto(), Duration.ofMillis(100), List.of(List.of(), dmesg))));

    assertEquals(List.of(1742L, 2760L, 2862L), told.pids());
    assertEquals(3, n);
  }

  @Test
  void stop_analysesWhatWasReadAndReturns() throws Exception {
    List<String> lines = fixture();
    Told told = new Told();
    Watch watch = new Watch(analyzer(), told, new Watch.Settings(Duration.ofSeconds(30), Duration.ofSeconds(30),
        Duration.ofMinutes(10), Duration.ofMinutes(1), 1000));
    Watch.Feed never = new Watch.Feed() {
      @Override
      public void start(Watch.Inbox inbox) {
        try {
          for (String line : lines.subList(79, 81)) {
            inbox.line("kmsg", KMSG, line);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }

      @Override
      public void stop() {}
    };
    CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> watch.run(List.of(never)));
    Thread.sleep(200);
    assertEquals(List.of(), told.pids(), "lines wait for a pause of 30 s");

    watch.stop();

    assertEquals(2, run.get(10, TimeUnit.SECONDS));
    assertEquals(List.of(22502L, 22506L), told.pids());
  }

  @Test
  void outputClosed_watchStopsAfterTheDeathsItCouldNotTell() throws Exception {
    List<String> lines = fixture();
    Told told = new Told() {
      @Override
      public boolean closed() {
        return !deaths.isEmpty(); // as a pipe into 'head -1'
      }
    };
    Watch.Feed endless = new Watch.Feed() {
      @Override
      public void start(Watch.Inbox inbox) {
        try {
          inbox.line("kmsg", KMSG, lines.get(80));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }

      @Override
      public void stop() {}
    };

    int n = CompletableFuture.supplyAsync(() -> new Watch(analyzer(), told, fast()).run(List.of(endless)))
        .get(10, TimeUnit.SECONDS);

    assertEquals(1, n);
  }

  @Test
  void daysOfDeaths_memoryBounded() throws Exception {
    Told told = new Told();
    Watch.Settings settings = new Watch.Settings(Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofMillis(100),
        Duration.ofMillis(20), 1000);
    Watch watch = new Watch(analyzer(), told, settings);
    List<List<String>> bursts = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      // one segfault a "second" of kernel time, as a crash loop writes them
      // a crash loop: one segfault every 3 ms of the kernel's time, as the feed hands them over
      bursts.add(List.of(String.format(Locale.ROOT, "6,%d,%d,-;app[%d]: segfault at 0 ip 0000000000401000 sp "
          + "00007ffd98cc8aa0 error 6 in app[1000,400000+1000]", i, 1_000_000L + i * 3_000L, 1000 + i)));
    }
    int n = watch.run(List.of(new Bursts("kmsg", KMSG, Duration.ofMillis(3), bursts)));

    assertEquals(300, n, "every death told");
    assertEquals(300, told.deaths.size(), "and told once");
    Watch.Held held = watch.held();
    assertTrue(held.deaths() < 150, "deaths remembered: " + held.deaths());
    assertTrue(held.events() < 100, "events kept: " + held.events());
  }

  @Test
  void changed_causeKillerOrContainerNewlyKnown() {
    Death oom = TestSupport.oomDeath();
    Verdict v = oom.verdict();
    Death signal = new Death(oom.victim(), oom.time(), 0, oom.events(), List.of(new Verdict(Cause.SIGNAL, 0.9,
        null, null, "s", "w", v.evidence(), List.of())));
    Death byBash = new Death(oom.victim(), oom.time(), 0, oom.events(), List.of(new Verdict(Cause.SIGNAL, 0.9,
        ProcessRef.of(1350L, "bash"), null, "s", "w", v.evidence(), List.of())));
    ProcessRef v0 = oom.victim();
    ProcessRef inContainer = new ProcessRef(v0.pid(), v0.tid(), v0.comm(), v0.uid(), v0.cgroup(),
        new ContainerRef(ContainerRuntime.DOCKER, "3f2a", null, null, null, null, null), v0.unit());
    Death contained = new Death(inContainer, oom.time(), 0, oom.events(), oom.verdicts());
    Death surer = new Death(oom.victim(), oom.time(), 0, oom.events(), List.of(new Verdict(v.cause(), 0.99,
        v.killer(), v.signal(), "another summary", v.why(), v.evidence(), v.advice())));

    assertTrue(Watch.changed(oom, signal), "another cause");
    assertTrue(Watch.changed(signal, byBash), "a killer named");
    assertTrue(Watch.changed(oom, contained), "a container known");
    assertFalse(Watch.changed(oom, surer), "only surer, or said otherwise");
    assertFalse(Watch.changed(contained, oom), "a container no longer named is no news");
  }
}
