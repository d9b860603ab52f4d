package dev.whokilled.event;

import java.util.Locale;

/**
 * The container runtime or manager that a cgroup path or a runtime's own report names.
 *
 * <p>A cgroup path names the runtime only where its layout says: a Kubernetes {@code kubepods} tree on the
 * cgroupfs driver ({@code /kubepods/burstable/pod<uid>/<id>}) holds the same bare id for Docker, containerd and
 * CRI-O, so the runtime stays unknown ({@code null}) there.
 *
 * @since 0.1
 */
public enum ContainerRuntime {
  /** Docker: {@code /docker/<id>} (cgroupfs driver) and {@code docker-<id>.scope} (systemd driver). */
  DOCKER,
  /**
   * containerd, directly ({@code ctr}, nerdctl: {@code nerdctl-<id>.scope}, {@code /default/<id>}) or as the
   * Kubernetes CRI ({@code cri-containerd-<id>.scope}).
   */
  CONTAINERD,
  /** CRI-O: {@code crio-<id>.scope}, {@code crio-<id>}; {@code crio-conmon-<id>} is its monitor, not a container. */
  CRI_O,
  /**
   * Podman (libpod): {@code libpod-<id>.scope} (with its nested {@code /container} cgroup),
   * {@code /libpod_parent/libpod-<id>}, {@code libpod-payload-<id>}; {@code libpod-conmon-<id>} is its monitor.
   */
  PODMAN,
  /** LXC, LXD and Incus: {@code /lxc/<name>}, {@code /lxc.payload/<name>}, {@code /lxc.payload.<name>}. */
  LXC,
  /** systemd-nspawn machines: {@code machine-<name>.scope} (escaped as systemd escapes unit names). */
  SYSTEMD_NSPAWN,
  /**
   * OpenVZ or Virtuozzo containers: the beancounter's OOM lines ({@code ve=}, {@code UB}) and Virtuozzo 7's
   * {@code /machine.slice/<CTID>}; the id is the CTID or VEID.
   */
  OPENVZ;

  /** The name used in whokilled's JSON: {@code docker}, {@code cri-o}, {@code systemd-nspawn}, … */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
