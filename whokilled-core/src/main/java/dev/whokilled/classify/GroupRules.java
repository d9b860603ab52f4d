package dev.whokilled.classify;

import dev.whokilled.Cause;
import dev.whokilled.Verdict;
import dev.whokilled.correlate.EventGroup;
import dev.whokilled.event.KillEvent;
import dev.whokilled.event.Observer;
import dev.whokilled.event.OomKill;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.event.SignalDelivery;
import dev.whokilled.event.SignalDelivery.Reason;
import dev.whokilled.event.Suspect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the events of one death say together, beyond what each says alone: a memory killer's report explains
 * the bare SIGKILL other witnesses saw; a named sender explains the death another witness saw without one; a
 * fault signal that somebody sent is not a crash; and when nothing explains a signal, the alternatives and the
 * advice depend on what was missing.
 */
final class GroupRules {

  private GroupRules() {}

  /**
   * Whether a delivery only confirms a memory kill of the same death (a bare SIGKILL seen by strace, a shell, a
   * service manager that says the OOM killer did it), rather than proposing a cause of its own.
   */
  static boolean corroboratesOom(SignalDelivery s, OomKill oom) {
    ProcessRef sender = SignalVerdicts.named(s.sender());
    Signal sig = s.signal();
    ProcessRef trigger = oom.trigger();
    if (sender != null && sig == Signal.SIGKILL && trigger != null && trigger.pid() != null
        && trigger.pid().equals(sender.pid())) {
      // the kernel's OOM killer sends SIGKILL from the task whose allocation failed, so a tracer of signal
      // generation (sigsnoop) names that task as the sender
      return true;
    }
    if (sender != null && !SignalVerdicts.isOomDaemon(sender)) {
      return false;
    }
    return s.reason() == Reason.MEMORY || sig == Signal.SIGKILL || sig != null && sig == oom.signal();
  }

  /** The first memory kill of the group, or {@code null}. */
  static @Nullable OomKill oom(EventGroup g) {
    for (KillEvent e : g.events()) {
      if (e instanceof OomKill k) {
        return k;
      }
    }
    return null;
  }

  /**
   * Applies the rules to the verdicts proposed one event at a time.
   *
   * @param g the death's events
   * @param byCause the proposals joined by cause; changed in place
   * @param corroborating deliveries that confirm the memory kill
   * @param suspects who could have sent a signal, as witnesses that cannot say so saw them
   * @return the suspects' alternatives, when nothing names the sender (a suspect is never a verdict)
   */
  static List<Verdict> apply(EventGroup g, Map<Cause, Verdict> byCause, List<SignalDelivery> corroborating,
      List<Suspect> suspects) {
    confirmMemoryKill(byCause, corroborating);
    kernelOverDaemon(byCause);
    Verdict named = namedSender(byCause);
    if (named != null) {
      Verdict unknown = byCause.remove(Cause.UNKNOWN);
      if (unknown != null) {
        // another witness saw the death; this one names who sent the signal
        byCause.put(named.cause(), absorb(named, unknown, 0.5, "; " + unknown.why()));
      }
      Signal s = byCause.get(named.cause()).signal();
      if (s != null && SignalVerdicts.FAULTS.contains(s)) {
        Cause crash = CrashVerdicts.causeOf(s);
        Verdict c = byCause.get(crash);
        if (c != null) {
          byCause.put(crash, new Verdict(crash, Math.min(c.confidence(), 0.2), c.killer(), c.signal(),
              c.summary(), c.why() + "; but " + named.killer().describe() + " sent " + s.name()
                  + ", which ends a process (and dumps its core) as a real fault would",
              c.evidence(), List.of()));
        }
      }
    }
    Verdict top = top(byCause);
    if (top != null && top.cause() == Cause.UNKNOWN) {
      alternatives(g, byCause, top);
      byCause.put(Cause.UNKNOWN, withAdvice(top, unknownAdvice(g, suspects)));
      return Suspects.alternatives(suspects, top);
    } else if (top != null && top.cause() == Cause.SIGNAL && top.killer() == null) {
      byCause.put(Cause.SIGNAL, withAdvice(top, List.of(Advice.AUDIT, Advice.BPF)));
      return Suspects.alternatives(suspects, top);
    }
    return List.of();
  }

