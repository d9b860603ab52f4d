package dev.whokilled.cli;

import dev.whokilled.DeathQuery;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The options that pick which deaths to show: {@code --pid}, {@code --name}, {@code --container}, {@code --since},
 * {@code --until}, and {@code --timeline} to show, for each, what every witness said in time order.
 */
final class QueryOptions {

  @Option(names = "--pid", paramLabel = "PID", description = "Only deaths of processes with this pid.")
  @Nullable Long pid;

  @Option(names = "--name", paramLabel = "NAME",
      description = "Only deaths of processes with this command name (any case).")
  @Nullable String name;

  @Option(names = "--container", paramLabel = "ID|NAME",
      description = "Only deaths in this container: its id (or the first 4 or more characters of it), its name, "
          + "or its pod's name.")
  @Nullable String container;

  @Option(names = "--since", paramLabel = "TIME",
      description = "Only deaths at or after TIME: an instant (2026-12-06T01:48:00Z), a local date and time "
          + "(2026-12-06T01:48, in --zone), a date (2026-12-06), or an age (90s ago, 30m ago, 2h ago, 1d ago). "
          + "A death whose time is unknown is left out.")
  @Nullable String since;

  @Option(names = "--until", paramLabel = "TIME", description = "Only deaths at or before TIME (as --since).")
  @Nullable String until;

  @Option(names = "--timeline",
      description = "For each death shown, what each witness said, in time order, with file:line.")
  boolean timeline;

  /**
   * The query the options ask for.
   *
   * @param zone the zone of local times
   * @param clock what {@code ago} counts back from
   * @return the query
   * @throws IllegalArgumentException naming the option and value, when one cannot be read or they contradict
   */
  DeathQuery query(ZoneId zone, Clock clock) {
    DeathQuery q = DeathQuery.ALL;
    if (pid != null) {
      if (pid <= 0) {
        throw new IllegalArgumentException("--pid must be positive: " + pid);
      }
      q = q.withPid(pid);
    }
    if (name != null) {
      if (name.isEmpty()) {
        throw new IllegalArgumentException("--name must not be empty");
      }
      q = q.withName(name);
    }
    if (container != null) {
      if (container.isEmpty()) {
        throw new IllegalArgumentException("--container must not be empty");
      }
      q = q.withContainer(container);
    }
    Instant from = since == null ? null : time("--since", since, zone, clock, false);
    Instant to = until == null ? null : time("--until", until, zone, clock, true);
    if (from != null && to != null && from.isAfter(to)) {
      throw new IllegalArgumentException("--since " + since + " is after --until " + until);
    }
    if (from != null) {
      q = q.withSince(from);
    }
    if (to != null) {
      q = q.withUntil(to);
    }
    return q;
  }

  /**
   * A time as the options take it.
   *
   * @param option the option's name, for the message
   * @param value the value
   * @param zone the zone of local times
   * @param clock the present, for ages
   * @param end whether it ends a range (a date then means the end of that day)
   * @return the instant
   * @throws IllegalArgumentException when it cannot be read
   */
  static Instant time(String option, String value, ZoneId zone, Clock clock, boolean end) {
    String v = value.strip();
    if (v.equalsIgnoreCase("now")) {
      return clock.instant();
    }
    if (v.endsWith(" ago") || v.endsWith("ago") && v.length() > 3) {
      return clock.instant().minus(age(option, value, v.substring(0, v.length() - 3).strip()));
    }
    try {
      if (v.length() == 10) {
        LocalDate d = LocalDate.parse(v);
        return end ? d.plusDays(1).atStartOfDay(zone).toInstant().minusNanos(1) : d.atStartOfDay(zone).toInstant();
      }
      if (v.endsWith("Z") || v.endsWith("z") || v.matches(".*[+-]\\d\\d:?\\d\\d$")) {
        return OffsetDateTime.parse(v.replace(' ', 'T')).toInstant();
      }
      return LocalDateTime.parse(v.replace(' ', 'T')).atZone(zone).toInstant();
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(option + ": cannot read '" + value + "': give an instant "
          + "(2026-12-06T01:48:00Z), a local date and time (2026-12-06T01:48), a date (2026-12-06) or an age "
          + "(2h ago)");
    }
  }

  /** {@code 90s}, {@code 30m}, {@code 2h}, {@code 1d}, {@code 1w}, and {@code 2 hours}, {@code 5 min}. */
  private static Duration age(String option, String value, String amount) {
    int i = 0;
    while (i < amount.length() && Character.isDigit(amount.charAt(i))) {
      i++;
    }
    String unit = amount.substring(i).strip().toLowerCase(Locale.ROOT);
    if (i == 0 || i > 9) {
      throw new IllegalArgumentException(option + ": cannot read '" + value + "': an age is a number and a unit, "
          + "such as 90s ago, 30m ago, 2h ago or 1d ago");
    }
    long n = Long.parseLong(amount.substring(0, i));
    return switch (unit) {
      case "s", "sec", "secs", "second", "seconds" -> Duration.ofSeconds(n);
      case "m", "min", "mins", "minute", "minutes" -> Duration.ofMinutes(n);
      case "h", "hour", "hours" -> Duration.ofHours(n);
      case "d", "day", "days" -> Duration.ofDays(n);
      case "w", "week", "weeks" -> Duration.ofDays(7 * n);
      default -> throw new IllegalArgumentException(option + ": cannot read '" + value + "': the unit of an age "
          + "is s, m, h, d or w (90s ago, 30m ago, 2h ago, 1d ago)");
    };
  }
}
