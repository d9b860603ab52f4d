package dev.whokilled.event;

import dev.whokilled.framing.LogRecord;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The process faulted: a segfault, a trap, a bus error, an abort, a core dump.
 *
 * @param victim the faulting process (the comm is the faulting thread's name in kernel lines)
 * @param time when it was logged
 * @param evidence the lines it was read from
 * @param type the kind of fault
 * @param signal the signal the fault raised, when known
 * @param address the faulting address, or {@code null}
 * @param ip the instruction pointer, or {@code null}
 * @param sp the stack pointer, or {@code null}
 * @param errorCode the page fault or trap error code, or {@code null}
 * @param module the mapping that held the instruction pointer ({@code libc.so.6}), or {@code null}
 * @param moduleOffset the instruction pointer's offset in that mapping, or {@code null}
 * @param coreDumped whether a core dump was written: {@code null} when the evidence does not say
 * @param stack the crashing thread's stack as the witness printed it, innermost frame first
 *     ({@code #0  0x00007f… raise (libc.so.6 + 0x3e)}), at most a few dozen frames; empty when not printed
 * @since 0.1
 */
public record Crash(
    ProcessRef victim,
    EventTime time,
    List<LogRecord> evidence,
    CrashType type,
    @Nullable Signal signal,
    @Nullable Long address,
    @Nullable Long ip,
    @Nullable Long sp,
    @Nullable Long errorCode,
    @Nullable String module,
    @Nullable Long moduleOffset,
    @Nullable Boolean coreDumped,
    List<String> stack)
    implements KillEvent {

  /**
   * Checks the components and copies the list.
   *
   * @throws NullPointerException if a non-null component is null
   * @throws IllegalArgumentException if {@code evidence} is empty
   */
  public Crash {
    Objects.requireNonNull(victim, "victim");
    Objects.requireNonNull(time, "time");
    evidence = List.copyOf(evidence);
    if (evidence.isEmpty()) {
      throw new IllegalArgumentException("an event needs at least one evidence record");
    }
    Objects.requireNonNull(type, "type");
    stack = List.copyOf(stack);
  }

  @Override
  public Kind kind() {
    return Kind.CRASH;
  }
}
