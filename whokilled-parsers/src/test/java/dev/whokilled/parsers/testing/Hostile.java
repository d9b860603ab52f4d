package dev.whokilled.parsers.testing;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import dev.whokilled.ParseProblem;
import dev.whokilled.Report;
import dev.whokilled.event.KillEvent;
import dev.whokilled.framing.LogRecord;
import java.util.ArrayList;
import java.util.List;

/** Arbitrary lines mixed with a grammar's fragments, for the "any input never throws" fuzz targets. */
public final class Hostile {

  private Hostile() {}

  /**
   * Lines until the input runs out: each either up to 300 arbitrary characters or 1 to {@code maxParts} of the
   * grammar's fragments, each followed by up to {@code tail} arbitrary characters. The input is read in one fixed
   * order, so the seeds and findings kept for a target stay the same lines.
   *
   * @param data the fuzzer's input
   * @param fragments pieces of the grammar
   * @param maxLines the most lines
   * @param maxParts the most fragments in one line
   * @param tail the most arbitrary characters after each fragment
   * @return the lines
   */
  public static List<String> lines(FuzzedDataProvider data, String[] fragments, int maxLines, int maxParts,
      int tail) {
    List<String> lines = new ArrayList<>();
    while (data.remainingBytes() > 0 && lines.size() < maxLines) {
      if (data.consumeBoolean()) {
        StringBuilder b = new StringBuilder();
        int parts = data.consumeInt(1, maxParts);
        for (int i = 0; i < parts; i++) {
          b.append(data.pickValue(fragments)).append(data.consumeString(tail));
        }
        lines.add(b.toString());
      } else {
        lines.add(data.consumeString(300));
      }
    }
    return lines;
  }

  /**
   * Checks that every event cites lines that were read: evidence within the input's line numbers.
   *
   * @param events what a parser made of {@code lines}
   * @param lines the input
   * @throws AssertionError when an event cites a line that is not there
   */
  public static void citesInput(List<KillEvent> events, List<String> lines) {
    for (KillEvent e : events) {
      for (LogRecord r : e.evidence()) {
        if (r.line() < 1 || r.line() > lines.size()) {
          throw new AssertionError("evidence line " + r.line() + " of " + lines.size() + " in " + e);
        }
      }
    }
  }

  /**
   * Checks that no parser and no framing failed on the input. The session keeps such a failure as a problem and
   * goes on, so a property test that only looks for an exception would never see it.
   *
   * @param report what the analyzer made of the input
   * @throws AssertionError when a problem tells of a failure
   */
  public static void noFailure(Report report) {
    for (ParseProblem p : report.problems()) {
      String m = p.message();
      if (m.startsWith("parser ") && m.contains(" failed: ") || m.startsWith("framing failed: ")
          || m.startsWith("could not read the framing of this line (")) {
        throw new AssertionError(p.toString());
      }
    }
  }
}
