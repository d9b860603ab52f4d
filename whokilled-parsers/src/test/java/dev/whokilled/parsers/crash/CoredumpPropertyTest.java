package dev.whokilled.parsers.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.whokilled.Death;
import dev.whokilled.KillForensics;
import dev.whokilled.Report;
import dev.whokilled.Verdict;
import dev.whokilled.event.Crash;
import dev.whokilled.event.KillEvent;
import dev.whokilled.event.Signal;
import dev.whokilled.parsers.testing.Hostile;
import dev.whokilled.parsers.testing.JsonText;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Property tests of the systemd-coredump and coredumpctl grammars: crashes generated from structure (hostile
 * names, every message form, stacks of several threads, list tables of every column era, info blocks), rendered
 * in the framings they travel in (journalctl short with indented continuation lines, journal JSON, rsyslog with
 * {@code #012}, one syslog line per line, a paste), parse back to the same fields; arbitrary input never throws.
 */
final class CoredumpPropertyTest {

  /** Names as /proc gives them to systemd-coredump (at most 15 bytes). */
  static final String[] HOSTILE_NAMES = {
    "python", "a) of user (b", "x (y)", "qemu-system-x86", "Web Content", ".nfs00000000c08", "[kworker]",
    "q\"uote'\\", "%s%n", "\u00e9t\u00e9", "\u6d4b\u8bd5", "dumped core.", "PID: 1 (x)", "Stack trace of "
  };

  enum Kind { DUMPED, PROCESSING_THEN_DUMPED, NOT_DUMPED, OLDEST, ABRT, LIST_COREFILE, LIST_SIZE, LIST_PRESENT,
    INFO }

  enum Frame { JOURNAL_SHORT, JOURNAL_JSON, RSYSLOG_012, SYSLOG_LINES, PASTE }

  /** One crash, as generated. */
  record Dump(Kind kind, long pid, String comm, int uid, Signal signal, List<List<String>> threads,
      Instant when) {}

  private static final Signal[] SIGNALS = {Signal.SIGSEGV, Signal.SIGABRT, Signal.SIGBUS, Signal.SIGILL,
    Signal.SIGFPE, Signal.SIGQUIT, Signal.SIGTRAP, Signal.SIGSYS};

  @FuzzTest(maxDuration = "40s")
  void generatedDumps_parseBack(FuzzedDataProvider data) {
    Frame frame = data.pickValue(Frame.values());
    int count = data.consumeInt(1, 3);
    List<Dump> dumps = new ArrayList<>();
    long pid = 0;
    Instant when = Instant.ofEpochSecond(data.consumeLong(1_000_000_000L, 2_000_000_000L));
    for (int i = 0; i < count; i++) {
      pid = (i == 0 ? 2 : pid + 1) + data.consumeLong(0, 4_000_000L);
      Kind kind = data.pickValue(Kind.values());
      List<List<String>> threads = new ArrayList<>();
      int nThreads = kind.ordinal() <= Kind.NOT_DUMPED.ordinal() || kind == Kind.INFO ? data.consumeInt(0, 3) : 0;
      for (int t = 0; t < nThreads; t++) {
        List<String> frames = new ArrayList<>();
        int n = data.consumeInt(t == 0 ? 1 : 0, 40);
        for (int k = 0; k < n; k++) {
          frames.add(String.format(Locale.ROOT, "#%-2d 0x%016x %s (%s + 0x%x)", k, data.consumeLong(1, Long.MAX_VALUE),
              data.pickValue(new String[] {"n/a", "raise", "abort", "_ZN4rocr4core7RuntimeEv"}),
              data.pickValue(new String[] {"libc.so.6", "python3.13", "/app/my lib.so"}), data.consumeInt(0, 1 << 24)));
        }
        threads.add(frames);
      }
      dumps.add(new Dump(kind, pid, name(data, frame), data.consumeInt(0, 65535), data.pickValue(SIGNALS), threads,
          when));
      when = when.plusSeconds(30 + data.consumeInt(0, 1000));
    }
    List<String> lines = new ArrayList<>();
    lines.add("-- Logs begin at Sun 2021-01-24 13:47:27 EST. --");
    for (Dump d : dumps) {
      lines.addAll(render(d, frame));
    }
    Report report = KillForensics.analyze(lines);
    List<Crash> crashes = new ArrayList<>();
    for (Death death : report.deaths()) {
      for (KillEvent e : death.events()) {
        crashes.add((Crash) e);
      }
    }
    crashes.sort(Comparator.comparingLong(c -> c.evidence().get(0).line()));
    String where = frame + " " + lines;
    assertEquals(dumps.size(), crashes.size(), () -> "crashes from " + where);
    for (int i = 0; i < dumps.size(); i++) {
      check(dumps.get(i), crashes.get(i), where);
    }
  }

  private static void check(Dump d, Crash c, String where) {
    assertEquals(d.pid(), c.victim().pid(), where);
    boolean list = d.kind() == Kind.LIST_COREFILE || d.kind() == Kind.LIST_SIZE || d.kind() == Kind.LIST_PRESENT;
    if (!list) {
      assertEquals(d.comm(), c.victim().comm(), where);
    }
    if (d.kind() != Kind.OLDEST) {
      assertEquals(d.uid(), c.victim().uid(), where);
    }
    Signal expected = switch (d.kind()) {
      case DUMPED, NOT_DUMPED, OLDEST -> null;
      default -> d.signal();
    };
    assertEquals(expected, c.signal(), where);
    Boolean dumped = switch (d.kind()) {
      case NOT_DUMPED -> Boolean.FALSE;
      default -> Boolean.TRUE;
    };
    assertEquals(dumped, c.coreDumped(), where);
    if (list || d.kind() == Kind.INFO) {
      assertEquals(d.when(), c.time().wall(), where);
    }
    List<String> first = d.threads().isEmpty() ? List.of() : d.threads().get(0);
    assertEquals(first.subList(0, Math.min(first.size(), CoredumpParser.MAX_FRAMES)), c.stack(), where);
    if (!first.isEmpty()) {
      assertEquals(CoredumpText.frame(first.get(0)).ip(), c.ip(), where);
    }
  }

  static List<String> render(Dump d, Frame frame) {
    String head = "Process " + d.pid() + " (" + d.comm() + ") of user " + d.uid();
    List<String> message = new ArrayList<>();
    List<String> before = new ArrayList<>();
    switch (d.kind()) {
      case DUMPED, PROCESSING_THEN_DUMPED -> message.add(head + " dumped core.");
      case NOT_DUMPED -> message.add(head + " terminated abnormally without generating a coredump.");
      case OLDEST -> message.add("Process " + d.pid() + " (" + d.comm() + ") dumped core.");
      case ABRT -> {
        return List.of(syslog(d.when(), "abrt-hook-ccpp", 77, head + " killed by " + d.signal().name()
            + " - dumping core", frame));
      }
      case LIST_COREFILE, LIST_SIZE, LIST_PRESENT -> {
        return list(d);
      }
      case INFO -> {
        return info(d);
      }
      default -> throw new AssertionError(d.kind());
    }
    if (d.kind() == Kind.PROCESSING_THEN_DUMPED) {
      before.add(syslog(d.when(), "systemd-coredump", 100, head + " terminated abnormally with signal "
          + d.signal().number() + "/" + d.signal().shortName() + ", processing...", frame));
      before.add(syslog(d.when(), "systemd", 1, "Started Process Core Dump (PID 100/UID 0).", frame));
    }
    for (List<String> thread : d.threads()) {
      message.add("");
      message.add("Stack trace of thread " + (d.pid() + message.size()) + ":");
      message.addAll(thread);
    }
    Instant at = d.kind() == Kind.PROCESSING_THEN_DUMPED ? d.when().plusSeconds(20) : d.when();
    List<String> out = new ArrayList<>(before);
    switch (frame) {
      case JOURNAL_SHORT -> {
        String first = syslog(at, "systemd-coredump", 101, message.get(0), frame);
        out.add(first);
        String pad = " ".repeat(first.indexOf(message.get(0)));
        for (String m : message.subList(1, message.size())) {
          out.add(pad + m);
        }
      }
      case RSYSLOG_012 -> out.add(syslog(at, "systemd-coredump", 101, String.join("#012", message), frame));
      case JOURNAL_JSON -> out.add("{\"__REALTIME_TIMESTAMP\":\"" + (at.getEpochSecond() * 1_000_000L)
          + "\",\"_TRANSPORT\":\"journal\",\"SYSLOG_IDENTIFIER\":\"systemd-coredump\",\"_PID\":\"101\","
          + "\"MESSAGE\":" + JsonText.quote(String.join("\n", message), false) + "}");
      case SYSLOG_LINES -> {
        for (String m : message) {
          out.add(syslog(at, "systemd-coredump", 101, m, frame));
        }
      }
      case PASTE -> out.addAll(message);
      default -> throw new AssertionError(frame);
    }
    return out;
  }

  private static List<String> list(Dump d) {
    String stamp = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm:ss", Locale.ROOT)
        .format(d.when().atOffset(ZoneOffset.UTC)) + " UTC";
    return switch (d.kind()) {
      case LIST_COREFILE -> List.of("TIME                            PID   UID   GID SIG COREFILE  EXE",
          String.format(Locale.ROOT, "%s %7d %5d %5d %3d present  /usr/bin/%s", stamp, d.pid(), d.uid(), d.uid(),
              d.signal().number(), "app"));
      case LIST_SIZE -> List.of("TIME                           PID  UID  GID SIG     COREFILE EXE            SIZE",
          String.format(Locale.ROOT, "%s %d %d %d %s present  /usr/bin/my app  1.8M", stamp, d.pid(), d.uid(),
              d.uid(), d.signal().name()));
      case LIST_PRESENT -> List.of("TIME                            PID   UID   GID SIG PRESENT EXE",
          String.format(Locale.ROOT, "%s %7d %5d %5d %3d * /usr/bin/app", stamp, d.pid(), d.uid(), d.uid(),
              d.signal().number()));
      default -> throw new AssertionError(d.kind());
    };
  }

  private static List<String> info(Dump d) {
    String stamp = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm:ss", Locale.ROOT)
        .format(d.when().atOffset(ZoneOffset.ofHours(2))) + " CEST";
    List<String> out = new ArrayList<>(List.of(
        "           PID: " + d.pid() + " (" + d.comm() + ")",
        "           UID: " + d.uid() + " (someone)",
        "        Signal: " + d.signal().number() + " (" + d.signal().shortName() + ")",
        "     Timestamp: " + stamp + " (17h ago)",
        "  Command Line: /usr/bin/app --flag",
        "       Storage: /var/lib/systemd/coredump/core.app.1000.0.1.zst (present)",
        "       Message: Process " + d.pid() + " (" + d.comm() + ") of user " + d.uid() + " dumped core."));
    for (List<String> thread : d.threads()) {
      out.add("");
      out.add("                Stack trace of thread 9:");
      for (String f : thread) {
        out.add("                " + f);
      }
    }
    out.add("");
    return out;
  }

  private static String syslog(Instant at, String ident, long pid, String message, Frame frame) {
    String stamp = DateTimeFormatter.ofPattern("MMM dd HH:mm:ss", Locale.ROOT).format(at.atOffset(ZoneOffset.UTC));
    if (frame == Frame.RSYSLOG_012) {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atOffset(ZoneOffset.UTC)) + " host " + ident + "["
          + pid + "]: " + message;
    }
    return stamp + " host " + ident + "[" + pid + "]: " + message;
  }


  /**
   * A hostile name the framing can carry: rsyslog turns {@code #NNN} into a byte, and a paste is unframed first
   * (a name is never at the start of a line there, so any name is fine).
   */
  private static String name(FuzzedDataProvider data, Frame frame) {
    String n = data.consumeBoolean() ? data.pickValue(HOSTILE_NAMES)
        : data.consumeAsciiString(15).replaceAll("[^A-Za-z0-9 \\[\\]():._+,=@'-]", "x").strip();
    if (n.isEmpty()) {
      n = "x";
    }
    if (frame == Frame.RSYSLOG_012 && n.indexOf('#') >= 0) {
      n = "x";
    }
    return n;
  }

  @FuzzTest(maxDuration = "40s")
  void anyInput_neverThrows(FuzzedDataProvider data) {
    List<String> lines = new ArrayList<>();
    while (data.remainingBytes() > 0 && lines.size() < 200) {
      if (data.consumeBoolean()) {
        String[] fragments = {"Process ", " (", ") of user ", " dumped core.", " terminated abnormally with signal ",
            "/ABRT, processing...", " killed by SIG", " - dumping core", "Stack trace of thread ", "#0  0x",
            " (libc.so.6 + 0x", "Module ", "Metadata for module x owned by FDO found: {", "}", "PID: ", "UID: ",
            "Signal: ", "Timestamp: Tue 2015-05-19 15:07:00 CEST", "Storage: ", "Message: ", "Coredump:",
            "TIME PID UID GID SIG COREFILE EXE SIZE", "MTIME PID UID GID SIG PRESENT EXE",
            "Mon 2015-05-18 11:55:13 CEST ", " present ", " * ", "Jan 09 18:57:12 host systemd-coredump[1]: ",
            "#012", "                 "};
        lines.add(data.pickValue(fragments) + data.consumeString(40) + data.pickValue(fragments)
            + data.consumeString(20) + data.pickValue(fragments) + data.consumeString(20));
      } else {
        lines.add(data.consumeString(300));
      }
    }
    Report report = KillForensics.analyze(lines);
    Hostile.noFailure(report);
    assertNotNull(report);
    for (Death d : report.deaths()) {
      for (Verdict v : d.verdicts()) {
        assertTrue(v.confidence() >= 0 && v.confidence() <= 1, v.toString());
      }
    }
    assertEquals(lines.size(), report.linesRead());
  }
}
