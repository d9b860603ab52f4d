package dev.whokilled.cli;

import static dev.whokilled.cli.TestSupport.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar whokilled.jar watch --json} in a process of its own, while this test stages real deaths: a memory
 * cgroup OOM kill ({@code tail /dev/zero} in a child memory cgroup of this JVM's own, limited to 32 MiB, removed
 * afterwards) and a segfault (a small C program compiled with gcc, core dumps off). Each must be told within a second
 * of the moment it was staged, which comes before the kernel wrote it. Then SIGTERM or SIGINT must stop the watch
 * with its last line and status 0. Skips itself where the machine does not allow it: not root, no gcc, no readable
 * {@code /dev/kmsg}, unhandled faults not logged ({@code debug.exception-trace}), no memory cgroup to create a child
 * in.
 */
final class WatchIT {

  /** The limit of the staged OOM's cgroup. */
  static final long LIMIT = 32L << 20;

  private static final String PROGRAM = "wk-watch-it";

  @TempDir Path dir;

  private Process watch;
  private final List<Line> out = Collections.synchronizedList(new ArrayList<>());
  private final List<Line> err = Collections.synchronizedList(new ArrayList<>());

  /** A line the watch printed, and when this test read it. */
  private record Line(String text, long nanos) {}

  @BeforeEach
  void machine() {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "staging deaths needs root");
    Assumptions.assumeTrue(Files.isReadable(Path.of("/dev/kmsg")), "no readable /dev/kmsg");
  }

  @AfterEach
  void stopWatch() throws InterruptedException {
    if (watch != null && watch.isAlive()) {
      watch.destroyForcibly();
      watch.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void liveOomAndSegfault_eachToldWithinASecond_sigtermStops() throws Exception {
    Path program = compile();
    Path cgroup = childMemoryCgroup().orElse(null);
    Assumptions.assumeTrue(cgroup != null, "no memory cgroup v1 or v2 to create a child in under this JVM's own");
    try {
      start();

      long oomStaged = System.nanoTime();
      long hog = oom(cgroup);
      Map<String, Object> oom = awaitDeath(hog, oomStaged);
      Staged segv = segfault(program);
      Map<String, Object> crash = segv.death;

      assertEquals("cgroup-oom", oom.get("cause"), oom.toString());
      assertEquals("tail", object(oom.get("victim")).get("name"));
      assertTrue(((String) object(oom.get("victim")).get("cgroup")).endsWith("/" + cgroup.getFileName()),
          oom.toString());
      assertEquals("crash-segfault", crash.get("cause"), crash.toString());
      assertEquals(PROGRAM, object(crash.get("victim")).get("name"));

      signal("TERM"); // not Process.destroy(), which closes the pipes the last line comes through
      assertTrue(watch.waitFor(20, TimeUnit.SECONDS), "the watch did not stop on SIGTERM");
      assertEquals(0, watch.exitValue(), errText());
      awaitErr("whokilled: stopped (");
      String last = err.get(err.size() - 1).text();
      assertTrue(last.matches("whokilled: stopped \\(\\d+ deaths seen\\)"), last);
      assertTrue(Integer.parseInt(last.replaceAll("\\D", "")) >= 2, last);
      for (Line l : out) {
        TestSupport.parse(l.text()); // each line one JSON object, nothing else on standard output
      }
    } finally {
      remove(cgroup);
    }
  }

  @Test
  void sigint_stopsWithItsLastLineAndStatusZero() throws Exception {
    start();

    signal("INT");

    assertTrue(watch.waitFor(20, TimeUnit.SECONDS), "the watch did not stop on SIGINT");
    assertEquals(0, watch.exitValue(), errText());
    awaitErr("whokilled: stopped (");
    assertTrue(err.get(err.size() - 1).text().matches("whokilled: stopped \\(\\d+ deaths? seen\\)"), errText());
  }

  /** Sends a signal to the watch: our own child, by its pid. */
  private void signal(String name) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(watch.pid())).start();
    assertEquals(0, kill.waitFor());
  }

  /** Starts the watch and waits until it says it is watching. */
  private void start() throws Exception {
    Path jar = Path.of(System.getProperty("whokilled.jar", "target/whokilled.jar")).toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), "no shaded jar at " + jar + "; run 'verify'");
    long started = System.nanoTime();
    watch = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        jar.toString(), "watch", "--json").directory(dir.toFile()).start();
    watch.getOutputStream().close();
    collect(watch.getInputStream(), out);
    collect(watch.getErrorStream(), err);
    awaitErr("whokilled: watching the kernel log (/dev/kmsg)");
    System.out.printf("watch: ready %d ms after it was started%n", (System.nanoTime() - started) / 1_000_000);
  }

  private static void collect(InputStream in, List<Line> into) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          into.add(new Line(line, System.nanoTime()));
        }
      } catch (IOException e) {
        // the watch ended
      }
    });
    t.setDaemon(true);
    t.start();
  }

  private void awaitErr(String prefix) throws InterruptedException {
    for (int i = 0; i < 400; i++) {
      synchronized (err) {
        if (err.stream().anyMatch(l -> l.text().startsWith(prefix))) {
          return;
        }
      }
      if (!watch.isAlive() && i > 20) {
        break;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the watch never said '" + prefix + "': " + errText());
  }

  private String errText() {
    synchronized (err) {
      return String.join("\n", err.stream().map(Line::text).toList());
    }
  }

  /**
   * The death of a pid the watch told, checked to be told within a second of its staging.
   *
   * @param pid the victim
   * @param staged when the test began to stage it, before the kernel could write it
   * @return the death
   */
  private Map<String, Object> awaitDeath(long pid, long staged) throws InterruptedException {
    Optional<Line> found = Optional.empty();
    for (int i = 0; i < 100 && found.isEmpty(); i++) {
      synchronized (out) {
        found = out.stream().filter(l -> pidOf(l) == pid).findFirst();
      }
      if (found.isEmpty()) {
        Thread.sleep(50);
      }
    }
    Line line = found.orElseThrow(() -> new AssertionError("no death of pid " + pid + " told; told: " + out
        + "\n" + errText()));
    long millis = (line.nanos() - staged) / 1_000_000;
    Map<String, Object> death = object(TestSupport.parse(line.text()));
    System.out.printf("watch: %s of pid %d told %d ms after it was staged (%s)%n", death.get("cause"), pid, millis,
        kernelLag(death));
    assertTrue(millis <= 1000, "told " + millis + " ms after it was staged: " + line.text());
    return death;
  }

  /** How long after the kernel's time of the death, by the kernel's clock, it was read: for the test's log. */
  private static String kernelLag(Map<String, Object> death) {
    try {
      double now = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
      BigDecimal at = (BigDecimal) death.get("uptime");
      return String.format(java.util.Locale.ROOT, "about %.0f ms after the kernel's time of it, by /proc/uptime",
          (now - at.doubleValue()) * 1000);
    } catch (IOException | RuntimeException e) {
      return "kernel time not compared";
    }
  }

  private static long pidOf(Line l) {
    try {
      Object pid = object(object(TestSupport.parse(l.text())).get("victim")).get("pid");
      return pid instanceof BigDecimal b ? b.longValueExact() : -1;
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /** Removes the cgroup, once the kernel has let go of its killed process. */
  private static void remove(Path cgroup) throws InterruptedException {
    for (int i = 0; i < 50; i++) {
      try {
        Files.deleteIfExists(cgroup);
        return;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
  }

  /** Runs {@code tail /dev/zero} in the cgroup until the kernel kills it; its pid. */
  private static long oom(Path cgroup) throws Exception {
    Process p = new ProcessBuilder("sh", "-c",
        "echo $$ > '" + cgroup.resolve("cgroup.procs") + "' && exec tail /dev/zero")
        .redirectErrorStream(true).start();
    p.getOutputStream().close();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the hog was not killed within 60 s");
    assertEquals(137, p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    return p.pid();
  }

  /** A segfault, and its death as told; staged again after the kernel's rate limit when its line was suppressed. */
  private record Staged(long pid, Map<String, Object> death) {}

  private Staged segfault(Path program) throws Exception {
    AssertionError last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      long staged = System.nanoTime();
      Process p = new ProcessBuilder("sh", "-c", "ulimit -c 0; exec " + program).redirectErrorStream(true).start();
      p.getOutputStream().close();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the program did not end");
      assertEquals(139, p.exitValue(), "SIGSEGV");
      try {
        return new Staged(p.pid(), awaitDeath(p.pid(), staged));
      } catch (AssertionError e) {
        // the kernel logs ten unhandled faults per five seconds, all processes together
        last = e;
        Thread.sleep(5_500);
      }
    }
    throw last;
  }

  private Path compile() throws Exception {
    Optional<Path> gcc = Optional.ofNullable(MachineSources.onPath("gcc"));
    Assumptions.assumeTrue(gcc.isPresent(), "no gcc here");
    Path trace = Path.of("/proc/sys/debug/exception-trace");
    Assumptions.assumeTrue(Files.isReadable(trace) && Files.readString(trace).trim().equals("1"),
        "the kernel does not log unhandled faults");
    Files.writeString(dir.resolve("segv.c"), "int main(void) { *(volatile int *)0 = 1; return 0; }\n");
    Process cc = new ProcessBuilder("gcc", "-O0", "-o", PROGRAM, "segv.c").directory(dir.toFile())
        .redirectErrorStream(true).start();
    String out = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    Assumptions.assumeTrue(cc.waitFor() == 0, "gcc could not build it: " + out);
    return dir.resolve(PROGRAM);
  }

  /**
   * A memory cgroup of this test's own under this JVM's, limited to {@link #LIMIT}: cgroup v1's memory controller,
   * else cgroup v2 with the memory controller (swap off there, so that the limit kills).
   */
  private static Optional<Path> childMemoryCgroup() throws IOException {
    String name = "whokilled-watch-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
      String[] f = line.split(":", 3);
      if (f.length < 3) {
        continue;
      }
      boolean v1 = List.of(f[1].split(",")).contains("memory");
      Path root = v1 ? Path.of("/sys/fs/cgroup/memory") : Path.of("/sys/fs/cgroup");
      Path controllers = root.resolve(f[2].substring(1)).resolve("cgroup.controllers");
      if (!v1 && !(f[0].equals("0") && f[1].isEmpty() && Files.isReadable(controllers)
          && Files.readString(controllers).contains("memory"))) {
        continue;
      }
      Path child = root.resolve(f[2].substring(1)).resolve(name);
      try {
        Files.createDirectory(child);
        Files.writeString(child.resolve(v1 ? "memory.limit_in_bytes" : "memory.max"), Long.toString(LIMIT));
        if (!v1) {
          Files.writeString(child.resolve("memory.swap.max"), "0");
        }
        return Optional.of(child);
      } catch (IOException e) {
        Files.deleteIfExists(child);
      }
    }
    return Optional.empty();
  }
}