  /**
   * When the kernel's OOM killer and a userspace one both report the victim, the kernel's kill is the one that
   * ended it (the daemon's signal had not, or the daemon reports what the kernel did): the daemon's verdict
   * drops below it.
   */
  private static void kernelOverDaemon(Map<Cause, Verdict> byCause) {
    Verdict daemon = byCause.get(Cause.USERSPACE_OOM);
    if (daemon == null) {
      return;
    }
    for (Cause c : new Cause[] {Cause.KERNEL_OOM, Cause.CGROUP_OOM, Cause.CONTAINER_OOM}) {
      Verdict kernel = byCause.get(c);
      if (kernel != null && kernel.evidence().size() > 0 && kernel.confidence() >= 0.8) {
        byCause.put(Cause.USERSPACE_OOM, new Verdict(Cause.USERSPACE_OOM, Math.min(daemon.confidence(), 0.5),
            daemon.killer(), daemon.signal(), daemon.summary(), daemon.why() + "; but the kernel's OOM killer "
                + "reports killing it too, and its SIGKILL is what ends a process", daemon.evidence(),
            daemon.advice()));
        return;
      }
    }
  }

  /** The witnesses of a bare SIGKILL join the memory kill's verdict as evidence. */
  private static void confirmMemoryKill(Map<Cause, Verdict> byCause, List<SignalDelivery> corroborating) {
    if (corroborating.isEmpty()) {
      return;
    }
    Cause oomCause = null;
    for (Verdict v : byCause.values()) {
      if (isMemory(v.cause()) && (oomCause == null || v.confidence() > byCause.get(oomCause).confidence())) {
        oomCause = v.cause();
      }
    }
    if (oomCause == null) {
      return;
    }
    Verdict v = byCause.get(oomCause);
    for (SignalDelivery s : corroborating) {
      Verdict seen = new Verdict(oomCause, 0.5, null, s.signal(), v.summary(), v.why(), s.evidence(), List.of());
      v = absorb(v, seen, 0.2, "; " + SignalVerdicts.observer(s) + " saw it die of "
          + (s.signal() == null ? "a signal" : s.signal().name()));
    }
    byCause.put(oomCause, v);
  }

  private static boolean isMemory(Cause c) {
    return c == Cause.KERNEL_OOM || c == Cause.CGROUP_OOM || c == Cause.CONTAINER_OOM
        || c == Cause.USERSPACE_OOM;
  }

  /**
   * The strongest verdict that names a sending process (a signal, a service manager, a memory daemon) of a signal
   * that ends a process: a stop or a continue sent before the end (strace's own SIGSTOP of its tracee) names no
   * killer.
   */
  private static @Nullable Verdict namedSender(Map<Cause, Verdict> byCause) {
    Verdict best = null;
    for (Verdict v : byCause.values()) {
      boolean sends = (v.cause() == Cause.SIGNAL || v.cause() == Cause.SERVICE_MANAGER
          || v.cause() == Cause.USERSPACE_OOM) && (v.signal() == null || v.signal().terminatesByDefault());
      if (sends && v.killer() != null && (best == null || v.confidence() > best.confidence())) {
        best = v;
      }
    }
    return best;
  }

  /** {@code into}'s words and cause, with {@code other}'s evidence and a share of its weight. */
  static Verdict absorb(Verdict into, Verdict other, double share, String why) {
    double c = Math.min(0.995, into.confidence() + (1 - into.confidence()) * share);
    List<String> advice = new ArrayList<>(into.advice());
    return new Verdict(into.cause(), c, into.killer(), into.signal() != null ? into.signal() : other.signal(),
        into.summary(), into.why() + why, Evidence.join(into.evidence(), other.evidence()), advice);
  }

