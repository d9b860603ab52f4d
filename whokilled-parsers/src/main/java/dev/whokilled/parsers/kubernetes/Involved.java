package dev.whokilled.parsers.kubernetes;

import dev.whokilled.event.ContainerRef;
import dev.whokilled.event.ContainerRuntime;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The object a Kubernetes report is about, as far as it names it: an event's {@code involvedObject}, the pod a
 * {@code kubectl describe} shows, a kubelet line's {@code pod="ns/name"}.
 *
 * @param kind {@code Pod}, {@code Node}, …, or {@code null} when not said
 * @param name the object's name, or {@code null}
 * @param namespace its namespace, or {@code null}
 * @param uid its UID (a pod's UID in its dashed form), or {@code null}
 * @param container the container named by the event's field path ({@code spec.containers{web}}) or its message,
 *     or {@code null}
 * @param runtime the runtime named by a container id's prefix, or {@code null}
 * @param containerId the container's id (lowercase, without the runtime's prefix), or {@code null}
 * @param node the node the reporter ran on, or {@code null}
 */
record Involved(
    @Nullable String kind,
    @Nullable String name,
    @Nullable String namespace,
    @Nullable String uid,
    @Nullable String container,
    @Nullable ContainerRuntime runtime,
    @Nullable String containerId,
    @Nullable String node) {

  /** Nothing named. */
  static final Involved NONE = new Involved(null, null, null, null, null, null, null, null);

  /** Whether the object is (or may be) a pod. */
  boolean isPod() {
    return kind == null || kind.equalsIgnoreCase("pod");
  }

  /** Whether the object is a node. */
  boolean isNode() {
    return kind != null && kind.equalsIgnoreCase("node");
  }

  /** This object with the container named, unless one is named already. */
  Involved withContainer(@Nullable String c) {
    return container != null || c == null || c.isEmpty() ? this
        : new Involved(kind, name, namespace, uid, c, runtime, containerId, node);
  }

  /** This object without its container. */
  Involved withoutContainer() {
    return container == null ? this : new Involved(kind, name, namespace, uid, null, runtime, containerId, node);
  }

  /** This object with the container's runtime and id read from {@code docker://…}, unless known already. */
  Involved withContainerId(@Nullable String prefixed) {
    if (containerId != null || prefixed == null) {
      return this;
    }
    ContainerRuntime r = runtimeOf(prefixed);
    String id = idOf(prefixed);
    return new Involved(kind, name, namespace, uid, container, r != null ? r : runtime, id, node);
  }

  /** This object with the node set, unless known already. */
  Involved withNode(@Nullable String n) {
    return node != null || n == null || n.isEmpty() ? this
        : new Involved(kind, name, namespace, uid, container, runtime, containerId, n);
  }

  /** A key that tells objects apart, for remembering what was said about one. */
  String key() {
    return kind + "/" + namespace + "/" + name + "/" + container;
  }

  /**
   * The container this object names, or {@code null} when it names no pod or container (a node).
   *
   * @param qos the pod's QoS class as Kubernetes writes it ({@code Burstable}), or {@code null}
   * @return the container
   */
  @Nullable ContainerRef ref(@Nullable String qos) {
    if (!isPod() || name == null && container == null && containerId == null && uid == null) {
      return null;
    }
    return new ContainerRef(runtime, containerId, container, isPod() ? name : null, dashed(uid), namespace,
        qos(qos));
  }

  /** The runtime a container id's prefix names ({@code containerd://}, {@code docker://}, {@code cri-o://}). */
  static @Nullable ContainerRuntime runtimeOf(String prefixed) {
    String p = prefixed.trim();
    if (p.startsWith("containerd://")) {
      return ContainerRuntime.CONTAINERD;
    }
    if (p.startsWith("docker://")) {
      return ContainerRuntime.DOCKER;
    }
    if (p.startsWith("cri-o://") || p.startsWith("crio://")) {
      return ContainerRuntime.CRI_O;
    }
    if (p.startsWith("podman://")) {
      return ContainerRuntime.PODMAN;
    }
    return null;
  }

  /** The id without its runtime prefix, lowercase, or {@code null} when empty or not hexadecimal. */
  static @Nullable String idOf(String prefixed) {
    String p = prefixed.trim();
    int sep = p.indexOf("://");
    String id = sep >= 0 ? p.substring(sep + 3) : p;
    if (id.isEmpty() || id.length() > 128) {
      return null;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = Character.toLowerCase(id.charAt(i));
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return null;
      }
    }
    return id.toLowerCase(Locale.ROOT);
  }

  /** A QoS class as whokilled writes it: {@code guaranteed}, {@code burstable}, {@code besteffort}. */
  static @Nullable String qos(@Nullable String q) {
    if (q == null) {
      return null;
    }
    String l = q.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(" ", "");
    return l.equals("guaranteed") || l.equals("burstable") || l.equals("besteffort") ? l : null;
  }

  /** A pod UID in its dashed form (8-4-4-4-12 hex), or {@code null} when it is not one. */
  static @Nullable String dashed(@Nullable String u) {
    if (u == null) {
      return null;
    }
    String s = u.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    if (s.length() == 32 && s.indexOf('-') < 0) {
      s = s.substring(0, 8) + "-" + s.substring(8, 12) + "-" + s.substring(12, 16) + "-" + s.substring(16, 20)
          + "-" + s.substring(20);
    }
    if (s.length() != 36) {
      return null;
    }
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return null;
      }
    }
    return s;
  }
}
