package dev.whokilled.event;

import dev.whokilled.framing.LogRecord;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A memory killer chose and killed a victim: the kernel's OOM killer (global, cpuset, mempolicy or memory
 * cgroup), the OpenVZ beancounter, or a userspace daemon.
 *
 * <p>The process that invoked the OOM killer (the one whose allocation failed) is kept apart from the victim,
 * and the cgroup whose limit was hit apart from the victim's own cgroup: a limit on a parent cgroup, or on a
 * Kubernetes pod, kills a process in a child.
 *
 * @param victim the killed process; its cgroup is the kernel's {@code task_memcg} (or the v1 "Task in" path)
 * @param time when the kill line was written
 * @param evidence the lines that establish the kill: the header, the choice, the kill, the reaper; never the
 *     whole block
 * @param killer which memory killer
 * @param trigger the process that invoked the OOM killer, or {@code null} when the log does not say
 * @param constraint the kernel's constraint, {@link Constraint#UNKNOWN} when not printed
 * @param oomCgroup the memory cgroup whose limit was hit ({@code oom_memcg}, "as a result of limit of"), or
 *     {@code null} for a system-wide OOM or when not printed
 * @param gfpMask the allocation's gfp mask as printed ({@code 0xcc0}), or {@code null}
 * @param gfpFlags the decoded gfp flags as printed ({@code GFP_KERNEL}), or {@code null}
 * @param order the allocation order, or {@code null}; {@code -1} means the OOM killer was run by hand
 * @param manual whether the OOM killer was run by hand ({@code order=-1} or {@code sysrq: Manual OOM execution})
 * @param memory the victim's memory, bytes
 * @param oomScoreAdj the victim's {@code oom_score_adj} (from the kill line or its task table row), or
 *     {@code null}
 * @param score the badness score printed by older kernels ({@code score 957}) or OpenVZ, or {@code null}
 * @param cgroupMemory the OOM cgroup's usage and limit, or {@code null} when not printed
 * @param candidates the task table printed before the choice, in the order printed; empty when not printed
 * @param kernelVersion the kernel release from the {@code CPU:} line ({@code 6.18.44}), or {@code null}
 * @param chosen the process the kernel first chose ("Kill process N … or sacrifice child") when it differs
 *     from the victim, or {@code null}
 * @param reaped whether the OOM reaper confirmed it freed the victim's memory
 * @param groupKill whether the victim died in a group kill ({@code memory.oom.group})
 * @param truncated whether the report was cut short (a partial paste or a block over the line cap)
 * @param reason what a userspace killer said about its reason ("memory pressure … 80.00% &gt; 50.00%"), or
 *     {@code null}
 * @param signal the signal used, when the killer says (userspace killers); the kernel always sends SIGKILL
 * @since 0.1
 */
public record OomKill(
    ProcessRef victim,
    EventTime time,
    List<LogRecord> evidence,
    MemoryKiller killer,
    @Nullable ProcessRef trigger,
    Constraint constraint,
    @Nullable String oomCgroup,
    @Nullable String gfpMask,
    @Nullable String gfpFlags,
    @Nullable Integer order,
    boolean manual,
    VictimMemory memory,
    @Nullable Integer oomScoreAdj,
    @Nullable Long score,
    @Nullable CgroupMemory cgroupMemory,
    List<Candidate> candidates,
    @Nullable String kernelVersion,
    @Nullable ProcessRef chosen,
    boolean reaped,
    boolean groupKill,
    boolean truncated,
    @Nullable String reason,
    Signal signal)
    implements KillEvent {

  /**
   * Checks the components and copies the lists.
   *
   * @throws NullPointerException if a non-null component is null
   * @throws IllegalArgumentException if {@code evidence} is empty
   */
  public OomKill {
    Objects.requireNonNull(victim, "victim");
    Objects.requireNonNull(time, "time");
    evidence = List.copyOf(evidence);
    if (evidence.isEmpty()) {
      throw new IllegalArgumentException("an event needs at least one evidence record");
    }
    Objects.requireNonNull(killer, "killer");
    Objects.requireNonNull(constraint, "constraint");
    Objects.requireNonNull(memory, "memory");
    candidates = List.copyOf(candidates);
    Objects.requireNonNull(signal, "signal");
  }

  @Override
  public Kind kind() {
    return Kind.OOM_KILL;
  }

  /** Whether a memory cgroup's limit, rather than the whole machine, ran out. */
  public boolean isCgroupLimit() {
    return constraint == Constraint.MEMCG || oomCgroup != null;
  }
}
