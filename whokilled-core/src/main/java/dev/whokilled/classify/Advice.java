package dev.whokilled.classify;

/** The advice sentences verdicts share: what to turn on to know more next time. */
final class Advice {

  private Advice() {}

  static final String AUDIT =
      "Add an audit rule for the kill syscalls so the next sender is named: auditctl -a always,exit -F arch=b64 "
          + "-S kill,tkill,tgkill,rt_sigqueueinfo,pidfd_send_signal -k whokilled (and -F arch=b32 for 32-bit "
          + "programs); then ausearch -k whokilled shows who sent what to whom.";
  static final String ACCOUNTING =
      "Turn on process accounting (accton /var/log/account/pacct, or the acct/psacct service) so lastcomm shows "
          + "who ran kill, pkill or killall, and when.";
  static final String BPF =
      "A signal tracer catches senders the logs never show: bcc killsnoop or sigsnoop, or bpftrace's kill.bt.";
  static final String STRACE =
      "To see the next sender without audit, trace the process: strace -f -e trace=none -e signal=all -p PID "
          + "prints si_pid and si_uid of every signal it receives but SIGKILL and SIGSTOP.";
  static final String STRACE_SIGKILL =
      "strace cannot name the sender of SIGKILL (the signal is never delivered to the tracee); only an audit "
          + "rule or a bpf tracer can.";
  static final String CORE =
      "Allow core dumps (ulimit -c unlimited, or LimitCORE=infinity for a systemd unit) and check "
          + "/proc/sys/kernel/core_pattern, so the next crash leaves a core to debug.";
  static final String CORE_DEBUG =
      "A core was written: coredumpctl gdb PID (or gdb EXECUTABLE CORE) shows where it crashed.";
  static final String KERNEL_LOG =
      "Read the kernel log of that time (journalctl -k, dmesg -T or kern.log) for the OOM killer's report with "
          + "the victim's memory and the cgroup whose limit was hit.";
  static final String LIMITS =
      "Check the process's limits (ulimit -a, /proc/PID/limits; LimitCPU= and LimitFSIZE= for a systemd unit).";
}
