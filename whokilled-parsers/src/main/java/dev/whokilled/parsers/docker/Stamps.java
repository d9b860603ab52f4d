package dev.whokilled.parsers.docker;

import dev.whokilled.event.EventTime;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/**
 * The time stamps Docker and containerd write, read by index: RFC 3339 with up to nine fraction digits
 * ({@code docker inspect}'s {@code FinishedAt}, {@code docker events}, logrus' {@code time="…"}) and Go's
 * {@code time.Time.String()} ({@code 2024-12-11 05:54:19.191684944 +0000 UTC}, as {@code ctr events} prints).
 */
final class Stamps {

  private Stamps() {}

  /**
   * A time read from a line.
   *
   * @param instant the instant
   * @param precision the precision its fraction digits give
   * @param end the index just past the stamp
   */
  record Stamp(Instant instant, EventTime.Precision precision, int end) {

    /** The time as an event time. */
    EventTime time() {
      return EventTime.ofWall(instant, precision);
    }

    /**
     * Whether this is Go's zero time ({@code 0001-01-01T00:00:00Z}), which Docker writes for "never".
     */
    boolean isZero() {
      return instant.isBefore(Instant.parse("0002-01-01T00:00:00Z"));
    }
  }

  /**
   * An RFC 3339 stamp starting at {@code from}: {@code 2016-02-01T21:50:51.171492914Z},
   * {@code 2019-05-04T18:05:45.011072877-05:00}.
   *
   * @param s the text
   * @param from where the stamp starts
   * @return the stamp, or {@code null} when there is none there
   */
  static @Nullable Stamp rfc3339(String s, int from) {
    if (from < 0 || from + 19 > s.length()) {
      return null;
    }
    char t = s.charAt(from + 10);
    if (t != 'T' && t != 't' && t != ' ') {
      return null;
    }
    LocalDateTime local = dateTime(s, from);
    if (local == null) {
      return null;
    }
    int i = from + 19;
    int end = fractionEnd(s, i);
    if (end < 0) {
      return null;
    }
    int digits = Math.min(9, Math.max(0, end - i - 1));
    int nanos = nanos(s, i + 1, digits);
    i = end;
    if (i >= s.length()) {
      return null;
    }
    int offset;
    char z = s.charAt(i);
    if (z == 'Z' || z == 'z') {
      offset = 0;
      i++;
    } else if ((z == '+' || z == '-') && i + 6 <= s.length() && s.charAt(i + 3) == ':') {
      Integer h = two(s, i + 1);
      Integer m = two(s, i + 4);
      if (h == null || m == null || h > 18 || m > 59) {
        return null;
      }
      offset = (z == '-' ? -1 : 1) * (h * 3600 + m * 60);
      i += 6;
    } else {
      return null;
    }
    return stamp(local, nanos, offset, digits, i);
  }

  /**
   * Go's {@code time.Time.String()} starting at {@code from}: {@code 2024-12-11 05:54:19.191684944 +0000 UTC};
   * the zone's abbreviation after the offset is skipped, and so is a monotonic clock reading ({@code m=+1.2}).
   *
   * @param s the text
   * @param from where the stamp starts
   * @return the stamp, or {@code null} when there is none there
   */
  static @Nullable Stamp goTime(String s, int from) {
    if (from < 0 || from + 19 > s.length() || s.charAt(from + 10) != ' ') {
      return null;
    }
    LocalDateTime local = dateTime(s, from);
    if (local == null) {
      return null;
    }
    int i = from + 19;
    int end = fractionEnd(s, i);
    if (end < 0) {
      return null;
    }
    int digits = Math.min(9, Math.max(0, end - i - 1));
    int nanos = nanos(s, i + 1, digits);
    i = end;
    if (i + 6 > s.length() || s.charAt(i) != ' ') {
      return null;
    }
    char sign = s.charAt(i + 1);
    Integer h = two(s, i + 2);
    Integer m = two(s, i + 4);
    if (sign != '+' && sign != '-' || h == null || m == null || h > 18 || m > 59) {
      return null;
    }
    int offset = (sign == '-' ? -1 : 1) * (h * 3600 + m * 60);
    i += 6;
    if (i < s.length() && s.charAt(i) == ' ') {
      int z = i + 1;
      int e = z;
      while (e < s.length() && e - z < 8 && (Character.isLetter(s.charAt(e)) || s.charAt(e) == '+'
          || s.charAt(e) == '-' || digit(s.charAt(e)))) {
        e++;
      }
      if (e > z && (e == s.length() || s.charAt(e) == ' ')) {
        i = e; // the zone's abbreviation (UTC, CST, +08)
      }
    }
    return stamp(local, nanos, offset, digits, i);
  }

