package dev.whokilled.parsers.trace;

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
import org.jspecify.annotations.Nullable;

/**
 * Reads the output of systemtap's signal scripts, both built on the {@code signal.send} probe.
 *
 * <ul>
 *   <li>{@code sigmon.stp} (systemtap's {@code testsuite/systemtap.examples/process/sigmon.stp}): a table
 *       {@code SPID SNAME RPID RNAME SIGNUM SIGNAME} ({@code %-8d %-16s %-5d %-16s %-6d %-16s}), in copies with
 *       a {@code TIME} column first ({@code ctime()}, {@code %-30s}). A row is taken with or without its header
 *       when its {@code SIGNUM} is the number of its {@code SIGNAME}.</li>
 *   <li>{@code sigkill.stp} (Red Hat's example, and its copies): {@code SIGKILL was sent to NAME (pid:N) by
 *       SENDER uid:U}, in copies with the sender's {@code (pid:N)}, a {@code using FUNCTION} tail, or a
 *       {@code tz_ctime(): sig.send: } head.</li>
 *   <li>Red Hat's {@code rpm-deathwatch} (a systemtap service built on the same script): {@code TIME ZONE: sig.send:
 *       SIGKILL was sent to yum (pid:13064) by uid:0 using signal_generate} (the sender's name is often empty),
 *       {@code TIME ZONE: sys.kill: kill(pid:13155) called kill(13064, SIGKILL)} (older: {@code kill(13155) called
 *       kill 13064, SIGKILL killed yum}) and {@code TIME ZONE: kprocess.exit: yum(pid:13064) - Code   9 - "…"}, whose
 *       code is the wait status: the sends are held until the receiver's exit, which makes one fatal
 *       {@link SignalDelivery} (or, after a plain exit, a non-fatal one) naming the sender; sends whose receiver's
 *       exit never shows are emitted, not fatal, when the stream ends.</li>
 * </ul>
 *
 * <p>Each send of a terminating signal becomes a non-fatal {@link SignalDelivery} naming its sender (the probe
 * fires when the signal is sent, whether or not the receiver then dies of it). Names are read by position: the
 * sender's name fills a 16-character column, so the receiver's pid starts at most 17 characters after it.
 */
final class SystemtapParser implements KillParser {

  /** Most receivers whose sends are held for their exit. */
  static final int MAX_HELD = 4096;

  private final TracerClock clock;
  /** Where the {@code SPID} column starts when the table has a {@code TIME} column, else -1. */
  private int spidColumn = -1;
  /** Sends seen by rpm-deathwatch, by receiver, least recently touched first. */
  private final LinkedHashMap<Long, Held> held = new LinkedHashMap<>(16, 0.75f, true);

  /** A send held until its receiver's exit shows. */
  private static final class Held {
    final long pid;
    @Nullable String comm;
    final Signal signal;
    @Nullable ProcessRef sender;
    final List<LogRecord> evidence = new ArrayList<>(2);
    EventTime time;

    Held(long pid, @Nullable String comm, Signal signal, EventTime time) {
      this.pid = pid;
      this.comm = comm;
      this.signal = signal;
      this.time = time;
    }
  }

  SystemtapParser(TracerClock clock) {
    this.clock = clock;
  }

  @Override
  public void accept(LogRecord record, EventSink sink) {
    if (record.origin() == Origin.KERNEL || record.origin() == Origin.KERNEL_LOG) {
      return; // a systemtap script's output is a command's, never in the kernel's log
    }
    String m = record.message();
    int sent = m.indexOf(" was sent to ");
    if (sent >= 0 && sentence(record, m, sent, sink)) {
      return;
    }
    int kill = m.indexOf("sys.kill: ");
    if (kill >= 0 && headed(m, kill) && sysKill(record, m, kill, sink)) {
      return;
    }
    int exit = m.indexOf("kprocess.exit: ");
    if (exit >= 0 && headed(m, exit) && exit(record, m, exit, sink)) {
      return;
    }
    if (m.indexOf("SIG") < 0) {
      return;
    }
    if (m.indexOf("SPID") >= 0 && m.indexOf("SIGNAME") >= 0 && header(m)) {
      return;
    }
    row(record, m, sink);
  }

  /** Whether a probe's name at {@code at} starts the line or follows a stamp's {@code ": "}. */
  private static boolean headed(String m, int at) {
    return at == 0 || at >= 2 && m.startsWith(": ", at - 2);
  }

