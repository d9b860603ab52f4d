package dev.whokilled.parsers.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.whokilled.KillForensics;
import dev.whokilled.Report;
import dev.whokilled.event.KillEvent;
import dev.whokilled.event.OomKill;
import dev.whokilled.event.Signal;
import dev.whokilled.event.SignalDelivery;
import dev.whokilled.event.Suspect;
import dev.whokilled.parsers.testing.Collect;
import dev.whokilled.spi.KillParserProvider;
import dev.whokilled.parsers.testing.Hostile;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Property tests of the tracers' grammars: sends rendered as killsnoop (bcc, bpftrace), sigsnoop (old and new
 * libbpf-tools), sigmon.stp (with and without its time column) and oomkill lines, and commands as lastcomm and
 * dump-acct print them, parse back to the same fields; arbitrary input never throws. Jazzer replays the seeds
 * in {@code src/test/resources/.../TracePropertyTestInputs} in every build and fuzzes in CI.
 */
final class TracePropertyTest {

  /** Command names (at most 15 characters): spaces, digits, signal-like words, brackets, quotes. */
  static final String[] HOSTILE_NAMES = {
    "bash", "k 15 99", "my app 9 1234 0", "SIGKILL", "9", "a.out", "(sd-pam)", "[kworker/0:1]", "x\"), 5 pages",
    "systemd-udevd", "php-fpm: pool w", "N/A", "-3", "gunpowder-memho", "q\"uote'", "\u00e9t\u00e9", "a  b"
  };

  enum Tool {
    BCC_KILLSNOOP, BPFTRACE_KILLSNOOP, SIGSNOOP_OLD, SIGSNOOP_NEW, SIGMON, SIGMON_TIME, OOMKILL, SIGKILL_STP,
    DEATHWATCH
  }

  static final Signal[] SIGNALS = {Signal.SIGHUP, Signal.SIGINT, Signal.SIGKILL, Signal.SIGUSR1, Signal.SIGSEGV,
    Signal.SIGTERM, Signal.SIGABRT, Signal.SIGXCPU, Signal.SIGPIPE, Signal.SIGQUIT};

