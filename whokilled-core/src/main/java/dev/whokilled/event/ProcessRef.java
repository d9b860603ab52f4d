package dev.whokilled.event;

import org.jspecify.annotations.Nullable;

/**
 * A process as a log names it: any part may be unknown.
 *
 * @param pid the process id (thread group id) as seen from the log's pid namespace, or {@code null}
 * @param tid the thread id when the source names a thread that is not the group leader, else {@code null}
 * @param comm the command name ({@code comm}, at most 15 bytes in the kernel; may hold spaces, brackets,
 *     parentheses), or {@code null}
 * @param uid the user id, or {@code null}
 * @param cgroup the process's cgroup path, or {@code null}
 * @param container the container decoded from the cgroup or named by a runtime, or {@code null}
 * @since 0.1
 */
public record ProcessRef(
    @Nullable Long pid,
    @Nullable Long tid,
    @Nullable String comm,
    @Nullable Integer uid,
    @Nullable String cgroup,
    @Nullable ContainerRef container) {

  /** A process known by pid and name. */
  public static ProcessRef of(@Nullable Long pid, @Nullable String comm) {
    return new ProcessRef(pid, null, comm, null, null, null);
  }

  /** This process with its cgroup set, and its container decoded from that cgroup unless already known. */
  public ProcessRef withCgroup(@Nullable String path) {
    ContainerRef c = container != null ? container : ContainerRef.fromCgroupPath(path).orElse(null);
    return new ProcessRef(pid, tid, comm, uid, path, c);
  }

  /** This process with its uid set. */
  public ProcessRef withUid(@Nullable Integer id) {
    return new ProcessRef(pid, tid, comm, id, cgroup, container);
  }

  /** A short description for messages: {@code python3 (pid 2141)}. */
  public String describe() {
    String name = comm == null ? "process" : comm;
    return pid == null ? name : name + " (pid " + pid + ")";
  }
}
