package dev.whokilled.parsers.audit;

import org.jspecify.annotations.Nullable;

/**
 * One audit record found in a log message: its type, the event it belongs to and its fields.
 *
 * <p>The record is found by its structure, wherever the framing put it: {@code type=SYSCALL msg=audit(…): …}
 * ({@code audit.log}, {@code ausearch}, a syslog relay, optionally after {@code node=host}),
 * {@code type=1300 audit(…): …} (the kernel's own log when no audit daemon runs), {@code 1300, audit(…): …}
 * (numeric types as some collectors print them), {@code type=SYSCALL msg=audit(12/25/2017 16:39:35.088:351) :
 * …} ({@code ausearch -i}, local time, names for numbers), and {@code SYSCALL arch=…} (the journal, which keeps
 * the serial in a field the message does not show).
 */
final class AuditRecord {

  /** The record types this package reads. */
  enum Type {
    /** A syscall's record ({@code 1300}). */
    SYSCALL,
    /** A signal's (or ptrace's) target ({@code 1318}). */
    OBJ_PID,
    /** The calling process's command line ({@code 1327}). */
    PROCTITLE,
    /** End of a multi-record event ({@code 1320}). */
    EOE,
    /** A process ended with a core-dumping signal ({@code 1701}). */
    ANOM_ABEND,
    /** An {@code ausearch} event separator ({@code ----}) or header ({@code time->…}). */
    SEPARATOR,
    /** Any other type. */
    OTHER
  }

  /** How the fields are written. */
  enum Form {
    /** As the kernel writes them: numbers, hex arguments, untrusted strings quoted or hex-encoded. */
    RAW,
    /** As {@code ausearch -i} prints them: names, decoded strings, local time. */
    INTERPRETED,
    /** As the journal's message holds them: raw fields after the type name, with no timestamp or serial. */
    JOURNAL
  }

  /** The longest timestamp-and-serial text between {@code audit(} and {@code )}. */
  private static final int MAX_STAMP = 64;

  final Type type;
  final Form form;
  final @Nullable String node;
  /** The time part of {@code audit(TIME:SERIAL)}, or {@code null} in the journal form. */
  final @Nullable String stamp;
  /** The serial, or -1 in the journal form. */
  final long serial;
  /** The fields. */
  final AuditFields fields;

  private AuditRecord(Type type, Form form, @Nullable String node, @Nullable String stamp, long serial,
      AuditFields fields) {
    this.type = type;
    this.form = form;
    this.node = node;
    this.stamp = stamp;
    this.serial = serial;
    this.fields = fields;
  }

  /** Cheap test before any parsing: whether the message may hold a record. */
  static boolean mayHold(String m) {
    return m.indexOf("audit(") >= 0 || m.startsWith("SYSCALL ") || m.startsWith("OBJ_PID ")
        || m.startsWith("PROCTITLE ") || m.startsWith("ANOM_ABEND ") || m.startsWith("----")
        || m.startsWith("time->");
  }

  /** The event this record belongs to, as a map key; {@code null} in the journal form. */
  @Nullable String eventKey() {
    return stamp == null ? null : (node == null ? "" : node) + '|' + stamp + ':' + serial;
  }

