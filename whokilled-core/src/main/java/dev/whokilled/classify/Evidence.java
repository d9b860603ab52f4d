package dev.whokilled.classify;

import dev.whokilled.framing.LogRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Keeps a verdict's evidence to a handful of lines, the decisive one first. */
final class Evidence {

  /** The most lines a verdict cites. */
  static final int MAX_LINES = 8;

  private Evidence() {}

  /**
   * The strong witness's lines, then, from the weak one, its decisive (first) line when it comes from a source
   * not cited yet, and any line whose message is not cited yet. The same message read from two files counts once,
   * except that each source's decisive line shows that source saw it.
   */
  static List<LogRecord> join(List<LogRecord> strong, List<LogRecord> weak) {
    List<LogRecord> out = new ArrayList<>(strong);
    Set<String> messages = new HashSet<>();
    Set<String> sources = new HashSet<>();
    for (LogRecord r : strong) {
      messages.add(r.message());
      sources.add(r.source());
    }
    for (int i = 0; i < weak.size() && out.size() < MAX_LINES; i++) {
      LogRecord r = weak.get(i);
      boolean newSource = i == 0 && !sources.contains(r.source());
      if (newSource || messages.add(r.message())) {
        out.add(r);
        messages.add(r.message());
        sources.add(r.source());
      }
    }
    return out;
  }
}
