package dev.whokilled.parsers.strace;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** Reads strings as strace quotes them: C escapes ({@code \"}, {@code \n}, octal {@code \303}, {@code \x2f}). */
final class CStrings {

  private CStrings() {}

  /**
   * The string quoted at {@code open} (the index of its opening {@code "}), decoded; the bytes are read as
   * UTF-8 (malformed bytes replaced).
   *
   * @param s the line
   * @param open the index of the opening quote
   * @return the decoded string and where it ends, or {@code null} when the quote is not closed
   */
  static @Nullable Quoted quoted(String s, int open) {
    if (open < 0 || open >= s.length() || s.charAt(open) != '"') {
      return null;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int i = open + 1;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '"') {
        return new Quoted(bytes.toString(StandardCharsets.UTF_8), i + 1);
      }
      if (c != '\\') {
        int cp = s.codePointAt(i);
        writeCodePoint(bytes, cp);
        i += Character.charCount(cp);
        continue;
      }
      if (i + 1 >= s.length()) {
        return null;
      }
      i = escape(s, i + 1, bytes);
    }
    return null;
  }

  /**
   * Decodes the escapes in an unquoted run ({@code -Y}'s {@code <comm>}, where strace escapes {@code <} and
   * {@code >} too).
   *
   * @param s the text
   * @return the decoded text
   */
  static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        i = escape(s, i + 1, bytes);
      } else {
        int cp = s.codePointAt(i);
        writeCodePoint(bytes, cp);
        i += Character.charCount(cp);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** Decodes one escape whose letter is at {@code at}; returns the index after it. */
  private static int escape(String s, int at, ByteArrayOutputStream out) {
    char e = s.charAt(at);
    switch (e) {
      case 'n':
        out.write('\n');
        return at + 1;
      case 't':
        out.write('\t');
        return at + 1;
      case 'r':
        out.write('\r');
        return at + 1;
      case 'v':
        out.write(0x0b);
        return at + 1;
      case 'f':
        out.write('\f');
        return at + 1;
      case 'x': {
        int v = 0;
        int j = at + 1;
        while (j < s.length() && j < at + 3 && hex(s.charAt(j)) >= 0) {
          v = v * 16 + hex(s.charAt(j));
          j++;
        }
        if (j == at + 1) {
          out.write('x');
          return at + 1;
        }
        out.write(v);
        return j;
      }
      default:
        if (e >= '0' && e <= '7') {
          int v = 0;
          int j = at;
          while (j < s.length() && j < at + 3 && s.charAt(j) >= '0' && s.charAt(j) <= '7') {
            v = v * 8 + (s.charAt(j) - '0');
            j++;
          }
          out.write(v & 0xff);
          return j;
        }
        int cp = s.codePointAt(at);
        writeCodePoint(out, cp);
        return at + Character.charCount(cp);
    }
  }

  private static int hex(char c) {
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

  private static void writeCodePoint(ByteArrayOutputStream out, int cp) {
    if (cp < 0x80) {
      out.write(cp);
    } else {
      byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
      out.write(b, 0, b.length);
    }
  }

  /**
   * A decoded quoted string.
   *
   * @param text the decoded text
   * @param end the index just after the closing quote
   */
  record Quoted(String text, int end) {}
}
