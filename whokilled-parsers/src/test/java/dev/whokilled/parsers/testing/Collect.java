package dev.whokilled.parsers.testing;

import dev.whokilled.event.KillEvent;
import dev.whokilled.framing.Framer;
import dev.whokilled.framing.Framing;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.spi.EventSink;
import dev.whokilled.spi.KillParser;
import dev.whokilled.spi.KillParserProvider;
import dev.whokilled.spi.ParserContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Feeds records to one parser and keeps what comes out: the events, problems and warnings. */
public final class Collect implements EventSink {

  /** The events, in the order emitted. */
  public final List<KillEvent> events = new ArrayList<>();
  /** The problems' messages. */
  public final List<String> problems = new ArrayList<>();
  /** The warnings' messages. */
  public final List<String> warnings = new ArrayList<>();

  private Collect() {}

  /** Feeds the records, then finishes the parser. */
  public static Collect run(KillParser parser, List<LogRecord> records) {
    Collect c = new Collect();
    for (LogRecord r : records) {
      parser.accept(r, c);
    }
    parser.finish(c);
    return c;
  }

  /** Feeds bare messages (no framing, source {@code test}, lines numbered from 1), then finishes the parser. */
  public static Collect messages(KillParser parser, String... messages) {
    List<LogRecord> records = new ArrayList<>();
    for (int i = 0; i < messages.length; i++) {
      records.add(LogRecord.plain("test", i + 1, messages[i]));
    }
    return run(parser, records);
  }

  /** The records the auto-detecting framing makes of these lines (source {@code test}), as the analyzer frames. */
  public static List<LogRecord> frame(List<String> lines) {
    List<LogRecord> records = new ArrayList<>();
    Framer f = Framing.auto().newFramer("test");
    for (String l : lines) {
      f.accept(l, records::add);
    }
    f.finish(records::add);
    return records;
  }

  /** Frames the lines as the analyzer does, then feeds the records to the parser. */
  public static Collect framed(KillParser parser, List<String> lines) {
    return run(parser, frame(lines));
  }

  /** The events of one type, in order. */
  public <T extends KillEvent> List<T> all(Class<T> type) {
    List<T> out = new ArrayList<>();
    for (KillEvent e : events) {
      if (type.isInstance(e)) {
        out.add(type.cast(e));
      }
    }
    return out;
  }

  /** The only event, which must be of this type. */
  public <T extends KillEvent> T only(Class<T> type) {
    if (events.size() != 1 || !type.isInstance(events.get(0))) {
      throw new AssertionError("expected one " + type.getSimpleName() + ", got " + events);
    }
    return type.cast(events.get(0));
  }

  @Override
  public void event(KillEvent event) {
    events.add(event);
  }

  @Override
  public void problem(LogRecord at, String message) {
    problems.add(message);
  }

  @Override
  public void warning(LogRecord at, String message) {
    warnings.add(message);
  }

  /** A parser of the provider for a stream named {@code test}, with these options, as the analyzer makes one. */
  public static KillParser parser(KillParserProvider provider, Map<String, String> options) {
    return provider.create(new ParserContext() {
      @Override
      public String source() {
        return "test";
      }

      @Override
      public int maxBlockLines() {
        return 1000;
      }

      @Override
      public Map<String, String> options() {
        return options;
      }
    });
  }
}