  /** Reads the table's header; whether it was one. */
  private boolean header(String m) {
    List<Columns.Token> t = Columns.tokens(m, 0, m.length(), 8);
    if (t == null) {
      return false;
    }
    int first = t.size() == 7 && t.get(0).of(m).equals("TIME") ? 1 : 0;
    if (t.size() - first != 6) {
      return false;
    }
    String[] expected = {"SPID", "SNAME", "RPID", "RNAME", "SIGNUM", "SIGNAME"};
    for (int i = 0; i < 6; i++) {
      if (!t.get(first + i).of(m).equals(expected[i])) {
        return false;
      }
    }
    spidColumn = first == 1 ? t.get(1).start() : -1;
    return true;
  }

  private void row(LogRecord record, String m, EventSink sink) {
    int end = m.length();
    while (end > 0 && Columns.blank(m.charAt(end - 1))) {
      end--;
    }
    int nameStart = end;
    while (nameStart > 0 && !Columns.blank(m.charAt(nameStart - 1))) {
      nameStart--;
    }
    int numEnd = nameStart;
    while (numEnd > 0 && Columns.blank(m.charAt(numEnd - 1))) {
      numEnd--;
    }
    int numStart = numEnd;
    while (numStart > 0 && !Columns.blank(m.charAt(numStart - 1))) {
      numStart--;
    }
    if (numStart >= numEnd || nameStart >= end) {
      return;
    }
    Long number = Columns.integer(m, numStart, numEnd);
    Signal sig = Columns.signal(m.substring(nameStart, end));
    if (number == null || sig == null || sig.number() != number) {
      return;
    }
    EventTime at = record.time();
    int from = 0;
    if (spidColumn > 0 && m.length() > spidColumn && Columns.blank(m.charAt(spidColumn - 1))) {
      EventTime t = clock.ctime(m.substring(0, spidColumn).trim());
      if (t != null) {
        at = t;
        from = spidColumn;
      }
    }
    int spidStart = Columns.skipBlanks(m, from);
    int spidEnd = Columns.tokenEnd(m, spidStart);
    Long spid = Columns.integer(m, spidStart, spidEnd);
    if (spid == null || spid < 0 || spidEnd >= numStart) {
      return;
    }
    int snameStart = Columns.skipBlanks(m, spidEnd);
    // RPID starts 1 to 17 characters after SNAME does; the last such start that leaves a name behind it wins
    for (int p = Math.min(snameStart + 17, numStart - 1); p > snameStart; p--) {
      if (!Columns.blank(m.charAt(p - 1)) || Columns.blank(m.charAt(p))) {
        continue;
      }
      int rpidEnd = Columns.tokenEnd(m, p);
      Long rpid = Columns.integer(m, p, rpidEnd);
      if (rpid == null || rpid <= 0 || rpidEnd >= numStart) {
        continue;
      }
      String rname = m.substring(rpidEnd, numStart).trim();
      String sname = m.substring(snameStart, p).trim();
      if (rname.isEmpty() || sname.isEmpty()) {
        continue;
      }
      if (Columns.TERMINATING.contains(sig)) {
        sink.event(new SignalDelivery(ProcessRef.of(rpid, rname), at, List.of(record), sig,
            ProcessRef.of(spid, sname), null, Observer.SYSTEMTAP, SignalDelivery.Reason.UNSPECIFIED,
            "seen by systemtap's signal.send probe", false, false));
      }
      return;
    }
  }

