package dev.whokilled.spi;

/**
 * The source families parsers belong to, for choosing parsers by family.
 *
 * @since 0.1
 */
public enum ParserFamily {
  /** The kernel's OOM killer and the OpenVZ beancounter. */
  KERNEL_OOM,
  /** Kernel fault lines, core dumps, oopses. */
  CRASH,
  /** Signal tracers: strace, systemtap, bcc, bpftrace, process accounting. */
  SIGNAL,
  /** The audit subsystem. */
  AUDIT,
  /** systemd and other service managers. */
  SERVICE_MANAGER,
  /** Container runtimes and orchestrators. */
  CONTAINER,
  /** Userspace memory killers. */
  USERSPACE_OOM,
  /** Shells and applications that report how a process died. */
  APPLICATION,
  /** Anything else. */
  /** Witnesses of who could have sent a signal: sessions, cron jobs, kill commands, shell histories. */
  SUSPECTS,
  OTHER
}
