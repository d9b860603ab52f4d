package dev.whokilled.parsers.trace;

import dev.whokilled.framing.LogRecord;
import dev.whokilled.parsers.testing.Collect;
import dev.whokilled.spi.KillParser;
import dev.whokilled.spi.KillParserProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Makes the tracers' parsers with options and feeds them bare messages. */
final class Feed {

  private Feed() {}

  /** A parser of the provider, for a stream named {@code test}, with these options. */
  static KillParser parser(KillParserProvider provider, Map<String, String> options) {
    return Collect.parser(provider, options);
  }

  /** Feeds the messages to a new parser of the provider, then finishes it. */
  static Collect run(KillParserProvider provider, Map<String, String> options, String... lines) {
    List<LogRecord> records = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      records.add(LogRecord.plain("test", i + 1, lines[i]));
    }
    return Collect.run(parser(provider, options), records);
  }

  /** Feeds the messages with no options. */
  static Collect run(KillParserProvider provider, String... lines) {
    return run(provider, Map.of(), lines);
  }
}
