package dev.whokilled.facts;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Memory pressure stall information, {@code /proc/pressure/memory} (Linux 4.20 and later, with PSI on).
 *
 * @param some the share of time at least one task stalled on memory
 * @param full the share of time every non-idle task stalled on memory, or {@code null} (absent before 5.x on some
 *     kernels)
 * @since 0.1
 */
public record MemoryPressure(Stall some, @Nullable Stall full) {

  /** Checks the components. */
  public MemoryPressure {
    Objects.requireNonNull(some, "some");
  }

  /**
   * One line of a pressure file.
   *
   * @param avg10 percent of the last 10 seconds
   * @param avg60 percent of the last minute
   * @param avg300 percent of the last five minutes
   * @param totalMicros the total stall time since boot, in microseconds
   * @since 0.1
   */
  public record Stall(double avg10, double avg60, double avg300, long totalMicros) {}
}
