package dev.whokilled.procfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.whokilled.KillForensics;
import dev.whokilled.ParseProblem;
import dev.whokilled.Report;
import dev.whokilled.facts.HostFacts;
import dev.whokilled.facts.ProcessFacts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Captured trees no machine wrote: each host, process and cgroup file of a generated tree is missing, real, garbage,
 * bytes, a directory, a link out of the tree or into a loop, or unreadable. Reading such a tree never throws; the
 * same tree reads the same twice; a snapshot of it reads as it did (what could not be read stays unread, the
 * phrases aside); the OOM order keeps its rules; and an analysis given the facts does not fail on them. Jazzer
 * replays {@code ProcfsFuzzTestInputs} in every build and fuzzes in CI ({@code JAZZER_FUZZ=1}).
 */
final class ProcfsFuzzTest {

  /** One directory for every run's trees, removed when the JVM ends. */
  private static final Path BASE = base();

  private static int runs;

  private static Path base() {
    try {
      Path p = Files.createTempDirectory("whokilled-procfs-fuzz");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcfsHostileTreeTest.delete(p)));
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Contents the kernel writes, one or two per file, so that a tree mixes real values with damaged ones. */
  private static String real(String file, long pid, String name, String cgroup) {
    return switch (file) {
      case "proc/stat" -> "cpu  1 2 3 4\nbtime 1764990000\nprocesses 812\n";
      case "proc/sys/kernel/random/boot_id" -> "6f4c1f44-3c8f-4e5b-9d4a-1c2b3d4e5f60\n";
      case "proc/uptime" -> "351.84 690.12\n";
      case "proc/sys/kernel/osrelease" -> "6.18.44\n";
      case "proc/sys/kernel/hostname" -> "web1\n";
      case "proc/sys/kernel/core_pattern" -> "|/usr/lib/systemd/systemd-coredump %P %u %g %s %t %c %h\n";
      case "proc/meminfo" -> "MemTotal:        2014548 kB\nMemFree:          112340 kB\nSwapTotal:             0 kB\n";
      case "proc/pressure/memory" -> "some avg10=0.00 avg60=0.12 avg300=0.05 total=48123\n"
          + "full avg10=0.00 avg60=0.03 avg300=0.01 total=20912\n";
      case "status" -> "Name:\t" + StatusFile.escape(name) + "\nState:\tS (sleeping)\nPPid:\t1\n"
          + "Uid:\t1000\t1000\t1000\t1000\nVmRSS:\t    1024 kB\nSigBlk:\t0000000000000000\n"
          + "SigIgn:\t0000000000001000\nSigCgt:\t0000000000004002\n";
      case "stat" -> pid + " (" + name + ") S 1 " + pid + " " + pid
          + " 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 500 0 0 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0\n";
      case "limits" -> Trees.LIMITS_HEADER + Trees.limitsRow(dev.whokilled.facts.Rlimit.CORE, "0", "unlimited");
      case "cgroup" -> "12:memory:" + cgroup + "\n0::" + cgroup + "\n";
      case "cmdline" -> name + "\0--flag\0";
      case "oom_score", "oom_score_adj", "oom_adj" -> "0\n";
      case "memory.max", "memory.limit_in_bytes" -> "67108864\n";
      case "memory.events" -> "low 0\nhigh 0\nmax 12\noom 3\noom_kill 2\n";
      case "memory.oom_control" -> "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n";
      case "memory.oom.group" -> "1\n";
      default -> "4096\n";
    };
  }

  /** Names the kernel shows: spaces, parentheses, a newline (escaped in status), bytes that are not UTF-8. */
  private static final String[] NAMES = {
    "python3", "my (app) x", "a) b (c", "sp ace", "new\nline", "back\\slash", "\u00e9t\u00e9", "", "x) S 1 2 3",
  };

  /**
   * A generated tree: no failure, the same facts twice, a snapshot that reads the same, and an analysis that uses
   * the facts without failing.
   *
   * @param data the fuzzer's input
   * @throws IOException if the tree cannot be written
   */
  @FuzzTest(maxDuration = "30s")
  void generatedTree_readsWithoutFailing(FuzzedDataProvider data) throws IOException {
    Path root = BASE.resolve("t" + runs++);
    Files.createDirectories(root);
    try {
      List<Long> pids = generate(data, root);
      check(Procfs.at(root), pids, root);
    } finally {
      ProcfsHostileTreeTest.delete(root);
    }
  }

