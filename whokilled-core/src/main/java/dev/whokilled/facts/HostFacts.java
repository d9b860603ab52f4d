package dev.whokilled.facts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a machine showed of itself at one moment: its boot, its kernel's settings for memory and core dumps, and the
 * processes and memory cgroups read. The module {@code whokilled-procfs} reads it from a live machine or from a
 * captured tree; give it to {@link dev.whokilled.KillForensics.Builder#hostFacts(HostFacts)} so the verdicts use it.
 *
 * @param taken when the facts were read, or {@code null}
 * @param bootTime when the machine booted ({@code btime} of {@code /proc/stat}, whole seconds), or {@code null}
 * @param bootId the boot's id ({@code /proc/sys/kernel/random/boot_id}, as the journal's {@code _BOOT_ID} without
 *     dashes, lowercase), or {@code null}
 * @param uptime the time since boot when read ({@code /proc/uptime}), or {@code null}
 * @param kernelRelease {@code /proc/sys/kernel/osrelease}, or {@code null}
 * @param hostname {@code /proc/sys/kernel/hostname}, or {@code null}
 * @param cgroupMode {@code v1}, {@code v2} or {@code hybrid} (v1 controllers with a v2 hierarchy for systemd), or
 *     {@code null}
 * @param coreDumps where core dumps go
 * @param oom the overcommit and OOM killer settings
 * @param meminfo {@code /proc/meminfo}: each key's value, in bytes for the lines in kB, else as written (the
 *     {@code HugePages_} counts)
 * @param pressure {@code /proc/pressure/memory}, or {@code null}
 * @param processes the processes read (all, or those asked for)
 * @param cgroups the memory cgroups read (those of the processes, on cgroup v2 with their ancestors, and those asked
 *     for)
 * @param unread what could not be read, and why, one short phrase each
 * @since 0.1
 */
public record HostFacts(
    @Nullable Instant taken,
    @Nullable Instant bootTime,
    @Nullable String bootId,
    @Nullable Duration uptime,
    @Nullable String kernelRelease,
    @Nullable String hostname,
    @Nullable String cgroupMode,
    CoreDumpSettings coreDumps,
    OomSettings oom,
    Map<String, Long> meminfo,
    @Nullable MemoryPressure pressure,
    List<ProcessFacts> processes,
    List<CgroupFacts> cgroups,
    List<String> unread) {

  /** Nothing known. */
  public static final HostFacts NONE = new HostFacts(null, null, null, null, null, null, null,
      CoreDumpSettings.UNKNOWN, OomSettings.UNKNOWN, Map.of(), null, List.of(), List.of(), List.of());

  /** Checks the components, copies the collections, and writes the boot id in its journal form. */
  public HostFacts {
    Objects.requireNonNull(coreDumps, "coreDumps");
    Objects.requireNonNull(oom, "oom");
    bootId = bootId == null ? null : normalBootId(bootId);
    meminfo = Map.copyOf(meminfo);
    processes = List.copyOf(processes);
    cgroups = List.copyOf(cgroups);
    unread = List.copyOf(unread);
  }

  /**
   * A process read.
   *
   * @param pid its pid
   * @return its facts, or empty when it was not read
   */
  public Optional<ProcessFacts> findProcess(long pid) {
    return processes.stream().filter(p -> p.pid() == pid).findFirst();
  }

  /**
   * A memory cgroup read.
   *
   * @param path its path, as {@code /proc/PID/cgroup} writes it
   * @return its facts, or empty when it was not read
   */
  public Optional<CgroupFacts> findCgroup(String path) {
    return cgroups.stream().filter(c -> c.path().equals(path)).findFirst();
  }

  /**
   * A boot id in the journal's form: 32 lowercase hex digits, the dashes of {@code boot_id} removed.
   *
   * @param id a boot id, with or without dashes
   * @return the id in the journal's form
   */
  public static String normalBootId(String id) {
    return id.strip().replace("-", "").toLowerCase(java.util.Locale.ROOT);
  }
}
