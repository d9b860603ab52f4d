package dev.whokilled.parsers.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.event.EventTime;
import dev.whokilled.spi.ParserContext;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The tracers' clock: options, the caller's zone and year, year-less dates, ctime stamps. */
final class TracerClockTest {

  static ParserContext context(Map<String, String> options, ZoneId zone, Integer year) {
    return new ParserContext() {
      @Override
      public String source() {
        return "t";
      }

      @Override
      public int maxBlockLines() {
        return 10;
      }

      @Override
      public Map<String, String> options() {
        return options;
      }

      @Override
      public Optional<ZoneId> zone() {
        return Optional.ofNullable(zone);
      }

      @Override
      public OptionalInt year() {
        return year == null ? OptionalInt.empty() : OptionalInt.of(year);
      }
    };
  }

  @Test
  void callersZoneAndYear_usedWhenNoOption() {
    TracerClock c = TracerClock.of(context(Map.of(), ZoneId.of("Europe/Paris"), 2019));
    EventTime t = c.yearless(DayOfWeek.SUNDAY, Month.NOVEMBER, 22, LocalTime.of(10, 0),
        EventTime.Precision.MINUTES);
    assertEquals(Instant.parse("2019-11-22T09:00:00Z"), t.wall(), "the year given wins over the weekday");
    assertTrue(!t.yearAssumed() && !t.zoneAssumed());
  }

  @Test
  void yearless_latestYearWithThatWeekday() {
    EventTime t = TracerClock.none().yearless(DayOfWeek.SUNDAY, Month.NOVEMBER, 22, LocalTime.NOON,
        EventTime.Precision.MINUTES);
    assertTrue(t.yearAssumed() && t.zoneAssumed());
    assertEquals(DayOfWeek.SUNDAY, t.wall().atZone(ZoneId.systemDefault()).getDayOfWeek());
    assertNull(TracerClock.none().yearless(null, Month.FEBRUARY, 30, LocalTime.NOON, EventTime.Precision.MINUTES));
  }

  @Test
  void ctime_withAndWithoutYearAndSeconds() {
    TracerClock c = TracerClock.of(context(Map.of("zone", "UTC"), null, null));
    assertEquals(Instant.parse("2016-11-02T14:21:15Z"), c.ctime("Wed Nov  2 14:21:15 2016").wall());
    assertEquals(EventTime.Precision.MINUTES, c.ctime("Sun Nov 22 10:00").wallPrecision());
    EventTime guessed = c.ctime("Wed Nov 2 14:21");
    assertEquals(DayOfWeek.WEDNESDAY, guessed.wall().atZone(ZoneId.of("UTC")).getDayOfWeek());
    assertTrue(guessed.yearAssumed());
    assertNull(c.ctime("Wed Nov 2"));
    assertNull(c.ctime("Wxd Nov  2 14:21:15 2016"));
    assertNull(c.ctime("Wed Nov 31 14:21:15 2016"));
  }

  @Test
  void options_rejectedWithTheirValue() {
    assertEquals("option year must be a number: next",
        assertThrows(IllegalArgumentException.class, () -> TracerClock.of(context(Map.of("year", "next"), null, null)))
            .getMessage());
    assertEquals("option year must be between 1970 and 9999: 12",
        assertThrows(IllegalArgumentException.class, () -> TracerClock.of(context(Map.of("year", "12"), null, null)))
            .getMessage());
  }
}
