package dev.whokilled.event;

import dev.whokilled.internal.CgroupPaths;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A container as far as the evidence names it.
 *
 * @param runtime the runtime, or {@code null} when the evidence does not say which
 * @param id the container id (full or as abbreviated by the source), or {@code null}
 * @param name the container's name, or {@code null}
 * @param pod the pod's name as Kubernetes names it, or, when only a cgroup path names the pod, a Podman pod's
 *     64-digit id ({@code machine-libpod_pod_<id>.slice}); {@code null} when not known
 * @param podUid the Kubernetes pod UID in its dashed form ({@code 8-4-4-4-12}, whatever form the source wrote it
 *     in), or a static pod's 32-digit config hash as it is; {@code null} when not known
 * @param namespace the Kubernetes namespace, or {@code null}
 * @param qosClass the Kubernetes QoS class ({@code guaranteed}, {@code burstable}, {@code besteffort}), or
 *     {@code null}
 * @since 0.1
 */
public record ContainerRef(
    @Nullable ContainerRuntime runtime,
    @Nullable String id,
    @Nullable String name,
    @Nullable String pod,
    @Nullable String podUid,
    @Nullable String namespace,
    @Nullable String qosClass) {

  /**
   * Decodes the container, if any, that a cgroup path names.
   *
   * <p>Knows the layouts of Docker (cgroupfs and systemd drivers, nested Docker), containerd (CRI, nerdctl),
   * CRI-O, Podman (rootful, rootless, pods, the nested {@code /container} cgroup), Kubernetes {@code kubepods}
   * trees of both drivers and every QoS class, LXC/LXD/Incus, systemd-nspawn and Virtuozzo 7. The innermost
   * container wins, and the segments below it (the container's own units) are ignored; a runtime's monitor
   * ({@code crio-conmon-…}, {@code libpod-conmon-…}, {@code lxc.monitor…}) is not its container. A pod's own
   * cgroup (a pod-level limit) gives a reference with the pod and no container. A path of plain systemd units or
   * slices names no container. Never throws.
   *
   * @param cgroupPath a cgroup path as the kernel prints it, such as {@code /docker/3f2…}, or {@code null}
   * @return the container (or the pod), or empty when the path names none
   */
  public static Optional<ContainerRef> fromCgroupPath(@Nullable String cgroupPath) {
    return CgroupPaths.container(cgroupPath);
  }
}
