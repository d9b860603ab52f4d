package dev.whokilled.parsers.audit;

import dev.whokilled.event.Crash;
import dev.whokilled.event.CrashType;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.Observer;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.event.SignalDelivery;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.framing.Origin;
import dev.whokilled.parsers.text.Text;
import dev.whokilled.spi.EventSink;
import dev.whokilled.spi.KillParser;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Assembles audit events from their records and reads the signal sends and abnormal ends they show.
 *
 * <p>The records of one event share {@code audit(TIME:SERIAL)}; the kernel writes them in one burst (the
 * {@code SYSCALL} record, one {@code OBJ_PID} per signalled process, the {@code PROCTITLE}, then {@code EOE}
 * when a daemon reads them), {@code ausearch} prints them in reverse between {@code ----} lines, and records of
 * other events may come between them. So a few events are kept open at once, each closed by its
 * {@code EOE}, by having both its {@code SYSCALL} and its {@code PROCTITLE} (which come first and last), by an
 * {@code ausearch} separator, or by age; the journal, whose messages do not show the serial, gets its records
 * grouped by adjacency. A send to several processes (a process group, {@code kill(-1, …)}) gives one
 * {@link SignalDelivery} per target. An event seen twice in one stream (raw and {@code ausearch -i}, say) is
 * reported once.
 */
final class AuditParser implements KillParser {

  /** The most events open at once; past it the oldest is closed. */
  static final int MAX_OPEN = 64;

  /** Records after which an open event whose end never came is closed. */
  static final int MAX_AGE = 64;

  /** Records after which a journal event (no serial) stops taking records. */
  static final int JOURNAL_WAIT = 16;

  /** How many reported events are remembered to recognise a second rendering of one. */
  static final int MAX_SEEN = 4096;

  /** The longest command line kept in a send's detail. */
  static final int MAX_PROCTITLE = 256;

