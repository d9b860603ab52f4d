package dev.whokilled.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

final class SignalTest {

  @Test
  void numbersAndNames_roundTrip() {
    for (Signal s : Signal.values()) {
      assertEquals(Optional.of(s), Signal.fromNumber(s.number()));
      assertEquals(Optional.of(s), Signal.fromName(s.name()));
      assertEquals(Optional.of(s), Signal.fromName(s.shortName().toLowerCase(java.util.Locale.ROOT)));
    }
    assertEquals(9, Signal.SIGKILL.number());
    assertEquals("KILL", Signal.SIGKILL.shortName());
  }

  @Test
  void aliasesAndOutOfRange() {
    assertEquals(Optional.of(Signal.SIGABRT), Signal.fromName("IOT"));
    assertEquals(Optional.empty(), Signal.fromNumber(0));
    assertEquals(Optional.empty(), Signal.fromNumber(34));
    assertEquals(Optional.empty(), Signal.fromName("SIGNOPE"));
  }
}
