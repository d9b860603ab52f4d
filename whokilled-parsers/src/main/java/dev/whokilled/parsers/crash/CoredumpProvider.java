package dev.whokilled.parsers.crash;

import dev.whokilled.event.KillEvent;
import dev.whokilled.spi.KillParser;
import dev.whokilled.spi.KillParserProvider;
import dev.whokilled.spi.ParserContext;
import dev.whokilled.spi.ParserFamily;
import dev.whokilled.spi.Prefilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Provides the parser of systemd-coredump's reports: the journal's {@code Process N (x) of user U dumped core.}
 * with its stack (one multi-line message or separate syslog lines), the older {@code Process N (x) dumped core.},
 * the newer {@code … terminated abnormally with signal 6/ABRT, processing...} (merged with the {@code dumped
 * core.} that follows), abrt's {@code … killed by SIGSEGV - dumping core}, and the output of {@code coredumpctl
 * list} (every column era) and {@code coredumpctl info}.
 */
public final class CoredumpProvider implements KillParserProvider {

  /** The provider's id. */
  public static final String ID = "whokilled-coredump";

  /** Creates the provider (for {@code ServiceLoader}). */
  public CoredumpProvider() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ParserFamily family() {
    return ParserFamily.CRASH;
  }

  @Override
  public Set<KillEvent.Kind> produces() {
    return Set.of(KillEvent.Kind.CRASH);
  }

  @Override
  public String description() {
    return "systemd-coredump journal messages with their stacks, coredumpctl list and info output";
  }

  @Override
  public Prefilter prefilter() {
    // coredumpctl's rows hold no fixed text: every message that may start with a date once stripped is wanted
    // (prefixes are matched after spaces and tabs; the other whitespace that strip() takes off is named here)
    List<String> starts = new ArrayList<>(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
    for (String day : CoredumpParser.WEEKDAYS) {
      starts.add(day + " ");
    }
    for (char c = 0; c < 0x3100; c++) {
      if (Character.isWhitespace(c) && c != ' ' && c != '\t') {
        starts.add(String.valueOf(c));
      }
    }
    return Prefilter.containing("Process ", "PID: ", "TIME ", "MTIME ").orStartingWith(starts.toArray(new String[0]));
  }

  @Override
  public KillParser create(ParserContext context) {
    return new CoredumpParser(context.maxBlockLines());
  }
}
