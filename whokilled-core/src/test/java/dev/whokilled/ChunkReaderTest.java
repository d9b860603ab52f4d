package dev.whokilled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.event.KillEvent;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.spi.EventSink;
import dev.whokilled.spi.KillParser;
import dev.whokilled.spi.KillParserProvider;
import dev.whokilled.spi.ParserContext;
import dev.whokilled.spi.ParserFamily;
import dev.whokilled.spi.Prefilter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The chunked byte reader against the line reader: the same lines, numbers, records and parser state, whatever the
 * chunk size, the threads, the line ends and the skipped lines. The test parser reports, as problems, every record
 * it wants with the count of records it has been through (seen or skipped), and a timer that fires a fixed number
 * of records after each {@code ARM} line: a wrong skip count, a line number off by one, or a skipped record the
 * timer had to see shows in the report.
 */
final class ChunkReaderTest {

  /** Counts records; wants {@code ARM} and {@code HIT} lines; fires 7 records after an {@code ARM}. */
  static final class Counting implements KillParser {
    long records;
    long armedAt = -1;

    @Override
    public void accept(LogRecord record, EventSink sink) {
      records++;
      fire(record, sink);
      String m = record.message();
      if (m.contains("ARM")) {
        armedAt = records;
      }
      if (m.contains("HIT") || m.contains("ARM")) {
        sink.problem(record, "seen after " + records + ": " + m);
      }
    }

    private void fire(LogRecord record, EventSink sink) {
      if (armedAt >= 0 && records - armedAt == 7) {
        sink.problem(record, "timer at " + records + ": " + record.message());
        armedAt = -1;
      }
    }

    @Override
    public long patience() {
      return armedAt < 0 ? Long.MAX_VALUE : 7 - (records - armedAt) - 1;
    }

    @Override
    public void skipped(long n) {
      records += n;
    }
  }

  static final class CountingProvider implements KillParserProvider {
    @Override
    public String id() {
      return "test-counting";
    }

    @Override
    public ParserFamily family() {
      return ParserFamily.OTHER;
    }

    @Override
    public Set<KillEvent.Kind> produces() {
      return Set.of();
    }

    @Override
    public Prefilter prefilter() {
      return Prefilter.containing("ARM", "HIT");
    }

    @Override
    public KillParser create(ParserContext context) {
      return new Counting();
    }
  }

  private static KillForensics.Builder builder() {
    return KillForensics.builder().parsers(Parsers.of(new CountingProvider())).maxProblems(100_000).maxLineBytes(300);
  }

  private static String log(long seed) {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder();
    double t = 2.0;
    String[] ends = {"\n", "\n", "\n", "\r\n", "\r"};
    for (int i = 0; i < 4000; i++) {
      t += r.nextInt(1000) / 1e6;
      int kind = r.nextInt(100);
      String msg;
      if (kind < 3) {
        msg = "unit ARM " + i;
      } else if (kind < 6) {
        msg = "unit HIT " + i;
      } else if (kind < 8) {
        msg = "x".repeat(250 + r.nextInt(200)) + " HIT long " + i;
      } else if (kind < 10) {
        msg = "continued " + i;
        sb.append("        ").append(msg).append(ends[r.nextInt(ends.length)]);
        continue;
      } else if (kind < 11) {
        sb.append("[    0.").append(String.format(Locale.ROOT, "%06d", r.nextInt(999_999))).append("] early ")
            .append(i).append('\n');
        continue;
      } else if (kind < 12) {
        sb.append("not a dmesg line ").append(i).append(" HIT\n");
        continue;
      } else {
        msg = "usb 1-" + i + ": noise line " + i;
      }
      sb.append(String.format(Locale.ROOT, "[%12.6f] %s", t, msg)).append(ends[r.nextInt(ends.length)]);
    }
    if (r.nextBoolean()) {
      sb.append("[ 9999.000000] last line without an end HIT");
    }
    return sb.toString();
  }

  private static Report chunked(String text, int chunk, int threads, boolean prefilter) throws IOException {
    Session s = builder().prefilter(prefilter).build().newSession();
    Session.Source src = s.source("log");
    new ChunkReader(src, 300, threads, chunk).read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    src.finish();
    return s.report();
  }

  private static Report lines(String text) throws IOException {
    Session s = builder().prefilter(false).build().newSession();
    s.read("log", new StringReader(text));
    return s.report();
  }

  @Test
  void chunks_sameReportAsEveryLineWhateverTheChunkAndThreads() throws IOException {
    for (long seed = 1; seed <= 4; seed++) {
      String text = log(seed);
      Report reference = chunked(text, 1 << 20, 1, false);
      assertTrue(reference.problems().size() > 100, "problems: " + reference.problems().size());
      for (int chunk : new int[] {602, 777, 4096, 1 << 20}) {
        for (int threads : new int[] {1, 2, 3}) {
          assertEquals(reference, chunked(text, chunk, threads, true), "seed " + seed + " chunk " + chunk
              + " threads " + threads);
          assertEquals(reference, chunked(text, chunk, threads, false), "seed " + seed + " chunk " + chunk
              + " threads " + threads + " without prefilter");
        }
      }
    }
  }

  @Test
  void shortLines_sameAsReader() throws IOException {
    // lines within the limit read the same as through a reader, line ends and all
    String text = "[    5.000000] a HIT\r\n[    6.000000] b ARM\r[    7.000000] c\n\n[    8.000000] d HIT\n"
        + "[    9.000000] e\n[   10.000000] f\n[   11.000000] g\n[   12.000000] h\n[   13.000000] i\n"
        + "[   14.000000] j\n[   15.000000] k HIT";
    for (int chunk : new int[] {602, 4096}) {
      for (int threads : new int[] {1, 2}) {
        assertEquals(lines(text), chunked(text, chunk, threads, true), "chunk " + chunk);
      }
    }
  }

