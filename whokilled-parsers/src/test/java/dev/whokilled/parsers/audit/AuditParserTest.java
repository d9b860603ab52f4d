package dev.whokilled.parsers.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.event.Crash;
import dev.whokilled.event.CrashType;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.Observer;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.event.SignalDelivery;
import dev.whokilled.framing.Format;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.framing.Origin;
import dev.whokilled.parsers.testing.Collect;
import dev.whokilled.spi.ParserContext;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The audit grammar, record by record, with lines captured on this project's VM and found in public logs. */
final class AuditParserTest {

  static final String GS = "\u001d";

  static AuditParser parser() {
    return new AuditParser(1000, new AuditTime(ZoneOffset.UTC, AuditTime.DateOrder.MDY));
  }

  static Collect run(String... messages) {
    return Collect.messages(parser(), messages);
  }

  static LogRecord framed(long line, String message, Origin origin, String identifier, Long pid,
      EventTime time) {
    return new LogRecord("test", line, message, message, Format.SYSLOG, origin, time, "host", identifier, pid,
        -1, -1, 0, -1);
  }

  // ------------------------------------------------------------------ raw audit.log

  @Test
  void rawKill_senderTargetSignalAndFacts() {
    Collect c = run(
        "type=SYSCALL msg=audit(1795347292.888:15): arch=c000003e syscall=62 success=yes exit=0 a0=1eb4 a1=9 a2=0"
            + " a3=7f0baa172ac0 items=0 ppid=6728 pid=7861 auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0"
            + " egid=0 sgid=0 fsgid=0 tty=(none) ses=4294967295 comm=\"sh\" exe=\"/usr/bin/dash\""
            + " key=\"whokilled-capture\"",
        "type=OBJ_PID msg=audit(1795347292.888:15): opid=7860 oauid=-1 ouid=0 oses=-1 ocomm=\"sleep\"",
        "type=PROCTITLE msg=audit(1795347292.888:15): proctitle=7368002D63006B696C6C202D392037383630");
    SignalDelivery s = c.only(SignalDelivery.class);
    assertEquals(new ProcessRef(7860L, null, "sleep", 0, null, null, null), s.victim());
    assertEquals(new ProcessRef(7861L, null, "sh", 0, null, null, null), s.sender());
    assertEquals(Signal.SIGKILL, s.signal());
    assertEquals("SI_USER", s.siCode());
    assertEquals(Observer.AUDIT, s.observer());
    assertEquals(SignalDelivery.Reason.UNSPECIFIED, s.reason());
    assertFalse(s.fatal());
    assertEquals(EventTime.ofWall(Instant.parse("2026-11-22T11:34:52.888Z"), EventTime.Precision.MILLIS),
        s.time());
    assertEquals("syscall=kill auid=unset exe=/usr/bin/dash key=whokilled-capture proctitle=sh -c kill -9 7860",
        s.detail());
    assertEquals(3, s.evidence().size());
  }

  @Test
  void rawKill_loginFactsInDetail() {
    Collect c = run(
        "type=SYSCALL msg=audit(1514202775.088:351): arch=c000003e syscall=62 success=yes exit=0 a0=5e03 a1=9 a2=0"
            + " a3=7ffd0 items=0 ppid=1349 pid=1350 auid=1000 uid=3010 gid=3010 euid=3010 suid=3010 fsuid=3010"
            + " egid=3010 sgid=3010 fsgid=3010 tty=pts0 ses=3 comm=\"bash\" exe=\"/bin/bash\" key=(null)",
        "type=OBJ_PID msg=audit(1514202775.088:351): opid=24067 oauid=1000 ouid=3010 oses=3 ocomm=\"python\"",
        "type=PROCTITLE msg=audit(1514202775.088:351): proctitle=\"bash\"",
        "type=EOE msg=audit(1514202775.088:351): ");
    SignalDelivery s = c.only(SignalDelivery.class);
    assertEquals("syscall=kill auid=1000 tty=pts0 ses=3 exe=/bin/bash proctitle=bash", s.detail());
    assertEquals(3010, s.victim().uid());
    assertEquals(3010, s.sender().uid());
  }

