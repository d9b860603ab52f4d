package dev.whokilled.parsers.systemd;

import dev.whokilled.event.Signal;
import dev.whokilled.parsers.text.Text;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Index-based readers for service managers' lines: the unit a line is about, a {@code name[pid]: } tag left in a
 * message by framings that do not take it off (dmesg, {@code journalctl -o short-monotonic} without a host), pids
 * and signal names. No regular expressions; never throws.
 */
final class Lines {

  private Lines() {}

  /** The longest unit name systemd accepts ({@code UNIT_NAME_MAX}). */
  static final int UNIT_NAME_MAX = 256;

  private static final String[] UNIT_SUFFIXES = {
    ".service", ".scope", ".socket", ".mount", ".swap", ".slice", ".timer", ".target", ".path", ".device",
    ".automount"
  };

  /**
   * A writer's tag at the start of a message, {@code name[pid]: } or {@code name: }.
   *
   * @param name the tag's name
   * @param pid its pid, or {@code null}
   * @param rest the message after the tag
   */
  record Tag(String name, @Nullable Long pid, String rest) {}

  /**
   * The tag at the start of {@code m} when its name is one of {@code names}.
   *
   * @param m a message
   * @param names the names to accept
   * @return the tag, or {@code null}
   */
  static @Nullable Tag tag(String m, String... names) {
    for (String name : names) {
      if (!m.startsWith(name)) {
        continue;
      }
      int i = name.length();
      if (m.startsWith(": ", i)) {
        return new Tag(name, null, m.substring(i + 2));
      }
      if (i < m.length() && m.charAt(i) == '[') {
        int close = m.indexOf("]: ", i);
        if (close > i + 1 && close - i <= 12) {
          Long pid = Text.digits(m, i + 1, close);
          if (pid != null) {
            return new Tag(name, pid, m.substring(close + 3));
          }
        }
      }
    }
    return null;
  }

  /**
   * A writer's tag further into a message, after a prefix the framing did not take off (a pasted line whose host
   * was removed, a date in a form no framing knows): {@code … 06:58:22 systemd[1]: …} within the first
   * {@code within} characters, after a clock and a blank.
   *
   * @param m a message
   * @param within how far into the message the tag may start
   * @param names the names to accept
   * @return the tag, or {@code null}
   */
  static @Nullable Tag tagWithin(String m, int within, String... names) {
    for (String name : names) {
      int at = m.indexOf(" " + name);
      while (at >= 0 && at <= within) {
        Tag t = Text.endsWithClock(m, at) ? tag(m.substring(at + 1), name) : null;
        if (t != null) {
          return t;
        }
        at = m.indexOf(" " + name, at + 1);
      }
    }
    return null;
  }

  /** Whether {@code s} looks like a systemd unit name: no blanks, a known type suffix, not too long. */
  static boolean isUnitName(String s) {
    if (s.isEmpty() || s.length() > UNIT_NAME_MAX) {
      return false;
    }
    boolean suffix = false;
    for (String u : UNIT_SUFFIXES) {
      if (s.endsWith(u) && s.length() > u.length()) {
        suffix = true;
        break;
      }
    }
    if (!suffix) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c == '/' || c == '\u007f') {
        return false;
      }
    }
    return true;
  }

  /** The unit that starts {@code m} as {@code unit: …}, or {@code null}. */
  static @Nullable String unitPrefix(String m) {
    int colon = m.indexOf(": ");
    if (colon <= 0 || colon > UNIT_NAME_MAX) {
      return null;
    }
    String u = m.substring(0, colon);
    return isUnitName(u) ? u : null;
  }

  /** The unit that starts {@code m} as {@code unit …} (the old lines without a colon), or {@code null}. */
  static @Nullable String unitWord(String m) {
    int space = m.indexOf(' ');
    if (space <= 0 || space > UNIT_NAME_MAX) {
      return null;
    }
    String u = m.substring(0, space);
    return isUnitName(u) ? u : null;
  }

  /**
   * A signal written as a name ({@code SIGKILL}, {@code KILL}) or a number, or {@code null}.
   *
   * @param s the token
   * @return the signal, or {@code null} for anything else (real-time signals included)
   */
  static @Nullable Signal signal(String s) {
    String t = s.trim();
    if (t.isEmpty() || t.length() > 12) {
      return null;
    }
    Long n = Text.digits(t, 0, t.length());
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

  /** The token of {@code s} from {@code from} up to the first of {@code stops}, or the end. */
  static String tokenAt(String s, int from, String stops) {
    int i = from;
    while (i < s.length() && stops.indexOf(s.charAt(i)) < 0) {
      i++;
    }
    return s.substring(Math.min(from, s.length()), i);
  }
}
