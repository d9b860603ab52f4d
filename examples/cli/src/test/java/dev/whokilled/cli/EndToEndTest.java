package dev.whokilled.cli;

import static dev.whokilled.cli.TestSupport.CORPUS;
import static dev.whokilled.cli.TestSupport.NULL;
import static dev.whokilled.cli.TestSupport.array;
import static dev.whokilled.cli.TestSupport.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.cli.TestSupport.Run;
import dev.whokilled.procfs.Procfs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real logs through the whole command; runs once the framing implementation is merged. */
final class EndToEndTest {

  @TempDir Path dir;

  @BeforeEach
  void framerLanded() {
    Assumptions.assumeTrue(TestSupport.framerAvailable(), "Framer.accept is not implemented on this branch yet");
  }

  private static List<Map<String, Object>> deaths(Run r) {
    assertEquals(0, r.status(), r.err());
    List<Map<String, Object>> deaths = new ArrayList<>();
    for (Object d : array(object(TestSupport.parse(r.out())).get("deaths"))) {
      deaths.add(object(d));
    }
    return deaths;
  }

  private static List<Object> field(List<Map<String, Object>> deaths, String object, String key) {
    List<Object> values = new ArrayList<>();
    for (Map<String, Object> d : deaths) {
      values.add(object == null ? d.get(key) : object(d.get(object)).get(key));
    }
    return values;
  }

  private static String firstEvidence(Map<String, Object> death) {
    return (String) object(array(death.get("evidence")).get(0)).get("source");
  }

  @Test
  void corpus_threeCgroupOomDeaths() {
    List<Map<String, Object>> deaths = deaths(TestSupport.run("--json", TestSupport.corpus().toString()));

    assertEquals(List.of("cgroup-oom", "cgroup-oom", "cgroup-oom"), field(deaths, null, "cause"));
    assertEquals(List.of(new BigDecimal(1742), new BigDecimal(2760), new BigDecimal(2862)),
        field(deaths, "victim", "pid"));
    assertEquals(List.of("python3", "python3", "my (app) x"), field(deaths, "victim", "name"));
    assertEquals(List.of(NULL, NULL, NULL), field(deaths, null, "time"), "no boot time, no wall time");
    assertNotEquals(NULL, deaths.get(0).get("uptime"));
    assertTrue(firstEvidence(deaths.get(0)).startsWith(CORPUS + ":"), firstEvidence(deaths.get(0)));
  }