  private static @Nullable Verdict top(Map<Cause, Verdict> byCause) {
    Verdict top = null;
    for (Verdict v : byCause.values()) {
      if (top == null || v.confidence() > top.confidence()) {
        top = v;
      }
    }
    return top;
  }

  private static Verdict withAdvice(Verdict v, List<String> more) {
    List<String> advice = new ArrayList<>(v.advice());
    for (String a : more) {
      if (!advice.contains(a)) {
        advice.add(a);
      }
    }
    return new Verdict(v.cause(), v.confidence(), v.killer(), v.signal(), v.summary(), v.why(), v.evidence(),
        advice);
  }

  /** What could have sent a signal nobody is seen sending, ranked; never above the verdict of not knowing. */
  private static void alternatives(EventGroup g, Map<Cause, Verdict> byCause, Verdict unknown) {
    Signal s = unknown.signal();
    double ceiling = unknown.confidence() - 0.05;
    ContainerVerdicts.alternatives(g, byCause, unknown);
    if (s == Signal.SIGKILL) {
      add(byCause, new Verdict(Cause.KERNEL_OOM, Math.min(ceiling, 0.2), null, s,
          "perhaps the kernel's OOM killer, in a report outside the logs read",
          "the OOM killer ends its victims with SIGKILL, and no OOM report was found near this death",
          List.of(), List.of(Advice.KERNEL_LOG)));
      add(byCause, new Verdict(Cause.SIGNAL, Math.min(ceiling, 0.15), null, s,
          "perhaps kill -9 from a person or a script",
          "any process of the same user (or root) can send SIGKILL, and no sender was recorded", List.of(),
          List.of()));
      add(byCause, new Verdict(Cause.SERVICE_MANAGER, Math.min(ceiling, 0.1), null, s,
          "perhaps a supervisor escalating a stop to SIGKILL",
          "service managers send SIGKILL when a stop times out; no service manager's message was found",
          List.of(), List.of()));
    } else if (s == Signal.SIGTERM || s == Signal.SIGINT || s == Signal.SIGHUP || s == Signal.SIGQUIT) {
      add(byCause, new Verdict(Cause.SIGNAL, Math.min(ceiling, 0.3), null, s,
          "perhaps kill, a person's Ctrl-C, a closed terminal or a script",
          s.name() + " is how people and scripts ask a process to end", List.of(), List.of()));
      add(byCause, new Verdict(Cause.SERVICE_MANAGER, Math.min(ceiling, 0.2), null, s,
          "perhaps a service manager's stop, a restart or a shutdown",
          "service managers stop processes with SIGTERM first", List.of(), List.of()));
    } else {
      add(byCause, new Verdict(Cause.SIGNAL, Math.min(ceiling, 0.25), null, s,
          "perhaps a process that sent it on purpose", "no sender was recorded", List.of(), List.of()));
    }
  }

  static void add(Map<Cause, Verdict> byCause, Verdict v) {
    if (v.confidence() > 0) {
      byCause.putIfAbsent(v.cause(), v);
    }
  }

  /** What would have named the sender, given what this death's witnesses were. */
  private static List<String> unknownAdvice(EventGroup g, List<Suspect> suspects) {
    List<String> advice = new ArrayList<>();
    advice.add(Advice.AUDIT);
    boolean straceSawKill = false;
    boolean straced = false;
    Signal fatal = null;
    for (KillEvent e : g.events()) {
      if (e instanceof SignalDelivery s) {
        straced |= s.observer() == Observer.STRACE;
        straceSawKill |= s.observer() == Observer.STRACE && s.signal() == Signal.SIGKILL;
        fatal = s.fatal() && fatal == null ? s.signal() : fatal;
      }
    }
    if (straceSawKill) {
      advice.add(Advice.STRACE_SIGKILL);
    } else if (!straced && fatal != null && !fatal.isUncatchable()) {
      advice.add(Advice.STRACE); // a catchable signal: strace would have shown its sender
    }
    if (suspects.stream().noneMatch(x -> x.type() == Suspect.Type.COMMAND)) {
      advice.add(Advice.ACCOUNTING);
    }
    advice.add(Advice.BPF);
    return advice;
  }
}
