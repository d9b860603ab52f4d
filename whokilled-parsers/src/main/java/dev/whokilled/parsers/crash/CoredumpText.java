package dev.whokilled.parsers.crash;

import dev.whokilled.event.CrashType;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.Signal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The pieces of systemd-coredump's and coredumpctl's text, read by index: no regular expressions. */
final class CoredumpText {

  private CoredumpText() {}

  /** What a {@code Process N (comm) …} message says happened. */
  enum Outcome {
    /** {@code … dumped core.} */
    DUMPED,
    /** {@code … terminated abnormally without generating a coredump.} */
    NOT_DUMPED,
    /** {@code … terminated abnormally with signal 6/ABRT, processing...}: the dump is under way. */
    PROCESSING
  }

  /**
   * A {@code Process N (comm) …} message, read.
   *
   * @param pid the crashed process's pid
   * @param comm its name
   * @param uid its user, or {@code null} in the oldest form ({@code Process N (x) dumped core.})
   * @param outcome what the message says
   * @param signal the signal, when the message names it
   */
  record Process(long pid, String comm, @Nullable Integer uid, Outcome outcome, @Nullable Signal signal) {}

  private static final String PROCESS = "Process ";
  private static final String OF_USER = ") of user ";

  /** Cheap test before any parsing. */
  static boolean mayBeProcess(String m) {
    return m.indexOf(PROCESS) >= 0
        && (m.indexOf("dumped core") >= 0 || m.indexOf("terminated abnormally") >= 0
            || m.indexOf(" killed by SIG") >= 0);
  }

  /**
   * {@code Process 1234 (foo) of user 1000 dumped core.}, {@code … terminated abnormally without generating a
   * coredump.}, {@code … terminated abnormally with signal 6/ABRT, processing...}, the oldest {@code Process
   * 1234 (foo) dumped core.}, and abrt's {@code Process 1234 (foo) of user 0 killed by SIGSEGV - dumping core};
   * anything may stand before {@code Process} (journalctl's {@code [🡕]} marker, a {@code Message:} label). The
   * name is everything between the first {@code (} and the last {@code ) of user}, so it may hold parentheses.
   */
  static @Nullable Process process(String m) {
    int tries = 0;
    for (int at = m.indexOf(PROCESS); at >= 0 && tries++ < 4; at = m.indexOf(PROCESS, at + 1)) {
      int p = at + PROCESS.length();
      int d = p;
      while (d < m.length() && d - p < 10 && m.charAt(d) >= '0' && m.charAt(d) <= '9') {
        d++;
      }
      Long pid = Hex.decimal(m, p, d);
      if (pid == null || !m.startsWith(" (", d)) {
        continue;
      }
      int nameStart = d + 2;
      int ofUser = m.lastIndexOf(OF_USER);
      if (ofUser >= nameStart) {
        int u = ofUser + OF_USER.length();
        int ue = u;
        while (ue < m.length() && ue - u < 10 && m.charAt(ue) >= '0' && m.charAt(ue) <= '9') {
          ue++;
        }
        Long uid = Hex.decimal(m, u, ue);
        Process r = uid == null || uid > Integer.MAX_VALUE ? null
            : tail(pid, m.substring(nameStart, ofUser), (int) (long) uid, m, ue);
        if (r != null) {
          return r;
        }
        // else the oldest form, with ") of user " inside the name
      }
      int dumped = m.lastIndexOf(") dumped core");
      if (dumped >= nameStart) {
        return new Process(pid, m.substring(nameStart, dumped), null, Outcome.DUMPED, null);
      }
    }
    return null;
  }

