package dev.whokilled.procfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.Cause;
import dev.whokilled.Death;
import dev.whokilled.KillForensics;
import dev.whokilled.Report;
import dev.whokilled.facts.CgroupFacts;
import dev.whokilled.facts.HostFacts;
import dev.whokilled.facts.ProcessFacts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real deaths of processes this test starts, with their facts read from the live {@code /proc} before they die, as
 * {@code whokilled snapshot} would on a sick machine: the verdicts must use them. Each death is seen by strace (with
 * wall-clock times, so the facts' boot time places it) and, for the OOM kill, counted by the memory cgroup. Skips
 * itself where the machine does not allow it (not Linux, no strace or python3, no memory cgroup of our own).
 */
final class HostFactsVerdictIT {

  @TempDir Path dir;

  /** A handler that cleans up and re-raises SIGTERM with the default action, as servers do. */
  static final String RERAISE = String.join("\n",
      "import os, signal, sys, time",
      "def h(sig, frame):",
      "    signal.signal(signal.SIGTERM, signal.SIG_DFL)",
      "    os.kill(os.getpid(), signal.SIGTERM)",
      "signal.signal(signal.SIGTERM, h)",
      "print(os.getpid(), flush=True)",
      "time.sleep(60)");

  @Test
  void caughtSigterm_theHandlerChoseToEnd() throws Exception {
    assumeTools();
    Path trace = dir.resolve("term.strace");
    Process strace = new ProcessBuilder("strace", "-f", "-ttt", "-o", trace.toString(), "python3", "-c", RERAISE)
        .redirectErrorStream(true).start();
    long pid = firstLinePid(strace);
    HostFacts facts = Procfs.live().facts(pid);
    ProcessFacts p = facts.findProcess(pid).orElseThrow();
    assertTrue(p.caught().contains(15), "SigCgt shows the handler: " + p.caught().hex());
    ProcessHandle.of(pid).orElseThrow().destroy(); // SIGTERM
    assertTrue(strace.waitFor(30, TimeUnit.SECONDS));
    Death d = analyze(trace, facts).findLast(pid).orElseThrow();
    assertEquals(Cause.SIGNAL, d.cause(), d.verdict().summary());
    assertTrue(d.verdict().summary().endsWith("; it catches SIGTERM, so its own handler ran and chose to end it"),
        d.verdict().summary());
  }

  @Test
  void crashWithCoreLimitZero_saysWhyNoCore() throws Exception {
    assumeTools();
    HostFacts host = Procfs.live().host();
    String pattern = host.coreDumps().pattern();
    Assumptions.assumeTrue(pattern != null && !pattern.startsWith("|"), "core_pattern is a helper here: " + pattern);
    Path trace = dir.resolve("segv.strace");
    String crash = "import ctypes, os, sys\nprint(os.getpid(), flush=True)\nsys.stdin.readline()\nctypes.string_at(0)";
    Process strace = new ProcessBuilder("strace", "-f", "-ttt", "-o", trace.toString(), "bash", "-c",
        "ulimit -c 0; exec python3 -c '" + crash + "'").redirectErrorStream(true).start();
    long pid = firstLinePid(strace);
    HostFacts facts = Procfs.live().facts(pid);
    assertEquals(0L, facts.findProcess(pid).orElseThrow().findLimit(dev.whokilled.facts.Rlimit.CORE).orElseThrow()
        .soft());
    try (OutputStream in = strace.getOutputStream()) {
      in.write('\n');
    }
    assertTrue(strace.waitFor(30, TimeUnit.SECONDS));
    Death d = analyze(trace, facts).findLast(pid).orElseThrow();
    assertEquals(Cause.CRASH_SEGFAULT, d.cause(), d.verdict().summary());
    assertTrue(d.verdict().summary().endsWith("; it left no core: RLIMIT_CORE is 0 (ulimit -c 0), so the kernel "
        + "writes no core"), d.verdict().summary());
  }

  @Test
  void oomKillTheLogsLost_theCgroupCounterTellsIt() throws Exception {
    assumeTools();
    Path own = ownMemoryCgroup();
    Path cg = own.resolve("whokilled-facts-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    try {
      Files.createDirectory(cg);
      Files.writeString(cg.resolve("memory.limit_in_bytes"), Long.toString(64L << 20));
    } catch (IOException e) {
      Assumptions.abort("cannot create a child memory cgroup here: " + e.getMessage());
    }
    try {
      Path trace = dir.resolve("hog.strace");
      String hog = "import os, sys\nprint(os.getpid(), flush=True)\nsys.stdin.readline()\n"
          + "b = []\nwhile True:\n    b.append(bytearray(1 << 20))";
      Process strace = new ProcessBuilder("strace", "-f", "-ttt", "-o", trace.toString(), "sh", "-c",
          "echo $$ > '" + cg.resolve("cgroup.procs") + "' && exec python3 -c '" + hog + "'")
          .redirectErrorStream(true).start();
      long pid = firstLinePid(strace);
      HostFacts before = Procfs.live().facts(pid);
      try (OutputStream in = strace.getOutputStream()) {
        in.write('\n');
      }
      assertTrue(strace.waitFor(60, TimeUnit.SECONDS));
      String path = before.findProcess(pid).orElseThrow().memoryCgroup().orElseThrow();
      CgroupFacts counted = Procfs.live().findCgroup(path).orElseThrow();
      assertEquals(1L, counted.oomKills(), "the kernel counted the kill");
      // the kernel log is left out, as if it had rotated away: only strace's "+++ killed by SIGKILL +++" is read
      HostFacts facts = new HostFacts(before.taken(), before.bootTime(), before.bootId(), before.uptime(),
          before.kernelRelease(), before.hostname(), before.cgroupMode(), before.coreDumps(), before.oom(),
          before.meminfo(), before.pressure(), before.processes(), List.of(counted), before.unread());
      Report report = analyze(trace, facts);
      Death d = report.findLast(pid).orElseThrow();
      assertEquals(Cause.CGROUP_OOM, d.cause(), d.verdict().summary());
      assertTrue(report.warnings().stream().anyMatch(w -> w.startsWith("memory cgroup " + path + " counts 1 OOM kill "
          + "(oom_kill in memory.oom_control), and the logs read show 0")), report.warnings().toString());
    } finally {
      Files.deleteIfExists(cg); // rmdir of an empty cgroup
    }
  }

  private static Report analyze(Path trace, HostFacts facts) throws IOException {
    return KillForensics.builder().hostFacts(facts).build().analyze(trace);
  }

  private static void assumeTools() {
    Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"), "not Linux");
    Assumptions.assumeTrue(onPath("strace") && onPath("python3"), "strace or python3 missing");
  }

  private static boolean onPath(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
        return true;
      }
    }
    return false;
  }

  /** The memory cgroup v1 directory of this process, or the test is skipped. */
  private static Path ownMemoryCgroup() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
      String[] f = line.split(":", 3);
      if (f.length == 3 && List.of(f[1].split(",")).contains("memory")) {
        Path p = Path.of("/sys/fs/cgroup/memory" + f[2]);
        if (Files.isWritable(p)) {
          return p;
        }
      }
    }
    Assumptions.abort("no writable cgroup v1 memory controller of our own");
    throw new AssertionError();
  }

  private static long firstLinePid(Process p) throws IOException {
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = r.readLine();
    if (line == null || !line.strip().matches("[0-9]+")) {
      p.destroyForcibly();
      throw new IOException("the staged process did not print its pid: " + line);
    }
    return Long.parseLong(line.strip());
  }
}
