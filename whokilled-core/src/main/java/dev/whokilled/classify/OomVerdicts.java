package dev.whokilled.classify;

import dev.whokilled.Cause;
import dev.whokilled.Verdict;
import dev.whokilled.correlate.EventGroup;
import dev.whokilled.event.CgroupMemory;
import dev.whokilled.event.Constraint;
import dev.whokilled.event.ContainerRef;
import dev.whokilled.event.MemoryKiller;
import dev.whokilled.event.OomKill;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.framing.LogRecord;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The verdicts an {@link OomKill} proposes. */
final class OomVerdicts {

  private OomVerdicts() {}

  static List<Verdict> propose(OomKill k, EventGroup g) {
    List<Verdict> out = new ArrayList<>();
    ProcessRef victim = g.victim();
    ContainerRef container = container(k, victim);
    ContainerRef holder = limitHolder(k, container);
    double confidence = k.truncated() ? 0.85 : 0.97;
    if (k.reaped()) {
      confidence += 0.02;
    }
    List<String> advice = new ArrayList<>();
    String why;
    Cause cause;
    ProcessRef killer = null;

    switch (k.killer()) {
      case OPENVZ -> {
        cause = Cause.CONTAINER_OOM;
        why = "the OpenVZ beancounter's OOM killer says it killed " + victim.describe() + ": "
            + Describe.cite(decisive(k));
        advice.add("Raise the container's memory limits (its beancounters, such as privvmpages and physpages, "
            + "or the VE's RAM and swap) or lower its memory use; /proc/user_beancounters shows which limit "
            + "failed and how often.");
      }
      case KERNEL -> {
        boolean memcg = k.isCgroupLimit();
        if (memcg) {
          cause = container != null || holder != null ? Cause.CONTAINER_OOM : Cause.CGROUP_OOM;
        } else {
          cause = Cause.KERNEL_OOM;
        }
        why = kernelWhy(k, victim, memcg, holder);
        kernelAdvice(k, memcg, container, holder, advice);
        if (k.constraint() == Constraint.UNKNOWN && !memcg) {
          confidence -= 0.07;
          out.add(new Verdict(
              Cause.CGROUP_OOM, 0.05, null, k.signal(),
              "a memory cgroup's limit, had this kernel not said so", 
              "this kernel prints no constraint; a memory cgroup OOM would have said 'Memory cgroup out of "
                  + "memory' or 'Task in … killed as a result of limit of …', and neither was seen",
              List.of(decisive(k)), List.of()));
        }
      }
      default -> {
        cause = Cause.USERSPACE_OOM;
        killer = k.trigger() != null ? k.trigger() : ProcessRef.of(null, daemon(k));
        why = daemon(k) + " says it killed "
            + victim.describe() + ": " + Describe.cite(decisive(k));
        advice.add("The userspace OOM killer acted before the kernel would have; tune its thresholds or "
            + "exempt the process if it must survive memory pressure.");
      }
    }
    Integer adj = k.oomScoreAdj();
    if (adj != null && adj > 0) {
      advice.add("It had oom_score_adj " + adj + ", which makes the OOM killer prefer it; lower it (or raise "
          + "other processes') if this process matters more.");
    }
    if (g.time().wall() == null) {
      advice.add("Read the kernel log with wall-clock times (journalctl -k, dmesg -T or kern.log), or tell "
          + "whokilled the boot time, to know when it happened.");
    }
    out.add(0, new Verdict(
        cause, Math.min(0.995, confidence), killer, k.signal(), summary(k, victim, cause, container, holder), why,
        evidence(k), advice));
    return out;
  }

