package dev.whokilled.parsers.strace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.whokilled.KillForensics;
import dev.whokilled.Report;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.KillEvent;
import dev.whokilled.event.Signal;
import dev.whokilled.event.SignalDelivery;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.parsers.testing.Collect;
import dev.whokilled.parsers.testing.Hostile;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Property tests of the strace grammar: a kill rendered with every pid column, time stamp and era parses back to
 * its victim, signal and sender; arbitrary input never throws. Jazzer replays the seeds in
 * {@code src/test/resources/.../StracePropertyTestInputs} in every build and fuzzes in CI ({@code JAZZER_FUZZ=1}).
 */
final class StracePropertyTest {

  /**
   * Program names as execve paths give them (no slash: a path ends at its last one): spaces, quotes, brackets,
   * escapes, UTF-8, strace's own words.
   */
  static final String[] HOSTILE_NAMES = {
    "sleep", "python3", "my (app) x", "a) b (c", "[kworker-0:1]", "q\"uote'", "back\\slash", "tab\there",
    "new\nline", "\u00e9t\u00e9", "\u6d4b\u8bd5", "<sleep>", "a>b<c", "x, si_pid=7}", "--- SIGTERM ---",
    "+++ killed by SIGKILL +++", "= 0", "exec <unfinished ...>", "%s%n", "very-long-program-name-beyond-15",
    "\u0001ctl"
  };

  enum Column { NONE, FILE, BRACKET, COMM }

  enum Stamp { NONE, T, TT, TTT, TTT_MS, TTT_NS, TTT_S, R, T_R }

  enum Era { MODERN, NO_SIGINFO, SIGINFO_FIRST }

  /** The signals a sender can be shown for (SIGKILL never is). */
  static final Signal[] SIGNALS = {
    Signal.SIGHUP, Signal.SIGINT, Signal.SIGQUIT, Signal.SIGILL, Signal.SIGABRT, Signal.SIGBUS, Signal.SIGFPE,
    Signal.SIGUSR1, Signal.SIGSEGV, Signal.SIGUSR2, Signal.SIGPIPE, Signal.SIGALRM, Signal.SIGTERM,
    Signal.SIGXCPU, Signal.SIGXFSZ, Signal.SIGSYS, Signal.SIGKILL
  };

