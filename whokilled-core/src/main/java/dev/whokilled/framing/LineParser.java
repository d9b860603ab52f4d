package dev.whokilled.framing;

import dev.whokilled.event.EventTime.Precision;
import org.jspecify.annotations.Nullable;

/**
 * Reads the framing of single lines by scanning indexes: no regular expressions, no allocation, every scan
 * bounded by the line or by a small fixed window, so a hostile line costs time linear in its length.
 *
 * <p>Detection looks at the first character and then at fixed shapes: {@code [} starts the {@code dmesg}
 * renderings and {@code journalctl -o short-monotonic}, {@code <} a priority, a digit {@code /dev/kmsg}, an
 * RFC 3339 stamp or a localised month ({@code 11月}), a letter a month name or a {@code dmesg -x} facility.
 * What no shape fits has its paste prefixes stripped (shell prompts, {@code grep -n} and {@code grep -H}
 * prefixes) and is tried again; a line that still fits nothing is a bare message.
 */
final class LineParser {

  private static final int BRACKET_WINDOW = 64;
  /** How far a token is looked for; {@link Framer}'s quiet-line test looks as far. */
  static final int TOKEN_WINDOW = 256;
  private static final int KMSG_FIELDS_WINDOW = 512;

  private static final int KIND_UPTIME = 1;
  private static final int KIND_UPTIME_DELTA = 2;
  private static final int KIND_DELTA = 3;
  private static final int KIND_HEADER = 4;
  private static final int KIND_CTIME = 5;

  private static final String[] FACILITIES = {
    "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv", "ftp",
    "res0", "res1", "res2", "res3", "local0", "local1", "local2", "local3", "local4", "local5", "local6",
    "local7",
  };
  private static final String[] LEVELS = {
    "emerg", "alert", "crit", "err", "warn", "notice", "info", "debug",
  };

  private final WallClock clock;
  private final @Nullable Format fixed;

  /** Set by the framer while the stream reads as {@code journalctl -o short-monotonic}. */
  boolean monotonicStream;

  // scratch results of the number scanners
  private long numSeconds;
  private int numNanos;
  private int numDigits;
  private int bracketKind;
  private boolean lastStrict;

  /**
   * A parser for one stream.
   *
   * @param clock completes time stamps
   * @param fixed the only format to read, or null to detect each line's
   */
  LineParser(WallClock clock, @Nullable Format fixed) {
    this.clock = clock;
    this.fixed = fixed;
  }

  private boolean allow(Format format) {
    return fixed == null || fixed == format;
  }

  /**
   * Reads the framing of {@code s[0, end)} into {@code f}. Always succeeds: a line that fits no format is a
   * {@link Format#PLAIN} message.
   *
   * @param s the line
   * @param end where it ends (without a carriage return)
   * @param f where the framing goes
   */
  void detect(String s, int end, Frame f) {
    int p = skipBlanks(s, 0, end);
    f.reset();
    if (parseAt(s, p, end, f)) {
      return;
    }
    int plainStart = p;
    boolean strictSoFar = true;
    for (int layer = 0; layer < 4; layer++) {
      int q = stripOne(s, p, end);
      if (q < 0) {
        break;
      }
      boolean strict = lastStrict;
      p = skipBlanks(s, q, end);
      f.reset();
      if (parseAt(s, p, end, f)) {
        return;
      }
      if (strictSoFar && strict) {
        plainStart = p;
      } else {
        strictSoFar = false;
      }
    }
    f.reset();
    f.msgStart = plainStart;
  }

  /** Tries every single-line format at {@code p}. */
  private boolean parseAt(String s, int p, int end, Frame f) {
    if (p >= end) {
      return false;
    }
    char c = s.charAt(p);
    if (c == '[') {
      return bracketLine(s, p, end, f);
    }
    if (c == '<') {
      return angleLine(s, p, end, f);
    }
    if (c >= '0' && c <= '9') {
      return (allow(Format.KMSG) && kmsg(s, p, end, f))
          || iso(s, p, end, f)
          || (allow(Format.SYSLOG) && syslog(s, p, end, f));
    }
    if (Character.isLetter(c)) {
      return (allow(Format.SYSLOG) && (syslog(s, p, end, f) || kernelTag(s, p, end, f)))
          || (allow(Format.DMESG_DECODED) && decoded(s, p, end, f));
    }
    return false;
  }

  // ---------------------------------------------------------------- dmesg renderings

  private boolean bracketLine(String s, int p, int end, Frame f) {
    int m = dmesgBracket(s, p, end, f);
    if (m < 0) {
      return false;
    }
    Format format;
    switch (bracketKind) {
      case KIND_UPTIME:
        if (allow(Format.JOURNAL_MONOTONIC) && monotonic(s, m, end, f)) {
          f.format = Format.JOURNAL_MONOTONIC;
          f.origin = origin(s, f);
          return true;
        }
        format = Format.DMESG;
        break;
      case KIND_CTIME:
        format = Format.DMESG_CTIME;
        break;
      default:
        format = Format.DMESG_RELATIVE;
        break;
    }
    if (!allow(format)) {
      return false;
    }
    f.format = format;
    f.origin = Origin.KERNEL_LOG;
    f.msgStart = skipCaller(s, m, end);
    return true;
  }