  @Test
  void enriched_interpretedTailIgnoredAndUsedForUnknownArch() {
    Collect c = run(
        "type=SYSCALL msg=audit(1795347317.564:32): arch=c000003e syscall=62 success=yes exit=0 a0=ffffddc7 a1=f"
            + " a2=0 a3=1999999999999999 items=0 ppid=6728 pid=8769 auid=4294967295 uid=0 gid=0 euid=0 suid=0"
            + " fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=4294967295 comm=\"sigsend\""
            + " exe=\"/tmp/wk-audit/sigsend\" key=\"whokilled-capture\"" + GS + "ARCH=x86_64 SYSCALL=kill"
            + " AUID=\"unset\" UID=\"root\"",
        "type=OBJ_PID msg=audit(1795347317.564:32): opid=8763 oauid=-1 ouid=0 oses=-1 ocomm=\"sleep\"" + GS
            + "OAUID=\"unset\" OUID=\"root\"",
        "type=OBJ_PID msg=audit(1795347317.564:32): opid=8761 oauid=-1 ouid=0 oses=-1 ocomm=\"sh\"" + GS
            + "OAUID=\"unset\" OUID=\"root\"",
        "type=OBJ_PID msg=audit(1795347317.564:32): opid=8764 oauid=-1 ouid=0 oses=-1 ocomm=\"sleep\"" + GS
            + "OAUID=\"unset\" OUID=\"root\"",
        "type=PROCTITLE msg=audit(1795347317.564:32): proctitle=2F746D702F776B2D61756469742F73696773656E64006B696C"
            + "6C002D38373631003135" + GS);
    List<SignalDelivery> all = c.all(SignalDelivery.class);
    assertEquals(List.of(8763L, 8761L, 8764L), all.stream().map(s -> s.victim().pid()).toList());
    assertEquals(List.of("sleep", "sh", "sleep"), all.stream().map(s -> s.victim().comm()).toList());
    for (SignalDelivery s : all) {
      assertEquals(Signal.SIGTERM, s.signal());
      assertEquals(8769L, s.sender().pid());
      assertEquals(3, s.evidence().size(), "the call, its own target, the title");
      assertTrue(s.detail().endsWith("proctitle=/tmp/wk-audit/sigsend kill -8761 15"), s.detail());
    }
    // a machine this parser has no table for: the enriched SYSCALL= names the call
    Collect ppc = run("type=SYSCALL msg=audit(1700000000.000:7): arch=c0000015 syscall=37 success=yes exit=0"
        + " a0=4d2 a1=9 a2=0 a3=0 items=0 ppid=1 pid=77 auid=0 uid=0 comm=\"kill\" exe=\"/usr/bin/kill\""
        + " key=(null)" + GS + "ARCH=ppc64le SYSCALL=kill AUID=\"root\"");
    assertEquals(1234L, ppc.only(SignalDelivery.class).victim().pid());
  }

  @Test
  void enriched_separatorAsRsyslogEscapesIt() {
    Collect c = run("type=SYSCALL msg=audit(1795347292.888:15): arch=c000003e syscall=62 success=yes exit=0"
        + " a0=1eb4 a1=9 a2=0 a3=0 items=0 ppid=1 pid=7861 auid=4294967295 uid=0 tty=(none) ses=4294967295"
        + " comm=\"sh\" exe=\"/usr/bin/dash\" key=(null)#035ARCH=x86_64 SYSCALL=kill AUID=\"unset\"");
    SignalDelivery s = c.only(SignalDelivery.class);
    assertEquals("syscall=kill auid=unset exe=/usr/bin/dash", s.detail());
  }

  @Test
  void everyKillSyscall_onX86_64() {
    String[][] cases = { // syscall, a0, a1, a2 -> victim pid, tid, signal, si_code
        {"62", "221b", "a", "0", "8731", null, "SIGUSR1", "SI_USER"},
        {"200", "221f", "a", "0", "8735", "8735", "SIGUSR1", "SI_TKILL"},
        {"234", "2223", "2224", "a", "8739", "8740", "SIGUSR1", "SI_TKILL"},
        {"129", "2227", "a", "7ffc92f98580", "8743", null, "SIGUSR1", null},
        {"297", "222b", "222b", "a", "8747", null, "SIGUSR1", null},
    };
    for (String[] k : cases) {
      Collect c = run("type=SYSCALL msg=audit(1795347317.024:24): arch=c000003e syscall=" + k[0]
          + " success=yes exit=0 a0=" + k[1] + " a1=" + k[2] + " a2=" + k[3] + " a3=0 items=0 ppid=1 pid=9"
          + " auid=0 uid=0 comm=\"sigsend\" exe=\"/tmp/sigsend\" key=(null)");
      SignalDelivery s = c.only(SignalDelivery.class);
      assertEquals(Long.parseLong(k[4]), s.victim().pid(), k[0]);
      assertEquals(k[5] == null || k[5].equals(k[4]) ? null : Long.valueOf(k[5]), s.victim().tid(), k[0]);
      assertEquals(k[6], s.signal().name(), k[0]);
      assertEquals(k[7], s.siCode(), k[0]);
    }
  }

  @Test
  void pidfd_targetOnlyFromObjPid() {
    String call = "type=SYSCALL msg=audit(1795347317.044:29): arch=c000003e syscall=424 success=yes exit=0 a0=3"
        + " a1=a a2=0 a3=0 items=0 ppid=6728 pid=8752 auid=4294967295 uid=0 comm=\"sigsend\""
        + " exe=\"/tmp/wk-audit/sigsend\" key=\"whokilled-capture\"";
    Collect c = run(call,
        "type=OBJ_PID msg=audit(1795347317.044:29): opid=8751 oauid=-1 ouid=0 oses=-1 ocomm=\"sleep\"",
        "type=PROCTITLE msg=audit(1795347317.044:29): proctitle=2F746D702F776B2D61756469742F73696773656E64007069"
            + "6466640038373531003130");
    SignalDelivery s = c.only(SignalDelivery.class);
    assertEquals(8751L, s.victim().pid());
    assertEquals(Signal.SIGUSR1, s.signal());
    Collect lost = run(call);
    assertTrue(lost.events.isEmpty());
    assertEquals(List.of("a SIGUSR1 sent with pidfd_send_signal to a pidfd whose targets are not in the log"),
        lost.problems);
  }

