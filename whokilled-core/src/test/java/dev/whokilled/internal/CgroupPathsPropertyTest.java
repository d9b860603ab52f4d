package dev.whokilled.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.whokilled.event.ContainerRef;
import dev.whokilled.event.ContainerRuntime;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Property tests of the cgroup path decoder: paths generated for every layout (random ids, pod uids, names with
 * systemd escapes, every QoS class, systemd and cgroupfs drivers, nesting prefixes, outer containers, the
 * container's own hierarchy below it) decode back to what was generated; arbitrary input never throws and
 * yields only well-formed references. Jazzer replays the seeds in
 * {@code src/test/resources/dev/whokilled/internal/CgroupPathsPropertyTestInputs} in every build and fuzzes with
 * {@code JAZZER_FUZZ=1}; both properties also run from a seeded random source in every build.
 */
final class CgroupPathsPropertyTest {

  /** Where a layout may sit: the root, under plain slices and services, under this machine's own cgroup. */
  static final String[] PREFIXES = {"", "/system.slice", "/process_api/ee2882e616cf9736efb9fd8e601b04d7",
    "/user.slice/user-1000.slice/user@1000.service/app.slice", "/kubelet", "/machine.slice", "/a.slice/b.service"};

  /** What may sit below a container: its own cgroups, none of which is a container. */
  static final String[] SUFFIXES = {"", "/init.scope", "/system.slice/nginx.service", "/.lxc",
    "/user.slice/user-0.slice/session-1.scope", "/container", "/payload", "/ns", "/system.slice/sys-fs.mount",
    "/cgroup.events-not-a-dir"};

  /** Names people give LXC containers and nspawn machines, some needing systemd's escaping. */
  static final String[] NAMES = {"web", "my-box", "TEST-13-NSPAWN.machinectl-bind.7ye", "debian_bookworm",
    "caf\u00e9", "\u6d4b\u8bd5-1", "x", "db.prod-2", "a:b", "sp ace", "tryit-select", "openwrt", "VM_A",
    "snapcraft_some-container", "n\\x2d", "with\\backslash", "pod", "docker"};

  enum Layout {
    DOCKER_CGROUPFS, DOCKER_SYSTEMD, DOCKER_ROOTLESS, K8S_CGROUPFS, K8S_SYSTEMD, K8S_POD_ONLY, K8S_HYBRID,
    K8S_CONMON, CONTAINERD_PLAIN, PODMAN, PODMAN_POD, PODMAN_CONMON, LXC, NSPAWN, NSPAWN_SUPERVISOR, LIBVIRT,
    OPENVZ, PLAIN
  }

  /** A generated path and what it must decode to. */
  record Case(String path, @Nullable ContainerRef expected) {}

  /** The randomness a generator draws on: the fuzzer's bytes or a seeded {@link Random}. */
  interface Source {
    int pick(int n);

    long next();
  }

  static Source of(FuzzedDataProvider data) {
    return new Source() {
      @Override
      public int pick(int n) {
        return data.consumeInt(0, n - 1);
      }

      @Override
      public long next() {
        return data.consumeLong();
      }
    };
  }

  static Source of(Random random) {
    return new Source() {
      @Override
      public int pick(int n) {
        return random.nextInt(n);
      }

      @Override
      public long next() {
        return random.nextLong();
      }
    };
  }

  /**
   * Generated paths of every layout decode back to their runtime, id, name, pod and QoS class.
   *
   * @param data the fuzzer's bytes
   */
  @FuzzTest(maxDuration = "40s")
  void generatedPaths_decodeBack(FuzzedDataProvider data) {
    check(generate(of(data)));
  }

  /** Generated paths of every layout decode back, from a seeded random source. */
  @Test
  void generatedPaths_decodeBackRandomly() {
    Random random = new Random(20261122);
    for (int i = 0; i < 5_000; i++) {
      check(generate(of(random)));
    }
  }

  private static void check(Case c) {
    assertEquals(Optional.ofNullable(c.expected()), CgroupPaths.container(c.path()), c.path());
  }

  static Case generate(Source r) {
    Layout layout = Layout.values()[r.pick(Layout.values().length)];
    Case inner = layout(layout, r);
    String prefix = PREFIXES[r.pick(PREFIXES.length)];
    if (r.pick(4) == 0 && inner.expected() != null) {
      prefix = outer(r) + prefix; // an outer container: the inner one (or the pod) wins
    }
    return new Case(prefix + inner.path(), inner.expected());
  }

  /** An outer container the generated one runs in. */
  static String outer(Source r) {
    return switch (r.pick(5)) {
      case 0 -> "/docker/" + id(r);
      case 1 -> "/system.slice/docker-" + id(r) + ".scope";
      case 2 -> "/lxc.payload.outer";
      case 3 -> "/kubepods/burstable/pod" + uuid(r) + "/" + id(r);
      default -> "/machine.slice/machine-host\\x2d1.scope/payload";
    };
  }

  static Case layout(Layout layout, Source r) {
    String id = id(r);
    String suffix = SUFFIXES[r.pick(SUFFIXES.length)];
    switch (layout) {
      case DOCKER_CGROUPFS -> {
        return new Case("/docker/" + id + suffix, ref(ContainerRuntime.DOCKER, id, null, null, null, null));
      }
      case DOCKER_SYSTEMD -> {
        String slice = r.pick(2) == 0 ? "/system.slice" : "/system.slice/system-docker.slice";
        return new Case(slice + "/docker-" + id + ".scope" + suffix,
            ref(ContainerRuntime.DOCKER, id, null, null, null, null));
      }
      case DOCKER_ROOTLESS -> {
        int uid = 1000 + r.pick(60000);
        return new Case("/user.slice/user-" + uid + ".slice/user@" + uid + ".service/user.slice/docker-" + id
            + ".scope" + suffix, ref(ContainerRuntime.DOCKER, id, null, null, null, null));
      }
      case K8S_CGROUPFS -> {
        String qos = qos(r);
        String uid = podUid(r);
        boolean crio = r.pick(3) == 0;
        return new Case(cgroupfsPod(qos, uid) + (crio ? "/crio-" : "/") + id + suffix,
            ref(crio ? ContainerRuntime.CRI_O : null, id, null, null, uid, qos));
      }
      case K8S_SYSTEMD -> {
        String qos = qos(r);
        String uid = podUid(r);
        String[] prefixes = {"docker-", "cri-containerd-", "crio-"};
        ContainerRuntime[] runtimes = {ContainerRuntime.DOCKER, ContainerRuntime.CONTAINERD, ContainerRuntime.CRI_O};
        int p = r.pick(3);
        // CRI-O's pod sandbox cgroup has no .scope
        String scope = p == 2 && r.pick(3) == 0 ? "" : ".scope";
        return new Case(systemdPod(qos, uid) + "/" + prefixes[p] + id + scope + suffix,
            ref(runtimes[p], id, null, null, uid, qos));
      }
      case K8S_POD_ONLY -> {
        String qos = qos(r);
        String uid = podUid(r);
        return new Case(r.pick(2) == 0 ? cgroupfsPod(qos, uid) : systemdPod(qos, uid),
            ref(null, null, null, null, uid, qos));
      }
      case K8S_HYBRID -> {
        String qos = qos(r);
        String uid = podUid(r);
        return new Case("/system.slice/containerd.service/" + podSlice(qos, uid) + ":cri-containerd:" + id + suffix,
            ref(ContainerRuntime.CONTAINERD, id, null, null, uid, qos));
      }
      case K8S_CONMON -> {
        String qos = qos(r);
        String uid = podUid(r);
        return new Case(systemdPod(qos, uid) + "/crio-conmon-" + id + ".scope", ref(null, null, null, null, uid, qos));
      }
      case CONTAINERD_PLAIN -> {
        return new Case(r.pick(2) == 0 ? "/system.slice/nerdctl-" + id + ".scope" + suffix : "/default/" + id + suffix,
            ref(ContainerRuntime.CONTAINERD, id, null, null, null, null));
      }
      case PODMAN -> {
        String path = switch (r.pick(5)) {
          case 0 -> "/machine.slice/libpod-" + id + ".scope";
          case 1 -> "/machine.slice/libpod-" + id + ".scope/container";
          case 2 -> "/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" + id + ".scope/container";
          case 3 -> "/libpod_parent/libpod-" + id;
          default -> "/system.slice/container-x.service/libpod-payload-" + id;
        };
        return new Case(path + suffix, ref(ContainerRuntime.PODMAN, id, null, null, null, null));
      }
      case PODMAN_POD -> {
        String pod = id(r);
        String slice = r.pick(2) == 0 ? "/machine.slice/machine-libpod_pod_" + pod + ".slice"
            : "/user.slice/user-1000.slice/user@1000.service/user.slice/user-libpod_pod_" + pod + ".slice";
        if (r.pick(2) == 0) {
          return new Case(slice, ref(ContainerRuntime.PODMAN, null, null, pod, null, null));
        }
        return new Case(slice + "/libpod-" + id + ".scope/container",
            ref(ContainerRuntime.PODMAN, id, null, pod, null, null));
      }
      case PODMAN_CONMON -> {
        return new Case("/machine.slice/libpod-conmon-" + id + ".scope", null);
      }
      case LXC -> {
        String name = lxcName(r);
        String path = switch (r.pick(3)) {
          case 0 -> "/lxc/" + name;
          case 1 -> "/lxc.payload/" + name;
          default -> "/lxc.payload." + name;
        };
        return new Case(path + suffix, ref(ContainerRuntime.LXC, null, name, null, null, null));
      }
      case NSPAWN -> {
        String name = NAMES[r.pick(NAMES.length)] + (r.pick(2) == 0 ? "" : "-" + r.pick(1000));
        String tail = r.pick(2) == 0 ? "" : "/payload" + suffix;
        return new Case("/machine.slice/machine-" + escape(name) + ".scope" + tail,
            ref(ContainerRuntime.SYSTEMD_NSPAWN, null, name, null, null, null));
      }
      case NSPAWN_SUPERVISOR -> {
        return new Case("/machine.slice/machine-" + escape(NAMES[r.pick(NAMES.length)]) + ".scope/supervisor", null);
      }
      case LIBVIRT -> {
        String name = lxcName(r);
        if (r.pick(2) == 0) {
          return new Case("/machine.slice/machine-qemu\\x2d" + r.pick(100) + "\\x2d" + escape(name)
              + ".scope/libvirt/emulator", null);
        }
        return new Case("/machine.slice/machine-lxc\\x2d" + (1 + r.pick(99999)) + "\\x2d" + escape(name) + ".scope"
            + suffix, ref(null, null, name, null, null, null));
      }
      case OPENVZ -> {
        String ctid = r.pick(2) == 0 ? uuid(r) : Integer.toString(r.pick(Integer.MAX_VALUE));
        return new Case("/machine.slice/" + ctid + suffix, ref(ContainerRuntime.OPENVZ, ctid, null, null, null, null));
      }
      default -> {
        String[] plain = {"/system.slice/nginx.service", "/user.slice/user-1000.slice/session-2.scope",
          "/system.slice/docker.service", "/init.scope", "/kubepods.slice/kubepods-burstable.slice",
          "/kubepods/besteffort", "/system.slice/containerd.service", "/machine.slice"};
        return new Case(plain[r.pick(plain.length)], null);
      }
    }
  }

  private static ContainerRef ref(@Nullable ContainerRuntime runtime, @Nullable String id, @Nullable String name,
      @Nullable String pod, @Nullable String podUid, @Nullable String qos) {
    return new ContainerRef(runtime, id, name, pod, podUid, null, qos);
  }

  static String qos(Source r) {
    return List.of("guaranteed", "burstable", "besteffort").get(r.pick(3));
  }

  static String cgroupfsPod(String qos, String uid) {
    return "/kubepods" + (qos.equals("guaranteed") ? "" : "/" + qos) + "/pod" + uid;
  }

  static String podSlice(String qos, String uid) {
    String q = qos.equals("guaranteed") ? "" : "-" + qos;
    return "kubepods" + q + "-pod" + uid.replace('-', '_') + ".slice";
  }

  static String systemdPod(String qos, String uid) {
    String q = qos.equals("guaranteed") ? "" : "-" + qos;
    return "/kubepods.slice" + (q.isEmpty() ? "" : "/kubepods" + q + ".slice") + "/" + podSlice(qos, uid);
  }

  static String id(Source r) {
    StringBuilder b = new StringBuilder(64);
    for (int i = 0; i < 4; i++) {
      b.append(String.format("%016x", r.next()));
    }
    return b.toString();
  }

  static String uuid(Source r) {
    String h = String.format("%016x%016x", r.next(), r.next());
    return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20) + "-"
        + h.substring(20, 32);
  }

  /** A pod uid: a UUID, or a static pod's 32-digit config hash. */
  static String podUid(Source r) {
    return r.pick(5) == 0 ? String.format("%016x%016x", r.next(), r.next()) : uuid(r);
  }

  /** An LXC name: one of {@link #NAMES} that LXC accepts (no slash), maybe numbered as Proxmox numbers them. */
  static String lxcName(Source r) {
    return r.pick(3) == 0 ? Integer.toString(100 + r.pick(900)) : NAMES[r.pick(NAMES.length)];
  }

  /** systemd's unit-name escaping: bytes other than ASCII letters, digits, {@code :_.} as {@code \xNN}. */
  static String escape(String name) {
    StringBuilder b = new StringBuilder();
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int c = bytes[i] & 0xff;
      boolean keep = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ':' || c == '_'
          || c == '.' && i > 0;
      b.append(keep ? String.valueOf((char) c) : String.format("\\x%02x", c));
    }
    return b.toString();
  }

  /** Pieces of real layouts, to put arbitrary input near the decoder's branches. */
  static final String[] FRAGMENTS = {"/", "//", "docker", "docker-", ".scope", ".slice", "kubepods", "kubepods-",
    "burstable", "besteffort", "-pod", "pod", "_", "-", "cri-containerd-", "crio-", "crio-conmon-", "libpod-",
    "libpod-conmon-", "libpod-payload-", "libpod_parent", "machine-", "machine.slice", "machine-libpod_pod_",
    "lxc", "lxc.payload", "lxc.payload.", "lxc.monitor", "payload", "supervisor", "\\x2d", "\\x", "\\xc3\\xa9",
    ":cri-containerd:", ":crio:", ":", "0:", "4:memory:", "0::", "qemu-", "lxc-12-", ".libvirt-lxc", "default",
    "nerdctl-", "user@1000.service", "podman-1.scope", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    "6b212546-f5dd-4fdf-bcc7-72a686638102", "6b212546_f5dd_4fdf_bcc7_72a686638102",
    "03671a0313f5acf27bef3683009923f8", "101", "\u0000", "\ud800", "\u00e9", " ", "\n"};

  static final Set<String> QOS = Set.of("guaranteed", "burstable", "besteffort");

  /**
   * Arbitrary input, mixed with fragments of every layout, never throws and gives only well-formed references.
   *
   * @param data the fuzzer's bytes
   */
  @FuzzTest(maxDuration = "40s")
  void anyInput_neverThrows(FuzzedDataProvider data) {
    StringBuilder b = new StringBuilder();
    while (data.remainingBytes() > 0 && b.length() < 6000) {
      if (data.consumeBoolean()) {
        b.append(FRAGMENTS[data.consumeInt(0, FRAGMENTS.length - 1)]);
      } else {
        b.append(data.consumeString(40));
      }
    }
    wellFormed(b.toString());
  }

  /** Arbitrary input never throws, from a seeded random source. */
  @Test
  void anyInput_neverThrowsRandomly() {
    Random random = new Random(4096);
    for (int i = 0; i < 5_000; i++) {
      StringBuilder b = new StringBuilder();
      for (int k = random.nextInt(30); k > 0; k--) {
        if (random.nextInt(4) == 0) {
          b.append((char) random.nextInt(0x10000));
        } else {
          b.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
        }
      }
      wellFormed(b.toString());
    }
  }

  private static void wellFormed(String path) {
    Optional<ContainerRef> got = CgroupPaths.container(path);
    assertNotNull(got);
    assertEquals(got, CgroupPaths.container(path), "the same path decodes the same");
    if (got.isEmpty()) {
      return;
    }
    ContainerRef c = got.get();
    assertTrue(c.id() != null || c.name() != null || c.pod() != null || c.podUid() != null, path);
    if (c.id() != null) {
      assertTrue(c.runtime() == ContainerRuntime.OPENVZ || CgroupPaths.isContainerId(c.id()), path);
    }
    if (c.podUid() != null) {
      assertTrue(c.podUid().length() == 36 || c.podUid().length() == 32, path);
      assertTrue(c.podUid().chars().allMatch(ch -> ch == '-' || Character.digit(ch, 16) >= 0), path);
    }
    if (c.qosClass() != null) {
      assertTrue(QOS.contains(c.qosClass()), path);
    }
    if (c.name() != null) {
      assertTrue(!c.name().isEmpty(), path);
    }
    assertTrue(path.length() <= CgroupPaths.MAX_LENGTH, "over the cap, nothing is decoded");
  }
}
