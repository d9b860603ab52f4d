package dev.whokilled.classify;

import dev.whokilled.Cause;
import dev.whokilled.Verdict;
import dev.whokilled.correlate.EventGroup;
import dev.whokilled.event.ContainerKill;
import dev.whokilled.event.Crash;
import dev.whokilled.event.Observer;
import dev.whokilled.event.Signal;
import dev.whokilled.event.SignalDelivery;
import java.util.ArrayList;
import java.util.List;

/** The verdicts of signals, crashes and container runtimes' reports. */
final class OtherVerdicts {

  private OtherVerdicts() {}

  static final String ADVICE_AUDIT =
      "Add an audit rule for kill syscalls (auditctl -a always,exit -F arch=b64 -S kill,tkill,tgkill "
          + "-F a1=9 -k whokilled) so the next sender is named.";
  static final String ADVICE_CORE =
      "Allow core dumps (ulimit -c unlimited, or LimitCORE=infinity for a systemd unit) and check "
          + "/proc/sys/kernel/core_pattern, so the next crash leaves a core to debug.";

  static List<Verdict> signal(SignalDelivery s, EventGroup g) {
    List<Verdict> out = new ArrayList<>();
    String who = g.victim().describe();
    Signal sig = s.signal();
    String cite = Describe.cite(s.evidence().get(0));
    if (sig == Signal.SIGXCPU || sig == Signal.SIGXFSZ) {
      String limit = sig == Signal.SIGXCPU ? "CPU time (RLIMIT_CPU)" : "file size (RLIMIT_FSIZE)";
      out.add(new Verdict(Cause.RESOURCE_LIMIT, 0.9, null, sig,
          who + " exceeded its " + limit + " limit and got " + sig.name() + ".",
          "the kernel sends " + sig.name() + " when that limit is exceeded: " + cite, s.evidence(),
          List.of("Check the process's limits (ulimit -a, LimitCPU=/LimitFSIZE= for a systemd unit).")));
      return out;
    }
    if (s.observer() == Observer.SERVICE_MANAGER) {
      out.add(new Verdict(Cause.SERVICE_MANAGER, 0.9, s.sender(), sig,
          "The service manager stopped " + who + " with " + sig.name() + ".", "it says so: " + cite,
          s.evidence(), List.of()));
      return out;
    }
    if (s.sender() != null && s.sender().pid() != null && s.sender().pid() != 0) {
      double c = s.observer() == Observer.AUDIT || s.observer() == Observer.STRACE ? 0.97 : 0.9;
      out.add(new Verdict(Cause.SIGNAL, s.fatal() ? c : c - 0.2, s.sender(), sig,
          s.sender().describe() + " sent " + sig.name() + " to " + who + ".",
          s.observer().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
              + " names the sender: " + cite,
          s.evidence(), List.of()));
      return out;
    }
    if (sig == Signal.SIGSEGV || sig == Signal.SIGBUS || sig == Signal.SIGILL || sig == Signal.SIGFPE
        || sig == Signal.SIGABRT) {
      Cause cause = switch (sig) {
        case SIGSEGV -> Cause.CRASH_SEGFAULT;
        case SIGABRT -> Cause.CRASH_ABORT;
        default -> Cause.CRASH;
      };
      out.add(new Verdict(cause, 0.7, null, sig, who + " died of " + sig.name() + ".",
          "a fault signal with no sender named: " + cite, s.evidence(), List.of(ADVICE_CORE)));
      return out;
    }
    out.add(new Verdict(Cause.UNKNOWN, s.fatal() ? 0.6 : 0.3, null, sig,
        who + " died of " + sig.name() + " and nothing shows who sent it.",
        "the signal was seen but not its sender: " + cite, s.evidence(), List.of(ADVICE_AUDIT)));
    if (sig == Signal.SIGKILL) {
      out.add(new Verdict(Cause.KERNEL_OOM, 0.15, null, sig, "perhaps the OOM killer, outside the logs' window",
          "the kernel's OOM killer sends SIGKILL; no OOM report was found near this death", List.of(),
          List.of("Read the kernel log of that time (journalctl -k, kern.log) for an OOM report.")));
    }
    return out;
  }

  static List<Verdict> crash(Crash c, EventGroup g) {
    String who = g.victim().describe();
    Cause cause = switch (c.type()) {
      case SEGFAULT -> Cause.CRASH_SEGFAULT;
      case GENERAL_PROTECTION, DIVIDE_ERROR, INVALID_OPCODE, INT3, OTHER_TRAP -> Cause.CRASH_TRAP;
      case ABORT -> Cause.CRASH_ABORT;
      default -> Cause.CRASH;
    };
    String what = c.type().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    List<String> advice = Boolean.TRUE.equals(c.coreDumped()) ? List.of() : List.of(ADVICE_CORE);
    return List.of(new Verdict(cause, 0.95, null, c.signal(),
        who + " crashed: " + what + (c.module() != null ? " in " + c.module() : "") + ".",
        "the fault is logged: " + Describe.cite(c.evidence().get(0)), c.evidence(), advice));
  }

  static List<Verdict> container(ContainerKill k, EventGroup g) {
    String who = g.victim().container() != null ? Describe.container(g.victim().container())
        : g.victim().describe();
    String cite = Describe.cite(k.evidence().get(0));
    return switch (k.reason()) {
      case OOM_KILLED, OOM_EVENT -> List.of(new Verdict(Cause.CONTAINER_OOM,
          k.reason() == ContainerKill.Reason.OOM_KILLED ? 0.8 : 0.6, null, Signal.SIGKILL,
          who + " hit its memory limit, says " + k.reporter() + ".", k.reporter() + " says so: " + cite,
          k.evidence(), List.of("Read the kernel log of that time for the OOM report with the victim's memory.")));
      case EVICTED -> List.of(new Verdict(Cause.RESOURCE_LIMIT, 0.85, null, null,
          who + " was evicted" + (k.detail() != null ? ": " + k.detail() : "") + ".", cite, k.evidence(),
          List.of()));
      case KILLED -> List.of(new Verdict(Cause.SIGNAL, 0.7, null, k.signal(),
          who + " was killed through " + k.reporter() + ".", cite, k.evidence(), List.of(ADVICE_AUDIT)));
      case EXITED -> List.of(new Verdict(Cause.UNKNOWN, 0.5, null, k.signal(),
          who + " exited" + (k.exitCode() != null ? " with code " + k.exitCode() : "") + ".", cite,
          k.evidence(), List.of(ADVICE_AUDIT)));
    };
  }
}
