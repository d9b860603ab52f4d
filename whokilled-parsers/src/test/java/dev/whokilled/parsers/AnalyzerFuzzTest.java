package dev.whokilled.parsers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;
import dev.whokilled.Analyzer;
import dev.whokilled.Death;
import dev.whokilled.KillForensics;
import dev.whokilled.Report;
import dev.whokilled.Session;
import dev.whokilled.Verdict;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.parsers.testing.Hostile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The whole analyzer on mixed input: slices of the real corpus of every parser family, concatenated or interleaved,
 * damaged, and mixed with arbitrary lines, go through one configured {@link Analyzer} with every built-in parser.
 * Checked on each input: nothing escapes and no parser or framing fails (the session would keep such a failure as a
 * problem, so it is looked for there); the same input gives the same report; unrelated lines put between the slices
 * change no verdict; and the input read as two parts into one source gives the report of the whole. Jazzer replays
 * {@code AnalyzerFuzzTestInputs} in every build and fuzzes in CI ({@code JAZZER_FUZZ=1}).
 */
final class AnalyzerFuzzTest {

  /** One analyzer for every input, as an application would keep one. */
  private static final Analyzer ANALYZER = KillForensics.builder().build();

  /** The lines of every corpus log, in path order so that an input always picks the same file. */
  static final List<List<String>> CORPUS = corpus();

  /**
   * Lines that no parser reads, in the framings of the corpus: what a busy machine writes between deaths. A wall
   * clock or a boot marker would tie clocks together or start a boot, which is not "unrelated", so none has one.
   */
  static final String[] NOISE = {
    "[ 1234.567890] EXT4-fs (vda1): re-mounted. Opts: errors=remount-ro",
    "usb 1-1: new high-speed USB device number 2 using xhci_hcd",
    "IPv6: ADDRCONF(NETDEV_CHANGE): eth0: link becomes ready",
    "audit: type=1400 audit(0.0:1): apparmor=\"STATUS\" operation=\"profile_load\" name=\"nvidia_modprobe\"",
    "  Normal  Pulled  3m  kubelet  Container image \"busybox\" already present on machine",
    "nginx: [notice] 1#1: using the \"epoll\" event method",
    "LOG:  checkpoint starting: time",
  };