  @Test
  void i386AndArmAndArm64_numbersPerArch() {
    String[][] cases = { // arch, syscall, a0, a1, a2, signal
        {"40000003", "37", "1f59", "f", "f", "SIGTERM"},
        {"40000003", "270", "2071", "2071", "9", "SIGKILL"},
        {"40000003", "238", "2071", "6", "0", "SIGABRT"},
        {"c00000b7", "129", "3138", "f", "1", "SIGTERM"},
        {"c00000b7", "131", "3138", "3138", "9", "SIGKILL"},
        {"c00000b7", "240", "3138", "3138", "2", "SIGINT"},
        {"40000028", "37", "3138", "1", "0", "SIGHUP"},
        {"40000028", "268", "3138", "3138", "3", "SIGQUIT"},
        {"40000028", "363", "3138", "3138", "4", "SIGILL"},
        {"c00000f3", "130", "3138", "5", "0", "SIGTRAP"},
    };
    for (String[] k : cases) {
      Collect c = run("type=SYSCALL msg=audit(1744900347.539:197): arch=" + k[0] + " syscall=" + k[1]
          + " success=yes exit=0 a0=" + k[2] + " a1=" + k[3] + " a2=" + k[4] + " a3=0 items=0 ppid=1 pid=5"
          + " auid=1000 uid=1000 comm=\"zyfun\" exe=\"/opt/zyfun/zyfun\" key=\"zyfun_kill\"");
      assertEquals(k[5], c.only(SignalDelivery.class).signal().name(), k[0] + "/" + k[1]);
    }
    // numbers that are not signal sends on that machine
    assertTrue(run("type=SYSCALL msg=audit(1.000:1): arch=c00000b7 syscall=62 success=yes exit=0 a0=5 a1=9"
        + " pid=4 uid=0 comm=\"x\"").events.isEmpty());
    assertTrue(run("type=SYSCALL msg=audit(1.000:1): arch=40000003 syscall=62 success=yes exit=0 a0=5 a1=9"
        + " pid=4 uid=0 comm=\"x\"").events.isEmpty());
  }

  @Test
  void probeFailureAndRealTimeSignals_noDelivery() {
    assertTrue(run("type=SYSCALL msg=audit(1795347317.048:30): arch=c000003e syscall=62 success=yes exit=0"
            + " a0=2233 a1=0 a2=0 a3=0 items=0 ppid=1 pid=8756 auid=0 uid=0 comm=\"sigsend\" exe=\"/x\" key=(null)",
        "type=OBJ_PID msg=audit(1795347317.048:30): opid=8755 oauid=-1 ouid=0 oses=-1 ocomm=\"sleep\"")
        .events.isEmpty(), "signal 0 only probes");
    assertTrue(run("type=SYSCALL msg=audit(1795347317.048:31): arch=c000003e syscall=62 success=no exit=-3"
        + " a0=3d0900 a1=f a2=0 a3=0 items=0 ppid=1 pid=8758 auid=0 uid=0 comm=\"sigsend\" exe=\"/x\""
        + " key=(null)").events.isEmpty(), "ESRCH: nobody got it");
    assertTrue(run("type=SYSCALL msg=audit(1.000:2): arch=c000003e syscall=62 success=yes exit=0 a0=9 a1=22"
        + " pid=4 uid=0 comm=\"x\"").events.isEmpty(), "SIGRTMIN+2");
  }

  @Test
  void hostileNames_hexEncodedByTheKernel() {
    Collect c = run(
        "type=SYSCALL msg=audit(1795347317.876:33): arch=c000003e syscall=62 success=yes exit=0 a0=2245 a1=9"
            + " a2=0 a3=0 items=0 ppid=6728 pid=8800 auid=4294967295 uid=0 tty=(none) ses=4294967295"
            + " comm=6B696C6C2265722078 exe=2F746D702F776B2D61756469742F6B696C6C2265722078 key=\"wk\"",
        "type=OBJ_PID msg=audit(1795347317.876:33): opid=8773 oauid=-1 ouid=0 oses=-1 ocomm=6D7920736C6565702028"
            + "7829",
        "type=PROCTITLE msg=audit(1795347317.876:33): proctitle=2F746D702F776B2D61756469742F6B696C6C2265722078006B"
            + "696C6C00383737330039");
    SignalDelivery s = c.only(SignalDelivery.class);
    assertEquals("my sleep (x)", s.victim().comm());
    assertEquals("kill\"er x", s.sender().comm());
    assertEquals("syscall=kill auid=unset exe=/tmp/wk-audit/kill\"er x key=wk"
        + " proctitle=/tmp/wk-audit/kill\"er x kill 8773 9", s.detail());
  }

  @Test
  void lostTargetRecord_victimFromTheArgument() {
    Collect c = run("type=SYSCALL msg=audit(1795347259.808:4): arch=c000003e syscall=62 success=yes exit=0"
        + " a0=1a59 a1=9 a2=0 a3=7f794a9f6ac0 items=0 ppid=6728 pid=6746 auid=4294967295 uid=0 tty=(none)"
        + " ses=4294967295 comm=\"sh\" exe=\"/usr/bin/dash\" key=\"whokilled-capture\"");
    SignalDelivery s = c.only(SignalDelivery.class);
    assertEquals(ProcessRef.of(6745L, null), s.victim());
    Collect group = run("type=SYSCALL msg=audit(1.000:4): arch=c000003e syscall=62 success=yes exit=0"
        + " a0=ffffffffffffddc7 a1=f pid=6746 uid=0 comm=\"sh\"");
    assertTrue(group.events.isEmpty());
    assertEquals(List.of("a SIGTERM sent with kill to process group 8761 whose targets are not in the log"),
        group.problems);
    assertEquals(List.of("a SIGKILL sent with kill to every process whose targets are not in the log"),
        run("type=SYSCALL msg=audit(1.000:4): arch=c000003e syscall=62 success=yes exit=0 a0=ffffffff a1=9"
            + " pid=6746 uid=0 comm=\"sh\"").problems);
  }

