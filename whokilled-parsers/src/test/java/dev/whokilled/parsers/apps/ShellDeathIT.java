package dev.whokilled.parsers.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.Cause;
import dev.whokilled.Death;
import dev.whokilled.KillForensics;
import dev.whokilled.Report;
import dev.whokilled.event.Signal;
import dev.whokilled.event.SignalDelivery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs bash scripts whose children die of SIGKILL, SIGSEGV, SIGABRT, SIGXCPU (a CPU-time limit and a busy loop)
 * and SIGXFSZ (a file-size limit and a write), and reads what bash printed on its standard error. Each child
 * prints its own pid first, so the test knows whom bash must name. Skips itself where there is no bash.
 */
final class ShellDeathIT {

  @TempDir Path dir;

  private static final String SCRIPT = String.join("\n",
      "ulimit -c 0",
      "sh -c 'echo $$; kill -KILL $$'",
      "sh -c 'echo $$; kill -SEGV $$'",
      "sh -c 'echo $$; kill -ABRT $$'",
      "(ulimit -St 1; exec sh -c 'echo $$; while :; do :; done')",
      "(ulimit -Sf 1; exec sh -c 'echo $$; exec head -c 65536 /dev/zero > \"$1\"' sh \"$BIG\")",
      "true",
      "");

  @Test
  void bashScript_childrenNamedBySignal() throws Exception {
    Path bash = Path.of("/bin/bash");
    Assumptions.assumeTrue(Files.isExecutable(bash), "no bash here");
    Path script = dir.resolve("deaths.sh");
    Files.writeString(script, SCRIPT);
    Run run = run(List.of(bash.toString(), script.toString()));
    assertEquals(5, run.pids.size(), () -> "the children's pids: " + run);

    Report report = KillForensics.analyze(run.stderr);
    Signal[] signals = {Signal.SIGKILL, Signal.SIGSEGV, Signal.SIGABRT, Signal.SIGXCPU, Signal.SIGXFSZ};
    Cause[] causes = {Cause.UNKNOWN, Cause.CRASH_SEGFAULT, Cause.CRASH_ABORT, Cause.RESOURCE_LIMIT,
        Cause.RESOURCE_LIMIT};
    for (int i = 0; i < signals.length; i++) {
      long pid = run.pids.get(i);
      int k = i;
      Death d = report.findLast(pid).orElseThrow(() -> new AssertionError("no death of " + pid + " in " + run));
      SignalDelivery s = (SignalDelivery) d.events().get(0);
      assertEquals(signals[k], s.signal(), () -> "pid " + pid + " in " + run);
      assertEquals(causes[k], d.cause(), () -> d.verdict().summary());
      if (i < 3) {
        assertEquals("sh", d.victim().comm(), () -> run.toString());
      }
      assertTrue(s.evidence().get(0).text().contains(script.getFileName().toString() + ": line "),
          () -> run.toString());
    }
    assertEquals(5, report.deaths().size(), () -> run.toString());
  }

  @Test
  void bashDashC_childNamed() throws Exception {
    Path bash = Path.of("/bin/bash");
    Assumptions.assumeTrue(Files.isExecutable(bash), "no bash here");
    Run run = run(List.of(bash.toString(), "-c", "ulimit -c 0; sh -c 'echo $$; kill -SEGV $$'; true"));
    assertEquals(1, run.pids.size(), () -> run.toString());
    Death d = KillForensics.analyze(run.stderr).findLast(run.pids.get(0))
        .orElseThrow(() -> new AssertionError(run.toString()));
    assertEquals(Cause.CRASH_SEGFAULT, d.cause());
    assertEquals("sh", d.victim().comm());
  }

  /** What a run printed: the children's pids on standard output, bash's messages on standard error. */
  private record Run(List<Long> pids, List<String> stderr) {}

  private Run run(List<String> command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().put("BIG", dir.resolve("big").toString());
    pb.environment().put("LC_ALL", "C");
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
    Process p = pb.start();
    p.getOutputStream().close();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("bash did not finish in 60 s");
    }
    List<Long> pids = new ArrayList<>();
    for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        pids.add(Long.parseLong(line.strip()));
      }
    }
    return new Run(pids, Files.readAllLines(err, StandardCharsets.UTF_8));
  }
}