  /**
   * {@code [TIME: sig.send: ]SIGKILL was sent to NAME (pid:N) by SENDER [(pid:M)] uid:U[ using F]}; whether the line
   * was one.
   */
  private boolean sentence(LogRecord record, String m, int sent, EventSink sink) {
    int sigStart = sent;
    while (sigStart > 0 && !Columns.blank(m.charAt(sigStart - 1)) && m.charAt(sigStart - 1) != ':') {
      sigStart--;
    }
    Signal sig = Columns.signal(m.substring(sigStart, sent));
    if (sig == null || !(sigStart == 0 || m.substring(0, sigStart).trim().endsWith(":"))) {
      return false;
    }
    String head = m.substring(0, sigStart).trim();
    boolean deathwatch = head.endsWith("sig.send:");
    EventTime at = head(record, head);
    int nameStart = sent + " was sent to ".length();
    // the receiver's name ends at the first " (pid:N) by "
    int open = m.indexOf(" (pid:", nameStart);
    Long rpid = null;
    int by = -1;
    while (open >= 0) {
      int d = open + 6;
      int e = d;
      while (e < m.length() && m.charAt(e) >= '0' && m.charAt(e) <= '9') {
        e++;
      }
      if (e > d && e - d <= 10 && m.startsWith(") by ", e)) {
        rpid = Columns.integer(m, d, e);
        by = e + 5;
        break;
      }
      open = m.indexOf(" (pid:", open + 1);
    }
    if (rpid == null || rpid <= 0) {
      return false;
    }
    String rname = m.substring(nameStart, open);
    int uidAt = m.lastIndexOf("uid:");
    if (uidAt < by || uidAt > by && m.charAt(uidAt - 1) != ' ') {
      return false;
    }
    Long uid = Text.number(m, uidAt + 4);
    String sender = m.substring(by, uidAt).trim();
    Long spid = null;
    if (sender.endsWith(")")) {
      int p = sender.lastIndexOf("(pid:");
      if (p >= 0) {
        spid = Columns.integer(sender, p + 5, sender.length() - 1);
        if (spid != null) {
          sender = sender.substring(0, p).trim();
        }
      }
    }
    if (rname.isEmpty()) {
      return false;
    }
    if (!Columns.TERMINATING.contains(sig)) {
      return true; // a send read, not kept
    }
    ProcessRef from = new ProcessRef(spid, null, sender.isEmpty() ? null : sender, Text.toInt(uid), null, null,
        null);
    if (deathwatch) {
      hold(record, at, rpid, rname, sig, from, sink);
      return true;
    }
    sink.event(new SignalDelivery(ProcessRef.of(rpid, rname), at, List.of(record), sig, from, null,
        Observer.SYSTEMTAP, SignalDelivery.Reason.UNSPECIFIED, "seen by systemtap's signal.send probe", false,
        false));
    return true;
  }

  /** The time a {@code ctime}/{@code tz_ctime} head gives ({@code … 2020 EST: sig.send:}), else the record's. */
  private EventTime head(LogRecord record, String head) {
    String h = head;
    int colon = h.lastIndexOf(": ");
    if (h.endsWith(":") && colon >= 0) {
      h = h.substring(0, colon); // "TIME ZONE: sig.send:" → "TIME ZONE"
    } else if (h.endsWith(":")) {
      h = h.substring(0, h.length() - 1);
    }
    h = h.trim();
    EventTime t = h.isEmpty() ? null : ctimeWithZone(h);
    return t != null ? t : record.time();
  }

  /**
   * {@code TIME: sys.kill: NAME(pid:N) called kill(T, SIG)}, or older {@code NAME(N) called kill T, SIG killed X};
   * whether the line was one.
   */
  private boolean sysKill(LogRecord record, String m, int at, EventSink sink) {
    // the last one: the sender's name may itself say " called kill" (found by fuzzing)
    int called = m.lastIndexOf(" called kill");
    if (called < at) {
      return false;
    }
    int from = at + "sys.kill: ".length();
    if (called < from) {
      return false;
    }
    String who = m.substring(from, called);
    if (!who.endsWith(")")) {
      return false;
    }
    int open = who.lastIndexOf('(');
    if (open <= 0) {
      return false;
    }
    String pidText = who.substring(open + 1, who.length() - 1);
    if (pidText.startsWith("pid:")) {
      pidText = pidText.substring(4);
    }
    Long spid = Columns.integer(pidText, 0, pidText.length());
    String name = who.substring(0, open);
    int args = called + " called kill".length();
    if (args < m.length() && m.charAt(args) == '(') {
      args++;
    }
    args = Columns.skipBlanks(m, args);
    int comma = m.indexOf(',', args);
    if (spid == null || comma < 0) {
      return false;
    }
    Long target = Columns.integer(m, args, comma);
    int sigStart = Columns.skipBlanks(m, comma + 1);
    int sigEnd = sigStart;
    while (sigEnd < m.length() && m.charAt(sigEnd) != ')' && !Columns.blank(m.charAt(sigEnd))) {
      sigEnd++;
    }
    Signal sig = Columns.signal(m.substring(sigStart, sigEnd));
    if (target == null || target <= 0 || sig == null || !Columns.TERMINATING.contains(sig)) {
      return false;
    }
    EventTime time = head(record, m.substring(0, at).trim() + " sys.kill:");
    hold(record, time, target, null, sig, ProcessRef.of(spid, name.isEmpty() ? null : name), sink);
    return true;
  }


