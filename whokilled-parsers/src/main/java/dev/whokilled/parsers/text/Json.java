package dev.whokilled.parsers.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A strict JSON reader for the documents container runtimes and orchestrators print ({@code docker inspect},
 * {@code docker events --format '{{json .}}'}, {@code kubectl get -o json}, containerd events): RFC 8259,
 * read left to right once, nesting bounded by {@link #MAX_DEPTH} so that a hostile document cannot exhaust the
 * stack. The library may depend on nothing but slf4j and jspecify, hence a reader of its own.
 *
 * <p>Values are {@code Map<String, Object>} (insertion-ordered; a repeated key keeps its last value),
 * {@code List<Object>}, {@code String}, {@code Long} (integers that fit), {@code Double} (other numbers),
 * {@code Boolean} and {@link #NULL}. The {@code at…} helpers walk a path of object keys and never throw.
 */
public final class Json {

  /** JSON's {@code null}. */
  public static final Object NULL = new Object() {
    @Override
    public String toString() {
      return "null";
    }
  };

  /** The deepest nesting read; deeper documents are refused. */
  public static final int MAX_DEPTH = 64;

  private final String s;
  private int i;

  private Json(String s) {
    this.s = s;
  }

  /**
   * Reads one JSON document.
   *
   * @param text the document (blanks around it allowed)
   * @return its value, or empty when it is not exactly one well-formed document
   */
  public static Optional<Object> parse(String text) {
    Json p = new Json(text);
    try {
      p.ws();
      Object v = p.value(0);
      p.ws();
      return p.i == text.length() ? Optional.of(v) : Optional.empty();
    } catch (Malformed e) {
      return Optional.empty();
    }
  }

  /** The value at {@code path} (object keys) under {@code root}, or {@code null} when any step is missing. */
  public static @Nullable Object at(@Nullable Object root, String... path) {
    Object o = root;
    for (String key : path) {
      if (!(o instanceof Map<?, ?> m)) {
        return null;
      }
      o = m.get(key);
    }
    return o;
  }

  /** The string at {@code path}, or {@code null} when missing or not a string. */
  public static @Nullable String string(@Nullable Object root, String... path) {
    return at(root, path) instanceof String str ? str : null;
  }

  /** The integer at {@code path}, or {@code null} when missing or not an integer. */
  public static @Nullable Long integer(@Nullable Object root, String... path) {
    Object o = at(root, path);
    if (o instanceof Long l) {
      return l;
    }
    if (o instanceof Double d && d == Math.rint(d) && Math.abs(d) < 9.0e15) {
      return d.longValue();
    }
    return null;
  }

  /** The boolean at {@code path}, or {@code null} when missing or not a boolean. */
  public static @Nullable Boolean bool(@Nullable Object root, String... path) {
    return at(root, path) instanceof Boolean b ? b : null;
  }

  /** The object at {@code path}, or an empty map when missing or not an object. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(@Nullable Object root, String... path) {
    return at(root, path) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** The array at {@code path}, or an empty list when missing or not an array. */
  @SuppressWarnings("unchecked")
  public static List<Object> array(@Nullable Object root, String... path) {
    return at(root, path) instanceof List<?> l ? (List<Object>) l : List.of();
  }

  // ---------------------------------------------------------------- reading

  /** Thrown inside the reader only; never escapes {@link #parse}. */
  private static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed() {
      super(null, null, false, false);
    }
  }

  private static final Malformed MALFORMED = new Malformed();

  private Object value(int depth) throws Malformed {
    if (i >= s.length()) {
      throw MALFORMED;
    }
    char c = s.charAt(i);
    switch (c) {
      case '{':
        return object(depth + 1);
      case '[':
        return array(depth + 1);
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", NULL);
      default:
        if (c == '-' || c >= '0' && c <= '9') {
          return number();
        }
        throw MALFORMED;
    }
  }

  private Object literal(String word, Object v) throws Malformed {
    if (!s.startsWith(word, i)) {
      throw MALFORMED;
    }
    i += word.length();
    return v;
  }

  private Map<String, Object> object(int depth) throws Malformed {
    if (depth > MAX_DEPTH) {
      throw MALFORMED;
    }
    i++; // {
    Map<String, Object> m = new LinkedHashMap<>();
    ws();
    if (i < s.length() && s.charAt(i) == '}') {
      i++;
      return Collections.unmodifiableMap(m);
    }
    while (true) {
      ws();
      if (i >= s.length() || s.charAt(i) != '"') {
        throw MALFORMED;
      }
      String key = string();
      ws();
      if (i >= s.length() || s.charAt(i) != ':') {
        throw MALFORMED;
      }
      i++;
      ws();
      m.put(key, value(depth));
      ws();
      if (i >= s.length()) {
        throw MALFORMED;
      }
      char c = s.charAt(i++);
      if (c == '}') {
        return Collections.unmodifiableMap(m);
      }
      if (c != ',') {
        throw MALFORMED;
      }
    }
  }

  private List<Object> array(int depth) throws Malformed {
    if (depth > MAX_DEPTH) {
      throw MALFORMED;
    }
    i++; // [
    List<Object> l = new ArrayList<>();
    ws();
    if (i < s.length() && s.charAt(i) == ']') {
      i++;
      return Collections.unmodifiableList(l);
    }
    while (true) {
      ws();
      l.add(value(depth));
      ws();
      if (i >= s.length()) {
        throw MALFORMED;
      }
      char c = s.charAt(i++);
      if (c == ']') {
        return Collections.unmodifiableList(l);
      }
      if (c != ',') {
        throw MALFORMED;
      }
    }
  }

  private String string() throws Malformed {
    i++; // opening quote
    int start = i;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '"') {
        return s.substring(start, i++);
      }
      if (c == '\\') {
        break;
      }
      if (c < 0x20) {
        throw MALFORMED;
      }
      i++;
    }
    StringBuilder b = new StringBuilder(s.length() - start).append(s, start, i);
    while (i < s.length()) {
      char c = s.charAt(i++);
      if (c == '"') {
        return b.toString();
      }
      if (c < 0x20) {
        throw MALFORMED;
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      if (i >= s.length()) {
        throw MALFORMED;
      }
      char e = s.charAt(i++);
      switch (e) {
        case '"', '\\', '/' -> b.append(e);
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'u' -> {
          if (i + 4 > s.length()) {
            throw MALFORMED;
          }
          int v = 0;
          for (int k = 0; k < 4; k++) {
            int d = Character.digit(s.charAt(i++), 16);
            if (d < 0) {
              throw MALFORMED;
            }
            v = v * 16 + d;
          }
          b.append((char) v);
        }
        default -> throw MALFORMED;
      }
    }
    throw MALFORMED;
  }

  private Object number() throws Malformed {
    int start = i;
    if (s.charAt(i) == '-') {
      i++;
    }
    int intStart = i;
    digits();
    if (i == intStart || s.charAt(intStart) == '0' && i - intStart > 1) {
      throw MALFORMED;
    }
    boolean integral = true;
    if (i < s.length() && s.charAt(i) == '.') {
      integral = false;
      i++;
      int fracStart = i;
      digits();
      if (i == fracStart) {
        throw MALFORMED;
      }
    }
    if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      integral = false;
      i++;
      if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int expStart = i;
      digits();
      if (i == expStart) {
        throw MALFORMED;
      }
    }
    String text = s.substring(start, i);
    if (integral && i - intStart <= 18) {
      return Long.parseLong(text);
    }
    return Double.parseDouble(text);
  }

  private void digits() {
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
  }

  private void ws() {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      i++;
    }
  }
}
