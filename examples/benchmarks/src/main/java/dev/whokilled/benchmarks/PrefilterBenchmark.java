package dev.whokilled.benchmarks;

import dev.whokilled.Analyzer;
import dev.whokilled.KillForensics;
import dev.whokilled.Session;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading 16 MiB of generated dmesg as bytes into a session, with the prefilter (lines no parser wants are skipped
 * unframed) and without it (every line framed and given to every parser): the time for the whole buffer, so
 * 16 MiB divided by it is the throughput.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PrefilterBenchmark {

  /** Whether the prefilter is on. */
  @Param({"true", "false"})
  public boolean prefilter;

  private byte[] log;
  private Analyzer analyzer;

  /** Generates the log. */
  @Setup
  public void setup() {
    log = Samples.log(16 << 20, 5);
    analyzer = KillForensics.builder().prefilter(prefilter).build();
  }

  /**
   * Reads the buffer.
   *
   * @return the lines read
   * @throws IOException never, from memory
   */
  @Benchmark
  public long read16MiB() throws IOException {
    Session s = analyzer.newSession();
    s.read("bench", new ByteArrayInputStream(log));
    return s.source("bench").lines();
  }
}
