package dev.whokilled.framing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines nobody should write: the framer reads them all without throwing, one record each (or one a line). */
final class FramerHostileTest {

  private static final List<String> HOSTILE = List.of(
      "", " ", "      ", "\t", "\r", "[", "[ 1.", "[ 1.2", "[ 1.2 <", "[ +", "[Nov", "[Nov22 10:", "<", "<999>[",
      "<6>", "<99999>x", "6,", "6,1,", "6,1,2,", "6,1,2,-", "6,1,2,-;", "{", "}", "{\"", "{\"MESSAGE\":",
      "{\"MESSAGE\":[", "{\"MESSAGE\":[1,", "{\"a\":\"\\u12\"}", "__CURSOR", "__CURSOR=", "Apr", "Apr 20",
      "Apr 20 20:03:27", "Apr 20 20:03:27 ", "Apr 20 20:03:27 h", "Apr 20 20:03:27 h :", "Feb 30 00:00:00 h k: x",
      "2021-13-45T99:99:99+99:99 h k: x", "2021-12-10T17:49:55.", "2021-12-10T17:49:55+", "kern  :", "kern  :info",
      "kern  :info  :", "Sun 2017-12-24 16:02:24 CET [s=", "Sun 2017-12-24 16:02:24 CET [s=x]",
      "\u0000\u0000\u0000", "[\u0000 1.0] x", "\ud800", "\udc00[ 1.0] \ud800", "6,1,2,-;\\x", "6,1,2,-;\\xc3",
      "#012", "Apr 20 20:03:27 h k: #012#012", "Apr 20 20:03:27 h k: #0", "$ ", "# ", "[a@b]# ", "4812:",
      "file.log:", "file.log-1-", "kernel:", "x kernel:", "[99999999999999999999.999999999999] x",
      "6,99999999999999999999,99999999999999999999,-;x", "<4294967296>[ 1.0] x");

  /** Hostile: each line is one record. */
  @Test
  void hostile_eachLineIsOneRecord() {
    for (Framing framing : FramerFuzzTest.FRAMINGS) {
      for (String line : HOSTILE) {
        Framer framer = new Framer(framing, "hostile", Collect.NOW);
        Collect c = new Collect();
        framer.accept(line, c);
        framer.finish(c);
        assertEquals(line.startsWith("Apr 20 20:03:27 h k: #012") && splits(framing) ? 3 : 1, c.records.size(),
            framing + " " + line);
        for (LogRecord r : c.records) {
          assertEquals(1, r.line());
        }
        for (String n : c.notices) {
          assertEquals(false, n.contains("could not read the framing"), n);
        }
      }
    }
  }

  private static boolean splits(Framing framing) {
    return framing.format().isEmpty() || framing.format().get() == Format.SYSLOG;
  }

  /** Hostile: all in one stream. */
  @Test
  void hostile_allInOneStream() {
    for (Framing framing : FramerFuzzTest.FRAMINGS) {
      Collect c = Collect.frame(framing, HOSTILE);
      assertEquals(true, c.records.size() >= 1, framing.toString());
      for (LogRecord r : c.records) {
        assertEquals(true, r.line() >= 1 && r.line() <= HOSTILE.size(), framing + " " + r);
      }
      for (String n : c.notices) {
        assertEquals(false, n.contains("could not read the framing"), n);
      }
    }
  }

  /** Hostile: huge lines. */
  @Test
  void hostile_hugeLines() {
    String mega = "x".repeat(1 << 20);
    String brackets = "[".repeat(100_000);
    String spaces = " ".repeat(100_000) + "x";
    String digits = "1".repeat(100_000) + ":";
    String json = "{\"MESSAGE\":\"" + "a".repeat(1 << 20) + "\"}";
    String kmsg = "6,1,2,-" + ",x".repeat(100_000) + ";m";
    String colons = ":".repeat(100_000);
    String hashes = "Apr 20 20:03:27 h k: " + "#01".repeat(100_000);
    String escapes = "6,1,2,-;" + "\\xc3".repeat(100_000);
    for (Framing framing : FramerFuzzTest.FRAMINGS) {
      Collect c = Collect.frame(framing, "[ 1.0] a", mega, brackets, spaces, digits, json, kmsg, colons, hashes,
          escapes, "[   2.000000] after");
      assertEquals(11, c.records.get(c.records.size() - 1).line(), framing.toString());
    }
    assertEquals(mega, Collect.one(Framing.auto(), mega).message());
    assertEquals(65_536, Collect.one(Framing.auto(), json).message().length());
    assertEquals(100_000, Collect.one(Framing.auto(), escapes).message().length());
  }

  /** Caller mistakes: throw at once. */
  @Test
  void callerMistakes_throwAtOnce() {
    Framer framer = Framing.auto().newFramer("x");
    IllegalArgumentException line = assertThrows(IllegalArgumentException.class,
        () -> framer.accept(null, new Collect()));
    assertEquals("line must not be null", line.getMessage());
    IllegalArgumentException sink = assertThrows(IllegalArgumentException.class,
        () -> framer.accept("x", null));
    assertEquals("sink must not be null", sink.getMessage());
    assertThrows(IllegalArgumentException.class, () -> framer.finish(null));
  }

  /** Sink exceptions: propagate. */
  @Test
  void sinkExceptions_propagate() {
    Framer framer = Framing.auto().newFramer("x");
    FrameSink failing = r -> {
      throw new IllegalStateException("sink is full");
    };
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> framer.accept("x", failing));
    assertEquals("sink is full", e.getMessage());
    Collect c = new Collect();
    framer.accept("[ 1.0] y", c);
    assertEquals("y", c.records.get(0).message());
  }

  /** Counts: lines and records. */
  @Test
  void counts_linesAndRecords() {
    Framer framer = Framing.auto().newFramer("x");
    Collect c = new Collect();
    framer.accept("6,1,2,-;a\\x0ab", c);
    framer.accept(" SUBSYSTEM=acpi", c);
    assertEquals(2, framer.lines());
    assertEquals(2, framer.records());
    assertEquals(Framing.auto(), framer.framing());
  }

  /**
   * Found by the resource-bound test: a syslog line of 100 000 {@code #012} escapes took a minute, since each of
   * its lines carried the whole physical line as its text, for every parser to scan again.
   */
  @Test
  void escapedBreaks_eachFurtherLineItsOwnText() {
    Collect c = Collect.frame(Framing.auto(), "Apr 20 20:03:27 h systemd-coredump[9]: Process 1 (x) of user 0 "
        + "dumped core.#012#012Stack trace of thread 1:#012#0  0x00007f (libc.so.6 + 0x3b)");
    assertEquals(4, c.records.size());
    assertTrue(c.records.get(0).text().startsWith("Apr 20 20:03:27 h systemd-coredump[9]: Process 1"));
    assertEquals("", c.records.get(1).text());
    assertEquals("Stack trace of thread 1:", c.records.get(2).text());
    assertEquals("#0  0x00007f (libc.so.6 + 0x3b)", c.records.get(3).text());
    assertEquals(c.records.get(3).text(), c.records.get(3).message());
    assertEquals(1, c.records.get(3).line());
  }
}