  @Test
  void cutLine_openQuoteReadToTheEnd() {
    Collect c = run("type=SYSCALL msg=audit(1610524812.243:7148742): arch=c000003e syscall=62 success=yes exit=0"
            + " a0=1312 a1=f a2=1 a3=20 items=0 ppid=1 pid=5965 auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0"
            + " egid=0 sgid=0 fsgid=0 tty=(none) ses=4294967295 comm=\"univention-mana\" exe=\"/usr/",
        "type=OBJ_PID msg=audit(1610524812.243:7148742): opid=4882 oauid=-1 ouid=0 oses=-1"
            + " ocomm=\"univention-mana\"");
    SignalDelivery s = c.only(SignalDelivery.class);
    assertEquals(4882L, s.victim().pid());
    assertEquals("syscall=kill auid=unset exe=/usr/", s.detail());
  }

  // ------------------------------------------------------------------ kernel log, numeric types

  @Test
  void kernelPrintk_numericTypesWithFramingUptime() {
    EventTime framing = EventTime.ofUptime(Duration.parse("PT2383.968231S")).withBootId("b1");
    List<LogRecord> records = new ArrayList<>();
    String[] lines = {
        "audit: type=1300 audit(1795347265.820:9): arch=40000003 syscall=37 success=yes exit=0 a0=1b6b a1=f"
            + " a2=f a3=ff853740 items=0 ppid=6728 pid=7020 auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0"
            + " egid=0 sgid=0 fsgid=0 tty=(none) ses=4294967295 comm=\"k32\" exe=\"/tmp/wk-audit/k32\""
            + " key=\"whokilled-capture\"",
        "audit: type=1318 audit(1795347265.820:9): opid=7019 oauid=-1 ouid=0 oses=-1 ocomm=\"sleep\"",
        "audit: type=1327 audit(1795347265.820:9): proctitle=2F746D702F776B2D61756469742F6B33320037303139003135"};
    for (int i = 0; i < lines.length; i++) {
      records.add(new LogRecord("dmesg", i + 1, lines[i], lines[i], Format.DMESG, Origin.KERNEL_LOG, framing,
          null, null, null, -1, -1, 0, -1));
    }
    SignalDelivery s = Collect.run(parser(), records).only(SignalDelivery.class);
    assertEquals(ProcessRef.of(7019L, "sleep").withUid(0), s.victim());
    assertEquals(Instant.parse("2026-11-22T11:34:25.820Z"), s.time().wall());
    assertEquals(Duration.parse("PT2383.968231S"), s.time().uptime());
    assertEquals("b1", s.time().bootId());
    assertEquals("syscall=kill auid=unset exe=/tmp/wk-audit/k32 key=whokilled-capture"
        + " proctitle=/tmp/wk-audit/k32 7019 15", s.detail());
  }

  @Test
  void oldKernelPrintkAndCollectorNumericForms() {
    Collect old = run(
        "type=1300 audit(1634658845.864:100500): arch=c000003e syscall=62 success=yes exit=0 a0=587a a1=9 pid=7975"
            + " uid=345447 comm=\"bash\" exe=\"/bin/bash\" subj=staff_u:staff_r:staff_t:s0 key=(null)",
        "type=1318 audit(1634658845.864:100500): opid=22650 oauid=345447 ouid=345447 oses=25"
            + " obj=staff_u:staff_r:staff_t:s0 ocomm=\"sleep\"",
        "type=1320 audit(1634658845.864:100500):");
    assertEquals("sleep", old.only(SignalDelivery.class).victim().comm());
    Collect osquery = run(
        "I1019 18:54:14.129583 22484 auditdnetlink.cpp:769] 1300, audit(1634658845.864:100500): arch=c000003e"
            + " syscall=62 success=yes exit=0 a0=587a a1=9 a2=0 a3=0 items=0 ppid=7974 pid=7975 auid=345447"
            + " uid=345447 tty=pts0 ses=25 comm=\"bash\" exe=\"/bin/bash\" key=(null)",
        "I1019 18:54:14.129654 22484 auditdnetlink.cpp:769] 1327, audit(1634658845.864:100500):"
            + " proctitle=\"-bash\"");
    SignalDelivery s = osquery.only(SignalDelivery.class);
    assertEquals(22650L, s.victim().pid());
    assertEquals("syscall=kill auid=345447 tty=pts0 ses=25 exe=/bin/bash proctitle=-bash", s.detail());
    assertEquals(1, run("type=UNKNOWN[1327] msg=audit(1.000:5): proctitle=\"x\"",
        "type=SYSCALL msg=audit(1.000:5): arch=c000003e syscall=62 success=yes exit=0 a0=5 a1=9 pid=4 uid=0"
            + " comm=\"x\"").events.size());
  }

  // ------------------------------------------------------------------ ausearch -i

