package dev.whokilled.classify;

import dev.whokilled.Cause;
import dev.whokilled.Verdict;
import dev.whokilled.correlate.EventGroup;
import dev.whokilled.event.Observer;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.event.SignalDelivery;
import dev.whokilled.event.SignalDelivery.Reason;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The verdict one {@link SignalDelivery} proposes on its own; {@link GroupRules} weighs it against the rest. */
final class SignalVerdicts {

  private SignalVerdicts() {}

  /** Service managers and supervisors, by the name a sender shows. */
  static final Set<String> MANAGERS = Set.of("systemd", "init", "upstart", "supervisord", "runsv", "s6-supervise",
      "launchd", "monit", "circusd", "pm2", "containerd-shim", "tini", "dumb-init");

  /** Userspace memory killers, by the name a sender shows. */
  static final Set<String> OOM_DAEMONS = Set.of("earlyoom", "systemd-oomd", "oomd", "nohang", "low-memory-mon",
      "lmkd");

  /** The signals a CPU fault raises. */
  static final Set<Signal> FAULTS =
      Set.of(Signal.SIGSEGV, Signal.SIGBUS, Signal.SIGILL, Signal.SIGFPE, Signal.SIGABRT, Signal.SIGTRAP);

  /** The verdict of one delivery. */
  static List<Verdict> propose(SignalDelivery s, EventGroup g) {
    String who = g.victim().describe();
    Signal sig = s.signal();
    String sigName = sig == null ? "a signal" : sig.name();
    String cite = Describe.cite(s.evidence().get(0));
    ProcessRef sender = named(s.sender());
    String detail = s.detail() == null ? "" : " (" + s.detail() + ")";

    if (s.reason() == Reason.MEMORY) {
      if (sender != null && isOomDaemon(sender)) {
        return List.of(new Verdict(Cause.USERSPACE_OOM, 0.9, sender, sig,
            sender.comm() + " killed " + who + " under memory pressure.",
            observer(s) + " says a userspace memory killer did it: " + cite, s.evidence(), List.of()));
      }
      return List.of(new Verdict(Cause.KERNEL_OOM, 0.6, null, sig,
          "The kernel's OOM killer killed " + who + ", says " + observer(s) + ".",
          observer(s) + " says the OOM killer did it, but the kernel's own report was not among the input: "
              + cite,
          s.evidence(),
          List.of(Advice.KERNEL_LOG, "If the unit has a memory limit (MemoryMax=, MemoryHigh=), it may have been "
              + "that cgroup's limit rather than the whole machine: systemctl show -p MemoryMax the unit.")));
    }
    if (s.reason() == Reason.RESOURCE_LIMIT
        || (sig == Signal.SIGXCPU || sig == Signal.SIGXFSZ) && (sender == null || isKernel(s))) {
      String limit = sig == Signal.SIGXFSZ ? "file size (RLIMIT_FSIZE)" : "CPU time (RLIMIT_CPU)";
      return List.of(new Verdict(Cause.RESOURCE_LIMIT, s.fatal() ? 0.92 : 0.8, null, sig,
          who + " exceeded its " + limit + " limit and got " + sigName + ".",
          "the kernel sends " + sigName + " when that limit is exceeded: " + cite, s.evidence(),
          List.of(Advice.LIMITS)));
    }
    boolean managerReason = s.reason() == Reason.STOP || s.reason() == Reason.STOP_TIMEOUT
        || s.reason() == Reason.WATCHDOG || s.reason() == Reason.RUNTIME_LIMIT;
    if (managerReason || sender != null && isManager(sender)) {
      ProcessRef manager = sender != null ? sender
          : s.observer() == Observer.SERVICE_MANAGER ? ProcessRef.of(1L, "systemd") : null;
      String by = manager == null ? "Its service manager" : "The service manager " + manager.describe();
      return List.of(new Verdict(Cause.SERVICE_MANAGER, s.fatal() || managerReason ? 0.93 : 0.8, manager, sig,
          by + " " + action(s.reason()) + " " + who + " with " + sigName + detail + ".",
          observer(s) + " says so: " + cite, s.evidence(), managerAdvice(s.reason(), g)));
    }
    if (selfSent(s)) {
      // a process that signals itself: abort() raises SIGABRT, a program may kill -9 $$
      boolean fault = sig != null && FAULTS.contains(sig);
      String how = sig == Signal.SIGABRT ? " (abort() does that)" : "";
      return List.of(new Verdict(fault ? CrashVerdicts.causeOf(sig) : Cause.SIGNAL,
          s.fatal() || sig == Signal.SIGKILL ? 0.92 : 0.7, fault ? null : sender, sig,
          who + " sent " + sigName + " to itself" + how + ".", observer(s) + " shows the sender is the process "
              + "itself: " + cite, s.evidence(), fault ? List.of(Advice.CORE) : List.of()));
    }
    if (sender != null) {
      double c;
      if (s.observer() == Observer.AUDIT || s.observer() == Observer.STRACE || s.observer() == Observer.BPF
          || s.observer() == Observer.SYSTEMTAP) {
        c = s.fatal() || sig == Signal.SIGKILL ? 0.97 : 0.75;
      } else {
        c = s.fatal() ? 0.9 : 0.7;
      }
      return List.of(new Verdict(Cause.SIGNAL, c, sender, sig,
          sender.describe() + " sent " + sigName + " to " + who + detail + ".",
          observer(s) + " names the sender: " + cite, s.evidence(), List.of()));
    }
    if (sig != null && FAULTS.contains(sig)) {
      return List.of(new Verdict(CrashVerdicts.causeOf(sig), s.fatal() ? 0.75 : 0.5, null, sig,
          who + " died of " + sigName + (s.coreDumped() ? " and dumped core" : "") + ".",
          "a fault signal with no sender named, which is how a crash ends: " + cite, s.evidence(),
          List.of(s.coreDumped() ? Advice.CORE_DEBUG : Advice.CORE)));
    }
    return List.of(new Verdict(Cause.UNKNOWN, s.fatal() ? 0.6 : 0.35, null, sig,
        who + (s.fatal() ? " died of " : " received ") + sigName + " and nothing shows who sent it.",
        observer(s) + " saw the signal but not its sender: " + cite, s.evidence(), List.of()));
  }

