package dev.whokilled.event;

import java.util.Locale;

/**
 * The container runtime or manager that a cgroup path or a runtime's own report names.
 *
 * @since 0.1
 */
public enum ContainerRuntime {
  /** Docker (cgroupfs and systemd cgroup drivers). */
  DOCKER,
  /** containerd, directly or as the Kubernetes CRI. */
  CONTAINERD,
  /** CRI-O. */
  CRI_O,
  /** Podman (libpod). */
  PODMAN,
  /** LXC / LXD / Incus. */
  LXC,
  /** systemd-nspawn machines. */
  SYSTEMD_NSPAWN,
  /** OpenVZ or Virtuozzo containers (VE, beancounter). */
  OPENVZ;

  /** The name used in whokilled's JSON: {@code docker}, {@code cri-o}, {@code systemd-nspawn}, … */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
