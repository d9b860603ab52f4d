package dev.whokilled.parsers.strace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.Cause;
import dev.whokilled.Death;
import dev.whokilled.KillForensics;
import dev.whokilled.Report;
import dev.whokilled.Verdict;
import dev.whokilled.event.Signal;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Traces a real signal on this machine and reads strace's own output: {@code sh} starts a {@code sleep}, prints
 * both pids, then, when told, sends the sleep a signal with its {@code kill} builtin; all of it under
 * {@code strace -f -ttt -o FILE}. Skips itself where strace is missing or ptrace is not permitted.
 */
final class StraceSignalIT {

  /** The script: a sleep in the background, the pids on stdout, a line on stdin, then the signal. */
  static final String SCRIPT = "sleep 100 & echo $$ $!; read go; kill -%s $!; wait $!; exit 0";

  @Test
  void sigterm_sendersPidAndName() throws Exception {
    Staged s = stage("TERM");
    Death d = s.death();
    Verdict v = d.verdicts().get(0);
    assertEquals(Cause.SIGNAL, d.cause(), v.summary());
    assertEquals("sleep", d.victim().comm());
    assertEquals(Signal.SIGTERM, v.signal());
    assertEquals(s.shellPid, v.killer().pid());
    assertEquals("sh", v.killer().comm());
    assertEquals((int) s.uid(), v.killer().uid());
  }

  @Test
  void sigusr1_sendersPidAndName() throws Exception {
    Staged s = stage("USR1");
    Death d = s.death();
    Verdict v = d.verdicts().get(0);
    assertEquals(Cause.SIGNAL, d.cause(), v.summary());
    assertEquals(Signal.SIGUSR1, v.signal());
    assertEquals(s.shellPid, v.killer().pid());
    assertEquals("sh", v.killer().comm());
  }

  @Test
  void sigkill_noSender() throws Exception {
    Staged s = stage("KILL");
    Death d = s.death();
    Verdict v = d.verdicts().get(0);
    assertEquals(Cause.UNKNOWN, d.cause(), v.summary());
    assertEquals(Signal.SIGKILL, v.signal());
    assertNull(v.killer(), "SIGKILL's delivery is never shown: strace sees only the death");
    assertEquals("sleep", d.victim().comm());
  }

  /** One staged send: the trace file and the pids. */
  record Staged(Path trace, long shellPid, long sleepPid) {
    Death death() throws IOException {
      Report report = KillForensics.analyze(trace);
      Death d = report.findLast(sleepPid).orElseThrow(
          () -> new AssertionError("no death of pid " + sleepPid + " in " + report.deaths()));
      assertTrue(d.verdicts().get(0).confidence() > 0.5, d.verdicts().toString());
      return d;
    }

    long uid() throws IOException {
      return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
    }
  }

  static Staged stage(String signal) throws Exception {
    Assumptions.assumeTrue(works("strace", "-V"), "strace is not installed");
    Path probe = Files.createTempFile("whokilled-strace-probe", ".txt");
    try {
      Assumptions.assumeTrue(works("strace", "-o", probe.toString(), "true"),
          "strace cannot trace here (ptrace not permitted)");
    } finally {
      Files.deleteIfExists(probe);
    }
    Path trace = Files.createTempFile("whokilled-strace-it", ".txt");
    trace.toFile().deleteOnExit();
    Process strace = new ProcessBuilder("strace", "-f", "-ttt", "-o", trace.toString(), "sh", "-c",
        String.format(SCRIPT, signal)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(strace.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      Assumptions.assumeTrue(line != null, "the traced shell printed nothing");
      String[] pids = line.trim().split(" ");
      long shell = Long.parseLong(pids[0]);
      long sleep = Long.parseLong(pids[1]);
      // the background child runs sh until its execve of sleep: send only once it is sleep
      Path comm = Path.of("/proc", Long.toString(sleep), "comm");
      for (int i = 0; i < 500 && !(Files.exists(comm) && Files.readString(comm).trim().equals("sleep")); i++) {
        Thread.sleep(10);
      }
      try (OutputStream in = strace.getOutputStream()) {
        in.write("go\n".getBytes(StandardCharsets.UTF_8));
      }
      assertTrue(strace.waitFor(60, TimeUnit.SECONDS), "strace did not end");
      return new Staged(trace, shell, sleep);
    } finally {
      strace.descendants().forEach(ProcessHandle::destroyForcibly);
      strace.destroyForcibly();
    }
  }

  static boolean works(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
