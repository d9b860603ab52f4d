package dev.whokilled.event;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * When something happened, as precisely as the log said and no more.
 *
 * <p>A kernel line carries the time since boot; a syslog or journal line carries a wall-clock time, often
 * without a year or zone; some carry both. Each part keeps its own precision, and assumptions made to complete
 * a wall-clock time (the year of a syslog stamp, the zone) are recorded, so that the correlator can widen its
 * window for imprecise witnesses and a reader can see what was guessed.
 *
 * @param wall wall-clock instant, or {@code null} when the line did not say
 * @param wallPrecision the smallest unit the wall-clock time was written with
 * @param yearAssumed {@code true} when the year was not written and was supplied by the analyzer
 * @param zoneAssumed {@code true} when the zone was not written and was supplied by the analyzer
 * @param uptime time since boot, or {@code null} when the line did not say
 * @param bootId the boot this time belongs to (journald's {@code _BOOT_ID}, or a boot number the framing
 *     assigned when it saw the kernel restart), or {@code null} when unknown
 * @since 0.1
 */
public record EventTime(
    @Nullable Instant wall,
    Precision wallPrecision,
    boolean yearAssumed,
    boolean zoneAssumed,
    @Nullable Duration uptime,
    @Nullable String bootId) {

  /** A time that says nothing. */
  public static final EventTime UNKNOWN = new EventTime(null, Precision.NONE, false, false, null, null);

  /**
   * The precision of a wall-clock time.
   *
   * @since 0.1
   */
  public enum Precision {
    /** No wall-clock time. */
    NONE,
    /** Whole minutes ({@code dmesg -H} headers). */
    MINUTES,
    /** Whole seconds (classic syslog, {@code dmesg -T}). */
    SECONDS,
    /** Milliseconds. */
    MILLIS,
    /** Microseconds (journald, RFC 3339 with six digits). */
    MICROS;

    /** The length of one unit of this precision; zero for {@link #NONE}. */
    public Duration unit() {
      return switch (this) {
        case NONE -> Duration.ZERO;
        case MINUTES -> Duration.ofMinutes(1);
        case SECONDS -> Duration.ofSeconds(1);
        case MILLIS -> Duration.ofMillis(1);
        case MICROS -> Duration.ofNanos(1000);
      };
    }
  }

  /**
   * Checks the components.
   *
   * @throws NullPointerException if {@code wallPrecision} is null
   * @throws IllegalArgumentException if a wall time has precision {@code NONE} or the reverse
   */
  public EventTime {
    Objects.requireNonNull(wallPrecision, "wallPrecision");
    if ((wall == null) != (wallPrecision == Precision.NONE)) {
      throw new IllegalArgumentException(
          "wall time and precision disagree: " + wall + " with " + wallPrecision);
    }
  }

  /** A time known only as time since boot. */
  public static EventTime ofUptime(Duration uptime) {
    return new EventTime(null, Precision.NONE, false, false, Objects.requireNonNull(uptime), null);
  }

  /** A wall-clock time with the given precision and nothing assumed. */
  public static EventTime ofWall(Instant wall, Precision precision) {
    return new EventTime(Objects.requireNonNull(wall), precision, false, false, null, null);
  }

  /** Whether either part is known. */
  public boolean isKnown() {
    return wall != null || uptime != null;
  }

  /** This time with the boot id set. */
  public EventTime withBootId(@Nullable String id) {
    return new EventTime(wall, wallPrecision, yearAssumed, zoneAssumed, uptime, id);
  }

  /** This time with the uptime set. */
  public EventTime withUptime(@Nullable Duration since) {
    return new EventTime(wall, wallPrecision, yearAssumed, zoneAssumed, since, bootId);
  }

  /**
   * This time with a wall-clock part derived from the boot time, when it has none. The precision is whole
   * seconds: the kernel gives the boot time ({@code btime}) in seconds, and the clocks drift apart over a
   * suspend.
   *
   * @param bootTime when the machine booted
   * @return the completed time, or this one when it has a wall-clock part or no uptime
   */
  public EventTime withWallFromBoot(Instant bootTime) {
    if (wall != null || uptime == null) {
      return this;
    }
    return new EventTime(bootTime.plus(uptime), Precision.SECONDS, false, false, uptime, bootId);
  }
}