  private void hold(LogRecord record, EventTime time, long pid, @Nullable String comm, Signal sig,
      ProcessRef sender, EventSink sink) {
    Held h = held.get(pid);
    if (h != null && h.signal != sig) {
      emitHeld(h, sink);
      held.remove(pid);
      h = null;
    }
    if (h == null) {
      h = new Held(pid, comm, sig, time);
      held.put(pid, h);
      if (held.size() > MAX_HELD) {
        Iterator<Held> it = held.values().iterator();
        Held eldest = it.next();
        it.remove();
        emitHeld(eldest, sink);
      }
    }
    if (h.comm == null) {
      h.comm = comm;
    }
    h.sender = merge(h.sender, sender);
    if (h.evidence.size() < 4) {
      h.evidence.add(record);
    }
  }

  /** One sender from two witnesses of the same send: the pid and name of one, the uid of the other. */
  private static ProcessRef merge(@Nullable ProcessRef a, ProcessRef b) {
    if (a == null) {
      return b;
    }
    return new ProcessRef(a.pid() != null ? a.pid() : b.pid(), null, a.comm() != null ? a.comm() : b.comm(),
        a.uid() != null ? a.uid() : b.uid(), null, null, null);
  }

  private static void emitHeld(Held h, EventSink sink) {
    sink.event(new SignalDelivery(ProcessRef.of(h.pid, h.comm), h.time, h.evidence, h.signal, h.sender, null,
        Observer.SYSTEMTAP, SignalDelivery.Reason.UNSPECIFIED, "seen by rpm-deathwatch; its exit did not show",
        false, false));
  }

  /** {@code TIME: kprocess.exit: NAME(pid:N) - Code C - "cmdline"}; C is the wait status; whether the line was one. */
  private boolean exit(LogRecord record, String m, int at, EventSink sink) {
    int from = at + "kprocess.exit: ".length();
    int codeAt = m.indexOf(" - Code ", from);
    if (codeAt < 0) {
      return false;
    }
    String who = m.substring(from, codeAt);
    int open = who.lastIndexOf("(pid:");
    if (open < 0 || !who.endsWith(")")) {
      return false;
    }
    Long pid = Columns.integer(who, open + 5, who.length() - 1);
    Long status = Text.number(m, codeAt + 8);
    if (pid == null || pid <= 0 || status == null || status < 0) {
      return false;
    }
    String name = who.substring(0, open);
    int termsig = (int) (status & 0x7f);
    boolean core = (status & 0x80) != 0;
    Held h = held.remove(pid);
    EventTime time = head(record, m.substring(0, at).trim() + " kprocess.exit:");
    List<LogRecord> evidence = new ArrayList<>();
    if (h != null) {
      evidence.addAll(h.evidence);
    }
    evidence.add(record);
    ProcessRef victim = ProcessRef.of(pid, name.isEmpty() ? h == null ? null : h.comm : name);
    if (termsig != 0) {
      Signal sig = Signal.fromNumber(termsig).orElse(null);
      if (sig == null) {
        return false;
      }
      ProcessRef sender = h != null && h.signal == sig ? h.sender : null;
      if (h != null && h.signal != sig) {
        emitHeld(h, sink);
        evidence.subList(0, evidence.size() - 1).clear();
      }
      sink.event(new SignalDelivery(victim, time, evidence, sig, sender, null, Observer.SYSTEMTAP,
          SignalDelivery.Reason.UNSPECIFIED, null, true, core));
    } else if (h != null) {
      sink.event(new SignalDelivery(victim, time, evidence, h.signal, h.sender, null, Observer.SYSTEMTAP,
          SignalDelivery.Reason.UNSPECIFIED, "exited with " + (status >> 8) + " after it", false, false));
    }
    return true;
  }


  @Override
  public void finish(EventSink sink) {
    for (Held h : held.values()) {
      emitHeld(h, sink);
    }
    held.clear();
  }

  /** A {@code ctime()} stamp, or a {@code tz_ctime()} one with its zone's abbreviation after the year. */
  private @Nullable EventTime ctimeWithZone(String s) {
    EventTime t = clock.ctime(s);
    if (t != null) {
      return t;
    }
    int sp = s.lastIndexOf(' ');
    return sp > 0 ? clock.ctime(s.substring(0, sp)) : null;
  }
}