  @Test
  void interpreted_cLocaleDateNamesAndDecodedStrings() {
    Collect c = run("----",
        "type=PROCTITLE msg=audit(11/22/26 11:35:17.876:33) : proctitle=/tmp/wk-audit/kill\"er x kill 8773 9 ",
        "type=OBJ_PID msg=audit(11/22/26 11:35:17.876:33) : opid=8773 oauid=unset ouid=root oses=-1"
            + " ocomm=my sleep (x) ",
        "type=SYSCALL msg=audit(11/22/26 11:35:17.876:33) : arch=x86_64 syscall=kill success=yes exit=0"
            + " a0=0x2245 a1=SIGKILL a2=0x0 a3=0x1999999999999999 items=0 ppid=6728 pid=8800 auid=unset uid=root"
            + " gid=root euid=root suid=root fsuid=root egid=root sgid=root fsgid=root tty=(none) ses=unset"
            + " comm=kill\"er x exe=/tmp/wk-audit/kill\"er x key=whokilled-capture ");
    SignalDelivery s = c.only(SignalDelivery.class);
    assertEquals(new ProcessRef(8773L, null, "my sleep (x)", 0, null, null, null), s.victim());
    assertEquals(new ProcessRef(8800L, null, "kill\"er x", 0, null, null, null), s.sender());
    assertEquals(Signal.SIGKILL, s.signal());
    assertEquals(Instant.parse("2026-11-22T11:35:17.876Z"), s.time().wall());
    assertTrue(s.time().zoneAssumed());
    assertEquals(EventTime.Precision.MILLIS, s.time().wallPrecision());
    assertEquals("syscall=kill auid=unset exe=/tmp/wk-audit/kill\"er x key=whokilled-capture"
        + " proctitle=/tmp/wk-audit/kill\"er x kill 8773 9", s.detail());
  }

  @Test
  void interpreted_dateStylesOfLocales() {
    AuditTime utc = new AuditTime(ZoneOffset.UTC, AuditTime.DateOrder.MDY);
    Instant t = Instant.parse("2017-12-25T16:39:35.088Z");
    assertEquals(t, utc.local("12/25/2017 16:39:35.088"));
    assertEquals(t, utc.local("12/25/17 16:39:35.088"));
    assertEquals(t, utc.local("2017-12-25 16:39:35.088"));
    assertEquals(t, utc.local("25.12.2017 16:39:35.088"));
    assertEquals(t, utc.local("25/12/2017 16:39:35.088"), "a first number above 12 is a day");
    assertEquals(t, utc.local("2017\u5e7412\u670825\u65e5 16:39:35.088"), "CJK locales: year first");
    assertEquals(Instant.parse("2019-04-08T06:58:12.308Z"), utc.local("04/08/2019 06:58:12.308"));
    AuditTime dmy = new AuditTime(ZoneId.of("Europe/Berlin"), AuditTime.DateOrder.DMY);
    assertEquals(Instant.parse("2019-08-04T04:58:12.308Z"), dmy.local("04/08/2019 06:58:12.308"));
    assertEquals(Instant.parse("2021-01-13T08:00:12.243Z"), dmy.local("13.01.2021 09:00:12.243"));
    assertNull(utc.local("13/13/2017 16:39:35.088"));
    assertNull(utc.local("Mon Dec 25 16:39:35 2017"));
    assertNull(utc.local("12/25/2017"));
    assertEquals(Instant.parse("2017-12-25T11:52:55.088Z"), AuditTime.epoch("1514202775.088"));
    assertNull(AuditTime.epoch("1514202775.08"));
  }

  @Test
  void interpreted_unInterpretedSignalArgsAndErrno() {
    Collect c = run(
        "type=SYSCALL msg=audit(11/22/26 11:35:17.036:27) : arch=x86_64 syscall=rt_sigqueueinfo success=yes"
            + " exit=0 a0=0x2227 a1=0xa a2=0x7ffc92f98580 a3=0x1999999999999999 items=0 ppid=6728 pid=8744"
            + " auid=unset uid=root comm=sigsend exe=/tmp/wk-audit/sigsend key=whokilled-capture ",
        "type=SYSCALL msg=audit(11/22/26 11:35:17.048:31) : arch=x86_64 syscall=kill success=no"
            + " exit=ESRCH(No such process) a0=0x3d0900 a1=SIGTERM a2=0x0 a3=0x1999999999999999 items=0"
            + " ppid=6728 pid=8758 auid=unset uid=root comm=sigsend exe=/tmp/wk-audit/sigsend key=w ",
        "type=SYSCALL msg=audit(11/22/26 11:35:17.048:30) : arch=x86_64 syscall=kill success=yes exit=0"
            + " a0=0x2233 a1=SIG0 a2=0x0 a3=0x0 items=0 ppid=6728 pid=8756 auid=unset uid=root comm=sigsend"
            + " exe=/tmp/wk-audit/sigsend key=w ");
    SignalDelivery s = c.only(SignalDelivery.class);
    assertEquals(8743L, s.victim().pid());
    assertEquals(Signal.SIGUSR1, s.signal());
  }

  @Test
  void interpreted_unknownUidNumberKept() {
    Collect c = run("type=ANOM_ABEND msg=audit(10/29/2024 15:56:58.492:265) : auid=unset uid=unknown(61876)"
        + " gid=earlyoom ses=unset pid=1814 comm=earlyoom exe=/usr/bin/earlyoom sig=SIGSYS res=yes ");
    Crash k = c.only(Crash.class);
    assertEquals(new ProcessRef(1814L, null, "earlyoom", 61876, null, null, null), k.victim());
    assertEquals(CrashType.CORE_DUMP, k.type());
    assertEquals(Signal.SIGSYS, k.signal());
  }

