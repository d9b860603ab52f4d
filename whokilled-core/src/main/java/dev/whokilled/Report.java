package dev.whokilled;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an analysis found: the deaths in time order, warnings, and problems with the input.
 *
 * @param deaths the deaths, in time order (by boot, then time)
 * @param warnings what a reader must know, such as kernel-looking lines written by user processes
 * @param problems input that was recognised but could not be read in full, up to the configured cap
 * @param problemsDropped how many problems were over the cap and not kept
 * @param linesRead how many lines were read
 * @since 0.1
 */
public record Report(
    List<Death> deaths, List<String> warnings, List<ParseProblem> problems, long problemsDropped,
    long linesRead) {

  /** Copies the lists. */
  public Report {
    deaths = List.copyOf(deaths);
    warnings = List.copyOf(warnings);
    problems = List.copyOf(problems);
  }

  /**
   * The deaths that match a query, in time order.
   *
   * @param query what to look for
   * @return the deaths
   * @throws IllegalArgumentException if {@code query} is null
   */
  public List<Death> find(DeathQuery query) {
    if (query == null) {
      throw new IllegalArgumentException("query must not be null");
    }
    List<Death> found = new ArrayList<>();
    for (Death d : deaths) {
      if (query.matches(d)) {
        found.add(d);
      }
    }
    return found;
  }

  /**
   * The one death that matches a query.
   *
   * @param query what to look for
   * @return the death
   * @throws IllegalArgumentException if {@code query} is null
   * @throws IllegalStateException if no death, or more than one, matches, naming the query
   */
  public Death expectOne(DeathQuery query) {
    List<Death> found = find(query);
    if (found.size() != 1) {
      throw new IllegalStateException((found.isEmpty() ? "no death" : found.size() + " deaths") + " of " + query);
    }
    return found.get(0);
  }

  /**
   * This report with only the deaths that match a query; warnings and problems are kept whole.
   *
   * @param query what to keep
   * @return the report
   * @throws IllegalArgumentException if {@code query} is null
   */
  public Report only(DeathQuery query) {
    return new Report(find(query), warnings, problems, problemsDropped, linesRead);
  }

  /**
   * The deaths in a container, by its id (or a prefix of it, at least four characters), name or pod.
   *
   * @param container the container
   * @return the deaths, in time order
   * @throws IllegalArgumentException if {@code container} is null or empty
   */
  public List<Death> findByContainer(String container) {
    if (container == null) {
      throw new IllegalArgumentException("container must not be null");
    }
    return find(DeathQuery.ALL.withContainer(container));
  }

  /**
   * The deaths whose wall-clock time is within these bounds, inclusive.
   *
   * @param since the earliest time
   * @param until the latest time
   * @return the deaths, in time order
   * @throws IllegalArgumentException if a bound is null, or {@code since} is after {@code until}
   */
  public List<Death> findBetween(Instant since, Instant until) {
    if (since == null || until == null) {
      throw new IllegalArgumentException("since and until must not be null");
    }
    return find(DeathQuery.ALL.withSince(since).withUntil(until));
  }

  /**
   * The deaths of processes with this pid (several when pids were reused or the machine rebooted).
   *
   * @param pid the pid
   * @return the deaths, in time order
   */
  public List<Death> findByPid(long pid) {
    return find(DeathQuery.ALL.withPid(pid));
  }

  /**
   * The deaths of processes with this command name (case-insensitive).
   *
   * @param name the command name
   * @return the deaths, in time order
   * @throws IllegalArgumentException if {@code name} is null or empty
   */
  public List<Death> findByName(String name) {
    if (name == null) {
      throw new IllegalArgumentException("name must not be null");
    }
    return find(DeathQuery.ALL.withName(name));
  }

  /**
   * The last death of a process with this pid.
   *
   * @param pid the pid
   * @return the death, or empty
   */
  public Optional<Death> findLast(long pid) {
    List<Death> found = findByPid(pid);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
  }

  /**
   * The last death of a process with this pid.
   *
   * @param pid the pid
   * @return the death
   * @throws IllegalStateException if no process with that pid died
   */
  public Death expectLast(long pid) {
    return findLast(pid)
        .orElseThrow(() -> new IllegalStateException("no death of a process with pid " + pid));
  }
}
