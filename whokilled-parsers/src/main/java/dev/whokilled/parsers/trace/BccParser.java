package dev.whokilled.parsers.trace;

import dev.whokilled.event.Constraint;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.MemoryKiller;
import dev.whokilled.event.Observer;
import dev.whokilled.event.OomKill;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.event.SignalDelivery;
import dev.whokilled.event.VictimMemory;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.framing.Origin;
import dev.whokilled.spi.EventSink;
import dev.whokilled.spi.KillParser;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads the output of bcc's and bpftrace's signal and OOM tools.
 *
 * <ul>
 *   <li>{@code killsnoop} (bcc {@code tools/killsnoop.py}: {@code TIME PID COMM SIG TPID RESULT}, time
 *       {@code %H:%M:%S}; bpftrace {@code tools/killsnoop.bt}: the same columns, time {@code %H:%M:%S.%f}) and
 *       libbpf-tools {@code sigsnoop}/{@code killsnoop} ({@code TIME PID COMM SIG TPID RESULT}, newer with a
 *       {@code TCOMM} column before {@code RESULT}, which is blank on kernels without
 *       {@code bpf_task_from_pid}; {@code -n} prints names): each successful send ({@code RESULT} 0) of a
 *       terminating signal becomes a non-fatal {@link SignalDelivery} naming its sender. The rows are read only
 *       after their header, so that no other table is taken for one.</li>
 *   <li>{@code oomkill} (bcc, bpftrace, libbpf-tools: {@code Triggered by PID 3297 ("ntpd"), OOM kill of PID
 *       22516 ("perl"), 3850642 pages, loadavg: …}, newer libbpf-tools {@code Trigger by}, the load average
 *       optional): an {@link OomKill} by the kernel with its trigger; the pages are the total the OOM killer
 *       weighed, not the victim's size, so the victim's memory stays unknown.</li>
 * </ul>
 *
 * <p>A command name is at most 15 bytes and printed padded to 16, so in a row the signal column starts at most
 * 17 characters after the name does; the name is read from there, spaces and digits included.
 */
final class BccParser implements KillParser {

  /** The largest pid Linux can give ({@code PID_MAX_LIMIT} on 64-bit); beyond it a line is garbage. */
  static final long PID_MAX = 4_194_304;

  private final TracerClock clock;
  private boolean header;
  private boolean targetComm;
  /** The writer of the table's header (journal identifier and pid; both null in a plain file). */
  private @Nullable String tableTag;
  private @Nullable Long tablePid;

  BccParser(TracerClock clock) {
    this.clock = clock;
  }

  @Override
  public long patience() {
    return header ? 0 : Long.MAX_VALUE; // a table's rows hold no fixed text
  }

  @Override
  public void accept(LogRecord record, EventSink sink) {
    if (record.origin() == Origin.KERNEL || record.origin() == Origin.KERNEL_LOG) {
      return; // a bcc or bpftrace tool's output is a command's, never in the kernel's log
    }
    String m = record.message();
    int oom = m.indexOf(", OOM kill of PID ");
    if (oom >= 0) {
      oomKill(record, m, oom, sink);
      return;
    }
    if (m.indexOf("RESULT") >= 0 && headerLine(m)) {
      tableTag = record.identifier();
      tablePid = record.senderPid();
      return;
    }
    // in a journal other writers' lines interleave with the table's: only its writer's other lines end it
    if (header && Objects.equals(tableTag, record.identifier()) && Objects.equals(tablePid, record.senderPid())
        && !row(record, m, sink)) {
      header = false; // the table ended: its rows are read only right after their header
    }
  }

  /** Reads a table header; whether it was one. */
  private boolean headerLine(String m) {
    List<Columns.Token> t = Columns.tokens(m, 0, m.length(), 8);
    if (t == null || t.size() < 6) {
      return false;
    }
    String[] names = new String[t.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = t.get(i).of(m);
    }
    if (names.length == 6 && match(names, "TIME", "PID", "COMM", "SIG", "TPID", "RESULT")) {
      header = true;
      targetComm = false;
      return true;
    }
    if (names.length == 7 && match(names, "TIME", "PID", "COMM", "SIG", "TPID", "TCOMM", "RESULT")) {
      header = true;
      targetComm = true;
      return true;
    }
    return false;
  }

