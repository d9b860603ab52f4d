package dev.whokilled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The literal matcher finds exactly the literals {@link String#contains} finds, wherever they stand. */
final class LiteralsTest {

  private static final List<List<String>> OWNERS = List.of(
      List.of("oom", "Killed process", "|v"),
      List.of("SIG", "ab"),
      List.of("segfault at ", "kill("),
      List.of("xyz"));

  private static long naive(String line) {
    long mask = 0;
    for (int i = 0; i < OWNERS.size(); i++) {
      for (String l : OWNERS.get(i)) {
        if (line.contains(l)) {
          mask |= 1L << i;
        }
      }
    }
    return mask;
  }

  @Test
  void find_sameAsContains_atEveryOffsetAndAlignment() {
    Random r = new Random(7);
    String alphabet = "oomKilled process|vSIGabsegfault at kill(xyz \n";
    byte[] sample = "[  5.0] usb 1-1: new device\n".repeat(100).getBytes(StandardCharsets.US_ASCII);
    for (Literals lit : new Literals[] {Literals.of(OWNERS, null, 0), Literals.of(OWNERS, sample, sample.length)}) {
      for (int n = 0; n < 20_000; n++) {
        StringBuilder sb = new StringBuilder();
        int len = r.nextInt(40);
        for (int k = 0; k < len; k++) {
          sb.append(alphabet.charAt(r.nextInt(alphabet.length() - 1)));
        }
        String line = sb.toString();
        assertEquals(naive(line), lit.find(line), line);
      }
    }
  }

  /**
   * A scan looks up the windows at every fourth byte from where it started (and, for short literals, the pairs at
   * every second): whatever the literal's place and the scan's start, it finds exactly what contains finds.
   */
  @Test
  void scan_windowsAndShortPairs_sameAsContains() {
    List<List<String>> owners = List.of(List.of("failed", "Killed process", "oom-kill"), List.of("SIG", "ab"),
        List.of("segfault at ", "led x"), List.of("xyzzy!"));
    String alphabet = "failedKilled processoom-killSIGabsegfault at led xyzzy! ";
    Random r = new Random(13);
    byte[] sample = "[  5.0] usb 1-1: new device failed\n".repeat(100).getBytes(StandardCharsets.US_ASCII);
    for (Literals lit : new Literals[] {Literals.of(owners, null, 0), Literals.of(owners, sample, sample.length)}) {
      long[] windows = lit.windows();
      long[] pairs = lit.shortPairs();
      for (int n = 0; n < 20_000; n++) {
        StringBuilder sb = new StringBuilder();
        int len = r.nextInt(40);
        for (int k = 0; k < len; k++) {
          sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        String line = sb.toString();
        int base = r.nextInt(4);
        byte[] b = ("#".repeat(base + 3) + line + "\n####").getBytes(StandardCharsets.US_ASCII);
        int start = base + 3;
        int end = start + line.length();
        long found = 0;
        for (int p = base; p + 4 <= b.length; p += 4) {
          int h = Literals.hash((b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | b[p + 3] << 24);
          if (p >= start && p < end && (windows[h >>> 6] >>> h & 1) != 0) {
            found |= lit.atWindow(b, start, b.length, p);
          }
        }
        // a two-byte literal's odd anchor is the pair its first byte ends, which may start on the byte before it
        for (int p = base; p + 1 < b.length; p += 2) {
          int h = Literals.key(b[p], b[p + 1]);
          if (p >= start - 1 && p < end && pairs != null && (pairs[h >>> 6] >>> h & 1) != 0) {
            found |= lit.atShortPair(b, start, b.length, p);
          }
        }
        long want = 0;
        for (int i = 0; i < owners.size(); i++) {
          for (String l : owners.get(i)) {
            if (line.contains(l)) {
              want |= 1L << i;
            }
          }
        }
        assertEquals(want, found, line + " from " + base);
      }
    }
  }

  @Test
  void find_nonAsciiNeverMatches() {
    Literals lit = Literals.of(OWNERS, null, 0);
    assertEquals(0, lit.find("o\u00f6m S\u0130G"));
    assertEquals(1, lit.find("\u00e9oom"));
  }

  @Test
  void literal_mustBeAsciiAndTwoCharacters() {
    assertEquals("literal must be ASCII: \u00e9t\u00e9",
        assertThrows(IllegalArgumentException.class, () -> Literals.of(List.of(List.of("\u00e9t\u00e9")), null, 0))
            .getMessage());
    assertEquals("literal must be at least two characters: x",
        assertThrows(IllegalArgumentException.class, () -> Literals.of(List.of(List.of("x")), null, 0))
            .getMessage());
  }
}
