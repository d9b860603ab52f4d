package dev.whokilled.parsers.audit;

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
import dev.whokilled.event.SignalDelivery;
import dev.whokilled.parsers.testing.Collect;
import dev.whokilled.parsers.testing.Hostile;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Property tests of the audit grammar: signal sends and abnormal ends generated from structure (every
 * architecture and send syscall, process groups, lost target records, probes and failed sends, hostile names the
 * kernel hex-encodes), rendered as the raw log, the enriched log, the kernel's printk, {@code node=} relays,
 * {@code ausearch -i} in several locales and the journal, with the records of different events interleaved,
 * parse back to the same senders and victims; arbitrary input never throws. Jazzer replays the seeds in
 * {@code src/test/resources/.../AuditPropertyTestInputs} in every build and fuzzes in CI ({@code JAZZER_FUZZ=1}).
 */
final class AuditPropertyTest {

  /** Names a process may have (comm, up to 15 bytes): spaces, quotes, brackets, '=' and separators, UTF-8. */
  static final String[] HOSTILE_NAMES = {
    "sleep", "python3", "my sleep (x)", "kill\"er x", " lead", "trail ", "a=b c=d", "comm=x", "[kworker/0:1]",
    "\u00e9t\u00e9", "\u6d4b\u8bd5", "x\\y", "ocomm=\"z\"", "(sd-pam)", "a:b=c", "%s%n", "deadbeef", "#035ARCH=x",
    "^]OAUID=y", "tab\there", "key=(null)", "sig=9 res=1", "0x1f", "SIGKILL", "----", "time->x"
  };

  enum Form { RAW, ENRICHED, KERNEL, NODE, INTERPRETED, JOURNAL }

  enum DateStyle { MDY4, MDY2, ISO, DMY_DOT }

  /** An architecture: its audit number, its name in ausearch -i, and its kill-family numbers in Syscall order. */
  record Arch(String hex, String name, int... numbers) {}

  static final Arch[] ARCHES = {
    new Arch("c000003e", "x86_64", 62, 200, 234, 129, 297, 424),
    new Arch("40000003", "i386", 37, 238, 270, 178, 335, 424),
    new Arch("c00000b7", "aarch64", 129, 130, 131, 138, 240, 424),
    new Arch("40000028", "armeb", 37, 238, 268, 178, 363, 424),
    new Arch("c00000f3", "riscv64", 129, 130, 131, 138, 240, 424),
  };

  /** A process as the generator made it. */
  record Proc(long pid, String comm, int uid) {}

  /** One generated event: its records, and what the parser must report for it. */
  record Gen(List<String> records, List<String> expected) {}

  @FuzzTest(maxDuration = "40s")
  void generatedEvents_parseBack(FuzzedDataProvider data) {
    Form form = data.pickValue(Form.values());
    DateStyle style = data.pickValue(DateStyle.values());
    int count = data.consumeInt(1, 4);
    List<List<String>> events = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    long serial = data.consumeLong(1, 1L << 40);
    long ms = data.consumeLong(1_000_000_000_000L, 4_000_000_000_000L);
    for (int i = 0; i < count; i++) {
      serial += data.consumeInt(1, 1000);
      ms += data.consumeInt(0, 5000);
      Gen g = data.consumeBoolean() ? abend(data, form, style, serial, ms) : send(data, form, style, serial, ms);
      events.add(g.records());
      expected.addAll(g.expected());
    }
    List<String> lines = new ArrayList<>();
    boolean interleave = form != Form.INTERPRETED && form != Form.JOURNAL;
    if (interleave) {
      int[] next = new int[events.size()];
      int left = events.stream().mapToInt(List::size).sum();
      while (left > 0) {
        int e = data.consumeInt(0, events.size() - 1);
        while (next[e] >= events.get(e).size()) {
          e = (e + 1) % events.size();
        }
        lines.add(events.get(e).get(next[e]++));
        left--;
      }
    } else {
      for (List<String> e : events) {
        if (form == Form.INTERPRETED) {
          lines.add("----");
        }
        lines.addAll(e);
      }
    }
    Collect c = Collect.messages(new AuditParser(1000, new AuditTime(ZoneOffset.UTC, AuditTime.DateOrder.MDY)),
        lines.toArray(String[]::new));
    List<String> got = new ArrayList<>();
    for (KillEvent e : c.events) {
      got.add(describe(e, form != Form.JOURNAL));
    }
    got.sort(null);
    expected.sort(null);
    assertEquals(expected, got, () -> form + " " + String.join("\n", lines));
    assertEquals(List.of(), c.warnings);
  }

