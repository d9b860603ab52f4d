package dev.whokilled.parsers.apps;

import dev.whokilled.event.Crash;
import dev.whokilled.event.CrashType;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.framing.Origin;
import dev.whokilled.parsers.text.Text;
import dev.whokilled.spi.EventSink;
import dev.whokilled.spi.KillParser;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads the HotSpot JVM's fatal error banner, as it prints it on its standard output and at the top of its
 * {@code hs_err_pidN.log} file:
 *
 * <pre>
 * # A fatal error has been detected by the Java Runtime Environment:
 * #
 * #  SIGSEGV (0xb) at pc=0x00007ff2eb867111, pid=5488, tid=5489
 * # …
 * # Problematic frame:
 * # C  [libcrash.so+0x1111]  Java_NativeCrash_crash+0x18
 * #
 * # Core dump will be written. Default location: /tmp/core
 * </pre>
 *
 * <p>One {@link Crash} per banner: its type from the signal ({@code EXCEPTION_ACCESS_VIOLATION} and the other
 * Windows exceptions too; an {@code Internal Error} is the JVM aborting itself), the instruction pointer from
 * {@code pc=}, the pid and thread, the module and offset of the problematic frame, and whether a core is
 * written. From an {@code hs_err} file it also takes the time ({@code Time:}), the faulting address
 * ({@code siginfo: … si_addr:}), the stack pointer and the native stack. The JVM's out-of-memory banner
 * ({@code There is insufficient memory…}) and {@code java.lang.OutOfMemoryError} are not deaths by a signal and
 * are not reported.
 */
final class JvmParser implements KillParser {

  static final String HEADER = "A fatal error has been detected by the Java Runtime Environment";

  /** Most native frames kept from an hs_err file. */
  static final int MAX_FRAMES = 32;

  private final int maxBlockLines;
  private @Nullable Block block;

  JvmParser(int maxBlockLines) {
    this.maxBlockLines = maxBlockLines;
  }

  /** One banner (and the hs_err file it may head) being read. */
  private static final class Block {
    final List<LogRecord> evidence = new ArrayList<>();
    final List<String> stack = new ArrayList<>();
    final LogRecord header;
    int lines;
    boolean faultSeen;
    boolean ignore;
    boolean frameNext;
    boolean hsErr;
    boolean nativeFrames;
    @Nullable CrashType type;
    @Nullable Signal signal;
    @Nullable Long pc;
    @Nullable Long pid;
    @Nullable Long tid;
    @Nullable String module;
    @Nullable Long offset;
    @Nullable Boolean core;
    @Nullable Long address;
    @Nullable Long sp;
    @Nullable EventTime time;

    Block(LogRecord header) {
      this.header = header;
      evidence.add(header);
    }
  }

  @Override
  public long patience() {
    return block == null ? Long.MAX_VALUE : 0; // a report's lines hold no fixed text
  }

  @Override
  public void accept(LogRecord record, EventSink sink) {
    if (record.origin() == Origin.KERNEL) {
      return;
    }
    String m = record.message();
    Block b = block;
    if (m.indexOf(HEADER) >= 0) {
      flush(sink);
      block = new Block(record);
      return;
    }
    if (b == null) {
      return;
    }
    if (++b.lines > maxBlockLines) {
      sink.problem(record, "JVM fatal error report longer than " + maxBlockLines + " lines; read up to here");
      flush(sink);
      return;
    }
    String banner = bannerContent(record);
    if (banner != null) {
      banner(b, record, banner);
      return;
    }
    String t = m.strip();
    if (!b.hsErr) {
      if (t.isEmpty()) {
        return;
      }
      if (t.startsWith("---------------") && (t.indexOf("S U M M A R Y") >= 0 || t.indexOf("T H R E A D") >= 0)) {
        b.hsErr = true;
        return;
      }
      // the banner is over: what follows is someone else's output
      flush(sink);
      return;
    }
    hsErr(b, record, t, sink);
  }

  @Override
  public void finish(EventSink sink) {
    flush(sink);
  }

  /** The text of a banner line without its {@code #}, or {@code null} when the line is not one. */
  private static @Nullable String bannerContent(LogRecord record) {
    String m = record.message();
    int i = 0;
    while (i < m.length() && m.charAt(i) == ' ') {
      i++;
    }
    if (i < m.length() && m.charAt(i) == '#') {
      return m.substring(i + 1).strip();
    }
    // the framing takes "# " for a root prompt and strips it
    String text = record.text();
    int j = 0;
    while (j < text.length() && text.charAt(j) == ' ') {
      j++;
    }
    if (j < text.length() && text.charAt(j) == '#' && text.length() > m.length() && text.endsWith(m)
        && text.substring(j + 1, text.length() - m.length()).isBlank()) {
      return m.strip();
    }
    return null;
  }

