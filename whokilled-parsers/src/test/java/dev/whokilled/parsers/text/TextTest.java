package dev.whokilled.parsers.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.whokilled.event.Signal;
import org.junit.jupiter.api.Test;

/** The field readers shared by the parsers. */
final class TextTest {

  /** As systemd writes a signal ({@code SIGKILL}, {@code KILL}) and as kill's options name one ({@code -9}). */
  @Test
  void signal_namesAndNumbers_nothingElse() {
    assertEquals(Signal.SIGKILL, Text.signal("9"));
    assertEquals(Signal.SIGKILL, Text.signal("KILL"));
    assertEquals(Signal.SIGKILL, Text.signal(" SIGKILL "));
    assertEquals(Signal.SIGTERM, Text.signal("TERM"));
    assertNull(Text.signal(""));
    assertNull(Text.signal("RTMIN+3"));
    assertNull(Text.signal("SIGKILL-or-so-long"));
    assertNull(Text.signal("99"));
  }
}
