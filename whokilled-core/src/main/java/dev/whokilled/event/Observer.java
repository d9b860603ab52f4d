package dev.whokilled.event;

/**
 * Who observed a {@link SignalDelivery}.
 *
 * @since 0.1
 */
public enum Observer {
  /** The kernel itself (its log). */
  KERNEL,
  /** strace attached to the receiver. */
  STRACE,
  /** The audit subsystem (auditd, {@code ausearch}). */
  AUDIT,
  /** systemd or another service manager. */
  SERVICE_MANAGER,
  /** A shell's job control or exit status. */
  SHELL,
  /** A systemtap script. */
  SYSTEMTAP,
  /** A bcc or bpftrace tool. */
  BPF,
  /** Process accounting ({@code lastcomm}). */
  ACCOUNTING,
  /** The application itself, or its supervisor, logged it. */
  APPLICATION,
  /** A userspace memory killer that sent it. */
  OOM_DAEMON
}
