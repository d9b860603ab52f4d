package dev.whokilled.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.cli.Terminal.When;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

final class TerminalTest {

  private static Terminal tty(Map<String, String> env) {
    return new Terminal(true, true, env);
  }

  @Test
  void colourAuto_onATerminalOnly() {
    assertTrue(tty(Map.of("TERM", "xterm-256color")).colour(When.AUTO));
    assertFalse(new Terminal(false, true, Map.of()).colour(When.AUTO), "piped");
  }

  @Test
  void colourAuto_noColorSetAndNotEmpty_off() {
    assertFalse(tty(Map.of("NO_COLOR", "1")).colour(When.AUTO));
    assertFalse(tty(Map.of("NO_COLOR", "0")).colour(When.AUTO), "any value but the empty string");
    assertTrue(tty(Map.of("NO_COLOR", "")).colour(When.AUTO), "empty is unset (no-color.org)");
  }

  @Test
  void colourAuto_dumbTerminal_off() {
    assertFalse(tty(Map.of("TERM", "dumb")).colour(When.AUTO));
  }

  @Test
  void colourAlwaysAndNever_asTold() {
    assertTrue(new Terminal(false, false, Map.of("NO_COLOR", "1")).colour(When.ALWAYS),
        "an explicit option wins over NO_COLOR");
    assertFalse(tty(Map.of()).colour(When.NEVER));
  }

  @Test
  void width_columnsOfATerminal_noLimitInAPipe() {
    assertEquals(132, tty(Map.of("COLUMNS", "132")).width());
    assertEquals(40, tty(Map.of("COLUMNS", "12")).width(), "never narrower than 40");
    assertEquals(0, new Terminal(false, true, Map.of("COLUMNS", "132")).width());
  }

  @Test
  void whenConverter_anyCase_elseUsageError() {
    Terminal.WhenConverter c = new Terminal.WhenConverter();

    assertEquals(When.ALWAYS, c.convert("Always"));
    assertEquals(When.NEVER, c.convert(" never "));
    TypeConversionException e = assertThrows(TypeConversionException.class, () -> c.convert("yes"));
    assertEquals("'yes' is not one of auto, always, never", e.getMessage());
  }
}
