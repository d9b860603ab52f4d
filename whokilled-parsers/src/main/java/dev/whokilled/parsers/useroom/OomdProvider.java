package dev.whokilled.parsers.useroom;

import dev.whokilled.event.KillEvent;
import dev.whokilled.spi.KillParser;
import dev.whokilled.spi.KillParserProvider;
import dev.whokilled.spi.ParserContext;
import dev.whokilled.spi.ParserFamily;
import dev.whokilled.spi.Prefilter;
import java.util.Set;

/** Provides the parser of Meta oomd's kills ({@code oomd kill: 81.28 80.05 42.78 workload.slice/x.service …}). */
public final class OomdProvider implements KillParserProvider {

  /** The provider's id. */
  public static final String ID = "whokilled-oomd";

  /** Creates the provider (for {@code ServiceLoader}). */
  public OomdProvider() {}

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
    return "Meta oomd's kills (oomd kill: … lines in the kernel log, with oomd's own list of the processes)";
  }

  @Override
  public Prefilter prefilter() {
    return Prefilter.containing("oomd kill: ", "Killed ");
  }

  @Override
  public KillParser create(ParserContext context) {
    return new OomdParser(context.maxBlockLines());
  }
}
