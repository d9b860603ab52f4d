package dev.whokilled.cli;

import static dev.whokilled.cli.TestSupport.array;
import static dev.whokilled.cli.TestSupport.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile files of the robustness issue, each through the command in a JVM of its own with a 64 MiB heap, so
 * that the limit is real: each run must end with status 0, a valid {@code whokilled/v1} document, a problem noted
 * where the input is damaged, and nothing on standard error but the CPU time. Time linear in the size is checked
 * without a clock: the same shape at two sizes, the larger 8 times the smaller, must not cost more than 20 times the
 * CPU time of the reading thread (a quadratic reader costs 64 times), and the same text in lines 60 times as long
 * not more than 4 times; CPU time of one thread holds on a busy machine as well. The inputs are written to a
 * temporary directory at test time (the largest is 190 MB), never kept.
 */
final class HostileInputIT {

  /** The limit on the larger run's cost, relative to the smaller's, for an input 8 times as large. */
  private static final double MAX_RATIO = 20;

  /**
   * The limit on the cost of the same text in lines 60 times as long, relative to short lines: about 1 when
   * linear.
   */
  private static final double SAME_SIZE_MAX_RATIO = 4;

  @TempDir Path dir;

  private record Run(int status, String out, String err, long cpuNanos) {}

  /** Runs the command on each input in turn, in one JVM with a 64 MiB heap, after a warm-up on {@code warmUp}. */
  private List<Run> whokilled(Path warmUp, Path... inputs) throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("whokilled.jar", "target/whokilled.jar"));
    assertTrue(Files.isRegularFile(jar), "no shaded jar at " + jar.toAbsolutePath() + "; run 'verify'");
    String classes = Path.of(MeasuredMain.class.getProtectionDomain().getCodeSource().getLocation().getPath())
        .toString();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx64m", "-cp", jar + java.io.File.pathSeparator + classes, MeasuredMain.class.getName(),
        warmUp.toString()));
    for (Path input : inputs) {
      command.add(input.toString());
    }
    Path out = dir.resolve("measured.txt");
    Path err = dir.resolve("measured-err.txt");
    Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("whokilled did not finish in 10 minutes");
    }
    String e = Files.readString(err, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), e);
    assertEquals("", e, "the JVM's standard error");
    List<String> lines = Files.readAllLines(out);
    assertEquals(inputs.length, lines.size(), lines::toString);
    List<Run> runs = new ArrayList<>();
    for (int i = 0; i < inputs.length; i++) {
      String[] f = lines.get(i).split(" ");
      runs.add(new Run(Integer.parseInt(f[0]), Files.readString(Path.of(inputs[i] + ".json"), StandardCharsets.UTF_8),
          Files.readString(Path.of(inputs[i] + ".err"), StandardCharsets.UTF_8), Long.parseLong(f[1])));
    }
    return runs;
  }

  /** The run must end well: status 0, nothing on standard error, a valid document. */
  private static Map<String, Object> report(Run r) {
    assertEquals(0, r.status(), r.err());
    assertEquals("", r.err(), "standard error");
    Map<String, Object> doc = object(TestSupport.parse(r.out()));
    assertEquals("whokilled/v1", doc.get("schema"));
    return doc;
  }

  private static List<String> warnings(Map<String, Object> doc) {
    List<String> out = new ArrayList<>();
    for (Object w : array(doc.get("warnings"))) {
      out.add((String) w);
    }
    return out;
  }

  /** Writes a file of about {@code bytes} bytes. */
  private interface Shape {
    void write(OutputStream out, long bytes) throws IOException;
  }

  /**
   * The shape at a small size and at 8 times that: both must end well, the larger within {@link #MAX_RATIO} times
   * the smaller's CPU time.
   *
   * @return the document of the larger run
   */
  private Map<String, Object> linear(String name, Shape shape, long small) throws Exception {
    Path warm = write(name + "-warm", shape, small / 8);
    Path a = write(name + "-1", shape, small);
    Path b = write(name + "-8", shape, small * 8);
    List<Run> runs = whokilled(warm, a, b);
    Files.delete(a);
    Files.delete(b);
    Run ra = runs.get(0);
    Run rb = runs.get(1);
    report(ra);
    Map<String, Object> doc = report(rb);
    double ratio = (double) rb.cpuNanos() / Math.max(1, ra.cpuNanos());
    measured(name + ": 8 times the input", ratio, ra, rb);
    assertTrue(ratio < MAX_RATIO, String.format(Locale.ROOT, "%s: 8 times the input cost %.1f times the CPU time "
        + "(%d ms, then %d ms)", name, ratio, ra.cpuNanos() / 1_000_000, rb.cpuNanos() / 1_000_000));
    return doc;
  }

  /** The figures, in the build's log: how far each shape is from its limit. */
  private static void measured(String what, double ratio, Run a, Run b) {
    System.out.printf(Locale.ROOT, "HostileInputIT %s cost %.1f times the CPU time (%d ms, then %d ms)%n", what,
        ratio, a.cpuNanos() / 1_000_000, b.cpuNanos() / 1_000_000);
  }

  private Path write(String name, Shape shape, long bytes) throws IOException {
    return write(name, out -> shape.write(out, bytes));
  }

  /** Writes a file. */
  private interface Content {
    void write(OutputStream out) throws IOException;
  }

  private Path write(String name, Content content) throws IOException {
    Path p = dir.resolve(name);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(p), 1 << 16)) {
      content.write(out);
    }
    return p;
  }

  private static void line(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.UTF_8));
    out.write('\n');
  }

  @Test
  void randomBytes50Mb_reportWithoutError() throws Exception {
    Map<String, Object> doc = linear("random", (out, bytes) -> {
      Random random = new Random(50);
      byte[] b = new byte[1 << 16];
      for (long n = 0; n < bytes; n += b.length) {
        random.nextBytes(b);
        out.write(b);
      }
    }, 50L << 20 >> 3);
    assertFalse(warnings(doc).isEmpty(), "random bytes read as if they were a log, with nothing noted");
  }

  /** An OOM report whose task table never ends: millions of rows, no kill line, no end of the stream's block. */
  @Test
  void oomHeaderThenMillionsOfRows_problemNoted() throws Exception {
    Map<String, Object> doc = linear("rows", (out, bytes) -> {
      line(out, "[  100.000000] python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0");
      line(out, "[  100.000001] Tasks state (memory values in pages):");
      line(out, "[  100.000002] [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name");
      long n = 0;
      for (int pid = 1; n < bytes; pid++) {
        String row = String.format(Locale.ROOT,
            "[  100.000003] [%7d]     0 %7d    18457     1664    61440        0             0 python3", pid, pid);
        line(out, row);
        n += row.length() + 1;
      }
    }, 24L << 20);
    assertTrue(warnings(doc).stream().anyMatch(w -> w.contains("OOM task table longer than 20000 rows")),
        () -> "no problem noted: " + warnings(doc));
  }

  /**
   * Lines built of what the readers look for, each fragment repeated to the line's end after each framing's prefix:
   * the same text in lines of 1 KiB and of 60 KiB (under the reader's limit of 64 KiB, so that nothing is cut) must
   * cost about the same, where a reader that scans a line again for each match (what a backtracking expression
   * does, or a record per escaped line break that carried the whole line, fixed) costs up to 60 times as much. Each
   * fragment has files of its own, so that one costly fragment is not lost among the cheap ones.
   */
  @Test
  void linesBuiltToBacktrack_linearInTheirLength() throws Exception {
    Path warm = write("frag-warm", out -> lines(out, FRAGMENTS[0], 1024, 2));
    List<Path> files = new ArrayList<>();
    for (int f = 0; f < FRAGMENTS.length; f++) {
      String fragment = FRAGMENTS[f];
      files.add(write("frag-" + f + "-short", out -> lines(out, fragment, 1024, 8 * 60)));
      files.add(write("frag-" + f + "-long", out -> lines(out, fragment, 60 * 1024, 8)));
    }
    List<Run> runs = whokilled(warm, files.toArray(new Path[0]));
    int worst = 0;
    double[] ratios = new double[FRAGMENTS.length];
    for (int f = 0; f < FRAGMENTS.length; f++) {
      report(runs.get(2 * f));
      report(runs.get(2 * f + 1));
      // a floor of 20 ms, so that the noise of a tiny measure is no ratio
      ratios[f] = (double) runs.get(2 * f + 1).cpuNanos() / Math.max(20_000_000L, runs.get(2 * f).cpuNanos());
      worst = ratios[f] > ratios[worst] ? f : worst;
    }
    Run a = runs.get(2 * worst);
    Run b = runs.get(2 * worst + 1);
    measured("backtracking, at worst '" + FRAGMENTS[worst] + "': lines 60 times as long", ratios[worst], a, b);
    assertTrue(ratios[worst] < SAME_SIZE_MAX_RATIO, String.format(Locale.ROOT, "'%s': lines 60 times as long cost "
        + "%.1f times the CPU time (%d ms, then %d ms)", FRAGMENTS[worst], ratios[worst], a.cpuNanos() / 1_000_000,
        b.cpuNanos() / 1_000_000));
  }

  private static final String[] FRAGMENTS = {
    "Killed process ", "(", ") ", "[", "#012", "\\x0a", "{\"a\":[", "\"\\", "a: ", "a=b ", " ",
    "oom-kill:constraint=CONSTRAINT_NONE,task=", "x[1]: segfault at 0 ip ", "kill(1, SIGKILL", "[1] ", ",", "- ",
    "invoked oom-killer: ", " (pid:", "container kill ", "Stack trace of thread ", "msg=audit(",
  };

  private static final String[] PREFIXES = {
    "", "[    1.000000] ", "Dec 24 16:02:24 h kernel: ", "Dec 24 16:02:24 h systemd[1]: ", "6,1,2,-;",
    "{\"MESSAGE\":\"", "type=SYSCALL msg=audit(1.1:1): ", "2024-01-01T00:00:00.000000000Z ",
  };

  /**
   * The fragment after every prefix, in lines of the given length, each written {@code times} times, each after an
   * ordinary line: a reader left inside a block by the line before (a JSON document that a {@code [} opened) would
   * not read the next as it reads it alone.
   */
  private static void lines(OutputStream out, String fragment, int length, int times) throws IOException {
    for (String prefix : PREFIXES) {
      StringBuilder b = new StringBuilder(length + 64).append(prefix);
      while (b.length() + fragment.length() <= length) {
        b.append(fragment);
      }
      for (int i = 0; i < times; i++) {
        line(out, "Dec 24 16:02:24 h CRON[2042]: (root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)");
        line(out, b.toString());
      }
    }
  }

  /** NUL and bytes that are not UTF-8 in a task's name, as the kernel prints a comm it holds as bytes. */
  @Test
  void nulAndInvalidUtf8InNames_deathsStillRead() throws Exception {
    byte[] log = Files.readAllBytes(TestSupport.corpus());
    byte[] name = "my (app) x".getBytes(StandardCharsets.US_ASCII);
    byte[] hostile = {'m', 'y', 0, '(', (byte) 0xff, (byte) 0xfe, ')', ' ', (byte) 0xc3, 'x'};
    Path p = dir.resolve("names.log");
    Files.write(p, replace(log, name, hostile));

    Map<String, Object> doc = report(whokilled(TestSupport.corpus(), p).get(0));

    List<Object> deaths = array(doc.get("deaths"));
    assertEquals(3, deaths.size(), doc::toString);
    Map<String, Object> third = object(object(deaths.get(2)).get("victim"));
    assertEquals(new java.math.BigDecimal(2862), third.get("pid"));
    assertEquals("my\u0000(\ufffd\ufffd) \ufffdx", third.get("name"));
  }

  private static byte[] replace(byte[] in, byte[] what, byte[] with) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int i = 0;
    while (i < in.length) {
      if (i + what.length <= in.length && java.util.Arrays.equals(in, i, i + what.length, what, 0, what.length)) {
        out.write(with, 0, with.length);
        i += what.length;
      } else {
        out.write(in[i++]);
      }
    }
    return out.toByteArray();
  }

  /** One line of 20 MB: the reader must cut it, note it, and go on. */
  @Test
  void oneLineOf20Mb_cutAndNoted() throws Exception {
    Map<String, Object> doc = linear("long-line", (out, bytes) -> {
      // brackets and parentheses, as a name in a kill line has them; the line holds no kill of its own
      byte[] chunk = "([a) (b] ".repeat(1000).getBytes(StandardCharsets.US_ASCII);
      out.write("[  100.000000] ".getBytes(StandardCharsets.US_ASCII));
      for (long n = 0; n < bytes; n += chunk.length) {
        out.write(chunk);
      }
      out.write('\n');
      line(out, "[  101.000000] Memory cgroup out of memory: Killed process 1742 (python3) total-vm:75160kB, "
          + "anon-rss:65132kB, file-rss:6644kB, shmem-rss:0kB, UID:0 pgtables:188kB oom_score_adj:0");
    }, 20L << 20 >> 3);
    assertTrue(warnings(doc).contains(
        "parse problem: long-line-8:1: line longer than 65536 bytes: read up to there, the rest skipped"),
        () -> "the cut line is not noted: " + warnings(doc));
    assertEquals(1, array(doc.get("deaths")).size(), "the line after the long one is read");
  }

  /** Random bytes are not text, and the report says so. */
  @Test
  void randomBytes_notTextNoted() throws Exception {
    Path p = write("random-small", (out, bytes) -> {
      byte[] b = new byte[(int) bytes];
      new Random(7).nextBytes(b);
      out.write(b);
    }, 1 << 20);
    Map<String, Object> doc = report(whokilled(TestSupport.corpus(), p).get(0));
    // the first line holds bad bytes already; about half the bytes are, whatever the seed
    assertTrue(warnings(doc).stream().anyMatch(w -> w.contains(":1: ") && w.contains(" of " + (1 << 20)
        + " bytes are not UTF-8 text")), () -> "not noted: " + warnings(doc));
  }
}
