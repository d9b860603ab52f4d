package dev.whokilled.event;

import org.jspecify.annotations.Nullable;

/**
 * A memory cgroup's state as the OOM report printed it, bytes converted from the kernel's kB.
 *
 * @param usage memory usage, bytes
 * @param limit memory limit, bytes ({@code null} when the kernel printed its "unlimited" value)
 * @param failcnt how often the limit was hit (cgroup v1), or {@code null}
 * @param swapUsage {@code memory+swap} (v1) or {@code swap} (v2) usage, bytes
 * @param swapLimit the matching limit, bytes, or {@code null} when unlimited or not printed
 * @since 0.1
 */
public record CgroupMemory(
    @Nullable Long usage,
    @Nullable Long limit,
    @Nullable Long failcnt,
    @Nullable Long swapUsage,
    @Nullable Long swapLimit) {}
