package dev.whokilled.benchmarks;

import dev.whokilled.framing.FrameSink;
import dev.whokilled.framing.Framer;
import dev.whokilled.framing.Framing;
import dev.whokilled.framing.LogRecord;
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
import org.openjdk.jmh.infra.Blackhole;

/** Framing alone: dmesg lines read into records with per-line format detection, per line. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FramingBenchmark {

  private List<String> lines;
  private Framer framer;
  private int next;

  /** Generates the lines. */
  @Setup
  public void setup() {
    lines = Samples.lines(Samples.log(4 << 20, 3));
    framer = Framing.auto().newFramer("bench");
  }

  /**
   * Frames one line.
   *
   * @param hole takes the records
   */
  @Benchmark
  public void frameOneLine(Blackhole hole) {
    if (next == lines.size()) {
      next = 0;
    }
    framer.accept(lines.get(next++), new FrameSink() {
      @Override
      public void record(LogRecord record) {
        hole.consume(record);
      }

      @Override
      public void notice(String source, long line, String message) {
        hole.consume(message);
      }
    });
  }
}
