package dev.whokilled.procfs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code /proc/PID/stat}: {@code pid (comm) state ppid …}. The kernel escapes nothing in the name, which may hold
 * blanks, parentheses and newlines, so the name runs from the first {@code (} to the last {@code )}.
 *
 * @param comm the name between the parentheses, or {@code null}
 * @param state field 3, the state letter, or {@code null}
 * @param ppid field 4, or {@code null}
 * @param flags field 9, the task's {@code PF_*} flags, or {@code null}
 * @param startTicks field 22, the start time since boot in clock ticks, or {@code null}
 * @param problems what could not be read, one phrase each
 */
record StatFile(
    @Nullable String comm,
    @Nullable String state,
    @Nullable Long ppid,
    @Nullable Long flags,
    @Nullable Long startTicks,
    List<String> problems) {

  /** {@code PF_KTHREAD}: a kernel thread. */
  static final long PF_KTHREAD = 0x00200000L;

  /** {@code USER_HZ}: the clock ticks per second of {@code stat}'s times, 100 on every Linux ABI that matters. */
  static final long TICKS_PER_SECOND = 100;

  StatFile {
    problems = List.copyOf(problems);
  }

  static StatFile parse(String text) {
    List<String> problems = new ArrayList<>();
    int open = text.indexOf('(');
    int close = text.lastIndexOf(')');
    if (open < 0 || close < open) {
      problems.add("stat: garbage");
      return new StatFile(null, null, null, null, null, problems);
    }
    String comm = text.substring(open + 1, close);
    String rest = text.substring(close + 1).strip();
    String[] f = rest.isEmpty() ? new String[0] : rest.split("\\s+");
    // f[0] is field 3
    String state = f.length > 0 && f[0].length() == 1 && Character.isLetter(f[0].charAt(0)) ? f[0] : null;
    Long ppid = field(f, 4);
    Long flags = unsignedField(f, 9);
    Long start = unsignedField(f, 22);
    if (state == null || ppid == null || flags == null || start == null) {
      problems.add(f.length < 20 ? "stat: cut short" : "stat: garbage");
    }
    return new StatFile(comm, state, ppid == null || ppid < 0 ? null : ppid, flags, start, problems);
  }

  private static @Nullable Long field(String[] f, int number) {
    int i = number - 3;
    return i < f.length ? Values.parseLong(f[i]) : null;
  }

  private static @Nullable Long unsignedField(String[] f, int number) {
    int i = number - 3;
    return i < f.length ? Values.parseUnsigned(f[i]) : null;
  }

  /** Whether the flags say kernel thread; {@code false} when not read. */
  boolean kernelThread() {
    return flags != null && (flags & PF_KTHREAD) != 0;
  }

  /** The start time since boot, or {@code null}. */
  @Nullable Duration startTime() {
    if (startTicks == null || startTicks > Long.MAX_VALUE / (1000 / TICKS_PER_SECOND)) {
      return null;
    }
    return Duration.ofMillis(startTicks * (1000 / TICKS_PER_SECOND));
  }
}
