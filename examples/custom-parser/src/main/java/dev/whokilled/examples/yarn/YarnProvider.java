package dev.whokilled.examples.yarn;

import dev.whokilled.event.KillEvent;
import dev.whokilled.framing.Origin;
import dev.whokilled.spi.KillParser;
import dev.whokilled.spi.KillParserProvider;
import dev.whokilled.spi.ParserContext;
import dev.whokilled.spi.ParserFamily;
import dev.whokilled.spi.Prefilter;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Set;

/**
 * Provides the parser of YARN's memory kills: the NodeManager's {@code Container [pid=…,containerID=…] is running
 * beyond physical memory limits … Killing container.} (and the process tree it dumps), and Spark's
 * {@code Container killed by YARN for exceeding memory limits}.
 *
 * <p>Register a provider like this one in {@code module-info.java} ({@code provides
 * dev.whokilled.spi.KillParserProvider with …}) and in {@code META-INF/services/dev.whokilled.spi.KillParserProvider};
 * put its jar beside whokilled's, and {@code KillForensics} uses it with the built-in parsers.
 *
 * <p>Option: {@code zone}, the zone of the log4j stamps ({@code 2014-05-29 12:01:53,776}), else the caller's, else
 * the system's (recorded as assumed).
 *
 * @since 0.1
 */
public final class YarnProvider implements KillParserProvider {

  /** The provider's id: not {@code whokilled-…}, which is for the built-in parsers. */
  public static final String ID = "yarn-memory";

  /** Creates the provider (for {@code ServiceLoader}). */
  public YarnProvider() {}

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
    return "Hadoop YARN and Spark: containers killed for exceeding their memory limit";
  }

  /**
   * The lines that start a kill; the dump that may follow is read because the parser allows no skipping while a
   * kill is pending (its {@code patience()}). Without a prefilter, the default wants every record, and no
   * line of any log could be skipped while this provider is installed.
   */
  @Override
  public Prefilter prefilter() {
    return Prefilter.containing(YarnParser.NM, YarnParser.SPARK).exceptFrom(Origin.KERNEL, Origin.KERNEL_LOG);
  }

  /**
   * A parser for one stream.
   *
   * @param context the stream's name and this parser's options
   * @return a new parser
   * @throws IllegalArgumentException if the {@code zone} option is not a zone
   */
  @Override
  public KillParser create(ParserContext context) {
    String z = context.option("zone").orElse(null);
    ZoneId zone;
    try {
      zone = z != null ? ZoneId.of(z.strip()) : context.zone().orElse(null);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("option zone must be a zone id such as Europe/Paris: " + z, e);
    }
    return new YarnParser(zone);
  }
}
