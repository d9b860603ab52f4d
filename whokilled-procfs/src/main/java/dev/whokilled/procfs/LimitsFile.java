package dev.whokilled.procfs;

import dev.whokilled.facts.ResourceLimit;
import dev.whokilled.facts.Rlimit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code /proc/PID/limits}: a header, then one row per limit, {@code "%-25s %-20s %-20s %-10s"} (label, soft, hard,
 * units), {@code unlimited} for no limit. The label is matched by name, the columns by blanks, so a row is read
 * whatever its widths.
 *
 * @param limits the rows read, in the file's order, each limit once
 * @param problems rows that could not be read, one phrase each
 */
record LimitsFile(List<ResourceLimit> limits, List<String> problems) {

  LimitsFile {
    limits = List.copyOf(limits);
    problems = List.copyOf(problems);
  }

  static LimitsFile parse(String text) {
    List<ResourceLimit> limits = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Set<Rlimit> seen = EnumSet.noneOf(Rlimit.class);
    for (String line : text.split("\n", -1)) {
      if (line.isBlank() || line.startsWith("Limit ")) {
        continue;
      }
      Rlimit limit = label(line);
      if (limit == null) {
        if (line.startsWith("Max ")) {
          problems.add("limits: unknown row " + shorten(line));
        }
        continue;
      }
      String[] f = line.substring(limit.label().length()).strip().split("\\s+");
      boolean[] ok = {true};
      Long soft = f.length > 0 ? value(f[0], ok) : null;
      Long hard = f.length > 1 ? value(f[1], ok) : null;
      if (f.length < 2 || !ok[0]) {
        problems.add("limits: " + limit.label() + " unreadable");
        continue;
      }
      if (seen.add(limit)) {
        limits.add(new ResourceLimit(limit, soft, hard));
      }
    }
    if (limits.isEmpty() && problems.isEmpty()) {
      problems.add("limits: no row read");
    }
    return new LimitsFile(limits, problems);
  }

  /** The limit a row's label names: its text up to the first run of two blanks or the values. */
  private static @Nullable Rlimit label(String line) {
    String lower = line.toLowerCase(Locale.ROOT);
    for (Rlimit r : Rlimit.values()) {
      String l = r.label().toLowerCase(Locale.ROOT);
      if (lower.startsWith(l) && (lower.length() == l.length() || Character.isWhitespace(lower.charAt(l.length())))) {
        return r;
      }
    }
    return null;
  }

  private static @Nullable Long value(String v, boolean[] ok) {
    if (v.equals("unlimited")) {
      return null;
    }
    Long n = Values.parseUnsigned(v);
    if (n == null || n < 0) {
      ok[0] = false;
      return null;
    }
    // RLIM_INFINITY is printed as "unlimited"; anything of 2^63 or more is as good as unlimited
    return n == Long.MAX_VALUE ? null : n;
  }

  /** A row's label: its text up to the first run of two blanks (where the kernel's columns begin), at most 40. */
  private static String shorten(String line) {
    String s = line.strip();
    int gap = s.indexOf("  ");
    s = gap < 0 ? s : s.substring(0, gap);
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
