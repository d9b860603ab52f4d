package dev.whokilled.parsers.strace;

import dev.whokilled.event.EventTime;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.parsers.trace.TracerClock;
import org.jspecify.annotations.Nullable;

/**
 * What strace prints before a line's body (its {@code printleader}): the pid column ({@code -f} to a file:
 * {@code 1234  }; to the terminal: {@code [pid  1234] }; with {@code -Y}: {@code 1234<comm> }), the time stamp
 * ({@code -t} {@code 10:00:00}, {@code -tt} {@code 10:00:00.123456}, {@code -ttt} {@code 1700000000.123456},
 * {@code -r} {@code 0.000123}, any precision; {@code -t -r} adds {@code (+ 0.000123)}), then bracketed columns
 * ({@code -i} {@code [00007f…]}, {@code -n} {@code [ 62]}, {@code --secontext} {@code [ctx]}).
 *
 * <p>A framing may have trimmed the leading spaces of a {@code -r} stamp; a number is read as a pid only when
 * it has at most seven digits and no fraction (pids stop at 4194304), as an epoch when its whole part has nine
 * digits or more, else as a relative stamp.
 */
final class Leader {

  /** The pid column, or {@code null} when the line has none. */
  final @Nullable Long pid;
  /** The command name {@code -Y} printed after the pid, or {@code null}. */
  final @Nullable String comm;
  /** A {@code -t}/{@code -tt} time of day, or {@code null}. */
  final TracerClock.@Nullable ClockTime clock;
  /** A {@code -ttt} stamp's seconds, or -1. */
  final long epochSeconds;
  /** A {@code -ttt} stamp's fraction, nanoseconds. */
  final long epochNanos;
  /** How many fraction digits the {@code -ttt} stamp had. */
  final int epochDigits;
  /** Where the body starts. */
  final int body;

  private Leader(@Nullable Long pid, @Nullable String comm, TracerClock.@Nullable ClockTime clock,
      long epochSeconds, long epochNanos, int epochDigits, int body) {
    this.pid = pid;
    this.comm = comm;
    this.clock = clock;
    this.epochSeconds = epochSeconds;
    this.epochNanos = epochNanos;
    this.epochDigits = epochDigits;
    this.body = body;
  }

  /** The time the stamp gives, completed by the clock; else the record's own time. */
  EventTime time(TracerClock tracerClock, LogRecord record) {
    if (epochSeconds >= 0) {
      return TracerClock.epoch(epochSeconds, epochNanos, TracerClock.precisionOf(epochDigits));
    }
    if (clock != null) {
      return clock.complete(tracerClock, record);
    }
    return record.time();
  }

  /**
   * Reads the leader of a line.
   *
   * @param m the message
   * @return the leader; its {@link #body} is where anything not recognised as leader starts
   */
  static Leader parse(String m) {
    int n = m.length();
    int i = skipSpaces(m, 0);
    Long pid = null;
    String comm = null;
    if (m.startsWith("[pid", i)) {
      int j = skipSpaces(m, i + 4);
      int d = digits(m, j);
      if (d > j && d - j <= 10) {
        long v = value(m, j, d);
        int k = d;
        String c = null;
        if (k < n && m.charAt(k) == '<') {
          int close = m.indexOf('>', k + 1);
          if (close > 0) {
            c = CStrings.unescape(m.substring(k + 1, close));
            k = close + 1;
          }
        }
        if (k < n && m.charAt(k) == ']') {
          pid = v;
          comm = c;
          i = skipSpaces(m, k + 1);
        }
      }
    } else if (i < n && digit(m.charAt(i))) {
      int d = digits(m, i);
      if (d - i <= 7 && d < n) {
        char after = m.charAt(d);
        long v = value(m, i, d);
        if (v > 0 && after == '<') {
          int close = m.indexOf('>', d + 1);
          if (close > 0 && close + 1 < n && m.charAt(close + 1) == ' ') {
            pid = v;
            comm = CStrings.unescape(m.substring(d + 1, close));
            i = skipSpaces(m, close + 1);
          }
        } else if (v > 0 && (after == ' ' || after == '\t')) {
          pid = v;
          i = skipSpaces(m, d);
        }
      }
    }
    TracerClock.ClockTime clock = null;
    long epochSeconds = -1;
    long epochNanos = 0;
    int epochDigits = 0;
    if (i < n && digit(m.charAt(i))) {
      clock = TracerClock.clockTime(m, i);
      if (clock != null) {
        i = skipSpaces(m, clock.end());
      } else {
        int d = digits(m, i);
        int end = d;
        int fraction = 0;
        long nanos = 0;
        if (d < n && m.charAt(d) == '.') {
          int f = digits(m, d + 1);
          fraction = f - d - 1;
          for (int k = d + 1; k < f && k < d + 10; k++) {
            nanos = nanos * 10 + (m.charAt(k) - '0');
          }
          for (int k = Math.min(fraction, 9); k < 9; k++) {
            nanos *= 10;
          }
          end = f;
        }
        if (end == n || m.charAt(end) == ' ' || m.charAt(end) == '\t') {
          if (d - i >= 9 && d - i <= 12) {
            epochSeconds = value(m, i, d);
            epochNanos = nanos;
            epochDigits = fraction;
          }
          // else a relative stamp (-r): no clock
          i = skipSpaces(m, end);
        }
      }
    }
    if (m.startsWith("(+", i)) {
      int close = m.indexOf(')', i);
      if (close > 0 && close - i < 40) {
        i = skipSpaces(m, close + 1);
      }
    }
    for (int k = 0; k < 4 && i < n && m.charAt(i) == '['; k++) {
      int close = m.indexOf(']', i);
      if (close < 0 || close - i > 256 || close + 1 >= n || m.charAt(close + 1) != ' ') {
        break;
      }
      i = skipSpaces(m, close + 1);
    }
    return new Leader(pid, comm, clock, epochSeconds, epochNanos, epochDigits, i);
  }

  static int skipSpaces(String s, int from) {
    int i = from;
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  static int digits(String s, int from) {
    int i = from;
    while (i < s.length() && digit(s.charAt(i))) {
      i++;
    }
    return i;
  }

  static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  /** The value of the digits in {@code [from, to)}, saturating rather than overflowing. */
  static long value(String s, int from, int to) {
    long v = 0;
    for (int k = from; k < to; k++) {
      if (v > (Long.MAX_VALUE - 9) / 10) {
        return Long.MAX_VALUE;
      }
      v = v * 10 + (s.charAt(k) - '0');
    }
    return v;
  }
}
