package dev.whokilled.event;

import dev.whokilled.framing.LogRecord;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A container runtime or orchestrator says a container ended (or hit its memory limit).
 *
 * @param victim the container's main process as far as known; {@link ProcessRef#container()} is set
 * @param time when the runtime said so
 * @param evidence the lines it was read from
 * @param reason what the runtime said
 * @param exitCode the container's exit code (137 = 128 + SIGKILL), or {@code null}
 * @param signal the signal named by the runtime, or {@code null}
 * @param reporter which tool reported it ({@code docker}, {@code kubernetes}, {@code containerd}, …)
 * @param detail the runtime's own words (an eviction message, say), or {@code null}
 * @since 0.1
 */
public record ContainerKill(
    ProcessRef victim,
    EventTime time,
    List<LogRecord> evidence,
    Reason reason,
    @Nullable Integer exitCode,
    @Nullable Signal signal,
    String reporter,
    @Nullable String detail)
    implements KillEvent {

  /**
   * What a runtime or orchestrator said about a container's end.
   *
   * @since 0.1
   */
  public enum Reason {
    /** The runtime marks the container OOMKilled. */
    OOM_KILLED,
    /** The runtime saw an OOM event in the container's cgroup (which need not have killed its main process). */
    OOM_EVENT,
    /**
     * The orchestrator relays an OOM kill of the whole machine, not of a container's limit (Kubernetes'
     * {@code SystemOOM}: {@code System OOM encountered, victim process: x, pid: 1234}).
     */
    SYSTEM_OOM,
    /** The container was killed with a signal through the runtime. */
    KILLED,
    /** The container exited (its exit code tells how). */
    EXITED,
    /** The orchestrator evicted the pod (node pressure). */
    EVICTED
  }

  /**
   * Checks the components and copies the list.
   *
   * @throws NullPointerException if a non-null component is null
   * @throws IllegalArgumentException if {@code evidence} is empty
   */
  public ContainerKill {
    Objects.requireNonNull(victim, "victim");
    Objects.requireNonNull(time, "time");
    evidence = List.copyOf(evidence);
    if (evidence.isEmpty()) {
      throw new IllegalArgumentException("an event needs at least one evidence record");
    }
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(reporter, "reporter");
  }

  /**
   * Whether this report only tells how a container ended without a kill in it: an exit with an ordinary exit
   * code (no signal, no OOM). Such a report names the container of a death other witnesses saw, and is no death
   * of its own.
   *
   * @return whether it is an {@link Reason#EXITED} without a signal
   */
  public boolean isContextOnly() {
    return reason == Reason.EXITED && signal == null;
  }

  @Override
  public Kind kind() {
    return Kind.CONTAINER;
  }
}
