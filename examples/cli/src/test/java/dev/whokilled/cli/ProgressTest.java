package dev.whokilled.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

final class ProgressTest {

  @Test
  void line_knownSize_barShareAndMiB() {
    assertEquals("whokilled: reading kern.log [" + "\u2588".repeat(11) + "\u2591".repeat(13) + "]  45% "
        + "120.0 of 266.7 MiB", Progress.line("kern.log", 120L << 20, 279_620_266L, 100));
  }

  @Test
  void line_pipe_bytesOnly() {
    assertEquals("whokilled: reading dmesg 1.5 MiB", Progress.line("dmesg", 3L << 19, -1, 100));
  }

  @Test
  void line_longName_cutFromTheStartToTheWidth() {
    String line = Progress.line("/var/log/" + "x".repeat(200) + "/kern.log", 1, 2, 80);

    assertEquals(79, line.length(), line);
    assertEquals("whokilled: reading ...x/kern.log [" + "\u2588".repeat(12) + "\u2591".repeat(12)
        + "]  50% 0.0 of 0.0 MiB", line, "the end of the name kept, which tells the file");
  }

  @Test
  void none_streamsPassedThroughUntouched() {
    InputStream in = new ByteArrayInputStream(new byte[3]);

    try (Progress p = Progress.none()) {
      assertSame(in, p.track("x", in, 3));
    }
  }

  @Test
  void on_drawsAfterTheDelayAndClearsItsLine() throws Exception {
    StringWriter err = new StringWriter();
    try (Progress p = Progress.on(new PrintWriter(err), 80)) {
      InputStream in = p.track("big.log", new ByteArrayInputStream(new byte[1 << 20]), 2L << 20);
      assertEquals(1 << 20, in.readAllBytes().length);
      Thread.sleep(Progress.DELAY.toMillis() + 3 * Progress.PERIOD.toMillis());
    }

    String drawn = err.toString();
    assertTrue(drawn.startsWith("\rwhokilled: reading big.log ["), drawn);
    assertTrue(drawn.contains("]  50% 1.0 of 2.0 MiB\u001b[K"), drawn);
    assertTrue(drawn.endsWith("\r\u001b[K"), "the line is cleared at the end: " + drawn);
  }

  @Test
  void on_shortRun_drawsNothing() {
    StringWriter err = new StringWriter();
    try (Progress p = Progress.on(new PrintWriter(err), 80)) {
      p.track("small.log", new ByteArrayInputStream(new byte[10]), 10);
    }

    assertEquals("", err.toString());
  }
}
