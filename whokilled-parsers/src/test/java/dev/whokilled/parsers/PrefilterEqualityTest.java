package dev.whokilled.parsers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.Analyzer;
import dev.whokilled.KillForensics;
import dev.whokilled.Report;
import dev.whokilled.Session;
import dev.whokilled.parsers.testing.CorpusMix;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The prefilter keeps lines and records from the framing and the parsers; the report must be the one that reading
 * every line through every parser gives. Checked on every corpus file, on the corpus files mixed into real kernel
 * noise (so that blocks, timers and boots meet skipped lines), and on hostile line ends.
 */
final class PrefilterEqualityTest {

  private static final Analyzer FAST = KillForensics.builder().build();
  private static final Analyzer EVERY_LINE = KillForensics.builder().prefilter(false).build();

  private static Report read(Analyzer analyzer, String name, byte[] bytes) throws IOException {
    Session session = analyzer.newSession();
    session.read(name, new ByteArrayInputStream(bytes));
    return session.report();
  }

  private static void assertSame(String name, byte[] bytes) throws IOException {
    Report every = read(EVERY_LINE, name, bytes);
    Report fast = read(FAST, name, bytes);
    assertEquals(every, fast, name);
  }

  @TestFactory
  Stream<DynamicTest> corpus_sameReportWithAndWithoutPrefilter() throws IOException {
    Path root = CorpusMix.root();
    List<Path> files = CorpusMix.files();
    assertTrue(files.size() > 100, "corpus files: " + files.size());
    return files.stream().map(p -> DynamicTest.dynamicTest(root.relativize(p).toString(),
        () -> assertSame(p.getFileName().toString(), Files.readAllBytes(p))));
  }

  /**
   * Every corpus file, cut into pieces of a few lines and scattered through real kernel noise of this VM, in
   * several orders: a parser's timers, blocks and documents meet runs of skipped lines of every length.
   */
  @TestFactory
  Stream<DynamicTest> corpusInNoise_sameReportWithAndWithoutPrefilter() {
    List<DynamicTest> tests = new ArrayList<>();
    for (long seed = 1; seed <= 6; seed++) {
      long s = seed;
      tests.add(DynamicTest.dynamicTest("seed " + seed, () -> {
        for (CorpusMix.Mix mix : CorpusMix.mixes(s)) {
          assertSame(mix.name(), mix.bytes());
        }
      }));
    }
    return tests.stream();
  }

  @Test
  void lineEnds_crLfLoneCrAndNoFinalNewline_sameAsEveryLine() throws IOException {
    String text = "[  727.818193] tail invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\r\n"
        + "[  727.818200] usb 1-1: new high-speed USB device number 2 using xhci_hcd\r"
        + "[  727.818321] Memory cgroup out of memory: Killed process 15304 (tail) total-vm:68148kB, "
        + "anon-rss:65280kB, file-rss:1576kB, shmem-rss:0kB, UID:0 pgtables:172kB oom_score_adj:0\n\n"
        + "    indented continuation of nothing\n"
        + "[  728.000001] wk-crash-it[15283]: segfault at 0 ip 000055df7bb0c1e9 sp 00007ffe29cb2730 error 6";
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    assertSame("ends", bytes);
    Report fast = read(FAST, "ends", bytes);
    assertEquals(6, fast.linesRead());
    assertEquals(2, fast.deaths().size());
  }

  @Test
  void longLine_cutAndNoted_sameAsEveryLine() throws IOException {
    Analyzer small = KillForensics.builder().maxLineBytes(256).build();
    String longLine = "[  800.000000] " + "x".repeat(1000) + " Killed process 1 (init)";
    byte[] bytes = ("[  799.000000] a line\n" + longLine + "\n[  801.000000] after\n").getBytes(StandardCharsets.UTF_8);
    Report r = read(small, "long", bytes);
    assertEquals(3, r.linesRead());
    assertEquals(1, r.problems().size(), r.problems().toString());
    assertEquals(2, r.problems().get(0).line());
    assertTrue(r.problems().get(0).message().startsWith("line longer than 256 bytes"), r.problems().toString());
    Report every = read(KillForensics.builder().maxLineBytes(256).prefilter(false).build(), "long", bytes);
    assertEquals(every, r);
  }

}
