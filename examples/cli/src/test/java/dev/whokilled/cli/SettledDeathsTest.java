package dev.whokilled.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.KillForensics;
import dev.whokilled.Report;
import dev.whokilled.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code whokilled --json FILE} writes the deaths of a large file out as it reads it: the document is the one the
 * whole report gives, byte for byte, and when a line read late changes a death written out already, the file is read
 * again.
 */
final class SettledDeathsTest {

  /** The document of the whole report, as the command writes it. */
  private static String whole(Path file) throws IOException {
    Session session = KillForensics.builder().build().newSession();
    try (InputStream in = Files.newInputStream(file)) {
      session.read(file.getFileName().toString(), in);
    }
    Report report = session.report();
    StringWriter out = new StringWriter();
    PrintWriter w = new PrintWriter(out);
    JsonRenderer.write(new Analysis(report, List.of(), List.of()), w, false);
    w.println();
    w.flush();
    return out.toString();
  }

  /** A kernel log of an hour and a half: this VM's memory cgroup OOM report over and over, with fresh pids. */
  @Test
  void largeFile_deathsWrittenAsRead_sameDocument(@TempDir Path dir) throws IOException {
    List<String> report = new ArrayList<>();
    for (String l : Files.readAllLines(TestSupport.corpus(), StandardCharsets.UTF_8)) {
      if (l.startsWith("[") && l.indexOf(']') > 0) {
        report.add(l.substring(l.indexOf(']') + 2));
      }
    }
    StringBuilder log = new StringBuilder();
    Random random = new Random(5);
    long micros = 5_000_000;
    for (int death = 0; death < 600; death++) {
      for (String m : report) {
        micros += random.nextInt(100_000);
        log.append(String.format(Locale.ROOT, "[%5d.%06d] ", micros / 1_000_000, micros % 1_000_000))
            .append(m.replace("15304", Integer.toString(30000 + death))).append('\n');
      }
    }
    Path file = dir.resolve("kern.log");
    Files.writeString(file, log, StandardCharsets.UTF_8);
    TestSupport.Run run = TestSupport.run("--json", file.toString());
    assertEquals(0, run.status(), run.err());
    assertEquals(whole(file), run.out());
    assertTrue(run.out().split("\"cause\":\"cgroup-oom\"", -1).length > 600, "every death");
  }

  /**
   * strace's word without a time column joins the latest death of its pid, long after the deaths before it were
   * written out: the file is read again, and the document is the whole report's all the same.
   */
  @Test
  void lateWitnessChangesAWrittenDeath_readAgain_sameDocument(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("mixed.log");
    Files.writeString(file, lateWitness(), StandardCharsets.UTF_8);
    TestSupport.Run run = TestSupport.run("--json", file.toString());
    assertEquals(0, run.status(), run.err());
    assertEquals(whole(file), run.out());
  }

  /**
   * A FIFO cannot be read again: its deaths are held to the end, not written out, and the late witness still joins
   * its death (read a second time, the FIFO would wait for a writer that never comes).
   */
  @Test
  void lateWitnessThroughAFifo_readOnce_sameDocument(@TempDir Path dir) throws Exception {
    // the same name, so that the evidence's places are the same
    Path file = Files.createDirectory(dir.resolve("regular")).resolve("mixed.log");
    Files.writeString(file, lateWitness(), StandardCharsets.UTF_8);
    Path fifo = dir.resolve("mixed.log");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
    Assumptions.assumeTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo is not available");
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      try (OutputStream out = Files.newOutputStream(fifo)) {
        Files.copy(file, out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    TestSupport.Run run = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> TestSupport.run("--json",
        fifo.toString()), "the FIFO was opened a second time");
    writer.get(30, TimeUnit.SECONDS);
    assertEquals(0, run.status(), run.err());
    assertEquals(whole(file), run.out());
  }

  /** Segfaults, then strace's word without a time column for the first of their pids. */
  private static String lateWitness() {
    StringBuilder log = new StringBuilder();
    for (int k = 0; k < 1200; k++) {
      log.append(String.format(Locale.ROOT, "[%5d.000000] ", 100 + k)).append("sf[").append(5000 + k)
          .append("]: segfault at 0 ip 000055df7bb0c1e9 sp 00007ffe29cb2730 error 6 in sf[11e9,55df7bb0c000+1000]\n");
    }
    log.append("5000  --- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL} ---\n");
    log.append("5000  +++ killed by SIGSEGV (core dumped) +++\n");
    return log.toString();
  }
}
