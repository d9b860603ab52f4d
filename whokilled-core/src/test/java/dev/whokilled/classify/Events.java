package dev.whokilled.classify;

import dev.whokilled.Death;
import dev.whokilled.correlate.BootClock;
import dev.whokilled.correlate.Correlator;
import dev.whokilled.event.Constraint;
import dev.whokilled.event.ContainerKill;
import dev.whokilled.event.ContainerRef;
import dev.whokilled.event.Crash;
import dev.whokilled.event.CrashType;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.KillEvent;
import dev.whokilled.event.MemoryKiller;
import dev.whokilled.event.Observer;
import dev.whokilled.event.OomKill;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.event.SignalDelivery;
import dev.whokilled.event.VictimMemory;
import dev.whokilled.framing.Format;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.framing.Origin;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Events as parsers emit them, built by hand for classifier and correlator tests. */
final class Events {

  private Events() {}

  static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  static EventTime at(long millis) {
    return EventTime.ofWall(T0.plusMillis(millis), EventTime.Precision.MILLIS);
  }

  static LogRecord line(String source, long line, String text, EventTime t) {
    return new LogRecord(source, line, text, text, Format.PLAIN, Origin.UNKNOWN, t, null, null, null, -1, -1, 0,
        -1);
  }

  static SignalDelivery signal(String source, ProcessRef victim, EventTime t, @Nullable Signal sig,
      @Nullable ProcessRef sender, Observer observer, SignalDelivery.Reason reason, boolean fatal) {
    return new SignalDelivery(victim, t, List.of(line(source, 1, source + " saw " + sig, t)), sig, sender,
        sender == null ? null : "SI_USER", observer, reason, null, fatal, false);
  }

  static SignalDelivery fatal(String source, long pid, String comm, EventTime t, Signal sig, Observer observer) {
    return signal(source, ProcessRef.of(pid, comm), t, sig, null, observer, SignalDelivery.Reason.UNSPECIFIED, true);
  }

  static SignalDelivery sent(String source, long pid, String comm, EventTime t, Signal sig, long senderPid,
      String senderComm) {
    return signal(source, ProcessRef.of(pid, comm), t, sig, ProcessRef.of(senderPid, senderComm), Observer.AUDIT,
        SignalDelivery.Reason.UNSPECIFIED, false);
  }

  static OomKill oom(long pid, String comm, @Nullable String cgroup, EventTime t) {
    ProcessRef victim = ProcessRef.of(pid, comm).withCgroup(cgroup);
    return new OomKill(victim, t, List.of(line("kern.log", 5, "Memory cgroup out of memory: Killed process " + pid,
        t)), MemoryKiller.KERNEL, ProcessRef.of(pid, comm), cgroup == null ? Constraint.NONE : Constraint.MEMCG, cgroup, null, null,
        null, false, new VictimMemory(1L << 20, 1L << 19, 0L, 0L, null, null, null), null, null, null, List.of(),
        null, null, false, false, false, null, Signal.SIGKILL);
  }

  static Crash core(long pid, String comm, EventTime t, Signal sig) {
    CrashType type = sig == Signal.SIGSEGV ? CrashType.SEGFAULT : sig == Signal.SIGABRT ? CrashType.ABORT
        : CrashType.CORE_DUMP;
    return new Crash(ProcessRef.of(pid, comm), t, List.of(line("journal", 9, "Process " + pid + " dumped core.", t)),
        type, sig, null, null, null, null, null, null, true, List.of());
  }

  static ContainerKill report(String source, ContainerRef c, @Nullable Long pid, EventTime t,
      ContainerKill.Reason reason, @Nullable Integer exitCode, @Nullable String detail) {
    Signal sig = exitCode != null && exitCode > 128 ? Signal.fromNumber(exitCode - 128).orElse(null) : null;
    if (reason == ContainerKill.Reason.KILLED) {
      sig = Signal.SIGKILL;
    }
    return new ContainerKill(new ProcessRef(pid, null, null, null, null, c, null), t,
        List.of(line(source, 3, source + " says " + reason + " " + exitCode, t)), reason, exitCode, sig,
        source, detail);
  }

  static List<Death> classify(KillEvent... events) {
    return Classifier.classify(Correlator.correlate(List.of(events), BootClock.NONE));
  }
}