  @Test
  void longLine_cutAtLimit_restSkipped() throws IOException {
    String text = "[    5.000000] a\n[    6.000000] " + "y".repeat(5000) + " HIT\r\n[    7.000000] after HIT\n";
    for (int chunk : new int[] {602, 4096, 1 << 20}) {
      Report r = chunked(text, chunk, 2, true);
      assertEquals(3, r.linesRead(), "chunk " + chunk);
      assertEquals("line longer than 300 bytes: read up to there, the rest skipped",
          r.problems().get(0).message(), "chunk " + chunk + ": " + r.problems());
      assertEquals(2, r.problems().get(0).line());
      assertEquals("seen after 3: after HIT", r.problems().get(1).message());
      assertEquals(3, r.problems().get(1).line());
    }
  }

  /** Reads bytes (not a string) in chunks. */
  private static Report chunkedBytes(byte[] bytes, int chunk, int threads) throws IOException {
    Session s = builder().build().newSession();
    Session.Source src = s.source("log");
    new ChunkReader(src, 300, threads, chunk).read(new ByteArrayInputStream(bytes));
    src.finish();
    return s.report();
  }

  private static byte[] concat(String before, byte[] middle, String after) {
    byte[] a = before.getBytes(StandardCharsets.UTF_8);
    byte[] c = after.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[a.length + middle.length + c.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(middle, 0, out, a.length, middle.length);
    System.arraycopy(c, 0, out, a.length + middle.length, c.length);
    return out;
  }

  @Test
  void utf8Text_noNote() throws IOException {
    // names in other scripts, an emoji, tabs and form feeds: text, whatever the chunk and the threads
    String text = "[    5.000000] Köln: ünïcödé ж 漢字 \uD83D\uDE00\tok\f\n".repeat(40) + "[    6.000000] b HIT\n";
    for (int chunk : new int[] {602, 4096}) {
      for (int threads : new int[] {1, 2}) {
        Report r = chunkedBytes(text.getBytes(StandardCharsets.UTF_8), chunk, threads);
        assertEquals(1, r.problems().size(), () -> "chunk " + chunk + ": " + r.problems());
        assertEquals(41, r.problems().get(0).line());
      }
    }
  }

  @Test
  void notText_countedOnce_firstLineNamed() throws IOException {
    // line 30 has a Latin-1 byte (1 malformed), a NUL (1) and a truncated 3-byte sequence (2 bytes); line 31 a
    // stray continuation byte (1); the lines around them are text
    StringBuilder before = new StringBuilder();
    for (int n = 1; n < 30; n++) {
      before.append(String.format(Locale.ROOT, "[%5d.000000] line %d is text\n", n, n));
    }
    byte[] bad = {'x', (byte) 0xe9, 'y', 0, 'z', (byte) 0xe2, (byte) 0x82, ' ', '\n', (byte) 0x80, '\n'};
    // the last line has no terminator: the bytes counted are the input's, not the line end the reader adds
    byte[] bytes = concat(before.toString(), bad, "[   40.000000] after HIT\n".repeat(29) + "[   41.000000] last");
    for (int chunk : new int[] {602, 777, 4096, 1 << 20}) {
      for (int threads : new int[] {1, 2, 3}) {
        Report r = chunkedBytes(bytes, chunk, threads);
        var notes = r.problems().stream().filter(p -> p.message().contains("UTF-8")).toList();
        assertEquals(1, notes.size(), () -> "chunk " + chunk + ": " + r.problems());
        assertEquals(30, notes.get(0).line(), () -> "chunk " + chunk);
        assertTrue(notes.get(0).message().startsWith("5 of " + bytes.length + " bytes are not UTF-8 text"),
            notes.get(0).message());
        assertEquals(61, r.linesRead());
        assertEquals(bytes.length, Long.parseLong(notes.get(0).message().split(" ")[2]), "bytes read");
      }
    }
  }

  @Test
  void randomBytes_mostlyNotText() throws IOException {
    byte[] b = new byte[200_000];
    new Random(3).nextBytes(b);
    Report r = chunkedBytes(b, 4096, 2);
    var note = r.problems().stream().filter(p -> p.message().contains("UTF-8")).findFirst().orElseThrow();
    long count = Long.parseLong(note.message().substring(0, note.message().indexOf(' ')));
    // about half the bytes are high, most of them in no valid sequence; 9 in 256 are control bytes
    assertTrue(count > b.length / 3 && count < b.length, note.message());
    assertEquals(1, note.line());
  }

  @Test
  void notText_readInTwoParts_oneNoteAsForTheWhole() throws IOException {
    byte[] first = concat("[    1.000000] a\n", new byte[] {'b', 0, '\n'}, "[    2.000000] c\n");
    byte[] second = concat("[    3.000000] d ", new byte[] {(byte) 0xff, (byte) 0xfe, '\n'}, "[    4.000000] e\n");
    Session whole = builder().build().newSession();
    byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    whole.read("log", new ByteArrayInputStream(both));
    Session parts = builder().build().newSession();
    parts.read("log", new ByteArrayInputStream(first));
    parts.read("log", new ByteArrayInputStream(second));

    List<ParseProblem> problems = parts.report().problems();
    assertEquals(whole.report().problems(), problems);
    assertEquals(List.of(new ParseProblem("log", 2, "3 of " + (first.length + second.length) + " bytes are not UTF-8"
        + " text (malformed sequences, or control bytes such as NUL), the first on this line: read as U+FFFD; is this"
        + " a text log?")), problems);
  }
}
