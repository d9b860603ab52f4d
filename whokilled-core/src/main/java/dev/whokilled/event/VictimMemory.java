package dev.whokilled.event;

import org.jspecify.annotations.Nullable;

/**
 * The victim's memory at the time of the kill, in bytes, converted from the kernel's kB (or pages).
 *
 * @param totalVm virtual memory ({@code total-vm}, {@code vm}), bytes
 * @param anonRss anonymous resident memory ({@code anon-rss}, OpenVZ {@code rss}), bytes
 * @param fileRss file-backed resident memory ({@code file-rss}), bytes
 * @param shmemRss shared-memory resident memory ({@code shmem-rss}, Linux 4.9+), bytes
 * @param pageTables page tables ({@code pgtables}, Linux 5.x+), bytes
 * @param swap swap in use (OpenVZ {@code swap}), bytes
 * @param resident the resident total as a userspace killer reports it ({@code VmRSS}) when the parts are not
 *     known, bytes
 * @since 0.1
 */
public record VictimMemory(
    @Nullable Long totalVm,
    @Nullable Long anonRss,
    @Nullable Long fileRss,
    @Nullable Long shmemRss,
    @Nullable Long pageTables,
    @Nullable Long swap,
    @Nullable Long resident) {

  /** Nothing known. */
  public static final VictimMemory UNKNOWN = new VictimMemory(null, null, null, null, null, null, null);

  /** Only the resident total ({@code VmRSS}) known, in bytes. */
  public static VictimMemory ofResident(long bytes) {
    return new VictimMemory(null, null, null, null, null, null, bytes);
  }

  /**
   * Resident memory: the reported total, else the sum of the resident parts that are known, or {@code null}
   * when none is.
   */
  public @Nullable Long rss() {
    if (resident != null) {
      return resident;
    }
    Long sum = null;
    for (Long part : new Long[] {anonRss, fileRss, shmemRss}) {
      if (part != null) {
        sum = sum == null ? part : sum + part;
      }
    }
    return sum;
  }
}
