package dev.whokilled.classify;

import dev.whokilled.Cause;
import dev.whokilled.Verdict;
import dev.whokilled.correlate.EventGroup;
import dev.whokilled.event.ContainerKill;
import dev.whokilled.event.Signal;
import java.util.List;

/** The verdicts of container runtimes' and orchestrators' reports. */
final class ContainerVerdicts {

  private ContainerVerdicts() {}

  static List<Verdict> propose(ContainerKill k, EventGroup g) {
    String who = g.victim().container() != null ? Describe.container(g.victim().container())
        : g.victim().describe();
    String cite = Describe.cite(k.evidence().get(0));
    return switch (k.reason()) {
      case OOM_KILLED, OOM_EVENT -> List.of(new Verdict(Cause.CONTAINER_OOM,
          k.reason() == ContainerKill.Reason.OOM_KILLED ? 0.8 : 0.6, null, Signal.SIGKILL,
          who + " hit its memory limit, says " + k.reporter() + ".", k.reporter() + " says so: " + cite,
          k.evidence(), List.of("Read the kernel log of that time for the OOM report with the victim's memory.")));
      case SYSTEM_OOM -> List.of(new Verdict(Cause.KERNEL_OOM, 0.8, null, Signal.SIGKILL,
          g.victim().describe() + " was killed when the whole machine ran out of memory, says " + k.reporter() + ".",
          k.reporter() + " says so: " + cite, k.evidence(),
          List.of("Read the kernel log of that time for the OOM report with the victim's memory.")));
      case EVICTED -> List.of(new Verdict(Cause.RESOURCE_LIMIT, 0.85, null, null,
          who + " was evicted" + (k.detail() != null ? ": " + k.detail() : "") + ".", cite, k.evidence(),
          List.of()));
      case KILLED -> List.of(new Verdict(Cause.SIGNAL, 0.7, null, k.signal(),
          who + " was killed through " + k.reporter() + ".", cite, k.evidence(), List.of(Advice.AUDIT)));
      case EXITED -> List.of(new Verdict(Cause.UNKNOWN, 0.5, null, k.signal(),
          who + " exited" + (k.exitCode() != null ? " with code " + k.exitCode() : "") + ".", cite,
          k.evidence(), List.of(Advice.AUDIT)));
    };
  }
}
