package dev.whokilled.cli;

import static dev.whokilled.cli.TestSupport.array;
import static dev.whokilled.cli.TestSupport.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.cli.TestSupport.Run;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

final class WatchCommandTest {

  private static InputStream corpus() throws Exception {
    return new ByteArrayInputStream(Files.readAllBytes(TestSupport.corpus()));
  }

  @Test
  void stdinJson_oneObjectALine_theDeathsOfTheDocument() throws Exception {
    Run watch = TestSupport.watch(TestSupport.watchStdin(corpus()), "--json", "-");
    Run document = TestSupport.run(corpus(), TestSupport.noMachine(), "--json", "-");

    assertEquals(0, watch.status(), watch.err());
    List<String> lines = watch.out().lines().toList();
    List<Object> deaths = array(object(TestSupport.parse(document.out())).get("deaths"));
    assertEquals(3, lines.size(), watch.out());
    for (int i = 0; i < lines.size(); i++) {
      assertEquals(deaths.get(i), TestSupport.parse(lines.get(i)), "death " + i);
    }
  }

  @Test
  void stdinText_twoLinesADeath_stoppedLineOnStderr() throws Exception {
    Run r = TestSupport.watch(TestSupport.watchStdin(corpus()), "--zone", "UTC", "-");

    assertEquals(0, r.status(), r.err());
    List<String> out = r.out().lines().toList();
    assertEquals(6, out.size(), r.out());
    assertEquals(" ".repeat(10) + "+51.657 s  python3 (pid 1742, uid 0) was killed by the kernel's OOM killer: a "
        + "memory cgroup reached its limit [cgroup-oom, 97% sure]", out.get(0));
    assertEquals(" ".repeat(21) + "The kernel's OOM killer killed python3 (pid 1742) because memory cgroup "
        + "/process_api/f4213a66b8f9e30ea0aad2252c1ce01c/wk-stage1 reached its limit of 64.0 MiB; it held 70.1 MiB "
        + "resident (-:91).", out.get(1));
    List<String> err = r.err().lines().toList();
    assertTrue(err.get(0).startsWith("whokilled: watching standard input from "), r.err());
    assertEquals("whokilled: stopped (3 deaths seen)", err.get(err.size() - 1));
  }

  @Test
  void fileArgument_usageError() {
    Run r = TestSupport.watch(TestSupport.watchStdin(InputStream.nullInputStream()), "kern.log");

    assertEquals(2, r.status());
    assertTrue(r.err().startsWith("whokilled: watch reads this machine's live logs, or standard input (-); to "
        + "analyse kern.log, run whokilled kern.log"), r.err());
  }

  @Test
  void nothingToWatch_exitsOne() {
    Run r = TestSupport.watch(TestSupport.watchPlan(InputStream.nullInputStream(), Path.of("/nonexistent/kmsg"),
        () -> false));

    assertEquals(1, r.status());
    assertEquals("whokilled: nothing to watch: cannot read /nonexistent/kmsg: no such file, and journald does not "
        + "run" + System.lineSeparator(), r.err());
    assertEquals("", r.out());
  }

  @Test
  void help_examplesAndTheStream() {
    Run r = TestSupport.run("watch", "--help");

    assertEquals(0, r.status());
    assertTrue(r.out().contains("Usage: whokilled watch"), r.out());
    assertTrue(r.out().contains("whokilled watch --json | jq"), r.out());
    assertTrue(r.out().contains("one object a line"), r.out());
  }

  @Test
  void analysisOptionsBeforeWatch_usageError() {
    Run r = TestSupport.run("--json", "watch");

    assertEquals(2, r.status());
    assertTrue(r.err().contains("--json belongs to the log analysis, not to 'watch'"), r.err());
  }
}