  @Test
  void sameEventTwice_rawThenInterpreted_reportedOnce() {
    AuditParser p = new AuditParser(1000, new AuditTime(ZoneId.of("Europe/Berlin"), AuditTime.DateOrder.MDY));
    Collect c = Collect.messages(p,
        "type=SYSCALL msg=audit(1610524812.243:7148742): arch=c000003e syscall=62 success=yes exit=0 a0=1312 a1=f"
            + " a2=1 a3=20 items=0 ppid=1 pid=5965 auid=4294967295 uid=0 comm=\"univention-mana\" exe=\"/usr/b\"",
        "type=OBJ_PID msg=audit(1610524812.243:7148742): opid=4882 oauid=-1 ouid=0 oses=-1"
            + " ocomm=\"univention-mana\"",
        "type=PROCTITLE msg=audit(1610524812.243:7148742): proctitle=2F7573722F62696E2F707974686F6E322E37",
        "----",
        "type=PROCTITLE msg=audit(13.01.2021 09:00:12.243:7148742) : proctitle=/usr/bin/python2.7 start ",
        "type=OBJ_PID msg=audit(13.01.2021 09:00:12.243:7148742) : opid=4882 oauid=unset ouid=root oses=-1"
            + " ocomm=univention-mana ",
        "type=SYSCALL msg=audit(13.01.2021 09:00:12.243:7148742) : arch=x86_64 syscall=kill success=yes exit=0"
            + " a0=0x1312 a1=SIGTERM a2=0x1 a3=0x20 items=0 ppid=1 pid=5965 auid=unset uid=root comm=univention-mana"
            + " exe=/usr/bin/python2.7 key=Bug_52518");
    SignalDelivery s = c.only(SignalDelivery.class);
    assertEquals(Instant.parse("2021-01-13T08:00:12.243Z"), s.time().wall());
    assertFalse(s.time().zoneAssumed());
  }

  // ------------------------------------------------------------------ grouping

  @Test
  void interleavedEvents_eachWithItsOwnTarget() {
    Collect c = run(
        "type=SYSCALL msg=audit(1700000000.100:10): arch=c000003e syscall=62 success=yes exit=0 a0=64 a1=9"
            + " pid=1 uid=0 comm=\"a\"",
        "type=SYSCALL msg=audit(1700000000.100:11): arch=c000003e syscall=62 success=yes exit=0 a0=c8 a1=f"
            + " pid=2 uid=0 comm=\"b\"",
        "type=OBJ_PID msg=audit(1700000000.100:11): opid=200 ocomm=\"two\"",
        "type=OBJ_PID msg=audit(1700000000.100:10): opid=100 ocomm=\"one\"",
        "type=PROCTITLE msg=audit(1700000000.100:10): proctitle=\"a\"",
        "type=EOE msg=audit(1700000000.100:11):");
    List<SignalDelivery> all = c.all(SignalDelivery.class);
    assertEquals(2, all.size());
    assertEquals(new ProcessRef(100L, null, "one", null, null, null, null), all.get(0).victim());
    assertEquals("a", all.get(0).sender().comm());
    assertEquals(Signal.SIGKILL, all.get(0).signal());
    assertEquals(new ProcessRef(200L, null, "two", null, null, null, null), all.get(1).victim());
    assertEquals(Signal.SIGTERM, all.get(1).signal());
  }

  @Test
  void nodes_keepTheirEventsApart() {
    Collect c = run(
        "node=web1 type=SYSCALL msg=audit(1700000000.100:10): arch=c000003e syscall=62 success=yes exit=0 a0=64"
            + " a1=9 pid=1 uid=0 comm=\"a\"",
        "node=web2 type=SYSCALL msg=audit(1700000000.100:10): arch=c000003e syscall=62 success=yes exit=0 a0=c8"
            + " a1=9 pid=1 uid=0 comm=\"a\"",
        "node=web1 type=OBJ_PID msg=audit(1700000000.100:10): opid=100 ocomm=\"one\"",
        "node=web2 type=OBJ_PID msg=audit(1700000000.100:10): opid=200 ocomm=\"two\"");
    assertEquals(List.of("one", "two"), c.all(SignalDelivery.class).stream().map(s -> s.victim().comm()).toList());
  }

