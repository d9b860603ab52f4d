package dev.whokilled.internal;

import dev.whokilled.event.ContainerRef;
import dev.whokilled.event.ContainerRuntime;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Decodes container runtimes, ids and pods from cgroup paths. No API contract.
 *
 * <p>Reads the path segment by segment, from the leaf up, so that the innermost container wins (Podman's
 * nested {@code /container} cgroup, a container inside a pod).
 */
public final class CgroupPaths {

  private CgroupPaths() {}

  /**
   * The container a cgroup path names.
   *
   * @param path a cgroup path such as {@code /kubepods/burstable/pod<uid>/<id>}
   * @return the container, or empty when the path names none
   */
  public static Optional<ContainerRef> container(@Nullable String path) {
    if (path == null || path.isEmpty() || path.length() > 4096) {
      return Optional.empty();
    }
    String[] segments = path.split("/");
    String podUid = null;
    String qos = null;
    boolean kubepods = false;
    for (String s : segments) {
      if (s.equals("kubepods") || s.equals("kubepods.slice")) {
        kubepods = true;
        qos = "guaranteed";
      } else if (kubepods) {
        String q = qosOf(s);
        if (q != null) {
          qos = q;
        }
        String uid = podUidOf(s);
        if (uid != null) {
          podUid = uid;
        }
      }
    }
    for (int i = segments.length - 1; i >= 0; i--) {
      ContainerRef ref = decodeSegment(segments, i, podUid, kubepods ? qos : null);
      if (ref != null) {
        return Optional.of(ref);
      }
    }
    if (podUid != null) {
      // a pod-level cgroup (a pod's limit): the pod is known, not the container
      return Optional.of(new ContainerRef(null, null, null, null, podUid, null, qos));
    }
    return Optional.empty();
  }

  private static @Nullable ContainerRef decodeSegment(
      String[] segments, int i, @Nullable String podUid, @Nullable String qos) {
    String s = segments[i];
    String parent = i > 0 ? segments[i - 1] : "";
    if (s.endsWith(".scope")) {
      String base = s.substring(0, s.length() - ".scope".length());
      String id;
      if ((id = hexAfter(base, "docker-")) != null) {
        return ref(ContainerRuntime.DOCKER, id, null, podUid, qos);
      }
      if ((id = hexAfter(base, "cri-containerd-")) != null) {
        return ref(ContainerRuntime.CONTAINERD, id, null, podUid, qos);
      }
      if ((id = hexAfter(base, "crio-")) != null) {
        return ref(ContainerRuntime.CRI_O, id, null, podUid, qos);
      }
      if ((id = hexAfter(base, "libpod-")) != null) {
        return ref(ContainerRuntime.PODMAN, id, null, podUid, qos);
      }
      if (base.startsWith("machine-") && base.length() > "machine-".length()) {
        String name = unescapeSystemd(base.substring("machine-".length()));
        if (name.startsWith("libpod-")) {
          return null;
        }
        return ref(ContainerRuntime.SYSTEMD_NSPAWN, null, name, podUid, qos);
      }
      return null;
    }
    if (s.equals("container") && parent.startsWith("libpod-")) {
      return null; // Podman's nested cgroup: the parent segment names the container
    }
    if (isContainerId(s)) {
      if (parent.equals("docker")) {
        return ref(ContainerRuntime.DOCKER, s, null, podUid, qos);
      }
      if (parent.startsWith("pod") && podUid != null) {
        return ref(null, s, null, podUid, qos); // cgroupfs driver: the runtime is not in the path
      }
      if (parent.equals("libpod_parent") || parent.startsWith("libpod-")) {
        return ref(ContainerRuntime.PODMAN, s, null, podUid, qos);
      }
      return null;
    }
    if (parent.equals("lxc") && !s.isEmpty()) {
      return ref(ContainerRuntime.LXC, null, s, podUid, qos);
    }
    if (s.startsWith("lxc.payload.") && s.length() > "lxc.payload.".length()) {
      return ref(ContainerRuntime.LXC, null, s.substring("lxc.payload.".length()), podUid, qos);
    }
    if (s.startsWith("lxc.monitor.")) {
      return null;
    }
    return null;
  }

  private static ContainerRef ref(
      @Nullable ContainerRuntime runtime, @Nullable String id, @Nullable String name, @Nullable String podUid,
      @Nullable String qos) {
    return new ContainerRef(runtime, id, name, null, podUid, null, qos);
  }

  private static @Nullable String hexAfter(String base, String prefix) {
    if (!base.startsWith(prefix)) {
      return null;
    }
    String id = base.substring(prefix.length());
    return isContainerId(id) ? id : null;
  }

  /** A 64-digit lowercase hex id (Docker, containerd, CRI-O, Podman). */
  static boolean isContainerId(String s) {
    if (s.length() != 64) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  private static @Nullable String qosOf(String s) {
    String t = s.toLowerCase(Locale.ROOT);
    if (t.equals("burstable") || t.equals("kubepods-burstable.slice")) {
      return "burstable";
    }
    if (t.equals("besteffort") || t.equals("kubepods-besteffort.slice")) {
      return "besteffort";
    }
    return null;
  }

  /** {@code pod<uid>} (cgroupfs) or {@code kubepods-…-pod<uid_with_underscores>.slice} (systemd). */
  private static @Nullable String podUidOf(String s) {
    String raw = null;
    if (s.startsWith("pod")) {
      raw = s.substring(3);
    } else if (s.endsWith(".slice")) {
      int at = s.lastIndexOf("-pod");
      if (at >= 0) {
        raw = s.substring(at + 4, s.length() - ".slice".length());
      }
    }
    if (raw == null) {
      return null;
    }
    String dashed = raw.replace('_', '-').toLowerCase(Locale.ROOT);
    return isUuid(dashed) ? dashed : null;
  }

  private static boolean isUuid(String s) {
    if (s.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  /** systemd escapes {@code -} in unit names as {@code \x2d}. */
  private static String unescapeSystemd(String s) {
    return s.replace("\\x2d", "-");
  }
}
