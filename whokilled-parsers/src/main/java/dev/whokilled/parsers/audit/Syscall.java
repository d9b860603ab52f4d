package dev.whokilled.parsers.audit;

import org.jspecify.annotations.Nullable;

/**
 * The system calls that send a signal, with where their arguments put the target and the signal, and their
 * numbers on each architecture audit names.
 *
 * <p>Numbers from the kernel's tables: {@code arch/x86/entry/syscalls/syscall_64.tbl} and {@code syscall_32.tbl},
 * {@code include/uapi/asm-generic/unistd.h} (arm64, riscv64, loongarch64) and {@code arch/arm/tools/syscall.tbl};
 * {@code pidfd_send_signal} is 424 everywhere.
 */
enum Syscall {
  /** {@code kill(pid, sig)}: a pid, or a process group ({@code -pgid}, {@code 0}) or everyone ({@code -1}). */
  KILL("kill", 1, "SI_USER"),
  /** {@code tkill(tid, sig)}. */
  TKILL("tkill", 1, "SI_TKILL"),
  /** {@code tgkill(tgid, tid, sig)}. */
  TGKILL("tgkill", 2, "SI_TKILL"),
  /** {@code rt_sigqueueinfo(pid, sig, info)}: the si_code is the caller's, not known here. */
  RT_SIGQUEUEINFO("rt_sigqueueinfo", 1, null),
  /** {@code rt_tgsigqueueinfo(tgid, tid, sig, info)}. */
  RT_TGSIGQUEUEINFO("rt_tgsigqueueinfo", 2, null),
  /** {@code pidfd_send_signal(pidfd, sig, info, flags)}: the target is known only from its OBJ_PID record. */
  PIDFD_SEND_SIGNAL("pidfd_send_signal", 1, "SI_USER");

  /** AUDIT_ARCH_X86_64. */
  static final long X86_64 = 0xc000003eL;
  /** AUDIT_ARCH_I386 (also 32-bit programs on x86_64). */
  static final long I386 = 0x40000003L;
  /** AUDIT_ARCH_AARCH64. */
  static final long AARCH64 = 0xc00000b7L;
  /** AUDIT_ARCH_ARM (little endian; big endian is 0x28). */
  static final long ARM = 0x40000028L;
  /** AUDIT_ARCH_RISCV64 (the generic table). */
  static final long RISCV64 = 0xc00000f3L;
  /** AUDIT_ARCH_LOONGARCH64 (the generic table). */
  static final long LOONGARCH64 = 0xc0000102L;

  private final String auditName;
  private final int signalArg;
  private final @Nullable String siCode;

  Syscall(String auditName, int signalArg, @Nullable String siCode) {
    this.auditName = auditName;
    this.signalArg = signalArg;
    this.siCode = siCode;
  }

  /** The name {@code ausearch -i} prints. */
  String auditName() {
    return auditName;
  }

  /** Which argument ({@code a0}…{@code a3}) holds the signal. */
  int signalArg() {
    return signalArg;
  }

  /** The si_code the receiver sees, when the syscall fixes it. */
  @Nullable String siCode() {
    return siCode;
  }

  /** Whether {@code a0} is a thread group id and {@code a1} a thread id. */
  boolean threadDirected() {
    return this == TGKILL || this == RT_TGSIGQUEUEINFO;
  }

  /**
   * The signal-sending syscall with this number on this architecture.
   *
   * @param arch the audit architecture ({@code arch=c000003e})
   * @param number the syscall number
   * @return the syscall, or {@code null} when it sends no signal or the architecture is not known
   */
  static @Nullable Syscall of(long arch, long number) {
    if (number == 424) {
      return arch == X86_64 || arch == I386 || arch == AARCH64 || arch == ARM || arch == RISCV64
          || arch == LOONGARCH64 || arch == (ARM & 0xffffL) ? PIDFD_SEND_SIGNAL : null;
    }
    if (arch == X86_64) {
      return pick(number, 62, 200, 234, 129, 297);
    }
    if (arch == I386) {
      return pick(number, 37, 238, 270, 178, 335);
    }
    if (arch == AARCH64 || arch == RISCV64 || arch == LOONGARCH64) {
      return pick(number, 129, 130, 131, 138, 240);
    }
    if (arch == ARM || arch == (ARM & 0xffffL)) {
      return pick(number, 37, 238, 268, 178, 363);
    }
    return null;
  }

  private static @Nullable Syscall pick(long n, int kill, int tkill, int tgkill, int sigqueue, int tgsigqueue) {
    if (n == kill) {
      return KILL;
    }
    if (n == tkill) {
      return TKILL;
    }
    if (n == tgkill) {
      return TGKILL;
    }
    if (n == sigqueue) {
      return RT_SIGQUEUEINFO;
    }
    if (n == tgsigqueue) {
      return RT_TGSIGQUEUEINFO;
    }
    return null;
  }

  /**
   * The signal-sending syscall with this name, as {@code ausearch -i} and the enriched format print it.
   *
   * @param name the name
   * @return the syscall, or {@code null}
   */
  static @Nullable Syscall named(String name) {
    for (Syscall s : values()) {
      if (s.auditName.equals(name)) {
        return s;
      }
    }
    return null;
  }
}
