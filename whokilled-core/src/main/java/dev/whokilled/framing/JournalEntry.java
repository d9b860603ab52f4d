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

  /** {@code MESSAGE}. */
  static final int MESSAGE = 0;
  /** {@code _TRANSPORT}: {@code kernel} proves the kernel wrote it. */
  static final int TRANSPORT = 1;
  /** {@code SYSLOG_IDENTIFIER}. */
  static final int IDENTIFIER = 2;
  /** {@code _COMM}, the identifier when there is no other. */
  static final int COMM = 3;
  /** {@code _PID}. */
  static final int PID = 4;
  /** {@code SYSLOG_PID}, the pid when there is no other. */
  static final int SYSLOG_PID = 5;
  /** {@code _HOSTNAME}. */
  static final int HOSTNAME = 6;
  /** {@code _BOOT_ID}. */
  static final int BOOT_ID = 7;
  /** {@code __REALTIME_TIMESTAMP}, µs since the epoch. */
  static final int REALTIME = 8;
  /** {@code _SOURCE_REALTIME_TIMESTAMP}, µs since the epoch, when the writer said. */
  static final int SOURCE_REALTIME = 9;
  /** {@code __MONOTONIC_TIMESTAMP}, µs since boot when journald got it. */
  static final int MONOTONIC = 10;
  /** {@code _SOURCE_MONOTONIC_TIMESTAMP}, µs since boot: the kernel's own time of a kernel record. */
  static final int SOURCE_MONOTONIC = 11;
  /** {@code PRIORITY}, the syslog level. */
  static final int PRIORITY = 12;
  /** {@code SYSLOG_FACILITY}. */
  static final int FACILITY = 13;
  /** {@code __CURSOR}. */
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

  /** From a {@code -o verbose} header's cursor ({@code m=}, hex µs since boot), or -1. */
  long cursorMonotonic = -1;
  /** From a {@code -o verbose} header's cursor ({@code t=}, hex µs since the epoch), or -1. */
  long cursorRealtime = -1;

  /** The wall time of a {@code -o verbose} header, for records whose cursor lacks {@code t=}. */
  boolean headerWall;
  /** The header's time, seconds since the epoch. */
  long headerSeconds;
  /** Nanoseconds past {@link #headerSeconds}. */
  int headerNanos;
  /** The precision the header's time was written with. */
  Precision headerPrecision = Precision.NONE;
  /** Whether the header's zone was not understood and the framing's was used. */
  boolean headerZoneAssumed;

  /** Forgets the record, for the next one. */
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

  /**
   * The index of a field whokilled uses.
   *
   * @param s the text holding the name
   * @param from where the name starts
   * @param to where it ends
   * @return the index, or -1 when whokilled does not use the field
   */
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

  /**
   * Sets a field unless it is set already.
   *
   * @param field the index, or -1 to ignore the value
   * @param value the value, or null to ignore it
   */
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

  /**
   * Appends a continuation line to the message (a multi-line MESSAGE of {@code -o verbose}).
   *
   * @param s the line
   * @param from where the text starts
   * @param to where it ends
   */
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

  /**
   * A field's value.
   *
   * @param field the index
   * @return the value, or null when the record did not have it
   */
  @Nullable String get(int field) {
    return values[field];
  }

  /**
   * Whether any field that only the journal writes is there: how a JSON object shows it is a journal record.
   *
   * @return true for a journal record
   */
  boolean isJournal() {
    return values[MESSAGE] != null || values[CURSOR] != null || values[REALTIME] != null
        || values[TRANSPORT] != null || values[BOOT_ID] != null;
  }

  /**
   * The message.
   *
   * @return the message, or the empty string when the record has none (or only a binary one, skipped)
   */
  String message() {
    String m = values[MESSAGE];
    if (m == null) {
      return "";
    }
    return hasMore ? m + more : m;
  }

  private static String cut(String value, int max) {
    int to = max;
    if (Character.isHighSurrogate(value.charAt(to - 1))) {
      to--;
    }
    return value.substring(0, to);
  }

  /**
   * A field's value as a number.
   *
   * @param v the value
   * @return the non-negative decimal number of at most 18 digits it holds, or -1
   */
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
