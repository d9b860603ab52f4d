package dev.whokilled.parsers.systemd;

import dev.whokilled.event.KillEvent;
import dev.whokilled.spi.KillParser;
import dev.whokilled.spi.KillParserProvider;
import dev.whokilled.spi.ParserContext;
import dev.whokilled.spi.ParserFamily;
import dev.whokilled.spi.Prefilter;
import java.util.Set;

/**
 * Provides the parser of process supervisors' logs: supervisord's exits, stops and SIGKILL escalations, and
 * Upstart's {@code main process (1234) killed by KILL signal}.
 */
public final class SupervisorsProvider implements KillParserProvider {

  /** The provider's id. */
  public static final String ID = "whokilled-supervisors";

  /** Creates the provider (for {@code ServiceLoader}). */
  public SupervisorsProvider() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ParserFamily family() {
    return ParserFamily.SERVICE_MANAGER;
  }

  @Override
  public Set<KillEvent.Kind> produces() {
    return Set.of(KillEvent.Kind.SIGNAL);
  }

  @Override
  public String description() {
    return "supervisord (exited/stopped by a signal, killing on stop timeout) and Upstart (job process killed by "
        + "a signal)";
  }

  @Override
  public Prefilter prefilter() {
    return Prefilter.containing("exited: ", "stopped: ", "killing ", "spawned: ", "waiting for ", "exit request",
        " process (", "state changed from ");
  }

  @Override
  public KillParser create(ParserContext context) {
    return new SupervisorParser(context.maxBlockLines());
  }
}
