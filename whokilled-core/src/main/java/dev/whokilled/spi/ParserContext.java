package dev.whokilled.spi;

import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

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
   * The zone the caller said the logs' local times are in ({@link dev.whokilled.framing.Framing#withZone}), for a
   * parser that reads times of its own (strace {@code -tt}, {@code ausearch -i}, {@code lastcomm}); empty when
   * not said, and then a parser assumes the system's zone and marks the time's zone as assumed.
   *
   * @return the zone, or empty
   */
  default Optional<ZoneId> zone() {
    return Optional.empty();
  }

  /**
   * The year the caller said the logs' dates without a year are in ({@link dev.whokilled.framing.Framing#withYear}).
   *
   * @return the year, or empty
   */
  default OptionalInt year() {
    return OptionalInt.empty();
  }

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