  /**
   * Reads any {@code dmesg} time bracket at {@code p} (which holds {@code [}): uptime, uptime with delta
   * ({@code -d}), delta or minute header ({@code -H}), or a full local time ({@code -T}). Sets the time in
   * {@code f} and {@link #bracketKind}.
   *
   * @return where the message starts, or -1
   */
  private int dmesgBracket(String s, int p, int end, Frame f) {
    int q = p + 1;
    while (q < end && s.charAt(q) == ' ') {
      q++;
    }
    if (q >= end) {
      return -1;
    }
    char c = s.charAt(q);
    int r = c >= '0' && c <= '9' ? seconds(s, q, end) : -1;
    if (r >= 0) {
      long sec = numSeconds;
      int nanos = numNanos;
      r = skipSpaces(s, r, end);
      if (r < end && s.charAt(r) == ']') {
        f.uptime(sec, nanos);
        bracketKind = KIND_UPTIME;
        return afterBracket(s, r, end);
      }
      if (r < end && s.charAt(r) == '<') {
        r = skipSpaces(s, r + 1, end);
        r = seconds(s, r, end);
        if (r < 0) {
          return -1;
        }
        r = skipSpaces(s, r, end);
        if (r + 1 < end && s.charAt(r) == '>' && s.charAt(r + 1) == ']') {
          f.uptime(sec, nanos);
          bracketKind = KIND_UPTIME_DELTA;
          return afterBracket(s, r + 1, end);
        }
      }
      return -1;
    }
    if (c == '+' || c == '-') {
      r = seconds(s, q + 1, end);
      if (r < 0) {
        return -1;
      }
      r = skipSpaces(s, r, end);
      if (r < end && s.charAt(r) == ']') {
        f.relativeDelta = true;
        bracketKind = KIND_DELTA;
        return afterBracket(s, r, end);
      }
      return -1;
    }
    int limit = Math.min(end, p + BRACKET_WINDOW);
    int close = -1;
    for (int i = q; i < limit; i++) {
      char ch = s.charAt(i);
      if (ch == ']') {
        close = i;
        break;
      }
      if (ch == '[') {
        return -1;
      }
    }
    if (close < 0) {
      return -1;
    }
    if (header(s, q, close, f)) {
      bracketKind = KIND_HEADER;
      return afterBracket(s, close, end);
    }
    if (ctime(s, q, close, f)) {
      bracketKind = KIND_CTIME;
      return afterBracket(s, close, end);
    }
    return -1;
  }

  private static int afterBracket(String s, int close, int end) {
    return close + 1 < end && s.charAt(close + 1) == ' ' ? close + 2 : close + 1;
  }

  /** {@code dmesg -H} minute header content: {@code Nov22 10:54} (the month in any locale). */
  private boolean header(String s, int a, int b, Frame f) {
    int sp = s.indexOf(' ', a);
    if (sp < 0 || sp >= b || sp == a) {
      return false;
    }
    // time: H:MM or HH:MM, nothing after it
    int t = sp + 1;
    int hour = 0;
    int i = t;
    while (i < b && i - t < 2 && isDigit(s.charAt(i))) {
      hour = hour * 10 + (s.charAt(i) - '0');
      i++;
    }
    if (i == t || i + 3 != b || s.charAt(i) != ':' || !isDigit(s.charAt(i + 1))
        || !isDigit(s.charAt(i + 2))) {
      return false;
    }
    int minute = (s.charAt(i + 1) - '0') * 10 + (s.charAt(i + 2) - '0');
    // day: the one or two digits that end the first token; the month is what comes before them, and does
    // not end in a digit (11月22 has 月 between; 11222 is no header)
    int d = sp;
    while (d > a && sp - d < 2 && isDigit(s.charAt(d - 1))) {
      d--;
    }
    if (d == sp || d == a || isDigit(s.charAt(d - 1))) {
      return false;
    }
    int day = number(s, d, sp);
    f.relativeHeader = true;
    int month = Months.parse(s, a, d, true, false);
    if (month != 0 && clock.yearless(month, day, hour, minute, 0)) {
      f.wall(clock.epochSecond, 0, Precision.MINUTES, clock.yearAssumed, clock.zoneAssumed());
    }
    return true;
  }

