package dev.whokilled.parsers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.Cause;
import dev.whokilled.Death;
import dev.whokilled.KillForensics;
import dev.whokilled.Report;
import dev.whokilled.Session;
import dev.whokilled.event.KillEvent;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real death seen by two witnesses: a memory cgroup OOM kill of a process traced by strace. The kernel log
 * counts time since boot and strace {@code -ttt} the wall clock; with the machine's boot time the correlator
 * joins them into one death, the kernel's report naming the cause and strace's {@code +++ killed by SIGKILL +++}
 * confirming it. Skips itself where the machine cannot stage an OOM kill or has no strace.
 */
final class CrossWitnessIT {

  @TempDir Path dir;

  @Test
  void oomKillOfATracedProcess_oneDeathTwoWitnesses() throws Exception {
    StagedOom.unavailable().ifPresent(Assumptions::abort);
    Assumptions.assumeTrue(onPath("strace"), "no strace");
    Instant boot = bootTime().orElse(null);
    Assumptions.assumeTrue(boot != null, "no boot time in /proc/stat");
    Assumptions.assumeFalse(LiveOomIT.dmesg().isEmpty(), "the kernel log cannot be read here");
    Path trace = dir.resolve("hog.strace");
    try (StagedOom oom = StagedOom.create("whokilled-xw-" + ProcessHandle.current().pid())) {
      oom.run(List.of("strace", "-f", "-ttt", "-e", "trace=execve,exit_group", "-o", trace.toString()));
    }
    long pid = killedPid(Files.readAllLines(trace, StandardCharsets.UTF_8));
    Report report = null;
    for (int attempt = 0; attempt < 20; attempt++) { // the kill line can lag the exit by a moment
      Session s = KillForensics.builder().bootTime(boot).build().newSession();
      s.read("dmesg", new StringReader(String.join("\n", LiveOomIT.dmesg())));
      s.read(trace);
      report = s.report();
      if (report.findByPid(pid).stream().anyMatch(d -> d.cause() != Cause.UNKNOWN)) {
        break;
      }
      Thread.sleep(100);
    }
    List<Death> deaths = report.findByPid(pid);
    Death death = report.findLast(pid).orElseThrow();
    assertEquals(0, deaths.stream().filter(d -> d.events().stream()
        .allMatch(e -> e.evidence().get(0).source().equals("hog.strace"))).count(),
        "strace's witness stands alone: " + deaths);
    assertEquals(Cause.CGROUP_OOM, death.cause(), death.verdict().summary());
    Set<String> kinds = new TreeSet<>();
    for (KillEvent e : death.events()) {
      kinds.add(e.kind().name());
    }
    assertEquals(Set.of("OOM_KILL", "SIGNAL"), kinds, "both witnesses: " + death.events());
    assertTrue(death.verdict().evidence().stream().anyMatch(r -> r.source().equals("hog.strace")),
        "strace's line is evidence: " + death.verdict().evidence());
    assertTrue(death.verdicts().stream().noneMatch(v -> v.cause() == Cause.UNKNOWN), death.verdicts().toString());
  }

  /** The pid strace saw killed by SIGKILL ({@code 4242 1700000000.123456 +++ killed by SIGKILL +++}). */
  private static long killedPid(List<String> lines) {
    for (String l : lines) {
      if (l.contains("+++ killed by SIGKILL")) {
        return Long.parseLong(l.substring(0, l.indexOf(' ')).trim());
      }
    }
    throw new AssertionError("strace saw no SIGKILL: " + lines);
  }

  private static Optional<Instant> bootTime() throws Exception {
    for (String l : Files.readAllLines(Path.of("/proc/stat"))) {
      if (l.startsWith("btime ")) {
        return Optional.of(Instant.ofEpochSecond(Long.parseLong(l.substring(6).trim())));
      }
    }
    return Optional.empty();
  }

  private static boolean onPath(String command) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", "command -v " + command).start();
    return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
  }
}
