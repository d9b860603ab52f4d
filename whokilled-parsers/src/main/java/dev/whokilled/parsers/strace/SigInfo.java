package dev.whokilled.parsers.strace;

import org.jspecify.annotations.Nullable;

/**
 * The fields of a {@code siginfo_t} as strace prints it: {@code {si_signo=SIGUSR1, si_code=SI_USER,
 * si_pid=29373, si_uid=3010}}; {@code si_pid} may carry {@code -Y}'s {@code <comm>} and
 * {@code --pidns-translation}'s {@code /* 4567 in strace's PID NS *}{@code /}, which is preferred (the pid
 * column is in strace's namespace too).
 */
final class SigInfo {

  @Nullable String signo;
  @Nullable String code;
  @Nullable Long pid;
  @Nullable String pidComm;
  @Nullable Long uid;
  @Nullable String status;
  @Nullable String addr;
  @Nullable String syscall;

  private SigInfo() {}

  /**
   * Reads the braces that open at {@code open}.
   *
   * @param s the line
   * @param open the index of <code>{</code>
   * @return the fields and where the braces close, or {@code null} when they do not
   */
  static @Nullable SigInfo parse(String s, int open) {
    if (open < 0 || open >= s.length() || s.charAt(open) != '{') {
      return null;
    }
    SigInfo info = new SigInfo();
    int i = open + 1;
    int n = s.length();
    while (i < n) {
      i = Leader.skipSpaces(s, i);
      int eq = i;
      while (eq < n && s.charAt(eq) != '=' && s.charAt(eq) != '}' && s.charAt(eq) != ',') {
        eq++;
      }
      if (eq >= n) {
        return null;
      }
      if (s.charAt(eq) != '=') {
        if (s.charAt(eq) == '}') {
          info.end = eq + 1;
          return info;
        }
        i = eq + 1;
        continue;
      }
      String key = s.substring(i, eq);
      int end = valueEnd(s, eq + 1);
      if (end < 0) {
        return null;
      }
      info.put(key, s, eq + 1, end);
      if (s.charAt(end) == '}') {
        info.end = end + 1;
        return info;
      }
      i = end + 1;
    }
    return null;
  }

  /** Where the fields end: just after the closing brace. */
  int end;

  /** Where the value starting at {@code from} ends: the index of the {@code ,} or {@code }} at depth 0. */
  private static int valueEnd(String s, int from) {
    int depth = 0;
    int i = from;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '"') {
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != '"') {
          j += s.charAt(j) == '\\' ? 2 : 1;
        }
        i = j + 1;
        continue;
      }
      if (c == '<' && i > from && Leader.digit(s.charAt(i - 1))) {
        int close = s.indexOf('>', i + 1); // -Y escapes < and > inside the name
        if (close < 0) {
          return -1;
        }
        i = close + 1;
        continue;
      }
      if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '*') {
        int close = s.indexOf("*/", i + 2);
        if (close < 0) {
          return -1;
        }
        i = close + 2;
        continue;
      }
      if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        if (depth == 0) {
          return c == '}' ? i : -1;
        }
        depth--;
      } else if (c == ',' && depth == 0) {
        return i;
      }
      i++;
    }
    return -1;
  }

  private void put(String key, String s, int from, int to) {
    String v = s.substring(from, to).trim();
    switch (key) {
      case "si_signo" -> signo = v;
      case "si_code" -> code = v;
      case "si_uid" -> uid = number(v);
      case "si_status" -> status = v;
      case "si_addr" -> addr = v;
      case "si_syscall" -> syscall = v;
      case "si_pid" -> pid(v);
      default -> { }
    }
  }

  private void pid(String v) {
    int d = Leader.digits(v, 0);
    if (d == 0 || d > 10) {
      return;
    }
    pid = Leader.value(v, 0, d);
    int k = d;
    if (k < v.length() && v.charAt(k) == '<') {
      int close = v.indexOf('>', k + 1);
      if (close > 0) {
        pidComm = CStrings.unescape(v.substring(k + 1, close));
        k = close + 1;
      }
    }
    int comment = v.indexOf("/*", k);
    if (comment >= 0) {
      int a = Leader.skipSpaces(v, comment + 2);
      int b = Leader.digits(v, a);
      int c = b;
      if (c < v.length() && v.charAt(c) == '<') {
        int close = v.indexOf('>', c + 1);
        c = close < 0 ? c : close + 1;
      }
      if (b > a && b - a <= 10 && v.startsWith(" in strace's PID NS", c)) {
        pid = Leader.value(v, a, b);
      }
    }
  }

  private static @Nullable Long number(String v) {
    int d = Leader.digits(v, 0);
    return d == 0 || d > 10 || d != v.length() ? null : Leader.value(v, 0, d);
  }
}
