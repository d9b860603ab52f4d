package dev.whokilled.spi;

import dev.whokilled.event.KillEvent;
import java.util.Set;

/**
 * A kind of parser, found with {@link java.util.ServiceLoader} or handed to the analyzer's builder.
 *
 * <p>Register an implementation with {@code provides dev.whokilled.spi.KillParserProvider with …} in
 * {@code module-info.java}, and in {@code META-INF/services/dev.whokilled.spi.KillParserProvider} for class-path
 * users. Ids are unique; the {@code whokilled-} prefix is reserved for the built-in parsers.
 *
 * @since 0.1
 */
public interface KillParserProvider {

  /** The provider's unique id: lowercase letters, digits and {@code -}, such as {@code whokilled-kernel-oom}. */
  String id();

  /** The family it belongs to. */
  ParserFamily family();

  /** The kinds of event its parsers produce. */
  Set<KillEvent.Kind> produces();

  /** One line for people: what it reads. */
  default String description() {
    return id();
  }

  /**
   * Which records its parsers need to see; the others go by them unseen, which is what makes whokilled read a
   * large log at the speed of a fixed-string search. The default, {@link Prefilter#everyRecord()}, is always
   * correct; a narrower prefilter is a promise, described there.
   *
   * @return the prefilter
   */
  default Prefilter prefilter() {
    return Prefilter.everyRecord();
  }

  /**
   * A parser for one stream.
   *
   * @param context the stream's name and the analyzer's options
   * @return a new parser
   */
  KillParser create(ParserContext context);
}
