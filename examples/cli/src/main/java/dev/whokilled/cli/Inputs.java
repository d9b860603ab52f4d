package dev.whokilled.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Helpers for telling the user why input could not be read. */
final class Inputs {

  private Inputs() {}

  /**
   * Why an I/O operation failed, in a few lowercase words for a one-line message ({@code no such file}),
   * without the path, which the caller names itself.
   *
   * @param e the failure
   * @return the reason
   */
  static String reason(IOException e) {
    if (e instanceof NoSuchFileException || e instanceof NotDirectoryException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    String m = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
    if (m == null || m.isBlank()) {
      return e.getClass().getSimpleName();
    }
    return lowerFirst(shown(m.strip()));
  }

  /**
   * Text as one line shows it: a line break, a tab or another control character in a file name or a message is
   * written as an escape ({@code \n}, {@code \x1b}), so that each message stays one line.
   *
   * @param s the text
   * @return the text, control characters escaped
   */
  static String shown(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != 0x7f && c != '\u2028' && c != '\u2029') {
        if (b != null) {
          b.append(c);
        }
        continue;
      }
      if (b == null) {
        b = new StringBuilder(s.length() + 8).append(s, 0, i);
      }
      switch (c) {
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> b.append(String.format(java.util.Locale.ROOT, "\\x%02x", (int) c));
      }
    }
    return b == null ? s : b.toString();
  }

  /** {@code Is a directory} becomes {@code is a directory}; {@code GZIP} stays as it is. */
  private static String lowerFirst(String s) {
    if (s.length() > 1 && Character.isUpperCase(s.charAt(0)) && Character.isLowerCase(s.charAt(1))) {
      return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
    return s;
  }
}
