package dev.whokilled.framing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A sink that keeps what it gets, and helpers to frame lines in tests. */
final class Collect implements FrameSink {

  /** When tests pretend to run: the capture's day, an hour after the kills. */
  static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

  /** The records, in order. */
  final List<LogRecord> records = new ArrayList<>();
  /** The notices, each as {@code line: message}. */
  final List<String> notices = new ArrayList<>();

  @Override
  public void record(LogRecord record) {
    records.add(record);
  }

  @Override
  public void notice(String source, long line, String message) {
    notices.add(line + ": " + message);
  }

  /**
   * Frames lines as one stream, judged at {@link #NOW}.
   *
   * @param framing how to read
   * @param lines the lines
   * @return what came out
   */
  static Collect frame(Framing framing, String... lines) {
    return frame(framing, List.of(lines));
  }

  /**
   * Frames lines as one stream, judged at {@link #NOW}.
   *
   * @param framing how to read
   * @param lines the lines
   * @return what came out
   */
  static Collect frame(Framing framing, List<String> lines) {
    Collect c = new Collect();
    Framer framer = new Framer(framing, "test", NOW);
    for (String line : lines) {
      framer.accept(line, c);
    }
    framer.finish(c);
    return c;
  }

  /**
   * Frames one line that must make one record.
   *
   * @param framing how to read
   * @param line the line
   * @return its record
   */
  static LogRecord one(Framing framing, String line) {
    Collect c = frame(framing, line);
    if (c.records.size() != 1) {
      throw new AssertionError("expected one record, got " + c.records);
    }
    return c.records.get(0);
  }

  /**
   * The lines of a fixture under {@code framing/}.
   *
   * @param name the file name
   * @return its lines
   */
  static List<String> resource(String name) {
    try (InputStream in = Collect.class.getResourceAsStream("/framing/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no resource " + name);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return List.of(text.split("\n", -1)).subList(0, (int) text.chars().filter(ch -> ch == '\n').count());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A public example from {@code framing/public/}, without its leading {@code #} source lines.
   *
   * @param name the file name
   * @return its log lines
   */
  static List<String> publicExample(String name) {
    List<String> lines = resource("public/" + name);
    int i = 0;
    while (i < lines.size() && lines.get(i).startsWith("#")) {
      i++;
    }
    return lines.subList(i, lines.size());
  }

  /**
   * The messages of the records, in order.
   *
   * @return the messages
   */
  List<String> messages() {
    List<String> out = new ArrayList<>();
    for (LogRecord r : records) {
      out.add(r.message());
    }
    return out;
  }
}
