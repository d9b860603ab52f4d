package dev.whokilled.parsers.oom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.Cause;
import dev.whokilled.Death;
import dev.whokilled.KillForensics;
import dev.whokilled.Report;
import dev.whokilled.event.Constraint;
import dev.whokilled.event.ContainerRef;
import dev.whokilled.event.KillEvent;
import dev.whokilled.event.MemoryKiller;
import dev.whokilled.event.OomKill;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Real OOM reports of every era (see each file's {@code # source:} line, and corpus/README.md for the captures
 * of this project's own machine), each with the kills it holds in {@code NAME.expected}.
 */
final class OomCorpusTest {

  static Path corpus() throws URISyntaxException {
    return Path.of(Objects.requireNonNull(OomCorpusTest.class.getResource("/corpus/oom")).toURI());
  }

  @TestFactory
  Stream<DynamicTest> corpus_everyKillAsExpected() throws IOException, URISyntaxException {
    List<Path> logs;
    try (Stream<Path> files = Files.list(corpus())) {
      logs = files.filter(p -> p.toString().endsWith(".log")).sorted().toList();
    }
    assertTrue(logs.size() > 50, "corpus too small: " + logs.size());
    return logs.stream().map(log -> DynamicTest.dynamicTest(log.getFileName().toString(), () -> check(log)));
  }

  private static void check(Path log) throws IOException {
    Path expectedFile = Path.of(log.toString().replaceAll("\\.log$", ".expected"));
    List<Map<String, String>> expected = new ArrayList<>();
    for (String line : Files.readAllLines(expectedFile)) {
      if (!line.isBlank()) {
        expected.add(fields(line));
      }
    }
    Report report = KillForensics.analyze(log);
    List<OomKill> kills = new ArrayList<>();
    for (Death d : report.deaths()) {
      for (KillEvent e : d.events()) {
        if (e instanceof OomKill k) {
          kills.add(k);
        }
      }
    }
    kills.sort(Comparator.comparingLong(OomCorpusTest::killLine));
    List<String> got = new ArrayList<>();
    for (OomKill k : kills) {
      got.add(k.victim().pid() + " " + k.victim().comm());
    }
    List<String> want = new ArrayList<>();
    for (Map<String, String> e : expected) {
      want.add(e.getOrDefault("pid", "null") + " " + e.get("comm"));
    }
    assertEquals(want, got, "victims of " + log.getFileName());
    for (int i = 0; i < kills.size(); i++) {
      compare(expected.get(i), kills.get(i), log.getFileName() + " kill " + (i + 1));
    }
    Set<String> victims = new HashSet<>();
    for (Death d : report.deaths()) {
      if (d.events().stream().anyMatch(e -> e instanceof OomKill)) {
        victims.add(d.victim().pid() + " " + d.victim().comm());
        checkCause(d, log.getFileName().toString());
      }
    }
    assertEquals(new HashSet<>(want), victims, "deaths of " + log.getFileName());
  }

  private static void checkCause(Death d, String where) {
    OomKill k = (OomKill) d.events().stream().filter(e -> e instanceof OomKill).findFirst().orElseThrow();
    Cause want;
    if (k.killer() == MemoryKiller.OPENVZ) {
      want = Cause.CONTAINER_OOM;
    } else if (k.isCgroupLimit()) {
      boolean container = d.victim().container() != null
          || ContainerRef.fromCgroupPath(k.oomCgroup()).isPresent();
      want = container ? Cause.CONTAINER_OOM : Cause.CGROUP_OOM;
    } else {
      want = Cause.KERNEL_OOM;
    }
    assertEquals(want, d.cause(), where + ": cause of " + d.victim().describe());
  }

  /** The line of the kill itself: the first evidence line that is not the report's header or choice. */
  static long killLine(OomKill k) {
    for (var r : k.evidence()) {
      String m = r.message();
      if (m.contains("Killed process") || m.contains("OOM killed process") || m.contains("VM: killing")
          || m.contains("sharing same memory")) {
        return r.line();
      }
    }
    return k.evidence().get(k.evidence().size() - 1).line();
  }

  static Map<String, String> fields(String line) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String part : line.trim().split("\\s+(?=[a-z_]+=)")) {
      int eq = part.indexOf('=');
      out.put(part.substring(0, eq), part.substring(eq + 1));
    }
    return out;
  }

  private static void compare(Map<String, String> want, OomKill k, String where) {
    for (Map.Entry<String, String> f : want.entrySet()) {
      String v = f.getValue();
      Object got = switch (f.getKey()) {
        case "pid" -> k.victim().pid();
        case "comm" -> k.victim().comm();
        case "uid" -> k.victim().uid();
        case "total_vm_kb" -> kb(k.memory().totalVm());
        case "anon_rss_kb" -> kb(k.memory().anonRss());
        case "file_rss_kb" -> kb(k.memory().fileRss());
        case "shmem_rss_kb" -> kb(k.memory().shmemRss());
        case "oom_score_adj" -> k.oomScoreAdj();
        case "score" -> k.score();
        case "constraint" -> Constraint.fromKernel(v) == Constraint.UNKNOWN ? v : constraint(k.constraint(), v);
        case "oom_memcg" -> k.oomCgroup();
        case "task_memcg" -> k.victim().cgroup();
        case "invoker" -> k.trigger() == null ? null : k.trigger().comm();
        case "gfp_mask" -> k.gfpMask();
        case "order" -> k.order();
        case "kind" -> kind(k);
        default -> throw new AssertionError(where + ": unknown key " + f.getKey());
      };
      assertEquals(v, String.valueOf(got), where + ": " + f.getKey());
    }
  }

  /** A constraint this model does not know (a patched kernel's) is not compared. */
  private static String constraint(Constraint c, String want) {
    return c == Constraint.UNKNOWN ? "UNKNOWN" : "CONSTRAINT_" + c.name();
  }

  private static Object kb(Long bytes) {
    return bytes == null ? "null" : bytes / 1024;
  }

  private static String kind(OomKill k) {
    if (k.killer() == MemoryKiller.OPENVZ) {
      return "openvz";
    }
    if (k.victim().pid() == null) {
      return "vm24";
    }
    return k.isCgroupLimit() ? "memcg" : "global";
  }
}