  private static boolean match(String[] names, String... expected) {
    for (int i = 0; i < expected.length; i++) {
      if (!names[i].equals(expected[i])) {
        return false;
      }
    }
    return true;
  }

  /** Reads a row of the table; whether the line was one (a failed or non-terminating send is one too). */
  private boolean row(LogRecord record, String m, EventSink sink) {
    int start = Columns.skipBlanks(m, 0);
    TracerClock.ClockTime time = TracerClock.clockTime(m, start);
    if (time == null) {
      return false;
    }
    int pidStart = Columns.skipBlanks(m, time.end());
    int pidEnd = Columns.tokenEnd(m, pidStart);
    Long pid = Columns.integer(m, pidStart, pidEnd);
    if (pid == null || pid < 0) {
      return false;
    }
    int commStart = Columns.skipBlanks(m, pidEnd);
    int end = m.length();
    while (end > commStart && Columns.blank(m.charAt(end - 1))) {
      end--;
    }
    int resultStart = end;
    while (resultStart > commStart && !Columns.blank(m.charAt(resultStart - 1))) {
      resultStart--;
    }
    Long result = Columns.integer(m, resultStart, end);
    if (result == null || resultStart <= commStart) {
      return false;
    }
    String sigText;
    long tpid;
    String comm;
    String tcomm = null;
    if (targetComm) {
      Split s = split(m, commStart, resultStart);
      if (s == null) {
        return false;
      }
      comm = s.comm;
      sigText = s.signal;
      tpid = s.tpid;
      String tc = m.substring(s.after, resultStart).trim();
      tcomm = tc.isEmpty() ? null : tc;
    } else {
      List<Columns.Token> t = tailTokens(m, commStart, resultStart, 2);
      if (t == null) {
        return false;
      }
      Columns.Token sig = t.get(0);
      Long tp = Columns.integer(m, t.get(1).start(), t.get(1).end());
      if (tp == null || !Columns.isSignalSpec(sig.of(m))) {
        return false;
      }
      comm = m.substring(commStart, sig.start()).trim();
      sigText = sig.of(m);
      tpid = tp;
    }
    if (comm.isEmpty()) {
      return false;
    }
    Signal signal = Columns.signal(sigText);
    if (result != 0 || signal == null || !Columns.TERMINATING.contains(signal) || tpid <= 0 || tpid > PID_MAX
        || pid > PID_MAX) {
      return true;
    }
    EventTime at = time.complete(clock, record);
    String detail = tpid == pid ? "the process sent it to itself" : null;
    sink.event(new SignalDelivery(ProcessRef.of(tpid, tcomm), at, List.of(record), signal, ProcessRef.of(pid, comm),
        null, Observer.BPF, SignalDelivery.Reason.UNSPECIFIED, detail, false, false));
    return true;
  }

  /** Where the name ends and the signal column starts, in a row with a target name column. */
  private record Split(String comm, String signal, long tpid, int after) {}

  private static @Nullable Split split(String m, int commStart, int limit) {
    // the signal column starts 1 to 17 characters after the name: the last start that reads as SIG TPID wins
    for (int p = Math.min(commStart + 17, limit - 1); p > commStart; p--) {
      if (!Columns.blank(m.charAt(p - 1)) || Columns.blank(m.charAt(p))) {
        continue;
      }
      int sigEnd = Columns.tokenEnd(m, p);
      if (sigEnd >= limit || !Columns.isSignalSpec(m.substring(p, sigEnd))) {
        continue;
      }
      int tpStart = Columns.skipBlanks(m, sigEnd);
      int tpEnd = Columns.tokenEnd(m, tpStart);
      if (tpEnd > limit) {
        continue;
      }
      Long tp = Columns.integer(m, tpStart, tpEnd);
      if (tp == null) {
        continue;
      }
      String comm = m.substring(commStart, p).trim();
      if (!comm.isEmpty()) {
        return new Split(comm, m.substring(p, sigEnd), tp, tpEnd);
      }
    }
    return null;
  }

