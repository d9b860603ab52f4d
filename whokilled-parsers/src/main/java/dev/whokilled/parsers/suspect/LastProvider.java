package dev.whokilled.parsers.suspect;

import dev.whokilled.event.KillEvent;
import dev.whokilled.parsers.trace.TracerClock;
import dev.whokilled.spi.KillParser;
import dev.whokilled.spi.KillParserProvider;
import dev.whokilled.spi.ParserContext;
import dev.whokilled.spi.ParserFamily;
import java.util.Set;

/**
 * Provides the parser of util-linux {@code last} output: the login sessions open when a process died.
 *
 * <p>Options: {@code year} for {@code last}'s year-less dates (else assumed from the weekday printed) and
 * {@code zone} (the zone of the machine that printed them; else the caller's, else the system's, assumed).
 */
public final class LastProvider implements KillParserProvider {

  /** The provider's id. */
  public static final String ID = "whokilled-last";

  /** Creates the provider (for {@code ServiceLoader}). */
  public LastProvider() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ParserFamily family() {
    return ParserFamily.SUSPECTS;
  }

  @Override
  public Set<KillEvent.Kind> produces() {
    return Set.of(KillEvent.Kind.SUSPECT);
  }

  @Override
  public String description() {
    return "last: the login sessions open when a process died";
  }

  /**
   * A parser for one stream.
   *
   * @param context the stream's name and this parser's options
   * @return a new parser
   * @throws IllegalArgumentException if an option's value cannot be read
   */
  @Override
  public KillParser create(ParserContext context) {
    return new LastParser(TracerClock.of(context));
  }
}