  /**
   * Reads the record a message holds.
   *
   * @param m the message
   * @return the record, or {@code null} when the message holds none
   */
  static @Nullable AuditRecord read(String m) {
    int a = m.indexOf("audit(");
    if (a < 0 || journalType(m)) {
      // in the journal's form the record starts with its type, and "audit(" can only be in a field's value (a
      // command named so)
      return journal(m);
    }
    // the type before audit(: "type=X msg=audit(", "type=1300 audit(", "1300, audit("
    String typeToken = null;
    int typeStart = -1;
    int t = m.lastIndexOf("type=", a);
    if (t >= 0 && a - t <= 48 && (t == 0 || m.charAt(t - 1) == ' ')) {
      int e = t + 5;
      while (e < a && m.charAt(e) != ' ') {
        e++;
      }
      String between = m.substring(e, a);
      if (between.equals(" msg=") || between.equals(" ")) {
        typeToken = m.substring(t + 5, e);
        typeStart = t;
      }
    } else if (a >= 6 && m.startsWith(", ", a - 2)) {
      int s = a - 2;
      while (s > 0 && Character.isDigit(m.charAt(s - 1)) && a - 2 - s < 5) {
        s--;
      }
      if (s < a - 2 && (s == 0 || m.charAt(s - 1) == ' ')) {
        typeToken = m.substring(s, a - 2);
        typeStart = s;
      }
    }
    if (typeToken == null) {
      return null;
    }
    Type type = type(typeToken);
    int close = m.indexOf(')', a + 6);
    if (close < 0 || close - a - 6 > MAX_STAMP) {
      return null;
    }
    String inside = m.substring(a + 6, close);
    int colon = inside.lastIndexOf(':');
    if (colon <= 0) {
      return null;
    }
    long serial = digits(inside, colon + 1, inside.length());
    if (serial < 0) {
      return null;
    }
    String stamp = inside.substring(0, colon);
    int body;
    Form form;
    if (m.startsWith(" : ", close + 1) || m.startsWith(" :", close + 1)) {
      form = Form.INTERPRETED;
      body = close + 3;
    } else if (m.startsWith(":", close + 1)) {
      form = epoch(stamp) ? Form.RAW : Form.INTERPRETED;
      body = close + 2;
    } else {
      return null;
    }
    if (form == Form.RAW && !epoch(stamp)) {
      return null;
    }
    body = Math.min(body, m.length());
    String node = null;
    int n = m.lastIndexOf("node=", typeStart);
    if (n >= 0 && (n == 0 || m.charAt(n - 1) == ' ')) {
      int e = m.indexOf(' ', n);
      if (e == typeStart - 1 && e > n + 5) {
        node = m.substring(n + 5, e);
      }
    }
    // other types (AVC denials, logins: most of an audit log) are named but their fields not read
    AuditFields fields = type == Type.OTHER || type == Type.EOE ? AuditFields.EMPTY
        : AuditFields.parse(m, body, form);
    return new AuditRecord(type, form, node, stamp, serial, fields);
  }

  private static boolean journalType(String m) {
    return m.startsWith("SYSCALL ") || m.startsWith("OBJ_PID ") || m.startsWith("PROCTITLE ")
        || m.startsWith("ANOM_ABEND ");
  }

  private static @Nullable AuditRecord journal(String m) {
    if (m.startsWith("----") && m.trim().equals("----") || m.startsWith("time->")) {
      return new AuditRecord(Type.SEPARATOR, Form.JOURNAL, null, null, -1, AuditFields.EMPTY);
    }
    Type type;
    String first;
    if (m.startsWith("SYSCALL ")) {
      type = Type.SYSCALL;
      first = "arch=";
    } else if (m.startsWith("OBJ_PID ")) {
      type = Type.OBJ_PID;
      first = "opid=";
    } else if (m.startsWith("PROCTITLE ")) {
      type = Type.PROCTITLE;
      first = "proctitle=";
    } else if (m.startsWith("ANOM_ABEND ")) {
      type = Type.ANOM_ABEND;
      first = "auid=";
    } else {
      return null;
    }
    int body = m.indexOf(' ') + 1;
    if (!m.startsWith(first, body)) {
      return null;
    }
    return new AuditRecord(type, Form.JOURNAL, null, null, -1, AuditFields.parse(m, body, Form.RAW));
  }

  private static Type type(String token) {
    String t = token;
    if (t.startsWith("UNKNOWN[") && t.endsWith("]")) {
      t = t.substring(8, t.length() - 1);
    }
    switch (t) {
      case "SYSCALL":
      case "1300":
        return Type.SYSCALL;
      case "OBJ_PID":
      case "1318":
        return Type.OBJ_PID;
      case "PROCTITLE":
      case "1327":
        return Type.PROCTITLE;
      case "EOE":
      case "1320":
        return Type.EOE;
      case "ANOM_ABEND":
      case "1701":
        return Type.ANOM_ABEND;
      default:
        return Type.OTHER;
    }
  }

  /** Whether the stamp is the kernel's {@code SECONDS.MILLIS}. */
  private static boolean epoch(String stamp) {
    int dot = stamp.indexOf('.');
    return dot > 0 && digits(stamp, 0, dot) >= 0 && digits(stamp, dot + 1, stamp.length()) >= 0;
  }

  /** The decimal number of {@code s[from, to)}, or -1 when it is empty, not all digits or too long. */
  static long digits(String s, int from, int to) {
    if (to <= from || to - from > 18) {
      return -1;
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
