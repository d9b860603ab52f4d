package dev.whokilled.parsers.suspect;

import dev.whokilled.event.KillEvent;
import dev.whokilled.spi.KillParser;
import dev.whokilled.spi.KillParserProvider;
import dev.whokilled.spi.ParserContext;
import dev.whokilled.spi.ParserFamily;
import java.util.Set;

/**
 * Provides the parser of shell histories: the kill commands typed near a death, or naming its pid.
 *
 * <p>Option: {@code user}, whose history it is (a history file does not say).
 */
public final class HistoryProvider implements KillParserProvider {

  /** The provider's id. */
  public static final String ID = "whokilled-history";

  /** Creates the provider (for {@code ServiceLoader}). */
  public HistoryProvider() {}

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
    return "shell history (bash, zsh): kill, pkill and killall commands and when they were typed";
  }

  /**
   * A parser for one stream.
   *
   * @param context the stream's name and this parser's options
   * @return a new parser
   */
  @Override
  public KillParser create(ParserContext context) {
    return new HistoryParser(context.option("user").orElse(null));
  }
}
