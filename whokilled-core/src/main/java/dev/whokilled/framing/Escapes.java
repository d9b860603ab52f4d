package dev.whokilled.framing;

import dev.whokilled.internal.Bytes;

/**
 * Undoes the escaping that log writers apply to bytes they will not print.
 *
 * <p>{@code /dev/kmsg} writes every byte below a space, from DEL up, and the backslash as {@code \xNN}, so a
 * UTF-8 character arrives as a run of escapes: a run is decoded as UTF-8 where it is valid, and a byte that
 * is not part of a valid sequence becomes the Latin-1 character of the same value (nothing is dropped).
 * rsyslog writes control characters as {@code #} and three octal digits ({@code #012} newline, {@code #011}
 * tab).
 */
final class Escapes {

  private final StringBuilder out = new StringBuilder(256);
  private byte[] bytes = new byte[64];

  /**
   * {@code s[from, to)} with {@code \xNN} escapes decoded.
   *
   * @param s the line
   * @param from where the message starts
   * @param to where it ends
   * @return the decoded text (a substring when there is nothing to decode)
   */
  String kmsg(String s, int from, int to) {
    int first = s.indexOf('\\', from);
    if (first < 0 || first >= to) {
      return s.substring(from, to);
    }
    out.setLength(0);
    out.append(s, from, first);
    int i = first;
    while (i < to) {
      int n = 0;
      while (isHexEscape(s, i, to)) {
        if (n == bytes.length) {
          byte[] grown = new byte[bytes.length * 2];
          System.arraycopy(bytes, 0, grown, 0, n);
          bytes = grown;
        }
        bytes[n++] = (byte) ((hex(s.charAt(i + 2)) << 4) | hex(s.charAt(i + 3)));
        i += 4;
      }
      if (n > 0) {
        utf8(bytes, n, out);
        continue;
      }
      int next = s.indexOf('\\', i + 1);
      if (next < 0 || next > to) {
        next = to;
      }
      out.append(s, i, next);
      i = next;
    }
    return out.toString();
  }

  private static boolean isHexEscape(String s, int i, int to) {
    return i + 3 < to && s.charAt(i) == '\\' && s.charAt(i + 1) == 'x' && hex(s.charAt(i + 2)) >= 0
        && hex(s.charAt(i + 3)) >= 0;
  }

  /**
   * {@code s[from, to)} with rsyslog's {@code #ooo} control-character escapes decoded.
   *
   * @param s the line
   * @param from where the message starts
   * @param to where it ends
   * @return the decoded text (a substring when there is nothing to decode)
   */
  String rsyslog(String s, int from, int to) {
    int first = nextOctal(s, from, to);
    if (first < 0) {
      return s.substring(from, to);
    }
    out.setLength(0);
    int i = from;
    while (first >= 0) {
      out.append(s, i, first);
      int value = (s.charAt(first + 1) - '0') * 64 + (s.charAt(first + 2) - '0') * 8
          + (s.charAt(first + 3) - '0');
      out.append((char) value);
      i = first + 4;
      first = nextOctal(s, i, to);
    }
    out.append(s, i, to);
    return out.toString();
  }

  /**
   * Where the next {@code #ooo} escape of a control character starts, or -1. {@code #177} (DEL) is left alone:
   * nginx writes {@code pid#tid} ({@code 1777#1777}) far more often than any log holds a DEL.
   */
  private static int nextOctal(String s, int from, int to) {
    int i = s.indexOf('#', from);
    while (i >= 0 && i + 3 < to) {
      char a = s.charAt(i + 1);
      char b = s.charAt(i + 2);
      char c = s.charAt(i + 3);
      if (a >= '0' && a <= '1' && b >= '0' && b <= '7' && c >= '0' && c <= '7') {
        int value = (a - '0') * 64 + (b - '0') * 8 + (c - '0');
        if (value < 32) {
          return i;
        }
      }
      i = s.indexOf('#', i + 1);
    }
    return -1;
  }

  /**
   * The value of a hexadecimal digit.
   *
   * @param c the character
   * @return 0 to 15, or -1 when {@code c} is no hexadecimal digit
   */
  static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /**
   * Appends {@code b[0, n)} decoded as UTF-8; a byte that starts no valid sequence is appended as the
   * Latin-1 character of its value.
   */
  private static void utf8(byte[] b, int n, StringBuilder out) {
    int i = 0;
    while (i < n) {
      int len = Bytes.utf8Length(b, i, n);
      if (len == 0) {
        out.append((char) (b[i] & 0xff));
        i++;
        continue;
      }
      int cp = len == 1 ? b[i] : b[i] & (0x7f >> len);
      for (int k = 1; k < len; k++) {
        cp = (cp << 6) | (b[i + k] & 0x3f);
      }
      out.appendCodePoint(cp);
      i += len;
    }
  }
}
