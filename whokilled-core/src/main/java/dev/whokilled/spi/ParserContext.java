package dev.whokilled.spi;

import java.util.Map;
import java.util.Optional;

/**
 * What a parser is told when it is created for one stream.
 *
 * @since 0.1
 */
public interface ParserContext {

  /** The name of the stream (a file name, {@code dmesg}, {@code -}). */
  String source();

  /**
   * The most lines a parser may buffer for one multi-line block; past it the block is emitted as truncated
   * and parsing goes on.
   */
  int maxBlockLines();

  /** Options given to this parser with {@link dev.whokilled.Parsers#withOption(String, String, String)}. */
  Map<String, String> options();

  /**
   * One option.
   *
   * @param key the option's name
   * @return its value, or empty when not given
   */
  default Optional<String> option(String key) {
    return Optional.ofNullable(options().get(key));
  }
}
