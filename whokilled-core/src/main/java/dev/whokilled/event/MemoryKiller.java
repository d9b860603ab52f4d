package dev.whokilled.event;

/**
 * Which memory killer chose an {@link OomKill}'s victim.
 *
 * @since 0.1
 */
public enum MemoryKiller {
  /** The kernel's OOM killer (system-wide, cpuset, mempolicy or memory cgroup). */
  KERNEL,
  /** The OpenVZ / Virtuozzo user beancounter OOM killer. */
  OPENVZ,
  /** earlyoom. */
  EARLYOOM,
  /** systemd-oomd. */
  SYSTEMD_OOMD,
  /** Meta's oomd. */
  OOMD,
  /** Another userspace memory killer. */
  OTHER_USERSPACE;

  /** Whether this killer runs in userspace. */
  public boolean isUserspace() {
    return this != KERNEL && this != OPENVZ;
  }
}
