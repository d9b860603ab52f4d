package dev.whokilled.parsers.docker;

import org.jspecify.annotations.Nullable;

/**
 * Fields of the lines logrus writes for dockerd and containerd: {@code time="…" level=info msg="…" key=value}.
 * Quoted values are Go-quoted ({@code \"} and {@code \\} escaped); index-based, never throwing.
 */
final class Logfmt {

  /** The longest value read; the rest of a longer one is cut. */
  static final int MAX_VALUE = 64 * 1024;

  private Logfmt() {}

  /**
   * The value of {@code key="…"} (or {@code key=token}), unescaped.
   *
   * @param s the line
   * @param key the key, such as {@code msg}
   * @return the value, or {@code null} when the line has no such field
   */
  static @Nullable String field(String s, String key) {
    int at = -1;
    int from = 0;
    while (true) {
      int k = s.indexOf(key + "=", from);
      if (k < 0) {
        return null;
      }
      if (k == 0 || s.charAt(k - 1) == ' ') {
        at = k + key.length() + 1;
        break;
      }
      from = k + 1;
    }
    if (at < s.length() && s.charAt(at) == '"') {
      StringBuilder b = new StringBuilder();
      int i = at + 1;
      while (i < s.length() && b.length() < MAX_VALUE) {
        char c = s.charAt(i++);
        if (c == '"') {
          return b.toString();
        }
        if (c == '\\' && i < s.length()) {
          char e = s.charAt(i++);
          switch (e) {
            case 'n' -> b.append('\n');
            case 't' -> b.append('\t');
            default -> b.append(e);
          }
        } else {
          b.append(c);
        }
      }
      return b.toString(); // cut: what there is
    }
    int end = at;
    while (end < s.length() && s.charAt(end) != ' ' && end - at < MAX_VALUE) {
      end++;
    }
    return s.substring(at, end);
  }
}
