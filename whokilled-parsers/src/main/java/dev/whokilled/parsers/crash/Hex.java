package dev.whokilled.parsers.crash;

import org.jspecify.annotations.Nullable;

/** Index-based readers of hexadecimal numbers and tokens: no regular expressions, never throwing. */
final class Hex {

  private Hex() {}

  /**
   * The number written in hex in {@code s[from, to)}, with or without {@code 0x}; {@code (null)} (how the
   * kernel's {@code %p} printed a null pointer) reads as zero.
   *
   * @return the value, or {@code null} when the text is not 1 to 16 hex digits
   */
  static @Nullable Long parse(String s, int from, int to) {
    if (from < 0 || to > s.length() || from >= to) {
      return null;
    }
    if (s.startsWith("(null)", from) && to - from == 6) {
      return 0L;
    }
    int i = from;
    if (to - i > 2 && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')) {
      i += 2;
    }
    if (to - i > 16) {
      return null;
    }
    long v = 0;
    for (int k = i; k < to; k++) {
      int d = Character.digit(s.charAt(k), 16);
      if (d < 0 || s.charAt(k) > 'f') {
        return null;
      }
      v = (v << 4) | d;
    }
    return v;
  }

  /** The whole of {@code s} read as hex, as {@link #parse(String, int, int)}. */
  static @Nullable Long parse(String s) {
    return parse(s, 0, s.length());
  }

  /** The index of the next character at or after {@code i} that is not a space, or {@code s.length()}. */
  static int skipSpaces(String s, int i) {
    while (i < s.length() && s.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  /** The end of the token that starts at {@code i}: the next space, or {@code s.length()}. */
  static int tokenEnd(String s, int i) {
    while (i < s.length() && s.charAt(i) != ' ') {
      i++;
    }
    return i;
  }

  /**
   * Where the {@code [pid]} that ends just before {@code close} starts: {@code close} is the index of its
   * {@code ]}, and between the {@code [} and it there must be 1 to 10 decimal digits.
   *
   * @return the index of the {@code [}, or -1
   */
  static int pidBracket(String s, int close) {
    int i = close - 1;
    while (i >= 0 && i > close - 12 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i--;
    }
    return i >= 0 && i < close - 1 && s.charAt(i) == '[' ? i : -1;
  }

  /** The decimal digits of {@code s[from, to)} as a number, or {@code null}. */
  static @Nullable Long decimal(String s, int from, int to) {
    if (from < 0 || to > s.length() || from >= to || to - from > 18) {
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
}
