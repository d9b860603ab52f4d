package dev.whokilled;

import dev.whokilled.event.ContainerRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Which deaths of a {@link Report} to look at: by pid, command name, container, and time. Every criterion given
 * must hold; {@link #ALL} has none. Immutable: each {@code with…} returns a new query.
 *
 * <pre>{@code
 * List<Death> found = report.find(DeathQuery.ALL.withName("java").withSince(Instant.parse("2026-12-06T00:00:00Z")));
 * }</pre>
 *
 * @param pid the victim's pid, or {@code null} for any
 * @param name the victim's command name, compared without case, or {@code null} for any
 * @param container a container's id (or a prefix of it, as {@code docker ps} abbreviates it, at least four
 *     characters), its name, or its pod's name, or {@code null} for any
 * @param since the earliest time of death, inclusive, or {@code null}; a death whose wall-clock time is unknown
 *     never matches a time bound
 * @param until the latest time of death, inclusive, or {@code null}
 * @since 0.1
 */
public record DeathQuery(
    @Nullable Long pid,
    @Nullable String name,
    @Nullable String container,
    @Nullable Instant since,
    @Nullable Instant until) {

  /** Every death. */
  public static final DeathQuery ALL = new DeathQuery(null, null, null, null, null);

  /**
   * Checks the criteria.
   *
   * @throws IllegalArgumentException if a name or container is empty, or {@code since} is after {@code until}
   */
  public DeathQuery {
    if (name != null && name.isEmpty()) {
      throw new IllegalArgumentException("name must not be empty");
    }
    if (container != null && container.isEmpty()) {
      throw new IllegalArgumentException("container must not be empty");
    }
    if (since != null && until != null && since.isAfter(until)) {
      throw new IllegalArgumentException("since must not be after until: " + since + " > " + until);
    }
  }

  /**
   * This query, for deaths of processes with this pid.
   *
   * @param p the pid
   * @return the query
   */
  public DeathQuery withPid(long p) {
    return new DeathQuery(p, name, container, since, until);
  }

  /**
   * This query, for deaths of processes with this command name.
   *
   * @param n the name
   * @return the query
   * @throws IllegalArgumentException if {@code n} is empty
   */
  public DeathQuery withName(String n) {
    return new DeathQuery(pid, n, container, since, until);
  }

  /**
   * This query, for deaths in this container.
   *
   * @param c the container's id or a prefix of it, its name, or its pod's name
   * @return the query
   * @throws IllegalArgumentException if {@code c} is empty
   */
  public DeathQuery withContainer(String c) {
    return new DeathQuery(pid, name, c, since, until);
  }

  /**
   * This query, for deaths at or after this time.
   *
   * @param t the time
   * @return the query
   * @throws IllegalArgumentException if {@code t} is after this query's {@code until}
   */
  public DeathQuery withSince(Instant t) {
    return new DeathQuery(pid, name, container, t, until);
  }

  /**
   * This query, for deaths at or before this time.
   *
   * @param t the time
   * @return the query
   * @throws IllegalArgumentException if {@code t} is before this query's {@code since}
   */
  public DeathQuery withUntil(Instant t) {
    return new DeathQuery(pid, name, container, since, t);
  }

  /**
   * Whether a death matches every criterion.
   *
   * @param d the death
   * @return whether it matches
   */
  public boolean matches(Death d) {
    if (pid != null && !pid.equals(d.victim().pid())) {
      return false;
    }
    if (name != null && (d.victim().comm() == null
        || !d.victim().comm().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))) {
      return false;
    }
    if (container != null && !inContainer(d.victim().container(), container)) {
      return false;
    }
    Instant at = d.time().wall();
    if ((since != null || until != null) && at == null) {
      return false;
    }
    return (since == null || !at.isBefore(since)) && (until == null || !at.isAfter(until));
  }

  private static boolean inContainer(@Nullable ContainerRef c, String q) {
    if (c == null) {
      return false;
    }
    String id = c.id();
    return id != null && (id.equals(q) || q.length() >= 4 && id.startsWith(q.toLowerCase(Locale.ROOT)))
        || q.equals(c.name()) || q.equals(c.pod());
  }

  /** The criteria, for messages: {@code pid 4242, name java}; {@code every death} for none. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    if (pid != null) {
      parts.add("pid " + pid);
    }
    if (name != null) {
      parts.add("name " + name);
    }
    if (container != null) {
      parts.add("container " + container);
    }
    if (since != null) {
      parts.add("since " + since);
    }
    if (until != null) {
      parts.add("until " + until);
    }
    return parts.isEmpty() ? "every death" : String.join(", ", parts);
  }
}
