package dev.whokilled.procfs;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Numbers and small one-value files as the kernel writes them, read without exceptions. */
final class Values {

  private Values() {}

  /**
   * A decimal number, optionally signed, blanks around it ignored.
   *
   * @return the number, or {@code null} for anything else (empty, garbage, out of range)
   */
  static @Nullable Long parseLong(@Nullable String text) {
    if (text == null) {
      return null;
    }
    String t = text.strip();
    if (t.isEmpty() || t.length() > 20) {
      return null;
    }
    int i = 0;
    boolean negative = false;
    if (t.charAt(0) == '-' || t.charAt(0) == '+') {
      negative = t.charAt(0) == '-';
      i = 1;
      if (t.length() == 1) {
        return null;
      }
    }
    long v = 0;
    for (; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      int d = c - '0';
      // accumulate negatively, so that Long.MIN_VALUE fits
      if (v < (Long.MIN_VALUE + d) / 10) {
        return null;
      }
      v = v * 10 - d;
    }
    if (!negative) {
      if (v == Long.MIN_VALUE) {
        return null;
      }
      v = -v;
    }
    return v;
  }

  /** A decimal number that fits an {@code int}, or {@code null}. */
  static @Nullable Integer parseInt(@Nullable String text) {
    Long v = parseLong(text);
    return v == null || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE ? null : (int) v.longValue();
  }

  /**
   * An unsigned decimal number, as the kernel prints {@code unsigned long}s; values of 2<sup>63</sup> and more
   * are {@code Long.MAX_VALUE}.
   *
   * @return the number, or {@code null} for anything else
   */
  static @Nullable Long parseUnsigned(@Nullable String text) {
    if (text == null) {
      return null;
    }
    String t = text.strip();
    if (t.isEmpty() || t.length() > 20) {
      return null;
    }
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    Long v = parseLong(t);
    if (v != null) {
      return v;
    }
    try {
      Long.parseUnsignedLong(t);
      return Long.MAX_VALUE;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** {@code kB} × 1024, or {@code null} when it overflows. */
  static @Nullable Long kbToBytes(long kb) {
    if (kb < 0 || kb > Long.MAX_VALUE / 1024) {
      return null;
    }
    return kb * 1024;
  }

  /** The arguments of a NUL-separated {@code cmdline}: the last NUL ends the last argument. */
  static List<String> cmdline(byte[] bytes) {
    List<String> args = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        args.add(new String(bytes, start, i - start, java.nio.charset.StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    if (start < bytes.length) {
      // no final NUL: a process that rewrote its arguments (setproctitle) or a cut read
      args.add(new String(bytes, start, bytes.length - start, java.nio.charset.StandardCharsets.UTF_8));
    }
    return args;
  }

  /** A file that holds one line: its content without the final newline. */
  static String oneLine(String text) {
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }
}
