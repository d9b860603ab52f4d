package dev.whokilled.parsers.trace;

import dev.whokilled.event.KillEvent;
import dev.whokilled.spi.KillParser;
import dev.whokilled.spi.KillParserProvider;
import dev.whokilled.spi.ParserContext;
import dev.whokilled.spi.ParserFamily;
import dev.whokilled.spi.Prefilter;
import java.util.Set;

/**
 * Provides the parser of process accounting as {@code lastcomm} and {@code dump-acct} print it: who ran a
 * signal-sending command, and when.
 *
 * <p>Options: {@code year} for {@code lastcomm}'s year-less dates (else assumed from the weekday printed) and
 * {@code zone} (the zone of the machine that wrote them; else the caller's, else the system's, assumed).
 */
public final class LastcommProvider implements KillParserProvider {

  /** The provider's id. */
  public static final String ID = "whokilled-lastcomm";

  /** Creates the provider (for {@code ServiceLoader}). */
  public LastcommProvider() {}

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
    return "process accounting (lastcomm, dump-acct): who ran kill, pkill, killall, top and when";
  }

  @Override
  public Prefilter prefilter() {
    return Prefilter.containing("|v", " secs ");
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
    return new LastcommParser(TracerClock.of(context));
  }
}
