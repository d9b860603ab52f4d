package dev.whokilled.facts;

import org.jspecify.annotations.Nullable;

/**
 * Where the kernel writes core dumps: {@code /proc/sys/kernel/core_pattern} and its companions.
 *
 * @param pattern {@code core_pattern}: a file name template ({@code core}, {@code /var/crash/core.%e.%p}) or a
 *     helper that receives the core on its standard input ({@code |/usr/lib/systemd/systemd-coredump %P …}); {@code
 *     null} when not read
 * @param usesPid {@code core_uses_pid}: {@code .PID} is appended to a file name template without {@code %p}, or
 *     {@code null}
 * @param suidDumpable {@code fs.suid_dumpable}: 0 (set-user-ID and otherwise undumpable programs leave no core),
 *     1 or 2, or {@code null}
 * @param pipeLimit {@code core_pipe_limit}: how many piped dumps may run at once (0: no limit), or {@code null}
 * @since 0.1
 */
public record CoreDumpSettings(
    @Nullable String pattern, @Nullable Boolean usesPid, @Nullable Integer suidDumpable, @Nullable Integer pipeLimit) {

  /** Nothing known. */
  public static final CoreDumpSettings UNKNOWN = new CoreDumpSettings(null, null, null, null);

  /** Whether cores go to a helper program ({@code core_pattern} starts with {@code |}). */
  public boolean piped() {
    return pattern != null && pattern.startsWith("|");
  }

  /**
   * The helper program of a piped pattern, without its arguments: {@code /usr/lib/systemd/systemd-coredump}.
   *
   * @return the program, or {@code null} when the pattern is not piped
   */
  public @Nullable String helper() {
    if (!piped() || pattern == null) {
      return null;
    }
    String rest = pattern.substring(1).strip();
    int space = rest.indexOf(' ');
    return space < 0 ? rest : rest.substring(0, space);
  }
}
