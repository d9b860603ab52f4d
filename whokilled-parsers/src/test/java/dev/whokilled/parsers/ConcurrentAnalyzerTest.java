package dev.whokilled.parsers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.Analyzer;
import dev.whokilled.KillForensics;
import dev.whokilled.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One configured analyzer shared by many threads gives each the report it gives one thread alone: the corpus,
 * every file three times in a shuffled order, on a pool of eight threads at once.
 */
final class ConcurrentAnalyzerTest {

  @Test
  void sharedAnalyzer_manyThreads_sameReportsAsAlone() throws Exception {
    Path root = Path.of(Objects.requireNonNull(ConcurrentAnalyzerTest.class.getResource("/corpus")).toURI());
    List<Path> logs;
    try (Stream<Path> s = Files.walk(root)) {
      logs = s.filter(p -> p.toString().endsWith(".log")).sorted().toList();
    }
    assertTrue(logs.size() > 100, "corpus logs: " + logs.size());
    Analyzer analyzer = KillForensics.builder().build();
    Map<Path, Report> alone = new LinkedHashMap<>();
    for (Path log : logs) {
      alone.put(log, analyzer.analyze(log));
    }

    List<Path> work = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      work.addAll(logs);
    }
    Collections.shuffle(work, new Random(8));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Report>> reports = new ArrayList<>();
      for (Path log : work) {
        reports.add(pool.submit(() -> analyzer.analyze(log)));
      }
      for (int i = 0; i < work.size(); i++) {
        Path log = work.get(i);
        assertEquals(alone.get(log), reports.get(i).get(60, TimeUnit.SECONDS), () -> root.relativize(log).toString());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
