package dev.whokilled.parsers.text;

import dev.whokilled.event.EventTime;
import dev.whokilled.event.Signal;
import dev.whokilled.framing.LogRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Index-based field readers: no regular expressions, linear in the line, never throwing. */
public final class Text {

  private Text() {}

  /** The decimal number right after {@code key} in {@code s} (first occurrence), or {@code null}. */
  public static @Nullable Long numberAfter(String s, String key) {
    int at = s.indexOf(key);
    return at < 0 ? null : number(s, at + key.length());
  }

  /** The decimal number (optionally signed) starting at {@code from}, skipping spaces, or {@code null}. */
  public static @Nullable Long number(String s, int from) {
    int i = from;
    while (i < s.length() && s.charAt(i) == ' ') {
      i++;
    }
    boolean negative = false;
    if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
      negative = s.charAt(i) == '-';
      i++;
    }
    int start = i;
    long v = 0;
    while (i < s.length() && i - start < 19) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        break;
      }
      v = v * 10 + (c - '0');
      i++;
    }
    if (i == start) {
      return null;
    }
    return negative ? -v : v;
  }

  /** The number after {@code key} read as kB and converted to bytes, or {@code null}. */
  public static @Nullable Long kbAfter(String s, String key) {
    Long kb = numberAfter(s, key);
    if (kb == null || kb < 0 || kb > Long.MAX_VALUE / 1024) {
      return null;
    }
    return kb * 1024;
  }

  /** The token after {@code key} up to the next space or comma, or {@code null}. */
  public static @Nullable String tokenAfter(String s, String key) {
    int at = s.indexOf(key);
    if (at < 0) {
      return null;
    }
    int start = at + key.length();
    int end = start;
    while (end < s.length() && s.charAt(end) != ' ' && s.charAt(end) != ',') {
      end++;
    }
    return end > start ? s.substring(start, end) : null;
  }

  /** Whether {@code s} is all digits (and not empty). */
  public static boolean isDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** Integer view of a long that fits, else {@code null}. */
  public static @Nullable Integer toInt(@Nullable Long v) {
    return v == null || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE ? null : (int) v.longValue();
  }

  /**
   * Whether {@code m[0, end)}, blanks trimmed, ends with a clock ({@code 06:58:22}, {@code 06:58},
   * {@code 06:58:22.123}): the only prefix before a tag that is not part of a message (a process's name may hold
   * {@code " systemd: "} too).
   */
  public static boolean endsWithClock(String m, int end) {
    int e = end;
    while (e > 0 && m.charAt(e - 1) == ' ') {
      e--;
    }
    int d = e;
    while (d > 0 && digit(m.charAt(d - 1))) {
      d--;
    }
    if (d < e && d > 0 && m.charAt(d - 1) == '.') {
      e = d - 1; // fractional seconds
    }
    return e >= 5 && digit(m.charAt(e - 1)) && digit(m.charAt(e - 2)) && m.charAt(e - 3) == ':'
        && digit(m.charAt(e - 4)) && digit(m.charAt(e - 5));
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  /** The decimal number that fills {@code s[from, to)} exactly, at most 18 digits, or {@code null}. */
  public static @Nullable Long digits(String s, int from, int to) {
    if (from < 0 || to > s.length() || to <= from || to - from > 18) {
      return null;
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!digit(c)) {
        return null;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** Where the run of decimal digits starting at {@code from} ends ({@code from} itself when there is none). */
  public static int digitsEnd(String s, int from) {
    int i = from;
    while (i < s.length() && i - from < 18 && digit(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /**
   * A signal written as a name ({@code SIGKILL}, {@code KILL}) or a number, or {@code null}.
   *
   * @param s the token
   * @return the signal, or {@code null} for anything else (real-time signals included)
   */
  public static @Nullable Signal signal(String s) {
    String t = s.trim();
    if (t.isEmpty() || t.length() > 12) {
      return null;
    }
    Long n = digits(t, 0, t.length());
    if (n != null) {
      return Signal.fromNumber(n).orElse(null);
    }
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
        return null;
      }
    }
    Optional<Signal> sig = Signal.fromName(t);
    return sig.orElse(null);
  }

  /**
   * Whether {@code later} is more than {@code millis} after {@code earlier} by the clock both records have
   * (wall-clock first, then time since boot), or in another boot; {@code false} when they share no clock.
   */
  public static boolean after(LogRecord earlier, LogRecord later, long millis) {
    return earlier.bootIndex() != later.bootIndex() || after(earlier.time(), later.time(), millis);
  }

  /**
   * Whether {@code later} is more than {@code millis} after {@code earlier} by the clock both times have
   * (wall-clock first, then time since boot); {@code false} when they share no clock.
   */
  public static boolean after(EventTime earlier, EventTime later, long millis) {
    Instant x = earlier.wall();
    Instant y = later.wall();
    if (x != null && y != null) {
      return y.toEpochMilli() - x.toEpochMilli() > millis;
    }
    Duration u = earlier.uptime();
    Duration v = later.uptime();
    if (u != null && v != null) {
      return v.toMillis() - u.toMillis() > millis;
    }
    return false;
  }
}
