package dev.whokilled.parsers.apps;

import dev.whokilled.framing.FrameSink;
import dev.whokilled.framing.Framer;
import dev.whokilled.framing.Framing;
import dev.whokilled.framing.LogRecord;
import java.util.ArrayList;
import java.util.List;

/** Frames lines as the analyzer does, for feeding one parser. */
final class Frames {

  private Frames() {}

  /** The records the default framing makes of these lines. */
  static List<LogRecord> of(List<String> lines) {
    List<LogRecord> out = new ArrayList<>();
    Framer framer = Framing.auto().newFramer("test");
    FrameSink sink = out::add;
    for (String l : lines) {
      framer.accept(l, sink);
    }
    framer.finish(sink);
    return out;
  }
}