  /**
   * {@code dmesg -T} content: weekday, month, day, time, year, in any locale. The year and the time fix the
   * shape; the month may be unreadable, and then the time is unknown but the line still frames a message.
   */
  private boolean ctime(String s, int a, int b, Frame f) {
    int ys = b;
    while (ys > a && isDigit(s.charAt(ys - 1))) {
      ys--;
    }
    if (b - ys != 4 || ys - 1 <= a || s.charAt(ys - 1) != ' ') {
      return false;
    }
    int year = number(s, ys, b);
    int te = ys - 1;
    int ts = te;
    while (ts > a && s.charAt(ts - 1) != ' ') {
      ts--;
    }
    // H:MM:SS or HH:MM:SS
    int len = te - ts;
    if (len < 7 || len > 8 || s.charAt(te - 3) != ':' || s.charAt(te - 6) != ':') {
      return false;
    }
    int hour = number(s, ts, te - 6);
    int minute = number(s, te - 5, te - 3);
    int second = number(s, te - 2, te);
    if (hour < 0 || minute < 0 || second < 0) {
      return false;
    }
    int restEnd = ts;
    while (restEnd > a && s.charAt(restEnd - 1) == ' ') {
      restEnd--;
    }
    if (restEnd <= a) {
      return false;
    }
    int ds = restEnd;
    while (ds > a && s.charAt(ds - 1) != ' ') {
      ds--;
    }
    int day = number(s, ds, restEnd);
    int me = ds;
    while (me > a && s.charAt(me - 1) == ' ') {
      me--;
    }
    int ms = me;
    while (ms > a && s.charAt(ms - 1) != ' ') {
      ms--;
    }
    int month = me > ms ? Months.parse(s, ms, me, true, true) : 0;
    if (day > 0 && month > 0 && clock.local(year, month, day, hour, minute, second)) {
      f.wall(clock.epochSecond, 0, Precision.SECONDS, false, clock.zoneAssumed());
    }
    return true;
  }

  /**
   * The caller id of {@code CONFIG_PRINTK_CALLER} ({@code [  T123] }) belongs to the framing, not the message:
   * {@code /dev/kmsg} carries it as a field, so it is skipped here for every rendering to agree.
   */
  private static int skipCaller(String s, int m, int end) {
    if (m >= end || s.charAt(m) != '[') {
      return m;
    }
    int i = skipSpaces(s, m + 1, end);
    if (i >= end || (s.charAt(i) != 'T' && s.charAt(i) != 'C')) {
      return m;
    }
    int j = i + 1;
    while (j < end && j - i < 12 && isDigit(s.charAt(j))) {
      j++;
    }
    if (j == i + 1 || j + 1 >= end || s.charAt(j) != ']' || s.charAt(j + 1) != ' ') {
      return m;
    }
    return j + 2;
  }

  /**
   * {@code journalctl -o short-monotonic} after its bracket: {@code host ident: }. A kernel line can look the
   * same ({@code [ 1.2] usb 1-1: new high-speed USB device}), so in auto mode the identifier must be
   * {@code kernel:} or {@code name[pid]:}, unless the stream has already shown itself to be a journal.
   */
  private boolean monotonic(String s, int m, int end, Frame f) {
    int limit = Math.min(end, m + TOKEN_WINDOW);
    int h = m;
    while (h < limit) {
      char c = s.charAt(h);
      if (c == ' ') {
        break;
      }
      if (c == ':' || c == '[' || c == ']') {
        return false;
      }
      h++;
    }
    if (h == m || h >= limit) {
      return false;
    }
    int i0 = h + 1;
    int i1 = i0;
    limit = Math.min(end, i0 + TOKEN_WINDOW);
    while (i1 < limit && s.charAt(i1) != ' ') {
      i1++;
    }
    if (i1 - i0 < 2 || s.charAt(i1 - 1) != ':' || (i1 < end && s.charAt(i1) != ' ')) {
      return false;
    }
    boolean relaxed = fixed == Format.JOURNAL_MONOTONIC || monotonicStream;
    boolean kernel = i1 - i0 == 7 && s.startsWith("kernel:", i0);
    if (!tag(s, i0, i1, f)) {
      return false;
    }
    if (!relaxed && !kernel && f.pid < 0) {
      f.identStart = -1;
      return false;
    }
    if (!kernel && f.pid >= 0 && s.startsWith("segfault at ", Math.min(end, i1 + 1))) {
      // the kernel's "comm[tid]: segfault at" of a thread whose name has a space ("my prog[2493]: segfault
      // at"): in a journal that line is the kernel's, under "kernel:", never a "host name[pid]:" of its own
      f.identStart = -1;
      f.pid = -1;
      return false;
    }
    f.hostStart = m;
    f.hostEnd = h;
    f.msgStart = i1 < end ? i1 + 1 : i1;
    return true;
  }

  // ---------------------------------------------------------------- <priority>

