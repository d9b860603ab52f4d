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
 * @param pod the Kubernetes pod name, or {@code null}
 * @param podUid the pod UID in its dashed form ({@code 8-4-4-4-12}), or {@code null}
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
   * <p>Knows the layouts of Docker (cgroupfs and systemd drivers), containerd, CRI-O, Podman, Kubernetes
   * {@code kubepods} trees, LXC and systemd-nspawn. A path of plain systemd units or slices names no container.
   *
   * @param cgroupPath a cgroup path as the kernel prints it, such as {@code /docker/3f2…}
   * @return the container, or empty when the path names none
   */
  public static Optional<ContainerRef> fromCgroupPath(@Nullable String cgroupPath) {
    return CgroupPaths.container(cgroupPath);
  }
}