  private static List<Long> generate(FuzzedDataProvider data, Path root) throws IOException {
    String mode = data.pickValue(new String[] {"v1", "v2", "hybrid", "none"});
    List<String> cgroups = new ArrayList<>();
    for (String f : Procfs.HOST_FILES) {
      file(data, root, f, real(f, 0, "", "/"));
    }
    List<Long> pids = new ArrayList<>();
    for (int n = data.consumeInt(0, 4); n > 0; n--) {
      long pid = data.consumeBoolean() ? data.consumeLong(1, 99) : data.consumeLong(1, Long.MAX_VALUE);
      pids.add(pid);
      String name = data.pickValue(NAMES);
      String cgroup = data.pickValue(new String[] {"/", "/app", "/system.slice/x.service", "/../../etc", "/a//b",
          "relative", "/kubepods/burstable/pod1/" + "c".repeat(64)});
      cgroups.add(cgroup);
      for (String f : Procfs.PROCESS_FILES) {
        file(data, root, "proc/" + pid + "/" + f, real(f, pid, name, cgroup));
      }
    }
    if (!mode.equals("none")) {
      boolean v2 = mode.equals("v2");
      if (v2) {
        file(data, root, "sys/fs/cgroup/cgroup.controllers", "cpu memory pids\n");
      } else {
        Files.createDirectories(root.resolve("sys/fs/cgroup/memory"));
        if (mode.equals("hybrid")) {
          Files.createDirectories(root.resolve("sys/fs/cgroup/unified"));
        }
      }
      for (String cgroup : cgroups) {
        String dir = Procfs.cgroupDir(cgroup, v2);
        if (dir == null) {
          continue;
        }
        for (String f : v2 ? Procfs.V2_FILES : Procfs.V1_FILES) {
          file(data, root, dir + "/" + f, real(f, 0, "", cgroup));
        }
      }
    }
    if (data.consumeBoolean()) {
      file(data, root, Procfs.SNAPSHOT_MARK, "taken 2026-12-06T01:00:00Z\n");
    }
    return pids;
  }

  /** Writes one file of the tree in one of the ways a captured tree can hold it. */
  private static void file(FuzzedDataProvider data, Path root, String relative, String real) throws IOException {
    Path p = root.resolve(relative);
    Files.createDirectories(p.getParent());
    if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return; // two generated processes or cgroups may share a path
    }
    switch (data.consumeInt(0, 9)) {
      case 0 -> { } // missing
      case 1 -> Files.write(p, data.consumeBytes(200));
      case 2 -> Files.writeString(p, data.consumeString(120), StandardCharsets.UTF_8);
      case 3 -> Files.createDirectories(p);
      case 4 -> Files.createSymbolicLink(p, Path.of("/proc/self/status"));
      case 5 -> Files.createSymbolicLink(p, p); // a loop
      case 6 -> {
        // the real text cut anywhere, as a capture interrupted mid-write leaves it
        byte[] b = real.getBytes(StandardCharsets.UTF_8);
        Files.write(p, java.util.Arrays.copyOf(b, data.consumeInt(0, b.length)));
      }
      case 7 -> {
        Files.writeString(p, real, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("---------"));
      }
      default -> Files.writeString(p, real, StandardCharsets.UTF_8);
    }
  }

  private static void check(Procfs fs, List<Long> pids, Path root) throws IOException {
    HostFacts all = fs.facts();
    assertEquals(all, fs.facts(), "the same tree read twice");
    assertNotNull(fs.host());
    for (long pid : pids) {
      fs.findProcess(pid).ifPresent(p -> {
        assertEquals(pid, p.pid());
        fs.memoryCgroup(p);
      });
      assertTrue(fs.facts(pid).processes().size() <= 1);
    }
    List<ProcessFacts> order = fs.oomOrder();
    for (int i = 0; i < order.size(); i++) {
      ProcessFacts p = order.get(i);
      assertTrue(p.oomScore() != null && p.pid() != 1 && !p.oomExempt() && !p.kernelThread(), p::toString);
      if (i > 0) {
        ProcessFacts before = order.get(i - 1);
        assertTrue(before.oomScore() > p.oomScore()
            || before.oomScore().equals(p.oomScore()) && before.pid() < p.pid(), order::toString);
      }
    }
    fs.findCgroup("/");
    fs.findCgroup("/app");

    Path copy = root.resolveSibling(root.getFileName() + "-snapshot");
    try {
      Snapshot.capture(fs, copy);
      assertEquals(values(all), values(Procfs.at(copy).facts()), "a snapshot reads as its source did");
    } finally {
      ProcfsHostileTreeTest.delete(copy);
    }

    Report report = KillForensics.builder().hostFacts(all).build().analyze(List.of(
        "[  351.000000] Memory cgroup out of memory: Killed process 1 (python3) total-vm:75160kB, "
            + "anon-rss:65132kB, file-rss:6644kB, shmem-rss:0kB, UID:0 pgtables:188kB oom_score_adj:0"));
    for (ParseProblem problem : report.problems()) {
      assertTrue(!problem.message().contains(" failed: "), problem::toString);
    }
  }

  /**
   * The facts without the time taken and without what could not be read, per process and for the host: a copy
   * holds no file its source could not read, so the phrase may differ ({@code missing} for {@code outside the
   * tree}) while the value ({@code null}) is the same.
   */
  static HostFacts values(HostFacts h) {
    List<ProcessFacts> ps = new ArrayList<>();
    for (ProcessFacts p : h.processes()) {
      ps.add(new ProcessFacts(p.pid(), p.comm(), p.state(), p.ppid(), p.uid(), p.startTime(), p.oomScore(),
          p.oomScoreAdj(), p.oomAdj(), p.memory(), p.limits(), p.caught(), p.ignored(), p.blocked(), p.pending(),
          p.cgroups(), p.cmdline(), p.kernelThread(), List.of()));
    }
    return new HostFacts(null, h.bootTime(), h.bootId(), h.uptime(), h.kernelRelease(), h.hostname(),
        h.cgroupMode(), h.coreDumps(), h.oom(), h.meminfo(), h.pressure(), ps, h.cgroups(), List.of());
  }
}
