package dev.whokilled.framing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The byte reader's test of a line it may skip: the sixteen-byte reading of {@code dmesg}'s own form gives what the
 * byte-by-byte reading gives, and a line it accepts frames as the plain kernel log record it said.
 */
final class FramerQuietTest {

  private static final String[] BRACKETS = {
    "[    0.000000] ", "[    0.999999] ", "[    1.000000] ", "[    1.000001] ", "[    2.000000] ", "[    9.123456] ",
    "[   10.000000] ", "[99999.999999] ", "[100000.000001] ", "[999999.000000] ", "[1000000.000000] ",
    "[00005.000000] ", "[00000.500000] ", "[ 1 2.000000] ", "[  12.00000] ", "[  12.0000000] ", "[  12.000000]",
    "[  12.000000]  ", "[  12.000000 ] ", "[  12.000000]x", "[  12,000000] ", "[ -12.000000] ", "[  1a.000000] ",
    "[     .000000] ", "[  12.] ", "[12.000000] ", "[  12.000000]\t", "<4>[  12.000000] ", " [  12.000000] ",
  };

  private static final String[] MESSAGES = {
    "usb 1-1: new high-speed USB device number 2 using xhci_hcd", "[Firmware Bug]: TSC doesn't count",
    "Linux version 6.1",
    "Linux versio", "L", "host kernel: x", "host sshd[12]: Accepted", "host sshd[12]:", "  dump_stack+0x1/0x2", "\tx",
    "", "x", "systemd[1]: Started Journal Service.", "0", "[  T123] caller", "[C1] caller", "[ ]", "[", "[drm] x",
  };

  private static List<String> lines() {
    List<String> out = new ArrayList<>();
    for (String b : BRACKETS) {
      for (String m : MESSAGES) {
        out.add(b + m);
      }
    }
    Random r = new Random(11);
    String alphabet = "[]. 0123456789:Lk";
    for (int n = 0; n < 20_000; n++) {
      StringBuilder sb = new StringBuilder("[");
      int len = 10 + r.nextInt(12);
      for (int k = 0; k < len; k++) {
        sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      out.add(sb + " msg");
    }
    return out;
  }

  @Test
  void quietShape_sixteenBytesAtATime_sameAsByteByByte() {
    for (String line : lines()) {
      byte[] b = ("##" + line + "\n##").getBytes(StandardCharsets.UTF_8);
      int end = 2 + line.getBytes(StandardCharsets.UTF_8).length;
      for (boolean journalWords : new boolean[] {false, true}) {
        int fast = Framer.quietShape(b, 2, end, null, journalWords);
        int slow = Framer.quietShape(b, 2, end, new long[1], journalWords);
        assertEquals(slow, fast, line);
      }
    }
  }

  @Test
  void quietShape_acceptedLine_framesAsThePlainKernelRecordItSaid() {
    int accepted = 0;
    for (String line : lines()) {
      byte[] b = line.getBytes(StandardCharsets.UTF_8);
      long[] up = new long[1];
      int m = Framer.quietShape(b, 0, b.length, up, true);
      if (m < 0) {
        continue;
      }
      accepted++;
      Framer framer = Framing.auto().newFramer("t");
      List<LogRecord> records = new ArrayList<>();
      framer.accept(line, records::add);
      assertTrue(framer.quiet(), line);
      assertEquals(1, records.size(), line);
      LogRecord r = records.get(0);
      assertEquals(Format.DMESG, r.format(), line);
      assertEquals(Origin.KERNEL_LOG, r.origin(), line);
      assertEquals(line.substring(m), r.message(), line);
      if (up[0] != Long.MAX_VALUE / 4) { // the framing's cap for an uptime of a trillion seconds or more
        assertEquals(java.time.Duration.ofSeconds(up[0] / 1_000_000, up[0] % 1_000_000 * 1000),
            r.time().uptime().truncatedTo(java.time.temporal.ChronoUnit.MICROS), line);
      }
    }
    assertTrue(accepted > 100, "accepted " + accepted);
  }
}
