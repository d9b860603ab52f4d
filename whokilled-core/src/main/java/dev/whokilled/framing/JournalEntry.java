package dev.whokilled.framing;

import dev.whokilled.event.EventTime.Precision;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The journal fields whokilled uses, gathered from one record of {@code journalctl -o verbose}, {@code json},
 * {@code json-pretty} or {@code export}. Other fields are skipped without being copied. A field given twice
 * keeps its first value, as {@code journalctl} shows the first of a repeated field.
 */
final class JournalEntry {

  static final int MESSAGE = 0;
  static final int TRANSPORT = 1;
  static final int IDENTIFIER = 2;
  static final int COMM = 3;
  static final int PID = 4;
  static final int SYSLOG_PID = 5;
  static final int HOSTNAME = 6;
  static final int BOOT_ID = 7;
  static final int REALTIME = 8;
  static final int SOURCE_REALTIME = 9;
  static final int MONOTONIC = 10;
  static final int SOURCE_MONOTONIC = 11;
  static final int PRIORITY = 12;
  static final int FACILITY = 13;
  static final int CURSOR = 14;

  private static final String[] NAMES = {
    "MESSAGE", "_TRANSPORT", "SYSLOG_IDENTIFIER", "_COMM", "_PID", "SYSLOG_PID", "_HOSTNAME", "_BOOT_ID",
    "__REALTIME_TIMESTAMP", "_SOURCE_REALTIME_TIMESTAMP", "__MONOTONIC_TIMESTAMP",
    "_SOURCE_MONOTONIC_TIMESTAMP", "PRIORITY", "SYSLOG_FACILITY", "__CURSOR",
  };

  /** The longest MESSAGE kept, in characters; the rest is cut with a notice. */
  static final int MAX_MESSAGE = 64 * 1024;

  /** The most field lines read for one record of the line formats; the rest are skipped with a notice. */
  static final int MAX_FIELD_LINES = 512;

  private final @Nullable String[] values = new String[NAMES.length];
  private final StringBuilder more = new StringBuilder();
  private boolean hasMore;

  /** Line number of the record's first line. */
  long line;
  /** Field lines read so far. */
  int fieldLines;
  /** Whether the message ran over {@link #MAX_MESSAGE}. */
  boolean messageCut;

  /** From a {@code -o verbose} header's cursor ({@code m=}, {@code t=}, hex µs), or -1. */
  long cursorMonotonic = -1;
  long cursorRealtime = -1;

  /** The wall time of a {@code -o verbose} header, for records whose cursor lacks {@code t=}. */
  boolean headerWall;
  long headerSeconds;
  int headerNanos;
  Precision headerPrecision = Precision.NONE;
  boolean headerZoneAssumed;

  void clear() {
    Arrays.fill(values, null);
    more.setLength(0);
    hasMore = false;
    line = 0;
    fieldLines = 0;
    messageCut = false;
    cursorMonotonic = -1;
    cursorRealtime = -1;
    headerWall = false;
    headerSeconds = 0;
    headerNanos = 0;
    headerPrecision = Precision.NONE;
    headerZoneAssumed = false;
  }

  /** The index of the field named {@code s[from, to)}, or -1 when whokilled does not use it. */
  static int field(String s, int from, int to) {
    int len = to - from;
    if (len < 4 || len > 27) {
      return -1;
    }
    for (int k = 0; k < NAMES.length; k++) {
      String name = NAMES[k];
      if (name.length() == len && s.startsWith(name, from)) {
        return k;
      }
    }
    return -1;
  }

  /** Sets a field unless it is set already. */
  void set(int field, @Nullable String value) {
    if (field < 0 || value == null || values[field] != null) {
      return;
    }
    if (field == MESSAGE && value.length() > MAX_MESSAGE) {
      messageCut = true;
      value = cut(value, MAX_MESSAGE);
    }
    values[field] = value;
  }

  /** Appends a continuation line to the message (a multi-line MESSAGE of {@code -o verbose}). */
  void appendMessage(String s, int from, int to) {
    if (values[MESSAGE] == null || messageCut) {
      return;
    }
    int room = MAX_MESSAGE - values[MESSAGE].length() - more.length() - 1;
    if (room <= 0) {
      messageCut = true;
      return;
    }
    more.append('\n');
    if (to - from > room) {
      to = from + room;
      if (Character.isHighSurrogate(s.charAt(to - 1))) {
        to--;
      }
      messageCut = true;
    }
    more.append(s, from, to);
    hasMore = true;
  }

  @Nullable String get(int field) {
    return values[field];
  }

  /** Whether any field that only the journal writes is there: how a JSON object shows it is a journal record. */
  boolean isJournal() {
    return values[MESSAGE] != null || values[CURSOR] != null || values[REALTIME] != null
        || values[TRANSPORT] != null || values[BOOT_ID] != null;
  }

  /** The message, or the empty string when the record has none (or only a binary one that was skipped). */
  String message() {
    String m = values[MESSAGE];
    if (m == null) {
      return "";
    }
    return hasMore ? m + more : m;
  }

  static String cut(String value, int max) {
    int to = max;
    if (Character.isHighSurrogate(value.charAt(to - 1))) {
      to--;
    }
    return value.substring(0, to);
  }

  /** A non-negative decimal number of at most 18 digits, or -1. */
  static long decimal(@Nullable String v) {
    if (v == null || v.isEmpty() || v.length() > 18) {
      return -1;
    }
    long n = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }
}