  private static @Nullable Process tail(long pid, String comm, int uid, String m, int at) {
    if (m.startsWith(" dumped core", at)) {
      return new Process(pid, comm, uid, Outcome.DUMPED, null);
    }
    if (m.startsWith(" terminated abnormally without generating a coredump", at)) {
      return new Process(pid, comm, uid, Outcome.NOT_DUMPED, null);
    }
    String with = " terminated abnormally with signal ";
    if (m.startsWith(with, at)) {
      int s = at + with.length();
      int e = s;
      while (e < m.length() && e - s < 4 && m.charAt(e) >= '0' && m.charAt(e) <= '9') {
        e++;
      }
      Long n = Hex.decimal(m, s, e);
      Signal sig = n == null ? null : Signal.fromNumber(n).orElse(null);
      if (sig == null && e < m.length() && m.charAt(e) == '/') {
        sig = signalName(m, e + 1);
      }
      return new Process(pid, comm, uid, Outcome.PROCESSING, sig);
    }
    String killed = " killed by SIG";
    if (m.startsWith(killed, at)) {
      Signal sig = signalName(m, at + " killed by ".length());
      boolean dumping = m.indexOf(" - dumping core", at) >= 0;
      boolean ignoring = m.indexOf(" - ignoring", at) >= 0;
      return new Process(pid, comm, uid, dumping ? Outcome.DUMPED : ignoring ? Outcome.NOT_DUMPED
          : Outcome.PROCESSING, sig);
    }
    return null;
  }

  /** The signal named at {@code from} ({@code ABRT}, {@code SIGSEGV}) up to a non-letter, or {@code null}. */
  static @Nullable Signal signalName(String m, int from) {
    int e = from;
    while (e < m.length() && e - from < 12 && (Character.isLetterOrDigit(m.charAt(e)) && m.charAt(e) < 128)) {
      e++;
    }
    return e > from ? Signal.fromName(m.substring(from, e)).orElse(null) : null;
  }

  /** A signal written as a number ({@code 11}) or a name ({@code SIGSEGV}, {@code SEGV}), or {@code null}. */
  static @Nullable Signal signal(String token) {
    Long n = Hex.decimal(token, 0, token.length());
    if (n != null) {
      return Signal.fromNumber(n).orElse(null);
    }
    return token.isEmpty() || token.length() > 12 ? null : Signal.fromName(token).orElse(null);
  }

  /** The kind of crash a core dump's signal tells: SEGV, ABRT and BUS have their own; the rest is a core dump. */
  static CrashType type(@Nullable Signal signal) {
    if (signal == null) {
      return CrashType.CORE_DUMP;
    }
    return switch (signal) {
      case SIGSEGV -> CrashType.SEGFAULT;
      case SIGABRT -> CrashType.ABORT;
      case SIGBUS -> CrashType.BUS_ERROR;
      default -> CrashType.CORE_DUMP;
    };
  }

  /** Zone abbreviations that name one offset wherever they are used. */
  private static final Map<String, Integer> ZONES = Map.ofEntries(
      Map.entry("UTC", 0), Map.entry("GMT", 0), Map.entry("UT", 0), Map.entry("Z", 0),
      Map.entry("WET", 0), Map.entry("WEST", 60), Map.entry("CET", 60), Map.entry("CEST", 120),
      Map.entry("EET", 120), Map.entry("EEST", 180), Map.entry("MSK", 180),
      Map.entry("EST", -300), Map.entry("EDT", -240), Map.entry("CDT", -300), Map.entry("MST", -420),
      Map.entry("MDT", -360), Map.entry("PST", -480), Map.entry("PDT", -420), Map.entry("AKST", -540),
      Map.entry("AKDT", -480), Map.entry("HST", -600), Map.entry("JST", 540), Map.entry("KST", 540),
      Map.entry("HKT", 480), Map.entry("AEST", 600), Map.entry("AEDT", 660), Map.entry("NZST", 720),
      Map.entry("NZDT", 780));

