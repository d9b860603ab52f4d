package dev.whokilled.parsers.systemd;

import dev.whokilled.event.KillEvent;
import dev.whokilled.spi.KillParser;
import dev.whokilled.spi.KillParserProvider;
import dev.whokilled.spi.ParserContext;
import dev.whokilled.spi.ParserFamily;
import dev.whokilled.spi.Prefilter;
import java.util.Set;

/**
 * Provides the parser of systemd's unit messages (the system manager and the user managers, from v2xx to today):
 * the processes it kills and why (a stop, a stop or start timeout, the watchdog, the runtime limit), the main
 * process's end, and the OOM killer's and systemd-oomd's kills of a unit's processes.
 */
public final class SystemdProvider implements KillParserProvider {

  /** The provider's id. */
  public static final String ID = "whokilled-systemd";

  /** Creates the provider (for {@code ServiceLoader}). */
  public SystemdProvider() {}

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
    return "systemd unit messages of every era: kills on stop, timeout, watchdog and runtime limit; the main "
        + "process's end; OOM killer and systemd-oomd kills of a unit";
  }

  @Override
  public Prefilter prefilter() {
    return Prefilter.containing("rocess", "Child ", "timed out", "atchdog", "OOM", "oomd", "Stopp", "result",
        "Deactivated", "Succeeded", "failed", "time limit", "Sending ");
  }

  @Override
  public KillParser create(ParserContext context) {
    return new SystemdParser(context.maxBlockLines());
  }
}
