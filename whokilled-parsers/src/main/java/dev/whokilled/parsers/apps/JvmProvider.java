package dev.whokilled.parsers.apps;

import dev.whokilled.event.KillEvent;
import dev.whokilled.framing.Origin;
import dev.whokilled.spi.KillParser;
import dev.whokilled.spi.KillParserProvider;
import dev.whokilled.spi.ParserContext;
import dev.whokilled.spi.ParserFamily;
import dev.whokilled.spi.Prefilter;
import java.util.Set;

/**
 * Provides the parser of the HotSpot JVM's fatal error banner, on the JVM's output or heading an
 * {@code hs_err_pidN.log} file.
 */
public final class JvmProvider implements KillParserProvider {

  /** The provider's id. */
  public static final String ID = "whokilled-jvm";

  /** Creates the provider (for {@code ServiceLoader}). */
  public JvmProvider() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ParserFamily family() {
    return ParserFamily.APPLICATION;
  }

  @Override
  public Set<KillEvent.Kind> produces() {
    return Set.of(KillEvent.Kind.CRASH);
  }

  @Override
  public String description() {
    return "the JVM's fatal error banner (SIGSEGV at pc=…) and hs_err_pid files";
  }

  @Override
  public Prefilter prefilter() {
    return Prefilter.containing(JvmParser.HEADER).exceptFrom(Origin.KERNEL);
  }

  @Override
  public KillParser create(ParserContext context) {
    return new JvmParser(context.maxBlockLines());
  }
}
