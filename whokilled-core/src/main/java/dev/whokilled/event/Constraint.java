package dev.whokilled.event;

/**
 * Why memory ran out, as the kernel's {@code oom-kill:constraint=} field says.
 *
 * @since 0.1
 */
public enum Constraint {
  /** {@code CONSTRAINT_NONE}: the whole machine was out of memory. */
  NONE,
  /** {@code CONSTRAINT_CPUSET}: the memory nodes of a cpuset were exhausted. */
  CPUSET,
  /** {@code CONSTRAINT_MEMORY_POLICY}: a NUMA memory policy's nodes were exhausted. */
  MEMORY_POLICY,
  /** {@code CONSTRAINT_MEMCG}: a memory cgroup reached its limit. */
  MEMCG,
  /** The log does not say (older kernels print no constraint). */
  UNKNOWN;

  /**
   * Reads the kernel's constraint name.
   *
   * @param text such as {@code CONSTRAINT_MEMCG}
   * @return the constraint, {@link #UNKNOWN} for anything else
   */
  public static Constraint fromKernel(String text) {
    return switch (text) {
      case "CONSTRAINT_NONE" -> NONE;
      case "CONSTRAINT_CPUSET" -> CPUSET;
      case "CONSTRAINT_MEMORY_POLICY" -> MEMORY_POLICY;
      case "CONSTRAINT_MEMCG" -> MEMCG;
      default -> UNKNOWN;
    };
  }
}
