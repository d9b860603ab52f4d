package dev.whokilled.event;

import org.jspecify.annotations.Nullable;

/**
 * A process as a log names it: any part may be unknown.
 *
 * <p>A witness that names only a systemd unit ({@code foo.service: Main process exited, code=killed}) gives a
 * process with just its {@code unit}; the correlator matches it to a kernel record whose cgroup path ends in that
 * unit.
 *
 * @param pid the process id (thread group id) as seen from the log's pid namespace, or {@code null}
 * @param tid the thread id when the source names a thread that is not the group leader, else {@code null}
 * @param comm the command name ({@code comm}, at most 15 bytes in the kernel; may hold spaces, brackets,
 *     parentheses), or {@code null}
 * @param uid the user id, or {@code null}
 * @param cgroup the process's cgroup path, or {@code null}
 * @param container the container decoded from the cgroup or named by a runtime, or {@code null}
 * @param unit the systemd unit the process belonged to ({@code nginx.service}, {@code session-3.scope}), named
 *     by a service manager or read from the innermost {@code .service}/{@code .scope} segment of the cgroup, or
 *     {@code null}
 * @since 0.1
 */
public record ProcessRef(
    @Nullable Long pid,
    @Nullable Long tid,
    @Nullable String comm,
    @Nullable Integer uid,
    @Nullable String cgroup,
    @Nullable ContainerRef container,
    @Nullable String unit) {

  /** Nobody known: the target of a send whose target the witness does not name. */
  public static final ProcessRef UNKNOWN = new ProcessRef(null, null, null, null, null, null, null);

  /** A process known by pid and name. */
  public static ProcessRef of(@Nullable Long pid, @Nullable String comm) {
    return new ProcessRef(pid, null, comm, null, null, null, null);
  }

  /** A process known only by the systemd unit it ran in. */
  public static ProcessRef ofUnit(String unit) {
    return new ProcessRef(null, null, null, null, null, null, unit);
  }

  /**
   * This process with its cgroup set, its container decoded from that cgroup and its unit read from it, unless
   * already known.
   */
  public ProcessRef withCgroup(@Nullable String path) {
    ContainerRef c = container != null ? container : ContainerRef.fromCgroupPath(path).orElse(null);
    return new ProcessRef(pid, tid, comm, uid, path, c, unit != null ? unit : hostUnit(path, c));
  }

  /**
   * The host's unit of a cgroup path: a unit inside a container ({@code nginx.service} in
   * {@code /lxc.payload.web/system.slice/nginx.service}) is the container's own, which the host's service
   * manager never names, so only the container's scope ({@code docker-<id>.scope}, {@code machine-x.scope})
   * counts there.
   */
  private static @Nullable String hostUnit(@Nullable String path, @Nullable ContainerRef c) {
    if (path == null || c == null) {
      return unitOf(path);
    }
    for (String p = path; ; ) {
      String u = unitOf(p);
      if (u == null) {
        return null;
      }
      if (c.id() != null && u.contains(c.id()) || u.startsWith("machine-")) {
        return u;
      }
      int at = p.lastIndexOf("/" + u);
      if (at < 0) {
        return null;
      }
      p = p.substring(0, at);
    }
  }

  /** This process with its uid set. */
  public ProcessRef withUid(@Nullable Integer id) {
    return new ProcessRef(pid, tid, comm, id, cgroup, container, unit);
  }

  /** This process with its systemd unit set. */
  public ProcessRef withUnit(@Nullable String name) {
    return new ProcessRef(pid, tid, comm, uid, cgroup, container, name);
  }

  /** Whether nothing at all is known: no pid, name, cgroup or unit. */
  public boolean isUnknown() {
    return pid == null && comm == null && cgroup == null && unit == null && container == null;
  }

  /**
   * A short description for messages: {@code python3 (pid 2141)}, or the container or unit when that is all there
   * is.
   */
  public String describe() {
    if (pid == null && comm == null && container != null) {
      return "the main process of " + container.describe();
    }
    if (pid == null && comm == null && unit != null) {
      return "the main process of " + unit;
    }
    String name = comm == null ? "process" : comm;
    return pid == null ? name : name + " (pid " + pid + ")";
  }

  /**
   * The systemd unit a cgroup path names: its innermost segment ending in {@code .service} or {@code .scope}.
   *
   * @param path a cgroup path, or {@code null}
   * @return the unit, or {@code null} when the path names none
   */
  public static @Nullable String unitOf(@Nullable String path) {
    if (path == null) {
      return null;
    }
    int end = path.length();
    while (end > 0) {
      int start = path.lastIndexOf('/', end - 1);
      String segment = path.substring(start + 1, end);
      if (segment.endsWith(".service") || segment.endsWith(".scope")) {
        return segment;
      }
      if (start < 0) {
        break;
      }
      end = start;
    }
    return null;
  }
}
