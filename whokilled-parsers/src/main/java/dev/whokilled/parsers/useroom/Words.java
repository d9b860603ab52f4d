package dev.whokilled.parsers.useroom;

import dev.whokilled.event.Constraint;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.MemoryKiller;
import dev.whokilled.event.OomKill;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.event.VictimMemory;
import dev.whokilled.framing.LogRecord;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Index-based readers shared by the userspace memory killers' parsers: a writer's {@code name[pid]: } tag left
 * in a message, digits, clocks, and the {@link OomKill} such a killer reports. No regular expressions; never
 * throws.
 */
final class Words {

  private Words() {}

  /**
   * A writer's tag at the start of a message.
   *
   * @param name the tag's name
   * @param pid its pid, or {@code null}
   * @param rest the message after the tag
   */
  record Tag(String name, @Nullable Long pid, String rest) {}

  /** The {@code name[pid]: } or {@code name: } tag at the start of {@code m}, when its name is {@code name}. */
  static @Nullable Tag tag(String m, String name) {
    if (!m.startsWith(name)) {
      return null;
    }
    int i = name.length();
    if (m.startsWith(": ", i)) {
      return new Tag(name, null, m.substring(i + 2));
    }
    if (i < m.length() && m.charAt(i) == '[') {
      int close = m.indexOf("]: ", i);
      if (close > i + 1 && close - i <= 12) {
        Long pid = digits(m, i + 1, close);
        if (pid != null) {
          return new Tag(name, pid, m.substring(close + 3));
        }
      }
    }
    return null;
  }

  /**
   * Who wrote a record, as far as its framing (or a tag left in its message) says, when that may be the killer
   * named {@code name}: the record's pid and its message without the tag; {@code null} when another program
   * wrote it.
   */
  static @Nullable Tag writer(LogRecord r, String name) {
    String ident = r.identifier();
    if (ident == null) {
      String m = r.message();
      Tag t = tag(m, name);
      if (t == null) {
        // a tag after a prefix no framing took off: "Jun 12 06:39:26 earlyoom[123]: …"
        int at = m.indexOf(" " + name);
        while (t == null && at >= 0 && at <= 80) {
          // only after a clock: a victim's name may hold " earlyoom: " too (found by fuzzing)
          t = endsWithClock(m, at) ? tag(m.substring(at + 1), name) : null;
          at = m.indexOf(" " + name, at + 1);
        }
      }
      return t != null ? t : new Tag(name, null, m);
    }
    return ident.equals(name) ? new Tag(name, r.senderPid(), r.message()) : null;
  }

  /** Whether {@code m[0, end)}, blanks trimmed, ends with a clock: {@code 06:58:22}, {@code 06:58:22.123}. */
  static boolean endsWithClock(String m, int end) {
    int e = end;
    while (e > 0 && m.charAt(e - 1) == ' ') {
      e--;
    }
    int d = e;
    while (d > 0 && Character.isDigit(m.charAt(d - 1))) {
      d--;
    }
    if (d < e && d > 0 && m.charAt(d - 1) == '.') {
      e = d - 1;
    }
    return e >= 5 && isDigit(m.charAt(e - 1)) && isDigit(m.charAt(e - 2)) && m.charAt(e - 3) == ':'
        && isDigit(m.charAt(e - 4)) && isDigit(m.charAt(e - 5));
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** The decimal number that fills {@code s[from, to)} exactly, at most 18 digits, or {@code null}. */
  static @Nullable Long digits(String s, int from, int to) {
    if (from < 0 || to > s.length() || to <= from || to - from > 18) {
      return null;
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** Where the run of decimal digits starting at {@code from} ends ({@code from} itself when there is none). */
  static int digitsEnd(String s, int from) {
    int i = from;
    while (i < s.length() && i - from < 18 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i;
  }

  /**
   * Whether {@code later} is more than {@code millis} after {@code earlier} by the clock both records have, or in
   * another boot; {@code false} when they share no clock.
   */
  static boolean after(LogRecord earlier, LogRecord later, long millis) {
    if (earlier.bootIndex() != later.bootIndex()) {
      return true;
    }
    EventTime a = earlier.time();
    EventTime b = later.time();
    Instant x = a.wall();
    Instant y = b.wall();
    if (x != null && y != null) {
      return y.toEpochMilli() - x.toEpochMilli() > millis;
    }
    if (a.uptime() != null && b.uptime() != null) {
      return b.uptime().toMillis() - a.uptime().toMillis() > millis;
    }
    return false;
  }

  /** A userspace killer's report of one kill; the fields the kernel alone prints are left empty. */
  static OomKill kill(ProcessRef victim, LogRecord at, List<LogRecord> evidence, MemoryKiller killer,
      @Nullable ProcessRef daemon, VictimMemory memory, @Nullable Integer oomScoreAdj, @Nullable Long score,
      @Nullable String reason, Signal signal) {
    return new OomKill(victim, at.time(), evidence, killer, daemon, Constraint.UNKNOWN, null, null, null, null,
        false, memory, oomScoreAdj, score, null, List.of(), null, null, false, false, false, reason, signal);
  }
}
