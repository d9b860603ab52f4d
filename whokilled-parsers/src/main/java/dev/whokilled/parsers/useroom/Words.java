package dev.whokilled.parsers.useroom;

import dev.whokilled.event.Constraint;
import dev.whokilled.event.MemoryKiller;
import dev.whokilled.event.OomKill;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.event.VictimMemory;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.parsers.text.Tag;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Index-based readers shared by the userspace memory killers' parsers: who wrote a record (its framing, or a tag
 * left in its message), and the {@link OomKill} such a killer reports. No regular expressions; never
 * throws.
 */
final class Words {

  private Words() {}

  /**
   * Who wrote a record, as far as its framing (or a tag left in its message) says, when that may be the killer
   * named {@code name}: the record's pid and its message without the tag; {@code null} when another program
   * wrote it.
   */
  static @Nullable Tag writer(LogRecord r, String name) {
    String ident = r.identifier();
    if (ident == null) {
      String m = r.message();
      Tag t = Tag.at(m, name);
      if (t == null) {
        // a tag after a prefix no framing took off: "Jun 12 06:39:26 earlyoom[123]: …"; only after a clock, as a
        // victim's name may hold " earlyoom: " too (found by fuzzing)
        t = Tag.within(m, 80, name);
      }
      return t != null ? t : new Tag(name, null, m);
    }
    return ident.equals(name) ? new Tag(name, r.senderPid(), r.message()) : null;
  }

  /** A userspace killer's report of one kill; the fields the kernel alone prints are left empty. */
  static OomKill kill(ProcessRef victim, LogRecord at, List<LogRecord> evidence, MemoryKiller killer,
      @Nullable ProcessRef daemon, VictimMemory memory, @Nullable Integer oomScoreAdj, @Nullable Long score,
      @Nullable String reason, Signal signal) {
    return new OomKill(victim, at.time(), evidence, killer, daemon, Constraint.UNKNOWN, null, null, null, null,
        false, memory, oomScoreAdj, score, null, List.of(), null, null, false, false, false, reason, signal);
  }
}
