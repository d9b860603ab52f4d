package dev.whokilled.parsers.trace;

import dev.whokilled.event.KillEvent;
import dev.whokilled.spi.KillParser;
import dev.whokilled.spi.KillParserProvider;
import dev.whokilled.spi.ParserContext;
import dev.whokilled.spi.ParserFamily;
import dev.whokilled.spi.Prefilter;
import java.util.Set;

/**
 * Provides the parser of systemtap's signal scripts ({@code sigmon.stp}, {@code sigkill.stp}).
 *
 * <p>Options: {@code date} ({@code yyyy-MM-dd}) and {@code zone}, for tables without dates; {@code zone} places
 * {@code ctime()} stamps, printed in the machine's local time.
 */
public final class SystemtapProvider implements KillParserProvider {

  /** The provider's id. */
  public static final String ID = "whokilled-systemtap";

  /** Creates the provider (for {@code ServiceLoader}). */
  public SystemtapProvider() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ParserFamily family() {
    return ParserFamily.SIGNAL;
  }

  @Override
  public Set<KillEvent.Kind> produces() {
    return Set.of(KillEvent.Kind.SIGNAL);
  }

  @Override
  public String description() {
    return "systemtap sigmon.stp tables and sigkill.stp sentences: who sent a signal to whom";
  }

  @Override
  public Prefilter prefilter() {
    return Prefilter.containing(" was sent to ", "sys.kill: ", "kprocess.exit: ", "SIG");
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
    return new SystemtapParser(TracerClock.of(context));
  }
}
