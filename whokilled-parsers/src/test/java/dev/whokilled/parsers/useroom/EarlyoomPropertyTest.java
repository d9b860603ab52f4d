package dev.whokilled.parsers.useroom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.whokilled.event.KillEvent;
import dev.whokilled.event.MemoryKiller;
import dev.whokilled.event.OomKill;
import dev.whokilled.event.Signal;
import dev.whokilled.parsers.testing.Collect;
import dev.whokilled.parsers.testing.Hostile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Property tests of the earlyoom grammar: kills of every message era generated from structure (hostile names),
 * confirmed, escalated, unconfirmed or failed, rendered in syslog, RFC 3339 and bare lines, read back to the same
 * victims and figures; arbitrary input never throws.
 */
final class EarlyoomPropertyTest {

  /** Names as earlyoom prints them (at most 15 bytes): quotes, colons, spaces, UTF-8. */
  static final String[] NAMES = {"tail", "Web Content", "a\": badness 1", "(sd-pam)", "x\"y", "a, VmRSS 3 MiB",
    "tokio-runtime-w", "\u6d4b\u8bd5", "kworker/27:0-ev", "it's", "bun"};

  enum Era { V0, V11, V12DEV, V13RC, V16, V17, V18 }

  enum Outcome { CONFIRMED_PID, CONFIRMED_PLAIN, ESCALATED, NONE, FAILED }

  enum Frame { SYSLOG, RFC3339, PLAIN }

  record Kill(long pid, String name, Integer uid, Long score, Integer adj, Long rssMib, Signal signal) {}

