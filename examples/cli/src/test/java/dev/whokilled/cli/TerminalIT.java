package dev.whokilled.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar on a pseudo-terminal, as a person runs it: util-linux {@code script} gives it one for standard input,
 * output and error. The report is coloured there (unless {@code NO_COLOR}), and an input that takes a while to read
 * (a FIFO fed slowly) shows the progress bar on standard error, cleared at the end. Skips itself without
 * {@code script} or {@code mkfifo}.
 */
final class TerminalIT {

  @TempDir Path dir;

  @BeforeEach
  void tools() {
    Assumptions.assumeTrue(MachineSources.onPath("script") != null, "no script (util-linux) here");
    Assumptions.assumeTrue(MachineSources.onPath("mkfifo") != null, "no mkfifo here");
  }

  /** Runs the jar under script(1), its input a FIFO that gets the corpus over a second and a half. */
  private String onATerminal(String env) throws Exception {
    Path fifo = dir.resolve("slow.log");
    Files.deleteIfExists(fifo);
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    Path jar = Path.of(System.getProperty("whokilled.jar", "target/whokilled.jar")).toAbsolutePath();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of("script", "-qec",
        env + " '" + java + "' -jar '" + jar + "' --zone UTC '" + fifo + "'", "/dev/null"));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    List<String> lines = Files.readAllLines(TestSupport.corpus());
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      try (OutputStream out = Files.newOutputStream(fifo)) {
        for (int i = 0; i < lines.size(); i++) {
          out.write((lines.get(i) + "\n").getBytes(StandardCharsets.UTF_8));
          if (i % 25 == 0) {
            out.flush();
            Thread.sleep(150);
          }
        }
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    String typescript = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "did not finish");
    writer.get(10, TimeUnit.SECONDS);
    assertEquals(0, p.exitValue(), typescript);
    return typescript;
  }

  @Test
  void terminal_colouredReport_progressBarDrawnThenCleared() throws Exception {
    String t = onATerminal("TERM=xterm");

    assertTrue(t.contains("\rwhokilled: reading " + dir.resolve("slow.log")), "the bar: " + t);
    assertTrue(t.contains(" MiB\u001b[K"), t);
    assertTrue(t.contains("\r\u001b[K\u001b[1;4mBoot 1 of 1: 3 deaths"), "cleared before the report: " + t);
    assertTrue(t.contains("\u001b[1mpython3 (pid 1742, uid 0)\u001b[0m \u001b[1;31mwas killed by the kernel's OOM "
        + "killer"), t);
    assertTrue(t.contains("\u001b[32m97% sure\u001b[0m"), t);
  }

  @Test
  void noColor_plainReport_progressStill() throws Exception {
    String t = onATerminal("NO_COLOR=1 TERM=xterm");

    assertTrue(t.contains("\rwhokilled: reading "), "progress is no colour: " + t);
    String report = t.substring(t.lastIndexOf("\u001b[K") + 3);
    assertFalse(report.contains("\u001b"), report);
    assertTrue(report.contains("1. python3 (pid 1742, uid 0) was killed by the kernel's OOM killer"), report);
  }
}