  @FuzzTest(maxDuration = "40s")
  void anyInput_neverThrows(FuzzedDataProvider data) {
    List<String> lines = new ArrayList<>();
    String[] fragments = {"type=SYSCALL msg=audit(", "type=OBJ_PID msg=audit(", "type=PROCTITLE msg=audit(",
        "type=ANOM_ABEND msg=audit(", "type=EOE msg=audit(", "audit: type=1300 audit(", "1318, audit(",
        "1514202775.088:351): ", "12/25/2017 16:39:35.088:351) : ", "2017-12-25 16:39:35.088:1) : ",
        "arch=c000003e syscall=62 success=yes ", "a0=ffffffff a1=9 ", "a0=0x5e03 a1=SIGKILL ", "opid=24067 ",
        "ocomm=\"python\"", "comm=6B696C6C ", "exe=", "proctitle=6B696C6C002D39", "\u001dARCH=x86_64 ", "#035",
        "sig=11 res=1", "SYSCALL arch=", "OBJ_PID opid=", "PROCTITLE proctitle=", "ANOM_ABEND auid=", "----",
        "time->", "node=h ", "uid=unknown(", "\"", "=", " : ", "UNKNOWN[", "pid=", "syscall=424 a0=3 "};
    lines.addAll(Hostile.lines(data, fragments, 200, 8, 30));
    Collect c = Collect.messages(new AuditParser(50, new AuditTime(ZoneOffset.UTC, AuditTime.DateOrder.MDY)),
        lines.toArray(String[]::new));
    assertNotNull(c);
    Report report = KillForensics.analyze(lines);
    Hostile.noFailure(report);
    for (Death d : report.deaths()) {
      for (Verdict v : d.verdicts()) {
        assertTrue(v.confidence() >= 0 && v.confidence() <= 1, v.toString());
      }
    }
    assertEquals(lines.size(), report.linesRead());
  }

  // ------------------------------------------------------------------ generation

