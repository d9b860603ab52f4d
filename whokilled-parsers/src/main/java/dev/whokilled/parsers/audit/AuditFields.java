package dev.whokilled.parsers.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code key=value} fields of one record, read left to right in one pass.
 *
 * <p>In the raw form a value is a token up to the next space, or a quoted string up to its closing quote (the
 * kernel hex-encodes untrusted strings that hold a quote, a space or a control character, so a quoted value
 * holds none); the enriched format's interpreted part, after a group separator ({@code 0x1d}, or rsyslog's
 * {@code #035}), is kept apart. In {@code ausearch -i} output values are decoded and may hold spaces: a
 * {@code comm} runs to the {@code exe=} after it, an {@code exe} to the field after it, and {@code ocomm} and
 * {@code proctitle}, the last fields of their records, to the end of the line.
 */
final class AuditFields {

  /** No fields. */
  static final AuditFields EMPTY = new AuditFields(AuditRecord.Form.RAW, Map.of(), Map.of());

  /** The most fields read from one record (a SYSCALL record has about 30). */
  private static final int MAX_FIELDS = 64;

  private static final char GS = '\u001d';

  private final AuditRecord.Form form;
  private final Map<String, String> values;
  private final Map<String, String> enriched;

  private AuditFields(AuditRecord.Form form, Map<String, String> values, Map<String, String> enriched) {
    this.form = form;
    this.values = values;
    this.enriched = enriched;
  }

  /**
   * Reads the fields of {@code m} from {@code from}.
   *
   * @param m the message
   * @param from where the fields start
   * @param form how they are written
   * @return the fields
   */
  static AuditFields parse(String m, int from, AuditRecord.Form form) {
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> enriched = new LinkedHashMap<>();
    boolean interpreted = form == AuditRecord.Form.INTERPRETED;
    int n = m.length();
    int i = from;
    Map<String, String> into = values;
    int read = 0; // fields read, repeated keys included: each may scan ahead, so they are counted
    while (i < n && read < MAX_FIELDS) {
      char c = m.charAt(i);
      if (c == ' ') {
        i++;
        continue;
      }
      int gs = separator(m, i);
      if (gs > 0) {
        into = enriched;
        i += gs;
        continue;
      }
      int eq = i;
      while (eq < n && m.charAt(eq) != '=' && m.charAt(eq) != ' ' && separator(m, eq) == 0) {
        eq++;
      }
      if (eq >= n || m.charAt(eq) != '=') {
        i = eq; // a word without a value (the rest of "exit=ESRCH(No such process)")
        continue;
      }
      String key = m.substring(i, eq);
      int v = eq + 1;
      int end;
      if (interpreted && into == values && (key.equals("ocomm") || key.equals("proctitle"))) {
        end = n;
      } else if (interpreted && into == values && key.equals("comm")) {
        int e = m.indexOf(" exe=", v);
        end = e < 0 ? token(m, v) : e;
      } else if (interpreted && into == values && key.equals("exe")) {
        end = first(m, v, " subj=", " key=", " sig=", " res=");
        if (end < 0) {
          end = n;
        }
      } else if (v < n && m.charAt(v) == '"') {
        int q = m.indexOf('"', v + 1);
        end = q < 0 ? n : q + 1; // a line cut short leaves the quote open
      } else {
        end = token(m, v);
      }
      String value = m.substring(v, end);
      if (interpreted && (key.equals("ocomm") || key.equals("proctitle")) && value.endsWith(" ")) {
        value = value.substring(0, value.length() - 1); // ausearch ends every record with a space
      }
      into.putIfAbsent(key, value);
      read++;
      i = end;
    }
    return new AuditFields(form, values, enriched);
  }

  /** The length of the enriched format's separator at {@code i}, or 0. */
  private static int separator(String m, int i) {
    char c = m.charAt(i);
    if (c == GS) {
      return 1;
    }
    if (c == '#' && m.startsWith("#035", i) && i + 4 < m.length() && isUpper(m.charAt(i + 4))) {
      return 4;
    }
    if (c == '^' && m.startsWith("^]", i) && i + 2 < m.length() && isUpper(m.charAt(i + 2))) {
      return 2;
    }
    return 0;
  }

  private static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  /** The end of the token at {@code v}: the next space or separator, or the end. */
  private static int token(String m, int v) {
    int e = v;
    while (e < m.length() && m.charAt(e) != ' ' && separator(m, e) == 0) {
      e++;
    }
    return e;
  }

  private static int first(String m, int from, String... keys) {
    int best = -1;
    for (String k : keys) {
      int at = m.indexOf(k, from);
      if (at >= 0 && (best < 0 || at < best)) {
        best = at;
      }
    }
    return best;
  }

  /** The value as written, or {@code null}. */
  @Nullable String raw(String key) {
    return values.get(key);
  }

  /** A value of the enriched part ({@code SYSCALL=kill}), unquoted, or {@code null}. */
  @Nullable String enriched(String key) {
    String v = enriched.get(key);
    return v == null ? null : unquote(v);
  }

  /** Whether the record has this field. */
  boolean has(String key) {
    return values.containsKey(key);
  }

  /** How many fields were read. */
  int size() {
    return values.size();
  }

  /**
   * An untrusted string ({@code comm}, {@code exe}, {@code ocomm}, {@code proctitle}) decoded: a quoted value
   * as written, a hex value decoded (NULs between arguments become spaces), {@code (null)} and {@code ?} as
   * {@code null}; in the interpreted form, the value as printed.
   *
   * @param key the field
   * @return the text, or {@code null}
   */
  @Nullable String text(String key) {
    String v = values.get(key);
    if (v == null || v.isEmpty() || v.equals("(null)") || v.equals("?")) {
      return null;
    }
    if (form == AuditRecord.Form.INTERPRETED) {
      return v; // ausearch prints strings decoded and unquoted
    }
    if (v.charAt(0) == '"') {
      return unquote(v);
    }
    String hex = hex(v);
    return hex != null ? hex : v;
  }

  /**
   * A decimal id ({@code pid}, {@code uid}); in the interpreted form {@code root} is 0 and {@code unknown(N)} is N.
   *
   * @param key the field
   * @return the number, or {@code null} when absent, a name, {@code unset} or out of range
   */
  @Nullable Long id(String key) {
    String v = values.get(key);
    if (v == null) {
      return null;
    }
    if (v.equals("root")) {
      return 0L;
    }
    if (v.startsWith("unknown(") && v.endsWith(")")) {
      v = v.substring(8, v.length() - 1);
    }
    long n = AuditRecord.digits(v, 0, v.length());
    return n < 0 || n >= 4294967295L ? null : n;
  }

  /**
   * A syscall argument: hex with or without {@code 0x}.
   *
   * @param key {@code a0} … {@code a3}
   * @return the 64-bit value, or {@code null}
   */
  @Nullable Long hexArg(String key) {
    String v = values.get(key);
    if (v == null) {
      return null;
    }
    return parseHex(v.startsWith("0x") ? v.substring(2) : v);
  }

  /** Hex digits (1 to 16) as an unsigned 64-bit value, or {@code null}. */
  static @Nullable Long parseHex(String s) {
    if (s.isEmpty() || s.length() > 16) {
      return null;
    }
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      int d = Character.digit(s.charAt(i), 16);
      if (d < 0) {
        return null;
      }
      v = (v << 4) | d;
    }
    return v;
  }

  private static String unquote(String v) {
    if (v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"') {
      return v.substring(1, v.length() - 1);
    }
    return v.charAt(0) == '"' ? v.substring(1) : v;
  }

  /** Hex-encoded bytes decoded as UTF-8 (NUL as space, trailing NULs dropped), or {@code null} if not hex. */
  private static @Nullable String hex(String v) {
    if (v.length() % 2 != 0) {
      return null;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(v.length() / 2);
    for (int i = 0; i < v.length(); i += 2) {
      int hi = Character.digit(v.charAt(i), 16);
      int lo = Character.digit(v.charAt(i + 1), 16);
      if (hi < 0 || lo < 0) {
        return null;
      }
      out.write(hi << 4 | lo);
    }
    byte[] b = out.toByteArray();
    int len = b.length;
    while (len > 0 && b[len - 1] == 0) {
      len--;
    }
    for (int i = 0; i < len; i++) {
      if (b[i] == 0) {
        b[i] = ' ';
      }
    }
    return new String(b, 0, len, StandardCharsets.UTF_8);
  }
}
