package dev.whokilled.parsers.suspect;

import dev.whokilled.event.KillEvent;
import dev.whokilled.framing.Origin;
import dev.whokilled.spi.KillParser;
import dev.whokilled.spi.KillParserProvider;
import dev.whokilled.spi.ParserContext;
import dev.whokilled.spi.ParserFamily;
import dev.whokilled.spi.Prefilter;
import java.util.Set;

/**
 * Provides the parser of cron's log lines ({@code CRON[1234]: (root) CMD (…)}): the jobs that ran just before a process died.
 *
 * <p>The time of a job is its line's, as the framing read it (a syslog stamp, the journal's).
 */
public final class CronProvider implements KillParserProvider {

  /** The provider's id. */
  public static final String ID = "whokilled-cron";

  /** Creates the provider (for {@code ServiceLoader}). */
  public CronProvider() {}

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
    return "cron: the jobs that ran just before a process died";
  }

  @Override
  public Prefilter prefilter() {
    return Prefilter.containing(") CMD (").exceptFrom(Origin.KERNEL, Origin.KERNEL_LOG);
  }

  /**
   * A parser for one stream.
   *
   * @param context the stream's name and this parser's options
   * @return a new parser
   */
  @Override
  public KillParser create(ParserContext context) {
    return new CronParser();
  }
}
