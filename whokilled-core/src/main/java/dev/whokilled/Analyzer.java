package dev.whokilled;

import dev.whokilled.facts.HostFacts;
import dev.whokilled.framing.Framing;
import dev.whokilled.spi.Prefilter;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A configured analyzer: immutable and thread-safe; every call starts afresh.
 *
 * <p>Made by {@link KillForensics#builder()}. For several sources at once, or lines that arrive over time,
 * open a {@link Session}.
 *
 * @since 0.1
 */
public final class Analyzer {

  private final Framing framing;
  private final Parsers parsers;
  private final @Nullable Instant bootTime;
  private final HostFacts hostFacts;
  private final int maxBlockLines;
  private final int maxProblems;
  private final int maxLineBytes;
  private final boolean prefilter;
  private final Routing routing;

  Analyzer(Framing framing, Parsers parsers, @Nullable Instant bootTime, HostFacts hostFacts, int maxBlockLines,
      int maxProblems, int maxLineBytes, boolean prefilter) {
    this.framing = framing;
    this.parsers = parsers;
    this.bootTime = bootTime;
    this.hostFacts = hostFacts;
    this.maxBlockLines = maxBlockLines;
    this.maxProblems = maxProblems;
    this.maxLineBytes = maxLineBytes;
    this.prefilter = prefilter;
    List<Prefilter> filters = new ArrayList<>();
    for (Parsers.Configured c : parsers.configured()) {
      filters.add(prefilterOf(c));
    }
    this.routing = new Routing(filters);
  }

  /** A provider that fails to say is read with every record: its parsers cannot go wrong for it. */
  private static Prefilter prefilterOf(Parsers.Configured c) {
    try {
      Prefilter p = c.provider().prefilter();
      return p == null ? Prefilter.everyRecord() : p;
    } catch (RuntimeException e) {
      return Prefilter.everyRecord();
    }
  }

  /**
   * Analyses lines of any mix of sources, read as one stream named {@code input}.
   *
   * @param lines the lines
   * @return the report
   * @throws IllegalArgumentException if {@code lines} is null
   */
  public Report analyze(Iterable<String> lines) {
    if (lines == null) {
      throw new IllegalArgumentException("lines must not be null");
    }
    Session session = newSession();
    Session.Source source = session.source("input");
    for (String line : lines) {
      source.accept(line == null ? "" : line);
    }
    return session.report();
  }

  /**
   * Analyses a stream of lines; the stream is consumed but not closed.
   *
   * @param lines the lines
   * @return the report
   * @throws IllegalArgumentException if {@code lines} is null
   */
  public Report analyze(Stream<String> lines) {
    if (lines == null) {
      throw new IllegalArgumentException("lines must not be null");
    }
    Session session = newSession();
    Session.Source source = session.source("input");
    lines.forEachOrdered(line -> source.accept(line == null ? "" : line));
    return session.report();
  }

  /**
   * Analyses a file, named by its file name in evidence. Bytes that are not UTF-8 are replaced, never fatal.
   *
   * @param file the file
   * @return the report
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if {@code file} is null
   */
  public Report analyze(Path file) throws IOException {
    if (file == null) {
      throw new IllegalArgumentException("file must not be null");
    }
    Session session = newSession();
    session.read(file);
    return session.report();
  }

  /**
   * Analyses what a reader gives, to its end; the reader is not closed.
   *
   * @param reader the reader
   * @return the report
   * @throws IOException if reading fails
   * @throws IllegalArgumentException if {@code reader} is null
   */
  public Report analyze(Reader reader) throws IOException {
    if (reader == null) {
      throw new IllegalArgumentException("reader must not be null");
    }
    Session session = newSession();
    session.read("input", reader);
    return session.report();
  }

  /** A new session: feed it lines from any number of named sources, ask it for the report at any time. */
  public Session newSession() {
    return new Session(this);
  }

  /** The framing. */
  public Framing framing() {
    return framing;
  }

  /** The parsers. */
  public Parsers parsers() {
    return parsers;
  }

  /** The boot time given to the builder, if any. */
  public Optional<Instant> bootTime() {
    return Optional.ofNullable(bootTime);
  }

  /** The host facts given to the builder ({@link HostFacts#NONE} when none were). */
  public HostFacts hostFacts() {
    return hostFacts;
  }

  int maxBlockLines() {
    return maxBlockLines;
  }

  int maxProblems() {
    return maxProblems;
  }

  int maxLineBytes() {
    return maxLineBytes;
  }

  boolean prefilter() {
    return prefilter;
  }

  Routing routing() {
    return routing;
  }
}
