package dev.whokilled.parsers.testing;

import java.util.Locale;

/** JSON string literals as the tools that write JSON write them, for tests that render documents. */
public final class JsonText {

  private JsonText() {}

  /**
   * A JSON string literal, quotes included.
   *
   * @param s the text
   * @param html whether {@code <}, {@code >} and {@code &} are escaped too, as Go's encoder (kubectl) does
   * @return the literal
   */
  public static String quote(String s, boolean html) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || html && (c == '<' || c == '>' || c == '&')) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
