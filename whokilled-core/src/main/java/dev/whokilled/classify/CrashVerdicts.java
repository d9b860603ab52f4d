package dev.whokilled.classify;

import dev.whokilled.Cause;
import dev.whokilled.Verdict;
import dev.whokilled.correlate.EventGroup;
import dev.whokilled.event.Crash;
import dev.whokilled.event.Signal;
import java.util.List;
import java.util.Locale;

/** The verdicts of a {@link Crash}. */
final class CrashVerdicts {

  private CrashVerdicts() {}

  static List<Verdict> propose(Crash c, EventGroup g) {
    String who = g.victim().describe();
    Cause cause = causeOf(c);
    String what = switch (c.type()) {
      case SEGFAULT -> "segmentation fault";
      case KERNEL_OOPS -> "the kernel faulted (an oops) while running it";
      case CORE_DUMP -> c.signal() == null ? "it dumped core" : c.signal().name();
      default -> c.type().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    };
    String where = c.module() != null ? " in " + c.module() : "";
    List<String> advice = cause == Cause.RESOURCE_LIMIT ? List.of(Advice.LIMITS)
        : Boolean.TRUE.equals(c.coreDumped()) ? List.of(Advice.CORE_DEBUG) : List.of(Advice.CORE);
    double confidence = switch (c.type()) {
      case CORE_DUMP, OTHER -> 0.9;
      default -> 0.95;
    };
    return List.of(new Verdict(cause, confidence, null, c.signal(), who + " crashed: " + what + where + ".",
        "the fault is logged: " + Describe.cite(c.evidence().get(0)), c.evidence(), advice));
  }

  /** The cause of a crash of this type (a core dump's by its signal). */
  static Cause causeOf(Crash c) {
    return switch (c.type()) {
      case SEGFAULT -> Cause.CRASH_SEGFAULT;
      case GENERAL_PROTECTION, DIVIDE_ERROR, INVALID_OPCODE, INT3, OTHER_TRAP -> Cause.CRASH_TRAP;
      case ABORT -> Cause.CRASH_ABORT;
      case CORE_DUMP -> c.signal() == null ? Cause.CRASH : causeOf(c.signal());
      default -> Cause.CRASH;
    };
  }

  /** The cause of a death by this signal when nobody sent it (a fault, or a limit the kernel enforces). */
  static Cause causeOf(Signal s) {
    return switch (s) {
      case SIGSEGV -> Cause.CRASH_SEGFAULT;
      case SIGABRT -> Cause.CRASH_ABORT;
      case SIGXCPU, SIGXFSZ -> Cause.RESOURCE_LIMIT;
      default -> Cause.CRASH;
    };
  }
}
