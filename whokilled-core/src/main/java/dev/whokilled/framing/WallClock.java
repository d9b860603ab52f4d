package dev.whokilled.framing;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/**
 * Turns the fields of a written time stamp into epoch seconds, completing the year and zone when the stamp
 * lacks them, without allocating on the common path.
 *
 * <p>Zone offsets are cached per quarter hour of local time: log lines come in time order, so almost every
 * line hits the cache, and a cached quarter hour is one whose start and end have the same offset (no
 * transition inside it), so the cache never changes an answer.
 */
final class WallClock {

  private static final long DAY = 86_400;
  private static final long QUARTER = 900;

  private final ZoneRules rules;
  private final boolean zoneAssumed;
  private final int configuredYear;
  private final int currentYear;
  private final long nowSeconds;
  private final int fixedOffset;
  private final boolean fixed;

  private long cachedQuarter = Long.MIN_VALUE;
  private int cachedOffset;

  /** The result of the last successful conversion: seconds since the epoch. */
  long epochSecond;

  /** Whether the last year-less conversion had to assume the year. */
  boolean yearAssumed;

  /**
   * A clock for one stream.
   *
   * @param framing the year and zone to complete stamps with
   * @param now the time year-less stamps are judged against
   */
  WallClock(Framing framing, Instant now) {
    ZoneId zone = framing.zoneOrDefault();
    this.rules = zone.getRules();
    this.zoneAssumed = framing.zone().isEmpty();
    this.configuredYear = framing.year().orElse(0);
    this.nowSeconds = now.getEpochSecond();
    this.currentYear = LocalDateTime.ofInstant(now, zone).getYear();
    this.fixed = rules.isFixedOffset();
    this.fixedOffset = fixed ? rules.getOffset(now).getTotalSeconds() : 0;
  }

  /**
   * Whether times completed with this clock's zone are marked as having an assumed zone.
   *
   * @return true when the framing names no zone
   */
  boolean zoneAssumed() {
    return zoneAssumed;
  }

  /**
   * A local time with a written year, in the assumed zone. Sets {@link #epochSecond}.
   *
   * @param year the year
   * @param month 1 to 12
   * @param day 1 to 31
   * @param hour 0 to 23
   * @param minute 0 to 59
   * @param second 0 to 60
   * @return false when the fields name no valid time
   */
  boolean local(int year, int month, int day, int hour, int minute, int second) {
    if (!valid(year, month, day, hour, minute, second)) {
      return false;
    }
    long local = localSeconds(year, month, day, hour, minute, second);
    epochSecond = local - offset(local);
    return true;
  }

  /**
   * A local time with no written year (classic syslog, {@code dmesg -H}): the configured year, or the
   * current one unless that would put the stamp more than a day in the future, then the year before. Sets
   * {@link #epochSecond} and {@link #yearAssumed}.
   *
   * @param month 1 to 12
   * @param day 1 to 31
   * @param hour 0 to 23
   * @param minute 0 to 59
   * @param second 0 to 60
   * @return false when the fields name no valid time in any year tried
   */
  boolean yearless(int month, int day, int hour, int minute, int second) {
    if (configuredYear != 0) {
      yearAssumed = false;
      return local(configuredYear, month, day, hour, minute, second);
    }
    yearAssumed = true;
    int year = currentYear;
    if (month == 2 && day == 29) {
      while (!leap(year)) {
        year--;
      }
    }
    if (!local(year, month, day, hour, minute, second)) {
      return false;
    }
    if (epochSecond > nowSeconds + DAY) {
      year--;
      if (month == 2 && day == 29) {
        while (!leap(year)) {
          year--;
        }
      }
      return local(year, month, day, hour, minute, second);
    }
    return true;
  }

  /**
   * A time with a written offset. Sets {@link #epochSecond}.
   *
   * @param year the year
   * @param month 1 to 12
   * @param day 1 to 31
   * @param hour 0 to 23
   * @param minute 0 to 59
   * @param second 0 to 60
   * @param offsetSeconds the written offset from UTC
   * @return false when the fields name no valid time
   */
  boolean withOffset(
      int year, int month, int day, int hour, int minute, int second, int offsetSeconds) {
    if (!valid(year, month, day, hour, minute, second)) {
      return false;
    }
    epochSecond = localSeconds(year, month, day, hour, minute, second) - offsetSeconds;
    return true;
  }

  private int offset(long localSeconds) {
    if (fixed) {
      return fixedOffset;
    }
    long quarter = Math.floorDiv(localSeconds, QUARTER);
    if (quarter == cachedQuarter) {
      return cachedOffset;
    }
    int start = rulesOffset(quarter * QUARTER);
    int end = rulesOffset(quarter * QUARTER + QUARTER - 1);
    if (start == end) {
      cachedQuarter = quarter;
      cachedOffset = start;
      return start;
    }
    return rulesOffset(localSeconds);
  }

  private int rulesOffset(long localSeconds) {
    LocalDateTime ldt = LocalDateTime.ofEpochSecond(localSeconds, 0, ZoneOffset.UTC);
    return rules.getOffset(ldt).getTotalSeconds();
  }

  private static boolean valid(int year, int month, int day, int hour, int minute, int second) {
    return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1
        && day <= daysInMonth(year, month) && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59
        && second >= 0 && second <= 60;
  }

  private static long localSeconds(int year, int month, int day, int hour, int minute, int second) {
    return daysFromCivil(year, month, day) * DAY + hour * 3600L + minute * 60L + second;
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
  private static long daysFromCivil(int year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146_097 + doe - 719_468;
  }

  private static boolean leap(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  }

  private static int daysInMonth(int year, int month) {
    switch (month) {
      case 2:
        return leap(year) ? 29 : 28;
      case 4:
      case 6:
      case 9:
      case 11:
        return 30;
      default:
        return 31;
    }
  }
}
