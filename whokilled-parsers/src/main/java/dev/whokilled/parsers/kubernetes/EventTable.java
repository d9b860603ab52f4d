package dev.whokilled.parsers.kubernetes;

import dev.whokilled.event.EventTime;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.spi.EventSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads tables of Kubernetes events: {@code kubectl get events} ({@code LAST SEEN TYPE REASON OBJECT MESSAGE},
 * with {@code NAMESPACE} first under {@code -A}; {@code -o wide}'s {@code … SUBOBJECT SOURCE MESSAGE FIRST SEEN
 * COUNT NAME}; the 1.x {@code LASTSEEN FIRSTSEEN COUNT NAME KIND SUBOBJECT TYPE REASON SOURCE MESSAGE}) and the
 * Events section of {@code kubectl describe} ({@code Type Reason Age From Message}; 1.x's {@code FirstSeen
 * LastSeen Count From SubobjectPath [Type] Reason Message}, tab-separated in its first releases).
 *
 * <p>kubectl aligns its columns, so a row's cells are read at the header's column offsets; a row that does not fit
 * them (a paste that lost its alignment) is read by its words: the {@code Normal}/{@code Warning} type, the reason
 * after it, and the rest. Rows without a header are read by words too ({@link #loneRow}), for the reasons
 * {@link KubeEvents} reads only. Relative ages ({@code 5m}, {@code 11s (x3 over 31s)}) are no time; 1.x's dates
 * are.
 */
final class EventTable {

  /** A table's column. */
  private record Column(String name, int start) {}

  /** A row's fields. */
  record Row(@Nullable String type, String reason, String message, @Nullable String object,
      @Nullable String namespace, @Nullable String subobject, @Nullable String source, @Nullable String last) {}

  private final KubeEvents events;
  private List<Column> columns = List.of();
  private boolean tabbed;
  private boolean open;

  EventTable(KubeEvents events) {
    this.events = events;
  }

  /** Whether a table is open. */
  boolean active() {
    return open;
  }

  /** Closes the table. */
  void close() {
    open = false;
    columns = List.of();
  }

  /**
   * Whether the line is a header of an events table.
   *
   * @param text the line as written
   * @return whether it is
   */
  static boolean header(String text) {
    int p = 0;
    while (p < text.length() && (text.charAt(p) == ' ' || text.charAt(p) == '\t')) {
      p++;
    }
    if (p >= text.length() || "LNTF".indexOf(text.charAt(p)) < 0 || text.indexOf("eason") < 0
        && text.indexOf("REASON") < 0) {
      return false;
    }
    String t = text.trim();
    if (t.length() > 4096) {
      return false;
    }
    if (t.startsWith("LAST SEEN") || t.startsWith("LASTSEEN") || t.startsWith("NAMESPACE")) {
      return t.contains("REASON") && (t.contains("MESSAGE") || t.contains("TYPE"));
    }
    return (t.startsWith("Type ") || t.startsWith("Type\t") || t.startsWith("FirstSeen") || t.startsWith(
        "LastSeen")) && t.contains("Reason") && t.contains("Message");
  }

  /**
   * Opens a table at its header.
   *
   * @param text the header line
   */
  void open(String text) {
    open = true;
    tabbed = text.indexOf('\t') >= 0;
    List<Column> cols = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
        i++;
      }
      if (i >= n) {
        break;
      }
      int start = i;
      // a column's name may hold one space ("LAST SEEN"), never two or a tab
      while (i < n && text.charAt(i) != '\t' && !(text.charAt(i) == ' ' && (i + 1 >= n || text.charAt(i + 1) == ' '
          || text.charAt(i + 1) == '\t'))) {
        i++;
      }
      cols.add(new Column(text.substring(start, i).toUpperCase(Locale.ROOT).replace(" ", ""), start));
    }
    columns = cols;
  }

  /**
   * Reads a line of the open table.
   *
   * @param record the record
   * @param text the line as written
   * @param context what the table is about (the described pod or node), or {@link Involved#NONE}
   * @param sink where events go
   * @return whether the line was the table's (else the table is closed)
   */
  boolean offer(LogRecord record, String text, Involved context, EventSink sink) {
    String t = text.trim();
    if (t.isEmpty()) {
      close();
      return false;
    }
    if (t.startsWith("---") && t.replace("-", "").replace(" ", "").replace("\t", "").isEmpty()) {
      return true;
    }
    Row row = tabbed ? tabbedRow(text) : aligned(text);
    if (row == null) {
      row = words(text);
    }
    if (row == null) {
      close();
      return false;
    }
    read(row, record, context, sink);
    return true;
  }

  /** Reads a row's event. */
  void read(Row row, LogRecord record, Involved context, EventSink sink) {
    if (!KubeEvents.wanted(row.reason())) {
      return;
    }
    Involved obj = context;
    if (row.object() != null) {
      String o = row.object();
      int slash = o.indexOf('/');
      String kind = slash > 0 ? o.substring(0, slash) : context.kind();
      String name = slash > 0 ? o.substring(slash + 1) : o;
      String ns = row.namespace() != null ? row.namespace() : context.namespace();
      obj = new Involved(kind, name, ns, null, null, null, null, null);
    }
    obj = obj.withContainer(Documents.container(row.subobject()));
    obj = obj.withNode(node(row.source()));
    EventTime time = KubeTime.any(row.last());
    events.read(row.reason(), row.message(), obj, row.source(), time, List.of(record), sink);
  }

  /** The node in a source cell: {@code kubelet, node1}, {@code {kubelet node1}}. */
  private static @Nullable String node(@Nullable String source) {
    if (source == null) {
      return null;
    }
    String s = source.trim();
    int comma = s.indexOf(", ");
    if (comma > 0) {
      return s.substring(comma + 2).trim();
    }
    if (s.startsWith("{") && s.endsWith("}")) {
      int sp = s.indexOf(' ');
      return sp > 0 ? s.substring(sp + 1, s.length() - 1).trim() : null;
    }
    return null;
  }

  private @Nullable String cell(String text, String... names) {
    for (int c = 0; c < columns.size(); c++) {
      for (String name : names) {
        if (columns.get(c).name().equals(name)) {
          int from = columns.get(c).start();
          int to = c + 1 < columns.size() ? columns.get(c + 1).start() : text.length();
          if (from >= text.length()) {
            return "";
          }
          return text.substring(from, Math.max(from, Math.min(to, text.length()))).trim();
        }
      }
    }
    return null;
  }

  private boolean has(String name) {
    for (Column c : columns) {
      if (c.name().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** A row read at the header's offsets, or {@code null} when it does not fit them. */
  private @Nullable Row aligned(String text) {
    if (columns.isEmpty()) {
      return null;
    }
    // the cell boundaries must fall on blanks, as kubectl's padding puts them
    for (int c = 1; c < columns.size(); c++) {
      int at = columns.get(c).start();
      if (at < text.length() && at > 0 && text.charAt(at - 1) != ' ' && text.charAt(at - 1) != '\t') {
        return null;
      }
    }
    String type = cell(text, "TYPE");
    if (type != null && !type.equals("Normal") && !type.equals("Warning")) {
      return null;
    }
    String reason = cell(text, "REASON");
    String message = cell(text, "MESSAGE");
    if (reason == null || reason.isEmpty() || message == null || reason.indexOf(' ') >= 0) {
      return null;
    }
    String object = cell(text, "OBJECT");
    String kind = cell(text, "KIND");
    if (object == null && has("KIND")) {
      String name = cell(text, "NAME");
      object = name == null || name.isEmpty() ? null : kind == null || kind.isEmpty() ? name : kind + "/" + name;
    }
    return new Row(type, reason, message, empty(object), empty(cell(text, "NAMESPACE")),
        empty(cell(text, "SUBOBJECT", "SUBOBJECTPATH")), empty(cell(text, "SOURCE", "FROM")),
        empty(cell(text, "LASTSEEN", "AGE")));
  }

  private static @Nullable String empty(@Nullable String s) {
    return s == null || s.isEmpty() || s.equals("<none>") || s.equals("<unknown>") ? null : s;
  }

  /** A row of 1.x's tab-separated describe table: empty cells vanish, so the reason and message are read last. */
  private @Nullable Row tabbedRow(String text) {
    List<String> cells = new ArrayList<>();
    int from = 0;
    while (from <= text.length() && cells.size() < 64) {
      int tab = text.indexOf('\t', from);
      String c = tab < 0 ? text.substring(from) : text.substring(from, tab);
      if (!c.isBlank()) {
        cells.add(c.trim());
      }
      if (tab < 0) {
        break;
      }
      from = tab + 1;
    }
    if (cells.size() < 3) {
      return null;
    }
    String message = cells.get(cells.size() - 1);
    String reason = cells.get(cells.size() - 2);
    String type = null;
    String source = null;
    String sub = null;
    for (String c : cells) {
      if (c.equals("Normal") || c.equals("Warning")) {
        type = c;
      } else if (c.startsWith("{") && c.endsWith("}")) {
        source = c;
      } else if (c.startsWith("spec.") || c.startsWith("implicitly required")) {
        sub = c.startsWith("spec.") ? c : null;
      }
    }
    return reason.indexOf(' ') >= 0 ? null : new Row(type, reason, message, null, null, sub, source, cells.get(1));
  }

  /**
   * A row read by its words: {@code [namespace] age type reason object message} ({@code kubectl get events}) or
   * {@code type reason age [(xN over M)] from message} (describe).
   *
   * @param text the line
   * @return the row, or {@code null} when it has no {@code Normal}/{@code Warning} type among its first words
   */
  static @Nullable Row words(String text) {
    List<int[]> words = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n && words.size() < 12) {
      while (i < n && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      if (i >= n) {
        break;
      }
      int s = i;
      while (i < n && !Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      words.add(new int[] {s, i});
    }
    int k = -1;
    for (int w = 0; w < Math.min(3, words.size()); w++) {
      String word = text.substring(words.get(w)[0], words.get(w)[1]);
      if (word.equals("Normal") || word.equals("Warning")) {
        k = w;
        break;
      }
    }
    if (k < 0 || k + 2 >= words.size()) {
      return null;
    }
    String type = word(text, words, k);
    String reason = word(text, words, k + 1);
    if (k >= 1 && !age(word(text, words, k - 1)) || k == 0 && !age(word(text, words, k + 2))) {
      return null;
    }
    if (k >= 1) {
      String object = word(text, words, k + 2);
      if (object.indexOf('/') <= 0 || k + 3 >= words.size()) {
        return null;
      }
      String ns = k == 2 ? word(text, words, 0) : null;
      String age = word(text, words, k - 1);
      return new Row(type, reason, text.substring(words.get(k + 3)[0]).trim(), object, ns, null, null, age);
    }
    int w = k + 2; // the age
    String age = word(text, words, w);
    w++;
    if (w < words.size() && word(text, words, w).startsWith("(x")) {
      while (w < words.size() && !word(text, words, w).endsWith(")")) {
        w++;
      }
      w++;
    }
    if (w >= words.size()) {
      return null;
    }
    int fromStart = words.get(w)[0];
    if (word(text, words, w).endsWith(",") && w + 1 < words.size()) {
      w++;
    }
    int fromEnd = words.get(w)[1];
    w++;
    if (w >= words.size()) {
      return null;
    }
    return new Row(type, reason, text.substring(words.get(w)[0]).trim(), null, null, null,
        text.substring(fromStart, fromEnd), age);
  }

  /** Whether a word is a relative age as kubectl prints it: {@code 5m}, {@code 2d5h}, {@code 3m12s}. */
  static boolean age(String w) {
    if (w.equals("<unknown>") || w.equals("<invalid>")) {
      return true;
    }
    if (w.isEmpty() || w.length() > 12) {
      return false;
    }
    boolean digit = false;
    for (int i = 0; i < w.length(); i++) {
      char c = w.charAt(i);
      if (c >= '0' && c <= '9') {
        digit = true;
      } else if ("smhdy".indexOf(c) >= 0 && digit) {
        digit = false;
      } else {
        return false;
      }
    }
    return !digit;
  }

  private static String word(String text, List<int[]> words, int w) {
    return text.substring(words.get(w)[0], words.get(w)[1]);
  }

  /**
   * A row seen without its header ({@code 4m11s Warning Evicted pod/egg The node was low on …}), for the
   * reasons {@link KubeEvents} reads only.
   *
   * @param text the line
   * @return the row, or {@code null}
   */
  static @Nullable Row loneRow(String text) {
    if (text.indexOf("Warning") < 0 && text.indexOf("Normal") < 0) {
      return null;
    }
    Row r = words(text);
    return r != null && KubeEvents.wanted(r.reason()) ? r : null;
  }
}
