package dev.whokilled.parsers.crash;

import dev.whokilled.event.Crash;
import dev.whokilled.event.CrashType;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.parsers.text.Text;
import dev.whokilled.spi.EventSink;
import dev.whokilled.spi.KillParser;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads the kernel's crash lines into {@link Crash} events: user-mode faults ({@code segfault at}, {@code traps:})
 * and kernel oopses, whose victim is the task named by the {@code CPU: … PID: … Comm: …} line that follows the
 * oops header.
 *
 * <p>The kernel prints the faulting thread's id and name ({@code comm[tid]}, {@code PID:} of the CPU line); they
 * are recorded as the victim's pid, since a fault in any thread kills the whole thread group and the log gives
 * nothing else. A second fault line for the same pid and name within a few seconds (or, when the lines carry no
 * time, while it is still remembered) is the same death and is not reported again: a process dies once, and
 * 2.6 kernels printed a line for every trap, handled or not.
 *
 * <p>Only the kernel's word counts: a fault line or oops header whose origin is proven userspace (written to
 * {@code /dev/kmsg} by a process, or syslog'd under another tag) becomes a warning.
 */
final class KernelCrashParser implements KillParser {

  /** How many records after an oops header the task line may come (the registers and modules lines). */
  static final int OOPS_WINDOW = 40;
  /** How many recent victims are remembered to drop repeated lines about the same death. */
  static final int REMEMBERED = 4096;
  /** Two fault lines of one pid this close are one death. */
  static final Duration SAME_DEATH = Duration.ofSeconds(10);