  private static List<List<String>> corpus() {
    try {
      Path root = Path.of(Objects.requireNonNull(AnalyzerFuzzTest.class.getResource("/corpus")).toURI());
      List<Path> logs;
      try (Stream<Path> s = Files.walk(root)) {
        logs = s.filter(p -> p.toString().endsWith(".log")).sorted().toList();
      }
      List<List<String>> all = new ArrayList<>();
      for (Path p : logs) {
        all.add(List.of(new String(Files.readAllBytes(p), StandardCharsets.UTF_8).split("\n", -1)));
      }
      return List.copyOf(all);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Pieces that make a line hostile: NUL, a lone surrogate, a replacement character, escapes, a carriage return. */
  private static final String[] DAMAGE = {
    "\u0000", "\ud800", "\ufffd", "#012", "\\x0a", "\r", "\t", "(", ")", "[", "]", "\"", ":", " ", "\u00e9", "\u6d4b",
  };

  /** An input: the units (corpus slices and arbitrary lines) and whether they are interleaved. */
  record Input(List<List<String>> units, boolean interleaved) {

    List<String> lines() {
      List<String> out = new ArrayList<>();
      if (!interleaved) {
        units.forEach(out::addAll);
        return out;
      }
      int[] at = new int[units.size()];
      boolean more = true;
      while (more) {
        more = false;
        for (int u = 0; u < units.size(); u++) {
          // two lines of one unit at a time keep some of its pairs together
          for (int k = 0; k < 2 && at[u] < units.get(u).size(); k++) {
            out.add(units.get(u).get(at[u]++));
            more = true;
          }
        }
      }
      return out;
    }
  }

  static Input generate(FuzzedDataProvider data) {
    boolean interleaved = data.consumeBoolean();
    int n = data.consumeInt(1, 6);
    List<List<String>> units = new ArrayList<>();
    for (int i = 0; i < n && data.remainingBytes() > 0; i++) {
      if (data.consumeInt(0, 3) == 0) {
        units.add(Hostile.lines(data, DAMAGE, 8, 6, 40));
        continue;
      }
      List<String> file = CORPUS.get(data.consumeInt(0, CORPUS.size() - 1));
      int from = data.consumeInt(0, file.size() - 1);
      int to = Math.min(file.size(), from + data.consumeInt(1, 400));
      List<String> slice = new ArrayList<>(file.subList(from, to));
      for (int d = data.consumeInt(0, 3); d > 0 && !slice.isEmpty(); d--) {
        int line = data.consumeInt(0, slice.size() - 1);
        String s = slice.get(line);
        int cut = data.consumeInt(0, s.length());
        slice.set(line, switch (data.consumeInt(0, 2)) {
          case 0 -> s.substring(0, cut); // cut short, as a full disk or a rotation leaves it
          case 1 -> s.substring(0, cut) + data.pickValue(DAMAGE) + s.substring(cut);
          default -> s.substring(0, cut) + data.consumeString(30) + s.substring(cut);
        });
      }
      units.add(slice);
    }
    units.replaceAll(AnalyzerFuzzTest::asRead);
    return new Input(units, interleaved);
  }

  /** The lines as a reader gives them: a carriage return or a line feed inside one ends it, as in a file. */
  static List<String> asRead(List<String> lines) {
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      out.addAll(List.of(l.split("\r\n|\r|\n", -1)));
    }
    return out;
  }

  /**
   * Mixed input: no failure, the same report twice, no verdict changed by unrelated lines between the slices, and
   * the same report when read in two parts.
   *
   * @param data the fuzzer's input
   */
  @FuzzTest(maxDuration = "30s")
  void mixedInput_holdsEveryProperty(FuzzedDataProvider data) {
    Input input = generate(data);
    List<String> lines = input.lines();
    Report report = ANALYZER.analyze(lines);
    Hostile.noFailure(report);
    assertEquals(lines.size(), report.linesRead());
    for (Death d : report.deaths()) {
      for (Verdict v : d.verdicts()) {
        assertTrue(v.confidence() >= 0 && v.confidence() <= 1, v::toString);
      }
      Hostile.citesInput(d.events(), lines);
    }

    sameReport(report, ANALYZER.analyze(lines), "the same input");

    if (!input.interleaved() && input.units().size() > 1) {
      List<String> noisy = new ArrayList<>();
      for (List<String> unit : input.units()) {
        noisy.addAll(unit);
        for (int k = data.consumeInt(0, 3); k > 0; k--) {
          noisy.add(data.pickValue(NOISE));
        }
      }
      assertEquals(verdicts(report), verdicts(ANALYZER.analyze(noisy)), () -> "unrelated lines changed a verdict: "
          + noisy);
    }

    int split = data.consumeInt(0, lines.size());
    // as bytes, a line with an unpaired surrogate reads as '?': the whole is read the same way to compare
    boolean bytes = data.consumeBoolean();
    sameReport(inTwoParts(lines, lines.size(), bytes), inTwoParts(lines, split, bytes),
        "read in two parts at line " + split + (bytes ? " as bytes" : ""));
  }

  /** Every corpus log read in two parts, split at each of its lines in turn, gives the report of the whole. */
  @Test
  void corpus_readInTwoPartsAtAnyLine_sameReport() {
    for (List<String> file : CORPUS) {
      Report whole = ANALYZER.analyze(file);
      for (int split = 0; split <= file.size(); split += Math.max(1, file.size() / 40)) {
        int at = split;
        sameReport(whole, inTwoParts(file, at, true), "bytes split at line " + at + " of " + file.get(0));
        sameReport(whole, inTwoParts(file, at, false), "text split at line " + at + " of " + file.get(0));
      }
    }
  }

  /** Every corpus log followed by the next, with and without every unrelated line between them: the same verdicts. */
  @Test
  void corpus_unrelatedLinesBetweenLogs_sameVerdicts() {
    for (int i = 0; i + 1 < CORPUS.size(); i++) {
      List<String> plain = new ArrayList<>(CORPUS.get(i));
      plain.addAll(CORPUS.get(i + 1));
      List<String> noisy = new ArrayList<>(CORPUS.get(i));
      noisy.addAll(List.of(NOISE));
      noisy.addAll(CORPUS.get(i + 1));
      assertEquals(verdicts(ANALYZER.analyze(plain)), verdicts(ANALYZER.analyze(noisy)),
          "unrelated lines after " + CORPUS.get(i).get(0));
    }
  }

  /**
   * Found by the test above: an OOM kill and systemd's report of its unit, in the same second, swapped places when
   * lines followed them, since the OOM parser emits a kill only once it has waited for the reaper's line.
   */
  @Test
  void oomKillAndUnitReportInOneSecond_linesAfter_sameOrder() {
    List<String> log = CORPUS.stream().filter(f -> f.get(0).contains("\"playpen\"")).findFirst().orElseThrow();
    List<String> followed = new ArrayList<>(log);
    for (int i = 0; i < 100; i++) {
      followed.add(NOISE[i % NOISE.length]);
    }
    List<String> alone = verdicts(ANALYZER.analyze(log));
    assertEquals(2, alone.size(), alone::toString);
    assertTrue(alone.get(0).contains("CGROUP_OOM"), alone::toString);
    assertEquals(alone, verdicts(ANALYZER.analyze(followed)));
  }

  /**
   * The lines read as two parts of one source, {@code input}, as a caller reads a rotated log and its successor:
   * as bytes (the reader of files and streams) or as characters.
   */
  static Report inTwoParts(List<String> lines, int split, boolean bytes) {
    Session session = ANALYZER.newSession();
    String first = String.join("\n", lines.subList(0, split)) + (split > 0 ? "\n" : "");
    String second = String.join("\n", lines.subList(split, lines.size())) + (split < lines.size() ? "\n" : "");
    try {
      for (String part : List.of(first, second)) {
        if (bytes) {
          session.read("input", new ByteArrayInputStream(part.getBytes(StandardCharsets.UTF_8)));
        } else {
          session.read("input", new StringReader(part));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return session.report();
  }

  /** Equal reports; a difference is shown as the deaths' verdicts and evidence lines, not whole records. */
  static void sameReport(Report expected, Report actual, String what) {
    if (!expected.equals(actual)) {
      assertEquals(outline(expected), outline(actual), what);
      throw new AssertionError(what + ": the reports differ beyond their outline");
    }
  }

  private static String outline(Report report) {
    StringBuilder b = new StringBuilder();
    for (Death d : report.deaths()) {
      b.append(verdicts(new Report(List.of(d), List.of(), List.of(), 0, 0)).get(0)).append(" evidence");
      d.allEvidence().forEach(r -> b.append(' ').append(r.line()));
      b.append('\n');
    }
    report.warnings().forEach(w -> b.append("warning ").append(w).append('\n'));
    report.problems().forEach(p -> b.append("problem ").append(p).append('\n'));
    return b.append("lines ").append(report.linesRead()).toString();
  }

  /** What a verdict says, without the line numbers of its evidence (which lines before it move). */
  static List<String> verdicts(Report report) {
    List<String> out = new ArrayList<>();
    for (Death d : report.deaths()) {
      Verdict v = d.verdict();
      // a summary cites its evidence ("(input:10)"): the line numbers, not the words, move with lines before them
      out.add(d.victim() + " " + v.cause() + " " + v.confidence() + " " + describe(v.killer()) + " " + v.signal()
          + " " + v.summary().replaceAll("input:\\d+", "input:#"));
    }
    return out;
  }

  private static String describe(ProcessRef p) {
    return p == null ? "-" : p.toString();
  }
}