  @FuzzTest(maxDuration = "40s")
  void generatedSends_parseBack(FuzzedDataProvider data) {
    Tool tool = data.pickValue(Tool.values());
    long pid = data.consumeLong(1, 4_194_304L);
    long tpid = data.consumeLong(1, 4_194_304L);
    String comm = name(data);
    String tcomm = name(data);
    boolean blankTarget = data.consumeBoolean();
    Signal sig = data.pickValue(SIGNALS);
    boolean names = data.consumeBoolean();
    long seconds = data.consumeLong(1_000_000_000L, 2_000_000_000L);
    LocalDateTime utc = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    String hms = String.format("%02d:%02d:%02d", utc.getHour(), utc.getMinute(), utc.getSecond());
    String sigText = names ? sig.name() : Integer.toString(sig.number());
    List<String> lines = new ArrayList<>();
    KillParserProvider provider = new BccProvider();
    switch (tool) {
      case BCC_KILLSNOOP -> {
        lines.add(String.format("%-9s %-6s %-16s %-4s %-6s %s", "TIME", "PID", "COMM", "SIG", "TPID", "RESULT"));
        lines.add(String.format("%-9s %-6d %-16s %-4d %-6d %d", hms, pid, comm, sig.number(), tpid, 0));
      }
      case BPFTRACE_KILLSNOOP -> {
        lines.add("Tracing kill() signals... Hit Ctrl-C to end.");
        lines.add(String.format("%-15s %7s %-16s %4s %6s %s", "TIME", "PID", "COMM", "SIG", "TPID", "RESULT"));
        lines.add(String.format("%-15s %7d %-16s %4d %6d %6d", hms + ".123456", pid, comm, sig.number(), tpid, 0));
      }
      case SIGSNOOP_OLD -> {
        lines.add(String.format("%-8s %-7s %-16s %-9s %-7s %-6s", "TIME", "PID", "COMM", "SIG", "TPID", "RESULT"));
        lines.add(String.format("%-8s %-7d %-16s %-9s %-7d %-6d", hms, pid, comm, sigText, tpid, 0));
      }
      case SIGSNOOP_NEW -> {
        lines.add(String.format("%-8s %-7s %-16s %-12s %-7s %-16s %-6s", "TIME", "PID", "COMM", "SIG", "TPID", "TCOMM",
            "RESULT"));
        lines.add(String.format("%-8s %-7d %-16s %-12s %-7d %-16s %-6d", hms, pid, comm, sigText, tpid,
            blankTarget ? "" : tcomm, 0));
      }
      case SIGMON -> {
        provider = new SystemtapProvider();
        lines.add(String.format("%-8s %-16s %-5s %-16s %6s %-16s", "SPID", "SNAME", "RPID", "RNAME", "SIGNUM",
            "SIGNAME"));
        lines.add(String.format("%-8d %-16s %-5d %-16s %-6d %-16s", pid, comm, tpid, tcomm, sig.number(), sig.name()));
      }
      case SIGMON_TIME -> {
        provider = new SystemtapProvider();
        lines.add(String.format("%-30s%-8s %-16s %-8s %-16s %6s %-16s", "TIME", "SPID", "SNAME", "RPID", "RNAME",
            "SIGNUM", "SIGNAME"));
        String ctime = ctime(utc, hms);
        lines.add(String.format("%-30s%-8d %-16s %-8d %-16s %6d %-16s", ctime, pid, comm, tpid, tcomm, sig.number(),
            sig.name()));
      }
      case OOMKILL -> lines.add(String.format("%s Triggered by PID %d (\"%s\"), OOM kill of PID %d (\"%s\"), %d pages,"
          + " loadavg: 0.99 0.39 0.30 3/282 22724", hms, pid, comm, tpid, tcomm, data.consumeLong(0, 1L << 40)));
      case SIGKILL_STP -> {
        provider = new SystemtapProvider();
        comm = comm.replace("(pid:", "(pid_"); // a name holding " (pid:N) by " cannot be told from the sentence
        tcomm = tcomm.replace("(pid:", "(pid_");
        lines.add(sig.name() + " was sent to " + tcomm + " (pid:" + tpid + ") by " + comm + " (pid:" + pid
            + ") uid:" + (pid % 65536) + " using send_signal");
      }
      case DEATHWATCH -> {
        provider = new SystemtapProvider();
        // the probes' own words in a name cannot be told from the line's structure
        comm = comm.replace("(pid:", "(pid_").replace(" called kill", " called_kill");
        tcomm = tcomm.replace("(pid:", "(pid_").replace(" - Code ", " - Code_");
        String ctime = ctime(utc, hms);
        lines.add(ctime + " UTC: sys.kill: " + comm + "(pid:" + pid + ") called kill(" + tpid + ", " + sig.name() + ")");
        lines.add(ctime + " UTC: sig.send: " + sig.name() + " was sent to " + tcomm + " (pid:" + tpid + ") by uid:"
            + (pid % 65536) + " using signal_generate");
        lines.add(ctime + " UTC: kprocess.exit: " + tcomm + "(pid:" + tpid + ") - Code " + sig.number() + " - \"x\"");
      }
      default -> throw new AssertionError(tool);
    }
    Collect c = Feed.run(provider, Map.of("date", utc.toLocalDate().toString(), "zone", "UTC"),
        lines.toArray(new String[0]));
    String where = tool + " " + lines;
    assertEquals(1, c.events.size(), where);
    if (tool == Tool.OOMKILL) {
      OomKill k = c.only(OomKill.class);
      assertEquals(tpid, k.victim().pid(), where);
      assertEquals(tcomm, k.victim().comm(), where);
      assertEquals(pid, k.trigger().pid(), where);
      assertEquals(comm, k.trigger().comm(), where);
      assertEquals(Instant.ofEpochSecond(seconds), k.time().wall(), where);
      return;
    }
    SignalDelivery d = c.only(SignalDelivery.class);
    assertEquals(tpid, d.victim().pid(), where);
    assertEquals(sig, d.signal(), where);
    assertEquals(pid, d.sender().pid(), where);
    boolean sentence = tool == Tool.SIGKILL_STP || tool == Tool.DEATHWATCH;
    assertEquals(sentence ? comm : comm.trim(), d.sender().comm(), where);
    assertEquals(tool == Tool.DEATHWATCH, d.fatal(), where);
    if (sentence) {
      assertEquals((int) (pid % 65536), d.sender().uid(), where);
    }
    boolean targetNamed = tool == Tool.SIGMON || tool == Tool.SIGMON_TIME || tool == Tool.SIGSNOOP_NEW && !blankTarget
        || sentence;
    assertEquals(targetNamed ? (sentence ? tcomm : tcomm.trim()) : null, d.victim().comm(), where);
    if (tool == Tool.SIGMON || tool == Tool.SIGKILL_STP) {
      assertNull(d.time().wall(), where); // sigmon.stp prints no time
    } else {
      assertEquals(Instant.ofEpochSecond(seconds), d.time().wall().minusNanos(d.time().wall().getNano()), where);
    }
  }

