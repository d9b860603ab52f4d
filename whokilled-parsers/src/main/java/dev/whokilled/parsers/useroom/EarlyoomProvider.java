package dev.whokilled.parsers.useroom;

import dev.whokilled.event.KillEvent;
import dev.whokilled.spi.KillParser;
import dev.whokilled.spi.KillParserProvider;
import dev.whokilled.spi.ParserContext;
import dev.whokilled.spi.ParserFamily;
import dev.whokilled.spi.Prefilter;
import java.util.Set;

/** Provides the parser of earlyoom's kills, from v0.x ({@code Killing process 8230 sudo}) to 1.8 and later ({@code sending SIGTERM to process … oom_score_adj …}). */
public final class EarlyoomProvider implements KillParserProvider {

  /** The provider's id. */
  public static final String ID = "whokilled-earlyoom";

  /** Creates the provider (for {@code ServiceLoader}). */
  public EarlyoomProvider() {}

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
    return "earlyoom's kills in every message era (v0.x to 1.9), with their reason and confirmation";
  }

  @Override
  public Prefilter prefilter() {
    // the phrases EarlyoomParser acts on once its cheap test passed: each record it reads holds one of them
    return Prefilter.containing(" to process ", "Killing process ", "killing process ", "exited after ",
        "escalating to SIGKILL", "kill failed: ", "Could not kill process", "dryrun, not actually sending any signal",
        " did not exit", "kill_release: pid=", "killing whole process group", "mem avail:", "avail: ", "ow memory!",
        "ow Memory!", "Out of memory!");
  }

  @Override
  public KillParser create(ParserContext context) {
    return new EarlyoomParser(context.maxBlockLines());
  }
}
