package dev.whokilled.event;

/**
 * What kind of fault a {@link Crash} was.
 *
 * @since 0.1
 */
public enum CrashType {
  /** Invalid memory access (kernel {@code segfault at}). */
  SEGFAULT,
  /** {@code general protection fault}. */
  GENERAL_PROTECTION,
  /** {@code divide error}. */
  DIVIDE_ERROR,
  /** {@code invalid opcode}. */
  INVALID_OPCODE,
  /** {@code int3} breakpoint trap. */
  INT3,
  /** Another CPU trap. */
  OTHER_TRAP,
  /** SIGBUS. */
  BUS_ERROR,
  /** The program aborted itself (SIGABRT). */
  ABORT,
  /** The kernel itself faulted (an oops, a {@code BUG:}) while running the process, and killed it. */
  KERNEL_OOPS,
  /** A core dump whose fault class the log does not tell. */
  CORE_DUMP,
  /** Any other fault. */
  OTHER
}
