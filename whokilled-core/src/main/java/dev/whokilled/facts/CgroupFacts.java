package dev.whokilled.facts;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A memory cgroup's limit, usage and OOM counters, from {@code /sys/fs/cgroup}: v2's {@code memory.max},
 * {@code memory.current}, {@code memory.peak} and {@code memory.events}, or v1's {@code memory.limit_in_bytes},
 * {@code memory.usage_in_bytes}, {@code memory.max_usage_in_bytes}, {@code memory.failcnt} and
 * {@code memory.oom_control}. Bytes; {@code null} when not read (or, for the limit, unlimited).
 *
 * @param path the cgroup's path, as {@code /proc/PID/cgroup} and the kernel's OOM report name it
 * @param version 1 or 2
 * @param memoryLimit the limit in bytes, {@code null} when unlimited or not read
 * @param memoryUsage the usage now, or {@code null}
 * @param memoryPeak the highest usage seen, or {@code null}
 * @param oomEvents how many times the limit was hit and the OOM killer invoked ({@code memory.events} {@code oom}),
 *     or {@code null}
 * @param oomKills how many processes the OOM killer killed in it and below ({@code oom_kill} of {@code memory.events}
 *     or of v1's {@code memory.oom_control}, since Linux 4.13), or {@code null}
 * @param failcnt v1's {@code memory.failcnt}: how many times usage hit the limit, or {@code null}
 * @param underOom v1's {@code under_oom}: an OOM is in progress (with the OOM killer disabled, it waits), or
 *     {@code null}
 * @param oomKillDisable v1's {@code oom_kill_disable}: its tasks wait instead of being killed, or {@code null}
 * @param oomGroup v2's {@code memory.oom.group}: the OOM killer kills all of it at once, or {@code null}
 * @since 0.1
 */
public record CgroupFacts(
    String path,
    int version,
    @Nullable Long memoryLimit,
    @Nullable Long memoryUsage,
    @Nullable Long memoryPeak,
    @Nullable Long oomEvents,
    @Nullable Long oomKills,
    @Nullable Long failcnt,
    @Nullable Boolean underOom,
    @Nullable Boolean oomKillDisable,
    @Nullable Boolean oomGroup) {

  /**
   * Checks the components.
   *
   * @throws IllegalArgumentException if the version is not 1 or 2
   */
  public CgroupFacts {
    Objects.requireNonNull(path, "path");
    if (version != 1 && version != 2) {
      throw new IllegalArgumentException("cgroup version must be 1 or 2: " + version);
    }
  }
}
