package dev.whokilled.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.Death;
import dev.whokilled.KillForensics;
import dev.whokilled.Report;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The generated log holds exactly the deaths the generator lists, each found by whokilled as listed. */
final class LogGeneratorTest {

  @Test
  void generatedDeaths_areTheDeathsReported() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<LogGenerator.Death> deaths = new LogGenerator(11).write(1 << 20, out);
    assertTrue(deaths.size() >= 10, "deaths: " + deaths.size());
    Set<String> expected = new TreeSet<>();
    for (LogGenerator.Death d : deaths) {
      expected.add(d.line());
    }
    Report report = KillForensics.builder().build().newSession()
        .read("gen", new ByteArrayInputStream(out.toByteArray())).report();
    Set<String> reported = new TreeSet<>();
    for (Death d : report.deaths()) {
      reported.add(d.victim().pid() + " " + d.victim().comm() + " " + d.cause().jsonName());
    }
    assertEquals(expected, reported);
    assertEquals(Set.of("cgroup-oom", "kernel-oom", "crash-segfault"),
        Set.copyOf(deaths.stream().map(LogGenerator.Death::cause).toList()));
  }

  @Test
  void sameSeed_sameBytes() throws IOException {
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    new LogGenerator(3).write(200_000, a);
    new LogGenerator(3).write(200_000, b);
    assertArrayEquals(a.toByteArray(), b.toByteArray());
  }

  @Test
  void size_readsUnits() {
    assertEquals(1L << 30, LogGenerator.size("1g"));
    assertEquals(100L << 20, LogGenerator.size("100M"));
    assertEquals(512, LogGenerator.size("512"));
  }
}
