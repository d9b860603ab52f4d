package dev.whokilled.parsers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.Analyzer;
import dev.whokilled.Death;
import dev.whokilled.KillForensics;
import dev.whokilled.Report;
import dev.whokilled.Session;
import dev.whokilled.parsers.testing.CorpusMix;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Deaths handed out before the end of their stream ({@link Session#settleInto}): whenever the session says they are
 * intact, they and the report's rest are the report of the whole, death for death; on every corpus file and the
 * corpus scattered through real kernel noise, with a margin of nothing (which hands out all it can, and so meets
 * every later witness that changes a death) and of minutes. On a long kernel log of OOM reports and segfaults they
 * are handed out, and intact.
 */
final class SettleEqualityTest {

  private static final Analyzer ANALYZER = KillForensics.builder().build();

  /** The deaths handed out, then the report's; and whether the session found them intact. */
  private record Settled(List<Death> deaths, Report rest, boolean intact, int handed) {}

  private static Settled settle(String name, byte[] bytes, Duration margin) throws IOException {
    List<Death> out = new ArrayList<>();
    Session session = ANALYZER.newSession().settleInto(margin, out::add);
    session.read(name, new ByteArrayInputStream(bytes));
    Report rest = session.report();
    int handed = out.size();
    out.addAll(rest.deaths());
    return new Settled(out, rest, session.settledIntact(), handed);
  }

  private static Report whole(String name, byte[] bytes) throws IOException {
    Session session = ANALYZER.newSession();
    session.read(name, new ByteArrayInputStream(bytes));
    return session.report();
  }

  /** Whether deaths were handed out and found intact. */
  private static boolean assertIntactMeansSame(String name, byte[] bytes, Duration margin) throws IOException {
    Settled s = settle(name, bytes, margin);
    if (!s.intact()) {
      return false;
    }
    Report w = whole(name, bytes);
    assertEquals(w.deaths(), s.deaths(), name + " with " + margin);
    assertEquals(w.warnings(), s.rest().warnings(), name);
    assertEquals(w.problems(), s.rest().problems(), name);
    assertEquals(w.linesRead(), s.rest().linesRead(), name);
    return s.handed() > 0;
  }

  @TestFactory
  Stream<DynamicTest> corpus_intactMeansTheWholeReport() throws IOException {
    return CorpusMix.files().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
      byte[] bytes = Files.readAllBytes(p);
      assertIntactMeansSame(p.getFileName().toString(), bytes, Duration.ZERO);
      assertIntactMeansSame(p.getFileName().toString(), bytes, Duration.ofMinutes(15));
    }));
  }

  @TestFactory
  Stream<DynamicTest> corpusInNoise_intactMeansTheWholeReport() {
    List<DynamicTest> tests = new ArrayList<>();
    for (long seed = 1; seed <= 3; seed++) {
      long s = seed;
      tests.add(DynamicTest.dynamicTest("seed " + seed, () -> {
        for (CorpusMix.Mix mix : CorpusMix.mixes(s)) {
          for (Duration margin : new Duration[] {Duration.ZERO, Duration.ofSeconds(5), Duration.ofMinutes(15)}) {
            assertIntactMeansSame(mix.name(), mix.bytes(), margin);
          }
        }
      }));
    }
    return tests.stream();
  }

  /**
   * A long kernel log in each of its renderings: this VM's memory cgroup OOM report and a segfault, over and over,
   * amid its noise, with clocks since boot, wall clocks, or both (kern.log's, which date the boot).
   */
  @TestFactory
  Stream<DynamicTest> longKernelLog_handedOutAsRead_intactAndTheSame() throws IOException, URISyntaxException {
    List<String> noise = new ArrayList<>();
    for (String l : CorpusMix.lines(CorpusMix.resource("/noise/dmesg-this-vm.txt"))) {
      noise.add(l.substring(l.indexOf(']') + 2));
    }
    List<String> oom = new ArrayList<>();
    Path report = Path.of(Objects.requireNonNull(
        SettleEqualityTest.class.getResource("/corpus/oom/vm-6.18-memcg-v1.dmesg.log")).toURI());
    for (String l : CorpusMix.lines(Files.readAllBytes(report))) {
      if (l.startsWith("[") && l.indexOf(']') > 0) {
        oom.add(l.substring(l.indexOf(']') + 2));
      }
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (String rendering : new String[] {"dmesg", "dmesg -r", "kern.log", "kern.log without uptime"}) {
      tests.add(DynamicTest.dynamicTest(rendering, () -> {
        byte[] bytes = longLog(rendering, noise, oom);
        Settled s = settle("kern.log", bytes, Duration.ofMinutes(1));
        assertTrue(s.intact(), rendering);
        assertTrue(s.handed() > 1900, rendering + ": handed out " + s.handed());
        assertEquals(whole("kern.log", bytes).deaths(), s.deaths(), rendering);
      }));
    }
    return tests.stream();
  }

  private static byte[] longLog(String rendering, List<String> noise, List<String> oom) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Random random = new Random(3);
    long micros = 5_000_000;
    for (int death = 0; death < 2000; death++) {
      List<String> lines = new ArrayList<>();
      for (int k = 0; k < 300; k++) {
        lines.add(noise.get(random.nextInt(noise.size())));
      }
      if (death % 2 == 0) {
        for (String m : oom) {
          lines.add(m.replace("15304", Integer.toString(30000 + death)));
        }
      } else {
        lines.add("wk-crash-it[" + (20000 + death) + "]: segfault at 0 ip 000055df7bb0c1e9 sp 00007ffe29cb2730"
            + " error 6 in wk-crash-it[11e9,55df7bb0c000+1000] likely on CPU 0 (core 0, socket 0)");
      }
      for (String m : lines) {
        micros += random.nextInt(20_000);
        CorpusMix.write(out, render(rendering, micros, m));
      }
    }
    return out.toByteArray();
  }

  /** A message as one rendering of the kernel log writes it, {@code micros} after a boot at 2026-12-06 00:00:00. */
  private static String render(String rendering, long micros, String message) {
    long s = micros / 1_000_000;
    String wall = String.format(Locale.ROOT, "Dec  6 %02d:%02d:%02d vm kernel: ", s / 3600 % 24, s / 60 % 60, s % 60);
    return switch (rendering) {
      case "dmesg" -> stamp(micros) + message;
      case "dmesg -r" -> "<4>" + stamp(micros) + message;
      case "kern.log" -> wall + stamp(micros) + message;
      default -> wall + message;
    };
  }

  /**
   * strace's word without a time column joins the latest death of its pid, whenever it comes: after that death was
   * handed out, the session says the deaths handed out are no longer intact, and the caller reads again.
   */
  @Test
  void witnessWithoutClockJoinsAHandedOutDeath_notIntact() throws IOException {
    StringBuilder log = new StringBuilder();
    for (int k = 0; k < 1200; k++) {
      log.append(stamp(100_000_000L + k * 1_000_000L)).append("sf[").append(5000 + k).append("]: segfault at 0 ip")
          .append(" 000055df7bb0c1e9 sp 00007ffe29cb2730 error 6 in sf[11e9,55df7bb0c000+1000]\n");
    }
    log.append("5000  --- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL} ---\n");
    log.append("5000  +++ killed by SIGSEGV (core dumped) +++\n");
    byte[] bytes = log.toString().getBytes(StandardCharsets.UTF_8);
    Settled s = settle("mixed.log", bytes, Duration.ZERO);
    assertTrue(s.handed() > 0, "handed out " + s.handed());
    assertFalse(s.intact());
    Report w = whole("mixed.log", bytes);
    assertEquals(1200, w.deaths().size());
    assertEquals(2, w.findByPid(5000).get(0).events().size(), "the segfault and strace's line: one death");
  }

  private static String stamp(long micros) {
    return String.format(Locale.ROOT, "[%5d.%06d] ", micros / 1_000_000, micros % 1_000_000);
  }

}