  private boolean angleLine(String s, int p, int end, Frame f) {
    int i = p + 1;
    int pri = 0;
    while (i < end && i - p <= 4 && isDigit(s.charAt(i))) {
      pri = pri * 10 + (s.charAt(i) - '0');
      i++;
    }
    if (i == p + 1 || i >= end || s.charAt(i) != '>' || pri > 1023) {
      return false;
    }
    int r = i + 1;
    if (r < end && s.charAt(r) == '[') {
      int m = dmesgBracket(s, r, end, f);
      if (m >= 0 && allow(Format.DMESG_RAW)) {
        rawFrame(f, pri, skipCaller(s, m, end));
        return true;
      }
      f.reset();
    }
    if (pri <= 191 && r < end) {
      if (allow(Format.SYSLOG) && syslog(s, r, end, f)) {
        wirePriority(f, pri);
        return true;
      }
      f.reset();
      if (iso(s, r, end, f)) {
        wirePriority(f, pri);
        return true;
      }
      f.reset();
    }
    if (allow(Format.DMESG_RAW)) {
      rawFrame(f, pri, r);
      return true;
    }
    return false;
  }

  /**
   * {@code dmesg -r}: a facility other than 0 proves a user process wrote the record; facility 0 proves nothing,
   * because util-linux's {@code dmesg -r} (2.38 at least) prints {@code facility | level} unshifted, so a record a
   * user process wrote to {@code /dev/kmsg} at level 4 shows as {@code <5>}, as a kernel notice does.
   */
  private static void rawFrame(Frame f, int pri, int msgStart) {
    f.format = Format.DMESG_RAW;
    f.priority(pri);
    f.origin = f.facility == 0 ? Origin.KERNEL_LOG : Origin.USERSPACE;
    f.msgStart = msgStart;
  }

  /**
   * A syslog line as sent on the wire ({@code logger -n}, a relay's file): a facility other than {@code kern}
   * proves a user process wrote it whatever its tag says ({@code logger -t kernel} sends {@code <13>}, and turns
   * {@code -p kern.err} into {@code user.err}).
   */
  private static void wirePriority(Frame f, int pri) {
    f.priority(pri);
    if (f.facility != 0 && f.origin == Origin.KERNEL_LOG) {
      f.origin = Origin.USERSPACE;
    }
  }

  // ---------------------------------------------------------------- dmesg -x

  private boolean decoded(String s, int p, int end, Frame f) {
    int i = p;
    while (i < end && i - p < 8 && isLowerAlnum(s.charAt(i))) {
      i++;
    }
    int facility = index(FACILITIES, s, p, i);
    if (facility < 0) {
      return false;
    }
    i = skipSpaces(s, i, end);
    if (i >= end || s.charAt(i) != ':') {
      return false;
    }
    int l0 = i + 1;
    int l1 = l0;
    while (l1 < end && l1 - l0 < 6 && isLowerAlnum(s.charAt(l1))) {
      l1++;
    }
    int level = index(LEVELS, s, l0, l1);
    if (level < 0) {
      return false;
    }
    i = skipSpaces(s, l1, end);
    if (i >= end || s.charAt(i) != ':') {
      return false;
    }
    int m = i + 1 < end && s.charAt(i + 1) == ' ' ? i + 2 : i + 1;
    if (m < end && s.charAt(m) == '[') {
      int after = dmesgBracket(s, m, end, f);
      if (after >= 0) {
        m = skipCaller(s, after, end);
      }
    }
    f.format = Format.DMESG_DECODED;
    f.facility = facility;
    f.level = level;
    f.origin = facility == 0 ? Origin.KERNEL : Origin.USERSPACE;
    f.msgStart = m;
    return true;
  }

  private static int index(String[] names, String s, int a, int b) {
    for (int k = 0; k < names.length; k++) {
      String n = names[k];
      if (n.length() == b - a && s.startsWith(n, a)) {
        return k;
      }
    }
    return -1;
  }

  // ---------------------------------------------------------------- /dev/kmsg

  private boolean kmsg(String s, int p, int end, Frame f) {
    int i = p;
    int pri = 0;
    while (i < end && i - p < 4 && isDigit(s.charAt(i))) {
      pri = pri * 10 + (s.charAt(i) - '0');
      i++;
    }
    if (i == p || i >= end || s.charAt(i) != ',') {
      return false;
    }
    int q = i + 1;
    long seq = 0;
    i = q;
    while (i < end && i - q < 18 && isDigit(s.charAt(i))) {
      seq = seq * 10 + (s.charAt(i) - '0');
      i++;
    }
    if (i == q || i >= end || s.charAt(i) != ',') {
      return false;
    }
    q = i + 1;
    long micros = 0;
    i = q;
    while (i < end && i - q < 18 && isDigit(s.charAt(i))) {
      micros = micros * 10 + (s.charAt(i) - '0');
      i++;
    }
    if (i == q || i + 1 >= end || s.charAt(i) != ',' || s.charAt(i + 1) == ';') {
      return false;
    }
    int limit = Math.min(end, i + KMSG_FIELDS_WINDOW);
    int semi = -1;
    for (int k = i + 2; k < limit; k++) {
      if (s.charAt(k) == ';') {
        semi = k;
        break;
      }
    }
    if (semi < 0 || (semi > i + 2 && s.charAt(i + 2) != ',')) {
      return false;
    }
    f.format = Format.KMSG;
    f.priority(pri);
    f.origin = f.facility == 0 ? Origin.KERNEL : Origin.USERSPACE;
    f.sequence = seq;
    f.uptime(micros / 1_000_000, (int) (micros % 1_000_000) * 1000);
    f.msgStart = semi + 1;
    f.escapes = Frame.KMSG_ESCAPES;
    return true;
  }

