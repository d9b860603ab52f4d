package dev.whokilled.parsers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.Death;
import dev.whokilled.KillForensics;
import dev.whokilled.Report;
import dev.whokilled.Session;
import dev.whokilled.framing.Framing;
import dev.whokilled.framing.LogRecord;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * One death seen by several witnesses at once: each {@code corpus/witnesses/NAME/} holds the files of one
 * scenario (each read as its own stream, named by its file name, in name order, with year 2026 and UTC for
 * stamps that lack them) and an {@code expected} file in the form of {@link DeathCorpusTest}. Whatever the mix of
 * files, no verdict cites the same line twice: a line seen in two files is one piece of evidence.
 * {@code corpus/witnesses/README.md} says how each scenario's files were made.
 */
final class WitnessScenarioTest {

  @TestFactory
  Stream<DynamicTest> scenarios_oneDeathPerVictim() throws IOException, URISyntaxException {
    Path root = Path.of(Objects.requireNonNull(getClass().getResource("/corpus/witnesses")).toURI());
    List<Path> dirs;
    try (Stream<Path> s = Files.list(root)) {
      dirs = s.filter(Files::isDirectory).sorted().toList();
    }
    assertTrue(dirs.size() >= 2, "scenarios: " + dirs);
    return dirs.stream().map(d -> DynamicTest.dynamicTest(d.getFileName().toString(), () -> check(d)));
  }

  /** Reads every file of a scenario but its {@code expected} and README, in name order. */
  static Report analyze(Path dir) throws IOException {
    Session session = KillForensics.builder()
        .framing(Framing.auto().withYear(2026).withZone(ZoneOffset.UTC)).build().newSession();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(f -> !f.getFileName().toString().equals("expected")
          && !f.getFileName().toString().startsWith("README")).sorted().toList();
    }
    for (Path f : files) {
      session.read(f);
    }
    return session.report();
  }

  private static void check(Path dir) throws IOException {
    Report report = analyze(dir);
    List<Map<String, String>> expected = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("expected"))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        expected.add(DeathCorpusTest.fields(line));
      }
    }
    List<Death> deaths = report.deaths();
    String name = dir.getFileName().toString();
    assertEquals(expected.size(), deaths.size(), () -> name + ": " + DeathCorpusTest.describe(deaths));
    for (int i = 0; i < deaths.size(); i++) {
      Death d = deaths.get(i);
      for (Map.Entry<String, String> f : expected.get(i).entrySet()) {
        String where = name + " death " + (i + 1) + " " + f.getKey() + DeathCorpusTest.describe(List.of(d));
        if (f.getKey().equals("min_confidence")) {
          assertTrue(d.verdict().confidence() >= Double.parseDouble(f.getValue()), where);
        } else {
          assertEquals(f.getValue(), DeathCorpusTest.field(d, f.getKey()), where);
        }
      }
      Set<String> lines = new HashSet<>();
      for (LogRecord r : d.verdict().evidence()) {
        assertTrue(lines.add(r.message()), name + ": the line is cited twice: " + r.message());
      }
    }
  }
}
