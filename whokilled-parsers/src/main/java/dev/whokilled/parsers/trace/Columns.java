package dev.whokilled.parsers.trace;

import dev.whokilled.event.Signal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Index-based readers for the tracers' tables: tokens, numbers, signal columns. */
final class Columns {

  private Columns() {}

  /** Signals whose default action ends the process; sends of the others are not kept. */
  static final Set<Signal> TERMINATING = EnumSet.complementOf(EnumSet.of(
      Signal.SIGCHLD, Signal.SIGCONT, Signal.SIGSTOP, Signal.SIGTSTP, Signal.SIGTTIN, Signal.SIGTTOU,
      Signal.SIGURG, Signal.SIGWINCH));

  /**
   * A token: a run of characters other than spaces and tabs.
   *
   * @param start its first index
   * @param end the index after it
   */
  record Token(int start, int end) {
    String of(String s) {
      return s.substring(start, end);
    }
  }

  /** The tokens of {@code s} in {@code [from, to)}, at most {@code max} (more make the result {@code null}). */
  static @Nullable List<Token> tokens(String s, int from, int to, int max) {
    List<Token> out = new ArrayList<>();
    int i = from;
    while (i < to) {
      while (i < to && blank(s.charAt(i))) {
        i++;
      }
      if (i >= to) {
        break;
      }
      int start = i;
      while (i < to && !blank(s.charAt(i))) {
        i++;
      }
      if (out.size() == max) {
        return null;
      }
      out.add(new Token(start, i));
    }
    return out;
  }

  static boolean blank(char c) {
    return c == ' ' || c == '\t';
  }

  static int skipBlanks(String s, int from) {
    int i = from;
    while (i < s.length() && blank(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /** The end of the token starting at {@code from}. */
  static int tokenEnd(String s, int from) {
    int i = from;
    while (i < s.length() && !blank(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /** The decimal value of {@code s} in {@code [from, to)} (an optional {@code -}, 1 to 10 digits), or {@code null}. */
  static @Nullable Long integer(String s, int from, int to) {
    int i = from;
    boolean negative = i < to && s.charAt(i) == '-';
    if (negative) {
      i++;
    }
    if (i >= to || to - i > 10) {
      return null;
    }
    long v = 0;
    for (int k = i; k < to; k++) {
      char c = s.charAt(k);
      if (c < '0' || c > '9') {
        return null;
      }
      v = v * 10 + (c - '0');
    }
    return negative ? -v : v;
  }

  /** Whether the text is a signal column: a number, a name ({@code SIGKILL}, {@code SIGNAL-34}), or {@code N/A}. */
  static boolean isSignalSpec(String t) {
    if (t.isEmpty() || t.length() > 12) {
      return false;
    }
    if (t.equals("N/A") || t.startsWith("SIGNAL-") || t.startsWith("SIG")) {
      return true;
    }
    for (int i = 0; i < t.length(); i++) {
      if (t.charAt(i) < '0' || t.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** The signal a signal column names; {@code null} for 0, real-time and unknown signals. */
  static @Nullable Signal signal(String t) {
    if (t.isEmpty() || t.length() > 12) {
      return null;
    }
    char c = t.charAt(0);
    if (c >= '0' && c <= '9') {
      Long n = integer(t, 0, t.length());
      return n == null ? null : Signal.fromNumber(n).orElse(null);
    }
    if (!t.startsWith("SIG") || t.startsWith("SIGNAL-")) {
      return null;
    }
    return Signal.fromName(t).orElse(null);
  }
}
