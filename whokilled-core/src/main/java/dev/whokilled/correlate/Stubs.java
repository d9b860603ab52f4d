package dev.whokilled.correlate;

import dev.whokilled.event.ContainerKill;
import dev.whokilled.event.Crash;
import dev.whokilled.event.KillEvent;
import dev.whokilled.event.OomKill;
import dev.whokilled.event.SignalDelivery;
import dev.whokilled.event.Suspect;
import dev.whokilled.event.VictimMemory;
import dev.whokilled.framing.LogRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * An event cut down to what correlating one stream's later events with it reads, for a death handed out before the end
 * of its stream: its kind, victim, time, its evidence's stream, boots and clocks, and what tells a harmless send from a
 * death; not its lines' text, a task table, a stack, the memory figures that match two streams' copies. Correlating the
 * stubs with the events read after gives the groups the whole events would give, as long as no other stream is read (a
 * line of another stream is joined to one of this stream by its text, which a stub has not kept).
 */
public final class Stubs {

  private Stubs() {}

  /**
   * The stub of an event.
   *
   * @param e the event
   * @return an event of the same kind with what correlation reads of it
   */
  public static KillEvent of(KillEvent e) {
    List<LogRecord> evidence = evidence(e.evidence());
    return switch (e.kind()) {
      case OOM_KILL -> {
        OomKill k = (OomKill) e;
        // the memory figures tell the same report in two streams apart: a stub is of one stream only
        yield new OomKill(k.victim(), k.time(), evidence, k.killer(), null, k.constraint(), null, null, null, null,
            k.manual(), VictimMemory.UNKNOWN, null, null, null, List.of(), null, null, k.reaped(), k.groupKill(),
            k.truncated(), null, k.signal());
      }
      case SIGNAL -> {
        SignalDelivery s = (SignalDelivery) e;
        yield new SignalDelivery(s.victim(), s.time(), evidence, s.signal(), s.sender(), s.siCode(), s.observer(),
            s.reason(), null, s.fatal(), s.coreDumped());
      }
      case CRASH -> {
        Crash c = (Crash) e;
        yield new Crash(c.victim(), c.time(), evidence, c.type(), c.signal(), null, null, null, null, null, null,
            c.coreDumped(), List.of());
      }
      case CONTAINER -> {
        ContainerKill k = (ContainerKill) e;
        yield new ContainerKill(k.victim(), k.time(), evidence, k.reason(), k.exitCode(), k.signal(), k.reporter(),
            null);
      }
      case SUSPECT -> {
        Suspect s = (Suspect) e;
        yield new Suspect(s.victim(), s.time(), s.until(), evidence, s.type(), s.who(), null, null, null, s.signal());
      }
    };
  }

  /**
   * The records whose stream, boot, place and clocks correlation and the order of deaths read, without their text:
   * the one read first (the order of deaths at one time), the last when it is of a later boot (the event's boot),
   * and any with both clocks (a boot's start). One stream's, so the first read is the stream's as well.
   */
  private static List<LogRecord> evidence(List<LogRecord> all) {
    int firstRead = 0;
    for (int i = 1; i < all.size(); i++) {
      if (all.get(i).line() < all.get(firstRead).line()) {
        firstRead = i;
      }
    }
    int last = all.size() - 1;
    List<LogRecord> out = new ArrayList<>(1);
    for (int i = 0; i < all.size(); i++) {
      LogRecord r = all.get(i);
      boolean lastOfItsBoot = i == last && r.bootIndex() != all.get(firstRead).bootIndex();
      if (i == firstRead || lastOfItsBoot || r.time().wall() != null && r.time().uptime() != null) {
        out.add(new LogRecord(r.source(), r.line(), "", "", r.format(), r.origin(), r.time(), null, null, null,
            r.facility(), r.level(), r.bootIndex(), r.sequence()));
      }
    }
    if (out.get(out.size() - 1).bootIndex() != all.get(last).bootIndex()) {
      // a record with both clocks came after the last of its boot: the event's boot is the last record's
      LogRecord r = all.get(last);
      out.add(new LogRecord(r.source(), r.line(), "", "", r.format(), r.origin(), r.time(), null, null, null,
          r.facility(), r.level(), r.bootIndex(), r.sequence()));
    }
    return List.copyOf(out);
  }
}
