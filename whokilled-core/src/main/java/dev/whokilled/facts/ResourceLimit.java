package dev.whokilled.facts;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One row of {@code /proc/PID/limits}.
 *
 * @param limit which limit
 * @param soft the soft limit in the limit's unit ({@link Rlimit#unit()}: bytes for sizes, seconds for CPU time),
 *     {@code null} when unlimited
 * @param hard the hard limit in the same unit, {@code null} when unlimited
 * @since 0.1
 */
public record ResourceLimit(Rlimit limit, @Nullable Long soft, @Nullable Long hard) {

  /** Checks the limit. */
  public ResourceLimit {
    Objects.requireNonNull(limit, "limit");
  }

  /** Whether the soft limit, the one that applies, is zero (for {@link Rlimit#CORE}: no core file). */
  public boolean isZero() {
    return soft != null && soft == 0;
  }
}
