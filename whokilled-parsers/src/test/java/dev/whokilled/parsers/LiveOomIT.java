package dev.whokilled.parsers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.Cause;
import dev.whokilled.Death;
import dev.whokilled.KillForensics;
import dev.whokilled.Report;
import dev.whokilled.event.OomKill;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Stages a real memory cgroup OOM kill on this machine and reads the machine's own kernel log. Skips itself
 * where the machine does not allow it (not root, no memory cgroup to create a child in, no dmesg).
 */
final class LiveOomIT {

  @Test
  void stagedMemcgOom_namedFromTheKernelLog() throws Exception {
    StagedOom.unavailable().ifPresent(why -> Assumptions.abort(why));
    List<String> before = dmesg();
    Assumptions.assumeFalse(before.isEmpty(), "the kernel log cannot be read here");
    long pid;
    String cgroupPath;
    try (StagedOom oom = StagedOom.create("whokilled-it-" + ProcessHandle.current().pid())) {
      cgroupPath = oom.cgroupPath;
      pid = oom.run();
    }
    Report report = null;
    for (int attempt = 0; attempt < 20; attempt++) { // the kill line can lag the exit by a moment
      report = KillForensics.analyze(dmesg());
      if (!report.findByPid(pid).isEmpty()) {
        break;
      }
      Thread.sleep(100);
    }
    assertNotNull(report);
    Death death = report.findLast(pid).orElseThrow(() -> new AssertionError("no death of pid " + pid));
    assertEquals(Cause.CGROUP_OOM, death.cause(), death.verdict().summary());
    assertEquals("tail", death.victim().comm());
    assertEquals(cgroupPath, death.victim().cgroup());
    OomKill kill = (OomKill) death.events().get(0);
    assertEquals(cgroupPath, kill.oomCgroup());
    assertEquals(StagedOom.LIMIT, kill.cgroupMemory().limit());
    assertTrue(death.verdict().confidence() > 0.9, "confidence " + death.verdict().confidence());
  }

  static List<String> dmesg() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("dmesg").redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      return List.of();
    }
    return new String(out, StandardCharsets.UTF_8).lines().toList();
  }
}
