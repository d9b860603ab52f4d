package dev.whokilled.parsers.kubernetes;

import dev.whokilled.event.EventTime;
import dev.whokilled.event.EventTime.Precision;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/**
 * The clocks Kubernetes prints: RFC 3339 in documents ({@code 2017-10-10T17:41:58Z},
 * {@code 2021-01-05T15:36:41.046816Z}) and RFC 1123 with a numeric zone in {@code kubectl describe}
 * ({@code Mon, 13 Dec 2021 18:02:42 -0800}). Index-based, never throwing; a time that is not one of these, or
 * Go's zero time, is unknown.
 */
final class KubeTime {

  private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
    "Nov", "Dec"};

  private KubeTime() {}

  /**
   * An RFC 3339 time, with the precision of its fraction.
   *
   * @param s the text, blanks around it allowed
   * @return the time, or {@link EventTime#UNKNOWN}
   */
  static EventTime rfc3339(@Nullable String s) {
    if (s == null) {
      return EventTime.UNKNOWN;
    }
    String t = s.trim();
    if (t.length() < 20 || t.charAt(4) != '-' || t.charAt(7) != '-' || (t.charAt(10) != 'T' && t.charAt(10) != ' ')
        || t.charAt(13) != ':' || t.charAt(16) != ':') {
      return EventTime.UNKNOWN;
    }
    Integer year = num(t, 0, 4);
    Integer month = num(t, 5, 7);
    Integer day = num(t, 8, 10);
    Integer hour = num(t, 11, 13);
    Integer minute = num(t, 14, 16);
    Integer second = num(t, 17, 19);
    if (year == null || month == null || day == null || hour == null || minute == null || second == null
        || year <= 1) {
      return EventTime.UNKNOWN; // Go's zero time 0001-01-01T00:00:00Z means "never"
    }
    int p = 19;
    int nanos = 0;
    Precision precision = Precision.SECONDS;
    if (p < t.length() && t.charAt(p) == '.') {
      int start = ++p;
      while (p < t.length() && p - start < 9 && Character.isDigit(t.charAt(p))) {
        nanos = nanos * 10 + (t.charAt(p) - '0');
        p++;
      }
      int digits = p - start;
      if (digits == 0) {
        return EventTime.UNKNOWN;
      }
      for (int i = digits; i < 9; i++) {
        nanos *= 10;
      }
      while (p < t.length() && Character.isDigit(t.charAt(p))) {
        p++; // digits past nanoseconds add nothing
      }
      precision = digits <= 3 ? Precision.MILLIS : Precision.MICROS;
      nanos = nanos / 1000 * 1000; // whokilled's finest precision is the microsecond
    }
    Integer offset = zone(t, p, true);
    if (offset == null) {
      return EventTime.UNKNOWN;
    }
    return of(year, month, day, hour, minute, second, nanos, offset, precision);
  }

  /**
   * An RFC 1123 time with a numeric zone ({@code Mon, 13 Dec 2021 18:02:42 -0800}), or with {@code UTC}/{@code GMT}.
   *
   * @param s the text, blanks around it allowed
   * @return the time (whole seconds), or {@link EventTime#UNKNOWN}
   */
  static EventTime rfc1123(@Nullable String s) {
    if (s == null) {
      return EventTime.UNKNOWN;
    }
    String t = s.trim();
    int p = 0;
    int comma = t.indexOf(", ");
    if (comma > 0 && comma <= 9) {
      p = comma + 2; // the day's name, in English
    }
    int d = p;
    while (p < t.length() && p - d < 2 && Character.isDigit(t.charAt(p))) {
      p++;
    }
    Integer day = num(t, d, p);
    if (day == null || p + 1 >= t.length() || t.charAt(p) != ' ') {
      return EventTime.UNKNOWN;
    }
    p++;
    int month = -1;
    for (int i = 0; i < MONTHS.length; i++) {
      if (t.startsWith(MONTHS[i], p)) {
        month = i + 1;
      }
    }
    p += 3;
    if (month < 0 || p + 14 > t.length() || t.charAt(p) != ' ' || t.charAt(p + 5) != ' '
        || t.charAt(p + 8) != ':' || t.charAt(p + 11) != ':') {
      return EventTime.UNKNOWN;
    }
    Integer year = num(t, p + 1, p + 5);
    Integer hour = num(t, p + 6, p + 8);
    Integer minute = num(t, p + 9, p + 11);
    Integer second = num(t, p + 12, p + 14);
    p += 14;
    if (year == null || hour == null || minute == null || second == null || year <= 1) {
      return EventTime.UNKNOWN;
    }
    while (p < t.length() && t.charAt(p) == ' ') {
      p++;
    }
    Integer offset = zone(t, p, false);
    if (offset == null) {
      return EventTime.UNKNOWN;
    }
    return of(year, month, day, hour, minute, second, 0, offset, Precision.SECONDS);
  }

  /** Either of the two forms. */
  static EventTime any(@Nullable String s) {
    EventTime t = rfc3339(s);
    return t.isKnown() ? t : rfc1123(s);
  }

  /** The zone offset in seconds that fills {@code t[p..]}, or {@code null}. */
  private static @Nullable Integer zone(String t, int p, boolean rfc3339) {
    String z = t.substring(Math.min(p, t.length())).trim();
    if (z.equals("Z") || !rfc3339 && (z.equals("UTC") || z.equals("GMT") || z.equals("+0000 UTC"))) {
      return 0;
    }
    if (z.length() < 5 || z.charAt(0) != '+' && z.charAt(0) != '-') {
      return null;
    }
    Integer h;
    Integer m;
    int end;
    if (z.charAt(3) == ':') {
      h = num(z, 1, 3);
      m = num(z, 4, 6);
      end = 6;
    } else {
      h = num(z, 1, 3);
      m = num(z, 3, 5);
      end = 5;
    }
    if (h == null || m == null || h > 18 || m > 59 || !zoneName(z.substring(end).trim())) {
      return null;
    }
    int seconds = h * 3600 + m * 60;
    return z.charAt(0) == '-' ? -seconds : seconds;
  }

  /** Whether what follows a numeric offset is nothing or a zone's abbreviation ({@code -0700 PDT}). */
  private static boolean zoneName(String s) {
    if (s.length() > 5) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < 'A' || s.charAt(i) > 'Z') {
        return false;
      }
    }
    return true;
  }

  private static EventTime of(int year, int month, int day, int hour, int minute, int second, int nanos,
      int offset, Precision precision) {
    try {
      Instant i = LocalDateTime.of(year, month, day, hour, minute, second, nanos)
          .toInstant(ZoneOffset.ofTotalSeconds(offset));
      return EventTime.ofWall(i, precision);
    } catch (DateTimeException e) {
      return EventTime.UNKNOWN; // a day or hour out of range
    }
  }

  private static @Nullable Integer num(String s, int from, int to) {
    if (from < 0 || to > s.length() || to <= from) {
      return null;
    }
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