  /** Whether the sender is the receiver itself ({@code abort()}, {@code kill -9 $$}, a JVM's thread dump). */
  static boolean selfSent(SignalDelivery s) {
    Long victim = s.victim().pid();
    return victim != null && s.sender() != null && victim.equals(s.sender().pid());
  }

  /** The sender when it is a process that names itself: not absent, not pid 0 (the kernel, or outside). */
  static @Nullable ProcessRef named(@Nullable ProcessRef sender) {
    if (sender == null) {
      return null;
    }
    Long pid = sender.pid();
    if (pid != null && pid == 0) {
      return null;
    }
    return pid == null && sender.comm() == null ? null : sender;
  }

  static boolean isManager(ProcessRef p) {
    return p.pid() != null && p.pid() == 1 || p.comm() != null && MANAGERS.contains(p.comm());
  }

  static boolean isOomDaemon(ProcessRef p) {
    return p.comm() != null && OOM_DAEMONS.contains(p.comm());
  }

  private static boolean isKernel(SignalDelivery s) {
    return "SI_KERNEL".equals(s.siCode());
  }

  /** The observer as a reader knows it: {@code strace}, {@code the audit log}. */
  static String observer(SignalDelivery s) {
    return switch (s.observer()) {
      case KERNEL -> "the kernel";
      case STRACE -> "strace";
      case AUDIT -> "the audit log";
      case SERVICE_MANAGER -> "the service manager";
      case SHELL -> "the shell";
      case SYSTEMTAP -> "systemtap";
      case BPF -> "a bpf tracer";
      case ACCOUNTING -> "process accounting";
      case APPLICATION -> "the application's log";
      case OOM_DAEMON -> "the memory killer";
    };
  }

  private static String action(Reason r) {
    return switch (r) {
      case STOP -> "stopped";
      case STOP_TIMEOUT -> "killed, after its stop timed out,";
      case WATCHDOG -> "killed, after its watchdog timed out,";
      case RUNTIME_LIMIT -> "stopped, at its maximum run time,";
      default -> "killed";
    };
  }

  private static List<String> managerAdvice(Reason r, EventGroup g) {
    String unit = g.victim().unit() == null ? "the unit" : g.victim().unit();
    return switch (r) {
      case STOP_TIMEOUT -> List.of("It did not exit in time after SIGTERM: make it handle SIGTERM faster, or raise "
          + "TimeoutStopSec= for " + unit + ".");
      case WATCHDOG -> List.of("It stopped answering its watchdog (sd_notify WATCHDOG=1): raise WatchdogSec= for "
          + unit + " or find why it hung (the core systemd asks for on SIGABRT helps).");
      case RUNTIME_LIMIT -> List.of("RuntimeMaxSec= of " + unit + " ended it; raise it if that was not intended.");
      default -> List.of("journalctl -u " + unit + " shows who asked for the stop (a systemctl call, a "
          + "dependency, a shutdown).");
    };
  }
}
