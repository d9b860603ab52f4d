package dev.whokilled.classify;

import dev.whokilled.Cause;
import dev.whokilled.Verdict;
import dev.whokilled.correlate.EventGroup;
import dev.whokilled.event.ContainerKill;
import dev.whokilled.event.ContainerRef;
import dev.whokilled.event.KillEvent;
import dev.whokilled.event.OomKill;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The verdicts of container runtimes' and orchestrators' reports, and what they add to a kernel's record of the
 * same end. A kernel OOM record outranks a runtime's flag: the runtime's report then names the container and
 * explains its own flag, rather than proposing a cause of its own.
 */
final class ContainerVerdicts {

  private ContainerVerdicts() {}

  static final String CONTAINER_KERNEL_LOG =
      "Read the node's kernel log of that time (journalctl -k, dmesg -T) for the OOM killer's report: it names "
          + "the process killed, its memory and the cgroup whose limit was hit.";
  static final String LIMIT =
      "Compare the container's memory use with its limit (docker stats, kubectl top pod, or memory.max_usage_in_bytes "
          + "/ memory.peak in its cgroup) and raise the limit or find what grew.";
  static final String RUNTIME_SENDER =
      "The runtime does not record which client asked it to stop or kill a container: docker events shows the "
          + "kill and its signal, and an audit rule on the runtime's socket (auditctl -w /var/run/docker.sock) or "
          + "the Kubernetes audit log names who asked.";

  static List<Verdict> propose(ContainerKill k, EventGroup g) {
    // beside the kernel's own report, the advice to read it or to check the limit is the kernel verdict's to give
    boolean kernel = GroupRules.oom(g) != null;
    List<String> oomAdvice = kernel ? List.of() : List.of(CONTAINER_KERNEL_LOG, LIMIT);
    String who = who(k, g);
    String cite = Describe.cite(k.evidence().get(0));
    String says = k.reporter() + " says so: " + cite;
    return switch (k.reason()) {
      case OOM_KILLED -> List.of(new Verdict(Cause.CONTAINER_OOM, 0.8, null, Signal.SIGKILL,
          who + " was killed when " + where(k, g) + " reached its memory limit, says " + k.reporter() + ".",
          k.reporter() + " marks it OOMKilled: " + cite, k.evidence(), oomAdvice));
      case OOM_EVENT -> List.of(new Verdict(Cause.CONTAINER_OOM, keptRunning(k) ? 0.55 : 0.6, null, Signal.SIGKILL,
          keptRunning(k)
              ? "a process in " + where(k, g) + " was killed by the OOM killer at its memory limit; the container "
                  + "kept running, says " + k.reporter() + "."
              : where(k, g) + " hit its memory limit, says " + k.reporter() + ".",
          k.reporter() + " saw an OOM event in the container's cgroup: " + cite, k.evidence(), oomAdvice));
      case SYSTEM_OOM -> List.of(new Verdict(Cause.KERNEL_OOM, 0.8, null, Signal.SIGKILL,
          g.victim().describe() + " was killed when the whole machine ran out of memory, says " + k.reporter()
              + ".", says, k.evidence(), kernel ? List.of() : List.of(CONTAINER_KERNEL_LOG)));
      case EVICTED -> List.of(new Verdict(Cause.RESOURCE_LIMIT, 0.85, null, k.signal(),
          who + " was evicted" + (k.detail() != null ? ": " + k.detail() : "") + ".", says, k.evidence(),
          List.of("Set requests and limits so the pod is not the first evicted under node pressure, and watch the "
              + "node's free memory and disk (kubectl describe node: Conditions).")));
      case KILLED -> killed(k, g, who, cite);
      case EXITED -> k.signal() == null ? List.of() : List.of(new Verdict(Cause.UNKNOWN, 0.5, null, k.signal(),
          who + " ended by " + k.signal().name() + exit(k) + ", says " + k.reporter()
              + ", and nothing shows who sent it.",
          k.reporter() + " reports the exit: " + cite, k.evidence(), List.of(CONTAINER_KERNEL_LOG)));
    };
  }

  /** A kill through the runtime: an orchestrator's is its supervisor's decision, a runtime's some client's. */
  private static List<Verdict> killed(ContainerKill k, EventGroup g, String who, String cite) {
    String detail = k.detail() == null ? "" : " (" + k.detail() + ")";
    if (isOrchestrator(k.reporter())) {
      return List.of(new Verdict(Cause.SERVICE_MANAGER, 0.75, ProcessRef.of(null, "kubelet"), k.signal(),
          "the kubelet stopped " + who + detail + ".", k.reporter() + " reports it: " + cite, k.evidence(),
          List.of("kubectl describe pod shows the probe failures or the deletion that led the kubelet to stop "
              + "it; the kubelet sends SIGTERM, then SIGKILL after terminationGracePeriodSeconds.")));
    }
    return List.of(new Verdict(Cause.SIGNAL, 0.7, null, k.signal(),
        who + " was killed" + (k.signal() == null ? "" : " with " + k.signal().name()) + " through "
            + k.reporter() + detail + " (docker kill, docker stop or a client of its API).",
        k.reporter() + " reports the kill: " + cite, k.evidence(), List.of(RUNTIME_SENDER)));
  }

