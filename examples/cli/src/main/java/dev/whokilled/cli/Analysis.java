package dev.whokilled.cli;

import dev.whokilled.ParseProblem;
import dev.whokilled.Report;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of the command: the library's report, and what was read (or could not be) to make it.
 *
 * @param report the report
 * @param sources the sources read, in the order read
 * @param sourceWarnings one message per source that could not be read (in full), as printed on stderr
 */
record Analysis(Report report, List<SourceRead> sources, List<String> sourceWarnings) {

  /**
   * One source that was read.
   *
   * @param name the name evidence cites it by ({@code kern.log}, {@code dmesg}, {@code -})
   * @param origin where it came from, for people: the argument as given, a path, or a command line
   * @param lines how many lines were read from it
   */
  record SourceRead(String name, String origin, long lines) {}

  /**
   * Copies the lists.
   *
   * @param report the report
   * @param sources the sources read
   * @param sourceWarnings the messages about sources not read in full
   */
  Analysis {
    sources = List.copyOf(sources);
    sourceWarnings = List.copyOf(sourceWarnings);
  }

  /**
   * The lines read from every source together.
   *
   * @return the count
   */
  long linesRead() {
    return report.linesRead();
  }

  /**
   * Every warning a reader should see, in one list: the report's warnings, the sources not read in full, then
   * the report's parse problems (the DESIGN's JSON has no key of their own for them) up to a cap, then how many
   * more there were.
   *
   * @param maxProblems how many parse problems to list one by one
   * @return the warnings, each one line
   */
  List<String> warnings(int maxProblems) {
    List<String> all = new ArrayList<>(report.warnings());
    all.addAll(sourceWarnings);
    List<ParseProblem> problems = report.problems();
    int shown = Math.min(maxProblems, problems.size());
    for (int i = 0; i < shown; i++) {
      all.add("parse problem: " + problems.get(i));
    }
    long more = problems.size() - shown + report.problemsDropped();
    if (more > 0) {
      all.add("parse problems: " + more + " more not shown");
    }
    return all;
  }
}
