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

  /**
   * Whether two witnesses name the same container: the same id (one may be the other's abbreviation of at least
   * 12 digits, as {@code docker ps} prints it), or, when either lacks an id, the same pod and container name (and
   * namespace, when both give one); a pod named without a container matches each of its containers.
   *
   * @param other the other witness's container
   * @return whether they are one container
   */
  public boolean sameContainer(ContainerRef other) {
    if (id != null && other.id != null) {
      String a = id.length() <= other.id.length() ? id : other.id;
      String b = a == id ? other.id : id;
      return a.length() >= 12 ? b.startsWith(a) : a.equals(b);
    }
    boolean samePod = pod != null && pod.equals(other.pod) || podUid != null && podUid.equals(other.podUid);
    boolean namespacesAgree = namespace == null || other.namespace == null || namespace.equals(other.namespace);
    if (id == null && name == null || other.id == null && other.name == null) {
      return samePod && namespacesAgree; // a report about the whole pod (an eviction) is about each container
    }
    if (name == null || !name.equals(other.name)) {
      return false;
    }
    boolean bothOutsidePods = pod == null && podUid == null && other.pod == null && other.podUid == null;
    return namespacesAgree && (samePod || bothOutsidePods && runtime == other.runtime);
  }

  /**
   * A container id as people see it: a runtime's hex id cut to the 12 characters {@code docker ps} shows, any
   * other id ({@code container_1401362984347_0002_01_000001}, a name-like id) whole.
   *
   * @param id the id
   * @return the id to show
   */
  public static String shortId(String id) {
    if (id.length() <= 12) {
      return id;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return id;
      }
    }
    return id.substring(0, 12);
  }

  /**
   * Words for messages: {@code docker container web}, {@code container 3f2a1b2c3d4e of pod shop/cart-7d9f},
   * {@code pod 5c1e…}.
   *
   * @return the description
   */
  public String describe() {
    String podName = pod == null ? null
        : pod.length() == 64 ? pod.substring(0, 12) // a Podman pod's id
        : namespace == null ? pod : namespace + "/" + pod;
    if (id == null && name == null) {
      if (podName != null) {
        return (runtime == ContainerRuntime.PODMAN ? "podman pod " : "pod ") + podName;
      }
      if (podUid != null) {
        return "pod " + podUid;
      }
    }
    StringBuilder b = new StringBuilder();
    b.append(runtime == null ? "container" : runtime.jsonName() + " container");
    if (name != null) {
      b.append(' ').append(name);
    } else if (id != null) {
      b.append(' ').append(shortId(id));
    }
    if (podName != null) {
      b.append(" of pod ").append(podName);
    } else if (podUid != null) {
      b.append(" of pod ").append(podUid);
    }
    return b.toString();
  }

}
