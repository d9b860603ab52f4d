package dev.whokilled.parsers.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.event.EventTime;
import dev.whokilled.event.Signal;
import java.time.Duration;
import java.time.Instant;
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

  @Test
  void after_byTheClockBothTimesHave_falseWithoutOne() {
    EventTime a = EventTime.ofWall(Instant.parse("2026-01-01T00:00:00Z"), EventTime.Precision.MICROS);
    EventTime b = EventTime.ofWall(Instant.parse("2026-01-01T00:00:00.101Z"), EventTime.Precision.MICROS);
    assertTrue(Text.after(a, b, 100));
    assertFalse(Text.after(b, a, 100), "the other way it is before");
    assertFalse(Text.after(a, b, 101));
    assertTrue(Text.after(EventTime.ofUptime(Duration.ofMillis(5)), EventTime.ofUptime(Duration.ofMillis(200)), 100));
    assertFalse(Text.after(a, EventTime.ofUptime(Duration.ofSeconds(9)), 100), "no clock in common");
  }
}
