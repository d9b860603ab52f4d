package dev.whokilled.facts;

import org.jspecify.annotations.Nullable;

/**
 * The host's settings of memory overcommit and the OOM killer, from {@code /proc/sys/vm}; {@code null} when not read.
 *
 * @param overcommitMemory {@code overcommit_memory}: 0 heuristic, 1 always, 2 never (allocations fail instead of the
 *     OOM killer running, mostly)
 * @param overcommitRatio {@code overcommit_ratio}, percent of RAM counted in the commit limit under mode 2
 * @param panicOnOom {@code panic_on_oom}: 0 kill a process, 1 panic on a system-wide OOM, 2 panic on any OOM
 * @param oomKillAllocatingTask {@code oom_kill_allocating_task}: 1 kills the task that asked for memory instead of
 *     the one with the highest score
 * @param oomDumpTasks {@code oom_dump_tasks}: 1 prints the task table with each OOM report
 * @since 0.1
 */
public record OomSettings(
    @Nullable Integer overcommitMemory,
    @Nullable Integer overcommitRatio,
    @Nullable Integer panicOnOom,
    @Nullable Integer oomKillAllocatingTask,
    @Nullable Integer oomDumpTasks) {

  /** Nothing known. */
  public static final OomSettings UNKNOWN = new OomSettings(null, null, null, null, null);
}