  /** The last {@code count} tokens of {@code [from, to)}, or {@code null} when there are fewer. */
  private static @Nullable List<Columns.Token> tailTokens(String m, int from, int to, int count) {
    Columns.Token[] out = new Columns.Token[count];
    int end = to;
    for (int k = count - 1; k >= 0; k--) {
      while (end > from && Columns.blank(m.charAt(end - 1))) {
        end--;
      }
      int start = end;
      while (start > from && !Columns.blank(m.charAt(start - 1))) {
        start--;
      }
      if (start == end) {
        return null;
      }
      out[k] = new Columns.Token(start, end);
      end = start;
    }
    return List.of(out);
  }

  // ---- oomkill

  private void oomKill(LogRecord record, String m, int oom, EventSink sink) {
    int triggerStart = m.indexOf("Trigger");
    if (triggerStart < 0 || triggerStart > oom) {
      return;
    }
    int by;
    if (m.startsWith("Triggered by PID ", triggerStart)) {
      by = triggerStart + 9;
    } else if (m.startsWith("Trigger by PID ", triggerStart)) {
      by = triggerStart + 7;
    } else {
      return;
    }
    Named trigger = named(m, by + 8, oom - 2);
    Named victim = named(m, oom + ", OOM kill of PID ".length(), -1);
    if (trigger == null || victim == null || trigger.pid > PID_MAX || victim.pid > PID_MAX) {
      return; // a tool reading the wrong offsets prints garbage (bcc issue 1911)
    }
    String before = m.substring(0, triggerStart).trim();
    EventTime at = record.time();
    if (!before.isEmpty()) {
      TracerClock.ClockTime t = TracerClock.clockTime(before, 0);
      if (t == null || t.end() != before.length()) {
        return;
      }
      at = t.complete(clock, record);
    }
    sink.event(new OomKill(ProcessRef.of(victim.pid, victim.comm), at, List.of(record), MemoryKiller.KERNEL,
        ProcessRef.of(trigger.pid, trigger.comm), Constraint.UNKNOWN, null, null, null, null, false,
        VictimMemory.UNKNOWN, null, null, null, List.of(), null, null, false, false, false, null,
        Signal.SIGKILL));
  }

  /** A {@code PID ("comm")} pair and the index just after its {@code "),}. */
  private record Named(long pid, String comm, int end) {}

  /**
   * Reads {@code PID ("comm"),} at {@code from}; the name ends at {@code nameEnd} when given (the trigger's, just
   * before {@code , OOM kill of PID}), else at the last {@code "),} followed by {@code N pages}.
   */
  private static @Nullable Named named(String m, int from, int nameEnd) {
    int d = from;
    while (d < m.length() && m.charAt(d) >= '0' && m.charAt(d) <= '9') {
      d++;
    }
    Long pid = Columns.integer(m, from, d);
    if (pid == null || !m.startsWith(" (\"", d)) {
      return null;
    }
    int nameStart = d + 3;
    if (nameEnd >= 0) {
      return nameEnd >= nameStart && m.startsWith("\")", nameEnd)
          ? new Named(pid, m.substring(nameStart, nameEnd), nameEnd + 3)
          : null;
    }
    // the last "), N pages" ends it: the load average after it holds no quotes, the name may
    for (int close = m.lastIndexOf("\"),"); close >= nameStart; close = m.lastIndexOf("\"),", close - 1)) {
      if (pagesFollow(m, close + 3)) {
        return new Named(pid, m.substring(nameStart, close), close + 3);
      }
    }
    return null;
  }

  private static boolean pagesFollow(String m, int at) {
    int i = Columns.skipBlanks(m, at);
    int d = i;
    while (d < m.length() && m.charAt(d) >= '0' && m.charAt(d) <= '9') {
      d++;
    }
    return d > i && m.startsWith(" pages", d);
  }
}
