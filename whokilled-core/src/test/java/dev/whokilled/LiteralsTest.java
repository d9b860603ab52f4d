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
        byte[] b = ("##" + line + "##").getBytes(StandardCharsets.US_ASCII);
        assertEquals(naive(line), lit.find(line), line);
        assertEquals(naive(line), lit.find(b, 2, 2 + line.length()), line);
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