  // ---------------------------------------------------------------- syslog

  /** {@code Apr 20 20:03:27[.123456] host tag: message}, the month in any locale's short form. */
  private boolean syslog(String s, int p, int end, Frame f) {
    // OpenWrt's logread: "Sat Jan 25 09:40:15 2020 kern.err kernel: …", a weekday first and a year after
    boolean weekday = p + 4 < end && s.charAt(p + 3) == ' ' && weekday(s, p);
    if (weekday) {
      p += 4;
    }
    int me = p;
    int limit = Math.min(end, p + 12);
    while (me < limit && s.charAt(me) != ' ') {
      me++;
    }
    if (me >= end || me == p || s.charAt(me) != ' ') {
      return false;
    }
    int d = me + 1;
    if (d < end && s.charAt(d) == ' ') {
      d++;
    }
    int day = 0;
    int i = d;
    while (i < end && i - d < 2 && isDigit(s.charAt(i))) {
      day = day * 10 + (s.charAt(i) - '0');
      i++;
    }
    if (i == d || i >= end || s.charAt(i) != ' ') {
      return false;
    }
    // the shape fits so far: only now look the month up
    int month = Months.parse(s, p, me, true, false);
    if (month == 0) {
      return false;
    }
    int t = i + 1;
    if (t + 8 > end || s.charAt(t + 2) != ':' || s.charAt(t + 5) != ':') {
      return false;
    }
    int hour = number(s, t, t + 2);
    int minute = number(s, t + 3, t + 5);
    int second = number(s, t + 6, t + 8);
    if (hour < 0 || minute < 0 || second < 0) {
      return false;
    }
    i = t + 8;
    int nanos = 0;
    Precision precision = Precision.SECONDS;
    if (i < end && s.charAt(i) == '.') {
      int r = fraction(s, i + 1, end);
      if (r < 0) {
        return false;
      }
      nanos = numNanos;
      precision = precisionOf(numDigits);
      i = r;
    }
    if (i >= end || s.charAt(i) != ' ') {
      return false;
    }
    int year = 0;
    if (weekday) {
      year = i + 5 < end && s.charAt(i + 5) == ' ' ? number(s, i + 1, i + 5) : -1;
      if (year < 0) {
        return false;
      }
      i += 5;
      i = facilityLevel(s, i + 1, end, f) - 1;
    }
    if (!hostTag(s, i + 1, end, f)) {
      return false;
    }
    boolean ok = weekday
        ? clock.local(year, month, day, hour, minute, second)
        : clock.yearless(month, day, hour, minute, second);
    if (ok) {
      f.wall(clock.epochSecond, nanos, precision, !weekday && clock.yearAssumed, clock.zoneAssumed());
    }
    f.format = Format.SYSLOG;
    return true;
  }

  private static boolean weekday(String s, int p) {
    int key = (lower(s.charAt(p)) << 16) | (lower(s.charAt(p + 1)) << 8) | lower(s.charAt(p + 2));
    switch (key) {
      case ('m' << 16) | ('o' << 8) | 'n':
      case ('t' << 16) | ('u' << 8) | 'e':
      case ('w' << 16) | ('e' << 8) | 'd':
      case ('t' << 16) | ('h' << 8) | 'u':
      case ('f' << 16) | ('r' << 8) | 'i':
      case ('s' << 16) | ('a' << 8) | 't':
      case ('s' << 16) | ('u' << 8) | 'n':
        return true;
      default:
        return false;
    }
  }

  private static int lower(char c) {
    return c >= 'A' && c <= 'Z' ? c + 32 : (c < 128 ? c : 0);
  }

  /** OpenWrt's {@code kern.err } before the tag: sets facility and level; returns where the tag starts. */
  private static int facilityLevel(String s, int a, int end, Frame f) {
    int dot = -1;
    int i = a;
    while (i < end && i - a < 16 && s.charAt(i) != ' ') {
      if (s.charAt(i) == '.' && dot < 0) {
        dot = i;
      }
      i++;
    }
    if (dot < 0 || i >= end || s.charAt(i) != ' ') {
      return a;
    }
    int facility = index(FACILITIES, s, a, dot);
    int level = index(LEVELS, s, dot + 1, i);
    if (level < 0 && i - dot - 1 == 7 && s.startsWith("warning", dot + 1)) {
      level = 4;
    }
    if (facility < 0 || level < 0) {
      return a;
    }
    f.facility = facility;
    f.level = level;
    return i + 1;
  }

