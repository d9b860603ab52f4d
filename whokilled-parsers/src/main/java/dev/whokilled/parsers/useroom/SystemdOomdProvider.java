package dev.whokilled.parsers.useroom;

import dev.whokilled.event.KillEvent;
import dev.whokilled.spi.KillParser;
import dev.whokilled.spi.KillParserProvider;
import dev.whokilled.spi.ParserContext;
import dev.whokilled.spi.ParserFamily;
import dev.whokilled.spi.Prefilter;
import java.util.Set;

/** Provides the parser of systemd-oomd's cgroup kills ({@code Killed /…scope due to memory pressure for … being 80.00% > 50.00% …}). */
public final class SystemdOomdProvider implements KillParserProvider {

  /** The provider's id. */
  public static final String ID = "whokilled-systemd-oomd";

  /** Creates the provider (for {@code ServiceLoader}). */
  public SystemdOomdProvider() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ParserFamily family() {
    return ParserFamily.USERSPACE_OOM;
  }

  @Override
  public Set<KillEvent.Kind> produces() {
    return Set.of(KillEvent.Kind.OOM_KILL);
  }

  @Override
  public String description() {
    return "systemd-oomd's cgroup kills (v248 on: Killed or Marked … due to memory pressure or swap use)";
  }

  @Override
  public Prefilter prefilter() {
    // what the message must start with once its writer's tag is off: "ill" alone is far more common
    return Prefilter.containing("oomd attempting to kill ", "Killed /", "Marked /");
  }

  @Override
  public KillParser create(ParserContext context) {
    return new SystemdOomdParser(context.maxBlockLines());
  }
}
