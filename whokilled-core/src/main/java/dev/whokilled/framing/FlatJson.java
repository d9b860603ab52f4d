package dev.whokilled.framing;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A strict reader of the flat JSON objects {@code journalctl -o json} writes: string keys; values that are
 * strings, numbers, {@code null}, booleans, arrays of byte values (a field that is not valid UTF-8) or arrays
 * of strings (a repeated field). Nested objects and nested arrays are refused, so a hostile line cannot make it
 * recurse or build large structures; it reads left to right once.
 *
 * <p>Only the fields {@link JournalEntry} knows are copied out; the rest are checked and skipped.
 */
final class FlatJson {

  private final StringBuilder sb = new StringBuilder();
  private byte[] bytes = new byte[256];

  /** Why the last {@link #read} failed. */
  String error = "";

  private boolean escaped;

  /**
   * Reads the object in {@code s[from, to)} into {@code e}.
   *
   * @param s the text
   * @param from where the object starts (blanks allowed before it)
   * @param to where the text ends (blanks allowed after the object)
   * @param e where the fields go
   * @return false when it is not one well-formed flat object (see {@link #error})
   */
  boolean read(String s, int from, int to, JournalEntry e) {
    int i = ws(s, from, to);
    if (i >= to || s.charAt(i) != '{') {
      return fail("no object", i);
    }
    i = ws(s, i + 1, to);
    if (i < to && s.charAt(i) == '}') {
      return end(s, i + 1, to);
    }
    while (true) {
      if (i >= to || s.charAt(i) != '"') {
        return fail("expected a field name", i);
      }
      int ke = stringEnd(s, i + 1, to);
      if (ke < 0) {
        return false;
      }
      int field;
      if (escaped) {
        String key = decode(s, i + 1, ke);
        field = JournalEntry.field(key, 0, key.length());
      } else {
        field = JournalEntry.field(s, i + 1, ke);
      }
      i = ws(s, ke + 1, to);
      if (i >= to || s.charAt(i) != ':') {
        return fail("expected ':'", i);
      }
      i = value(s, ws(s, i + 1, to), to, field, e);
      if (i < 0) {
        return false;
      }
      i = ws(s, i, to);
      if (i < to && s.charAt(i) == ',') {
        i = ws(s, i + 1, to);
        continue;
      }
      if (i < to && s.charAt(i) == '}') {
        return end(s, i + 1, to);
      }
      return fail("expected ',' or '}'", i);
    }
  }

  private boolean end(String s, int i, int to) {
    i = ws(s, i, to);
    return i >= to || fail("text after the object", i);
  }

  private boolean fail(String why, int at) {
    error = why + " at character " + (at + 1);
    return false;
  }