  @FuzzTest(maxDuration = "40s")
  void generatedAccounting_parseBack(FuzzedDataProvider data) {
    String comm = data.pickValue(LastcommParser.SENDERS.toArray(new String[0]));
    boolean numeric = data.consumeBoolean();
    int uid = data.consumeInt(0, 65535);
    String user = numeric ? Integer.toString(uid) : data.pickValue(new String[] {"root", "nobody", "www-data", "u"});
    String tty = data.pickValue(new String[] {"__", "pts/0", "pts/12", "tty1", "?"});
    String flags = data.pickValue(new String[] {"     ", "S    ", " F   ", "S   X", "SF DX"});
    long seconds = data.consumeLong(1_000_000_000L, 2_000_000_000L);
    boolean dump = data.consumeBoolean();
    long pid = data.consumeLong(1, 4_194_304L);
    LocalDateTime utc = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    String day = utc.getDayOfWeek().name().charAt(0) + utc.getDayOfWeek().name().substring(1, 3).toLowerCase(
        java.util.Locale.ROOT);
    String month = utc.getMonth().name().charAt(0) + utc.getMonth().name().substring(1, 3).toLowerCase(
        java.util.Locale.ROOT);
    String line;
    if (dump) {
      line = String.format("%-16s|v3|%9.2f|%9.2f|%9.2f|%6d|%6d|%9.2f|%9.2f|%8d|%8d|%s|%8d|%-8s|%s %s %2d %02d:%02d:%02d %d",
          comm, 0.0, 0.0, 20.0, uid, uid, 2920.0, 1302.0, pid, pid + 1, flags, 0, tty, day, month,
          utc.getDayOfMonth(), utc.getHour(), utc.getMinute(), utc.getSecond(), utc.getYear());
    } else {
      line = String.format("%-16s %s %-8.8s %-8.8s %6.2f secs %s %s %2d %02d:%02d", comm, flags, user, tty,
          data.consumeInt(0, 9999) / 100.0, day, month, utc.getDayOfMonth(), utc.getHour(), utc.getMinute());
    }
    Collect c = Feed.run(new LastcommProvider(), Map.of("year", Integer.toString(utc.getYear()), "zone", "UTC"), line);
    Suspect d = c.only(Suspect.class);
    assertEquals(Suspect.Type.COMMAND, d.type(), line);
    assertEquals(comm, d.who().comm(), line);
    if (dump) {
      assertEquals(pid, d.who().pid(), line);
      assertEquals(uid, d.who().uid(), line);
      assertEquals(Instant.ofEpochSecond(seconds), d.time().wall(), line);
    } else {
      assertNull(d.who().pid(), line);
      assertEquals(numeric ? Integer.valueOf(uid) : null, d.who().uid(), line);
      assertEquals(Instant.ofEpochSecond(seconds - utc.getSecond()), d.time().wall(), line);
      assertEquals(user.strip(), d.user(), line);
    }
  }

  @FuzzTest(maxDuration = "40s")
  void anyInput_neverThrows(FuzzedDataProvider data) {
    String[] fragments = {"TIME      PID    COMM             SIG  TPID   RESULT",
        "TIME     PID     COMM             SIG          TPID    TCOMM            RESULT",
        "SPID     SNAME            RPID  RNAME            SIGNUM SIGNAME", "TIME ", "12:10:51  ", "00:09:37.345938 ",
        " was sent to ", " (pid:", ") by ", " uid:", " using ", "sig.send: ", "sys.kill: ", " called kill(",
        "kprocess.exit: ", " - Code ", "Triggered by PID ", "Trigger by PID ", " (\"", "\"), OOM kill of PID ",
        "\"), ", " pages", " secs ", "Sun Nov 22 10:00", "|v3|", "|", "SIGKILL", " 9 ", " 0", " -3",
        "Wed Nov  2 14:21:15 2016 "};
    List<String> lines = Hostile.lines(data, fragments, 200, 8, 12);
    for (KillParserProvider p : List.of(new BccProvider(), new SystemtapProvider(), new LastcommProvider())) {
      Collect c = Feed.run(p, lines.toArray(new String[0]));
      for (KillEvent e : c.events) {
        assertFalse(e.evidence().isEmpty());
      }
    }
    Report report = KillForensics.analyze(lines);
    Hostile.noFailure(report);
    assertEquals(lines.size(), report.linesRead());
  }

  /** {@code Wed Nov  2 14:21:15 2016}. */
  static String ctime(LocalDateTime utc, String hms) {
    return String.format("%s %s %2d %s %d", utc.getDayOfWeek().name().charAt(0)
        + utc.getDayOfWeek().name().substring(1, 3).toLowerCase(java.util.Locale.ROOT),
        utc.getMonth().name().charAt(0) + utc.getMonth().name().substring(1, 3).toLowerCase(java.util.Locale.ROOT),
        utc.getDayOfMonth(), hms, utc.getYear());
  }

  private static String name(FuzzedDataProvider data) {
    if (data.consumeBoolean()) {
      return data.pickValue(HOSTILE_NAMES);
    }
    String s = data.consumeAsciiString(15).replaceAll("[^\\x21-\\x7e ]", "x").trim();
    return s.isEmpty() ? "x" : s;
  }
}
