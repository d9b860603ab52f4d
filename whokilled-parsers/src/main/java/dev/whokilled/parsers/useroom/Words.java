package dev.whokilled.parsers.useroom;

import dev.whokilled.event.Constraint;
import dev.whokilled.event.MemoryKiller;
import dev.whokilled.event.OomKill;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.event.VictimMemory;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.parsers.text.Text;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Index-based readers shared by the userspace memory killers' parsers: a writer's {@code name[pid]: } tag left
 * in a message, digits, clocks, and the {@link OomKill} such a killer reports. No regular expressions; never
 * throws.
 */
final class Words {

  private Words() {}

  /**
   * A writer's tag at the start of a message.
   *
   * @param name the tag's name
   * @param pid its pid, or {@code null}
   * @param rest the message after the tag
   */
  record Tag(String name, @Nullable Long pid, String rest) {}

  /** The {@code name[pid]: } or {@code name: } tag at the start of {@code m}, when its name is {@code name}. */
  static @Nullable Tag tag(String m, String name) {
    if (!m.startsWith(name)) {
      return null;
    }
    int i = name.length();
    if (m.startsWith(": ", i)) {
      return new Tag(name, null, m.substring(i + 2));
    }
    if (i < m.length() && m.charAt(i) == '[') {
      int close = m.indexOf("]: ", i);
      if (close > i + 1 && close - i <= 12) {
        Long pid = Text.digits(m, i + 1, close);
        if (pid != null) {
          return new Tag(name, pid, m.substring(close + 3));
        }
      }
    }
    return null;
  }

  /**
   * Who wrote a record, as far as its framing (or a tag left in its message) says, when that may be the killer
   * named {@code name}: the record's pid and its message without the tag; {@code null} when another program
   * wrote it.
   */
  static @Nullable Tag writer(LogRecord r, String name) {
    String ident = r.identifier();
    if (ident == null) {
      String m = r.message();
      Tag t = tag(m, name);
      if (t == null) {
        // a tag after a prefix no framing took off: "Jun 12 06:39:26 earlyoom[123]: …"
        int at = m.indexOf(" " + name);
        while (t == null && at >= 0 && at <= 80) {
          // only after a clock: a victim's name may hold " earlyoom: " too (found by fuzzing)
          t = Text.endsWithClock(m, at) ? tag(m.substring(at + 1), name) : null;
          at = m.indexOf(" " + name, at + 1);
        }
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
