package dev.whokilled.framing;

/**
 * Who wrote a log record, as far as its framing proves.
 *
 * <p>Anyone can write a line that looks like the kernel's: {@code logger -t kernel}, a write to
 * {@code /dev/kmsg} from a user process, a process named {@code kernel}. Only some framings prove the origin;
 * analysis keeps kernel evidence to records whose origin {@link #mayBeKernel() may be the kernel} and reports
 * kernel-looking records from {@link #USERSPACE} as warnings.
 *
 * @since 0.1
 */
public enum Origin {
  /**
   * Proven kernel: a {@code /dev/kmsg} record or {@code dmesg -x} line with facility 0, or a journal record with
   * {@code _TRANSPORT=kernel}.
   */
  KERNEL,
  /**
   * From the kernel's log as far as the framing shows, without proof of the facility: plain {@code dmesg}
   * output (the ring buffer also holds what user processes write to {@code /dev/kmsg}), {@code dmesg -r} with
   * facility 0 (util-linux prints a user record's facility and level or-ed together, so {@code <5>} may be
   * either), or a syslog line tagged {@code kernel:} with no pid and no other facility.
   */
  KERNEL_LOG,
  /**
   * Proven userspace: a ring-buffer record with a facility other than 0, a journal record with another
   * {@code _TRANSPORT}, a syslog line with another tag, a {@code kernel[pid]:} tag, or a priority whose facility
   * is not {@code kern}.
   */
  USERSPACE,
  /** No framing says: a bare message, a pasted line. */
  UNKNOWN;

  /**
   * Whether a kernel message with this origin can be taken as the kernel's word.
   *
   * @return false only for {@link #USERSPACE}
   */
  public boolean mayBeKernel() {
    return this != USERSPACE;
  }
}
