package dev.whokilled.benchmarks;

import dev.whokilled.Analyzer;
import dev.whokilled.KillForensics;
import dev.whokilled.Report;
import dev.whokilled.Session;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** One memory cgroup OOM report of this VM (79 lines), read line by line through a session into its death. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OomBlockBenchmark {

  private List<String> block;
  private Analyzer analyzer;

  /** Takes the report from the generator. */
  @Setup
  public void setup() {
    block = Samples.oomBlock();
    analyzer = KillForensics.builder().build();
  }

  /**
   * Parses the report.
   *
   * @return the report with its one death
   */
  @Benchmark
  public Report oomReport() {
    Session s = analyzer.newSession();
    Session.Source src = s.source("kmsg");
    for (String l : block) {
      src.accept(l);
    }
    return s.report();
  }
}
