package dev.whokilled.parsers.text;

import org.jspecify.annotations.Nullable;

/** Index-based field readers: no regular expressions, linear in the line, never throwing. */
public final class Text {

  private Text() {}

  /** The decimal number right after {@code key} in {@code s} (first occurrence), or {@code null}. */
  public static @Nullable Long numberAfter(String s, String key) {
    int at = s.indexOf(key);
    return at < 0 ? null : number(s, at + key.length());
  }

  /** The decimal number (optionally signed) starting at {@code from}, skipping spaces, or {@code null}. */
  public static @Nullable Long number(String s, int from) {
    int i = from;
    while (i < s.length() && s.charAt(i) == ' ') {
      i++;
    }
    boolean negative = false;
    if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
      negative = s.charAt(i) == '-';
      i++;
    }
    int start = i;
    long v = 0;
    while (i < s.length() && i - start < 19) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        break;
      }
      v = v * 10 + (c - '0');
      i++;
    }
    if (i == start) {
      return null;
    }
    return negative ? -v : v;
  }

  /** The number after {@code key} read as kB and converted to bytes, or {@code null}. */
  public static @Nullable Long kbAfter(String s, String key) {
    Long kb = numberAfter(s, key);
    if (kb == null || kb < 0 || kb > Long.MAX_VALUE / 1024) {
      return null;
    }
    return kb * 1024;
  }

  /** The token after {@code key} up to the next space or comma, or {@code null}. */
  public static @Nullable String tokenAfter(String s, String key) {
    int at = s.indexOf(key);
    if (at < 0) {
      return null;
    }
    int start = at + key.length();
    int end = start;
    while (end < s.length() && s.charAt(end) != ' ' && s.charAt(end) != ',') {
      end++;
    }
    return end > start ? s.substring(start, end) : null;
  }

  /** Whether {@code s} is all digits (and not empty). */
  public static boolean isDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** Integer view of a long that fits, else {@code null}. */
  public static @Nullable Integer toInt(@Nullable Long v) {
    return v == null || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE ? null : (int) v.longValue();
  }
}
