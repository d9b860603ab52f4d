package dev.whokilled.parsers.docker;

import dev.whokilled.event.KillEvent;
import dev.whokilled.framing.Origin;
import dev.whokilled.spi.KillParser;
import dev.whokilled.spi.KillParserProvider;
import dev.whokilled.spi.ParserContext;
import dev.whokilled.spi.ParserFamily;
import dev.whokilled.spi.Prefilter;
import java.util.Set;

/**
 * Provides the parser of Docker's reports: {@code docker inspect} (its {@code State}: {@code OOMKilled},
 * {@code ExitCode}, {@code FinishedAt}), {@code docker events} in CLI and JSON form ({@code oom}, {@code die},
 * {@code kill}), and dockerd's log ({@code failed to exit within … - using the force}).
 */
public final class DockerProvider implements KillParserProvider {

  /** The provider's id. */
  public static final String ID = "whokilled-docker";

  /** Creates the provider (for {@code ServiceLoader}). */
  public DockerProvider() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ParserFamily family() {
    return ParserFamily.CONTAINER;
  }

  @Override
  public Set<KillEvent.Kind> produces() {
    return Set.of(KillEvent.Kind.CONTAINER);
  }

  @Override
  public String description() {
    return "docker inspect (State.OOMKilled, ExitCode), docker events (CLI and JSON: oom, die, kill), dockerd's log";
  }

  @Override
  public Prefilter prefilter() {
    // documents open at a line starting with [ or { (after blanks), or a "State": fragment
    return Prefilter.containing("container ", ": (from ", "failed to exit within ", "\"State\":")
        .orStartingWith("[", "{").orFrom(Origin.UNKNOWN).exceptFrom(Origin.KERNEL, Origin.KERNEL_LOG);
  }

  @Override
  public KillParser create(ParserContext context) {
    return new DockerParser();
  }
}