  private void banner(Block b, LogRecord record, String c) {
    if (b.frameNext) {
      b.frameNext = false;
      if (!c.isEmpty()) {
        frame(b, c);
        b.evidence.add(record);
        return;
      }
    }
    int at;
    if ((at = c.indexOf(" at pc=")) >= 0 && !b.faultSeen) {
      b.faultSeen = true;
      b.evidence.add(record);
      int paren = c.indexOf(" (");
      String name = (paren > 0 && paren < at ? c.substring(0, paren) : c.substring(0, at)).strip();
      b.signal = name.startsWith("SIG") ? Signal.fromName(name).orElse(null) : null;
      b.type = b.signal != null ? AppsParser.crashType(b.signal) : windowsType(name);
      b.pc = hexAfter(c, "pc=0x");
      ids(b, c);
    } else if (c.startsWith("Internal Error (") || c.startsWith("Internal Error at ")) {
      b.faultSeen = true;
      b.evidence.add(record);
      b.type = CrashType.ABORT;
      ids(b, c);
    } else if (c.startsWith("There is insufficient memory") || c.startsWith("Out of Memory Error")) {
      b.ignore = true;
    } else if (c.startsWith("Problematic frame:")) {
      b.frameNext = true;
    } else if (c.startsWith("Core dump will be written") || c.startsWith("Core dump written")) {
      b.core = Boolean.TRUE;
      b.evidence.add(record);
    } else if (c.startsWith("No core dump will be written") || c.startsWith("Failed to write core dump")) {
      b.core = Boolean.FALSE;
      b.evidence.add(record);
    }
  }

  private static void ids(Block b, String c) {
    b.pid = Text.numberAfter(c, "pid=");
    int t = c.indexOf("tid=");
    if (t >= 0 && !c.startsWith("0x", t + 4)) {
      // JDK 9+ prints the Linux thread id; JDK 8 printed the pthread handle in hex, which is no thread id
      b.tid = Text.number(c, t + 4);
    }
  }

  /** {@code C  [libcrash.so+0x1111]  Java_NativeCrash_crash+0x18}: the module and offset, and the frame. */
  private static void frame(Block b, String c) {
    if (b.stack.isEmpty()) {
      b.stack.add(c);
    }
    int open = c.indexOf('[');
    int close = open < 0 ? -1 : c.indexOf(']', open);
    if (close < 0 || b.module != null) {
      return;
    }
    String inside = c.substring(open + 1, close);
    int plus = inside.lastIndexOf("+0x");
    if (plus > 0) {
      b.module = inside.substring(0, plus);
      b.offset = hexAfter(inside, "+0x");
    } else if (!inside.isEmpty()) {
      b.module = inside;
    }
  }

  private void hsErr(Block b, LogRecord record, String t, EventSink sink) {
    if (b.nativeFrames) {
      if (t.isEmpty() || t.startsWith("Java frames:")) {
        b.nativeFrames = false;
      } else if (b.stack.size() < MAX_FRAMES) {
        if (b.stack.size() == 1 && b.stack.get(0).equals(t)) {
          return; // the problematic frame is the first native frame
        }
        b.stack.add(t);
      }
      return;
    }
    if (t.startsWith("Time: ") || t.startsWith("time: ")) {
      EventTime time = AppTime.parse(t, 6);
      if (time != null) {
        b.time = time;
        b.evidence.add(record);
      }
    } else if (t.startsWith("siginfo:")) {
      b.evidence.add(record);
      Long addr = hexAfter(t, "si_addr: 0x");
      b.address = addr != null ? addr : hexAfter(t, "si_addr=0x");
      if (b.signal == null) {
        Long n = Text.numberAfter(t, "si_signo: ");
        b.signal = n == null ? null : Signal.fromNumber(n).orElse(null);
        if (b.signal != null && b.type == null) {
          b.type = AppsParser.crashType(b.signal);
        }
      }
    } else if (t.startsWith("Native frames:")) {
      b.nativeFrames = true;
    } else if (t.startsWith("Stack: [") && t.indexOf("sp=0x") >= 0) {
      b.sp = hexAfter(t, "sp=0x");
    } else if (t.indexOf("P R O C E S S") >= 0 || t.equals("END.")) {
      flush(sink);
    }
  }

  private void flush(EventSink sink) {
    Block b = block;
    block = null;
    if (b == null || b.ignore || !b.faultSeen) {
      return;
    }
    Long tid = b.tid != null && !b.tid.equals(b.pid) ? b.tid : null;
    ProcessRef victim = new ProcessRef(b.pid, tid, "java", null, null, null, null);
    EventTime time = b.time != null && !b.header.time().isKnown() ? b.time : b.header.time();
    CrashType type = b.type != null ? b.type : CrashType.OTHER;
    sink.event(new Crash(victim, time, b.evidence, type, b.signal, b.address, b.pc, b.sp, null, b.module, b.offset,
        b.core, b.stack));
  }

  /** The type of a Windows structured exception the JVM names instead of a signal. */
  private static CrashType windowsType(String name) {
    switch (name) {
      case "EXCEPTION_ACCESS_VIOLATION":
      case "EXCEPTION_STACK_OVERFLOW":
      case "EXCEPTION_IN_PAGE_ERROR":
        return CrashType.SEGFAULT;
      case "EXCEPTION_INT_DIVIDE_BY_ZERO":
      case "EXCEPTION_FLT_DIVIDE_BY_ZERO":
        return CrashType.DIVIDE_ERROR;
      case "EXCEPTION_ILLEGAL_INSTRUCTION":
      case "EXCEPTION_PRIV_INSTRUCTION":
        return CrashType.INVALID_OPCODE;
      default:
        return CrashType.OTHER;
    }
  }

  private static @Nullable Long hexAfter(String s, String key) {
    int at = s.indexOf(key);
    if (at < 0) {
      return null;
    }
    int from = at + key.length();
    int e = from;
    while (e < s.length() && e - from < 16 && Character.digit(s.charAt(e), 16) >= 0) {
      e++;
    }
    return e == from ? null : Long.parseUnsignedLong(s.substring(from, e), 16);
  }
}