  /** The userspace killer's name as its users know it: {@code systemd-oomd}, {@code earlyoom}. */
  private static String daemon(OomKill k) {
    return k.killer().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /**
   * The container the victim ran in: decoded from its own cgroup, or else from the OOM cgroup (a memory cgroup
   * OOM kills only inside the cgroup whose limit was hit).
   */
  private static @Nullable ContainerRef container(OomKill k, ProcessRef victim) {
    if (victim.container() != null) {
      return victim.container();
    }
    return ContainerRef.fromCgroupPath(k.oomCgroup()).orElse(null);
  }

  /**
   * The container or pod whose limit was hit, decoded from the OOM cgroup apart from the victim's own (a pod's
   * limit kills a process in one of its containers; an LXC container's limit, one in a Docker container inside
   * it); the victim's container when the kernel printed no OOM cgroup.
   */
  private static @Nullable ContainerRef limitHolder(OomKill k, @Nullable ContainerRef victimContainer) {
    if (k.oomCgroup() == null) {
      return victimContainer;
    }
    ContainerRef h = ContainerRef.fromCgroupPath(k.oomCgroup()).orElse(null);
    if (h == null || victimContainer == null) {
      return h;
    }
    // the victim's container as every witness named it (a runtime's report adds its name, its pod's name)
    if (h.id() != null && victimContainer.id() != null && h.sameContainer(victimContainer)) {
      return victimContainer;
    }
    if (isPodOnly(h) && h.podUid() != null && h.podUid().equals(victimContainer.podUid())) {
      return new ContainerRef(h.runtime(), null, null, victimContainer.pod(), h.podUid(),
          victimContainer.namespace(), h.qosClass());
    }
    return h;
  }

  /** A pod's own cgroup: the pod is named, no container in it. */
  private static boolean isPodOnly(ContainerRef c) {
    return c.id() == null && c.name() == null && (c.podUid() != null || c.pod() != null);
  }

  private static boolean sameContainer(ContainerRef a, ContainerRef b) {
    if (a.id() != null && b.id() != null) {
      return a.sameContainer(b);
    }
    return java.util.Objects.equals(a.id(), b.id()) && java.util.Objects.equals(a.name(), b.name())
        && java.util.Objects.equals(a.podUid(), b.podUid()) && java.util.Objects.equals(a.pod(), b.pod());
  }

  /** The kill line: the last evidence line that is not the reaper's. */
  private static LogRecord decisive(OomKill k) {
    List<LogRecord> ev = k.evidence();
    for (int i = ev.size() - 1; i >= 0; i--) {
      if (!ev.get(i).message().contains("oom_reaper")) {
        return ev.get(i);
      }
    }
    return ev.get(ev.size() - 1);
  }

  /** The decisive line first, then the rest in the order read. */
  private static List<LogRecord> evidence(OomKill k) {
    LogRecord d = decisive(k);
    List<LogRecord> out = new ArrayList<>();
    out.add(d);
    for (LogRecord r : k.evidence()) {
      if (r != d && out.size() < Evidence.MAX_LINES) {
        out.add(r);
      }
    }
    return out;
  }

  private static String summary(
      OomKill k, ProcessRef victim, Cause cause, @Nullable ContainerRef container, @Nullable ContainerRef holder) {
    StringBuilder b = new StringBuilder();
    switch (cause) {
      case KERNEL_OOM -> {
        b.append("The kernel's OOM killer killed ").append(victim.describe());
        b.append(switch (k.constraint()) {
          case CPUSET -> " when the memory nodes of its cpuset ran out";
          case MEMORY_POLICY -> " when the memory nodes of its NUMA memory policy ran out";
          default -> " because the machine ran out of memory";
        });
      }
      case CGROUP_OOM, CONTAINER_OOM -> {
        if (k.killer() == MemoryKiller.OPENVZ) {
          b.append("The OpenVZ OOM killer killed ").append(victim.describe());
          b.append(container == null ? " when its container ran out of memory"
              : " when " + container.describe() + " ran out of memory");
        } else {
          b.append("The kernel's OOM killer killed ").append(victim.describe()).append(" because ");
          b.append(holder != null ? holder.describe() + " reached its memory limit"
              : "memory cgroup " + (k.oomCgroup() != null ? k.oomCgroup() : "(unnamed)")
                  + " reached its limit");
          CgroupMemory cm = k.cgroupMemory();
          if (cm != null && cm.limit() != null) {
            b.append(" of ").append(Describe.bytes(cm.limit()));
          }
          if (container != null && (holder == null || !sameContainer(holder, container))) {
            b.append("; it ran in ").append(container.describe());
            if (holder != null && isPodOnly(holder) && !isPodOnly(container)) {
              b.append(", but the limit hit was the whole pod's, not the container's");
            } else if (holder != null) {
              b.append(" inside it");
            }
          }
        }
      }
      default -> b.append("A userspace OOM killer (")
          .append(daemon(k))
          .append(") killed ").append(victim.describe());
    }
    if (k.manual()) {
      b.append("; the OOM killer was run by hand (sysrq f)");
    }
    Long rss = k.memory().rss();
    if (rss != null) {
      b.append("; it held ").append(Describe.bytes(rss)).append(" resident");
    }
    if (!k.killer().isUserspace() && k.trigger() != null && k.trigger().comm() != null
        && !sameProcess(k.trigger(), victim)) {
      // a userspace killer's trigger is the daemon itself, which the verdict names as the killer
      b.append("; the allocation that ran out was by ").append(k.trigger().describe());
    }
    if (k.chosen() != null && !sameProcess(k.chosen(), victim)) {
      b.append("; the kernel chose ").append(k.chosen().describe()).append(" and killed it in its place");
    }
    return b.append('.').toString();
  }

  private static boolean sameProcess(ProcessRef a, ProcessRef b) {
    if (a.pid() != null && b.pid() != null) {
      return a.pid().equals(b.pid());
    }
    return a.comm() != null && a.comm().equals(b.comm());
  }

  private static String kernelWhy(
      OomKill k, ProcessRef victim, boolean memcg, @Nullable ContainerRef holder) {
    StringBuilder b = new StringBuilder("the kernel's OOM report names ").append(victim.describe())
        .append(" as killed: ").append(Describe.cite(decisive(k)));
    if (memcg) {
      b.append("; the limit hit was that of memory cgroup ")
          .append(k.oomCgroup() != null ? k.oomCgroup() : "(not printed)");
      if (holder != null) {
        b.append(", which is ").append(holder.describe());
      }
    } else if (k.constraint() == Constraint.UNKNOWN) {
      b.append("; this kernel prints no constraint and nothing names a memory cgroup, so the machine as a whole "
          + "ran out of memory");
    } else {
      b.append("; constraint ").append(k.constraint().name()).append(", no memory cgroup limit involved");
    }
    return b.toString();
  }

  private static void kernelAdvice(OomKill k, boolean memcg, @Nullable ContainerRef container,
      @Nullable ContainerRef holder, List<String> advice) {
    CgroupMemory cm = k.cgroupMemory();
    String figures = cm != null && cm.limit() != null
        ? " (limit " + Describe.bytes(cm.limit())
            + (cm.usage() != null ? ", usage " + Describe.bytes(cm.usage()) : "") + ")"
        : "";
    if (memcg && holder != null && isPodOnly(holder)) {
      advice.add("Raise the pod's memory limit" + figures + " (the sum of its containers' "
          + "resources.limits.memory, or its pod-level resources) or lower the memory use of its containers.");
    } else if (memcg && container != null) {
      advice.add("Raise the container's memory limit" + figures + " (docker run --memory, or the pod's "
          + "resources.limits.memory) or lower its memory use.");
    } else if (memcg) {
      advice.add("Raise the memory limit of " + (k.oomCgroup() != null ? k.oomCgroup() : "the cgroup") + figures
          + " (memory.limit_in_bytes on cgroup v1, memory.max on v2, MemoryMax= for a systemd unit) or lower "
          + "the memory use inside it.");
    } else {
      advice.add("The whole machine ran out of memory: add memory or swap, cap the largest consumers with "
          + "memory cgroup limits, or protect important processes with a negative oom_score_adj.");
    }
    if (k.candidates().isEmpty() && !k.truncated()) {
      advice.add("Set vm.oom_dump_tasks=1 so the next OOM report lists every candidate and its memory.");
    }
  }
}