  @Test
  void openEvents_closedByAgeAndCapped() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < AuditParser.MAX_OPEN * 3; i++) {
      lines.add("type=SYSCALL msg=audit(1700000000.100:" + i + "): arch=c000003e syscall=62 success=yes exit=0"
          + " a0=" + Long.toHexString(1000 + i) + " a1=9 pid=1 uid=0 comm=\"a\"");
    }
    AuditParser p = parser();
    Collect sink = Collect.run(p, List.of());
    for (int i = 0; i < lines.size(); i++) {
      p.accept(LogRecord.plain("t", i + 1, lines.get(i)), sink);
    }
    assertTrue(sink.events.size() >= lines.size() - AuditParser.MAX_OPEN, "closed while reading");
    p.finish(sink);
    assertEquals(lines.size(), sink.events.size());
  }

  @Test
  void manyTargets_cappedAtMaxBlockLines() {
    List<String> lines = new ArrayList<>();
    lines.add("type=SYSCALL msg=audit(1700000000.100:10): arch=c000003e syscall=62 success=yes exit=0"
        + " a0=ffffffff a1=9 pid=1 uid=0 comm=\"a\"");
    for (int i = 0; i < 30; i++) {
      lines.add("type=OBJ_PID msg=audit(1700000000.100:10): opid=" + (100 + i) + " ocomm=\"v\"");
    }
    Collect c = Collect.messages(new AuditParser(10, new AuditTime(ZoneOffset.UTC, AuditTime.DateOrder.MDY)),
        lines.toArray(String[]::new));
    assertEquals(9, c.events.size());
    assertEquals(List.of("audit event longer than 10 records; the rest of it is not kept"), c.problems);
  }

  // ------------------------------------------------------------------ journal and trust

  @Test
  void journal_serialLessRecordsGroupedByAdjacency() {
    EventTime t = EventTime.ofWall(Instant.parse("2021-10-19T18:54:05Z"), EventTime.Precision.SECONDS);
    List<LogRecord> r = List.of(
        framed(1, "SYSCALL arch=c000003e syscall=62 success=yes exit=0 a0=587a a1=9 a2=0 a3=0 items=0 ppid=7974"
            + " pid=7975 auid=345447 uid=345447 tty=pts0 ses=25 comm=\"bash\" exe=\"/bin/bash\" key=(null)",
            Origin.USERSPACE, "audit", 7975L, t),
        framed(2, "OBJ_PID opid=22650 oauid=345447 ouid=345447 oses=25 ocomm=\"sleep\"", Origin.USERSPACE,
            "audit", null, t),
        framed(3, "PROCTITLE proctitle=\"-bash\"", Origin.USERSPACE, "audit", null, t));
    SignalDelivery s = Collect.run(parser(), r).only(SignalDelivery.class);
    assertEquals(ProcessRef.of(22650L, "sleep").withUid(345447), s.victim());
    assertEquals(t, s.time());
    assertEquals(3, s.evidence().size());
  }

  @Test
  void journal_anomAbend() {
    EventTime t = EventTime.ofWall(Instant.parse("2022-10-30T17:39:54Z"), EventTime.Precision.SECONDS);
    Crash k = Collect.run(parser(), List.of(framed(1, "ANOM_ABEND auid=1000 uid=1000 gid=1000 ses=2"
        + " subj=unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023 pid=3451 comm=\"gnome-disks\""
        + " exe=\"/usr/bin/gnome-disks\" sig=11 res=1", Origin.USERSPACE, "audit", 3451L, t))).only(Crash.class);
    assertEquals(new ProcessRef(3451L, null, "gnome-disks", 1000, null, null, null), k.victim());
    assertEquals(CrashType.SEGFAULT, k.type());
    assertEquals(t, k.time());
    assertNull(k.coreDumped());
  }

  @Test
  void userProcess_writingAuditRecords_warnedNotTrusted() {
    EventTime t = EventTime.ofWall(Instant.parse("2021-10-19T18:54:05Z"), EventTime.Precision.SECONDS);
    String call = "type=SYSCALL msg=audit(1634658845.864:100500): arch=c000003e syscall=62 success=yes exit=0"
        + " a0=587a a1=9 pid=7975 uid=0 comm=\"bash\"";
    Collect c = Collect.run(parser(), List.of(
        framed(1, call, Origin.USERSPACE, "logger", 999L, t),
        framed(2, "audit: type=1701 audit(1.000:3): auid=0 uid=0 pid=5 comm=\"x\" sig=11 res=1", Origin.USERSPACE,
            "myapp", null, t),
        framed(3, call, Origin.USERSPACE, "audispd", null, t),
        framed(4, call.replace(":100500", ":100501"), Origin.USERSPACE, "audisp-syslog", null, t)));
    assertEquals(2, c.events.size());
    assertEquals(List.of("an audit record written by a user process (logger[999]); not taken as the audit"
            + " subsystem's word: " + call,
        "an audit record written by a user process (myapp); not taken as the audit subsystem's word: audit:"
            + " type=1701 audit(1.000:3): auid=0 uid=0 pid=5 comm=\"x\" sig=11 res=1"), c.warnings);
  }

  // ------------------------------------------------------------------ ANOM_ABEND

  @Test
  void anomAbend_everyEraAndSignal() {
    Crash modern = run("type=ANOM_ABEND msg=audit(1795347310.920:20): auid=4294967295 uid=0 gid=0"
        + " ses=4294967295 pid=8431 comm=\"crash\" exe=\"/tmp/wk-audit/crash\" sig=11 res=1" + GS
        + "AUID=\"unset\" UID=\"root\" GID=\"root\"").only(Crash.class);
    assertEquals(new ProcessRef(8431L, null, "crash", 0, null, null, null), modern.victim());
    assertEquals(Instant.parse("2026-11-22T11:35:10.920Z"), modern.time().wall());
    assertEquals(CrashType.SEGFAULT, modern.type());
    assertEquals(Signal.SIGSEGV, modern.signal());
    assertEquals(List.of(), modern.stack());
    Crash centos7 = run("type=ANOM_ABEND msg=audit(1494504182.616:549147): auid=4294967295 uid=0 gid=0"
        + " ses=4294967295 pid=47929 comm=\"audisp-json\" reason=\"memory violation\" sig=11").only(Crash.class);
    assertEquals(ProcessRef.of(47929L, "audisp-json").withUid(0), centos7.victim());
    Crash gsLost = run("type=ANOM_ABEND msg=audit(1730231818.492:265): auid=4294967295 uid=61876 gid=61876"
        + " ses=4294967295 pid=1814 comm=\"earlyoom\" exe=\"/usr/bin/earlyoom\" sig=31 res=1AUID=\"unset\""
        + " UID=\"unknown(61876)\"").only(Crash.class);
    assertEquals(Signal.SIGSYS, gsLost.signal());
    assertEquals(CrashType.CORE_DUMP, gsLost.type());
    Map<String, CrashType> types = Map.of("6", CrashType.ABORT, "7", CrashType.BUS_ERROR, "4",
        CrashType.CORE_DUMP, "8", CrashType.CORE_DUMP, "5", CrashType.CORE_DUMP, "24", CrashType.CORE_DUMP);
    for (Map.Entry<String, CrashType> e : types.entrySet()) {
      assertEquals(e.getValue(), run("type=ANOM_ABEND msg=audit(1.000:1): auid=0 uid=0 gid=0 ses=1 pid=5"
          + " comm=\"x\" exe=\"/x\" sig=" + e.getKey() + " res=1").only(Crash.class).type(), e.getKey());
    }
    Crash interpreted = run("type=ANOM_ABEND msg=audit(11/22/26 11:35:17.884:37) : auid=unset uid=root"
        + " gid=root ses=unset pid=8814 comm=crash exe=/tmp/wk-audit/crash sig=SIGBUS res=yes ").only(Crash.class);
    assertEquals(CrashType.BUS_ERROR, interpreted.type());
    assertTrue(interpreted.time().zoneAssumed());
    assertTrue(run("type=ANOM_ABEND msg=audit(1.000:1): auid=0 uid=0 pid=5 comm=\"x\" sig=0 res=1").events
        .isEmpty());
    assertTrue(run("type=ANOM_PROMISCUOUS msg=audit(1.000:1): dev=eth0 prom=256 old_prom=0 auid=0 uid=0 gid=0"
        + " ses=1").events.isEmpty());
  }

  // ------------------------------------------------------------------ options and noise

  @Test
  void provider_optionsCheckedAtOnce() {
    AuditProvider p = new AuditProvider();
    IllegalArgumentException zone = assertThrows(IllegalArgumentException.class,
        () -> p.create(context(Map.of("zone", "Mars/Olympus"))));
    assertEquals("zone must be a time zone id: Mars/Olympus", zone.getMessage());
    IllegalArgumentException order = assertThrows(IllegalArgumentException.class,
        () -> p.create(context(Map.of("date-order", "ymd"))));
    assertEquals("date-order must be mdy or dmy: ymd", order.getMessage());
    Collect c = Collect.messages(p.create(context(Map.of("zone", "Asia/Tokyo", "date-order", "dmy"))),
        "type=ANOM_ABEND msg=audit(01/02/2024 09:00:00.000:1) : auid=unset uid=root pid=5 comm=x exe=/x"
            + " sig=SIGSEGV res=yes ");
    assertEquals(Instant.parse("2024-02-01T00:00:00Z"), c.only(Crash.class).time().wall());
  }

  @Test
  void noise_neverAnEvent() {
    assertTrue(run("type=DAEMON_END msg=audit(1795347319.893:5019): op=terminate auid=0 uid=0"
            + " ses=4294967295 pid=6728 res=success" + GS + "AUID=\"root\" UID=\"root\"",
        "type=SYSCALL msg=audit(1795347289.892:14): arch=c000003e syscall=44 success=yes exit=60 a0=3"
            + " a1=7fffdaa98e60 a2=3c a3=0 items=0 ppid=6728 pid=7813 auid=4294967295 uid=0 comm=\"auditd\""
            + " exe=\"/usr/sbin/auditd\" key=(null)",
        "type=SOCKADDR msg=audit(1795347289.892:14): saddr=100000000000000000000000",
        "type=AVC msg=audit(1.000:1): avc:  denied  { read } for  pid=2 comm=\"a\" subtype=SYSCALL",
        "audit(", "type=SYSCALL msg=audit(", "type=SYSCALL msg=audit(1.2:x): arch=c000003e",
        "type=SYSCALL msg=audit(1.000:1)", "SYSCALL something else", "OBJ_PID opid", "time->Mon Dec 25",
        "type=OBJ_PID msg=audit(1.000:9): opid=5 ocomm=\"lonely\"").events.isEmpty());
  }

  @Test
  void hostileLongLines_linear() {
    String many = "type=SYSCALL msg=audit(11/22/26 11:35:17.876:33) : " + "comm=a ".repeat(100_000) + "exe=/x";
    String quotes = "type=SYSCALL msg=audit(1.000:1): " + "a=\"".repeat(100_000);
    String words = "type=SYSCALL msg=audit(1.000:1): " + "x ".repeat(200_000) + "arch=c000003e";
    String stamps = "audit(".repeat(50_000) + "type=1300 audit(1.000:1): syscall=62";
    assertTimeoutPreemptively(Duration.ofSeconds(5),
        () -> assertTrue(run(many, quotes, words, stamps).events.isEmpty()));
  }

  static ParserContext context(Map<String, String> options) {
    return new ParserContext() {
      @Override
      public String source() {
        return "test";
      }

      @Override
      public int maxBlockLines() {
        return 1000;
      }

      @Override
      public Map<String, String> options() {
        return options;
      }
    };
  }
}
