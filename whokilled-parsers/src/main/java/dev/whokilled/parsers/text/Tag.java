package dev.whokilled.parsers.text;

import org.jspecify.annotations.Nullable;

/**
 * A writer's syslog tag left at the start of a message, {@code name[pid]: } or {@code name: }, by framings that do
 * not take it off (dmesg, a pasted line, {@code journalctl -o short-monotonic} without a host).
 *
 * @param name the tag's name
 * @param pid its pid, or {@code null}
 * @param rest the message after the tag
 * @since 0.1
 */
public record Tag(String name, @Nullable Long pid, String rest) {

  /** The most characters a pid takes between the brackets, with them: {@code [4194304]} and some slack. */
  private static final int MAX_PID_TEXT = 12;

  /**
   * The tag at the start of {@code m}, whatever its name: a name (no blank, colon or bracket), then {@code [pid]: }
   * or {@code : }.
   *
   * @param m a message
   * @return the tag, or {@code null}
   */
  public static @Nullable Tag at(String m) {
    int i = 0;
    while (i < m.length() && m.charAt(i) != '[' && m.charAt(i) != ':' && m.charAt(i) != ' '
        && m.charAt(i) != '\t') {
      i++;
    }
    return i == 0 ? null : after(m, m.substring(0, i));
  }

  /**
   * The tag at the start of {@code m} when its name is one of {@code names}.
   *
   * @param m a message
   * @param names the names to accept
   * @return the tag, or {@code null}
   */
  public static @Nullable Tag at(String m, String... names) {
    for (String name : names) {
      Tag t = m.startsWith(name) ? after(m, name) : null;
      if (t != null) {
        return t;
      }
    }
    return null;
  }

  /**
   * A tag further into a message, after a prefix the framing did not take off (a pasted line whose host was
   * removed, a date in a form no framing knows): {@code … 06:58:22 systemd[1]: …} within the first {@code within}
   * characters, after a clock and a blank; only after a clock, since a process name in the message may hold
   * {@code name: } too.
   *
   * @param m a message
   * @param within how far into the message the tag may start
   * @param names the names to accept
   * @return the tag, or {@code null}
   */
  public static @Nullable Tag within(String m, int within, String... names) {
    for (String name : names) {
      int at = m.indexOf(" " + name);
      while (at >= 0 && at <= within) {
        Tag t = Text.endsWithClock(m, at) ? at(m.substring(at + 1), name) : null;
        if (t != null) {
          return t;
        }
        at = m.indexOf(" " + name, at + 1);
      }
    }
    return null;
  }

  /** The tag of {@code name}, which {@code m} starts with, when {@code [pid]: } or {@code : } follows it. */
  private static @Nullable Tag after(String m, String name) {
    int i = name.length();
    if (m.startsWith(": ", i)) {
      return new Tag(name, null, m.substring(i + 2));
    }
    if (i < m.length() && m.charAt(i) == '[') {
      int close = m.indexOf("]: ", i);
      if (close > i + 1 && close - i <= MAX_PID_TEXT) {
        Long pid = Text.digits(m, i + 1, close);
        if (pid != null) {
          return new Tag(name, pid, m.substring(close + 3));
        }
      }
    }
    return null;
  }
}
