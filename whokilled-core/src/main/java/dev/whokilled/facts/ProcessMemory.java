package dev.whokilled.facts;

import org.jspecify.annotations.Nullable;

/**
 * A process's memory as {@code /proc/PID/status} writes it; bytes, converted from the kernel's kB. A component is
 * {@code null} when the line is absent (a kernel thread has none; {@code RssAnon} and friends came with 4.5).
 *
 * @param vmPeak {@code VmPeak}, the largest virtual size
 * @param vmSize {@code VmSize}, the virtual size
 * @param vmHwm {@code VmHWM}, the largest resident size
 * @param vmRss {@code VmRSS}, the resident size
 * @param rssAnon {@code RssAnon}, resident anonymous memory
 * @param rssFile {@code RssFile}, resident file mappings
 * @param rssShmem {@code RssShmem}, resident shared memory
 * @param vmSwap {@code VmSwap}, swapped-out anonymous memory
 * @since 0.1
 */
public record ProcessMemory(
    @Nullable Long vmPeak,
    @Nullable Long vmSize,
    @Nullable Long vmHwm,
    @Nullable Long vmRss,
    @Nullable Long rssAnon,
    @Nullable Long rssFile,
    @Nullable Long rssShmem,
    @Nullable Long vmSwap) {

  /** Nothing known. */
  public static final ProcessMemory UNKNOWN = new ProcessMemory(null, null, null, null, null, null, null, null);
}