  /** Reads one value; returns the index after it, or -1. */
  private int value(String s, int i, int to, int field, JournalEntry e) {
    if (i >= to) {
      fail("expected a value", i);
      return -1;
    }
    char c = s.charAt(i);
    switch (c) {
      case '"': {
        int end = stringEnd(s, i + 1, to);
        if (end < 0) {
          return -1;
        }
        if (field >= 0) {
          e.set(field, escaped ? decode(s, i + 1, end) : s.substring(i + 1, end));
        }
        return end + 1;
      }
      case '[':
        return array(s, i, to, field, e);
      case 'n':
        return literal(s, i, to, "null");
      case 't': {
        int end = literal(s, i, to, "true");
        if (end >= 0 && field >= 0) {
          e.set(field, "true");
        }
        return end;
      }
      case 'f': {
        int end = literal(s, i, to, "false");
        if (end >= 0 && field >= 0) {
          e.set(field, "false");
        }
        return end;
      }
      case '{':
        fail("nested object", i);
        return -1;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          int end = number(s, i, to);
          if (end >= 0 && field >= 0) {
            e.set(field, s.substring(i, end));
          }
          return end;
        }
        fail("unexpected character", i);
        return -1;
    }
  }

  private int literal(String s, int i, int to, String word) {
    if (i + word.length() <= to && s.startsWith(word, i)) {
      return i + word.length();
    }
    fail("unexpected character", i);
    return -1;
  }

  private int number(String s, int i, int to) {
    int j = i;
    if (j < to && s.charAt(j) == '-') {
      j++;
    }
    int digits = j;
    while (j < to && isDigit(s.charAt(j))) {
      j++;
    }
    if (j == digits) {
      fail("bad number", i);
      return -1;
    }
    if (j < to && s.charAt(j) == '.') {
      int f = ++j;
      while (j < to && isDigit(s.charAt(j))) {
        j++;
      }
      if (j == f) {
        fail("bad number", i);
        return -1;
      }
    }
    if (j < to && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
      j++;
      if (j < to && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
        j++;
      }
      int x = j;
      while (j < to && isDigit(s.charAt(j))) {
        j++;
      }
      if (j == x) {
        fail("bad number", i);
        return -1;
      }
    }
    return j;
  }

  /** An array of byte values or of strings, not nested. */
  private int array(String s, int i, int to, int field, JournalEntry e) {
    int n = 0;
    boolean strings = false;
    boolean numbers = false;
    @Nullable String first = null;
    int j = ws(s, i + 1, to);
    if (j < to && s.charAt(j) == ']') {
      if (field >= 0) {
        e.set(field, "");
      }
      return j + 1;
    }
    while (true) {
      if (j >= to) {
        fail("unterminated array", j);
        return -1;
      }
      char c = s.charAt(j);
      if (c == '"' && !numbers) {
        strings = true;
        int end = stringEnd(s, j + 1, to);
        if (end < 0) {
          return -1;
        }
        if (first == null && field >= 0) {
          first = escaped ? decode(s, j + 1, end) : s.substring(j + 1, end);
        }
        j = end + 1;
      } else if (isDigit(c) && !strings) {
        numbers = true;
        int v = 0;
        int k = j;
        while (k < to && isDigit(s.charAt(k)) && k - j < 4) {
          v = v * 10 + (s.charAt(k) - '0');
          k++;
        }
        if (v > 255 || (k < to && isDigit(s.charAt(k)))) {
          fail("array value is not a byte", j);
          return -1;
        }
        if (field >= 0) {
          if (n == bytes.length) {
            byte[] grown = new byte[bytes.length * 2];
            System.arraycopy(bytes, 0, grown, 0, n);
            bytes = grown;
          }
          bytes[n++] = (byte) v;
        }
        j = k;
      } else {
        fail(c == '[' || c == '{' ? "nested value" : "unexpected array element", j);
        return -1;
      }
      j = ws(s, j, to);
      if (j < to && s.charAt(j) == ',') {
        j = ws(s, j + 1, to);
        continue;
      }
      if (j < to && s.charAt(j) == ']') {
        break;
      }
      fail("expected ',' or ']'", j);
      return -1;
    }
    if (field >= 0) {
      e.set(field, strings ? first : new String(bytes, 0, n, StandardCharsets.UTF_8));
    }
    return j + 1;
  }

  /** The index of the closing quote of a string whose content starts at {@code i}; sets {@link #escaped}. */
  private int stringEnd(String s, int i, int to) {
    escaped = false;
    int j = i;
    while (j < to) {
      char c = s.charAt(j);
      if (c == '"') {
        return j;
      }
      if (c == '\\') {
        escaped = true;
        if (j + 1 >= to) {
          break;
        }
        char x = s.charAt(j + 1);
        if (x == 'u') {
          if (j + 5 >= to || Escapes.hex(s.charAt(j + 2)) < 0 || Escapes.hex(s.charAt(j + 3)) < 0
              || Escapes.hex(s.charAt(j + 4)) < 0 || Escapes.hex(s.charAt(j + 5)) < 0) {
            fail("bad \\u escape", j);
            return -1;
          }
          j += 6;
          continue;
        }
        if ("\"\\/bfnrt".indexOf(x) < 0) {
          fail("bad escape", j);
          return -1;
        }
        j += 2;
        continue;
      }
      if (c < 0x20) {
        fail("control character in a string", j);
        return -1;
      }
      j++;
    }
    fail("unterminated string", i - 1);
    return -1;
  }

  /** The content of a string already checked by {@link #stringEnd}, escapes decoded. */
  private String decode(String s, int i, int end) {
    sb.setLength(0);
    int j = i;
    while (j < end) {
      char c = s.charAt(j);
      if (c != '\\') {
        sb.append(c);
        j++;
        continue;
      }
      char x = s.charAt(j + 1);
      switch (x) {
        case 'u':
          sb.append((char) ((Escapes.hex(s.charAt(j + 2)) << 12) | (Escapes.hex(s.charAt(j + 3)) << 8)
              | (Escapes.hex(s.charAt(j + 4)) << 4) | Escapes.hex(s.charAt(j + 5))));
          j += 6;
          continue;
        case 'b':
          sb.append('\b');
          break;
        case 'f':
          sb.append('\f');
          break;
        case 'n':
          sb.append('\n');
          break;
        case 'r':
          sb.append('\r');
          break;
        case 't':
          sb.append('\t');
          break;
        default:
          sb.append(x);
          break;
      }
      j += 2;
    }
    return sb.toString();
  }

  private static int ws(String s, int i, int to) {
    while (i < to) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        break;
      }
      i++;
    }
    return i;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
