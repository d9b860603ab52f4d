package dev.whokilled.internal;

import dev.whokilled.event.ContainerRef;
import dev.whokilled.event.ContainerRuntime;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Decodes container runtimes, ids and pods from cgroup paths. No API contract.
 *
 * <p>The path is read segment by segment from the leaf up, so that the innermost container wins (Docker in
 * Docker, Kubernetes in an LXC container, Podman's nested {@code /container} cgroup); the segments below the
 * container (a container's own systemd units) are the container's business and name nothing. Above the
 * container only its pod is read, and only up to the next container: a pod seen above an outer container is
 * not the inner container's pod. A runtime's monitor ({@code crio-conmon-…}, {@code libpod-conmon-…},
 * {@code lxc.monitor.…}, nspawn's {@code supervisor}) is not its container: a path ending in one names at most
 * the pod around it.
 *
 * <p>Layouts, each seen in real cgroup paths (the sources are beside the tests):
 *
 * <ul>
 *   <li>Docker: {@code /docker/<id>} (cgroupfs driver, cgroup v1 and v2), {@code …/docker-<id>.scope} (systemd
 *       driver, also under {@code kubepods.slice} with cri-dockerd and in rootless mode);
 *   <li>containerd: {@code …/cri-containerd-<id>.scope} (CRI with the systemd driver), {@code …/nerdctl-<id>.scope},
 *       {@code /default/<id>} (the {@code default} namespace of {@code ctr}/nerdctl), and a kubelet on the
 *       systemd driver with containerd on cgroupfs: {@code …/kubepods-…-pod<uid>.slice:cri-containerd:<id>};
 *   <li>Kubernetes with the cgroupfs driver: {@code /kubepods/[burstable|besteffort/]pod<uid>/<id>}, where the
 *       runtime is not in the path; with the systemd driver {@code /kubepods.slice/kubepods-<qos>.slice/
 *       kubepods-<qos>-pod<uid_with_underscores>.slice/…}; a guaranteed pod has no QoS segment; a static pod's
 *       uid is its 32-digit config hash;
 *   <li>CRI-O: {@code …/crio-<id>.scope} (systemd), {@code …/crio-<id>} (cgroupfs, and the pod's infra container
 *       under systemd); {@code crio-conmon-<id>} is the container's monitor;
 *   <li>Podman: {@code …/libpod-<id>.scope} with or without its nested {@code /container} cgroup, rootless under
 *       {@code user@<uid>.service}, {@code /libpod_parent/libpod-<id>} (cgroupfs), {@code libpod-payload-<id>}
 *       ({@code --cgroups=split}), pods as {@code machine-libpod_pod_<id>.slice}, {@code user-libpod_pod_<id>.slice}
 *       or {@code /libpod_parent/<pod id>}; {@code libpod-conmon-<id>.scope} is the monitor;
 *   <li>LXC, LXD and Incus: {@code /lxc/<name>} (LXC 1 and 2, Proxmox), {@code /lxc.payload/<name>} (LXC 3.1 to
 *       3.2), {@code /lxc.payload.<name>} (LXC 4 and later), each followed by the container's own hierarchy;
 *       {@code lxc.monitor…} is the monitor;
 *   <li>systemd-nspawn: {@code /machine.slice/machine-<name>.scope} with the name escaped as systemd escapes unit
 *       names ({@code \x2d} for {@code -}), newer systemd adding {@code /payload} (the container) and
 *       {@code /supervisor} (nspawn itself); {@code machine-qemu…} scopes are libvirt's virtual machines and
 *       {@code machine-lxc\x2d<pid>\x2d<name>.scope} is a libvirt LXC container (runtime not one of ours);
 *   <li>Virtuozzo 7 / OpenVZ 7: {@code /machine.slice/<CTID>}, the CTID a UUID or a legacy numeric VEID (libvzctl
 *       puts every shared controller's cgroup at {@code <VE_CGROUP_SLICE>/<ctid>}, {@code machine.slice} by
 *       default). OpenVZ 6's beancounter OOM lines ({@code ve=}, {@code UB}) carry no cgroup; the OOM parser reads
 *       them.
 * </ul>
 *
 * <p>Plain systemd units and slices ({@code /system.slice/nginx.service}, {@code /user.slice/…}) name no
 * container. Paths longer than {@value #MAX_LENGTH} characters name nothing; the work is linear in the length.
 */
public final class CgroupPaths {

  /** The longest path read, in chars: the kernel prints cgroup paths from a {@code PATH_MAX} buffer. */
  static final int MAX_LENGTH = 4096;

  private CgroupPaths() {}

  /** What one segment of a path is. */
  private enum Kind {
    /** Nothing of note: a slice, a unit, a container's own cgroup. */
    NONE,
    /** A container. */
    CONTAINER,
    /** A runtime's monitor beside the container (conmon, lxc.monitor). */
    MONITOR,
    /** nspawn's {@code supervisor} cgroup: a monitor inside its machine's scope, which it is not part of. */
    SUPERVISOR,
    /** A Kubernetes pod. */
    POD,
    /** A Podman pod. */
    PODMAN_POD
  }

  /** One decoded segment. */
  private record Seg(
      Kind kind, @Nullable ContainerRuntime runtime, @Nullable String id, @Nullable String name,
      @Nullable String podUid, @Nullable String qos) {

    static final Seg NONE = new Seg(Kind.NONE, null, null, null, null, null);
    static final Seg MONITOR = new Seg(Kind.MONITOR, null, null, null, null, null);
    static final Seg SUPERVISOR = new Seg(Kind.SUPERVISOR, null, null, null, null, null);

    static Seg container(@Nullable ContainerRuntime runtime, @Nullable String id, @Nullable String name) {
      return new Seg(Kind.CONTAINER, runtime, id, name, null, null);
    }
  }

  /**
   * The container a cgroup path names.
   *
   * <p>Also reads a line of {@code /proc/<pid>/cgroup} ({@code 4:memory:/docker/<id>}) and the bare names the
   * kernel prints as {@code cpuset=} ({@code docker-<id>.scope}, {@code lxc.payload.web}).
   *
   * @param path a cgroup path such as {@code /kubepods/burstable/pod<uid>/<id>}
   * @return the container, or a pod with no container when the path is a pod's own cgroup, or empty when the
   *     path names neither
   */
  public static Optional<ContainerRef> container(@Nullable String path) {
    if (path == null || path.isEmpty() || path.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    return Optional.ofNullable(decode(stripProcPrefix(path.strip())));
  }

  private static @Nullable ContainerRef decode(String path) {
    List<String> segments = split(path);
    int n = segments.size();
    boolean skipNext = false;
    for (int i = n - 1; i >= 0; i--) {
      if (skipNext) {
        skipNext = false;
        continue;
      }
      Seg s = classify(segments, i);
      switch (s.kind()) {
        case CONTAINER -> {
          return withPod(s, segments, i);
        }
        case POD -> {
          return new ContainerRef(null, null, null, null, s.podUid(), null, s.qos());
        }
        case PODMAN_POD -> {
          return new ContainerRef(ContainerRuntime.PODMAN, null, null, s.id(), null, null, null);
        }
        case SUPERVISOR -> skipNext = true; // the machine scope above holds nspawn, not the container
        default -> {
          // NONE and MONITOR: go on up
        }
      }
    }
    return null;
  }

  /** The container with the pod it sits in, read above it up to the next container. */
  private static ContainerRef withPod(Seg c, List<String> segments, int at) {
    String podUid = c.podUid();
    String qos = c.qos();
    String podmanPod = null;
    if (podUid == null) {
      for (int j = at - 1; j >= 0; j--) {
        Seg s = classify(segments, j);
        if (s.kind() == Kind.POD) {
          podUid = s.podUid();
          qos = s.qos();
          break;
        }
        if (s.kind() == Kind.PODMAN_POD) {
          podmanPod = s.id();
          break;
        }
        if (s.kind() == Kind.CONTAINER) {
          break; // an outer container: its pod is not this container's
        }
      }
    }
    return new ContainerRef(c.runtime(), c.id(), c.name(), podmanPod, podUid, null, qos);
  }

  private static Seg classify(List<String> segments, int i) {
    String s = segments.get(i);
    String parent = i > 0 ? segments.get(i - 1) : "";
    String grandparent = i > 1 ? segments.get(i - 2) : "";
    if (s.endsWith(".scope")) {
      return scope(s.substring(0, s.length() - ".scope".length()));
    }
    if (s.endsWith(".slice")) {
      return slice(s.substring(0, s.length() - ".slice".length()));
    }
    int colon = s.indexOf(':');
    Seg joined = colon > 0 ? hybrid(s, colon) : null;
    if (joined != null) {
      return joined;
    }
    if (idAfter(s, "crio-conmon-") != null || idAfter(s, "libpod-conmon-") != null) {
      return Seg.MONITOR;
    }
    String id;
    if ((id = idAfter(s, "crio-")) != null) {
      return Seg.container(ContainerRuntime.CRI_O, id, null);
    }
    if ((id = idAfter(s, "libpod-payload-")) != null || (id = idAfter(s, "libpod-")) != null) {
      return Seg.container(ContainerRuntime.PODMAN, id, null);
    }
    if (isContainerId(s)) {
      return bareId(s, parent, grandparent);
    }
    if (s.startsWith("pod") && (parent.equals("kubepods")
        || (parent.equals("burstable") || parent.equals("besteffort")) && grandparent.equals("kubepods"))) {
      String uid = podUid(s.substring(3), '-');
      if (uid != null) {
        return new Seg(Kind.POD, null, null, null, uid, parent.equals("kubepods") ? "guaranteed" : parent);
      }
      return Seg.NONE;
    }
    if (s.startsWith("lxc.payload.") && s.length() > "lxc.payload.".length()) {
      return Seg.container(ContainerRuntime.LXC, null, s.substring("lxc.payload.".length()));
    }
    if (s.startsWith("lxc.monitor")) {
      return Seg.MONITOR;
    }
    if (parent.equals("lxc") || parent.equals("lxc.payload")) {
      return s.equals("lxc.pivot") ? Seg.NONE : Seg.container(ContainerRuntime.LXC, null, s);
    }
    if (parent.equals("lxc.monitor")) {
      return Seg.MONITOR;
    }
    if (s.equals("supervisor") && isMachineScope(parent)) {
      return Seg.SUPERVISOR;
    }
    if (parent.equals("machine.slice") && (isUuid(s) || isVeid(s))) {
      return Seg.container(ContainerRuntime.OPENVZ, s, null);
    }
    if (s.endsWith(".libvirt-lxc") && s.length() > ".libvirt-lxc".length()) {
      return Seg.container(null, null, s.substring(0, s.length() - ".libvirt-lxc".length()));
    }
    return Seg.NONE;
  }

  /** {@code docker-<id>}, {@code cri-containerd-<id>}, {@code machine-<name>}, … without {@code .scope}. */
  private static Seg scope(String base) {
    String id;
    if ((id = idAfter(base, "docker-")) != null) {
      return Seg.container(ContainerRuntime.DOCKER, id, null);
    }
    if ((id = idAfter(base, "cri-containerd-")) != null || (id = idAfter(base, "nerdctl-")) != null) {
      return Seg.container(ContainerRuntime.CONTAINERD, id, null);
    }
    if (idAfter(base, "crio-conmon-") != null || idAfter(base, "libpod-conmon-") != null) {
      return Seg.MONITOR;
    }
    if ((id = idAfter(base, "crio-")) != null) {
      return Seg.container(ContainerRuntime.CRI_O, id, null);
    }
    if ((id = idAfter(base, "libpod-payload-")) != null || (id = idAfter(base, "libpod-")) != null) {
      return Seg.container(ContainerRuntime.PODMAN, id, null);
    }
    if (base.startsWith("machine-") && base.length() > "machine-".length()) {
      String name = unescapeSystemd(base.substring("machine-".length()));
      if (name.startsWith("qemu-")) {
        return Seg.NONE; // a libvirt virtual machine's emulator, not a container
      }
      String libvirtLxc = libvirtLxcName(name);
      if (libvirtLxc != null) {
        return Seg.container(null, null, libvirtLxc);
      }
      return Seg.container(ContainerRuntime.SYSTEMD_NSPAWN, null, name);
    }
    return Seg.NONE;
  }

  /** {@code kubepods-burstable-pod<uid>} or {@code machine-libpod_pod_<id>}, without {@code .slice}. */
  private static Seg slice(String base) {
    int pod = base.lastIndexOf("-pod");
    if (pod > 0 && base.startsWith("kubepods") || pod > 0 && base.contains("-kubepods")) {
      String uid = podUid(base.substring(pod + "-pod".length()), '_');
      if (uid == null) {
        return Seg.NONE;
      }
      String prefix = base.substring(0, pod);
      String qos = prefix.endsWith("-burstable") ? "burstable"
          : prefix.endsWith("-besteffort") ? "besteffort"
          : prefix.endsWith("kubepods") ? "guaranteed" : null;
      return new Seg(Kind.POD, null, null, null, uid, qos);
    }
    int libpod = base.indexOf("-libpod_pod_");
    if (libpod > 0) {
      String id = base.substring(libpod + "-libpod_pod_".length());
      return isContainerId(id) ? new Seg(Kind.PODMAN_POD, null, id, null, null, null) : Seg.NONE;
    }
    return Seg.NONE;
  }

  /**
   * {@code kubepods-burstable-pod<uid>.slice:cri-containerd:<id>}: a kubelet on the systemd driver with a runtime
   * on cgroupfs writes the systemd-style cgroupsPath as a directory name.
   */
  private static @Nullable Seg hybrid(String s, int colon) {
    int second = s.indexOf(':', colon + 1);
    if (second < 0) {
      return null;
    }
    String id = s.substring(second + 1);
    if (!isContainerId(id)) {
      return null;
    }
    ContainerRuntime runtime = switch (s.substring(colon + 1, second)) {
      case "cri-containerd" -> ContainerRuntime.CONTAINERD;
      case "crio" -> ContainerRuntime.CRI_O;
      case "docker" -> ContainerRuntime.DOCKER;
      default -> null;
    };
    String slice = s.substring(0, colon);
    Seg pod = slice.endsWith(".slice") ? slice(slice.substring(0, slice.length() - ".slice".length())) : Seg.NONE;
    return new Seg(Kind.CONTAINER, runtime, id, null, pod.podUid(), pod.qos());
  }

  /** A bare 64-digit id: the runtime is read from its parent where the parent says. */
  private static Seg bareId(String id, String parent, String grandparent) {
    if (parent.equals("docker")) {
      return Seg.container(ContainerRuntime.DOCKER, id, null);
    }
    if (parent.equals("libpod_parent")) {
      return new Seg(Kind.PODMAN_POD, null, id, null, null, null); // cgroupfs: a pod's cgroup, its containers below
    }
    if (parent.startsWith("libpod") || parent.startsWith("podman-") && parent.endsWith(".scope")) {
      // libpod-conmon-<id>/<id> (early Podman), podman-<pid>.scope/<id> (rootless, cgroup v1)
      return Seg.container(ContainerRuntime.PODMAN, id, null);
    }
    if (parent.equals("default")) {
      return Seg.container(ContainerRuntime.CONTAINERD, id, null); // containerd's default namespace
    }
    return Seg.container(null, id, null); // kubepods/…/pod<uid>/<id>, a --cgroup-parent of one's own
  }

  private static boolean isMachineScope(String s) {
    return s.startsWith("machine-") && s.endsWith(".scope");
  }

  /** libvirt's LXC driver registers {@code lxc-<pid>-<name>} with machined. */
  private static @Nullable String libvirtLxcName(String name) {
    if (!name.startsWith("lxc-")) {
      return null;
    }
    int i = "lxc-".length();
    int digits = i;
    while (digits < name.length() && name.charAt(digits) >= '0' && name.charAt(digits) <= '9') {
      digits++;
    }
    if (digits > i && digits < name.length() - 1 && name.charAt(digits) == '-') {
      return name.substring(digits + 1);
    }
    return null;
  }

  private static @Nullable String idAfter(String s, String prefix) {
    if (!s.startsWith(prefix)) {
      return null;
    }
    String id = s.substring(prefix.length());
    return isContainerId(id) ? id : null;
  }

  /** A 64-digit lowercase hex id (Docker, containerd, CRI-O, Podman). */
  static boolean isContainerId(String s) {
    return s.length() == 64 && isHex(s, 0, 64);
  }

  private static boolean isHex(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  /**
   * A pod uid in its dashed form: a UUID written with {@code sep} between its groups, or a static pod's 32-digit
   * config hash as it is.
   */
  private static @Nullable String podUid(String raw, char sep) {
    if (raw.length() == 32 && isHex(raw, 0, 32)) {
      return raw;
    }
    if (raw.length() != 36) {
      return null;
    }
    String dashed = raw.replace(sep, '-');
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

  /** A legacy OpenVZ container id: a number (VEIDs are 32-bit). */
  private static boolean isVeid(String s) {
    if (s.isEmpty() || s.length() > 10) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** A {@code /proc/<pid>/cgroup} line ({@code 4:memory:/docker/…}, {@code 0::/…}) gives its path. */
  private static String stripProcPrefix(String s) {
    if (s.isEmpty() || s.charAt(0) < '0' || s.charAt(0) > '9') {
      return s;
    }
    int first = s.indexOf(':');
    int second = first < 0 ? -1 : s.indexOf(':', first + 1);
    if (second < 0 || second + 1 >= s.length() || s.charAt(second + 1) != '/' || !isVeid(s.substring(0, first))) {
      return s;
    }
    return s.substring(second + 1);
  }

  private static List<String> split(String path) {
    List<String> out = new ArrayList<>();
    int start = 0;
    int len = path.length();
    while (start <= len) {
      int slash = path.indexOf('/', start);
      int end = slash < 0 ? len : slash;
      if (end > start) {
        out.add(path.substring(start, end));
      }
      if (slash < 0) {
        break;
      }
      start = slash + 1;
    }
    return out;
  }

  /**
   * Undoes systemd's unit-name escaping: {@code \xNN} is a byte ({@code \x2d} is {@code -}), the bytes UTF-8.
   * A malformed escape is kept as written.
   */
  static String unescapeSystemd(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\\' && i + 4 <= s.length() && s.charAt(i + 1) == 'x'
          && hex(s.charAt(i + 2)) >= 0 && hex(s.charAt(i + 3)) >= 0) {
        out.write(hex(s.charAt(i + 2)) << 4 | hex(s.charAt(i + 3)));
        i += 4;
      } else {
        int end = i + Character.charCount(s.codePointAt(i));
        byte[] b = s.substring(i, end).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        i = end;
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
