package dev.whokilled;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
   * The deaths of processes with this pid (several when pids were reused or the machine rebooted).
   *
   * @param pid the pid
   * @return the deaths, in time order
   */
  public List<Death> findByPid(long pid) {
    List<Death> found = new ArrayList<>();
    for (Death d : deaths) {
      Long p = d.victim().pid();
      if (p != null && p == pid) {
        found.add(d);
      }
    }
    return found;
  }

  /**
   * The deaths of processes with this command name (case-insensitive).
   *
   * @param name the command name
   * @return the deaths, in time order
   */
  public List<Death> findByName(String name) {
    List<Death> found = new ArrayList<>();
    String n = name.toLowerCase(Locale.ROOT);
    for (Death d : deaths) {
      String c = d.victim().comm();
      if (c != null && c.toLowerCase(Locale.ROOT).equals(n)) {
        found.add(d);
      }
    }
    return found;
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
