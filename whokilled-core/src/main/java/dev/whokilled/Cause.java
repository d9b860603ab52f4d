package dev.whokilled;

/**
 * What ended a process: the stable cause vocabulary of whokilled (JSON uses {@link #jsonName()}).
 *
 * @since 0.1
 */
public enum Cause {
  /** The kernel OOM killer, system-wide (no memory cgroup constraint). */
  KERNEL_OOM("kernel-oom"),
  /** The kernel OOM killer inside a memory cgroup's limit, not recognised as a container. */
  CGROUP_OOM("cgroup-oom"),
  /** The memory limit of a container or pod. */
  CONTAINER_OOM("container-oom"),
  /** A userspace memory killer: earlyoom, systemd-oomd, oomd. */
  USERSPACE_OOM("userspace-oom"),
  /** A signal from a process or a person. */
  SIGNAL("signal"),
  /** systemd or another supervisor stopped or killed it. */
  SERVICE_MANAGER("service-manager"),
  /** Invalid memory access (SIGSEGV). */
  CRASH_SEGFAULT("crash-segfault"),
  /** A CPU trap other than a segfault. */
  CRASH_TRAP("crash-trap"),
  /** The program aborted itself (SIGABRT). */
  CRASH_ABORT("crash-abort"),
  /** Any other fault. */
  CRASH("crash"),
  /** A resource limit (RLIMIT_CPU, RLIMIT_FSIZE, eviction for pressure). */
  RESOURCE_LIMIT("resource-limit"),
  /** It died from a signal, and nothing shows who sent it. */
  UNKNOWN("unknown");

  private final String jsonName;

  Cause(String jsonName) {
    this.jsonName = jsonName;
  }

  /** The name in whokilled's JSON and in the cause vocabulary: {@code cgroup-oom}. */
  public String jsonName() {
    return jsonName;
  }

  /**
   * The cause with this vocabulary name.
   *
   * @param name such as {@code kernel-oom}
   * @return the cause
   * @throws IllegalArgumentException if no cause has that name
   */
  public static Cause fromJsonName(String name) {
    for (Cause c : values()) {
      if (c.jsonName.equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException("no such cause: " + name);
  }
}
