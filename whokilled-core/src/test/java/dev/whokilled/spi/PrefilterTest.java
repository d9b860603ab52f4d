package dev.whokilled.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.event.EventTime;
import dev.whokilled.framing.Format;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.framing.Origin;
import org.junit.jupiter.api.Test;

final class PrefilterTest {

  private static LogRecord record(Origin origin, String text, String message, String ident) {
    return new LogRecord("s", 1, text, message, Format.SYSLOG, origin, EventTime.UNKNOWN, null, ident, null, -1, -1,
        0, -1);
  }

  @Test
  void wants_literalInTextMessageOrIdentifier() {
    Prefilter p = Prefilter.containing("earlyoom");
    assertTrue(p.wants(record(Origin.USERSPACE, "h earlyoom[1]: x", "x", "earlyoom")));
    assertTrue(p.wants(record(Origin.USERSPACE, "x", "x", "earlyoom")));
    assertTrue(p.wants(record(Origin.USERSPACE, "earlyoom x", "x", null)));
    assertFalse(p.wants(record(Origin.USERSPACE, "x", "x", null)));
  }

  @Test
  void wants_prefixAfterBlanks_originsFirst() {
    Prefilter p = Prefilter.containing("zz").orStartingWith("[").orFrom(Origin.UNKNOWN).exceptFrom(Origin.KERNEL);
    assertTrue(p.wants(record(Origin.KERNEL_LOG, "t", " \t[ 1] row", null)));
    assertFalse(p.wants(record(Origin.KERNEL_LOG, "t", "x [ 1] row", null)));
    assertTrue(p.wants(record(Origin.UNKNOWN, "t", "anything", null)));
    assertFalse(p.wants(record(Origin.KERNEL, "zz", "[zz", null)));
  }

  @Test
  void everyRecord_exceptOrigins() {
    Prefilter p = Prefilter.everyRecord().exceptFrom(Origin.KERNEL, Origin.KERNEL_LOG);
    assertFalse(p.wantsEveryRecord());
    assertTrue(p.wants(record(Origin.USERSPACE, "t", "m", null)));
    assertFalse(p.wants(record(Origin.KERNEL_LOG, "t", "m", null)));
    assertTrue(Prefilter.everyRecord().wants(record(Origin.KERNEL, "t", "m", null)));
  }

  @Test
  void callerMistakes_namedInTheMessage() {
    assertEquals("literal must be at least two characters: x",
        assertThrows(IllegalArgumentException.class, () -> Prefilter.containing("x")).getMessage());
    assertEquals("prefix must not be empty: ",
        assertThrows(IllegalArgumentException.class, () -> Prefilter.containing("ab").orStartingWith(""))
            .getMessage());
    assertEquals("orStartingWith on a prefilter that wants every record already",
        assertThrows(IllegalStateException.class, () -> Prefilter.everyRecord().orStartingWith("a")).getMessage());
    assertEquals("at least one origin is needed",
        assertThrows(IllegalArgumentException.class, () -> Prefilter.containing("ab").orFrom()).getMessage());
  }
}
