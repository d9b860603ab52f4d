package dev.whokilled.event;

import java.util.Locale;
import java.util.Optional;

/**
 * The Linux signals, numbered as on x86, ARM and most other architectures (not Alpha, MIPS, SPARC, PA-RISC).
 *
 * @since 0.1
 */
public enum Signal {
  SIGHUP(1), SIGINT(2), SIGQUIT(3), SIGILL(4), SIGTRAP(5), SIGABRT(6), SIGBUS(7), SIGFPE(8), SIGKILL(9),
  SIGUSR1(10), SIGSEGV(11), SIGUSR2(12), SIGPIPE(13), SIGALRM(14), SIGTERM(15), SIGSTKFLT(16), SIGCHLD(17),
  SIGCONT(18), SIGSTOP(19), SIGTSTP(20), SIGTTIN(21), SIGTTOU(22), SIGURG(23), SIGXCPU(24), SIGXFSZ(25),
  SIGVTALRM(26), SIGPROF(27), SIGWINCH(28), SIGIO(29), SIGPWR(30), SIGSYS(31);

  private static final Signal[] BY_NUMBER = new Signal[32];

  static {
    for (Signal s : values()) {
      BY_NUMBER[s.number] = s;
    }
  }

  private final int number;

  Signal(int number) {
    this.number = number;
  }

  /** The signal's number. */
  public int number() {
    return number;
  }

  /**
   * Whether the signal ends a process that neither handles, blocks nor ignores it (its default action is to
   * terminate, or to terminate and dump core); {@code SIGCHLD}, {@code SIGCONT}, {@code SIGURG},
   * {@code SIGWINCH} and the stop signals do not.
   */
  public boolean terminatesByDefault() {
    return switch (this) {
      case SIGCHLD, SIGCONT, SIGURG, SIGWINCH, SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU -> false;
      default -> true;
    };
  }

  /** Whether the process cannot handle, block or ignore it: {@code SIGKILL} and {@code SIGSTOP}. */
  public boolean isUncatchable() {
    return this == SIGKILL || this == SIGSTOP;
  }

  /** The name without the {@code SIG} prefix, as systemd and {@code kill -l} print it: {@code KILL}. */
  public String shortName() {
    return name().substring(3);
  }

  /**
   * The signal with this number.
   *
   * @param number 1 to 31
   * @return the signal, or empty for real-time signals and numbers out of range
   */
  public static Optional<Signal> fromNumber(long number) {
    return number >= 1 && number < BY_NUMBER.length
        ? Optional.of(BY_NUMBER[(int) number])
        : Optional.empty();
  }

  /**
   * The signal with this name, with or without the {@code SIG} prefix, in any case ({@code KILL},
   * {@code SIGKILL}, {@code sigkill}); {@code SIGIOT} and {@code SIGPOLL} are aliases.
   *
   * @param name the name
   * @return the signal, or empty when the name is not one
   */
  public static Optional<Signal> fromName(String name) {
    String n = name.trim().toUpperCase(Locale.ROOT);
    if (!n.startsWith("SIG")) {
      n = "SIG" + n;
    }
    switch (n) {
      case "SIGIOT":
        return Optional.of(SIGABRT);
      case "SIGPOLL":
        return Optional.of(SIGIO);
      case "SIGCLD":
        return Optional.of(SIGCHLD);
      default:
        for (Signal s : values()) {
          if (s.name().equals(n)) {
            return Optional.of(s);
          }
        }
        return Optional.empty();
    }
  }
}
