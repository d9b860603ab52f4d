package dev.whokilled.facts;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What {@code /proc/PID} shows of one process at one moment. Any component the reader could not read (the process
 * ended mid-read, or the file is not readable by the reader) is {@code null} or empty, and {@link #unread()} says
 * which and why.
 *
 * @param pid the process id, in the pid namespace of the {@code /proc} read
 * @param comm the command name ({@code Name:} of {@code status}, or the {@code (comm)} of {@code stat}), or
 *     {@code null}
 * @param state the state letter ({@code R}, {@code S}, {@code D}, {@code Z}, {@code T}, {@code t}, {@code X},
 *     {@code I}), or {@code null}
 * @param ppid the parent's pid, or {@code null}
 * @param uid the real user id ({@code Uid:}'s first field), or {@code null}
 * @param startTime when the process started, as time since boot ({@code stat}'s 22nd field, in clock ticks of
 *     1/100 s), or {@code null}
 * @param oomScore {@code oom_score}: the OOM killer's badness now (0 to 1000, or to 2000 since Linux 5.9), or
 *     {@code null}
 * @param oomScoreAdj {@code oom_score_adj}, -1000 to 1000 (-1000: the OOM killer never chooses it), or {@code null}
 * @param oomAdj the legacy {@code oom_adj}, -17 to 15 (-17: never chosen), or {@code null}
 * @param memory the memory lines of {@code status}
 * @param limits the rows of {@code limits}, in the kernel's order
 * @param caught {@code SigCgt}: the signals it handles, or {@code null}
 * @param ignored {@code SigIgn}: the signals it ignores, or {@code null}
 * @param blocked {@code SigBlk}: the signals its main thread blocks, or {@code null}
 * @param pending {@code SigPnd} and {@code ShdPnd} together: the signals pending for it, or {@code null}
 * @param cgroups the lines of {@code cgroup}
 * @param cmdline the arguments of {@code cmdline} (empty for a kernel thread or a zombie)
 * @param kernelThread whether it is a kernel thread ({@code PF_KTHREAD} in {@code stat}'s flags)
 * @param unread what could not be read, and why, one short phrase each ({@code limits: permission denied})
 * @since 0.1
 */
public record ProcessFacts(
    long pid,
    @Nullable String comm,
    @Nullable String state,
    @Nullable Long ppid,
    @Nullable Integer uid,
    @Nullable Duration startTime,
    @Nullable Integer oomScore,
    @Nullable Integer oomScoreAdj,
    @Nullable Integer oomAdj,
    ProcessMemory memory,
    List<ResourceLimit> limits,
    @Nullable SignalSet caught,
    @Nullable SignalSet ignored,
    @Nullable SignalSet blocked,
    @Nullable SignalSet pending,
    List<CgroupMembership> cgroups,
    List<String> cmdline,
    boolean kernelThread,
    List<String> unread) {

  /** The {@code oom_score_adj} that exempts a process from the OOM killer. */
  public static final int OOM_SCORE_ADJ_MIN = -1000;

  /** Checks the components and copies the lists. */
  public ProcessFacts {
    Objects.requireNonNull(memory, "memory");
    limits = List.copyOf(limits);
    cgroups = List.copyOf(cgroups);
    cmdline = List.copyOf(cmdline);
    unread = List.copyOf(unread);
  }

  /**
   * One of its resource limits.
   *
   * @param limit which
   * @return the row, or empty when {@code limits} was not read
   */
  public Optional<ResourceLimit> findLimit(Rlimit limit) {
    return limits.stream().filter(l -> l.limit() == limit).findFirst();
  }

  /**
   * Whether the OOM killer can never choose it: {@code oom_score_adj} -1000 (or the legacy {@code oom_adj} -17 where
   * only that was read).
   */
  public boolean oomExempt() {
    return oomScoreAdj != null ? oomScoreAdj == OOM_SCORE_ADJ_MIN : oomAdj != null && oomAdj == -17;
  }

  /**
   * The cgroup whose memory limit applies to it: the v1 {@code memory} hierarchy's path, else the v2 path.
   *
   * @return the path, or empty when {@code cgroup} was not read
   */
  public Optional<String> memoryCgroup() {
    for (CgroupMembership c : cgroups) {
      if (c.hasController("memory")) {
        return Optional.of(c.path());
      }
    }
    return cgroups.stream().filter(CgroupMembership::isUnified).map(CgroupMembership::path).findFirst();
  }

  /**
   * The cgroup path that names its systemd unit or container: the v2 path, else v1's {@code name=systemd}
   * hierarchy, else the {@code memory} hierarchy.
   *
   * @return the path, or empty when {@code cgroup} was not read
   */
  public Optional<String> unitCgroup() {
    for (String wanted : new String[] {"", "name=systemd", "memory"}) {
      for (CgroupMembership c : cgroups) {
        if (wanted.isEmpty() ? c.isUnified() : c.hasController(wanted)) {
          return Optional.of(c.path());
        }
      }
    }
    return Optional.empty();
  }

  /** {@code comm (pid N)}, or {@code pid N}. */
  public String describe() {
    return comm == null ? "pid " + pid : comm + " (pid " + pid + ")";
  }
}