  /** The victim and its container: {@code python3 (pid 2141) in docker container web}. */
  private static String who(ContainerKill k, EventGroup g) {
    ProcessRef v = g.victim();
    ContainerRef c = v.container() != null ? v.container() : k.victim().container();
    if (v.pid() == null && v.comm() == null) {
      return c != null ? c.describe() : v.describe();
    }
    return c != null ? v.describe() + " in " + c.describe() : v.describe();
  }

  private static String where(ContainerKill k, EventGroup g) {
    ContainerRef c = g.victim().container() != null ? g.victim().container() : k.victim().container();
    return c != null ? c.describe() : "its container";
  }

  private static String exit(ContainerKill k) {
    return k.exitCode() == null ? "" : " (exit code " + k.exitCode() + ")";
  }

  private static boolean keptRunning(ContainerKill k) {
    String d = k.detail();
    return d != null && d.toLowerCase(Locale.ROOT).contains("running");
  }

  private static boolean isOrchestrator(String reporter) {
    return reporter.equals("kubelet") || reporter.equals("kubernetes");
  }

  /**
   * Whether a report adds nothing but its container's name to a kernel OOM record of the same death: an exit
   * (the kill's SIGKILL, or an exit code the runtime gives after a child was killed). An OOM flag is not: it
   * proposes {@code container-oom}, which joins the kernel's verdict of that cause.
   */
  static boolean explainedByOom(ContainerKill k) {
    return k.reason() == ContainerKill.Reason.EXITED && (k.signal() == null || k.signal() == Signal.SIGKILL);
  }


  /**
   * The runtime's reports join the kernel's memory verdict as evidence, with the words that explain a runtime's
   * flag that disagrees with the kernel: OOMKilled false after a kill of a process other than the main one,
   * OOMKilled on a container that kept running.
   */
  static void confirmKernelOom(EventGroup g, Map<Cause, Verdict> byCause, List<ContainerKill> reports) {
    Verdict memory = null;
    for (Cause c : new Cause[] {Cause.CONTAINER_OOM, Cause.CGROUP_OOM, Cause.KERNEL_OOM}) {
      Verdict v = byCause.get(c);
      if (v != null && (memory == null || v.confidence() > memory.confidence())) {
        memory = v;
      }
    }
    if (memory == null) {
      return;
    }
    boolean flagged = false;
    for (KillEvent e : g.events()) {
      flagged |= e instanceof ContainerKill c && c.reason() == ContainerKill.Reason.OOM_KILLED;
    }
    for (ContainerKill k : reports) {
      String why = "; " + k.reporter() + " reports " + where(k, g) + " ended" + exit(k);
      if (!flagged) {
        why += " without flagging it OOMKilled, as happens when the OOM killer ends a process other than the "
            + "container's main one (or the runtime missed the OOM event): the kernel's report settles it";
      }
      memory = GroupRules.absorb(memory, new Verdict(memory.cause(), 0.5, null, k.signal(), memory.summary(),
          memory.why(), k.evidence(), List.of()), 0.1, why);
    }
    byCause.put(memory.cause(), memory);
  }

  /**
   * A runtime flag of an OOM kill on a container that kept running, joined to the kernel's record of the
   * process it did kill, says why the flag and the container's state disagree.
   */
  static void explainKeptRunning(EventGroup g, Map<Cause, Verdict> byCause) {
    OomKill oom = GroupRules.oom(g);
    Verdict v = byCause.get(Cause.CONTAINER_OOM);
    if (oom == null || v == null) {
      return;
    }
    for (KillEvent e : g.events()) {
      if (e instanceof ContainerKill k && keptRunning(k)) {
        byCause.put(Cause.CONTAINER_OOM, new Verdict(v.cause(), v.confidence(), v.killer(), v.signal(),
            v.summary(), v.why() + "; " + k.reporter() + " flags " + where(k, g) + " OOMKilled though it kept "
                + "running: the kill hit " + oom.victim().describe() + ", one of its processes, not its main one",
            v.evidence(), v.advice()));
        return;
      }
    }
  }

  /** Alternatives for a container's end by a signal nobody is seen sending. */
  static void alternatives(EventGroup g, Map<Cause, Verdict> byCause, Verdict unknown) {
    ContainerKill report = null;
    for (KillEvent e : g.events()) {
      if (e instanceof ContainerKill k) {
        report = k;
      }
    }
    if (report == null || unknown.signal() != Signal.SIGKILL) {
      return;
    }
    double ceiling = unknown.confidence() - 0.05;
    String where = where(report, g);
    GroupRules.add(byCause, new Verdict(Cause.CONTAINER_OOM, Math.min(ceiling, 0.3), null, Signal.SIGKILL,
        "perhaps " + where + "'s memory limit, with the runtime's OOMKilled flag not set",
        "exit code 137 is SIGKILL, which the OOM killer sends; runtimes flag OOMKilled only when they see the "
            + "OOM event for the container's main process, and no kernel report was read for that time",
        List.of(), List.of(CONTAINER_KERNEL_LOG)));
    GroupRules.add(byCause, new Verdict(Cause.SERVICE_MANAGER, Math.min(ceiling, 0.25), null, Signal.SIGKILL,
        "perhaps a stop that timed out: docker stop or the kubelet sends SIGTERM, then SIGKILL after the grace "
            + "period",
        "a container that ignores SIGTERM ends with 137 when it is stopped", List.of(),
        List.of(RUNTIME_SENDER)));
  }
}
