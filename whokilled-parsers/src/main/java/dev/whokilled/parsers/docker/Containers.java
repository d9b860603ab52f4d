package dev.whokilled.parsers.docker;

import dev.whokilled.event.ContainerRef;
import dev.whokilled.event.ContainerRuntime;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Containers as runtimes name them: ids, names and the labels Kubernetes puts on the containers it runs. */
final class Containers {

  /** The label of the Kubernetes pod's name. */
  static final String POD_NAME = "io.kubernetes.pod.name";
  /** The label of the Kubernetes pod's namespace. */
  static final String POD_NAMESPACE = "io.kubernetes.pod.namespace";
  /** The label of the Kubernetes pod's UID. */
  static final String POD_UID = "io.kubernetes.pod.uid";
  /** The label of the container's name in its pod. */
  static final String CONTAINER_NAME = "io.kubernetes.container.name";

  private Containers() {}

  /**
   * A container with what its runtime and Kubernetes' labels name.
   *
   * @param runtime the runtime
   * @param id the id as written, or {@code null}
   * @param name the runtime's name for it, or {@code null}
   * @param labels its labels (values that are not strings are ignored)
   * @param cgroupParent Docker's {@code HostConfig.CgroupParent}, which tells a pod's QoS class, or {@code null}
   * @return the container
   */
  static ContainerRef of(ContainerRuntime runtime, @Nullable String id, @Nullable String name,
      Map<String, ?> labels, @Nullable String cgroupParent) {
    String k8sName = label(labels, CONTAINER_NAME);
    String n = k8sName != null ? k8sName : name;
    if (n != null && n.isEmpty()) {
      n = null;
    }
    String podUid = uid(label(labels, POD_UID));
    String qos = null;
    if (cgroupParent != null && !cgroupParent.isEmpty()) {
      ContainerRef parent = ContainerRef.fromCgroupPath(cgroupParent.startsWith("/") ? cgroupParent
          : "/" + cgroupParent).orElse(null);
      if (parent != null) {
        qos = parent.qosClass();
        if (podUid == null) {
          podUid = parent.podUid();
        }
      }
    }
    return new ContainerRef(runtime, id(id), n, label(labels, POD_NAME), podUid, label(labels, POD_NAMESPACE),
        qos);
  }

  /**
   * A container id as whokilled keeps it: hex ids in lower case; other ids (containerd allows letters, digits,
   * {@code _ . -}) as written; {@code null} for anything else.
   *
   * @param id the id as written, or {@code null}
   * @return the id, or {@code null}
   */
  static @Nullable String id(@Nullable String id) {
    if (id == null || id.isEmpty() || id.length() > 128) {
      return null;
    }
    boolean hex = true;
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean h = c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
      boolean ok = h || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && (c == '_' || c == '.' || c == '-');
      if (!ok) {
        return null;
      }
      hex &= h;
    }
    return hex ? id.toLowerCase(Locale.ROOT) : id;
  }

  /** Whether {@code s} could be a container id ({@link #id} accepts it). */
  static boolean isId(String s) {
    return id(s) != null;
  }

  /** A pod UID in its dashed, lower-case form (systemd's escaping writes {@code _} for {@code -}). */
  static @Nullable String uid(@Nullable String uid) {
    if (uid == null || uid.isEmpty() || uid.length() > 64) {
      return null;
    }
    return uid.replace('_', '-').toLowerCase(Locale.ROOT);
  }

  private static @Nullable String label(Map<String, ?> labels, String key) {
    Object v = labels.get(key);
    return v instanceof String s && !s.isEmpty() ? s : null;
  }
}