  private static Gen send(FuzzedDataProvider data, Form form, DateStyle style, long serial, long ms) {
    Arch arch = data.pickValue(ARCHES);
    int which = data.consumeInt(0, 5);
    Syscall sc = Syscall.values()[which];
    Proc sender = proc(data, form);
    int sig = data.consumeInt(0, 10) == 0 ? 0 : data.consumeInt(1, 31);
    boolean failed = data.consumeInt(0, 10) == 0;
    List<Proc> targets = new ArrayList<>();
    long a0;
    long a1;
    long a2 = data.consumeLong(0, 1L << 40);
    boolean group = sc == Syscall.KILL && data.consumeBoolean();
    int n = group ? data.consumeInt(1, 3) : 1;
    for (int i = 0; i < n; i++) {
      Proc t = proc(data, form);
      targets.add(new Proc(t.pid() + i * 5_000_000L, t.comm(), t.uid())); // one OBJ_PID per process
    }
    boolean lost = !group && sc != Syscall.PIDFD_SEND_SIGNAL && form != Form.INTERPRETED && data.consumeBoolean();
    Proc first = targets.get(0);
    long tid = first.pid() + data.consumeInt(0, 3);
    switch (sc) {
      case KILL, RT_SIGQUEUEINFO -> {
        a0 = group ? data.pickValue(new long[] {0, -1, -first.pid()}) : first.pid();
        a1 = sig;
      }
      case TKILL -> {
        a0 = tid;
        a1 = sig;
      }
      case TGKILL, RT_TGSIGQUEUEINFO -> {
        a0 = first.pid();
        a1 = tid;
        a2 = sig;
      }
      default -> { // pidfd
        a0 = data.consumeInt(3, 1000);
        a1 = sig;
      }
    }
    if (sc == Syscall.TKILL && lost) {
      first = new Proc(tid, first.comm(), first.uid()); // without OBJ_PID the tid is all there is
    }
    List<String> out = new ArrayList<>();
    String stamp = stamp(form, style, ms, serial);
    String num = Integer.toString(arch.numbers()[which]);
    String a0hex = data.consumeBoolean() ? Long.toHexString(a0) : Long.toHexString(a0 & 0xffffffffL);
    String call;
    if (form == Form.INTERPRETED) {
      String sigText = sc == Syscall.KILL || sc == Syscall.TKILL || sc == Syscall.TGKILL
          ? (sig == 0 ? "SIG0" : dev.whokilled.event.Signal.fromNumber(sig).orElseThrow().name())
          : "0x" + Integer.toHexString(sig);
      String[] args = {"0x" + a0hex, "0x" + Long.toHexString(a1), "0x" + Long.toHexString(a2)};
      args[sc.signalArg()] = sigText;
      call = "type=SYSCALL msg=audit(" + stamp + ") : arch=" + arch.name() + " syscall=" + sc.auditName()
          + " success=" + (failed ? "no exit=EPERM(Operation not permitted)" : "yes exit=0") + " a0=" + args[0]
          + " a1=" + args[1] + " a2=" + args[2] + " a3=0x0 items=0 ppid=1 pid=" + sender.pid()
          + " auid=unset uid=" + user(sender.uid()) + " gid=root euid=" + user(sender.uid())
          + " suid=root fsuid=root egid=root sgid=root fsgid=root tty=pts0 ses=3 comm=" + sender.comm()
          + " exe=/usr/bin/x y key=k ";
    } else {
      call = prefix(form, "SYSCALL", "1300", stamp) + "arch=" + arch.hex() + " syscall=" + num + " success="
          + (failed ? "no exit=-1" : "yes exit=0") + " a0=" + a0hex + " a1=" + Long.toHexString(a1) + " a2="
          + Long.toHexString(a2) + " a3=0 items=0 ppid=1 pid=" + sender.pid() + " auid=4294967295 uid="
          + sender.uid() + " gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=3 comm="
          + untrusted(sender.comm()) + " exe=\"/usr/bin/x\" key=\"k\""
          + (form == Form.ENRICHED ? "\u001dARCH=" + arch.name() + " SYSCALL=" + sc.auditName()
              + " AUID=\"unset\" UID=\"root\"" : "");
    }
    List<String> objs = new ArrayList<>();
    if (!lost) {
      for (Proc t : targets) {
        objs.add(form == Form.INTERPRETED
            ? "type=OBJ_PID msg=audit(" + stamp + ") : opid=" + t.pid() + " oauid=unset ouid=" + user(t.uid())
                + " oses=-1 ocomm=" + t.comm() + " "
            : prefix(form, "OBJ_PID", "1318", stamp) + "opid=" + t.pid() + " oauid=-1 ouid=" + t.uid()
                + " oses=-1 ocomm=" + untrusted(t.comm()) + (form == Form.ENRICHED ? "\u001dOAUID=\"unset\"" : ""));
      }
    }
    String title = form == Form.INTERPRETED ? "type=PROCTITLE msg=audit(" + stamp + ") : proctitle=kill -9 1 "
        : prefix(form, "PROCTITLE", "1327", stamp) + "proctitle=6B696C6C002D390031";
    boolean withTitle = data.consumeBoolean();
    if (form == Form.INTERPRETED) {
      if (withTitle) {
        out.add(title);
      }
      for (int i = objs.size() - 1; i >= 0; i--) {
        out.add(objs.get(i));
      }
      out.add(call);
    } else {
      out.add(call);
      out.addAll(objs);
      if (withTitle || form == Form.JOURNAL) {
        out.add(title); // the journal's events end at their title, or at the next event
      }
      if (form != Form.JOURNAL && form != Form.KERNEL && data.consumeBoolean()) {
        out.add(prefix(form, "EOE", "1320", stamp));
      }
    }
    List<String> expected = new ArrayList<>();
    boolean delivered = !failed && sig != 0 && !(lost && sc == Syscall.PIDFD_SEND_SIGNAL);
    if (delivered) {
      List<Proc> victims = lost ? List.of(new Proc(sc == Syscall.TKILL ? tid : first.pid(), null, -1)) : targets;
      for (Proc v : victims) {
        expected.add(describe(v, sender, sig, form == Form.JOURNAL ? null : Instant.ofEpochMilli(ms)));
      }
    }
    return new Gen(out, expected);
  }

  private static Gen abend(FuzzedDataProvider data, Form form, DateStyle style, long serial, long ms) {
    Proc p = proc(data, form);
    int sig = data.pickValue(new int[] {3, 4, 5, 6, 7, 8, 11, 24, 25, 31});
    String stamp = stamp(form, style, ms, serial);
    String line = form == Form.INTERPRETED
        ? "type=ANOM_ABEND msg=audit(" + stamp + ") : auid=unset uid=" + user(p.uid()) + " gid=root ses=unset pid="
            + p.pid() + " comm=" + p.comm() + " exe=/usr/bin/x y sig="
            + dev.whokilled.event.Signal.fromNumber(sig).orElseThrow().name() + " res=yes "
        : prefix(form, "ANOM_ABEND", "1701", stamp) + "auid=4294967295 uid=" + p.uid() + " gid=0 ses=4294967295"
            + " pid=" + p.pid() + " comm=" + untrusted(p.comm()) + " exe=\"/usr/bin/x\" sig=" + sig + " res=1"
            + (form == Form.ENRICHED ? "\u001dAUID=\"unset\" UID=\"root\"" : "");
    String want = "crash " + p.pid() + "/" + p.comm() + "/" + p.uid() + " " + sig + " "
        + (form == Form.JOURNAL ? null : Instant.ofEpochMilli(ms));
    return new Gen(List.of(line), List.of(want));
  }

