package dev.whokilled.parsers.apps;

import dev.whokilled.event.EventTime;
import dev.whokilled.event.EventTime.Precision;
import dev.whokilled.framing.LogRecord;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/**
 * Reads the time stamps applications write at the start of their own lines, by index: nginx
 * {@code 2021/12/18 22:40:03}, PostgreSQL {@code 2021-01-18 21:19:30.017 UTC}, gunicorn
 * {@code [2024-11-05 09:25:59 +0000]}, Apache {@code [Tue Apr 30 09:46:59.387053 2019]}, php-fpm
 * {@code [07-Apr-2021 12:06:02]}, Redis {@code 07 Oct 2023 14:41:46.166}, uWSGI and the JVM
 * {@code Wed Jul 27 07:25:07 2016}, ISO 8601 with a zone ({@code 2021-07-22T16:17:01.245+00:00}).
 *
 * <p>A stamp without a zone is read as UTC and marked as such ({@link EventTime#zoneAssumed()}).
 */
final class AppTime {

  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };

  private AppTime() {}

  /**
   * The record's time: the framing's when it gave one, else the stamp the line starts with (after
   * {@code skip} characters), else unknown.
   *
   * @param record the record
   * @param from where in the message to look for a stamp
   * @return the time
   */
  static EventTime of(LogRecord record, int from) {
    if (record.time().isKnown()) {
      return record.time();
    }
    String m = record.message();
    EventTime t = parse(m, from);
    if (t == null) {
      // docker compose prefixes each line with the service: "postgres_1  | 2021-01-18 21:19:30.017 UTC [1] …"
      int bar = m.indexOf(" | ", from);
      int tries = 0;
      while (t == null && bar >= 0 && bar < from + 160 && tries++ < 3) {
        t = parse(m, bar + 3);
        bar = m.indexOf(" | ", bar + 3);
      }
    }
    return t == null ? EventTime.UNKNOWN : t;
  }

  /**
   * The stamp at {@code from} (after any blanks and one {@code [}), or {@code null}.
   *
   * @param s the line
   * @param from where to start
   * @return the time, or {@code null} when no known stamp is there
   */
  static @Nullable EventTime parse(String s, int from) {
    try {
      int p = from;
      while (p < s.length() && s.charAt(p) == ' ') {
        p++;
      }
      if (p < s.length() && s.charAt(p) == '[') {
        p++;
      }
      if (p + 19 > s.length()) {
        return null;
      }
      char c = s.charAt(p);
      if (digit(c)) {
        if (digits(s, p, 4) && (s.charAt(p + 4) == '-' || s.charAt(p + 4) == '/')) {
          return ymd(s, p);
        }
        if (digits(s, p, 2) && s.charAt(p + 2) == '-') {
          return dMonY(s, p, '-');
        }
        if (digits(s, p, 2) && s.charAt(p + 2) == ' ') {
          return dMonY(s, p, ' ');
        }
        return null;
      }
      return ctime(s, p);
    } catch (DateTimeException | NumberFormatException | StringIndexOutOfBoundsException e) {
      return null;
    }
  }

  /** {@code 2021-01-18 21:19:30.017 UTC}, {@code 2021/12/18 22:40:03}, {@code 2021-07-22T16:17:01.245+00:00}. */
  private static @Nullable EventTime ymd(String s, int p) {
    char sep = s.charAt(p + 4);
    if (s.charAt(p + 7) != sep || !digits(s, p + 5, 2) || !digits(s, p + 8, 2)
        || (s.charAt(p + 10) != ' ' && s.charAt(p + 10) != 'T')) {
      return null;
    }
    int year = num(s, p, 4);
    int month = num(s, p + 5, 2);
    int day = num(s, p + 8, 2);
    return clock(s, p + 11, year, month, day);
  }

  /** {@code 07-Apr-2021 12:06:02} (php-fpm) and {@code 07 Oct 2023 14:41:46.166} (Redis). */
  private static @Nullable EventTime dMonY(String s, int p, char sep) {
    int day = num(s, p, 2);
    int month = month(s, p + 3);
    if (month < 0 || s.charAt(p + 6) != sep || !digits(s, p + 7, 4) || s.charAt(p + 11) != ' ') {
      return null;
    }
    return clock(s, p + 12, num(s, p + 7, 4), month + 1, day);
  }

  /** {@code Tue Apr 30 09:46:59.387053 2019}, {@code Wed Jul 27 07:25:07 2016}, {@code Sun Nov 22 11:33:12 2026 UTC}. */
  private static @Nullable EventTime ctime(String s, int p) {
    if (s.charAt(p + 3) != ' ') {
      return null;
    }
    int month = month(s, p + 4);
    if (month < 0 || s.charAt(p + 7) != ' ') {
      return null;
    }
    int d = p + 8;
    if (s.charAt(d) == ' ') {
      d++;
    }
    int dayEnd = d;
    while (dayEnd < s.length() && digit(s.charAt(dayEnd)) && dayEnd - d < 2) {
      dayEnd++;
    }
    if (dayEnd == d || s.charAt(dayEnd) != ' ') {
      return null;
    }
    int day = num(s, d, dayEnd - d);
    int t = dayEnd + 1;
    if (!digits(s, t, 2) || s.charAt(t + 2) != ':' || !digits(s, t + 3, 2) || s.charAt(t + 5) != ':'
        || !digits(s, t + 6, 2)) {
      return null;
    }
    int e = t + 8;
    long nanos = 0;
    Precision precision = Precision.SECONDS;
    if (e < s.length() && s.charAt(e) == '.') {
      int f = e + 1;
      while (f < s.length() && digit(s.charAt(f)) && f - e <= 9) {
        f++;
      }
      nanos = fraction(s, e + 1, f);
      precision = f - e - 1 >= 6 ? Precision.MICROS : Precision.MILLIS;
      e = f;
    }
    if (e + 5 > s.length() || s.charAt(e) != ' ' || !digits(s, e + 1, 4)) {
      return null;
    }
    int year = num(s, e + 1, 4);
    boolean utc = s.startsWith(" UTC", e + 5) || s.startsWith(" GMT", e + 5);
    LocalDateTime local = LocalDateTime.of(year, month + 1, day, num(s, t, 2), num(s, t + 3, 2),
        num(s, t + 6, 2), (int) nanos);
    return new EventTime(local.toInstant(ZoneOffset.UTC), precision, false, !utc, null, null);
  }

  /** {@code HH:MM:SS[.fff][ UTC| +0000|Z|+00:00]} at {@code t}, on the given date. */
  private static @Nullable EventTime clock(String s, int t, int year, int month, int day) {
    if (t + 8 > s.length() || !digits(s, t, 2) || s.charAt(t + 2) != ':' || !digits(s, t + 3, 2)
        || s.charAt(t + 5) != ':' || !digits(s, t + 6, 2)) {
      return null;
    }
    int e = t + 8;
    long nanos = 0;
    Precision precision = Precision.SECONDS;
    if (e < s.length() && (s.charAt(e) == '.' || s.charAt(e) == ',')) {
      int f = e + 1;
      while (f < s.length() && digit(s.charAt(f)) && f - e <= 9) {
        f++;
      }
      if (f > e + 1) {
        nanos = fraction(s, e + 1, f);
        precision = f - e - 1 >= 6 ? Precision.MICROS : Precision.MILLIS;
      }
      e = f;
    }
    int offsetSeconds = 0;
    boolean zone = false;
    int z = e < s.length() && s.charAt(e) == ' ' ? e + 1 : e;
    if (z < s.length()) {
      char c = s.charAt(z);
      if (c == 'Z' && z == e) {
        zone = true;
      } else if (s.startsWith("UTC", z) || s.startsWith("GMT", z)) {
        zone = true;
      } else if ((c == '+' || c == '-') && digits(s, z + 1, 2)) {
        int hh = num(s, z + 1, 2);
        int mm = 0;
        if (digits(s, z + 3, 2)) {
          mm = num(s, z + 3, 2);
        } else if (z + 3 < s.length() && s.charAt(z + 3) == ':' && digits(s, z + 4, 2)) {
          mm = num(s, z + 4, 2);
        }
        offsetSeconds = (hh * 3600 + mm * 60) * (c == '-' ? -1 : 1);
        zone = true;
      }
    }
    LocalDateTime local = LocalDateTime.of(year, month, day, num(s, t, 2), num(s, t + 3, 2), num(s, t + 6, 2),
        (int) nanos);
    return new EventTime(local.toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds)), precision, false, !zone,
        null, null);
  }

  private static long fraction(String s, int from, int to) {
    long v = 0;
    int n = 0;
    for (int i = from; i < to && n < 9; i++, n++) {
      v = v * 10 + (s.charAt(i) - '0');
    }
    for (; n < 9; n++) {
      v *= 10;
    }
    return v;
  }

  private static int month(String s, int p) {
    for (int i = 0; i < MONTHS.length; i++) {
      if (s.startsWith(MONTHS[i], p)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean digits(String s, int p, int n) {
    if (p < 0 || p + n > s.length()) {
      return false;
    }
    for (int i = p; i < p + n; i++) {
      if (!digit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static int num(String s, int p, int n) {
    int v = 0;
    for (int i = p; i < p + n; i++) {
      v = v * 10 + (s.charAt(i) - '0');
    }
    return v;
  }
}