  @FuzzTest(maxDuration = "40s")
  void generatedKills_parseBack(FuzzedDataProvider data) {
    Frame frame = data.pickValue(Frame.values());
    int count = data.consumeInt(1, 4);
    List<String> messages = new ArrayList<>();
    List<Kill> expected = new ArrayList<>();
    long pid = 100;
    for (int i = 0; i < count; i++) {
      Era era = data.pickValue(Era.values());
      Outcome outcome = data.pickValue(Outcome.values());
      pid += data.consumeInt(1, 1_000_000);
      String name = name(data, era);
      int uid = data.consumeInt(0, 70_000);
      long score = data.consumeInt(0, 2000);
      int adj = data.consumeInt(-1000, 1000);
      long rss = data.consumeLong(0, 1L << 30);
      messages.add("mem avail:  2430 of 31808 MiB ( 7.64%), swap free: 1419 of 15903 MiB ( 8.93%)");
      Signal sig = Signal.SIGTERM;
      switch (era) {
        case V0 -> {
          messages.add("Out of memory! avail: 0 MiB < min: 587 MiB");
          messages.add("Killing process " + pid + " " + name);
          sig = Signal.SIGKILL;
          expected.add(new Kill(pid, name, null, null, null, null, sig));
        }
        case V11 -> {
          messages.add("Low Memory! At or below sigterm limits (mem: 10 %, swap: 10 %)");
          messages.add("Killing process '" + name + "' with signal 15, pid: " + pid + ", badness: " + score
              + ", VmRSS: " + rss + " MiB");
          expected.add(new Kill(pid, name, null, score, null, rss, sig));
        }
        case V12DEV -> {
          messages.add("low memory! at or below SIGTERM limits: mem 10 %, swap 10 %");
          messages.add("killing process " + pid + " \"" + name + "\" with signal 15: badness " + score + ", VmRSS "
              + rss + " MiB");
          expected.add(new Kill(pid, name, null, score, null, rss, sig));
        }
        case V13RC -> {
          messages.add("low memory! at or below SIGTERM limits: mem 50 %, swap 10 %");
          messages.add("sending SIGTERM to process " + pid + " \"" + name + "\": badness " + score + ", VmRSS " + rss
              + " MiB");
          expected.add(new Kill(pid, name, null, score, null, rss, sig));
        }
        case V16 -> {
          messages.add("low memory! at or below SIGTERM limits: mem 10.00%, swap 10.00%");
          messages.add("sending SIGTERM to process " + pid + " uid " + uid + " \"" + name + "\": badness " + score
              + ", VmRSS " + rss + " MiB");
          expected.add(new Kill(pid, name, uid, score, null, rss, sig));
        }
        case V17 -> {
          messages.add("low memory! at or below SIGTERM limits: mem 10.00%, swap 10.00%");
          messages.add("sending SIGTERM to process " + pid + " uid " + uid + " \"" + name + "\": oom_score " + score
              + ", VmRSS " + rss + " MiB, cmdline \"" + name + " --flag \\\": badness 9\"");
          expected.add(new Kill(pid, name, uid, score, null, rss, sig));
        }
        case V18 -> {
          messages.add("low memory! at or below SIGTERM limits: mem  8.00%, swap 30.42%");
          messages.add("sending SIGTERM to process " + pid + " uid " + uid + " \"" + name + "\": oom_score " + score
              + ", oom_score_adj " + adj + ", VmRSS " + rss + " MiB, cmdline \"" + name + "\"");
          expected.add(new Kill(pid, name, uid, score, adj, rss, sig));
        }
        default -> throw new AssertionError(era);
      }
      switch (outcome) {
        case CONFIRMED_PID -> messages.add("process " + pid + " exited after 0.100 seconds");
        case CONFIRMED_PLAIN -> messages.add("process exited after 0.1 seconds");
        case ESCALATED -> {
          messages.add("escalating to SIGKILL after 2.4 seconds");
          messages.add("process exited after 2.8 seconds");
          Kill k = expected.remove(expected.size() - 1);
          expected.add(new Kill(k.pid(), k.name(), k.uid(), k.score(), k.adj(), k.rssMib(), Signal.SIGKILL));
        }
        case FAILED -> {
          messages.add("kill failed: Timer expired");
          expected.remove(expected.size() - 1);
        }
        case NONE -> {
          // older eras never confirm: the next kill or the end of the stream emits it
        }
        default -> throw new AssertionError(outcome);
      }
    }
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      lines.add(frame(frame, i, messages.get(i)));
    }
    Collect c = read(lines);
    List<OomKill> got = c.all(OomKill.class);
    String where = frame + " " + lines;
    assertEquals(expected.size(), got.size(), () -> where + " " + got);
    for (int i = 0; i < expected.size(); i++) {
      Kill e = expected.get(i);
      OomKill k = got.get(i);
      assertEquals(MemoryKiller.EARLYOOM, k.killer(), where);
      assertEquals(e.pid(), k.victim().pid(), where);
      String name = e.name();
      if (name.startsWith("(") && name.endsWith(")") && k.signal() == Signal.SIGKILL && e.score() == null) {
        name = name.substring(1, name.length() - 1);
      }
      assertEquals(name, k.victim().comm(), where);
      assertEquals(e.uid(), k.victim().uid(), where);
      assertEquals(e.score(), k.score(), where);
      assertEquals(e.adj(), k.oomScoreAdj(), where);
      assertEquals(e.rssMib() == null ? null : e.rssMib() << 20, k.memory().resident(), where);
      assertEquals(e.signal(), k.signal(), where);
      assertNotNull(k.reason(), where);
      assertEquals("earlyoom", k.trigger().comm(), where);
      if (frame != Frame.PLAIN) {
        assertEquals(904L, k.trigger().pid(), where);
      }
    }
  }

  @FuzzTest(maxDuration = "40s")
  void anyInput_neverThrows(FuzzedDataProvider data) {
    String[] fragments = {"sending SIGTERM to process ", " uid ", " \"", "\": ", "badness ", "oom_score ",
      "oom_score_adj ", ", VmRSS ", " MiB", ", cmdline \"", "Killing process '", "' with signal ", ", pid: ",
      "killing process ", "Killing process ", "process exited after ", " exited after ", "kill failed: ",
      "escalating to SIGKILL", "low memory! ", "Out of memory! ", "mem avail: ", "earlyoom[1]: ", "dryrun, not",
      "sending 0 (no-op signal) to process ", "1234", "-5", "1e9", "NaN"};
    List<String> lines = Hostile.lines(data, fragments, 300, 8, 16);
    List<KillEvent> events = read(lines).events;
    Hostile.citesInput(events, lines);
    for (KillEvent e : events) {
      Long rss = ((OomKill) e).memory().resident();
      assertTrue(rss == null || rss >= 0, Objects.toString(rss));
    }
  }

  static Collect read(List<String> lines) {
    return Collect.framed(new EarlyoomParser(1000), lines);
  }

  static String name(FuzzedDataProvider data, Era era) {
    String n;
    if (data.consumeBoolean()) {
      n = data.pickValue(NAMES);
    } else {
      n = data.consumeAsciiString(15).replaceAll("[^\\x21-\\x7e ]", "x").trim();
    }
    // '#' and three octal digits is how rsyslog escapes a control byte, whatever the name said (found by fuzzing)
    n = n.replaceAll("#(?=[0-7]{3})", "x");
    // v0's line "Killing process 101 with signal Kx" is systemd's form, not a name (found by fuzzing)
    if (n.isEmpty() || n.contains("with signal") || era == Era.V0 && n.equals("()")) {
      return "x";
    }
    return n;
  }

  static String frame(Frame f, int i, String message) {
    return switch (f) {
      case SYSLOG -> String.format(Locale.ROOT, "Feb 16 13:58:%02d c earlyoom[904]: ", i % 60) + message;
      case RFC3339 -> String.format(Locale.ROOT, "2026-09-10T21:54:%02d-04:00 gw-ms-a2 earlyoom[904]: ", i % 60)
          + message;
      case PLAIN -> message;
    };
  }
}
