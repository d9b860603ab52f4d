package dev.whokilled.parsers.oom;

import dev.whokilled.event.Candidate;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The task table the kernel prints before choosing a victim, in whichever column layout its era used:
 * {@code [ pid ] uid tgid total_vm rss …  name}, with {@code nr_ptes}, {@code nr_pmds}, {@code pgtables_bytes},
 * {@code rss_anon rss_file rss_shmem}, {@code swapents}, {@code cpu}, {@code oom_adj} and
 * {@code oom_score_adj} columns as they came and went. The columns are read from the header, not assumed.
 */
final class TaskTable {

  private final String[] columns;

  private TaskTable(String[] columns) {
    this.columns = columns;
  }

  /**
   * The table whose header this is, or {@code null}: {@code [ pid ]   uid  tgid total_vm      rss … name}.
   */
  static @Nullable TaskTable header(String message) {
    int open = message.indexOf('[');
    int close = message.indexOf(']', open + 1);
    if (open < 0 || close < 0 || !message.substring(open + 1, close).trim().equals("pid")) {
      return null;
    }
    String[] cols = message.substring(close + 1).trim().split("\\s+");
    if (cols.length < 3 || !cols[cols.length - 1].equals("name") || cols.length > 20) {
      return null;
    }
    return new TaskTable(cols);
  }

  /** Whether the message looks like a row: {@code [ 1742]} first. */
  static boolean looksLikeRow(String message) {
    int i = 0;
    int n = message.length();
    if (i >= n || message.charAt(i) != '[') {
      return false;
    }
    i++;
    while (i < n && message.charAt(i) == ' ') {
      i++;
    }
    int digits = i;
    while (i < n && Character.isDigit(message.charAt(i))) {
      i++;
    }
    return i > digits && i < n && message.charAt(i) == ']';
  }

  /** Reads a row, or {@code null} when it does not fit the header. */
  @Nullable Candidate row(String message) {
    int close = message.indexOf(']');
    Long pid = Text.number(message, 1);
    if (close < 0 || pid == null) {
      return null;
    }
    long[] values = new long[columns.length - 1];
    int i = close + 1;
    int n = message.length();
    for (int c = 0; c < values.length; c++) {
      while (i < n && message.charAt(i) == ' ') {
        i++;
      }
      int start = i;
      if (i < n && message.charAt(i) == '-') {
        i++;
      }
      while (i < n && Character.isDigit(message.charAt(i))) {
        i++;
      }
      if (i == start || i - start > 19 || i < n && message.charAt(i) != ' ') {
        return null;
      }
      try {
        values[c] = Long.parseLong(message.substring(start, i));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    while (i < n && message.charAt(i) == ' ') {
      i++;
    }
    String name = message.substring(i);
    if (name.isEmpty()) {
      return null;
    }
    Long uid = null;
    Long tgid = null;
    Long totalVm = null;
    Long rss = null;
    Long rssAnon = null;
    Long rssFile = null;
    Long rssShmem = null;
    Long pgtablesBytes = null;
    Long ptePages = null;
    Long swap = null;
    Long scoreAdj = null;
    Long oomAdj = null;
    for (int c = 0; c < values.length; c++) {
      long v = values[c];
      switch (columns[c]) {
        case "uid" -> uid = v;
        case "tgid" -> tgid = v;
        case "total_vm" -> totalVm = v;
        case "rss" -> rss = v;
        case "rss_anon" -> rssAnon = v;
        case "rss_file" -> rssFile = v;
        case "rss_shmem" -> rssShmem = v;
        case "pgtables_bytes" -> pgtablesBytes = v;
        case "nr_ptes", "nr_pmds" -> ptePages = ptePages == null ? v : ptePages + v;
        case "swapents" -> swap = v;
        case "oom_score_adj" -> scoreAdj = v;
        case "oom_adj" -> oomAdj = v;
        default -> {
          // "cpu" and columns of future eras: kept out of the model, not an error
        }
      }
    }
    boolean legacy = scoreAdj == null && oomAdj != null;
    return new Candidate(
        pid, Text.toInt(uid), tgid, totalVm, rss, rssAnon, rssFile, rssShmem, pgtablesBytes, ptePages, swap,
        Text.toInt(legacy ? oomAdj : scoreAdj), legacy, name);
  }

  /** Rows read so far for one table, capped. */
  static final class Rows {
    private final List<Candidate> rows = new ArrayList<>();
    private final int cap;
    private boolean truncated;

    Rows(int cap) {
      this.cap = cap;
    }

    void add(Candidate c) {
      if (rows.size() < cap) {
        rows.add(c);
      } else {
        truncated = true;
      }
    }

    List<Candidate> list() {
      return rows;
    }

    boolean truncated() {
      return truncated;
    }

    @Nullable Candidate find(long pid) {
      for (Candidate c : rows) {
        if (c.pid() == pid) {
          return c;
        }
      }
      return null;
    }
  }
}
