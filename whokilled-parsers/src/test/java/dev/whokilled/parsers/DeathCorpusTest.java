package dev.whokilled.parsers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.Death;
import dev.whokilled.KillForensics;
import dev.whokilled.Report;
import dev.whokilled.Verdict;
import dev.whokilled.event.ContainerRef;
import dev.whokilled.event.KillEvent;
import dev.whokilled.event.ProcessRef;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Real logs of every death but the kernel OOM killer's (those have their own finer test): each
 * {@code corpus/<family>/NAME.log} is analysed whole with the built-in parsers, and its deaths, in report order,
 * must match {@code NAME.expected}, one line per death of {@code key=value} pairs (values may hold spaces up to
 * the next {@code key=}). Keys: {@code cause}, {@code victim.pid}, {@code victim.comm}, {@code victim.uid},
 * {@code victim.unit}, {@code killer.pid}, {@code killer.comm}, {@code killer.uid}, {@code signal},
 * {@code container.runtime}, {@code container.id}, {@code container.name}, {@code container.pod},
 * {@code container.pod_uid}, {@code container.namespace}, {@code container.qos},
 * {@code kinds} (the death's event kinds, sorted and joined with {@code +}), {@code events} (how many),
 * {@code min_confidence}, {@code time} (the wall-clock time), {@code sources} (the streams its events came from,
 * sorted and joined with {@code +}). A value {@code null} means absent. Each log says where it came from in its first lines.
 */
final class DeathCorpusTest {

  @TestFactory
  Stream<DynamicNode> corpus_everyDeathAsExpected() throws IOException, URISyntaxException {
    Path root = Path.of(Objects.requireNonNull(DeathCorpusTest.class.getResource("/corpus")).toURI());
    List<Path> dirs;
    try (Stream<Path> s = Files.list(root)) {
      dirs = s.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().equals("oom") && !d.getFileName().toString().equals("witnesses")).sorted()
          .toList();
    }
    List<DynamicNode> nodes = new ArrayList<>();
    for (Path dir : dirs) {
      List<Path> logs;
      try (Stream<Path> s = Files.list(dir)) {
        logs = s.filter(p -> p.toString().endsWith(".log")).sorted().toList();
      }
      assertTrue(!logs.isEmpty(), "no logs in corpus/" + dir.getFileName());
      nodes.add(DynamicContainer.dynamicContainer(dir.getFileName().toString(),
          logs.stream().map(l -> DynamicTest.dynamicTest(l.getFileName().toString(), () -> check(l)))));
    }
    assertTrue(dirs.size() >= 7, "corpus directories: " + dirs);
    return nodes.stream();
  }

  static void check(Path log) throws IOException {
    Path expectedFile = Path.of(log.toString().replaceAll("\\.log$", ".expected"));
    assertTrue(Files.exists(expectedFile), "no " + expectedFile.getFileName());
    List<Map<String, String>> expected = new ArrayList<>();
    for (String line : Files.readAllLines(expectedFile)) {
      if (!line.isBlank() && !line.startsWith("#")) {
        expected.add(fields(line));
      }
    }
    Report report = KillForensics.analyze(log);
    List<Death> deaths = report.deaths();
    String name = log.getFileName().toString();
    assertEquals(expected.size(), deaths.size(), () -> name + ": deaths " + describe(deaths));
    for (int i = 0; i < deaths.size(); i++) {
      Death d = deaths.get(i);
      for (Map.Entry<String, String> f : expected.get(i).entrySet()) {
        String where = name + " death " + (i + 1) + " " + f.getKey() + " (" + describe(List.of(d)) + ")";
        if (f.getKey().equals("min_confidence")) {
          assertTrue(d.verdicts().get(0).confidence() >= Double.parseDouble(f.getValue()), where);
        } else {
          assertEquals(f.getValue(), field(d, f.getKey()), where);
        }
      }
    }
  }

  static String field(Death d, String key) {
    Verdict v = d.verdicts().get(0);
    ProcessRef killer = v.killer();
    Object value = switch (key) {
      case "cause" -> v.cause().jsonName();
      case "victim.pid" -> d.victim().pid();
      case "victim.comm" -> d.victim().comm();
      case "victim.uid" -> d.victim().uid();
      case "victim.unit" -> d.victim().unit();
      case "killer.pid" -> killer == null ? null : killer.pid();
      case "killer.comm" -> killer == null ? null : killer.comm();
      case "killer.uid" -> killer == null ? null : killer.uid();
      case "container.runtime" -> container(d) == null || container(d).runtime() == null ? null
          : container(d).runtime().jsonName();
      case "container.id" -> container(d) == null ? null : container(d).id();
      case "container.name" -> container(d) == null ? null : container(d).name();
      case "container.pod" -> container(d) == null ? null : container(d).pod();
      case "container.pod_uid" -> container(d) == null ? null : container(d).podUid();
      case "container.namespace" -> container(d) == null ? null : container(d).namespace();
      case "container.qos" -> container(d) == null ? null : container(d).qosClass();
      case "signal" -> v.signal();
      case "kinds" -> String.join("+", new TreeSet<>(d.events().stream().map(e -> e.kind().name()).toList()));
      case "events" -> d.events().size();
      case "time" -> d.time().wall();
      case "sources" -> String.join("+", new TreeSet<>(d.events().stream()
          .map(e -> e.evidence().get(0).source()).toList()));
      default -> throw new AssertionError("unknown key " + key);
    };
    return String.valueOf(value);
  }

  private static @Nullable ContainerRef container(Death d) {
    return d.victim().container();
  }

  static Map<String, String> fields(String line) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String part : line.trim().split("\\s+(?=[a-z_.]+=)")) {
      int eq = part.indexOf('=');
      out.put(part.substring(0, eq), part.substring(eq + 1));
    }
    return out;
  }

  static String describe(List<Death> deaths) {
    StringBuilder b = new StringBuilder();
    for (Death d : deaths) {
      Verdict v = d.verdicts().get(0);
      b.append("\n  ").append(v.cause().jsonName()).append(' ').append(d.victim()).append(" killer=")
          .append(v.killer()).append(" signal=").append(v.signal()).append(" kinds=");
      for (KillEvent e : d.events()) {
        b.append(e.kind()).append(' ');
      }
    }
    return b.toString();
  }
}