  private final int maxBlockLines;
  private final AuditTime clock;
  private final LinkedHashMap<String, Event> open = new LinkedHashMap<>(16, 0.75f, true);
  private @Nullable Event journal;
  private final Map<String, Boolean> seen = new LinkedHashMap<>(64, 0.75f, false) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > MAX_SEEN;
    }
  };
  private long count;

  AuditParser(int maxBlockLines, AuditTime clock) {
    this.maxBlockLines = maxBlockLines;
    this.clock = clock;
  }

  /** One record with where it was read. */
  private record Part(LogRecord log, AuditRecord audit) {}

  /** The records of one event read so far. */
  private static final class Event {
    final List<Part> parts = new ArrayList<>();
    long last;
    boolean syscall;
    boolean proctitle;
    boolean truncated;
  }

  @Override
  public long patience() {
    return open.isEmpty() && journal == null ? Long.MAX_VALUE : 0;
  }

  @Override
  public void skipped(long records) {
    count += records;
  }

  @Override
  public void accept(LogRecord record, EventSink sink) {
    count++;
    String m = record.message();
    AuditRecord r = AuditRecord.mayHold(m) ? AuditRecord.read(m) : null;
    if (r == null || r.type == AuditRecord.Type.OTHER) {
      age(sink);
      return;
    }
    if (r.type == AuditRecord.Type.SEPARATOR) {
      finish(sink);
      return;
    }
    if (!trusted(record)) {
      if (r.type == AuditRecord.Type.SYSCALL || r.type == AuditRecord.Type.ANOM_ABEND) {
        sink.warning(record, "an audit record written by a user process"
            + record.writer().map(w -> " (" + w + ")").orElse("") + "; not taken as the audit subsystem's word: "
            + m);
      }
      age(sink);
      return;
    }
    if (r.type == AuditRecord.Type.ANOM_ABEND) {
      abend(record, r, sink);
      age(sink);
      return;
    }
    if (r.form == AuditRecord.Form.JOURNAL) {
      journal(record, r, sink);
      age(sink);
      return;
    }
    String key = r.eventKey();
    if (key == null) {
      return;
    }
    if (r.type == AuditRecord.Type.EOE) {
      Event e = open.remove(key);
      if (e != null) {
        emit(e, sink);
      }
      age(sink);
      return;
    }
    Event e = open.get(key);
    if (e == null) {
      if (open.size() >= MAX_OPEN) {
        Iterator<Event> oldest = open.values().iterator();
        Event o = oldest.next();
        oldest.remove();
        emit(o, sink);
      }
      e = new Event();
      open.put(key, e);
    }
    add(e, record, r, sink);
    if (e.syscall && e.proctitle) {
      open.remove(key);
      emit(e, sink);
    }
    age(sink);
  }

  @Override
  public void finish(EventSink sink) {
    for (Event e : new ArrayList<>(open.values())) {
      emit(e, sink);
    }
    open.clear();
    Event j = journal;
    journal = null;
    if (j != null) {
      emit(j, sink);
    }
  }

  /**
   * Whether the audit subsystem wrote the record: the kernel's log, a bare line (an {@code audit.log} file), or a
   * userspace writer that relays audit records (the journal's audit transport, {@code audispd},
   * {@code audisp-syslog}, an {@code audit} tag).
   */
  private static boolean trusted(LogRecord record) {
    if (record.origin() != Origin.USERSPACE) {
      return true;
    }
    String id = record.identifier();
    return id != null && (id.startsWith("audit") || id.startsWith("audisp") || id.equals("sedispatch"));
  }

  private void add(Event e, LogRecord record, AuditRecord r, EventSink sink) {
    e.last = count;
    if (r.type == AuditRecord.Type.SYSCALL) {
      e.syscall = true;
    } else if (r.type == AuditRecord.Type.PROCTITLE) {
      e.proctitle = true;
    }
    if (e.parts.size() >= maxBlockLines) {
      if (!e.truncated) {
        e.truncated = true;
        sink.problem(record, "audit event longer than " + maxBlockLines + " records; the rest of it is not kept");
      }
      return;
    }
    e.parts.add(new Part(record, r));
  }

  /** Groups the journal's serial-less records: a SYSCALL and the OBJ_PID and PROCTITLE records right after it. */
  private void journal(LogRecord record, AuditRecord r, EventSink sink) {
    Event j = journal;
    if (r.type == AuditRecord.Type.SYSCALL) {
      if (j != null) {
        emit(j, sink);
      }
      j = new Event();
      journal = j;
      add(j, record, r, sink);
      return;
    }
    if (j == null || count - j.last > JOURNAL_WAIT
        || !sameSecond(j.parts.get(0).log().time(), record.time())) {
      return;
    }
    add(j, record, r, sink);
    if (r.type == AuditRecord.Type.PROCTITLE) {
      journal = null;
      emit(j, sink);
    }
  }

  private static boolean sameSecond(EventTime a, EventTime b) {
    if (a.wall() == null || b.wall() == null) {
      return true;
    }
    return a.wall().getEpochSecond() == b.wall().getEpochSecond();
  }

  /** Closes events whose end never came. */
  private void age(EventSink sink) {
    Iterator<Event> it = open.values().iterator();
    while (it.hasNext()) {
      Event e = it.next();
      if (count - e.last <= MAX_AGE) {
        break; // access order: the rest were touched later
      }
      it.remove();
      emit(e, sink);
    }
    Event j = journal;
    if (j != null && count - j.last > JOURNAL_WAIT) {
      journal = null;
      emit(j, sink);
    }
  }

  // ------------------------------------------------------------------ signal sends

  private void emit(Event e, EventSink sink) {
    Part call = null;
    Part title = null;
    List<Part> targets = new ArrayList<>();
    for (Part p : e.parts) {
      switch (p.audit().type) {
        case SYSCALL -> {
          if (call == null) {
            call = p;
          }
        }
        case OBJ_PID -> targets.add(p);
        case PROCTITLE -> {
          if (title == null) {
            title = p;
          }
        }
        default -> {}
      }
    }
    if (call == null) {
      return;
    }
    AuditFields f = call.audit().fields;
    Syscall sc = syscall(call.audit());
    if (sc == null || "no".equals(f.raw("success"))) {
      return; // not a signal send, or one that reached nobody
    }
    long sig = signal(f.raw("a" + sc.signalArg()), call.audit().form);
    Signal signal = Signal.fromNumber(sig).orElse(null);
    if (signal == null) {
      return; // 0 probes for existence; real-time signals have no name here
    }
    Long senderUid = f.id("uid");
    ProcessRef sender = new ProcessRef(f.id("pid"), null, f.text("comm"), Text.toInt(senderUid), null, null,
        null);
    String detail = detail(sc, f, title);
    EventTime time = clock.of(call.audit().stamp, call.log().time());
    Long a0 = f.hexArg("a0");
    Long a1 = f.hexArg("a1");
    int first = a0 == null ? 0 : (int) a0.longValue(); // pid_t: the low 32 bits, signed
    Long tid = sc.threadDirected() && a1 != null ? Long.valueOf((int) a1.longValue())
        : sc == Syscall.TKILL && a0 != null ? Long.valueOf(first) : null;
    if (targets.isEmpty()) {
      if (sc == Syscall.PIDFD_SEND_SIGNAL || first <= 0) {
        sink.problem(call.log(), "a " + signal.name() + " sent with " + sc.auditName() + " to "
            + (sc == Syscall.PIDFD_SEND_SIGNAL ? "a pidfd" : first == 0 ? "the sender's process group"
                : first == -1 ? "every process" : "process group " + (-(long) first))
            + " whose targets are not in the log");
        return;
      }
      ProcessRef victim = new ProcessRef((long) first, tid != null && tid != first ? tid : null, null, null,
          null, null, null);
      report(e, call, null, victim, time, signal, sender, sc, detail, sink);
      return;
    }
    for (Part t : targets) {
      AuditFields o = t.audit().fields;
      Long opid = o.id("opid");
      if (opid == null || opid == 0) {
        continue;
      }
      Long ouid = o.id("ouid");
      Long victimTid = tid != null && tid > 0 && !tid.equals(opid) && targets.size() == 1 ? tid : null;
      ProcessRef victim = new ProcessRef(opid, victimTid, o.text("ocomm"), Text.toInt(ouid), null, null, null);
      report(e, call, t, victim, time, signal, sender, sc, detail, sink);
    }
  }

  private void report(Event e, Part call, @Nullable Part target, ProcessRef victim, EventTime time, Signal signal,
      ProcessRef sender, Syscall sc, String detail, EventSink sink) {
    if (call.audit().stamp != null && seen.put(identity(call.audit()) + '|' + sc + '|' + sender.pid() + '|'
        + victim.pid(), Boolean.TRUE) != null) {
      return; // the same event rendered again (raw, then ausearch -i); the journal shows no serial to tell
    }
    List<LogRecord> evidence = new ArrayList<>();
    for (Part p : e.parts) {
      if (p.audit().type != AuditRecord.Type.OBJ_PID || p == target) {
        if (p.audit().type != AuditRecord.Type.OTHER) {
          evidence.add(p.log());
        }
      }
    }
    sink.event(new SignalDelivery(victim, time, evidence, signal, sender, sc.siCode(), Observer.AUDIT,
        SignalDelivery.Reason.UNSPECIFIED, detail, false, false));
  }

  /** What identifies one event whatever its rendering: node, serial and the stamp's milliseconds. */
  private static String identity(AuditRecord r) {
    String stamp = r.stamp == null ? "" : r.stamp;
    int dot = stamp.lastIndexOf('.');
    return (r.node == null ? "" : r.node) + '|' + r.serial + '|' + (dot < 0 ? stamp : stamp.substring(dot));
  }

  private static @Nullable Syscall syscall(AuditRecord r) {
    AuditFields f = r.fields;
    String name = f.raw("syscall");
    if (name == null) {
      return null;
    }
    if (r.form == AuditRecord.Form.INTERPRETED) {
      return Syscall.named(name);
    }
    Long arch = f.hexArg("arch");
    long number = AuditRecord.digits(name, 0, name.length());
    Syscall sc = arch == null || number < 0 ? null : Syscall.of(arch, number);
    if (sc == null) {
      String enriched = f.enriched("SYSCALL"); // the enriched format names it for architectures not listed here
      sc = enriched == null ? null : Syscall.named(enriched);
    }
    return sc;
  }

  /**
   * A signal argument: hex in the raw form ({@code a1=9}, {@code a2=f}); in the interpreted form a name
   * ({@code SIGKILL}, {@code SIG0}) or, for the syscalls {@code ausearch} does not interpret, hex ({@code 0xa}).
   *
   * @return the number, or -1
   */
  static long signal(@Nullable String v, AuditRecord.Form form) {
    if (v == null || v.isEmpty()) {
      return -1;
    }
    if (v.startsWith("SIG")) {
      if (v.equals("SIG0")) {
        return 0;
      }
      return Signal.fromName(v).map(Signal::number).orElse(-1);
    }
    Long n = AuditFields.parseHex(v.startsWith("0x") ? v.substring(2) : v);
    return n == null || n > 64 ? -1 : n;
  }

  private static String detail(Syscall sc, AuditFields f, @Nullable Part title) {
    StringBuilder b = new StringBuilder("syscall=").append(sc.auditName());
    String auid = f.raw("auid");
    if (auid != null) {
      boolean unset = auid.equals("4294967295") || auid.equals("-1") || auid.equals("unset");
      b.append(" auid=").append(unset ? "unset" : auid);
    }
    String tty = f.raw("tty");
    if (tty != null && !tty.equals("(none)")) {
      b.append(" tty=").append(tty);
    }
    String ses = f.raw("ses");
    if (ses != null && !ses.equals("4294967295") && !ses.equals("-1") && !ses.equals("unset")) {
      b.append(" ses=").append(ses);
    }
    String exe = f.text("exe");
    if (exe != null) {
      b.append(" exe=").append(exe);
    }
    String key = f.text("key");
    if (key != null) {
      b.append(" key=").append(key);
    }
    String proctitle = title == null ? null : title.audit().fields.text("proctitle");
    if (proctitle != null) {
      b.append(" proctitle=").append(proctitle.length() > MAX_PROCTITLE
          ? proctitle.substring(0, MAX_PROCTITLE) + "…" : proctitle);
    }
    return b.toString();
  }

  // ------------------------------------------------------------------ abnormal ends

  private void abend(LogRecord record, AuditRecord r, EventSink sink) {
    AuditFields f = r.fields;
    String sig = f.raw("sig");
    long number = sig == null ? -1
        : sig.startsWith("SIG") ? signal(sig, r.form) : AuditRecord.digits(sig, 0, sig.length());
    Signal signal = Signal.fromNumber(number).orElse(null);
    if (signal == null) {
      return;
    }
    Long pid = f.id("pid");
    if (r.stamp != null && seen.put("abend|" + identity(r) + '|' + pid, Boolean.TRUE) != null) {
      return;
    }
    CrashType type = switch (signal) {
      case SIGSEGV -> CrashType.SEGFAULT;
      case SIGABRT -> CrashType.ABORT;
      case SIGBUS -> CrashType.BUS_ERROR;
      default -> CrashType.CORE_DUMP;
    };
    ProcessRef victim = new ProcessRef(pid, null, f.text("comm"), Text.toInt(f.id("uid")), null, null, null);
    // the kernel writes ANOM_ABEND before it decides whether a core can be written: it does not say
    sink.event(new Crash(victim, clock.of(r.stamp, record.time()), List.of(record), type, signal, null, null,
        null, null, null, null, null, List.of()));
  }
}
