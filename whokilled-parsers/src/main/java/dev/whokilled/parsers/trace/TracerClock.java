package dev.whokilled.parsers.trace;

import dev.whokilled.event.EventTime;
import dev.whokilled.event.EventTime.Precision;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.spi.ParserContext;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.Year;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Completes the clocks of the signal tracers, which print a time of day ({@code strace -t}, bcc's
 * {@code %H:%M:%S}) or a date without a year ({@code lastcomm}), with what the caller told the parser.
 *
 * <p>Read from the {@link ParserContext}: the option {@code date} ({@code yyyy-MM-dd}, the day the trace began); the
 * zone of local times, the option {@code zone} or else the caller's {@link ParserContext#zone()} (when neither is
 * given, the system's zone, recorded as assumed); the year of year-less dates, the option {@code year} or else the
 * caller's {@link ParserContext#year()}.
 * A time of day with no {@code date} option is not completed: the record's own time (from its framing) is used,
 * else {@link EventTime#UNKNOWN}. Within a stream a time of day that goes back by more than twelve hours is taken
 * to have crossed midnight.
 *
 * <p>Shared by the parsers of {@code dev.whokilled.parsers.strace} and {@code dev.whokilled.parsers.trace}; the
 * package is not exported, so this is no API. One instance belongs to one parser (it remembers the last time of
 * day).
 */
public final class TracerClock {

  private final @Nullable LocalDate date;
  private final ZoneId zone;
  private final boolean zoneGiven;
  private final @Nullable Integer year;
  private final int currentYear;
  private @Nullable LocalTime lastTime;
  private int dayOffset;

  private TracerClock(@Nullable LocalDate date, @Nullable ZoneId zone, @Nullable Integer year, int currentYear) {
    this.date = date;
    this.zone = zone == null ? ZoneId.systemDefault() : zone;
    this.zoneGiven = zone != null;
    this.year = year;
    this.currentYear = currentYear;
  }

  /**
   * A clock completed by the options {@code date}, {@code zone} and {@code year} of a parser.
   *
   * @param context the parser's context
   * @return the clock
   * @throws IllegalArgumentException if an option's value cannot be read, naming the option and value
   */
  public static TracerClock of(ParserContext context) {
    LocalDate date = null;
    ZoneId zone = null;
    Integer year = null;
    String d = context.option("date").orElse(null);
    if (d != null) {
      try {
        date = LocalDate.parse(d.trim());
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("option date must be yyyy-MM-dd: " + d, e);
      }
    }
    String z = context.option("zone").orElse(null);
    if (z != null) {
      try {
        zone = ZoneId.of(z.trim());
      } catch (DateTimeException e) {
        throw new IllegalArgumentException("option zone must be a zone id such as Europe/Paris: " + z, e);
      }
    }
    String y = context.option("year").orElse(null);
    if (y != null) {
      try {
        year = Integer.parseInt(y.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("option year must be a number: " + y, e);
      }
      if (year < 1970 || year > 9999) {
        throw new IllegalArgumentException("option year must be between 1970 and 9999: " + y);
      }
    }
    if (zone == null) {
      zone = context.zone().orElse(null);
    }
    if (year == null && context.year().isPresent()) {
      year = context.year().getAsInt();
    }
    if (year == null && date != null) {
      year = date.getYear();
    }
    return new TracerClock(date, zone, year, Year.now(ZoneOffset.UTC).getValue());
  }

  /** A clock with no options: times of day stay unknown, years are assumed, the zone is the system's (assumed). */
  public static TracerClock none() {
    return new TracerClock(null, null, null, Year.now(ZoneOffset.UTC).getValue());
  }

  /**
   * A wall-clock time read as seconds (and nanoseconds) since the epoch, nothing assumed.
   *
   * @param seconds seconds since 1970-01-01 UTC
   * @param nanos the fraction, nanoseconds
   * @param precision the precision it was written with
   * @return the time
   */
  public static EventTime epoch(long seconds, long nanos, Precision precision) {
    return EventTime.ofWall(Instant.ofEpochSecond(seconds, nanos), precision);
  }

  /**
   * The precision of a fraction of a second written with this many digits.
   *
   * @param digits how many digits followed the decimal point (0 for none)
   * @return {@code SECONDS}, {@code MILLIS} or {@code MICROS}
   */
  public static Precision precisionOf(int digits) {
    if (digits <= 0) {
      return Precision.SECONDS;
    }
    return digits < 6 ? Precision.MILLIS : Precision.MICROS;
  }

  /**
   * A time of day, completed with the {@code date} option when given (crossing midnight when the times go back
   * by more than twelve hours), else the record's own time.
   *
   * @param hour 0 to 23
   * @param minute 0 to 59
   * @param second 0 to 60 (a leap second is read as 59)
   * @param nanos the fraction, nanoseconds
   * @param precision the precision it was written with
   * @param record the record it was read from
   * @return the time
   */
  public EventTime timeOfDay(int hour, int minute, int second, long nanos, Precision precision, LogRecord record) {
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60 || nanos < 0
        || nanos > 999_999_999) {
      return record.time();
    }
    LocalTime t = LocalTime.of(hour, minute, Math.min(second, 59), (int) nanos);
    LocalDate d = date;
    if (d == null) {
      return record.time();
    }
    if (lastTime != null && lastTime.toSecondOfDay() - t.toSecondOfDay() > 12 * 3600) {
      dayOffset++;
    }
    lastTime = t;
    Instant at = LocalDateTime.of(d.plusDays(dayOffset), t).atZone(zone).toInstant();
    return new EventTime(at, precision, false, !zoneGiven, null, null);
  }

  /**
   * A date written without its year ({@code Sun Nov 22 10:00}): the year is the {@code year} option's, else the
   * latest year up to this one whose date falls on the weekday written (or this year when no weekday was
   * written), recorded as assumed.
   *
   * @param weekday the weekday written, or {@code null}
   * @param month the month
   * @param day the day of the month
   * @param time the time of day
   * @param precision the precision it was written with
   * @return the time, or {@code null} when no such date exists
   */
  public @Nullable EventTime yearless(
      @Nullable DayOfWeek weekday, Month month, int day, LocalTime time, Precision precision) {
    int y;
    boolean assumed;
    if (year != null) {
      y = year;
      assumed = false;
    } else {
      y = currentYear;
      assumed = true;
      if (weekday != null) {
        for (int back = 0; back < 28; back++) {
          LocalDate candidate = validDate(currentYear - back, month, day);
          if (candidate != null && candidate.getDayOfWeek() == weekday) {
            y = currentYear - back;
            break;
          }
        }
      }
    }
    LocalDate d = validDate(y, month, day);
    if (d == null) {
      return null;
    }
    Instant at = LocalDateTime.of(d, time).atZone(zone).toInstant();
    return new EventTime(at, precision, assumed, !zoneGiven, null, null);
  }

  /**
   * A full date and time in the caller's zone (or the system's, assumed), such as a {@code ctime} stamp.
   *
   * @param at the local date and time
   * @param precision the precision it was written with
   * @return the time
   */
  public EventTime local(LocalDateTime at, Precision precision) {
    return new EventTime(at.atZone(zone).toInstant(), precision, false, !zoneGiven, null, null);
  }

  /**
   * Reads a {@code ctime}-style stamp: {@code Wed Nov  2 14:21:15 2016}, with or without the year and seconds
   * ({@code Sun Nov 22 10:00}).
   *
   * @param s the text, trimmed
   * @return the time, or {@code null} when it is not such a stamp
   */
  public @Nullable EventTime ctime(String s) {
    String[] p = s.trim().split(" +");
    if (p.length < 4 || p.length > 5) {
      return null;
    }
    DayOfWeek dow = dayOfWeek(p[0]);
    Month month = month(p[1]);
    Integer day = p[2].length() <= 2 ? parseSmall(p[2]) : null;
    if (dow == null || month == null || day == null) {
      return null;
    }
    String[] hms = p[3].split(":");
    if (hms.length < 2 || hms.length > 3) {
      return null;
    }
    Integer h = parseSmall(hms[0]);
    Integer m = parseSmall(hms[1]);
    Integer sec = hms.length == 3 ? parseSmall(hms[2]) : Integer.valueOf(0);
    if (h == null || m == null || sec == null || h > 23 || m > 59 || sec > 60) {
      return null;
    }
    LocalTime time = LocalTime.of(h, m, Math.min(sec, 59));
    Precision precision = hms.length == 3 ? Precision.SECONDS : Precision.MINUTES;
    if (p.length == 5) {
      Integer y = p[4].length() == 4 ? parseSmall(p[4]) : null;
      LocalDate d = y == null ? null : validDate(y, month, day);
      return d == null ? null : local(LocalDateTime.of(d, time), precision);
    }
    return yearless(dow, month, day, time, precision);
  }

  private static @Nullable LocalDate validDate(int y, Month month, int day) {
    if (day < 1 || day > month.length(Year.isLeap(y))) {
      return null;
    }
    return LocalDate.of(y, month, day);
  }

  private static @Nullable Integer parseSmall(String s) {
    if (s.isEmpty() || s.length() > 4) {
      return null;
    }
    int v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** The weekday of an English three-letter abbreviation ({@code Sun}), or {@code null}. */
  static @Nullable DayOfWeek dayOfWeek(String s) {
    if (s.length() != 3) {
      return null;
    }
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d.name().substring(0, 3).equalsIgnoreCase(s)) {
        return d;
      }
    }
    return null;
  }

  /** The month of an English three-letter abbreviation ({@code Nov}), or {@code null}. */
  static @Nullable Month month(String s) {
    if (s.length() != 3) {
      return null;
    }
    String u = s.toUpperCase(Locale.ROOT);
    for (Month m : Month.values()) {
      if (m.name().startsWith(u)) {
        return m;
      }
    }
    return null;
  }

  /**
   * Reads {@code HH:MM:SS} or {@code HH:MM:SS.fraction} at {@code from}.
   *
   * @param s the text
   * @param from where the time starts
   * @return the parsed time, or {@code null} when none starts there
   */
  public static @Nullable ClockTime clockTime(String s, int from) {
    int i = from;
    int[] parts = new int[3];
    for (int k = 0; k < 3; k++) {
      if (i + 2 > s.length() || !digit(s.charAt(i)) || !digit(s.charAt(i + 1))) {
        return null;
      }
      parts[k] = (s.charAt(i) - '0') * 10 + (s.charAt(i + 1) - '0');
      i += 2;
      if (k < 2) {
        if (i >= s.length() || s.charAt(i) != ':') {
          return null;
        }
        i++;
      }
    }
    long nanos = 0;
    int digits = 0;
    if (i < s.length() && s.charAt(i) == '.') {
      int j = i + 1;
      while (j < s.length() && digit(s.charAt(j)) && digits < 9) {
        nanos = nanos * 10 + (s.charAt(j) - '0');
        digits++;
        j++;
      }
      if (digits == 0) {
        return null;
      }
      if (j < s.length() && digit(s.charAt(j))) {
        return null;
      }
      for (int k = digits; k < 9; k++) {
        nanos *= 10;
      }
      i = j;
    }
    if (i < s.length() && s.charAt(i) != ' ' && s.charAt(i) != '\t') {
      return null;
    }
    if (parts[0] > 23 || parts[1] > 59 || parts[2] > 60) {
      return null;
    }
    return new ClockTime(parts[0], parts[1], parts[2], nanos, digits, i);
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * A time of day as written.
   *
   * @param hour the hour
   * @param minute the minute
   * @param second the second
   * @param nanos the fraction, nanoseconds
   * @param digits how many fraction digits were written
   * @param end the index just after it
   */
  public record ClockTime(int hour, int minute, int second, long nanos, int digits, int end) {

    /**
     * This time completed by a clock.
     *
     * @param clock the clock
     * @param record the record it was read from
     * @return the time
     */
    public EventTime complete(TracerClock clock, LogRecord record) {
      return clock.timeOfDay(hour, minute, second, nanos, precisionOf(digits), record);
    }
  }
}
