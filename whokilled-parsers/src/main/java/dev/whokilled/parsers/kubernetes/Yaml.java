package dev.whokilled.parsers.kubernetes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A reader of the block-style YAML subset {@code kubectl get -o yaml} prints: mappings, {@code - } sequences (at
 * the parent key's indentation, as kubectl writes them, or deeper), plain scalars (over several lines too),
 * single- and double-quoted scalars (folded over lines, with their escapes), {@code |} and {@code >} block
 * scalars, and the empty flow collections {@code {}} and {@code []}; other flow collections are kept as their
 * text. Anchors, tags and multi-document streams are not kubectl's and are not read.
 *
 * <p>Values are built as {@link dev.whokilled.parsers.text.Json} builds them ({@code Map}, {@code List},
 * {@code String}, {@code Long}, {@code Boolean}; {@code null} for YAML's null), so the same path helpers read
 * both. Linear in the input; nesting deeper than {@link #MAX_DEPTH} is skipped; never throws on any text.
 */
final class Yaml {

  /** The deepest nesting read; deeper nodes are skipped. */
  static final int MAX_DEPTH = 64;

  private final List<String> lines;
  private int li;
  /** Where the current line's content starts when a {@code - } was taken off its front, else -1. */
  private int col = -1;

  private Yaml(List<String> lines) {
    this.lines = lines;
  }

  /**
   * Reads a document.
   *
   * @param lines its lines, indentation kept
   * @return its value ({@code null} for an empty document)
   */
  static @Nullable Object parse(List<String> lines) {
    Yaml y = new Yaml(lines);
    y.skipBlank();
    if (y.atEnd()) {
      return null;
    }
    return y.node(y.indent(), 0);
  }

  // ------------------------------------------------------------------------------------------------ cursor

  private boolean atEnd() {
    return li >= lines.size();
  }

  private String line() {
    return lines.get(li);
  }

  private int indent() {
    if (col >= 0) {
      return col;
    }
    return spaces(line(), 0);
  }

  private String content() {
    String l = line();
    return l.substring(Math.min(indent(), l.length()));
  }

  private void next() {
    li++;
    col = -1;
  }

  /** Skips blank lines and comment lines (only at a line's start). */
  private void skipBlank() {
    while (!atEnd() && col < 0) {
      String l = line();
      int p = spaces(l, 0);
      if (p < l.length() && l.charAt(p) != '#' && !(l.charAt(p) == '\t' && l.isBlank())) {
        return;
      }
      li++;
    }
  }

  private static int spaces(String s, int from) {
    int p = from;
    while (p < s.length() && s.charAt(p) == ' ') {
      p++;
    }
    return p;
  }

  private static boolean dash(String content) {
    return content.equals("-") || content.startsWith("- ");
  }

  // ------------------------------------------------------------------------------------------------ nodes

  private @Nullable Object node(int indent, int depth) {
    if (depth > MAX_DEPTH) {
      skipDeeper(indent - 1);
      return null;
    }
    String c = content();
    if (dash(c)) {
      return sequence(indent, depth);
    }
    if (keyEnd(c) >= 0) {
      return mapping(indent, depth);
    }
    return scalarValue(c, indent - 1);
  }

  /** Skips every line deeper than {@code indent}. */
  private void skipDeeper(int indent) {
    if (!atEnd() && col >= 0) {
      next();
    }
    while (true) {
      skipBlank();
      if (atEnd() || indent() <= indent) {
        return;
      }
      next();
    }
  }

  private List<Object> sequence(int indent, int depth) {
    List<Object> list = new ArrayList<>();
    while (true) {
      skipBlank();
      if (atEnd() || indent() != indent || !dash(content())) {
        return list;
      }
      String l = line();
      int after = spaces(l, indent + 1);
      if (after >= l.length()) {
        next(); // "-" alone: the item is on the lines below
        skipBlank();
        list.add(!atEnd() && indent() > indent ? node(indent(), depth + 1) : null);
      } else {
        col = after;
        list.add(node(after, depth + 1));
      }
    }
  }

  private Map<String, Object> mapping(int indent, int depth) {
    Map<String, Object> map = new LinkedHashMap<>();
    while (true) {
      skipBlank();
      if (atEnd() || indent() != indent) {
        return map;
      }
      String c = content();
      int colon = keyEnd(c);
      if (dash(c) || colon < 0) {
        return map;
      }
      String key = key(c.substring(0, colon));
      String rest = c.substring(colon + 1).trim();
      Object value;
      if (rest.isEmpty() || rest.startsWith("#")) {
        next();
        skipBlank();
        if (atEnd()) {
          value = null;
        } else if (indent() > indent) {
          value = node(indent(), depth + 1);
        } else if (indent() == indent && dash(content())) {
          value = sequence(indent, depth + 1); // kubectl writes a list at its key's indentation
        } else {
          value = null;
        }
      } else {
        value = scalarValue(rest, indent);
      }
      map.put(key, value);
    }
  }

  /**
   * Where a mapping key ends (its {@code :}), or -1 when the content is not {@code key: value}.
   *
   * @param c a line's content
   * @return the index of the colon
   */
  static int keyEnd(String c) {
    if (c.isEmpty()) {
      return -1;
    }
    char first = c.charAt(0);
    if (first == '"' || first == '\'') {
      int close = first == '"' ? closeDouble(c, 1) : closeSingle(c, 1);
      if (close < 0 || close + 1 >= c.length() || c.charAt(close + 1) != ':') {
        return -1;
      }
      int colon = close + 1;
      return colon + 1 == c.length() || c.charAt(colon + 1) == ' ' ? colon : -1;
    }
    if ("{[#|>&*!%@`,?".indexOf(first) >= 0) {
      return -1;
    }
    for (int i = 0; i < c.length(); i++) {
      char ch = c.charAt(i);
      if (ch == ':' && (i + 1 == c.length() || c.charAt(i + 1) == ' ')) {
        return i > 0 ? i : -1;
      }
      if (ch == '#' && i > 0 && c.charAt(i - 1) == ' ') {
        return -1;
      }
    }
    return -1;
  }

  private static String key(String k) {
    String t = k.trim();
    if (t.length() >= 2 && t.charAt(0) == '"') {
      return unescapeDouble(t.substring(1, t.length() - 1));
    }
    if (t.length() >= 2 && t.charAt(0) == '\'') {
      return t.substring(1, t.length() - 1).replace("''", "'");
    }
    return t;
  }

  /**
   * A scalar that starts in the current line's content ({@code rest}, after the key) and may go on in the
   * following lines deeper than {@code indent}; the cursor ends after it.
   */
  private @Nullable Object scalarValue(String rest, int indent) {
    char first = rest.charAt(0);
    if (first == '"' || first == '\'') {
      return quoted(rest, indent, first);
    }
    if (first == '|' || first == '>') {
      next();
      return block(indent, first == '>');
    }
    if (first == '{' || first == '[') {
      String t = stripComment(rest);
      next();
      if (t.equals("{}")) {
        return new LinkedHashMap<String, Object>();
      }
      if (t.equals("[]")) {
        return new ArrayList<Object>();
      }
      StringBuilder b = new StringBuilder(t);
      continuation(indent, b);
      return b.toString();
    }
    StringBuilder b = new StringBuilder(stripComment(rest));
    next();
    boolean more = continuation(indent, b);
    return more ? b.toString() : plain(b.toString());
  }

  /** Appends the lines deeper than {@code indent} that continue a plain scalar; whether there were any. */
  private boolean continuation(int indent, StringBuilder b) {
    boolean any = false;
    int blanks = 0;
    while (!atEnd()) {
      String l = line();
      int p = spaces(l, 0);
      if (p >= l.length() || l.isBlank()) {
        blanks++;
        li++;
        continue;
      }
      if (p <= indent || l.charAt(p) == '#') {
        break;
      }
      b.append(blanks > 0 ? "\n".repeat(blanks) : " ").append(stripComment(l.substring(p).trim()));
      blanks = 0;
      any = true;
      li++;
    }
    if (blanks > 0) {
      // blank lines after a scalar belong to what follows: step back over them
      li -= blanks;
    }
    col = -1;
    return any;
  }

  private static String stripComment(String s) {
    int hash = s.indexOf(" #");
    return (hash >= 0 ? s.substring(0, hash) : s).trim();
  }

  /** A plain scalar's value: null, a boolean, an integer that fits, else the text. */
  private static @Nullable Object plain(String s) {
    switch (s) {
      case "", "~", "null", "Null", "NULL":
        return null;
      case "true", "True", "TRUE":
        return Boolean.TRUE;
      case "false", "False", "FALSE":
        return Boolean.FALSE;
      default:
        break;
    }
    int start = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
    if (s.length() - start >= 1 && s.length() - start <= 18) {
      long v = 0;
      for (int i = start; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c < '0' || c > '9') {
          return s;
        }
        v = v * 10 + (c - '0');
      }
      return s.charAt(0) == '-' ? -v : v;
    }
    return s;
  }

  private String quoted(String rest, int indent, char q) {
    StringBuilder raw = new StringBuilder();
    String part = rest.substring(1);
    while (true) {
      int close = q == '"' ? closeDouble(part, 0) : closeSingle(part, 0);
      if (close >= 0) {
        raw.append(part, 0, close);
        next();
        break;
      }
      raw.append(part);
      next();
      if (atEnd()) {
        break;
      }
      // folding: a line break is a space, an empty line a newline; indentation is dropped
      int blanks = 0;
      while (!atEnd() && line().isBlank()) {
        blanks++;
        li++;
      }
      if (atEnd()) {
        break;
      }
      String l = line();
      int p = spaces(l, 0);
      if (p <= indent && blanks == 0 && keyEnd(l.substring(p)) >= 0) {
        break; // the quote was never closed: do not swallow the document
      }
      trimTrailing(raw);
      boolean escapedBreak = q == '"' && raw.length() > 0 && raw.charAt(raw.length() - 1) == '\\'
          && !escaped(raw, raw.length() - 1);
      if (escapedBreak) {
        raw.setLength(raw.length() - 1);
      } else {
        raw.append(blanks > 0 ? "\n".repeat(blanks) : " ");
      }
      part = l.substring(p);
    }
    col = -1;
    return q == '"' ? unescapeDouble(raw.toString()) : raw.toString().replace("''", "'");
  }

  private static void trimTrailing(StringBuilder b) {
    int n = b.length();
    while (n > 0 && (b.charAt(n - 1) == ' ' || b.charAt(n - 1) == '\t')) {
      n--;
    }
    b.setLength(n);
  }

  /** Whether the character at {@code at} is itself escaped (an odd run of backslashes before it). */
  private static boolean escaped(CharSequence s, int at) {
    int n = 0;
    for (int i = at - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
      n++;
    }
    return n % 2 == 1;
  }

  /** The index of the closing {@code "} from {@code from}, escapes skipped, or -1. */
  static int closeDouble(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        return i;
      }
    }
    return -1;
  }

  /** The index of the closing {@code '} from {@code from} ({@code ''} is a quote), or -1. */
  static int closeSingle(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      if (s.charAt(i) == '\'') {
        if (i + 1 < s.length() && s.charAt(i + 1) == '\'') {
          i++;
        } else {
          return i;
        }
      }
    }
    return -1;
  }

  /** YAML's double-quoted escapes; an unknown escape is kept as written. */
  static String unescapeDouble(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 >= s.length()) {
        b.append(c);
        continue;
      }
      char e = s.charAt(++i);
      switch (e) {
        case 'n' -> b.append('\n');
        case 't' -> b.append('\t');
        case 'r' -> b.append('\r');
        case '0' -> b.append('\0');
        case '"', '\\', '/', ' ' -> b.append(e);
        case 'x', 'u', 'U' -> {
          int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
          int v = 0;
          int k = 0;
          while (k < len && i + 1 + k < s.length() && Character.digit(s.charAt(i + 1 + k), 16) >= 0) {
            v = v * 16 + Character.digit(s.charAt(i + 1 + k), 16);
            k++;
          }
          if (k == len && Character.isValidCodePoint(v)) {
            b.appendCodePoint(v);
            i += len;
          } else {
            b.append('\\').append(e);
          }
        }
        default -> b.append('\\').append(e);
      }
    }
    return b.toString();
  }

  /** A block scalar's lines (those deeper than {@code indent}, and blank ones between), joined. */
  private String block(int indent, boolean folded) {
    StringBuilder b = new StringBuilder();
    int contentIndent = -1;
    int blanks = 0;
    while (!atEnd()) {
      String l = line();
      if (l.isBlank()) {
        blanks++;
        li++;
        continue;
      }
      int p = spaces(l, 0);
      if (p <= indent) {
        break;
      }
      if (contentIndent < 0) {
        contentIndent = p;
      }
      if (b.length() > 0) {
        b.append(blanks > 0 ? "\n".repeat(blanks + (folded ? 0 : 1)) : folded ? " " : "\n");
      }
      blanks = 0;
      b.append(l, Math.min(contentIndent, p), l.length());
      li++;
    }
    if (blanks > 0) {
      li -= blanks;
    }
    col = -1;
    return b.toString();
  }
}