  /**
   * The time of a logrus line: the RFC 3339 value of its {@code time="…"} field.
   *
   * @param s the line
   * @return the stamp, or {@code null} when the line has none
   */
  static @Nullable Stamp logfmtTime(String s) {
    int at = s.indexOf("time=\"");
    if (at < 0 || at > 0 && s.charAt(at - 1) != ' ') {
      return null;
    }
    return rfc3339(s, at + 6);
  }

  /**
   * A time given as seconds and nanoseconds since the epoch, as protobuf's {@code Timestamp} holds it.
   *
   * @param seconds the seconds
   * @param nanos the nanoseconds, 0 to 999,999,999
   * @return the time, or {@code null} when out of range
   */
  static @Nullable EventTime epoch(long seconds, long nanos) {
    if (seconds <= 0 || seconds > 253_402_300_799L || nanos < 0 || nanos > 999_999_999L) {
      return null;
    }
    return EventTime.ofWall(Instant.ofEpochSecond(seconds, nanos), EventTime.Precision.MICROS);
  }

  private static @Nullable Stamp stamp(LocalDateTime local, int nanos, int offset, int digits, int end) {
    try {
      Instant at = local.withNano(nanos).toInstant(ZoneOffset.ofTotalSeconds(offset));
      EventTime.Precision p = digits == 0 ? EventTime.Precision.SECONDS
          : digits <= 3 ? EventTime.Precision.MILLIS : EventTime.Precision.MICROS;
      return new Stamp(at, p, end);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** {@code YYYY-MM-DD?HH:MM:SS} at {@code from}, the separator already checked. */
  private static @Nullable LocalDateTime dateTime(String s, int from) {
    if (s.charAt(from + 4) != '-' || s.charAt(from + 7) != '-' || s.charAt(from + 13) != ':'
        || s.charAt(from + 16) != ':') {
      return null;
    }
    Integer y1 = two(s, from);
    Integer y2 = two(s, from + 2);
    Integer mo = two(s, from + 5);
    Integer d = two(s, from + 8);
    Integer h = two(s, from + 11);
    Integer mi = two(s, from + 14);
    Integer se = two(s, from + 17);
    if (y1 == null || y2 == null || mo == null || d == null || h == null || mi == null || se == null) {
      return null;
    }
    try {
      return LocalDateTime.of(y1 * 100 + y2, mo, d, h, mi, Math.min(se, 59));
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static @Nullable Integer two(String s, int at) {
    if (at + 2 > s.length()) {
      return null;
    }
    char a = s.charAt(at);
    char b = s.charAt(at + 1);
    return digit(a) && digit(b) ? (a - '0') * 10 + (b - '0') : null;
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * Where a fraction of a second at {@code i} ({@code .} and digits) ends: {@code i} when there is none, -1 when
   * the dot has no digit. More than nine digits are not Go's, but no reason to refuse.
   */
  private static int fractionEnd(String s, int i) {
    if (i >= s.length() || s.charAt(i) != '.') {
      return i;
    }
    int e = i + 1;
    while (e < s.length() && digit(s.charAt(e))) {
      e++;
    }
    return e == i + 1 ? -1 : e;
  }

  /** The nanoseconds the first {@code digits} (at most nine) digits at {@code from} make. */
  private static int nanos(String s, int from, int digits) {
    int nanos = 0;
    for (int k = 0; k < 9; k++) {
      nanos = nanos * 10 + (k < digits ? s.charAt(from + k) - '0' : 0);
    }
    return nanos;
  }
}
