package dev.whokilled.framing;

import java.time.Year;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * How to read the framing of lines: which format (or detect it per line), and the year and zone to complete
 * time stamps that lack them.
 *
 * <p>Immutable and thread-safe; {@link #newFramer(String)} makes the stateful reader for one stream.
 *
 * <pre>{@code
 * Framing kernLog2017 = Framing.of(Format.SYSLOG).withYear(2017).withZone(ZoneId.of("Europe/Berlin"));
 * }</pre>
 *
 * @since 0.1
 */
public final class Framing {

  private static final Framing AUTO = new Framing(null, null, null);

  private final @Nullable Format format;
  private final @Nullable Integer year;
  private final @Nullable ZoneId zone;

  private Framing(@Nullable Format format, @Nullable Integer year, @Nullable ZoneId zone) {
    this.format = format;
    this.year = year;
    this.zone = zone;
  }

  /**
   * Detect each line's format on its own (the default).
   *
   * @return the framing
   */
  public static Framing auto() {
    return AUTO;
  }

  /**
   * Read every line in one format. A line that does not fit it is read as a bare message.
   *
   * @param format the format
   * @return the framing
   * @throws IllegalArgumentException if {@code format} is null
   */
  public static Framing of(Format format) {
    if (format == null) {
      throw new IllegalArgumentException("format must not be null");
    }
    return new Framing(format, null, null);
  }

  /**
   * The year of time stamps written without one (classic syslog, {@code journalctl} short, {@code dmesg -H}).
   *
   * <p>Without it, the year is the current one, and a stamp that would lie more than a day in the future is
   * taken to be from the year before; either way the time is marked {@code yearAssumed}.
   *
   * @param year a year from 1970 to 9999
   * @return a framing with that year
   * @throws IllegalArgumentException if the year is out of range
   */
  public Framing withYear(int year) {
    if (year < 1970 || year > 9999) {
      throw new IllegalArgumentException("year must be from 1970 to 9999: " + year);
    }
    return new Framing(format, year, zone);
  }

  /**
   * The zone of time stamps written without one. Without it, the system's default zone, marked
   * {@code zoneAssumed}.
   *
   * @param zone the zone
   * @return a framing with that zone
   * @throws IllegalArgumentException if {@code zone} is null
   */
  public Framing withZone(ZoneId zone) {
    if (zone == null) {
      throw new IllegalArgumentException("zone must not be null");
    }
    return new Framing(format, year, zone);
  }

  /**
   * The format.
   *
   * @return the format, or empty when detected per line
   */
  public Optional<Format> format() {
    return Optional.ofNullable(format);
  }

  /**
   * The year given with {@link #withYear(int)}.
   *
   * @return the year, or empty
   */
  public OptionalInt year() {
    return year == null ? OptionalInt.empty() : OptionalInt.of(year);
  }

  /**
   * The zone given with {@link #withZone(ZoneId)}.
   *
   * @return the zone, or empty
   */
  public Optional<ZoneId> zone() {
    return Optional.ofNullable(zone);
  }

  /**
   * The year to assume now.
   *
   * @return the configured one, or the current year in the zone
   */
  int yearOrCurrent() {
    return year != null ? year : Year.now(zoneOrDefault()).getValue();
  }

  /**
   * The zone to assume.
   *
   * @return the configured one, or the system default
   */
  ZoneId zoneOrDefault() {
    return zone != null ? zone : ZoneId.systemDefault();
  }

  /**
   * A reader for one stream. It keeps state across lines (multi-line records, boots, the last full date of a
   * {@code dmesg -H} stream) and belongs to one thread.
   *
   * @param sourceName the stream's name, for evidence
   * @return a new framer
   * @throws IllegalArgumentException if {@code sourceName} is null
   */
  public Framer newFramer(String sourceName) {
    if (sourceName == null) {
      throw new IllegalArgumentException("source name must not be null");
    }
    return new Framer(this, sourceName);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Framing f
        && format == f.format
        && Objects.equals(year, f.year)
        && Objects.equals(zone, f.zone);
  }

  @Override
  public int hashCode() {
    return Objects.hash(format, year, zone);
  }

  @Override
  public String toString() {
    return "Framing[" + (format == null ? "auto" : format) + (year == null ? "" : ", year " + year)
        + (zone == null ? "" : ", zone " + zone) + "]";
  }
}
