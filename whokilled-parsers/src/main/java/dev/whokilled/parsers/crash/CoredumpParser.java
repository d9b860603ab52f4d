package dev.whokilled.parsers.crash;

import dev.whokilled.event.Crash;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.parsers.text.Text;
import dev.whokilled.spi.EventSink;
import dev.whokilled.spi.KillParser;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads systemd-coredump's reports into {@link Crash} events: its journal messages ({@code Process 1234 (foo) of
 * user 1000 dumped core.} and the stack that follows, whether one multi-line message or separate syslog lines),
 * {@code coredumpctl list} tables of every era and {@code coredumpctl info} blocks.
 *
 * <p>Newer systemd first logs {@code … terminated abnormally with signal 6/ABRT, processing...} and, once the
 * core is written (seconds or minutes later), {@code … dumped core.}: the two are one crash, emitted when the
 * second comes (or, if it never does, after {@link #WAIT_RECORDS} records, ten minutes of log time, or at the
 * end). The stack kept is the first thread's (systemd-coredump prints the crashing thread first), at most
 * {@link #MAX_FRAMES} frames; its top frame gives the crash's instruction pointer and mapping.
 */
final class CoredumpParser implements KillParser {

  /** Frames kept of the crashing thread's stack. */
  static final int MAX_FRAMES = 32;
  /** Records a {@code processing...} message waits for its {@code dumped core.}. */
  static final int WAIT_RECORDS = 5000;
  /** Log time a {@code processing...} message waits for its {@code dumped core.}. */
  static final Duration WAIT_TIME = Duration.ofMinutes(10);
  /** Crashes waiting at once; past it the oldest is emitted. */
  static final int MAX_PENDING = 256;

  private final int maxBlockLines;
  private final Map<Long, Draft> pending = new LinkedHashMap<>();
  private @Nullable Draft stack;
  private @Nullable Draft info;
  private boolean infoMessage;
  private boolean wrappedValue;
  private int table = NO_TABLE;
  private boolean tableMtime;

  private static final int NO_TABLE = 0;
  private static final int COREFILE = 1;
  private static final int PRESENT = 2;

  /**
   * A parser for one stream.
   *
   * @param maxBlockLines the most lines kept of one stack or {@code coredumpctl info} block
   */
  CoredumpParser(int maxBlockLines) {
    this.maxBlockLines = Math.max(1, maxBlockLines);
  }

  /** A crash as it is read. */
  private static final class Draft {
    long pid;
    @Nullable String comm;
    @Nullable Integer uid;
    @Nullable String cgroup;
    @Nullable String unit;
    @Nullable Signal signal;
    @Nullable Boolean coreDumped;
    EventTime time;
    final List<LogRecord> evidence = new ArrayList<>(4);
    final List<String> frames = new ArrayList<>();
    CoredumpText.@Nullable Frame top;
    /** The crashing thread (systemd-coredump prints it first), when it is not the leader. */
    @Nullable Long tid;
    boolean threadStarted;
    boolean inMetadata;
    boolean threadDone;
    int lines;
    int age;
    boolean cut;

    Draft(long pid, EventTime time, LogRecord first) {
      this.pid = pid;
      this.time = time;
      evidence.add(first);
    }

    Crash build() {
      ProcessRef victim = new ProcessRef(pid, tid, comm == null || comm.isEmpty() ? null : comm, uid, null,
          null, unit).withCgroup(cgroup);
      CoredumpText.Frame f = top;
      return new Crash(victim, time, evidence, CoredumpText.type(signal), signal, null,
          f == null ? null : f.ip(), null, null, f == null ? null : f.module(), f == null ? null : f.offset(),
          coreDumped, frames);
    }
  }

  @Override
  public long patience() {
    // the drafts age by the time of any record, and the blocks end at any record that is not theirs
    return pending.isEmpty() && stack == null && info == null && table == NO_TABLE ? Long.MAX_VALUE : 0;
  }

  @Override
  public void accept(LogRecord record, EventSink sink) {
    String m = record.message();
    age(record, sink);
    String t = m.strip();
    Draft s = stack;
    if (s != null) {
      if (stackLine(s, t, record, sink)) {
        return;
      }
      endStack(sink);
    }
    Draft i = info;
    if (i != null) {
      if (infoLine(i, t, record, sink)) {
        return;
      }
      endInfo(sink);
    }
    if (t.startsWith("PID: ") && startInfo(t, record)) {
      return;
    }
    if (table(t, record, sink)) {
      return;
    }
    if (CoredumpText.mayBeProcess(m)) {
      message(record, m, sink);
    }
  }

  // ---- journal messages ----------------------------------------------------------------------------------

  private void message(LogRecord record, String m, EventSink sink) {
    CoredumpText.Process p = CoredumpText.process(m);
    if (p == null) {
      return;
    }
    if (!trusted(record, m)) {
      sink.warning(record, "a systemd-coredump message written by " + record.writer().orElse("another process")
          + "; not taken as systemd-coredump's word: " + m);
      return;
    }
    if (p.outcome() == CoredumpText.Outcome.PROCESSING && m.indexOf(" killed by SIG") < 0) {
      Draft old = pending.remove(p.pid());
      if (old != null) {
        sink.event(old.build());
      }
      Draft d = draft(p, record);
      pending.put(p.pid(), d);
      if (pending.size() > MAX_PENDING) {
        Iterator<Draft> it = pending.values().iterator();
        sink.event(it.next().build());
        it.remove();
      }
      return;
    }
    Draft d = pending.remove(p.pid());
    if (d != null && (d.comm == null || d.comm.equals(p.comm()))) {
      d.evidence.add(record);
      if (d.uid == null) {
        d.uid = p.uid();
      }
    } else {
      if (d != null) {
        sink.event(d.build());
      }
      d = draft(p, record);
    }
    d.coreDumped = p.outcome() == CoredumpText.Outcome.DUMPED ? Boolean.TRUE
        : p.outcome() == CoredumpText.Outcome.NOT_DUMPED ? Boolean.FALSE : null;
    if (p.signal() != null) {
      d.signal = p.signal();
    }
    stack = d;
  }

  private static Draft draft(CoredumpText.Process p, LogRecord record) {
    Draft d = new Draft(p.pid(), record.time(), record);
    d.comm = p.comm();
    d.uid = p.uid();
    d.signal = p.signal();
    return d;
  }

  /**
   * Whether systemd-coredump (or abrt) may have written it: a record without a tag (a pasted line), one tagged
   * {@code systemd-coredump}, or a kernel-log record that names it ({@code systemd-coredump[42]: …} in
   * {@code /dev/kmsg}, where it logs when the journal is down).
   */
  private static boolean trusted(LogRecord record, String m) {
    String id = record.identifier();
    return id == null || id.contains("coredump") || id.startsWith("abrt") || m.contains("systemd-coredump[");
  }

  /** Reads one line of a stack into the draft; false when the line is not part of one. */
  private boolean stackLine(Draft d, String t, LogRecord record, EventSink sink) {
    boolean frame = CoredumpText.isFrame(t);
    boolean metadata = d.inMetadata || t.startsWith("Metadata for module ");
    if (!(metadata || t.isEmpty() || frame || t.startsWith("Stack trace of thread ") || t.startsWith("Module ")
        || t.startsWith("Found module ") || t.startsWith("ELF object binary architecture")
        || t.startsWith("Coredump diverted to ") || t.equals("...") || t.equals("[...]"))) {
      return false;
    }
    if (++d.lines > maxBlockLines) {
      if (!d.cut) {
        d.cut = true;
        sink.problem(record, "core dump stack longer than " + maxBlockLines + " lines; the rest is not kept");
      }
      endStack(sink);
      return true;
    }
    if (metadata) {
      // systemd 250+: a module's package metadata, as JSON, between "… found: {" and "}"
      d.inMetadata = d.inMetadata ? !t.equals("}") : t.endsWith("{");
    } else if (t.startsWith("Stack trace of thread ")) {
      if (d.threadStarted) {
        d.threadDone = true;
      } else {
        Long thread = Text.number(t, "Stack trace of thread ".length());
        d.tid = thread != null && thread != d.pid ? thread : null;
      }
      d.threadStarted = true;
    } else if (t.isEmpty()) {
      if (d.threadStarted && !d.frames.isEmpty()) {
        d.threadDone = true;
      }
    } else if (frame && d.threadStarted && !d.threadDone && d.frames.size() < MAX_FRAMES) {
      if (d.frames.isEmpty()) {
        d.top = CoredumpText.frame(t);
      }
      d.frames.add(t);
    }
    return true;
  }

  private void endStack(EventSink sink) {
    Draft d = stack;
    stack = null;
    if (d == null) {
      return;
    }
    if (d == info) {
      info = null;
    }
    sink.event(d.build());
  }

  /** Emits crashes whose {@code dumped core.} has not come in time. */
  private void age(LogRecord record, EventSink sink) {
    if (pending.isEmpty()) {
      return;
    }
    EventTime nowTime = record.time();
    Instant now = nowTime.wall();
    for (Iterator<Draft> it = pending.values().iterator(); it.hasNext(); ) {
      Draft d = it.next();
      Instant then = d.time.wall();
      // clocks compare only when they guessed alike (a syslog stamp's year or zone may be assumed)
      boolean comparable = now != null && then != null && nowTime.yearAssumed() == d.time.yearAssumed()
          && nowTime.zoneAssumed() == d.time.zoneAssumed();
      boolean late = ++d.age > WAIT_RECORDS
          || comparable && Duration.between(then, now).compareTo(WAIT_TIME) > 0;
      if (late) {
        it.remove();
        sink.event(d.build());
      }
    }
  }

  // ---- coredumpctl info ----------------------------------------------------------------------------------

  /** {@code PID: 1234 (foo)}: the first field of a {@code coredumpctl info} block. */
  private boolean startInfo(String t, LogRecord record) {
    int open = t.indexOf(" (", 5);
    Long pid = Hex.decimal(t, 5, open < 0 ? t.length() : open);
    if (pid == null) {
      return false;
    }
    Draft d = new Draft(pid, record.time(), record);
    if (open > 0 && t.endsWith(")")) {
      d.comm = t.substring(open + 2, t.length() - 1);
    }
    info = d;
    infoMessage = false;
    wrappedValue = false;
    return true;
  }

  /** Reads one line of an info block; false when the block has ended. */
  private boolean infoLine(Draft d, String t, LogRecord record, EventSink sink) {
    if (++d.lines > maxBlockLines) {
      sink.problem(record, "coredumpctl info block longer than " + maxBlockLines + " lines");
      return false;
    }
    int colon = fieldColon(t);
    if (colon < 0) {
      if (wrappedValue && !t.isEmpty()) {
        wrappedValue = false; // a value wrapped onto its own line (a mail client's line length)
        return true;
      }
      return false;
    }
    String key = t.substring(0, colon);
    String value = t.substring(colon + 1).strip();
    wrappedValue = value.isEmpty();
    switch (key) {
      case "PID" -> {
        return false; // the next block
      }
      case "UID" -> d.uid = Text.toInt(Text.number(value, 0));
      case "Signal" -> {
        int sp = value.indexOf(' ');
        d.signal = CoredumpText.signal(sp < 0 ? value : value.substring(0, sp));
        d.evidence.add(record);
      }
      case "Timestamp" -> {
        EventTime time = stamp(value);
        if (time != null) {
          d.time = time;
        }
      }
      case "Control Group" -> d.cgroup = value.isEmpty() ? null : value;
      case "Unit" -> d.unit = value.isEmpty() ? null : value;
      case "User Unit" -> {
        if (d.unit == null && !value.isEmpty()) {
          d.unit = value;
        }
      }
      case "Storage" -> {
        d.coreDumped = !value.equals("none");
        d.evidence.add(record);
      }
      case "Coredump", "Core File" -> d.coreDumped = Boolean.TRUE;
      case "Message" -> {
        CoredumpText.Process p = CoredumpText.process(value);
        if (p != null && p.pid() == d.pid && d.coreDumped == null) {
          d.coreDumped = p.outcome() == CoredumpText.Outcome.DUMPED ? Boolean.TRUE
              : p.outcome() == CoredumpText.Outcome.NOT_DUMPED ? Boolean.FALSE : null;
        }
        if (p != null && d.uid == null) {
          d.uid = p.uid();
        }
        // the message's stack follows: read it as a journal message's
        stack = d;
        return true;
      }
      default -> {
        // GID, Command Line, Executable, Slice, Boot ID, Hostname, Size on Disk, Package, …
      }
    }
    return true;
  }

  /**
   * Where the colon of a {@code Key: value} field is: a key of letters, spaces and hyphens, up to 24 long,
   * then {@code :} and a space or the end; -1 when the line is not a field.
   */
  private static int fieldColon(String t) {
    int n = Math.min(t.length(), 25);
    for (int i = 0; i < n; i++) {
      char c = t.charAt(i);
      if (c == ':') {
        return i > 0 && (i + 1 == t.length() || t.charAt(i + 1) == ' ') ? i : -1;
      }
      if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || (i > 0 && (c == ' ' || c == '-')))) {
        return -1;
      }
    }
    return -1;
  }

  private void endInfo(EventSink sink) {
    Draft d = info;
    info = null;
    if (d != null && (d.signal != null || d.coreDumped != null)) {
      sink.event(d.build()); // a PID: line alone is not enough to call it a coredumpctl block
    }
  }

  /** {@code Tue 2015-05-19 15:07:00 CEST (17h ago)}: the weekday is optional, the part in parentheses ignored. */
  private static @Nullable EventTime stamp(String value) {
    String[] tok = value.split(" +", 6);
    int i = tok.length > 0 && tok[0].length() == 3 && Character.isLetter(tok[0].charAt(0)) ? 1 : 0;
    if (tok.length < i + 2) {
      return null;
    }
    String zone = tok.length > i + 2 && !tok[i + 2].startsWith("(") ? tok[i + 2] : null;
    return CoredumpText.timestamp(tok[i], tok[i + 1], zone);
  }

  // ---- coredumpctl list ----------------------------------------------------------------------------------

  /** A header or row of {@code coredumpctl list}; false when the line is neither. */
  private boolean table(String t, LogRecord record, EventSink sink) {
    if ((t.startsWith("TIME ") || t.startsWith("MTIME ")) && t.indexOf(" PID ") > 0 && t.indexOf(" SIG ") > 0
        && t.indexOf(" EXE") > 0) {
      table = t.indexOf(" COREFILE ") > 0 ? COREFILE : t.indexOf(" PRESENT ") > 0 ? PRESENT : NO_TABLE;
      tableMtime = t.startsWith("MTIME ");
      return table != NO_TABLE;
    }
    if (!mayBeRow(t)) {
      table = NO_TABLE;
      return false;
    }
    Crash c = row(t, record);
    if (c == null) {
      table = NO_TABLE;
      return false;
    }
    sink.event(c);
    return true;
  }

  /**
   * {@code Mon 2015-05-18 11:55:13 CEST    233     0     0  11 * /usr/bin/ir-keytable} ({@code PRESENT}),
   * {@code Sun 2026-05-03 21:42:25 CEST 972582 1000 1000 SIGSEGV truncated /usr/bin/python3.13 15.9M}
   * ({@code COREFILE}, {@code SIZE}). A row outside a table is read only when its core file column is one of
   * coredumpctl's words and its executable a path.
   */
  private @Nullable Crash row(String t, LogRecord record) {
    List<int[]> tokens = tokens(t, 12);
    int i = 0;
    if (tokens.size() > 0 && len(tokens.get(0)) == 3 && Character.isLetter(t.charAt(tokens.get(0)[0]))) {
      i = 1;
    }
    if (tokens.size() < i + 8) {
      return null;
    }
    String date = text(t, tokens.get(i));
    String time = text(t, tokens.get(i + 1));
    String zone = text(t, tokens.get(i + 2));
    EventTime when = CoredumpText.timestamp(date, time, zone);
    Long pid = Hex.decimal(t, tokens.get(i + 3)[0], tokens.get(i + 3)[1]);
    Long uid = Hex.decimal(t, tokens.get(i + 4)[0], tokens.get(i + 4)[1]);
    Long gid = Hex.decimal(t, tokens.get(i + 5)[0], tokens.get(i + 5)[1]);
    if (when == null || pid == null || uid == null || gid == null) {
      return null;
    }
    Signal sig = CoredumpText.signal(text(t, tokens.get(i + 6)));
    int[] next = tokens.get(i + 7);
    String word = text(t, next);
    Boolean dumped;
    int exe;
    if (table == PRESENT && word.equals("*")) {
      dumped = Boolean.TRUE;
      exe = i + 8;
    } else if (table == PRESENT) {
      dumped = null; // a blank PRESENT column: the file is gone, whether or not it ever was written
      exe = i + 7;
    } else {
      dumped = switch (word) {
        case "present", "missing", "inaccessible", "truncated", "journal" -> Boolean.TRUE;
        case "none" -> Boolean.FALSE;
        case "error", "-" -> null;
        default -> null;
      };
      boolean known = switch (word) {
        case "present", "missing", "inaccessible", "truncated", "journal", "none", "error", "-" -> true;
        default -> false;
      };
      if (!known) {
        return null;
      }
      exe = i + 8;
      if (table == NO_TABLE && (tokens.size() <= exe || t.charAt(tokens.get(exe)[0]) != '/')) {
        return null;
      }
    }
    if (tokens.size() <= exe && table == NO_TABLE) {
      return null;
    }
    ProcessRef victim = new ProcessRef(pid, null, null, Text.toInt(uid), null, null, null);
    EventTime at = when;
    if (table != NO_TABLE && tableMtime && when.wall() != null) {
      // the core file's modification time: written when the dump ended, which may be a while after the crash
      at = new EventTime(when.wall(), EventTime.Precision.MINUTES, false, when.zoneAssumed(), null, null);
    }
    return new Crash(victim, at, List.of(record), CoredumpText.type(sig), sig, null, null, null, null, null, null,
        dumped, List.of());
  }

  /** Cheap test: a date ({@code 2015-05-18 }) at the start or after a three-letter weekday. */
  private static boolean mayBeRow(String t) {
    if (t.length() < 24 || t.length() > 4096) {
      return false;
    }
    return isDate(t, 0) || t.charAt(3) == ' ' && WEEKDAYS.contains(t.substring(0, 3)) && isDate(t, Hex.skipSpaces(t, 3));
  }

  /**
   * The day names coredumpctl writes before a date: systemd's own English table, whatever the locale. Only
   * these, so that the provider's prefilter can name every line that may be a row.
   */
  static final List<String> WEEKDAYS = List.of("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun");

  private static boolean isDate(String t, int i) {
    if (i + 11 > t.length() || t.charAt(i + 4) != '-' || t.charAt(i + 7) != '-' || t.charAt(i + 10) != ' ') {
      return false;
    }
    for (int k : new int[] {0, 1, 2, 3, 5, 6, 8, 9}) {
      char c = t.charAt(i + k);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** Start and end of the first {@code max} space-separated tokens; the last holds the rest of the line. */
  private static List<int[]> tokens(String t, int max) {
    List<int[]> out = new ArrayList<>(max);
    int i = Hex.skipSpaces(t, 0);
    while (i < t.length() && out.size() < max) {
      int e = Hex.tokenEnd(t, i);
      out.add(new int[] {i, e});
      i = Hex.skipSpaces(t, e);
    }
    return out;
  }

  private static int len(int[] token) {
    return token[1] - token[0];
  }

  private static String text(String t, int[] token) {
    return t.substring(token[0], token[1]);
  }

  @Override
  public void finish(EventSink sink) {
    endStack(sink);
    endInfo(sink);
    for (Draft d : pending.values()) {
      sink.event(d.build());
    }
    pending.clear();
    table = NO_TABLE;
  }
}