  private static Proc proc(FuzzedDataProvider data, Form form) {
    String comm;
    if (data.consumeBoolean()) {
      comm = data.pickValue(HOSTILE_NAMES);
    } else {
      comm = data.consumeString(15);
      if (comm.isEmpty()) {
        comm = "x";
      }
    }
    if (form == Form.INTERPRETED) {
      // ausearch prints names decoded: a name holding " exe=" or a line break cannot be told apart there
      comm = comm.replace(" exe=", " exe_").replaceAll("[\\p{Cntrl}\\uFFFD]", "_");
      if (comm.isEmpty() || comm.equals("(null)") || comm.equals("?")) {
        comm = "x";
      }
    } else {
      // lone surrogates become '?' in UTF-8; NULs cannot be in a comm
      comm = new String(comm.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).replace('\0', '0');
    }
    return new Proc(data.consumeLong(2, 4_194_304L), comm, data.consumeInt(0, 65535));
  }

  /** How the kernel writes an untrusted string: quoted, or hex when it holds a quote, space or control byte. */
  static String untrusted(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    boolean hex = false;
    for (byte x : b) {
      int v = x & 0xff;
      if (v == '"' || v < 0x21 || v > 0x7e) {
        hex = true;
        break;
      }
    }
    if (!hex) {
      return "\"" + s + "\"";
    }
    StringBuilder out = new StringBuilder();
    for (byte x : b) {
      out.append(String.format(Locale.ROOT, "%02X", x & 0xff));
    }
    return out.toString();
  }

  private static String user(int uid) {
    return uid == 0 ? "root" : Integer.toString(uid);
  }

  private static String stamp(Form form, DateStyle style, long ms, long serial) {
    if (form == Form.JOURNAL) {
      return "";
    }
    Instant t = Instant.ofEpochMilli(ms);
    if (form != Form.INTERPRETED) {
      return t.getEpochSecond() + "." + String.format(Locale.ROOT, "%03d", ms % 1000) + ":" + serial;
    }
    String pattern = switch (style) {
      case MDY4 -> "MM/dd/yyyy";
      case MDY2 -> "MM/dd/yy";
      case ISO -> "yyyy-MM-dd";
      case DMY_DOT -> "dd.MM.yyyy";
    };
    return DateTimeFormatter.ofPattern(pattern + " HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC).format(t)
        + ":" + serial;
  }

  private static String prefix(Form form, String name, String number, String stamp) {
    return switch (form) {
      case RAW, ENRICHED -> "type=" + name + " msg=audit(" + stamp + "): ";
      case NODE -> "node=host-1.example type=" + name + " msg=audit(" + stamp + "): ";
      case KERNEL -> "audit: type=" + number + " audit(" + stamp + "): ";
      case JOURNAL -> name + " ";
      case INTERPRETED -> throw new IllegalArgumentException("interpreted records are rendered apart");
    };
  }

  private static String describe(Proc victim, Proc sender, int sig, Instant time) {
    return "send " + victim.pid() + "/" + victim.comm() + "/" + (victim.uid() < 0 ? null : victim.uid()) + " by "
        + sender.pid() + "/" + sender.comm() + "/" + sender.uid() + " " + sig + " " + time;
  }

  private static String describe(KillEvent e, boolean timed) {
    if (e instanceof Crash k) {
      return "crash " + k.victim().pid() + "/" + k.victim().comm() + "/" + k.victim().uid() + " "
          + k.signal().number() + " " + (timed ? k.time().wall() : null);
    }
    SignalDelivery s = (SignalDelivery) e;
    return "send " + s.victim().pid() + "/" + s.victim().comm() + "/" + s.victim().uid() + " by "
        + s.sender().pid() + "/" + s.sender().comm() + "/" + s.sender().uid() + " " + s.signal().number() + " "
        + (timed ? s.time().wall() : null);
  }
}
