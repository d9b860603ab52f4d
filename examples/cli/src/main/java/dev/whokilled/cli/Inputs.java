package dev.whokilled.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Helpers for reading input the way the library does: bytes that are not UTF-8 are noise, never fatal. */
final class Inputs {

  private Inputs() {}

  /**
   * A reader of a byte stream as UTF-8 that replaces malformed input instead of failing.
   *
   * @param in the bytes
   * @return the reader
   */
  static Reader lenientUtf8(InputStream in) {
    return new InputStreamReader(
        in,
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE));
  }

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
    return lowerFirst(m.strip());
  }

  /** {@code Is a directory} becomes {@code is a directory}; {@code GZIP} stays as it is. */
  private static String lowerFirst(String s) {
    if (s.length() > 1 && Character.isUpperCase(s.charAt(0)) && Character.isLowerCase(s.charAt(1))) {
      return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
    return s;
  }
}
