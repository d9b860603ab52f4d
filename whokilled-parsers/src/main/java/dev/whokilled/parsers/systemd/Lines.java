package dev.whokilled.parsers.systemd;

import org.jspecify.annotations.Nullable;

/**
 * Index-based readers for service managers' lines: the unit a line is about and the tokens around it (a tag left
 * in a message is read by {@link dev.whokilled.parsers.text.Tag}, a signal by
 * {@link dev.whokilled.parsers.text.Text#signal}). No regular expressions; never throws.
 */
final class Lines {

  private Lines() {}

  /** The longest unit name systemd accepts ({@code UNIT_NAME_MAX}). */
  static final int UNIT_NAME_MAX = 256;

  private static final String[] UNIT_SUFFIXES = {
    ".service", ".scope", ".socket", ".mount", ".swap", ".slice", ".timer", ".target", ".path", ".device",
    ".automount"
  };

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

  /** The token of {@code s} from {@code from} up to the first of {@code stops}, or the end. */
  static String tokenAt(String s, int from, String stops) {
    int i = from;
    while (i < s.length() && stops.indexOf(s.charAt(i)) < 0) {
      i++;
    }
    return s.substring(Math.min(from, s.length()), i);
  }
}
