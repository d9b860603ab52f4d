package dev.whokilled.framing;

import dev.whokilled.event.EventTime.Precision;
import dev.whokilled.event.EventTime;
import dev.whokilled.internal.Bytes;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads the framing of one stream's lines into {@link LogRecord}s. Not thread-safe: one per stream.
 *
 * <p>Every line comes out as a record, or as part of one; nothing is dropped but {@code /dev/kmsg}'s
 * {@code  KEY=value} dictionary lines, which are metadata of the record before them. A line that fits no
 * format, or not the format the {@link Framing} names, is a {@link Format#PLAIN} message of
 * {@link Origin#UNKNOWN} origin. Bad data never throws.
 *
 * <h2>Detection</h2>
 *
 * <p>In auto mode each line's format is found from fixed characters before anything else: {@code [} opens a
 * {@code dmesg} time bracket, {@code <N>} a priority, digits a {@code /dev/kmsg} header or an RFC 3339 stamp,
 * a month name a syslog stamp, a {@code dmesg -x} facility name its decoded prefix, <code>&#123;</code> a journal JSON
 * object, {@code __CURSOR=} a journal export record, and {@code Www YYYY-MM-DD hh:mm:ss… [s=…]} a
 * {@code journalctl -o verbose} header. {@code [  66.634803] host ident: message} is read as
 * {@link Format#JOURNAL_MONOTONIC} only when {@code ident} is {@code kernel} or has a {@code [pid]}, because
 * kernel messages look alike ({@code [ 1.2] usb 1-1: new high-speed USB device} stays {@link Format#DMESG});
 * once a stream has shown such a journal line, any {@code host ident:} bracket line is read as one, until a
 * line reads as plain {@code dmesg} again. A line that fits nothing has paste prefixes taken off (shell
 * prompts, {@code grep -n} numbers, {@code grep -H} file names, indentation) and is tried again; only
 * prefixes that are certain ({@code $ }, {@code 4812:} before a letter, a path) are dropped from a bare
 * message.
 *
 * <h2>Lines and records</h2>
 *
 * <ul>
 *   <li>A message with embedded line breaks ({@code /dev/kmsg}'s {@code \x0a}, rsyslog's {@code #012}, a
 *       multi-line journal {@code MESSAGE}) becomes one record per line, all with the framing and time of the
 *       whole, so that every rendering of the same kernel log yields the same records.
 *   <li>For the same reason a line indented by spaces, eight or more deeper than a {@code dmesg}, syslog or
 *       {@code journalctl} short line before it (both print the further lines of a multi-line message
 *       indented to the message column, or nearly: pastes lose a few), is a record with the framing and time
 *       of that line; its message is what follows the indentation, or the message column when it is deeper.
 *   <li>{@code dmesg -H} delta lines carry the wall time of the last {@code [Nov22 10:54]} header at
 *       {@link Precision#MINUTES}: they were printed within that minute, so this is exact, and adding deltas
 *       to the start of the minute would claim a precision the header does not have. They have no uptime.
 *   <li>A structured journal record is emitted when it ends: at the next verbose header, the blank line of the
 *       export format, the closing <code>&#125;</code> of {@code json-pretty}, or {@link #finish}. Its {@code text} is its
 *       message. Records are capped (512 field lines, a message of 64 KiB, a
 *       {@code json-pretty} object of 1024 lines or 1 MiB) with a notice when cut.
 * </ul>
 *
 * <h2>Boots</h2>
 *
 * <p>{@link LogRecord#bootIndex()} counts the reboots seen: a new boot begins at a journal record whose
 * {@code _BOOT_ID} differs from the one before; else at a kernel record {@code Linux version …} at uptime
 * zero (or with no uptime), at a {@code journalctl} {@code -- Boot …} line, or when the uptime of a family
 * of framings (kernel ring buffer, syslog, short-monotonic) falls to at most one second from more than one
 * second higher.
 *
 * @since 0.1
 */
public final class Framer {

  /** The most lines buffered for one {@code json-pretty} object. */
  static final int MAX_PRETTY_LINES = 1024;

  private static final int MAX_PRETTY_CHARS = 1 << 20;
  /** How much deeper than its record a continuation line is indented, at least. */
  private static final int MIN_INDENT = 8;
  private static final long ONE_SECOND_MICROS = 1_000_000;

  private static final int OPEN_NONE = 0;
  private static final int OPEN_VERBOSE = 1;
  private static final int OPEN_EXPORT = 2;
  private static final int OPEN_PRETTY = 3;

  private final Framing framing;
  private final String source;
  private final @Nullable Format fixed;
  private final WallClock clock;
  private final LineParser parser;
  private final Frame frame = new Frame();
  private final Escapes escapes = new Escapes();
  private final FlatJson json = new FlatJson();
  private final JournalEntry entry = new JournalEntry();

  private long lines;
  private long records;
  private boolean inSink;

  // an open structured record
  private int open = OPEN_NONE;
  private int verboseIndent;
  private int fieldIndent = -1;
  private int lastField = -1;
  private boolean lastFieldKept;
  private int valueColumn;
  private boolean exportBinary;
  private boolean chopped;
  private int gluedAt = -1;
  private final List<String> pretty = new ArrayList<>();
  private long prettyChars;

  // the record that indented lines continue, and the column they are indented to
  private @Nullable LogRecord parent;
  private int parentColumn;
  private int parentLead;
  private boolean lastKmsg;

  // dmesg -H: the last minute header
  private boolean headerKnown;
  private long headerSeconds;
  private boolean headerYearAssumed;
  private boolean headerZoneAssumed;

  private long lastSequence = -1;

  // boots
  private int bootIndex;
  private long recordsInBoot;
  private final long[] lastUptime = {-1, -1, -1, -1};
  private @Nullable String lastBootId;

  // repeated values, shared instead of copied per line
  private @Nullable String lastHost;
  private @Nullable String lastIdent;
  private @Nullable Long lastPid;

  /**
   * A framer judging year-less stamps against the current time.
   *
   * @param framing how to read
   * @param source the stream's name
   */
  Framer(Framing framing, String source) {
    this(framing, source, Instant.now());
  }

  /**
   * A framer whose year-less stamps are completed relative to {@code now} (tests pin it).
   *
   * @param framing how to read
   * @param source the stream's name
   * @param now the time a stamp must not lie more than a day after
   */
  Framer(Framing framing, String source, Instant now) {
    this.framing = framing;
    this.source = source;
    this.fixed = framing.format().orElse(null);
    this.clock = new WallClock(framing, now);
    this.parser = new LineParser(clock, fixed);
  }

  /**
   * Reads one line (without its line terminator; a trailing carriage return is ignored). Records come out
   * when complete: at once for line formats, at the end of the record for multi-line ones.
   *
   * @param line the line
   * @param sink where records go
   * @throws IllegalArgumentException if {@code line} or {@code sink} is null
   */
  public void accept(String line, FrameSink sink) {
    if (line == null) {
      throw new IllegalArgumentException("line must not be null");
    }
    if (sink == null) {
      throw new IllegalArgumentException("sink must not be null");
    }
    long no = ++lines;
    try {
      read(line, no, sink);
    } catch (RuntimeException e) {
      if (inSink) {
        inSink = false;
        throw e;
      }
      // a bug here must not cost the caller the line, nor the rest of the stream
      open = OPEN_NONE;
      parent = null;
      sink.notice(source, no, "could not read the framing of this line (" + e
          + "): kept as a bare message");
      emit(plain(no, line, line), sink);
    }
  }

  /**
   * Ends the stream: emits any record still open.
   *
   * @param sink where records go
   * @throws IllegalArgumentException if {@code sink} is null
   */
  public void finish(FrameSink sink) {
    if (sink == null) {
      throw new IllegalArgumentException("sink must not be null");
    }
    switch (open) {
      case OPEN_VERBOSE:
        flushJournal(Format.JOURNAL_VERBOSE, sink);
        break;
      case OPEN_EXPORT:
        flushJournal(Format.JOURNAL_EXPORT, sink);
        break;
      case OPEN_PRETTY:
        abandonPretty("journal JSON object not closed before the end", sink);
        break;
      default:
        break;
    }
    open = OPEN_NONE;
  }

  /**
   * How many lines this framer has read.
   *
   * @return the count
   */
  public long lines() {
    return lines;
  }

  /**
   * How many records this framer has emitted.
   *
   * @return the count
   */
  public long records() {
    return records;
  }

  /**
   * The framing this framer reads with.
   *
   * @return the framing
   */
  public Framing framing() {
    return framing;
  }

  // ------------------------------------------------------------------------------------------ quiet lines

  /**
   * For readers of raw bytes that skip the lines no parser wants, on any thread (it reads no state): whether the
   * line {@code b[start, end)} is a plain {@code dmesg} line ({@code [ uptime] message}, more than a second after
   * boot, its message not starting with the printk caller's id nor {@code Linux version}, not a
   * {@code journalctl -o short-monotonic} line's {@code host kernel: …} or {@code host tag[pid]: …}) that no
   * framing state other than {@link #quiet() this} can make read otherwise. Returns where its message starts, or -1;
   * sets {@code out[0]} to its uptime in microseconds. The test of a journal line's shape is spared when the caller
   * knows the line holds neither {@code " kernel:"} nor {@code "]:"}, one of which such a line has, and the reading
   * of the uptime's digits when the caller does not want it (then a line in the form {@code dmesg} prints is read
   * sixteen bytes at a time).
   *
   * @param b the bytes
   * @param start where the line starts
   * @param end where it ends, without its line terminator
   * @param out one long for the uptime, or null when it is not wanted
   * @param journalWords false when the line holds neither {@code " kernel:"} nor {@code "]:"}
   * @return the index in {@code b} where the message starts, or -1
   */
  public static int quietShape(byte[] b, int start, int end, long @Nullable [] out, boolean journalWords) {
    if (out == null) {
      int m = canonical(b, start, end);
      if (m >= 0) {
        return journalWords && monotonicShape(b, m, end) ? -1 : m;
      }
    }
    if (end - start < 4 || b[start] != '[') {
      return -1;
    }
    int q = start + 1;
    while (q < end && b[q] == ' ') {
      q++;
    }
    long sec = 0;
    int d = q;
    while (q < end && q - d < 12 && b[q] >= '0' && b[q] <= '9') {
      sec = sec * 10 + (b[q] - '0');
      q++;
    }
    if (q == d || q >= end || b[q] != '.') {
      return -1;
    }
    q++;
    int f = q;
    int nanos = 0;
    while (q < end && b[q] >= '0' && b[q] <= '9') {
      if (q - f < 9) {
        nanos = nanos * 10 + (b[q] - '0');
      }
      q++;
    }
    if (q == f) {
      return -1;
    }
    for (int k = q - f; k < 9; k++) {
      nanos *= 10;
    }
    while (q < end && b[q] == ' ') {
      q++;
    }
    if (q >= end || b[q] != ']') {
      return -1;
    }
    int m = q + 1 < end && b[q + 1] == ' ' ? q + 2 : q + 1;
    long up = micros(sec, nanos);
    if (up <= ONE_SECOND_MICROS || caller(b, m, end) || Bytes.startsWith(b, m, end, LINUX_VERSION)) {
      return -1;
    }
    if (journalWords && monotonicShape(b, m, end)) {
      return -1;
    }
    if (out != null) {
      out[0] = up;
    }
    return m;
  }

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGHS = 0x8080808080808080L;
  private static final long LOWS = 0x7f7f7f7f7f7f7f7fL;
  /** Bytes 1 to 5, and 1 to 6, of a word: the seconds of {@code [%5lu.%06lu]} and of six digits. */
  private static final long SECONDS_5 = 0x0000808080808000L;
  private static final long SECONDS_6 = 0x0080808080808000L;
  private static final long DOT_AT_6 = 0x002e000000000000L;
  private static final long DOT_AT_7 = 0x2e00000000000000L;

  /**
   * The message start of a line in the form {@code dmesg} prints, {@code [%5lu.%06lu] message} (or with six digits of
   * seconds), more than a second after boot, its message not starting with {@code [} or {@code Linux version}; -1 for
   * any other line, which {@link #quietShape} then reads byte by byte (a {@code [} may be the printk caller's id).
   * Sixteen bytes at a time: no loop, no branch on a digit.
   */
  private static int canonical(byte[] b, int start, int end) {
    if (end - start < 17 || b[start] != '[') {
      return -1;
    }
    long w0 = (long) LONGS.get(b, start);
    long w1 = (long) LONGS.get(b, start + 8);
    long digits0 = digits(w0);
    long digits1 = digits(w1);
    long spaces0 = zeros(w0 ^ 0x2020202020202020L);
    long seconds;
    int m;
    if ((w0 & 0x00ff000000000000L) == DOT_AT_6) {
      // [sssss.uuuuuu] : micros in bytes 7 and 8..12, ']' at 13, ' ' at 14
      if ((digits0 & 0x8000000000000000L) == 0 || (digits1 & 0x0000008080808080L) != 0x0000008080808080L
          || (w1 & 0x00ffff0000000000L) != 0x00205d0000000000L) {
        return -1;
      }
      seconds = SECONDS_5;
      m = start + 15;
    } else if ((w0 & 0xff00000000000000L) == DOT_AT_7) {
      // [ssssss.uuuuuu] : micros in bytes 8..13, ']' at 14, ' ' at 15
      if ((digits1 & 0x0000808080808080L) != 0x0000808080808080L
          || (w1 & 0xffff000000000000L) != 0x205d000000000000L) {
        return -1;
      }
      seconds = SECONDS_6;
      m = start + 16;
    } else {
      return -1;
    }
    long d = digits0 & seconds;
    long sp = spaces0 & seconds;
    // spaces, then at least one digit, and nothing else
    if (d == 0 || (d | sp) != seconds || (sp & -(d & -d)) != 0) {
      return -1;
    }
    // a first digit 0 (a leading zero, or 0 seconds), or 1 alone, may be the first second of a boot: read in full
    long lead = w0 >>> (Long.numberOfTrailingZeros(d) - 7) & 0xff;
    if (lead == '0' || lead == '1' && Long.bitCount(d) == 1) {
      return -1;
    }
    byte first = b[m];
    return first == '[' || first == 'L' && Bytes.startsWith(b, m, end, LINUX_VERSION) ? -1 : m;
  }

  /** A high bit for each byte of {@code w} that is zero. */
  private static long zeros(long w) {
    return ~(((w & LOWS) + LOWS) | w) & HIGHS;
  }

  /** A high bit for each byte of {@code w} that is an ASCII digit. */
  private static long digits(long w) {
    long t = w ^ 0x3030303030303030L;
    return ~(((t & LOWS) + 0x7676767676767676L) | t) & HIGHS;
  }

  /**
   * Whether a line {@link #quietShape} accepted reads as it said in this framer's state, so that it may be skipped:
   * no multi-line journal record is open, the framing is automatic or {@code dmesg}, and the stream has not shown
   * itself to be a journal (where a line such as {@code [  66.6] usb 1-1: new device} reads as
   * {@code journalctl -o short-monotonic}'s {@code host tag: message}).
   *
   * @return whether to count the line with {@link #skipQuiet(long, long)}
   */
  public boolean quiet() {
    return open == OPEN_NONE && (fixed == null ? !parser.monotonicStream : fixed == Format.DMESG);
  }

  /**
   * Whether a message may start with the printk caller's id ({@code [  T123] }, {@code [ C0] }), which
   * {@link LineParser} takes off: a {@code [}, spaces, then {@code T} or {@code C}.
   */
  private static boolean caller(byte[] b, int m, int end) {
    if (m >= end || b[m] != '[') {
      return false;
    }
    int i = m + 1;
    while (i < end && b[i] == ' ') {
      i++;
    }
    return i < end && (b[i] == 'T' || b[i] == 'C');
  }

  private static final byte[] LINUX_VERSION = {'L', 'i', 'n', 'u', 'x', ' ', 'v', 'e', 'r', 's', 'i', 'o', 'n', ' '};

  /**
   * Whether {@link LineParser}'s short-monotonic test takes the message {@code b[m, end)} as {@code host tag: text}
   * in any stream: its tag is {@code kernel:} or ends with {@code ]:} (a tag with neither reads so only once the
   * stream has shown itself to be a journal, which {@link #quiet()} answers for).
   */
  private static boolean monotonicShape(byte[] b, int m, int end) {
    int limit = Math.min(end, m + LineParser.TOKEN_WINDOW);
    int h = m;
    while (h < limit) {
      byte c = b[h];
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
    limit = Math.min(end, i0 + LineParser.TOKEN_WINDOW);
    while (i1 < limit && b[i1] != ' ') {
      i1++;
    }
    if (i1 - i0 < 2 || b[i1 - 1] != ':' || (i1 < end && b[i1] != ' ')) {
      return false;
    }
    if (i1 - i0 == 7 && b[i0] == 'k' && b[i0 + 1] == 'e' && b[i0 + 2] == 'r' && b[i0 + 3] == 'n'
        && b[i0 + 4] == 'e' && b[i0 + 5] == 'l') {
      return true;
    }
    int e = i1 - 1;
    return e - 1 > i0 && b[e - 1] == ']';
  }

  /**
   * Counts lines {@link #quietShape} and {@link #quiet} accepted as read, without making records of them: their
   * line numbers, the uptime of the last for boot detection, and the framing they leave the stream in. The caller
   * must not skip a line before one that starts with a space (which may continue the skipped line's record); when
   * it reads the line after the skipped ones next, the uptime given does not matter.
   *
   * @param n how many lines, at least one
   * @param lastUptime the uptime of the last, in microseconds
   */
  public void skipQuiet(long n, long lastUptime) {
    lines += n;
    records += n;
    recordsInBoot += n;
    this.lastUptime[family(Format.DMESG)] = lastUptime; // quiet lines are dmesg's
    parser.monotonicStream = false;
    lastKmsg = false;
    parent = null;
  }

  // ------------------------------------------------------------------------------------------ lines

  private void read(String line, long no, FrameSink sink) {
    int end = line.length();
    if (end > 0 && line.charAt(end - 1) == '\r') {
      end--;
    }
    switch (open) {
      case OPEN_PRETTY:
        prettyLine(line, end, no, sink);
        return;
      case OPEN_VERBOSE:
        if (verboseField(line, 0, end)) {
          return;
        }
        flushJournal(Format.JOURNAL_VERBOSE, sink);
        break;
      case OPEN_EXPORT:
        if (exportField(line, end, no, sink)) {
          return;
        }
        flushJournal(Format.JOURNAL_EXPORT, sink);
        break;
      default:
        break;
    }
    if (lastKmsg && end > 2 && line.charAt(0) == ' ' && dictionaryLine(line, end)) {
      return;
    }
    LogRecord up = parent;
    if (up != null && end > 0 && line.charAt(0) == ' ') {
      int lead = LineParser.skipSpaces(line, 0, end);
      if (lead < end && lead >= parentLead + MIN_INDENT) {
        emit(continuation(up, no, line, line.substring(Math.min(lead, parentColumn), end)), sink);
        return;
      }
    }
    if (structured(line, end, no, sink)) {
      return;
    }
    parser.detect(line, end, frame);
    emitFrame(line, end, no, sink);
  }

  /** {@code /dev/kmsg} dictionary: {@code  KEY=value}. */
  private static boolean dictionaryLine(String line, int end) {
    int k = 1;
    while (k < end && keyChar(line.charAt(k))) {
      k++;
    }
    return k > 1 && k < end && line.charAt(k) == '=';
  }

  /** Starts of the structured journal formats; true when the line was taken. */
  private boolean structured(String line, int end, long no, FrameSink sink) {
    int p = LineParser.skipBlanks(line, 0, end);
    if (p >= end) {
      return false;
    }
    char c = line.charAt(p);
    if ((c == '{' || c == '\u001e') && allow(Format.JOURNAL_JSON)) {
      return jsonLine(line, p, end, no, sink);
    }
    if (p == 0 && allow(Format.JOURNAL_EXPORT)
        && (fixed == Format.JOURNAL_EXPORT ? keyEquals(line, end) : line.startsWith("__CURSOR="))) {
      entry.clear();
      entry.line = no;
      open = OPEN_EXPORT;
      exportBinary = false;
      exportField(line, end, no, sink);
      return true;
    }
    if (Character.isLetter(c) && allow(Format.JOURNAL_VERBOSE) && verboseHeader(line, p, end)) {
      entry.line = no;
      open = OPEN_VERBOSE;
      verboseIndent = p;
      fieldIndent = -1;
      lastField = -1;
      if (gluedAt >= 0 && gluedAt < end) {
        verboseField(line, gluedAt, end);
      }
      return true;
    }
    return false;
  }

  private boolean allow(Format format) {
    return fixed == null || fixed == format;
  }

  private void emitFrame(String line, int end, long no, FrameSink sink) {
    Frame f = frame;
    if (f.relativeHeader) {
      headerKnown = f.hasWall;
      headerSeconds = f.wallSeconds;
      headerYearAssumed = f.yearAssumed;
      headerZoneAssumed = f.zoneAssumed;
    } else if (f.relativeDelta && headerKnown) {
      f.wall(headerSeconds, 0, Precision.MINUTES, headerYearAssumed, headerZoneAssumed);
    }
    if (f.format == Format.JOURNAL_MONOTONIC) {
      parser.monotonicStream = true;
    } else if (f.format == Format.DMESG) {
      parser.monotonicStream = false;
    }
    if (f.format == Format.KMSG) {
      if (lastSequence >= 0 && f.sequence > lastSequence + 1) {
        sink.notice(source, no, "kernel log records " + (lastSequence + 1) + ".." + (f.sequence - 1)
            + " were overwritten before they were read");
      }
      lastSequence = f.sequence;
    }
    String message;
    switch (f.escapes) {
      case Frame.KMSG_ESCAPES:
        message = escapes.kmsg(line, f.msgStart, end);
        break;
      case Frame.RSYSLOG_ESCAPES:
        message = escapes.rsyslog(line, f.msgStart, end);
        break;
      default:
        message = line.substring(f.msgStart, end);
        break;
    }
    String host = f.hostStart < 0 ? null : host(line, f.hostStart, f.hostEnd);
    String ident = f.identStart < 0 ? null : ident(line, f.identStart, f.identEnd);
    Long pid = pid(f.pid);
    EventTime time = time(f);
    boot(f.format, f.origin, message, f.hasUptime ? micros(f.upSeconds, f.upNanos) : -1, null);
    int nl = f.escapes == Frame.NO_ESCAPES ? -1 : message.indexOf('\n');
    String first = nl < 0 ? message : message.substring(0, nl);
    LogRecord record = new LogRecord(source, no, line, first, f.format, f.origin, time, host, ident, pid,
        f.facility, f.level, bootIndex, f.sequence);
    emit(record, sink);
    while (nl >= 0) {
      int next = message.indexOf('\n', nl + 1);
      String part = next < 0 ? message.substring(nl + 1) : message.substring(nl + 1, next);
      // each further line of the message is its own text (as the lines of a multi-line record are): were it the
      // whole physical line, a line of n escaped breaks would hand the parsers n copies of n breaks to scan
      emit(continuation(record, no, part, part), sink);
      nl = next;
    }
    lastKmsg = f.format == Format.KMSG;
    switch (f.format) {
      case DMESG:
      case DMESG_RAW:
      case DMESG_CTIME:
      case DMESG_RELATIVE:
      case DMESG_DECODED:
      case JOURNAL_MONOTONIC:
      case SYSLOG:
      case SYSLOG_ISO:
        parent = f.msgStart > 0 ? record : null;
        parentColumn = f.msgStart;
        parentLead = LineParser.skipBlanks(line, 0, end);
        break;
      default:
        parent = null;
        break;
    }
  }

  private LogRecord continuation(LogRecord of, long no, String text, String message) {
    return new LogRecord(source, no, text, message, of.format(), of.origin(), of.time(), of.host(),
        of.identifier(), of.senderPid(), of.facility(), of.level(), of.bootIndex(), of.sequence(),
        of.writerComm());
  }

  private LogRecord plain(long no, String text, String message) {
    return new LogRecord(source, no, text, message, Format.PLAIN, Origin.UNKNOWN, EventTime.UNKNOWN, null,
        null, null, -1, -1, bootIndex, -1);
  }

  private void emit(LogRecord record, FrameSink sink) {
    inSink = true;
    sink.record(record);
    inSink = false;
    records++;
  }

  private static EventTime time(Frame f) {
    if (!f.hasWall && !f.hasUptime) {
      return EventTime.UNKNOWN;
    }
    Instant wall = f.hasWall ? Instant.ofEpochSecond(f.wallSeconds, f.wallNanos) : null;
    Duration uptime = f.hasUptime ? Duration.ofSeconds(f.upSeconds, f.upNanos) : null;
    return new EventTime(wall, wall == null ? Precision.NONE : f.precision, wall != null && f.yearAssumed,
        wall != null && f.zoneAssumed, uptime, null);
  }

  private static long micros(long seconds, int nanos) {
    return seconds >= 1_000_000_000_000L ? Long.MAX_VALUE / 4 : seconds * 1_000_000 + nanos / 1000;
  }

  private String host(String line, int a, int b) {
    String h = lastHost;
    if (h != null && h.length() == b - a && line.startsWith(h, a)) {
      return h;
    }
    h = line.substring(a, b);
    lastHost = h;
    return h;
  }

  private String ident(String line, int a, int b) {
    String h = lastIdent;
    if (h != null && h.length() == b - a && line.startsWith(h, a)) {
      return h;
    }
    h = line.substring(a, b);
    lastIdent = h;
    return h;
  }

  private @Nullable Long pid(long pid) {
    if (pid < 0) {
      return null;
    }
    Long p = lastPid;
    if (p != null && p == pid) {
      return p;
    }
    p = pid;
    lastPid = p;
    return p;
  }

  // ------------------------------------------------------------------------------------------ boots

  private static int family(Format format) {
    switch (format) {
      case DMESG:
      case DMESG_RAW:
      case DMESG_RELATIVE:
      case DMESG_DECODED:
      case KMSG:
        return 0;
      case SYSLOG:
      case SYSLOG_ISO:
        return 1;
      case JOURNAL_MONOTONIC:
        return 2;
      case JOURNAL_VERBOSE:
      case JOURNAL_JSON:
      case JOURNAL_EXPORT:
        return 3;
      default:
        return -1;
    }
  }

  private void boot(Format format, Origin origin, String message, long upMicros, @Nullable String bootId) {
    boolean fresh = false;
    if (bootId != null) {
      fresh = lastBootId != null && !lastBootId.equals(bootId);
      lastBootId = bootId;
    } else if (format == Format.PLAIN) {
      if (message.startsWith("-- Boot ") || message.equals("-- Reboot --")) {
        // journalctl's separator opens the boot; the kernel's banner after it must not open another
        if (recordsInBoot > 0) {
          bootIndex++;
          recordsInBoot = 0;
          Arrays.fill(lastUptime, -1);
        }
        return;
      }
    } else if (origin != Origin.USERSPACE && message.startsWith("Linux version ") && upMicros <= 0) {
      fresh = true;
    }
    int family = bootId == null ? family(format) : -1;
    if (upMicros >= 0 && family >= 0) {
      long last = lastUptime[family];
      if (last >= 0 && upMicros <= ONE_SECOND_MICROS && last - upMicros > ONE_SECOND_MICROS) {
        fresh = true;
      }
    }
    if (fresh && recordsInBoot > 0) {
      bootIndex++;
      recordsInBoot = 0;
      Arrays.fill(lastUptime, -1);
    }
    if (upMicros >= 0 && family >= 0) {
      lastUptime[family] = upMicros;
    }
    recordsInBoot++;
  }

  // ------------------------------------------------------------------------------------------ journal

  private boolean jsonLine(String line, int p, int end, long no, FrameSink sink) {
    int q = p;
    if (line.charAt(q) == '\u001e') { // -o json-seq
      q = LineParser.skipBlanks(line, q + 1, end);
      if (q >= end || line.charAt(q) != '{') {
        return false;
      }
    }
    if (q == 0 && LineParser.skipBlanks(line, 1, end) == end) {
      open = OPEN_PRETTY;
      pretty.clear();
      pretty.add(line);
      prettyChars = line.length();
      entry.clear();
      entry.line = no;
      return true;
    }
    entry.clear();
    entry.line = no;
    if (!json.read(line, q, end, entry)) {
      if (fixed == Format.JOURNAL_JSON || line.indexOf("\"MESSAGE\"", q) >= 0
          || line.indexOf("\"__CURSOR\"", q) >= 0) {
        sink.notice(source, no, "unreadable journal JSON (" + json.error + "): kept as a bare message");
        emit(plain(no, line, line.substring(p, end)), sink);
        parent = null;
        lastKmsg = false;
        return true;
      }
      return false;
    }
    if (!entry.isJournal()) {
      return false;
    }
    journalRecord(Format.JOURNAL_JSON, line, sink);
    return true;
  }

  private void prettyLine(String line, int end, long no, FrameSink sink) {
    pretty.add(line);
    prettyChars += line.length();
    if (end >= 1 && line.charAt(0) == '}' && LineParser.skipBlanks(line, 1, end) == end) {
      open = OPEN_NONE;
      StringBuilder all = new StringBuilder((int) Math.min(prettyChars + pretty.size(), MAX_PRETTY_CHARS * 2L));
      for (String l : pretty) {
        all.append(l).append('\n');
      }
      String text = all.toString();
      if (json.read(text, 0, text.length(), entry) && entry.isJournal()) {
        pretty.clear();
        journalRecord(Format.JOURNAL_JSON, null, sink);
        return;
      }
      abandonPretty(fixed == Format.JOURNAL_JSON || entry.isJournal()
          ? "unreadable journal JSON (" + json.error + "): kept as bare messages"
          : null, sink);
      return;
    }
    if (pretty.size() > MAX_PRETTY_LINES || prettyChars > MAX_PRETTY_CHARS) {
      abandonPretty("journal JSON object longer than " + MAX_PRETTY_LINES
          + " lines or 1 MiB: kept as bare messages", sink);
    }
  }

  /** Gives up on a buffered {@code json-pretty} object: its lines are read one by one, nothing lost. */
  private void abandonPretty(@Nullable String why, FrameSink sink) {
    open = OPEN_NONE;
    long first = entry.line;
    if (why != null) {
      sink.notice(source, first, why);
    }
    List<String> held = new ArrayList<>(pretty);
    pretty.clear();
    for (int i = 0; i < held.size(); i++) {
      String l = held.get(i);
      int end = l.length();
      if (end > 0 && l.charAt(end - 1) == '\r') {
        end--;
      }
      parser.detect(l, end, frame);
      emitFrame(l, end, first + i, sink);
    }
  }

  private boolean verboseHeader(String line, int p, int end) {
    int w = p;
    while (w < end && w - p < 16 && line.charAt(w) != ' ') {
      w++;
    }
    int d = w + 1;
    if (w == p || d + 19 > end || line.charAt(w) != ' ' || line.charAt(d + 4) != '-'
        || line.charAt(d + 7) != '-' || line.charAt(d + 10) != ' ' || line.charAt(d + 13) != ':'
        || line.charAt(d + 16) != ':') {
      return false;
    }
    int cursor = line.indexOf(" [s=", d + 19);
    if (cursor < 0 || cursor - d > 64) {
      return false;
    }
    // the cursor ends with ']', or with the '>' of a pager that chopped the line (less -S); then the
    // next field line is glued on after it
    int ce = cursor + 2;
    while (ce < end && line.charAt(ce) != ']' && line.charAt(ce) != '>') {
      ce++;
    }
    if (ce >= end) {
      return false;
    }
    boolean cut = line.charAt(ce) == '>';
    if (!cut && LineParser.skipBlanks(line, ce + 1, end) != end) {
      return false;
    }
    int year = LineParser.number(line, d, d + 4);
    int month = LineParser.number(line, d + 5, d + 7);
    int day = LineParser.number(line, d + 8, d + 10);
    int hour = LineParser.number(line, d + 11, d + 13);
    int minute = LineParser.number(line, d + 14, d + 16);
    int second = LineParser.number(line, d + 17, d + 19);
    if ((year | month | day | hour | minute | second) < 0) {
      return false;
    }
    entry.clear();
    int i = d + 19;
    int nanos = 0;
    int digits = 0;
    if (i < end && line.charAt(i) == '.') {
      int j = i + 1;
      while (j < end && LineParser.isDigit(line.charAt(j))) {
        if (j - i <= 9) {
          nanos = nanos * 10 + (line.charAt(j) - '0');
        }
        j++;
      }
      digits = Math.min(j - i - 1, 9);
      for (int k = digits; k < 9; k++) {
        nanos *= 10;
      }
      i = j;
    }
    // zone: UTC, GMT, +hhmm; an abbreviation such as CET or CST is ambiguous: the time is read in the
    // framing's zone and marked assumed (the cursor's t= field, when there, is exact and wins anyway)
    int z = i < end && line.charAt(i) == ' ' ? i + 1 : i;
    int ze = line.indexOf(' ', z);
    if (ze < 0 || ze > cursor) {
      ze = cursor;
    }
    boolean ok;
    boolean zoneAssumed = false;
    if ((ze - z == 3 && (line.startsWith("UTC", z) || line.startsWith("GMT", z)))
        || (ze - z == 1 && line.charAt(z) == 'Z')) {
      ok = clock.withOffset(year, month, day, hour, minute, second, 0);
    } else if (ze - z == 5 && (line.charAt(z) == '+' || line.charAt(z) == '-')
        && LineParser.number(line, z + 1, z + 5) >= 0) {
      int off = LineParser.number(line, z + 1, z + 3) * 3600 + LineParser.number(line, z + 3, z + 5) * 60;
      ok = clock.withOffset(year, month, day, hour, minute, second, line.charAt(z) == '-' ? -off : off);
    } else {
      ok = clock.local(year, month, day, hour, minute, second);
      zoneAssumed = true;
    }
    if (ok) {
      entry.headerWall = true;
      entry.headerSeconds = clock.epochSecond;
      entry.headerNanos = nanos;
      entry.headerPrecision = LineParser.precisionOf(digits);
      entry.headerZoneAssumed = zoneAssumed;
    }
    // cursor: s=…;i=…;b=<boot id>;m=<monotonic µs, hex>;t=<realtime µs, hex>;x=…
    int c = cursor + 2;
    while (c < ce) {
      int semi = line.indexOf(';', c);
      if (semi < 0 || semi > ce) {
        if (cut) {
          break; // the last value may have been cut short
        }
        semi = ce;
      }
      if (semi - c > 2 && line.charAt(c + 1) == '=') {
        char key = line.charAt(c);
        if (key == 'b') {
          entry.set(JournalEntry.BOOT_ID, line.substring(c + 2, semi));
        } else if (key == 'm') {
          entry.cursorMonotonic = hex(line, c + 2, semi);
        } else if (key == 't') {
          entry.cursorRealtime = hex(line, c + 2, semi);
        }
      }
      c = semi + 1;
    }
    chopped = cut;
    gluedAt = cut ? ce + 1 : -1;
    return true;
  }

  private static long hex(String s, int a, int b) {
    if (b - a > 15 || b <= a) {
      return -1;
    }
    long v = 0;
    for (int i = a; i < b; i++) {
      int h = Escapes.hex(s.charAt(i));
      if (h < 0) {
        return -1;
      }
      v = v << 4 | h;
    }
    return v;
  }

  /**
   * A field line of an open verbose record, from {@code from} on; false when the line ends the record. Blank
   * lines are part of the record (some versions print one after the header).
   */
  private boolean verboseField(String line, int from, int end) {
    int ws = LineParser.skipBlanks(line, from, end);
    if (ws >= end) {
      return true;
    }
    int indent = ws - from;
    if (from == 0 && indent <= verboseIndent) {
      return false;
    }
    if (++entry.fieldLines > JournalEntry.MAX_FIELD_LINES) {
      return true;
    }
    int k = ws;
    while (k < end && keyChar(line.charAt(k))) {
      k++;
    }
    if (k > ws && k < end && line.charAt(k) == '=' && (fieldIndent < 0 || indent == fieldIndent)) {
      if (fieldIndent < 0) {
        fieldIndent = indent;
      }
      int valueEnd = end;
      int glued = chopped ? glued(line, k + 1, end) : -1;
      if (glued >= 0) {
        valueEnd = glued - 1; // without the pager's '>'
      }
      lastField = JournalEntry.field(line, ws, k);
      lastFieldKept = lastField >= 0 && entry.get(lastField) == null;
      valueColumn = k + 1 - from;
      if (lastFieldKept) {
        entry.set(lastField, line.substring(k + 1, valueEnd));
      }
      if (glued >= 0) {
        verboseField(line, glued, end);
      }
      return true;
    }
    // the further lines of a multi-line value are indented to the column after "KEY="
    if (lastField == JournalEntry.MESSAGE && lastFieldKept) {
      entry.appendMessage(line, from + Math.min(indent, valueColumn), end);
    }
    return true;
  }

  /** In a pager-chopped verbose record, where a field glued on after a {@code >} starts, or -1. */
  private static int glued(String line, int from, int end) {
    int i = line.indexOf('>', from);
    while (i >= 0 && i + 1 < end) {
      int ws = LineParser.skipBlanks(line, i + 1, end);
      if (ws - i - 1 >= 2) {
        int k = ws;
        while (k < end && keyChar(line.charAt(k))) {
          k++;
        }
        if (k > ws && k < end && line.charAt(k) == '=') {
          return i + 1;
        }
      }
      i = line.indexOf('>', i + 1);
    }
    return -1;
  }

  /** A line of an open export record; false when the line is no part of it. */
  private boolean exportField(String line, int end, long no, FrameSink sink) {
    int k = 0;
    while (k < end && keyChar(line.charAt(k))) {
      k++;
    }
    boolean field = k > 0 && k < end && line.charAt(k) == '=';
    if (field && entry.fieldLines > 0 && line.startsWith("__CURSOR=")) {
      return false; // a new record, even where the blank line between was lost
    }
    if (exportBinary && !field) {
      // the length and bytes of a binary field, split into lines wherever they held a newline byte
      return true;
    }
    if (end == 0) {
      flushJournal(Format.JOURNAL_EXPORT, sink);
      return true;
    }
    if (field) {
      exportBinary = false;
      if (++entry.fieldLines <= JournalEntry.MAX_FIELD_LINES) {
        int index = JournalEntry.field(line, 0, k);
        if (index >= 0) {
          entry.set(index, line.substring(k + 1, end));
        }
      }
      return true;
    }
    if (k > 0 && k == end) {
      exportBinary = true;
      entry.fieldLines++;
      sink.notice(source, no, "binary journal field " + line.substring(0, Math.min(k, 64))
          + " skipped: its bytes do not survive being read as lines");
      return true;
    }
    return false;
  }

  private static boolean keyEquals(String line, int end) {
    int k = 0;
    while (k < end && keyChar(line.charAt(k))) {
      k++;
    }
    return k > 0 && k < end && line.charAt(k) == '=';
  }

  private static boolean keyChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  private void flushJournal(Format format, FrameSink sink) {
    open = OPEN_NONE;
    if (entry.fieldLines > JournalEntry.MAX_FIELD_LINES) {
      sink.notice(source, entry.line, "journal record has more than " + JournalEntry.MAX_FIELD_LINES
          + " field lines: the rest were skipped");
    }
    journalRecord(format, null, sink);
  }

  /** Emits the gathered entry; {@code text} is the line for one-line JSON, else the message is the text. */
  private void journalRecord(Format format, @Nullable String text, FrameSink sink) {
    JournalEntry e = entry;
    long no = e.line;
    if (e.messageCut) {
      sink.notice(source, no, "journal message cut to " + JournalEntry.MAX_MESSAGE + " characters");
    }
    String transport = e.get(JournalEntry.TRANSPORT);
    String ident = e.get(JournalEntry.IDENTIFIER);
    if (ident == null) {
      ident = e.get(JournalEntry.COMM);
    }
    long pid = JournalEntry.decimal(e.get(JournalEntry.PID));
    if (pid < 0) {
      pid = JournalEntry.decimal(e.get(JournalEntry.SYSLOG_PID));
    }
    Origin origin;
    if (transport != null) {
      origin = transport.equals("kernel") ? Origin.KERNEL : Origin.USERSPACE;
    } else if (ident != null) {
      origin = ident.equals("kernel") ? Origin.KERNEL_LOG : Origin.USERSPACE;
    } else {
      origin = Origin.UNKNOWN;
    }
    long facility = JournalEntry.decimal(e.get(JournalEntry.FACILITY));
    if (facility < 0 || facility > 127) {
      facility = "kernel".equals(transport) ? 0 : -1;
    }
    long level = JournalEntry.decimal(e.get(JournalEntry.PRIORITY));
    if (level > 7) {
      level = -1;
    }
    long sourceUp = JournalEntry.decimal(e.get(JournalEntry.SOURCE_MONOTONIC));
    long received = JournalEntry.decimal(e.get(JournalEntry.MONOTONIC));
    if (received < 0) {
      received = e.cursorMonotonic;
    }
    long up = sourceUp >= 0 ? sourceUp : received;
    long real = JournalEntry.decimal(e.get(JournalEntry.SOURCE_REALTIME));
    if (real < 0) {
      real = JournalEntry.decimal(e.get(JournalEntry.REALTIME));
      if (real < 0) {
        real = e.cursorRealtime;
      }
      if (real >= 0 && sourceUp >= 0 && received >= sourceUp) {
        // journald stamps a kernel record with the time it read it, which is seconds or minutes late when it
        // imported the ring buffer at its start; its own two clocks at that moment give the boot, and the
        // kernel's time since boot the true time
        real -= received - sourceUp;
      }
    }
    Instant wall = null;
    Precision precision = Precision.NONE;
    boolean zoneAssumed = false;
    if (real >= 0) {
      wall = Instant.ofEpochSecond(real / 1_000_000, (real % 1_000_000) * 1000);
      precision = Precision.MICROS;
    } else if (e.headerWall) {
      wall = Instant.ofEpochSecond(e.headerSeconds, e.headerNanos);
      precision = e.headerPrecision;
      zoneAssumed = e.headerZoneAssumed;
    }
    String bootId = e.get(JournalEntry.BOOT_ID);
    Duration uptime = up >= 0 ? Duration.ofSeconds(up / 1_000_000, (up % 1_000_000) * 1000) : null;
    EventTime time = wall == null && uptime == null && bootId == null
        ? EventTime.UNKNOWN
        : new EventTime(wall, precision, false, zoneAssumed, uptime, bootId);
    String message = e.message();
    boot(format, origin, message, up, bootId);
    int nl = message.indexOf('\n');
    String first = nl < 0 ? message : message.substring(0, nl);
    LogRecord record = new LogRecord(source, no, text != null ? text : first, first, format, origin, time,
        e.get(JournalEntry.HOSTNAME), ident, pid < 0 ? null : pid, (int) facility, (int) level, bootIndex,
        -1, e.get(JournalEntry.COMM));
    emit(record, sink);
    while (nl >= 0) {
      int next = message.indexOf('\n', nl + 1);
      String part = next < 0 ? message.substring(nl + 1) : message.substring(nl + 1, next);
      emit(continuation(record, no, text != null ? text : part, part), sink);
      nl = next;
    }
    parent = null;
    lastKmsg = false;
  }
}
