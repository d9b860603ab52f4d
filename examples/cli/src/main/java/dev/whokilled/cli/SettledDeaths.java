package dev.whokilled.cli;

import dev.whokilled.Death;
import dev.whokilled.DeathQuery;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The deaths of one large file that its session handed out as it read on ({@link dev.whokilled.Session#settleInto}),
 * kept as their JSON, the array's elements with their commas, in a temporary file until the document is written: a gigabyte of dense
 * kernel log then needs a few hundred bytes of heap per death, not its evidence and verdicts. The file is deleted when
 * this is closed, as {@code sort} does with its own.
 */
final class SettledDeaths implements Consumer<Death>, Closeable {

  /**
   * How much older than the latest line every event of a death must be before it is handed out: more than any
   * witness's window to join it (a runtime's report, a cron job) and any parser's wait for a block's end.
   */
  static final Duration MARGIN = Duration.ofMinutes(15);

  private final Path file;
  /** Written as the document is (a writer's encoder puts '?' for an unpaired surrogate), so the bytes are the same. */
  private final Writer out;
  private final DeathQuery wanted;
  private int count;

  private SettledDeaths(Path file, DeathQuery wanted) throws IOException {
    this.file = file;
    this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    this.wanted = wanted;
  }

  /**
   * A new, empty file of deaths.
   *
   * @param wanted the deaths the document shows; the others are not kept
   * @return the file
   * @throws IOException if the temporary file cannot be made
   */
  static SettledDeaths open(DeathQuery wanted) throws IOException {
    Path file = Files.createTempFile("whokilled-", ".jsonl");
    try {
      return new SettledDeaths(file, wanted);
    } catch (IOException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }

  /**
   * A new, empty file of deaths, or null when no temporary file can be made: then the deaths are held to the end.
   *
   * @param wanted the deaths the document shows
   * @return the file, or null
   */
  static @Nullable SettledDeaths tryOpen(DeathQuery wanted) {
    try {
      return open(wanted);
    } catch (IOException | SecurityException e) {
      return null;
    }
  }

  @Override
  public void accept(Death d) {
    if (!wanted.matches(d)) {
      return;
    }
    try {
      if (count > 0) {
        out.write(',');
      }
      JsonRenderer.death(d, out);
      count++;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How many deaths are kept. */
  int count() {
    return count;
  }

  /**
   * Reads the deaths back, in the order they were handed out, as the JSON text of the array's elements and the
   * commas between them, in pieces of any length.
   *
   * @param each what to do with each piece
   * @throws IOException if the file cannot be read
   */
  void copy(Piece each) throws IOException {
    out.flush();
    try (Reader in = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8)) {
      char[] buf = new char[1 << 16];
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        each.accept(buf, n);
      }
    }
  }

  /** What to do with a piece of the deaths' JSON: the first {@code length} chars of {@code chars}. */
  interface Piece {
    void accept(char[] chars, int length) throws IOException;
  }

  @Override
  public void close() throws IOException {
    try {
      out.close();
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