  @FuzzTest(maxDuration = "40s")
  void generatedKills_parseBack(FuzzedDataProvider data) {
    Column column = data.pickValue(Column.values());
    Stamp stamp = data.pickValue(Stamp.values());
    Era era = data.pickValue(Era.values());
    boolean ip = data.consumeBoolean();
    long victim = data.consumeLong(2, 4_194_304L);
    long sender = data.consumeLong(1, 4_194_304L);
    if (sender == victim) {
      sender = victim - 1;
    }
    int uid = data.consumeInt(0, 65535);
    Signal sig = data.pickValue(SIGNALS);
    String code = data.pickValue(new String[] {"SI_USER", "SI_TKILL", "SI_QUEUE"});
    String name = name(data);
    boolean execve = data.consumeBoolean();
    boolean core = data.consumeBoolean();
    boolean noise = data.consumeBoolean();
    long seconds = data.consumeLong(1_000_000_000L, 2_000_000_000L);
    long nanos = data.consumeLong(0, 999_999_999L);

    String lead = leader(column, victim, name) + stamp(stamp, seconds, nanos) + (ip ? "[00007f58221d9503] " : "");
    List<String> lines = new ArrayList<>();
    if (noise && column != Column.NONE) {
      String other = leader(column, victim + 1, "bash") + stamp(stamp, seconds, nanos);
      lines.add(other + "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=" + (victim + 2)
          + ", si_uid=0, si_status=0, si_utime=0, si_stime=0} ---");
    }
    if (execve) {
      lines.add(lead + "execve(\"/usr/bin/" + escape(name) + "\", [\"x\"], 0x7ffd52df44c0 /* 39 vars */) = 0");
    }
    if (noise) {
      lines.add(lead + "read(0, 0xbf5ff000, 1024)               = ? ERESTARTSYS (To be restarted)");
    }
    boolean shown = sig != Signal.SIGKILL;
    if (shown) {
      lines.add(lead + delivery(era, sig, code, sender, uid, column == Column.COMM ? "bash" : null));
    }
    if (noise && column != Column.NONE) {
      lines.add(leader(column, victim + 1, "bash") + "+++ exited with 0 +++");
    }
    lines.add(lead + "+++ killed by " + sig.name() + (core ? " (core dumped)" : "") + " +++");

    Map<String, String> options = new HashMap<>();
    if (column == Column.NONE) {
      options.put("pid", Long.toString(victim));
    }
    LocalDateTime utc = LocalDateTime.ofEpochSecond(seconds, (int) nanos, ZoneOffset.UTC);
    options.put("date", utc.toLocalDate().toString());
    options.put("zone", "UTC");
    List<LogRecord> records = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      records.add(LogRecord.plain("fuzz", i + 1, lines.get(i)));
    }
    Collect c = Collect.run(StraceParserTest.parser("fuzz", options), records);
    String where = column + "/" + stamp + "/" + era + " " + lines;
    SignalDelivery d = c.only(SignalDelivery.class);
    assertEquals(victim, d.victim().pid(), where);
    assertEquals(sig, d.signal(), where);
    assertTrue(d.fatal(), where);
    assertEquals(core, d.coreDumped(), where);
    if (execve || column == Column.COMM) {
      assertEquals(name, d.victim().comm(), where);
    }
    if (shown && era != Era.NO_SIGINFO) {
      assertNotNull(d.sender(), where);
      assertEquals(sender, d.sender().pid(), where);
      assertEquals(uid, d.sender().uid(), where);
      assertEquals(code, d.siCode(), where);
      assertEquals(column == Column.COMM ? "bash" : null, d.sender().comm(), where);
    } else {
      assertNull(d.sender(), where);
    }
    EventTime t = d.time();
    switch (stamp) {
      case TTT, TTT_NS -> assertEquals(Instant.ofEpochSecond(seconds, stamp == Stamp.TTT ? nanos / 1000 * 1000 : nanos),
          t.wall(), where);
      case TTT_MS -> assertEquals(Instant.ofEpochSecond(seconds, nanos / 1_000_000 * 1_000_000), t.wall(), where);
      case TTT_S, T, T_R -> assertEquals(Instant.ofEpochSecond(seconds), t.wall(), where);
      case TT -> assertEquals(Instant.ofEpochSecond(seconds, nanos / 1000 * 1000), t.wall(), where);
      default -> assertEquals(EventTime.UNKNOWN, t, where);
    }
  }

  @FuzzTest(maxDuration = "40s")
  void anyInput_neverThrows(FuzzedDataProvider data) {
    String[] fragments = {"--- SIG", "+++ killed by SIG", "+++ exited with ", " {si_signo=SIGTERM, si_code=SI_USER",
        ", si_pid=", ", si_uid=", "} ---", " (core dumped) +++", "[pid ", "<... ", " resumed>", " <unfinished ...>",
        "execve(\"", "clone(", "CLONE_THREAD", ") = ", "kill(", "tgkill(", "exit_group(", "strace: Process ",
        " attached", "1795347114.684494 ", "11:31:55.520561 ", "     0.000123 ", "2658  ", "<sleep> ",
        " /* 4567 in strace's PID NS */", "CLD_KILLED", ", si_status=SIGKILL", "\\303\\251", "\""};
    List<String> lines = Hostile.lines(data, fragments, 200, 8, 12);
    List<LogRecord> records = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      records.add(LogRecord.plain(i % 2 == 0 ? "out.77" : "fuzz", i + 1, lines.get(i)));
    }
    Collect c = Collect.run(StraceParserTest.parser("out.77", Map.of()), records);
    for (KillEvent e : c.events) {
      assertFalse(e.evidence().isEmpty());
    }
    Report report = KillForensics.analyze(lines);
    Hostile.noFailure(report);
    assertEquals(lines.size(), report.linesRead());
  }

  private static String name(FuzzedDataProvider data) {
    if (data.consumeBoolean()) {
      return data.pickValue(HOSTILE_NAMES);
    }
    String s = data.consumeString(20).replace('/', '_').replace('\0', '_');
    return s.isEmpty() ? "x" : s;
  }

  /** A pid column as strace prints it; {@code -Y}'s name escaped as strace escapes it. */
  static String leader(Column column, long pid, String name) {
    return switch (column) {
      case NONE -> "";
      case FILE -> String.format("%-5d ", pid);
      case BRACKET -> String.format("[pid %5d] ", pid);
      case COMM -> pid + "<" + escapeComm(name) + "> ";
    };
  }

  static String stamp(Stamp stamp, long seconds, long nanos) {
    LocalDateTime utc = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    String hms = String.format("%02d:%02d:%02d", utc.getHour(), utc.getMinute(), utc.getSecond());
    return switch (stamp) {
      case NONE -> "";
      case T -> hms + " ";
      case TT -> hms + String.format(".%06d ", nanos / 1000);
      case TTT -> seconds + String.format(".%06d ", nanos / 1000);
      case TTT_MS -> seconds + String.format(".%03d ", nanos / 1_000_000);
      case TTT_NS -> seconds + String.format(".%09d ", nanos);
      case TTT_S -> seconds + " ";
      case R -> String.format("%6d.%06d ", seconds % 7, nanos / 1000);
      case T_R -> hms + String.format(" (+%6d.%06d) ", seconds % 7, nanos / 1000);
    };
  }

  static String delivery(Era era, Signal sig, String code, long sender, int uid, String senderComm) {
    String pid = sender + (senderComm == null ? "" : "<" + senderComm + ">");
    String info = "{si_signo=" + sig.name() + ", si_code=" + code + ", si_pid=" + pid + ", si_uid=" + uid
        + (code.equals("SI_QUEUE") ? ", si_int=42, si_ptr=0x2a" : "") + "}";
    return switch (era) {
      case MODERN -> "--- " + sig.name() + " " + info + " ---";
      case NO_SIGINFO -> "--- " + sig.name() + " (Terminated) @ 0 (0) ---";
      case SIGINFO_FIRST -> "--- " + info + " (Some signal) ---";
    };
  }

  /** A path as strace quotes it: {@code \"}, {@code \\}, {@code \n}, {@code \t}, octal for other bytes. */
  static String escape(String s) {
    StringBuilder b = new StringBuilder();
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c >= 0x7f) {
            b.append('\\').append(String.format("%03o", c));
          } else {
            b.append((char) c);
          }
        }
      }
    }
    return b.toString();
  }

  /** A name as {@code -Y} prints it: quoted-string escapes, and {@code <} and {@code >} too. */
  static String escapeComm(String s) {
    StringBuilder b = new StringBuilder();
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if (c == '<' || c == '>' || c == '\\' || c < 0x20 || c >= 0x7f) {
        b.append('\\').append(String.format("%03o", c));
      } else {
        b.append((char) c);
      }
    }
    return b.toString();
  }
}
