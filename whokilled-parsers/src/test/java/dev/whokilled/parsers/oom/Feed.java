package dev.whokilled.parsers.oom;

import dev.whokilled.event.KillEvent;
import dev.whokilled.event.OomKill;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.spi.EventSink;
import dev.whokilled.spi.KillParser;
import java.util.ArrayList;
import java.util.List;

/** Feeds messages to one parser, as bare records, and keeps what comes out. */
final class Feed implements EventSink {

  final List<KillEvent> events = new ArrayList<>();
  final List<String> problems = new ArrayList<>();
  final List<String> warnings = new ArrayList<>();

  static Feed of(KillParser parser, List<LogRecord> records) {
    Feed feed = new Feed();
    for (LogRecord r : records) {
      parser.accept(r, feed);
    }
    parser.finish(feed);
    return feed;
  }

  static Feed messages(String... messages) {
    List<LogRecord> records = new ArrayList<>();
    for (int i = 0; i < messages.length; i++) {
      records.add(LogRecord.plain("test", i + 1, messages[i]));
    }
    return of(new OomParser(1000), records);
  }

  List<OomKill> kills() {
    List<OomKill> out = new ArrayList<>();
    for (KillEvent e : events) {
      out.add((OomKill) e);
    }
    return out;
  }

  OomKill only() {
    if (events.size() != 1) {
      throw new AssertionError("expected one event, got " + events);
    }
    return (OomKill) events.get(0);
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
}
