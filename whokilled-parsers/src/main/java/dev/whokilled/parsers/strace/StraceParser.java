package dev.whokilled.parsers.strace;

import dev.whokilled.event.EventTime;
import dev.whokilled.event.Observer;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.event.SignalDelivery;
import dev.whokilled.event.SignalDelivery.Reason;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.framing.Origin;
import dev.whokilled.parsers.text.Text;
import dev.whokilled.parsers.trace.TracerClock;
import dev.whokilled.spi.EventSink;
import dev.whokilled.spi.KillParser;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads strace output into {@link SignalDelivery} events: one per traced process that was killed by a signal
 * ({@code +++ killed by SIGTERM +++}, fatal, its sender taken from the last {@code --- SIGTERM {…si_pid=…} ---}
 * delivered to it), one per process that exited after it was asked to stop ({@code --- SIGTERM …} then
 * {@code +++ exited with 0 +++}, not fatal), one per child its traced parent was told died of a signal and that is
 * not traced itself ({@code --- SIGCHLD {si_code=CLD_KILLED, si_pid=…, si_status=SIGKILL…} ---}), and one per
 * terminating signal a traced process sent to a process not traced here ({@code kill(1234, SIGTERM) = 0}).
 *
 * <p>The state kept per process (its name from {@code execve}, the signals delivered to it, an unfinished
 * system call) is capped at {@value #MAX_PROCESSES} processes, least recently seen first out; threads are folded
 * into their process by the {@code clone(…CLONE_THREAD…)} that made them. Lines are prefiltered with fixed
 * substrings and read by index, never by regular expression.
 */
final class StraceParser implements KillParser {

  /** Most processes (and, apart, threads) whose state is kept. */
  static final int MAX_PROCESSES = 4096;

  /** The key of the process whose pid nothing tells. */
  private static final long UNKNOWN = -1;

  /** Signals whose delivery, followed by a plain exit, says the process was asked to stop and did. */
  static final Set<Signal> STOP_REQUESTS = EnumSet.of(
      Signal.SIGHUP, Signal.SIGINT, Signal.SIGQUIT, Signal.SIGTERM, Signal.SIGXCPU, Signal.SIGXFSZ,
      Signal.SIGPWR);

  /** Signals whose default action ends the process. */
  static final Set<Signal> TERMINATING = EnumSet.complementOf(EnumSet.of(
      Signal.SIGCHLD, Signal.SIGCONT, Signal.SIGSTOP, Signal.SIGTSTP, Signal.SIGTTIN, Signal.SIGTTOU,
      Signal.SIGURG, Signal.SIGWINCH));

  private static final Set<String> CALLS = Set.of(
      "execve", "execveat", "clone", "clone2", "clone3", "fork", "vfork", "exit_group", "kill", "tkill",
      "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo");

  private final @Nullable Long optionPid;
  private final @Nullable Long sourcePid;
  private final boolean split;
  private final TracerClock clock;
  /** Processes by thread group id, least recently used first. */
  private final LinkedHashMap<Long, Proc> procs = new LinkedHashMap<>(64, 0.75f, true);
  /** Thread ids to their thread group id. */
  private final LinkedHashMap<Long, Long> threads = new LinkedHashMap<>(64, 0.75f, true);
  private @Nullable Long attachPid;
  /** The pid of the one tracee of an output without a pid column, learnt from a signal it sent itself. */
  private @Nullable Long learnedPid;
  private int attaches;
  private boolean traceSeen;
  private boolean prefixSeen;
  private boolean rootAdoptable;
  private int live;
  /** The time of the line being read (computed for every strace line: a time of day's date moves on with them). */
  private EventTime now = EventTime.UNKNOWN;

  /**
   * A death by a fault signal that strace showed delivered to this pid, held for one line: when the next line is
   * another pid's death by the same signal, the first was a thread of the second (the kernel reports a thread
   * group's leader last), whose clone strace did not show ({@code -e trace=none}, or attached late).
   */
  private @Nullable Held held;

  private record Held(Proc proc, SignalDelivery event) {}
  private @Nullable Long sole;
  private boolean soleValid;

  StraceParser(String source, @Nullable Long optionPid, TracerClock clock) {
    this.optionPid = optionPid;
    this.sourcePid = sourcePid(source);
    this.split = sourcePid != null;
    this.clock = clock;
  }

  /**
   * A signal delivered to a process, as strace showed it; {@code thread} is the thread it was delivered to when
   * that is not the leader (a fault is delivered to the thread that faulted), else {@code null}.
   */
  private record Delivery(
      LogRecord record, Signal signal, @Nullable ProcessRef sender, @Nullable String code,
      @Nullable String detail, Reason reason, @Nullable Long thread) {}

  /** A terminating signal a traced process sent, held until it is known whether it sent it to itself. */
  private record Send(
      LogRecord record, EventTime time, String call, Signal signal, long target, @Nullable String targetComm) {}

  /** What is known of one traced process. */
  private static final class Proc {
    long key;
    @Nullable String comm;
    boolean alive = true;
    boolean dead;
    boolean traced;
    boolean forked;
    @Nullable EnumMap<Signal, Delivery> deliveries;
    @Nullable Delivery lastStop;
    @Nullable String pendingCall;
    @Nullable String pendingText;
    boolean pendingThread;
    @Nullable Send pendingSend;
    /** The signals traced processes were seen sending to this one, which is not traced itself. */
    @Nullable EnumSet<Signal> sent;
    @Nullable Long exitGroup;
    @Nullable LogRecord exitGroupRecord;
    EventTime exitGroupTime = EventTime.UNKNOWN;

    Proc(long key) {
      this.key = key;
    }
  }

  /**
   * The pid a file name carries, as {@code strace -ff -o out} names its files {@code out.PID} (also with a
   * {@code .log}, {@code .txt}, {@code .out} or {@code .strace} added).
   */
  static @Nullable Long sourcePid(String source) {
    String name = source;
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    name = name.substring(slash + 1);
    for (String ext : new String[] {".log", ".txt", ".out", ".strace"}) {
      if (name.endsWith(ext)) {
        name = name.substring(0, name.length() - ext.length());
        break;
      }
    }
    int dot = name.lastIndexOf('.');
    if (dot <= 0) {
      return null;
    }
    String tail = name.substring(dot + 1);
    if (!Text.isDigits(tail) || tail.length() > 7) {
      return null;
    }
    long v = Long.parseLong(tail);
    return v > 0 ? v : null;
  }

  /** A held thread's death is released by the next record, whatever it is: that record must be seen. */
  @Override
  public long patience() {
    return held != null ? 0 : Long.MAX_VALUE;
  }

  @Override
  public void accept(LogRecord record, EventSink sink) {
    if (record.origin() == Origin.KERNEL || record.origin() == Origin.KERNEL_LOG) {
      return; // strace's output is a command's, never in the kernel's log
    }
    String m = record.message();
    if (held != null && m.indexOf("+++ killed by ") < 0) {
      release(sink);
    }
    if (!mayConcern(m)) {
      return;
    }
    Leader l = Leader.parse(m);
    int b = l.body;
    if (m.startsWith("strace: ", b)) {
      message(m, b + 8);
      return;
    }
    if (m.startsWith("Process ", b)) {
      message(m, b);
      return;
    }
    if (m.startsWith("--- ", b)) {
      if (!endsWith(m, "---")) {
        return;
      }
      now = l.time(clock, record);
      signal(record, l, m, b + 4, sink);
    } else if (m.startsWith("+++ ", b)) {
      if (!endsWith(m, "+++")) {
        return;
      }
      now = l.time(clock, record);
      end(record, l, m, b + 4, sink);
    } else if (m.startsWith("<... ", b)) {
      int r = m.indexOf(" resumed>", b + 5);
      if (r < 0 || r - b > 40) {
        return;
      }
      String call = m.substring(b + 5, r);
      if (CALLS.contains(call)) {
        now = l.time(clock, record);
        resumed(record, l, m, call, sink);
      }
    } else {
      String call = callName(m, b);
      if (call != null && CALLS.contains(call)) {
        now = l.time(clock, record);
        call(record, l, m, b, call, sink);
      }
    }
  }

  /** Cheap fixed-substring test before any parsing (the provider's prefilter says the same). */
  private static boolean mayConcern(String m) {
    return m.indexOf("--- ") >= 0 || m.indexOf("+++ ") >= 0 || m.indexOf("Process ") >= 0
        || m.indexOf("resumed>") >= 0 || m.indexOf("exec") >= 0 || m.indexOf("clone") >= 0
        || m.indexOf("fork(") >= 0 || m.indexOf("exit_group(") >= 0 || m.indexOf("kill(") >= 0
        || m.indexOf("sigqueueinfo(") >= 0;
  }

  private static boolean endsWith(String m, String suffix) {
    int end = m.length();
    while (end > 0 && (m.charAt(end - 1) == ' ' || m.charAt(end - 1) == '\t' || m.charAt(end - 1) == '\r')) {
      end--;
    }
    return m.startsWith(suffix, end - suffix.length());
  }

  private static @Nullable String callName(String m, int b) {
    int i = b;
    while (i < m.length() && i - b <= 24) {
      char c = m.charAt(i);
      if (c == '(') {
        return i > b ? m.substring(b, i) : null;
      }
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_')) {
        return null;
      }
      i++;
    }
    return null;
  }

  // ---- strace's own messages

  private void message(String m, int at) {
    if (!m.startsWith("Process ", at)) {
      return;
    }
    int a = at + 8;
    int d = Leader.digits(m, a);
    if (d == a || d - a > 10 || !m.startsWith(" attached", d)) {
      return;
    }
    long pid = Leader.value(m, a, d);
    if (pid <= 0) {
      return;
    }
    if (!traceSeen) {
      attaches++;
      attachPid = attaches == 1 ? pid : null;
    }
    if (threads.containsKey(pid)) {
      return;
    }
    Proc p = procs.get(pid);
    if (p == null || p.dead) {
      create(pid);
    } else {
      revive(p);
    }
  }

  /** A process known only passively (a target, say) shows itself traced: it counts as live. */
  private void revive(Proc p) {
    if (!p.alive && !p.dead) {
      p.alive = true;
      live++;
      soleValid = false;
    }
  }

  // ---- which process a line is about

  private Proc procFor(Leader l) {
    traceSeen = true;
    Proc p;
    if (l.pid != null) {
      prefixSeen = true;
      long pid = l.pid;
      long key = group(pid);
      p = procs.get(key);
      if (p == null) {
        Proc root = rootAdoptable ? procs.get(UNKNOWN) : null;
        rootAdoptable = false;
        if (root != null) {
          // the lines before the first pid column were the first tracee's, whose pid this is
          procs.remove(UNKNOWN);
          root.key = key;
          put(key, root);
          p = root;
        } else {
          p = create(key);
        }
      }
      if (l.comm != null && pid == key) {
        p.comm = l.comm;
      }
    } else {
      long key = unprefixedKey();
      p = procs.get(key);
      if (p == null) {
        p = create(key);
        if (key == UNKNOWN && !prefixSeen) {
          rootAdoptable = true;
        }
      }
      if (l.comm != null) {
        p.comm = l.comm;
      }
    }
    revive(p);
    p.traced = true;
    return p;
  }

  private long unprefixedKey() {
    Long base = optionPid != null ? optionPid : sourcePid != null ? sourcePid
        : attachPid != null ? attachPid : learnedPid;
    if (prefixSeen) {
      // strace drops the pid column when one tracee is left
      Long only = soleLive();
      if (only != null) {
        return only;
      }
    }
    return base != null ? group(base) : UNKNOWN;
  }

  private @Nullable Long soleLive() {
    if (live != 1) {
      return null;
    }
    if (!soleValid) {
      sole = null;
      for (Proc p : procs.values()) {
        if (p.alive && p.key != UNKNOWN) {
          sole = p.key;
          break;
        }
      }
      soleValid = true;
    }
    return sole;
  }

  private long group(long pid) {
    Long g = threads.get(pid);
    return g != null ? g : pid;
  }

  private Proc create(long key) {
    Proc old = procs.remove(key);
    if (old != null && old.alive) {
      live--;
    }
    Proc p = new Proc(key);
    put(key, p);
    live++;
    soleValid = false;
    return p;
  }

  /** The state of a process that is not traced here (a target, a child told dead): not counted as live. */
  private Proc passive(long key) {
    Proc p = procs.get(key);
    if (p == null) {
      p = new Proc(key);
      p.alive = false;
      put(key, p);
    }
    return p;
  }

  private void put(long key, Proc p) {
    procs.put(key, p);
    if (procs.size() > MAX_PROCESSES) {
      Iterator<Proc> it = procs.values().iterator();
      Proc eldest = it.next();
      it.remove();
      if (eldest.alive) {
        live--;
      }
      soleValid = false;
    }
  }

  private void markDead(Proc p) {
    p.dead = true;
    if (p.alive) {
      p.alive = false;
      live--;
      soleValid = false;
    }
    p.deliveries = null;
    p.lastStop = null;
    p.pendingCall = null;
    p.pendingText = null;
    p.exitGroup = null;
    p.exitGroupRecord = null;
  }

  private boolean childrenTraced() {
    return prefixSeen || split;
  }

  /** Whether this process's end will be (or was) told by its own lines here. */
  private boolean tracedHere(@Nullable Proc p) {
    return p != null && (p.traced || p.forked && childrenTraced());
  }

  private static ProcessRef ref(Proc p) {
    return ProcessRef.of(p.key == UNKNOWN ? null : p.key, p.comm);
  }

  private @Nullable String commOf(long pid) {
    Proc p = procs.get(group(pid));
    return p == null ? null : p.comm;
  }

  // ---- --- SIGNAL {siginfo} ---

  private void signal(LogRecord record, Leader l, String m, int at, EventSink sink) {
    if (m.startsWith("stopped by ", at)) {
      return;
    }
    SigInfo info;
    String name;
    if (at < m.length() && m.charAt(at) == '{') {
      // strace 4.6 and 4.7: --- {si_signo=SIGCHLD, …} (Child exited) ---
      info = SigInfo.parse(m, at);
      name = info == null ? null : info.signo;
    } else {
      int sp = m.indexOf(' ', at);
      if (sp < 0) {
        return;
      }
      name = m.substring(at, sp);
      int j = Leader.skipSpaces(m, sp);
      // strace 4.8 and later: {siginfo}; before: (Terminated) @ 0 (0), no siginfo
      info = j < m.length() && m.charAt(j) == '{' ? SigInfo.parse(m, j) : null;
    }
    Signal sig = signalNamed(name);
    if (sig == null) {
      return;
    }
    Proc p = procFor(l);
    Send pending = p.pendingSend;
    if (pending != null) {
      p.pendingSend = null;
      if (pending.signal() == sig && info != null && info.pid != null && info.pid == pending.target()
          && isUserCode(info.code)) {
        // a process whose pid the output does not show sent this signal to itself: now its pid is known
        learn(p, pending.target());
      } else {
        emitSend(p, pending, sink);
      }
    }
    if (sig == Signal.SIGCHLD && info != null
        && ("CLD_KILLED".equals(info.code) || "CLD_DUMPED".equals(info.code))) {
      childDied(record, l, p, info, sink);
      return;
    }
    String code = info == null ? null : info.code;
    ProcessRef sender = null;
    String detail = null;
    if (info != null && info.pid != null && isUserCode(code)) {
      long from = info.pid;
      if (from > 0) {
        String comm = info.pidComm != null ? info.pidComm : commOf(from);
        sender = new ProcessRef(from, null, comm, info.uid == null ? null : Text.toInt(info.uid), null, null, null);
        if (p.key != UNKNOWN && group(from) == p.key) {
          detail = "the process sent it to itself";
        }
      } else {
        detail = "si_pid=0: the sender is outside strace's pid namespace, or the kernel";
      }
    } else if ("SI_KERNEL".equals(code)) {
      detail = "sent by the kernel (SI_KERNEL)";
    }
    if (info != null && sig == Signal.SIGSYS && info.syscall != null) {
      String call = info.syscall.startsWith("__NR_") ? info.syscall.substring(5) : info.syscall;
      detail = "a seccomp filter refused " + call;
    } else if (info != null && info.addr != null && code != null && isFaultCode(code)) {
      detail = code + ", si_addr=" + info.addr;
    }
    Reason reason = (sig == Signal.SIGXCPU || sig == Signal.SIGXFSZ) && sender == null
        ? Reason.RESOURCE_LIMIT
        : Reason.UNSPECIFIED;
    Long thread = l.pid != null && l.pid != p.key && p.key != UNKNOWN ? l.pid : null;
    Delivery d = new Delivery(record, sig, sender, code, detail, reason, thread);
    if (p.deliveries == null) {
      p.deliveries = new EnumMap<>(Signal.class);
    }
    p.deliveries.put(sig, d);
    if (STOP_REQUESTS.contains(sig)) {
      p.lastStop = d;
    }
  }

  private static boolean isUserCode(@Nullable String code) {
    return "SI_USER".equals(code) || "SI_TKILL".equals(code) || "SI_QUEUE".equals(code);
  }

  private static boolean isFaultCode(String code) {
    return code.startsWith("SEGV_") || code.startsWith("BUS_") || code.startsWith("ILL_")
        || code.startsWith("FPE_") || code.startsWith("TRAP_");
  }

  /** A signal name as strace prints it ({@code SIGTERM}); {@code null} for real-time and unknown signals. */
  private static @Nullable Signal signalNamed(@Nullable String name) {
    if (name == null || !name.startsWith("SIG") || name.length() > 12) {
      return null;
    }
    return Signal.fromName(name).orElse(null);
  }

  /** A signal argument: a name ({@code SIGTERM}) or a number; {@code null} for 0 and unknown signals. */
  private static @Nullable Signal signalArg(String token) {
    String t = token.trim();
    if (Text.isDigits(t) && t.length() <= 3) {
      return Signal.fromNumber(Long.parseLong(t)).orElse(null);
    }
    return signalNamed(t);
  }

  private void childDied(LogRecord record, Leader l, Proc parent, SigInfo info, EventSink sink) {
    Long child = info.pid;
    if (child == null || child <= 0 || info.status == null) {
      return;
    }
    long key = group(child);
    Proc c = procs.get(key);
    if (tracedHere(c)) {
      return;
    }
    Signal sig = signalArg(info.status);
    if (sig == null) {
      return;
    }
    boolean core = "CLD_DUMPED".equals(info.code);
    String comm = info.pidComm != null ? info.pidComm : c == null ? null : c.comm;
    ProcessRef victim = ProcessRef.of(child, comm).withUid(info.uid == null ? null : Text.toInt(info.uid));
    sink.event(new SignalDelivery(victim, now, List.of(record), sig, null, null,
        Observer.STRACE, reasonOf(sig, null), "reported to its parent " + ref(parent).describe() + " by SIGCHLD ("
            + info.code + ")", true, core));
    markDead(c != null ? c : passive(key));
  }

  private static Reason reasonOf(Signal sig, @Nullable ProcessRef sender) {
    return (sig == Signal.SIGXCPU || sig == Signal.SIGXFSZ) && sender == null
        ? Reason.RESOURCE_LIMIT
        : Reason.UNSPECIFIED;
  }

  // ---- +++ killed by SIG +++, +++ exited with N +++

  private void end(LogRecord record, Leader l, String m, int at, EventSink sink) {
    boolean killed = m.startsWith("killed by ", at);
    boolean exited = m.startsWith("exited with ", at);
    if (!killed && !exited) {
      if (m.startsWith("superseded by execve", at)) {
        procFor(l);
      }
      return;
    }
    if (killed) {
      int s = at + 10;
      int sp = m.indexOf(' ', s);
      if (sp < 0) {
        return;
      }
      String name = m.substring(s, sp);
      Signal sig = signalNamed(name);
      Proc p = procFor(l);
      if (p.dead) {
        return;
      }
      if (sig == null) {
        sink.problem(record, "killed by a signal whokilled does not model: " + name);
        markDead(p);
        return;
      }
      flush(p, sink);
      boolean core = m.indexOf("(core dumped)", sp) >= 0;
      Delivery d = p.deliveries == null ? null : p.deliveries.get(sig);
      String detail = d == null ? null : d.detail();
      if (d == null && p.lastStop != null && p.lastStop.sender() != null) {
        detail = "after " + p.lastStop.signal().name() + " from " + p.lastStop.sender().describe();
      }
      List<LogRecord> evidence = d == null ? List.of(record) : List.of(d.record(), record);
      ProcessRef victim = ref(p);
      if (d != null && d.thread() != null) {
        // the thread the kernel's own line about this death names (worker[2628]: segfault …)
        victim = new ProcessRef(victim.pid(), d.thread(), victim.comm(), null, null, null, null);
      }
      SignalDelivery event = new SignalDelivery(victim, now, evidence, sig,
          d == null ? null : d.sender(), d == null ? null : d.code(), Observer.STRACE,
          d == null ? reasonOf(sig, null) : d.reason(), detail, true, core);
      Held h = held;
      held = null;
      markDead(p);
      if (h != null && h.event().signal() == sig && d == null && p.key != UNKNOWN && closeInTime(h.event(), now)) {
        // the thread's death, then its leader's: one process, which the thread's fault ended
        SignalDelivery t = h.event();
        List<LogRecord> both = new ArrayList<>(t.evidence());
        both.add(record);
        sink.event(new SignalDelivery(new ProcessRef(p.key, h.proc().key, p.comm, null, null, null, null), now,
            both, sig, t.sender(), t.siCode(), Observer.STRACE, t.reason(), t.detail(), true, core || t.coreDumped()));
        return;
      }
      if (h != null) {
        sink.event(h.event());
      }
      if (d != null && d.code() != null && isFaultCode(d.code()) && !p.forked && p.key != UNKNOWN) {
        held = new Held(p, event);
        return;
      }
      sink.event(event);
      return;
    }
    Long code = Text.number(m, at + 12);
    Proc p = procFor(l);
    if (p.dead) {
      return;
    }
    flush(p, sink);
    Delivery d = p.lastStop;
    if (d != null && code != null) {
      emitExit(p, d, record, now, "exited with " + code + " after it", sink);
    }
    markDead(p);
  }

  private void emitExit(Proc p, Delivery d, LogRecord at, EventTime time, String detail, EventSink sink) {
    sink.event(new SignalDelivery(ref(p), time, List.of(d.record(), at), d.signal(), d.sender(), d.code(),
        Observer.STRACE, d.reason(), detail, false, false));
  }

  // ---- system calls

  private void call(LogRecord record, Leader l, String m, int b, String call, EventSink sink) {
    Proc p = procFor(l);
    flush(p, sink);
    boolean unfinished = endsWith(m, "<unfinished ...>");
    int args = b + call.length() + 1;
    switch (call) {
      case "execve", "execveat" -> {
        int q = m.indexOf('"', args);
        CStrings.Quoted path = q < 0 || q - args > 40 ? null : CStrings.quoted(m, q);
        if (path == null) {
          return;
        }
        String comm = basename(path.text());
        if (unfinished) {
          pend(p, call, comm, false);
        } else if (comm != null && Long.valueOf(0).equals(result(m))) {
          p.comm = comm;
        }
      }
      case "clone", "clone2", "clone3", "fork", "vfork" -> {
        boolean thread = m.indexOf("CLONE_THREAD", args) >= 0;
        if (unfinished) {
          pend(p, call, null, thread);
        } else {
          forked(p, result(m), thread);
        }
      }
      case "exit_group" -> {
        Long code = Text.number(m, args);
        if (code != null && !p.dead) {
          p.exitGroup = code;
          p.exitGroupRecord = record;
          p.exitGroupTime = now;
        }
      }
      default -> {
        if (unfinished) {
          int cut = m.lastIndexOf("<unfinished ...>");
          pend(p, call, m.substring(args, Math.max(args, cut)), false);
        } else {
          sent(record, l, p, call, m.substring(args), result(m), sink);
        }
      }
    }
  }

  private static void pend(Proc p, String call, @Nullable String text, boolean thread) {
    p.pendingCall = call;
    p.pendingText = text;
    p.pendingThread = thread;
  }

  private void resumed(LogRecord record, Leader l, String m, String call, EventSink sink) {
    Proc p = procFor(l);
    flush(p, sink);
    if (!call.equals(p.pendingCall)) {
      return;
    }
    String text = p.pendingText;
    boolean thread = p.pendingThread || m.indexOf("CLONE_THREAD") >= 0;
    p.pendingCall = null;
    p.pendingText = null;
    p.pendingThread = false;
    Long r = result(m);
    switch (call) {
      case "execve", "execveat" -> {
        if (r != null && r == 0 && text != null) {
          p.comm = text;
        }
      }
      case "clone", "clone2", "clone3", "fork", "vfork" -> forked(p, r, thread);
      default -> {
        if (text != null) {
          sent(record, l, p, call, text, r, sink);
        }
      }
    }
  }

  /** The system call's return value: the number after the last {@code " = "}, or {@code null}. */
  private static @Nullable Long result(String m) {
    int eq = m.lastIndexOf(" = ");
    if (eq < 0) {
      return null;
    }
    return Text.number(m, eq + 3);
  }

  private static @Nullable String basename(String path) {
    int slash = path.lastIndexOf('/');
    String name = path.substring(slash + 1);
    return name.isEmpty() ? null : name;
  }

  private void forked(Proc parent, @Nullable Long child, boolean thread) {
    if (child == null || child <= 0) {
      return;
    }
    if (thread) {
      if (parent.key == UNKNOWN || child == parent.key) {
        return;
      }
      threads.put(child, parent.key);
      if (threads.size() > MAX_PROCESSES) {
        Iterator<Long> it = threads.keySet().iterator();
        it.next();
        it.remove();
      }
      Proc own = procs.remove(child);
      if (own != null && own.alive) {
        live--;
        soleValid = false;
      }
      return;
    }
    threads.remove(child);
    Proc c = procs.get(child);
    if (c == null || c.dead) {
      c = create(child);
    } else {
      revive(c);
    }
    c.forked = true;
    if (c.comm == null) {
      c.comm = parent.comm; // a fork runs its parent's program until it calls execve
    }
  }

  /** A signal sent by a traced process: kept when its target is not traced here. */
  private void sent(LogRecord record, Leader l, Proc sender, String call, String args, @Nullable Long result,
      EventSink sink) {
    if (result == null || result != 0) {
      return;
    }
    PidArg target = pidArg(args, 0);
    if (target == null) {
      return;
    }
    int next = target.next;
    if (call.equals("tgkill") || call.equals("rt_tgsigqueueinfo")) {
      PidArg tid = pidArg(args, next);
      if (tid == null) {
        return;
      }
      next = tid.next;
    }
    int end = next;
    while (end < args.length() && args.charAt(end) != ',' && args.charAt(end) != ')'
        && (end == next || args.charAt(end) != ' ' || args.substring(next, end).isBlank())) {
      end++;
    }
    Signal sig = signalArg(args.substring(next, end));
    if (sig == null || !TERMINATING.contains(sig) || target.pid <= 0) {
      return;
    }
    long key = group(target.pid);
    Proc t = procs.get(key);
    if (key == sender.key || tracedHere(t) || t != null && (t.dead || t.sent != null && t.sent.contains(sig))) {
      return; // its own lines tell, its end was seen already, or this send was reported already
    }
    String comm = target.comm != null ? target.comm : commOf(target.pid);
    Send send = new Send(record, now, call, sig, target.pid, comm);
    if (sender.key == UNKNOWN) {
      // its own pid is unknown, so this may be a send to itself (raise, abort): wait for the delivery
      sender.pendingSend = send;
    } else {
      emitSend(sender, send, sink);
    }
  }

  private void emitSend(Proc sender, Send send, EventSink sink) {
    ProcessRef from = ref(sender);
    if (from.pid() == null && from.comm() == null) {
      return;
    }
    Proc target = passive(group(send.target()));
    if (target.sent == null) {
      target.sent = EnumSet.noneOf(Signal.class);
    }
    target.sent.add(send.signal());
    String call = send.call();
    String code = call.equals("kill") ? "SI_USER" : call.endsWith("sigqueueinfo") ? "SI_QUEUE" : "SI_TKILL";
    sink.event(new SignalDelivery(ProcessRef.of(send.target(), send.targetComm()), send.time(),
        List.of(send.record()), send.signal(), from, code, Observer.STRACE, Reason.UNSPECIFIED,
        "sent with " + call + "(); the target is not traced here", false, false));
  }

  private void flush(Proc p, EventSink sink) {
    Send pending = p.pendingSend;
    if (pending != null) {
      p.pendingSend = null;
      emitSend(p, pending, sink);
    }
  }

  /** The process known as {@link #UNKNOWN} has this pid. */
  private void learn(Proc p, long pid) {
    if (p.key != UNKNOWN || optionPid != null || sourcePid != null || attachPid != null || learnedPid != null) {
      return;
    }
    procs.remove(UNKNOWN);
    Proc other = procs.remove(pid);
    if (other != null && other.alive) {
      live--;
      soleValid = false;
    }
    p.key = pid;
    put(pid, p);
    learnedPid = pid;
    rootAdoptable = false;
  }

  /** A pid argument ({@code 1234}, {@code -1234}, {@code 1234<comm>}, with a translation comment). */
  private record PidArg(long pid, @Nullable String comm, int next) {}

  private static @Nullable PidArg pidArg(String s, int from) {
    int i = Leader.skipSpaces(s, from);
    boolean negative = i < s.length() && s.charAt(i) == '-';
    int a = negative ? i + 1 : i;
    int d = Leader.digits(s, a);
    if (d == a || d - a > 10) {
      return null;
    }
    long v = Leader.value(s, a, d);
    String comm = null;
    int k = d;
    if (k < s.length() && s.charAt(k) == '<') {
      int close = s.indexOf('>', k + 1);
      if (close < 0) {
        return null;
      }
      comm = CStrings.unescape(s.substring(k + 1, close));
      k = close + 1;
    }
    int comma = s.indexOf(',', k);
    if (comma < 0) {
      return null;
    }
    return new PidArg(negative ? -v : v, comm, comma + 1);
  }

  // ---- end of stream

  private void release(EventSink sink) {
    Held h = held;
    held = null;
    if (h != null) {
      sink.event(h.event());
    }
  }

  /** Two deaths of one thread group are reported within moments of each other. */
  private static boolean closeInTime(SignalDelivery first, EventTime then) {
    return !Text.after(first.time(), then, 100) && !Text.after(then, first.time(), 100);
  }

  @Override
  public void finish(EventSink sink) {
    release(sink);
    // strace before 4.7 printed no "+++ exited" line: an exit_group after a stop request is the exit
    List<Proc> ended = new ArrayList<>();
    List<Proc> holding = new ArrayList<>();
    for (Proc p : procs.values()) {
      if (p.pendingSend != null) {
        holding.add(p);
      }
      if (!p.dead && p.exitGroup != null && p.lastStop != null && p.exitGroupRecord != null) {
        ended.add(p);
      }
    }
    for (Proc p : holding) {
      flush(p, sink);
    }
    for (Proc p : ended) {
      Delivery d = p.lastStop;
      LogRecord at = p.exitGroupRecord;
      if (d != null && at != null) {
        emitExit(p, d, at, p.exitGroupTime, "called exit_group(" + p.exitGroup + ") after it", sink);
      }
      markDead(p);
    }
  }

  /** For tests: how many processes' state is kept. */
  int tracked() {
    return procs.size();
  }

  /** For tests: how many threads are mapped to their process. */
  int threadsTracked() {
    return threads.size();
  }
}
