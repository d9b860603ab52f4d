package dev.whokilled;

import dev.whokilled.facts.HostFacts;
import dev.whokilled.framing.Framing;
import dev.whokilled.spi.KillParserProvider;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Who killed my process, and why: the entry point of whokilled.
 *
 * <pre>{@code
 * Report report = KillForensics.analyze(Path.of("/var/log/kern.log"));
 * for (Death death : report.deaths()) {
 *   System.out.println(death.victim().describe() + ": " + death.cause().jsonName()
 *       + " - " + death.verdict().summary());
 * }
 * }</pre>
 *
 * <p>The static methods use every parser that {@link java.util.ServiceLoader} finds (add
 * {@code whokilled-parsers} to get the built-ins) with per-line format detection. For other choices,
 * {@link #builder()} makes an {@link Analyzer}.
 *
 * @since 0.1
 */
public final class KillForensics {

  private KillForensics() {}

  /**
   * Analyses lines of any mix of sources.
   *
   * @param lines the lines, without line terminators
   * @return the report
   * @throws IllegalArgumentException if {@code lines} is null
   */
  public static Report analyze(Iterable<String> lines) {
    return defaults().analyze(lines);
  }

  /**
   * Analyses a stream of lines; the stream is consumed but not closed.
   *
   * @param lines the lines
   * @return the report
   * @throws IllegalArgumentException if {@code lines} is null
   */
  public static Report analyze(Stream<String> lines) {
    return defaults().analyze(lines);
  }

  /**
   * Analyses a file (UTF-8; malformed bytes are replaced, never fatal).
   *
   * @param file the file
   * @return the report
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if {@code file} is null
   */
  public static Report analyze(Path file) throws IOException {
    return defaults().analyze(file);
  }

  /**
   * Analyses what a reader gives, to its end; the reader is not closed.
   *
   * @param reader the reader
   * @return the report
   * @throws IOException if reading fails
   * @throws IllegalArgumentException if {@code reader} is null
   */
  public static Report analyze(Reader reader) throws IOException {
    return defaults().analyze(reader);
  }

  /** A builder of a configured, immutable {@link Analyzer}. */
  public static Builder builder() {
    return new Builder();
  }

  private static Analyzer defaults() {
    return builder().build();
  }

  /**
   * Configures an {@link Analyzer}. Setters check their argument at once; {@link #build()} checks the whole.
   *
   * @since 0.1
   */
  public static final class Builder {

    static final int DEFAULT_MAX_BLOCK_LINES = 20_000;
    static final int DEFAULT_MAX_PROBLEMS = 100;
    static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;

    private Framing framing = Framing.auto();
    private @Nullable Parsers parsers;
    private Parsers extra = Parsers.none();
    private @Nullable Instant bootTime;
    private HostFacts hostFacts = HostFacts.NONE;
    private int maxBlockLines = DEFAULT_MAX_BLOCK_LINES;
    private int maxProblems = DEFAULT_MAX_PROBLEMS;
    private int maxLineBytes = DEFAULT_MAX_LINE_BYTES;
    private boolean prefilter = true;

    Builder() {}

    /**
     * How to read line framing: detected per line (the default), or one format, with the year and zone of
     * time stamps that lack them.
     *
     * @param framing the framing
     * @return this builder
     * @throws IllegalArgumentException if {@code framing} is null
     */
    public Builder framing(Framing framing) {
      if (framing == null) {
        throw new IllegalArgumentException("framing must not be null");
      }
      this.framing = framing;
      return this;
    }

    /**
     * Which parsers, configured how. Default: {@link Parsers#builtIns()}.
     *
     * @param parsers the parsers
     * @return this builder
     * @throws IllegalArgumentException if {@code parsers} is null
     */
    public Builder parsers(Parsers parsers) {
      if (parsers == null) {
        throw new IllegalArgumentException("parsers must not be null");
      }
      this.parsers = parsers;
      return this;
    }

    /**
     * Adds a parser to those chosen with {@link #parsers(Parsers)} (or the built-ins).
     *
     * @param provider the provider
     * @return this builder
     * @throws IllegalArgumentException if {@code provider} is null or its id is not valid
     * @throws IllegalStateException if a provider with the same id was added already
     */
    public Builder parser(KillParserProvider provider) {
      this.extra = extra.with(provider);
      return this;
    }

    /**
     * The wall-clock time the machine booted, to turn the kernel's time since boot into wall time (for the
     * current boot: use it when reading the log of the machine it was taken on).
     *
     * @param bootTime the boot time
     * @return this builder
     * @throws IllegalArgumentException if {@code bootTime} is null
     */
    public Builder bootTime(Instant bootTime) {
      if (bootTime == null) {
        throw new IllegalArgumentException("boot time must not be null");
      }
      this.bootTime = bootTime;
      return this;
    }

    /**
     * What the machine that wrote the logs showed of itself (read by {@code whokilled-procfs}): its boot time turns
     * the current boot's times since boot into wall time (unless {@link #bootTime(Instant)} is given), and the
     * verdicts use its processes' OOM score adjustments, core limits and signal dispositions, its core dump settings
     * and its memory cgroups' OOM counters where they change what a death means.
     *
     * @param facts the facts
     * @return this builder
     * @throws IllegalArgumentException if {@code facts} is null
     */
    public Builder hostFacts(HostFacts facts) {
      if (facts == null) {
        throw new IllegalArgumentException("host facts must not be null");
      }
      this.hostFacts = facts;
      return this;
    }

    /**
     * The most lines one multi-line block (an OOM report) may hold before it is emitted as truncated.
     *
     * @param lines at least 16
     * @return this builder
     * @throws IllegalArgumentException if {@code lines} is less than 16
     */
    public Builder maxBlockLines(int lines) {
      if (lines < 16) {
        throw new IllegalArgumentException("max block lines must be at least 16: " + lines);
      }
      this.maxBlockLines = lines;
      return this;
    }

    /**
     * The most {@link ParseProblem}s a report keeps; the rest are counted.
     *
     * @param problems zero or more
     * @return this builder
     * @throws IllegalArgumentException if {@code problems} is negative
     */
    public Builder maxProblems(int problems) {
      if (problems < 0) {
        throw new IllegalArgumentException("max problems must not be negative: " + problems);
      }
      this.maxProblems = problems;
      return this;
    }

    /**
     * The longest line read from a byte stream or file; a longer one is read up to there, the rest of it is
     * skipped without being held, and the report has a {@link ParseProblem} saying so. Default 64 KiB.
     *
     * @param bytes at least 256
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is less than 256
     */
    public Builder maxLineBytes(int bytes) {
      if (bytes < 256) {
        throw new IllegalArgumentException("max line bytes must be at least 256: " + bytes);
      }
      this.maxLineBytes = bytes;
      return this;
    }

    /**
     * Whether lines and records that no parser wants (by its provider's
     * {@link dev.whokilled.spi.Prefilter}) are kept from the framing and the parsers: on by default, which reads
     * a large kernel log at the speed of a fixed-string search. Off, every line is framed and every record goes
     * to every parser; the report is the same, which is what the tests check.
     *
     * @param on whether to prefilter
     * @return this builder
     */
    public Builder prefilter(boolean on) {
      this.prefilter = on;
      return this;
    }

    /**
     * The analyzer.
     *
     * @return an immutable, thread-safe analyzer
     * @throws IllegalStateException if a parser added with {@link #parser(KillParserProvider)} has the id of
     *     one of the chosen parsers, or no parser is chosen at all
     */
    public Analyzer build() {
      Parsers all = parsers != null ? parsers : Parsers.builtIns();
      for (Parsers.Configured c : extra.configured()) {
        all = all.with(c.provider());
      }
      if (all.isEmpty()) {
        throw new IllegalStateException(
            "no parsers: add whokilled-parsers to the class path or module path, or add a parser");
      }
      return new Analyzer(framing, all, bootTime, hostFacts, maxBlockLines, maxProblems, maxLineBytes, prefilter);
    }
  }
}
