package dev.whokilled;

import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.framing.LogRecord;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One ranked explanation of a {@link Death}.
 *
 * @param cause the cause
 * @param confidence how sure, from 0 to 1
 * @param killer who killed it, when the evidence names a process ({@code null} for the kernel or when unknown)
 * @param signal the signal that ended it, when known
 * @param summary one sentence a person can read
 * @param why why this cause is ranked where it is, citing the evidence
 * @param evidence the lines that establish it (a handful)
 * @param advice what to enable to know more next time
 * @since 0.1
 */
public record Verdict(
    Cause cause,
    double confidence,
    @Nullable ProcessRef killer,
    @Nullable Signal signal,
    String summary,
    String why,
    List<LogRecord> evidence,
    List<String> advice) {

  /**
   * Checks the components and copies the lists.
   *
   * @throws IllegalArgumentException if the confidence is outside [0, 1]
   */
  public Verdict {
    Objects.requireNonNull(cause, "cause");
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence must be in [0, 1]: " + confidence);
    }
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(why, "why");
    evidence = List.copyOf(evidence);
    advice = List.copyOf(advice);
  }
}