  private final int window;
  private @Nullable Oops oops;
  private final Map<Long, Seen> seen = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, Seen> eldest) {
      return size() > REMEMBERED;
    }
  };

  /**
   * A parser for one stream.
   *
   * @param maxBlockLines the most records an oops's task line may come after its header (capped at
   *     {@link #OOPS_WINDOW})
   */
  KernelCrashParser(int maxBlockLines) {
    this.window = Math.max(1, Math.min(OOPS_WINDOW, maxBlockLines));
  }

  /** A victim already reported: its name, boot and time. */
  private record Seen(@Nullable String comm, int boot, EventTime time) {}

  /** An oops whose task line has not come yet. */
  private static final class Oops {
    final List<LogRecord> evidence = new ArrayList<>(3);
    final LogRecord header;
    @Nullable Long address;
    @Nullable Long error;
    int lines;

    Oops(LogRecord header) {
      this.header = header;
    }
  }

  @Override
  public long patience() {
    Oops o = oops;
    return o == null ? Long.MAX_VALUE : Math.max(0, window - o.lines);
  }

  @Override
  public void skipped(long records) {
    Oops o = oops;
    if (o != null) {
      o.lines += (int) records;
    }
  }

  @Override
  public void accept(LogRecord record, EventSink sink) {
    String m = record.message();
    Oops o = oops;
    if (o != null && ++o.lines > window) {
      sink.problem(o.header, "kernel oops without a task line (CPU: … PID: … Comm: …) within " + window
          + " lines; its victim is unknown");
      oops = null;
      o = null;
    }
    if (FaultLine.mayBeFault(m) && fault(record, m, sink)) {
      return;
    }
    int header = oopsHeader(m);
    if (header != NONE) {
      if (!record.origin().mayBeKernel()) {
        sink.warning(record, "a kernel oops header written by a user process" + who(record)
            + "; not taken as the kernel's word: " + m);
        return;
      }
      oopsHeader(record, m, header);
      return;
    }
    if (o != null && record.origin().mayBeKernel()) {
      task(o, record, m, sink);
    }
  }

  /** Reads a fault line; false when the line is not one (a task line may hold a marker in its comm). */
  private boolean fault(LogRecord record, String m, EventSink sink) {
    FaultLine.Fault f = FaultLine.read(m);
    if (f == null) {
      return false;
    }
    if (!record.origin().mayBeKernel()) {
      sink.warning(record, "a kernel fault line written by a user process" + who(record)
          + "; not taken as the kernel's word: " + m);
      return true;
    }
    if (repeated(record, f.pid(), f.comm())) {
      return true;
    }
    ProcessRef victim = ProcessRef.of(f.pid(), f.comm());
    sink.event(new Crash(victim, record.time(), List.of(record), f.type(), f.signal(), f.address(), f.ip(),
        f.sp(), f.error(), f.module(), f.moduleOffset(), null, List.of()));
    return true;
  }

  /** Whether this victim was just reported (and remembers it when not). */
  private boolean repeated(LogRecord record, long pid, @Nullable String comm) {
    Seen before = seen.get(pid);
    EventTime t = record.time();
    if (before != null && before.boot == record.bootIndex() && Objects.equals(before.comm, comm)
        && close(before.time, t)) {
      return true;
    }
    seen.put(pid, new Seen(comm, record.bootIndex(), t));
    return false;
  }

  /** Whether two times are within {@link #SAME_DEATH}; times that cannot be compared count as close. */
  private static boolean close(EventTime a, EventTime b) {
    Duration x = a.uptime();
    Duration y = b.uptime();
    if (x != null && y != null) {
      return x.minus(y).abs().compareTo(SAME_DEATH) <= 0;
    }
    Instant p = a.wall();
    Instant q = b.wall();
    if (p != null && q != null) {
      return Duration.between(p, q).abs().compareTo(SAME_DEATH.plus(a.wallPrecision().unit())) <= 0;
    }
    return !a.isKnown() || !b.isKnown();
  }

  private static final int NONE = 0;
  private static final int PAGE_FAULT = 1;
  private static final int OOPS = 2;
  private static final int DIE = 3;

  private static final String[] DIE_NAMES = {
    "general protection fault", "invalid opcode", "divide error", "stack segment", "double fault",
    "kernel stack overflow", "int3", "bounds"
  };

  /** The names of the kernel's die() reports, which start a message. */
  static List<String> dieNames() {
    return List.of(DIE_NAMES);
  }

  /** What kind of oops header the message is, if any. */
  private static int oopsHeader(String m) {
    if (m.indexOf(" invoked oom-killer: ") >= 0) {
      return NONE; // the OOM killer's header, for a task whose name starts like an oops
    }
    if (m.startsWith("BUG: unable to handle ") || m.startsWith("BUG: kernel NULL pointer dereference")
        || m.startsWith("Unable to handle kernel ")) {
      return PAGE_FAULT;
    }
    if (m.startsWith("Oops: ") || m.startsWith("Internal error: Oops")
        || m.startsWith("kernel BUG at ") && m.indexOf(":") > 0 && m.indexOf('!') > m.indexOf(':')) {
      return OOPS;
    }
    for (String name : DIE_NAMES) {
      if (m.startsWith(name) && m.length() > name.length()
          && (m.charAt(name.length()) == ':' || m.charAt(name.length()) == ',') && m.indexOf(" [#") > 0) {
        return DIE;
      }
    }
    return NONE;
  }

  private void oopsHeader(LogRecord record, String m, int kind) {
    Oops o = oops;
    if (o == null) {
      o = new Oops(record);
      oops = o;
    }
    if (o.evidence.size() < 3) {
      o.evidence.add(record);
    }
    if (kind == PAGE_FAULT && o.address == null) {
      o.address = faultAddress(m);
    }
    if (o.error == null && (kind == OOPS || kind == DIE)) {
      o.error = oopsCode(m);
    }
    int nc = m.indexOf("non-canonical address ");
    if (o.address == null && nc > 0) {
      int from = nc + "non-canonical address ".length();
      int to = from;
      while (to < m.length() && m.charAt(to) != ':' && m.charAt(to) != ' ') {
        to++;
      }
      o.address = Hex.parse(m, from, to);
    }
  }

  /**
   * The address of {@code BUG: kernel NULL pointer dereference, address: 0000000000000008}, {@code BUG:
   * unable to handle kernel NULL pointer dereference at (null)}, {@code … paging request at ffff…}, {@code
   * … page fault for address: ffff…}, {@code Unable to handle kernel … at virtual address 0000000c}.
   */
  private static @Nullable Long faultAddress(String m) {
    int at = m.lastIndexOf(' ');
    if (at < 0) {
      return null;
    }
    String token = m.substring(at + 1).trim();
    if (token.equals("null)")) {
      return 0L;
    }
    return Hex.parse(token);
  }

  /** The hex error code of {@code Oops: 0002 [#1]} or {@code general protection fault: 0000 [#1]}. */
  private static @Nullable Long oopsCode(String m) {
    int hash = m.indexOf(" [#");
    if (hash < 0) {
      return null;
    }
    int start = m.lastIndexOf(' ', hash - 1) + 1;
    return Hex.parse(m, start, hash);
  }

  /**
   * The task line: {@code CPU: 0 PID: 1234 Comm: foo Tainted: …} (3.x to 6.x, 6.x with {@code UID: 0} before
   * the pid), {@code Pid: 491, comm: scsi_eh_0 Tainted: …} (2.6), or {@code Process foo (pid: 1234, …)}.
   */
  private void task(Oops o, LogRecord record, String m, EventSink sink) {
    Long pid = null;
    String comm = null;
    Integer uid = null;
    if (m.startsWith("CPU: ") && m.indexOf(" PID: ") > 0 && m.indexOf(" Comm: ") > 0) {
      int commAt = m.indexOf(" Comm: ");
      pid = Text.number(m, m.indexOf(" PID: ") + 6);
      int uidAt = m.indexOf(" UID: ");
      if (uidAt > 0 && uidAt < commAt) {
        uid = Text.toInt(Text.number(m, uidAt + 6));
      }
      comm = taskName(m, commAt + 7);
    } else if (m.startsWith("Pid: ") && m.indexOf(", comm: ") > 0) {
      pid = Text.number(m, 5);
      comm = taskName(m, m.indexOf(", comm: ") + 8);
    } else if (m.startsWith("Process ") && m.indexOf(" (pid: ") > 0) {
      int at = m.lastIndexOf(" (pid: ");
      pid = Text.number(m, at + 7);
      comm = m.substring(8, at);
    } else {
      return;
    }
    oops = null;
    if (pid == null || pid <= 0) {
      return; // the idle task: the machine died, not a process
    }
    List<LogRecord> evidence = new ArrayList<>(o.evidence);
    evidence.add(record);
    ProcessRef victim = ProcessRef.of(pid, comm == null || comm.isEmpty() ? null : comm).withUid(uid);
    seen.put(pid, new Seen(victim.comm(), o.header.bootIndex(), o.header.time()));
    sink.event(new Crash(victim, o.header.time(), evidence, CrashType.KERNEL_OOPS, null, o.address, null, null,
        o.error, null, null, null, List.of()));
  }

  /**
   * The comm from {@code from} to the taint marker ({@code Tainted:}, {@code Not tainted}), less RHEL's
   * {@code Kdump: loaded} note.
   */
  private static @Nullable String taskName(String m, int from) {
    int end = m.lastIndexOf(" Tainted: ");
    int not = m.lastIndexOf(" Not tainted");
    if (not > end) {
      end = not;
    }
    if (end < from) {
      end = m.length(); // a line cut before its taint flags: the rest is the name
    }
    // RHEL 8 adds "Kdump: loaded" between the comm and the taint flags when a crash kernel is loaded
    String kdump = " Kdump: loaded";
    if (end - kdump.length() >= from && m.startsWith(kdump, end - kdump.length())) {
      end -= kdump.length();
    }
    return end > from ? m.substring(from, end) : null;
  }

  private static String who(LogRecord r) {
    return r.writer().map(w -> " (" + w + ")").orElse("");
  }

  @Override
  public void finish(EventSink sink) {
    Oops o = oops;
    if (o != null) {
      sink.problem(o.header, "kernel oops without a task line (CPU: … PID: … Comm: …); its victim is unknown");
      oops = null;
    }
  }
}
