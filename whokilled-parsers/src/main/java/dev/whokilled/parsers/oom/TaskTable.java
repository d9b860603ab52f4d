package dev.whokilled.parsers.oom;

import dev.whokilled.parsers.text.Text;
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

  /**
   * Rows seen without their header: the columns every era since 2.6 starts with ({@code uid tgid total_vm rss});
   * the others differ by era and are not guessed.
   */
  static final TaskTable HEADERLESS = new TaskTable(new String[] {"uid", "tgid", "total_vm", "rss", "name"}, true);

  private final String[] columns;
  private final boolean headerless;

  private TaskTable(String[] columns, boolean headerless) {
    this.columns = columns;
    this.headerless = headerless;
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
    String rest = message.substring(close + 1).trim();
    boolean cut = rest.endsWith("...");
    String[] cols = (cut ? rest.substring(0, rest.length() - 3) : rest).trim().split("\\s+");
    if (cut && cols.length > 1) {
      // a pager cut the header: the last, partial column name is dropped, and rows are read as far as they go
      String[] kept = new String[cols.length];
      System.arraycopy(cols, 0, kept, 0, cols.length - 1);
      kept[cols.length - 1] = "name";
      cols = kept;
    }
    if (cols.length < 3 || !cols[cols.length - 1].equals("name") || cols.length > 20 || !cols[0].equals("uid")) {
      return null;
    }
    return new TaskTable(cols, false);
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

  /**
   * Reads a row, or {@code null} when it does not fit the header. A row a pager cut short (ending in
   * {@code ...}) gives the columns it still shows and an empty name.
   */
  @Nullable Candidate row(String message) {
    int close = message.indexOf(']');
    Long pid = Text.number(message, 1);
    if (close < 0 || pid == null) {
      return null;
    }
    boolean cut = message.endsWith("...");
    String m = cut ? message.substring(0, message.length() - 3) : message;
    if (headerless) {
      return headerlessRow(pid, m.substring(close + 1), cut);
    }
    Long[] values = new Long[columns.length - 1];
    int i = close + 1;
    int n = m.length();
    for (int c = 0; c < values.length; c++) {
      while (i < n && m.charAt(i) == ' ') {
        i++;
      }
      int start = i;
      if (i < n && m.charAt(i) == '-') {
        i++;
      }
      int digits = i;
      while (i < n && Character.isDigit(m.charAt(i))) {
        i++;
      }
      if (cut && i >= n) {
        break; // the rest of the row was cut off; a partial last number is not kept
      }
      // a minus sign with no digit after it is no number (found by fuzzing: it reached Long.parseLong)
      if (i == digits || i - start > 19 || i < n && m.charAt(i) != ' ') {
        return null;
      }
      values[c] = Long.parseLong(m.substring(start, i));
    }
    while (i < n && m.charAt(i) == ' ') {
      i++;
    }
    String name = cut ? "" : m.substring(Math.min(i, n));
    if (name.isEmpty() && !cut) {
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
      Long v = values[c];
      if (v == null) {
        continue;
      }
      switch (columns[c]) {
        case "uid" -> uid = v;
        case "tgid" -> tgid = v;
        case "total_vm" -> totalVm = v;
        case "rss" -> rss = v;
        case "rss_anon" -> rssAnon = v;
        case "rss_file" -> rssFile = v;
        case "rss_shmem" -> rssShmem = v;
        case "pgtables_bytes" -> pgtablesBytes = v;
        case "nr_ptes", "nr_pmds" -> ptePages = ptePages == null ? v : Long.valueOf(ptePages + v);
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

  /** The leading columns of a row seen without its header: at least six numbers, then the name. */
  private static @Nullable Candidate headerlessRow(long pid, String rest, boolean cut) {
    String[] tokens = rest.trim().split(" +");
    long[] v = new long[4];
    int numbers = 0;
    int i = 0;
    for (; i < tokens.length; i++) {
      Long n = Text.isDigits(tokens[i].startsWith("-") ? tokens[i].substring(1) : tokens[i])
          && tokens[i].length() < 19 ? Long.valueOf(Long.parseLong(tokens[i])) : null;
      if (n == null) {
        break;
      }
      if (numbers < 4) {
        v[numbers] = n;
      }
      numbers++;
    }
    if (numbers < 6 || i >= tokens.length && !cut) {
      return null;
    }
    String name = cut ? "" : String.join(" ", java.util.Arrays.copyOfRange(tokens, i, tokens.length));
    return new Candidate(pid, Text.toInt(v[0]), v[1], v[2], v[3], null, null, null, null, null, null, null,
        false, name);
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