  /**
   * coredumpctl's timestamp: {@code 2015-05-19}, {@code 15:07:00} and a zone ({@code CEST}, {@code UTC},
   * {@code +07}, {@code +0200}). A zone abbreviation that does not name one offset is read as UTC, and the time
   * says the zone was assumed.
   *
   * @return the time at whole seconds, or {@code null} when the date or time does not parse
   */
  static @Nullable EventTime timestamp(String date, String time, @Nullable String zone) {
    if (date.length() != 10 || date.charAt(4) != '-' || date.charAt(7) != '-'
        || time.length() < 8 || time.charAt(2) != ':' || time.charAt(5) != ':') {
      return null;
    }
    Long y = Hex.decimal(date, 0, 4);
    Long mo = Hex.decimal(date, 5, 7);
    Long d = Hex.decimal(date, 8, 10);
    Long h = Hex.decimal(time, 0, 2);
    Long mi = Hex.decimal(time, 3, 5);
    Long s = Hex.decimal(time, 6, 8);
    if (y == null || mo == null || d == null || h == null || mi == null || s == null) {
      return null;
    }
    LocalDateTime local;
    try {
      local = LocalDateTime.of(LocalDate.of((int) (long) y, (int) (long) mo, (int) (long) d),
          LocalTime.of((int) (long) h, (int) (long) mi, (int) (long) s));
    } catch (DateTimeException e) {
      return null;
    }
    Integer minutes = zone == null ? null : offsetMinutes(zone);
    boolean assumed = minutes == null;
    ZoneOffset offset;
    try {
      offset = ZoneOffset.ofTotalSeconds((minutes == null ? 0 : minutes) * 60);
    } catch (DateTimeException e) {
      offset = ZoneOffset.UTC;
      assumed = true;
    }
    return new EventTime(local.toInstant(offset), EventTime.Precision.SECONDS, false, assumed, null, null);
  }

  private static @Nullable Integer offsetMinutes(String zone) {
    Integer known = ZONES.get(zone);
    if (known != null) {
      return known;
    }
    if (zone.length() < 3 || (zone.charAt(0) != '+' && zone.charAt(0) != '-')) {
      return null;
    }
    String digits = zone.substring(1).replace(":", "");
    Long v = Hex.decimal(digits, 0, digits.length());
    if (v == null || (digits.length() != 2 && digits.length() != 4)) {
      return null;
    }
    int hours = digits.length() == 2 ? (int) (long) v : (int) (v / 100);
    int mins = digits.length() == 2 ? 0 : (int) (v % 100);
    if (hours > 18 || mins > 59) {
      return null;
    }
    int total = hours * 60 + mins;
    return zone.charAt(0) == '-' ? -total : total;
  }

  /**
   * A stack frame line of systemd-coredump: {@code #0  0x00007f2ed709890c raise (libc.so.6 + 0x3e3a0)}, {@code
   * #3  0x0000559d5f7de0e0 n/a (systemd-resolved)}, {@code #0  0x0000000000401113 n/a (/app/mt-sigsegv)}.
   *
   * @param ip the frame's address
   * @param module the mapping in parentheses, or {@code null} ({@code n/a})
   * @param offset the offset after {@code +}, or {@code null}
   */
  record Frame(@Nullable Long ip, @Nullable String module, @Nullable Long offset) {}

  /** Whether the trimmed line is a frame: {@code #} and a number. */
  static boolean isFrame(String t) {
    return t.length() > 1 && t.charAt(0) == '#' && t.charAt(1) >= '0' && t.charAt(1) <= '9';
  }

  /** The frame's address and mapping. */
  static Frame frame(String t) {
    int p = 1;
    while (p < t.length() && t.charAt(p) >= '0' && t.charAt(p) <= '9') {
      p++;
    }
    p = Hex.skipSpaces(t, p);
    int e = Hex.tokenEnd(t, p);
    Long ip = Hex.parse(t, p, e);
    String module = null;
    Long offset = null;
    int open = t.lastIndexOf(" (");
    if (open >= e && t.endsWith(")")) {
      String inner = t.substring(open + 2, t.length() - 1);
      int plus = inner.lastIndexOf(" + ");
      if (plus > 0) {
        offset = Hex.parse(inner, plus + 3, inner.length());
        inner = inner.substring(0, plus);
      }
      if (!inner.isEmpty() && !inner.equals("n/a")) {
        module = inner;
      }
    }
    return new Frame(ip, module, offset);
  }
}