  @Test
  void corpus_textReport() {
    Run r = TestSupport.run(TestSupport.corpus().toString());

    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("1. python3 (pid 1742, uid 0) was killed by the kernel's OOM killer"), r.out());
    assertTrue(r.out().contains("3. my (app) x (pid 2862, uid 0)"), r.out());
    assertTrue(r.out().strip().endsWith("3 deaths found in 254 lines from: " + TestSupport.corpus() + "."), r.out());
  }

  @Test
  void bootTime_givesWallClockTimes() {
    List<Map<String, Object>> deaths = deaths(
        TestSupport.run("--json", "--boot-time", "2026-01-01T00:00:00Z", TestSupport.corpus().toString()));

    assertEquals("2026-01-01T00:00:51.657164Z", deaths.get(0).get("time"));
  }

  @Test
  void gzip_readAndCitedByFileName() throws IOException {
    Path gz = dir.resolve("kern.log.1.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      Files.copy(TestSupport.corpus(), out);
    }

    List<Map<String, Object>> deaths = deaths(TestSupport.run("--json", gz.toString()));

    assertEquals(3, deaths.size());
    assertTrue(firstEvidence(deaths.get(0)).startsWith("kern.log.1.gz:"), firstEvidence(deaths.get(0)));
  }

  @Test
  void stdin_citedAsDash() throws IOException {
    try (InputStream in = Files.newInputStream(TestSupport.corpus())) {
      List<Map<String, Object>> deaths = deaths(TestSupport.run(in, TestSupport.noMachine(), "--json", "-"));

      assertEquals(3, deaths.size());
      assertTrue(firstEvidence(deaths.get(0)).startsWith("-:"), firstEvidence(deaths.get(0)));
    }
  }

  @Test
  void machine_ringBufferWithBootTime() throws IOException {
    Files.createDirectories(dir.resolve("proc"));
    Files.writeString(dir.resolve("proc/stat"), "btime 1700000000\n");
    MachineSources machine = new MachineSources(new MachineSources.Plan(
        List.of("cat", TestSupport.corpus().toString()), List.of("/nonexistent/journalctl"), List.of(), List.of(),
        () -> Procfs.at(dir).facts()));

    List<Map<String, Object>> deaths =
        deaths(TestSupport.run(InputStream.nullInputStream(), machine, "--json"));

    assertEquals(3, deaths.size());
    assertEquals("2023-11-14T22:14:11.657164Z", deaths.get(0).get("time"));
    assertTrue(firstEvidence(deaths.get(0)).startsWith("dmesg:"), firstEvidence(deaths.get(0)));
  }

  /**
   * The lines {@code strace -f -Y -ttt} writes of the death of a process of the captured VM tree, {@code my (app) x},
   * which catches SIGTERM: its parent sends it SIGTERM a minute after the capture, and it dies of it.
   */
  private Path sigtermTrace() throws IOException {
    return Files.writeString(dir.resolve("app.strace"), String.join("\n",
        "25655<my (app) x> 1795361572.684284 --- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, "
            + "si_pid=25613<python3>, si_uid=0} ---",
        "25655<my (app) x> 1795361572.684494 +++ killed by SIGTERM +++", ""));
  }

  private static String summary(Run r) {
    return (String) deaths(r).get(0).get("summary");
  }

  @Test
  void factsOfCapturedTree_goIntoTheVerdicts() throws IOException {
    Path trace = sigtermTrace();
    String tree = TestSupport.tree("v1-hybrid-vm").toString();

    String with = summary(TestSupport.run("--json", "--facts", tree, trace.toString()));
    String without = summary(TestSupport.run("--json", trace.toString()));

    assertTrue(with.endsWith("; it catches SIGTERM, so its own handler ran and chose to end it"), with);
    assertTrue(with.startsWith(without), without + " | " + with);
    assertNotEquals(with, without);
  }

  @Test
  void machine_itsFactsGoIntoTheVerdicts() throws IOException {
    Path tree = TestSupport.tree("v1-hybrid-vm");
    MachineSources machine = new MachineSources(new MachineSources.Plan(
        List.of("cat", sigtermTrace().toString()), List.of("/nonexistent/journalctl"), List.of(), List.of(),
        () -> Procfs.at(tree).facts()));

    String s = summary(TestSupport.run(InputStream.nullInputStream(), machine, "--json"));

    assertTrue(s.endsWith("; it catches SIGTERM, so its own handler ran and chose to end it"), s);
  }

  @Test
  void explain_deathNAsNumbered_thenEachWitnessInTimeOrder() {
    Run r = TestSupport.run("--explain", "2", TestSupport.corpus().toString());

    assertEquals(0, r.status(), r.err());
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.get(0).startsWith("2. python3 (pid 2760, uid 0) was killed by the kernel's OOM killer"), r.out());
    int at = lines.indexOf("  What each witness said, in time order:");
    assertTrue(at > 0, r.out());
    List<String> rows = lines.subList(at + 1, lines.size());
    assertEquals(3, rows.size(), r.out());
    for (int i = 0; i < rows.size(); i++) {
      assertTrue(rows.get(i).contains(CORPUS + ":" + List.of("92 ", "173", "174").get(i)), rows.get(i));
    }
  }

  @Test
  void explain_numberedAfterTheQuery() {
    Run r = TestSupport.run("--pid", "2862", "--explain", "1", TestSupport.corpus().toString());

    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().startsWith("1. my (app) x (pid 2862, uid 0)"), r.out());
  }

  @Test
  void explain_noSuchDeath_orWithJson_usageError() {
    Run none = TestSupport.run("--explain", "4", TestSupport.corpus().toString());
    Run zero = TestSupport.run("--explain", "0", TestSupport.corpus().toString());
    Run json = TestSupport.run("--explain", "1", "--json", TestSupport.corpus().toString());

    assertEquals(2, none.status());
    assertTrue(none.err().startsWith("whokilled: --explain 4: the report has 3 deaths"), none.err());
    assertEquals(2, zero.status());
    assertTrue(zero.err().startsWith("whokilled: --explain must be 1 or more (a death's number in the report): 0"),
        zero.err());
    assertEquals(2, json.status());
    assertTrue(json.err().startsWith("whokilled: --explain shows one death for people and does not go with --json"),
        json.err());
  }

  @Test
  void report_saysHowToExplainOneDeath() {
    Run r = TestSupport.run(TestSupport.corpus().toString());

    assertTrue(r.out().contains("\nWith --explain N (and the same arguments): death N and what each witness said of "
        + "it.\n".replace("\n", System.lineSeparator())), r.out());
  }
}