  /**
   * A syslog line whose stamp was cut off when it was pasted: {@code kernel: message} or
   * {@code host kernel: message}. Only the {@code kernel} tag counts: any other {@code word:} start is too
   * common in bare messages.
   */
  private boolean kernelTag(String s, int p, int end, Frame f) {
    int i = p;
    while (i < end && i - p < 64 && hostChar(s.charAt(i))) {
      i++;
    }
    int tag = p;
    if (i < end && s.charAt(i) == ' ' && i > p) {
      tag = i + 1;
    }
    if (!s.startsWith("kernel:", tag) || (tag + 7 < end && s.charAt(tag + 7) != ' ')) {
      return false;
    }
    if (!hostTag(s, p, end, f)) {
      return false;
    }
    f.format = Format.SYSLOG;
    return true;
  }

  private static boolean hostChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '.' || c == '-' || c == '_';
  }

  /**
   * RFC 3339 {@code 2021-12-10T17:49:55.782801+00:00 host tag: message}; with a comma before the fraction it
   * is {@code dmesg --time-format=iso} instead, read as {@link Format#DMESG_CTIME} (a wall-clock dmesg).
   */
  private boolean iso(String s, int p, int end, Frame f) {
    if (p + 19 > end || s.charAt(p + 4) != '-' || s.charAt(p + 7) != '-' || s.charAt(p + 10) != 'T'
        || s.charAt(p + 13) != ':' || s.charAt(p + 16) != ':') {
      return false;
    }
    int year = number(s, p, p + 4);
    int month = number(s, p + 5, p + 7);
    int day = number(s, p + 8, p + 10);
    int hour = number(s, p + 11, p + 13);
    int minute = number(s, p + 14, p + 16);
    int second = number(s, p + 17, p + 19);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
      return false;
    }
    int i = p + 19;
    int nanos = 0;
    Precision precision = Precision.SECONDS;
    boolean comma = false;
    if (i < end && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
      comma = s.charAt(i) == ',';
      int r = fraction(s, i + 1, end);
      if (r < 0) {
        return false;
      }
      nanos = numNanos;
      precision = precisionOf(numDigits);
      i = r;
    }
    boolean zoned = false;
    int offset = 0;
    if (i < end && s.charAt(i) == 'Z') {
      zoned = true;
      i++;
    } else if (i < end && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      int sign = s.charAt(i) == '-' ? -1 : 1;
      int oh = i + 3 <= end ? number(s, i + 1, i + 3) : -1;
      int j = i + 3;
      if (j < end && s.charAt(j) == ':') {
        j++;
      }
      int om = j + 2 <= end ? number(s, j, j + 2) : -1;
      if (oh < 0 || om < 0 || oh > 18 || om > 59) {
        return false;
      }
      zoned = true;
      offset = sign * (oh * 3600 + om * 60);
      i = j + 2;
    }
    if (i >= end || s.charAt(i) != ' ') {
      return false;
    }
    Format format = comma ? Format.DMESG_CTIME : Format.SYSLOG_ISO;
    if (!allow(format)) {
      return false;
    }
    if (comma) {
      f.origin = Origin.KERNEL_LOG;
      f.msgStart = i + 1;
    } else if (!hostTag(s, i + 1, end, f)) {
      return false;
    }
    boolean ok = zoned
        ? clock.withOffset(year, month, day, hour, minute, second, offset)
        : clock.local(year, month, day, hour, minute, second);
    if (ok) {
      f.wall(clock.epochSecond, nanos, precision, false, !zoned && clock.zoneAssumed());
    }
    f.format = format;
    return true;
  }

  /**
   * {@code host tag: message} or {@code tag: message} (no host: {@code journalctl --no-hostname}), or
   * {@code host message} (no tag: {@code last message repeated 3 times}). A {@code kernel:} line may carry the
   * kernel's own {@code [uptime]} before the message.
   */
  private boolean hostTag(String s, int a, int end, Frame f) {
    if (a >= end) {
      return false;
    }
    int limit = Math.min(end, a + TOKEN_WINDOW);
    int ae = a;
    while (ae < limit && s.charAt(ae) != ' ') {
      ae++;
    }
    if (ae == a || (ae == limit && limit < end)) {
      return false;
    }
    int m;
    if (s.charAt(ae - 1) == ':' && ae - a > 1 && tag(s, a, ae, f)) {
      m = ae < end ? ae + 1 : ae;
    } else {
      f.hostStart = a;
      f.hostEnd = ae;
      if (ae >= end) {
        m = end;
      } else {
        int b = ae + 1;
        limit = Math.min(end, b + TOKEN_WINDOW);
        int be = b;
        while (be < limit && s.charAt(be) != ' ') {
          be++;
        }
        if (be - b > 1 && s.charAt(be - 1) == ':' && tag(s, b, be, f)) {
          m = be < end ? be + 1 : be;
        } else {
          m = b;
        }
      }
    }
    f.origin = origin(s, f);
    if (f.origin == Origin.KERNEL_LOG && m < end && s.charAt(m) == '[') {
      int q = skipSpaces(s, m + 1, end);
      int r = q < end && isDigit(s.charAt(q)) ? seconds(s, q, end) : -1;
      if (r >= 0) {
        r = skipSpaces(s, r, end);
        if (r < end && s.charAt(r) == ']') {
          f.uptime(numSeconds, numNanos);
          m = skipCaller(s, afterBracket(s, r, end), end);
        }
      }
    }
    f.msgStart = m;
    f.escapes = Frame.RSYSLOG_ESCAPES;
    return true;
  }

  /** A tag token {@code [a, b)} ending in {@code :}: {@code ident:} or {@code ident[pid]:}. */
  private static boolean tag(String s, int a, int b, Frame f) {
    int e = b - 1;
    if (e <= a) {
      return false;
    }
    if (s.charAt(e - 1) == ']') {
      int lb = e - 2;
      long pid = 0;
      int digits = 0;
      while (lb > a && isDigit(s.charAt(lb)) && digits < 18) {
        pid += (s.charAt(lb) - '0') * pow10(digits);
        digits++;
        lb--;
      }
      if (digits > 0 && lb > a && s.charAt(lb) == '[') {
        f.identStart = a;
        f.identEnd = lb;
        f.pid = pid;
        return true;
      }
    }
    f.identStart = a;
    f.identEnd = e;
    f.pid = -1;
    return true;
  }

  /**
   * The origin a syslog tag shows: {@code kernel:} may be the kernel; {@code kernel[1234]:} never is (the kernel
   * has no pid to give; {@code journalctl} and {@code logger -i} print the writer's), nor is any other tag.
   */
  private static Origin origin(String s, Frame f) {
    if (f.identStart < 0) {
      return Origin.UNKNOWN;
    }
    return f.identEnd - f.identStart == 6 && s.startsWith("kernel", f.identStart) && f.pid < 0
        ? Origin.KERNEL_LOG
        : Origin.USERSPACE;
  }

  // ---------------------------------------------------------------- paste prefixes

  /**
   * Strips one paste prefix at {@code p}: a shell prompt, a {@code grep -n} line number, a {@code grep -H}
   * file name (with or without a line number, {@code :} for matches and {@code -} for context lines). Sets
   * {@link #lastStrict} when the prefix is certain enough to drop from a bare message too.
   *
   * @return where the rest starts, or -1 when no prefix is there
   */
  private int stripOne(String s, int p, int end) {
    lastStrict = false;
    if (p >= end) {
      return -1;
    }
    char c = s.charAt(p);
    if ((c == '$' || c == '#') && p + 1 < end && s.charAt(p + 1) == ' ') {
      lastStrict = true;
      return p + 2;
    }
    if (c == '[') {
      // [user@host dir]# or ]$
      int limit = Math.min(end, p + 128);
      boolean at = false;
      for (int i = p + 1; i < limit; i++) {
        char ch = s.charAt(i);
        if (ch == '@') {
          at = true;
        } else if (ch == ']') {
          if (at && i + 2 < end && (s.charAt(i + 1) == '#' || s.charAt(i + 1) == '$')
              && s.charAt(i + 2) == ' ') {
            lastStrict = true;
            return i + 3;
          }
          return -1;
        } else if (ch == '[') {
          return -1;
        }
      }
      return -1;
    }
    if (isDigit(c)) {
      int i = p;
      while (i < end && i - p < 10 && isDigit(s.charAt(i))) {
        i++;
      }
      if (i < end && (s.charAt(i) == ':' || s.charAt(i) == '-')) {
        boolean colon = s.charAt(i) == ':';
        i++;
        lastStrict = colon && i < end && !isDigit(s.charAt(i)) && s.charAt(i) != ' ';
        return i;
      }
      return -1;
    }
    int limit = Math.min(end, p + TOKEN_WINDOW);
    int te = p;
    int colon = -1;
    boolean at = false;
    while (te < limit && s.charAt(te) != ' ' && s.charAt(te) != '\t') {
      char ch = s.charAt(te);
      if (ch == ':' && colon < 0) {
        colon = te;
      } else if (ch == '@') {
        at = true;
      }
      te++;
    }
    if (te == p || (te == limit && limit < end)) {
      return -1;
    }
    char last = s.charAt(te - 1);
    if (at && colon > p && (last == '$' || last == '#') && te < end) {
      lastStrict = true;
      return te + 1; // user@host:~$ command
    }
    if (colon > p && fileName(s, p, colon)) {
      int after = colon + 1;
      int i = after;
      while (i < te && i - after < 10 && isDigit(s.charAt(i))) {
        i++;
      }
      if (i > after && i < end && (s.charAt(i) == ':' || s.charAt(i) == '-')) {
        after = i + 1; // file:4812: (grep -Hn)
      } else if (i > after) {
        return -1; // kworker/0:2, kworker/u8:3+events: a thread name, not file:line
      }
      lastStrict = after < end && s.charAt(after) != ' ' && certainFileName(s, p, colon);
      return after;
    }
    // context line of grep -Hn: file-4812-rest
    for (int i = p + 1; i < te; i++) {
      if (s.charAt(i) == '-' && i + 1 < te && isDigit(s.charAt(i + 1)) && fileName(s, p, i)) {
        int j = i + 1;
        while (j < te && isDigit(s.charAt(j))) {
          j++;
        }
        if (j < te && s.charAt(j) == '-') {
          return j + 1;
        }
      }
    }
    return -1;
  }

  private static boolean fileName(String s, int a, int b) {
    for (int i = a; i < b; i++) {
      char c = s.charAt(i);
      if (c == '/' || (c == '.' && i > a && i + 1 < b)) {
        return true;
      }
      if (c == '[' || c == ']' || c == '(' || c == ')' || c == '=' || c == ',') {
        return false;
      }
    }
    return false;
  }

  private static boolean certainFileName(String s, int a, int b) {
    if (s.indexOf('/', a) >= 0 && s.indexOf('/', a) < b) {
      return true;
    }
    return s.startsWith(".log", b - 4) || s.startsWith(".txt", b - 4) || s.startsWith(".out", b - 4);
  }

  // ---------------------------------------------------------------- numbers

  /** {@code digits.digits} (1 to 12 digits of seconds): sets {@link #numSeconds} and {@link #numNanos}. */
  private int seconds(String s, int q, int end) {
    long sec = 0;
    int i = q;
    while (i < end && i - q < 12 && isDigit(s.charAt(i))) {
      sec = sec * 10 + (s.charAt(i) - '0');
      i++;
    }
    if (i == q || i >= end || s.charAt(i) != '.') {
      return -1;
    }
    int r = fraction(s, i + 1, end);
    if (r < 0) {
      return -1;
    }
    numSeconds = sec;
    return r;
  }

  /** At least one fraction digit; the first nine count. Sets {@link #numNanos} and {@link #numDigits}. */
  private int fraction(String s, int q, int end) {
    int nanos = 0;
    int i = q;
    while (i < end && isDigit(s.charAt(i))) {
      if (i - q < 9) {
        nanos = nanos * 10 + (s.charAt(i) - '0');
      }
      i++;
    }
    int digits = i - q;
    if (digits == 0) {
      return -1;
    }
    for (int k = digits; k < 9; k++) {
      nanos *= 10;
    }
    numNanos = nanos;
    numDigits = digits;
    return i;
  }

  /**
   * The precision of a time with this many fraction digits.
   *
   * @param fractionDigits digits after the seconds
   * @return seconds, millis or micros
   */
  static Precision precisionOf(int fractionDigits) {
    if (fractionDigits <= 0) {
      return Precision.SECONDS;
    }
    return fractionDigits <= 3 ? Precision.MILLIS : Precision.MICROS;
  }

  /**
   * The value of some decimal digits.
   *
   * @param s the text
   * @param a where the digits start
   * @param b where they end (at most nine)
   * @return the value, or -1 if one is not a digit
   */
  static int number(String s, int a, int b) {
    if (b <= a || b - a > 9) {
      return -1;
    }
    int v = 0;
    for (int i = a; i < b; i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static long pow10(int n) {
    long v = 1;
    for (int i = 0; i < n; i++) {
      v *= 10;
    }
    return v;
  }

  /**
   * Whether {@code c} is an ASCII digit.
   *
   * @param c the character
   * @return true for {@code 0} to {@code 9}
   */
  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isLowerAlnum(char c) {
    return (c >= 'a' && c <= 'z') || isDigit(c);
  }

  /**
   * Skips spaces.
   *
   * @param s the text
   * @param i where to start
   * @param end where to stop
   * @return the first index at or after {@code i} that holds no space, or {@code end}
   */
  static int skipSpaces(String s, int i, int end) {
    while (i < end && s.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  /**
   * Skips spaces and tabs.
   *
   * @param s the text
   * @param i where to start
   * @param end where to stop
   * @return the first index at or after {@code i} that holds neither, or {@code end}
   */
  static int skipBlanks(String s, int i, int end) {
    while (i < end && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }
}
