package dev.whokilled.framing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.event.EventTime;
import dev.whokilled.event.EventTime.Precision;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kernel's own renderings: dmesg in its variants and /dev/kmsg. */
final class FramerKernelTest {

  private static final Framing UTC = Framing.auto().withZone(ZoneOffset.UTC);

  /** Ctime: locales from public reports. */
  @Test
  void ctime_localesFromPublicReports() {
    Collect c = Collect.frame(UTC, Collect.publicExample("dmesg_T_non_english_locales.txt"));
    assertEquals(Instant.parse("2024-09-03T05:57:48Z"), c.records.get(0).time().wall());
    assertEquals(Instant.parse("2025-11-28T07:26:44Z"), c.records.get(1).time().wall());
    assertEquals("postmaster invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0,"
        + " oom_score_adj=0", c.records.get(1).message());
    for (LogRecord r : c.records) {
      assertEquals(Format.DMESG_CTIME, r.format());
      assertEquals(Origin.KERNEL_LOG, r.origin());
      assertEquals(Precision.SECONDS, r.time().wallPrecision());
      assertFalse(r.time().zoneAssumed());
    }
  }

  /** Ctime: locales. */
  @Test
  void ctime_locales() {
    for (String[] example : new String[][] {
      {"[日 12月 24 16:02:24 2017] x", "2017-12-24T16:02:24Z"},
      {"[二 3月  5 10:00:00 2019] x", "2019-03-05T10:00:00Z"},
      {"[dom dic 24 16:02:24 2017] x", "2017-12-24T16:02:24Z"},
      {"[Вс дек 24 16:02:24 2017] x", "2017-12-24T16:02:24Z"},
      {"[So Dez 24 16:02:24 2017] x", "2017-12-24T16:02:24Z"},
      {"[mer. août  2 09:05:01 2023] x", "2023-08-02T09:05:01Z"},
      {"[일 12월 24 16:02:24 2017] x", "2017-12-24T16:02:24Z"},
      {"[Mon Dec 25 19:52:55 2017] x", "2017-12-25T19:52:55Z"},
    }) {
      LogRecord r = Collect.one(UTC, example[0]);
      assertEquals(Format.DMESG_CTIME, r.format(), example[0]);
      assertEquals(Instant.parse(example[1]), r.time().wall(), example[0]);
      assertEquals("x", r.message(), example[0]);
    }
  }

  /** Ctime: mangled month still frames the message. */
  @Test
  void ctime_mangledMonthStillFramesTheMessage() {
    LogRecord r = Collect.one(UTC, "[??? ??? 24 16:02:24 2017] Out of memory: Killed process 1 (x)");
    assertEquals(Format.DMESG_CTIME, r.format());
    assertEquals(EventTime.UNKNOWN, r.time());
    assertEquals("Out of memory: Killed process 1 (x)", r.message());
  }

  /** Ctime: zone assumed unless given. */
  @Test
  void ctime_zoneAssumedUnlessGiven() {
    assertTrue(Collect.one(Framing.auto(), "[Mon Dec 25 19:52:55 2017] x").time().zoneAssumed());
    assertFalse(Collect.one(UTC, "[Mon Dec 25 19:52:55 2017] x").time().zoneAssumed());
  }

  /** Relative: delta before any header has no time. */
  @Test
  void relative_deltaBeforeAnyHeaderHasNoTime() {
    LogRecord r = Collect.one(UTC, "[  +0.000012] x");
    assertEquals(Format.DMESG_RELATIVE, r.format());
    assertEquals(EventTime.UNKNOWN, r.time());
  }

  /** Relative: header year assumed. */
  @Test
  void relative_headerYearAssumed() {
    LogRecord r = Collect.one(UTC, "[Nov22 10:54] Linux version 6.18.44");
    assertEquals(Instant.parse("2026-11-22T10:54:00Z"), r.time().wall());
    assertEquals(Precision.MINUTES, r.time().wallPrecision());
    assertTrue(r.time().yearAssumed());
    assertEquals(Instant.parse("2026-11-22T10:54:00Z"),
        Collect.one(UTC, "[11月22 10:54] x").time().wall());
  }

  /** Relative: with delta uptime. */
  @Test
  void relative_withDeltaUptime() {
    LogRecord r = Collect.one(UTC, "[   51.649037 <    0.000159>] python3 invoked oom-killer");
    assertEquals(Format.DMESG_RELATIVE, r.format());
    assertEquals(Duration.ofSeconds(51, 649_037_000), r.time().uptime());
    assertEquals("python3 invoked oom-killer", r.message());
  }

  /** Decoded: without time and from userspace. */
  @Test
  void decoded_withoutTimeAndFromUserspace() {
    LogRecord noTime = Collect.one(UTC, "kern  :err   : Out of memory: Killed process 1 (x)");
    assertEquals(Format.DMESG_DECODED, noTime.format());
    assertEquals(EventTime.UNKNOWN, noTime.time());
    assertEquals(3, noTime.level());
    assertEquals(Origin.KERNEL, noTime.origin());
    assertEquals("Out of memory: Killed process 1 (x)", noTime.message());
    LogRecord user = Collect.one(UTC, "user  :notice: [   12.500000] hello from logger");
    assertEquals(Origin.USERSPACE, user.origin());
    assertEquals(1, user.facility());
    assertEquals(5, user.level());
    assertEquals(Duration.ofMillis(12_500), user.time().uptime());
    assertEquals("hello from logger", user.message());
    LogRecord authpriv = Collect.one(UTC, "authpriv:info  : [    1.000000] x");
    assertEquals(10, authpriv.facility());
  }

  /** Decoded: with ctime from public report. */
  @Test
  void decoded_withCtimeFromPublicReport() {
    Collect c = Collect.frame(UTC, Collect.publicExample("dmesg_x_T_facility_level.txt"));
    LogRecord r = c.records.get(2);
    assertEquals(Format.DMESG_DECODED, r.format());
    assertEquals(3, r.level());
    assertEquals(Instant.parse("2023-08-17T17:29:27Z"), r.time().wall());
    assertEquals("Memory cgroup out of memory: Killed process 1586608 (xray) total-vm:737128kB, anon-rss:26372kB,"
        + " file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:176kB oom_score_adj:-997", r.message());
  }

  /** Raw: priorities. */
  @Test
  void raw_priorities() {
    LogRecord user = Collect.one(UTC, "<14>[    5.000000] hello");
    assertEquals(Format.DMESG_RAW, user.format());
    assertEquals(Origin.USERSPACE, user.origin());
    assertEquals(1, user.facility());
    assertEquals(6, user.level());
    LogRecord noTime = Collect.one(UTC, "<6>usb 1-1: new device");
    assertEquals(Format.DMESG_RAW, noTime.format());
    assertEquals(Origin.KERNEL_LOG, noTime.origin());
    assertEquals("usb 1-1: new device", noTime.message());
    LogRecord ctime = Collect.one(UTC, "<4>[Mon Dec 25 19:52:55 2017] x");
    assertEquals(Instant.parse("2017-12-25T19:52:55Z"), ctime.time().wall());
  }

  /** Dmesg: caller id is framing. */
  @Test
  void dmesg_callerIdIsFraming() {
    LogRecord r = Collect.one(UTC, "[    0.000000] [    T0] Linux version 6.18.44");
    assertEquals("Linux version 6.18.44", r.message());
    assertEquals("[Firmware Bug]: x", Collect.one(UTC, "[    0.000000] [Firmware Bug]: x").message());
  }

  /** Kmsg: extension fields and dictionaries. */
  @Test
  void kmsg_extensionFieldsAndDictionaries() {
    Collect c = Collect.frame(UTC, Collect.publicExample("dev_kmsg_records.txt"));
    assertEquals(5, c.records.size());
    LogRecord r = c.records.get(1);
    assertEquals("pci 0000:00:02.1: enabling Extended Tags", r.message());
    assertEquals(295, r.sequence());
    assertEquals(Duration.ofNanos(1_164_587_000), r.time().uptime());
    assertEquals(4, r.line());
    LogRecord oom = c.records.get(3);
    assertEquals(Duration.ofSeconds(6_115_623, 303_887_000), oom.time().uptime());
    assertTrue(oom.message().startsWith("oom-kill:constraint=CONSTRAINT_MEMCG,"));
    assertEquals(List.of("10: kernel log records 297..22742 were overwritten before they were read",
        "11: kernel log records 22744..23799 were overwritten before they were read"), c.notices);
  }

  /** Kmsg: escapes decoded. */
  @Test
  void kmsg_escapesDecoded() {
    assertEquals("café \\ path \u00ff\ttab",
        Collect.one(UTC, "6,1,2,-;caf\\xc3\\xa9 \\x5c path \\xff\\x09tab").message());
    assertEquals("\\xZZ kept", Collect.one(UTC, "6,1,2,-;\\xZZ kept").message());
    assertEquals("emoji \uD83D\uDE00", Collect.one(UTC, "6,1,2,-;emoji \\xf0\\x9f\\x98\\x80").message());
  }

  /** Kmsg: userspace facility. */
  @Test
  void kmsg_userspaceFacility() {
    LogRecord r = Collect.one(UTC, "30,7,5000000,-;systemd[1]: Started Journal Service.");
    assertEquals(Origin.USERSPACE, r.origin());
    assertEquals(3, r.facility());
    assertEquals(6, r.level());
    assertEquals("systemd[1]: Started Journal Service.", r.message());
  }

  /** Plain: bare message. */
  @Test
  void plain_bareMessage() {
    LogRecord r = Collect.one(UTC, "Out of memory: Killed process 2141 (python3)");
    assertEquals(LogRecord.plain("test", 1, "Out of memory: Killed process 2141 (python3)"), r);
  }

  /** Fixed format: other lines are plain. */
  @Test
  void fixedFormat_otherLinesArePlain() {
    LogRecord r = Collect.one(Framing.of(Format.KMSG), "[   66.634803] Out of memory");
    assertEquals(Format.PLAIN, r.format());
    assertEquals("[   66.634803] Out of memory", r.message());
    assertNull(r.time().uptime());
    assertEquals(Format.DMESG, Collect.one(Framing.of(Format.DMESG), "[ 1.0] myhost kernel: x").format());
  }

  /** A fault of a thread whose name has a space is the kernel's line, not a short-monotonic journal line. */
  @Test
  void dmesg_segfaultOfANameWithASpace_isKernel() {
    // captured on this project's VM (Linux 6.18), a thread named "my prog.v2"
    LogRecord r = Collect.one(UTC, "[ 2219.656351] my prog.v2[2493]: segfault at 0 ip 000055e0c2a4a1a9 "
        + "sp 00007ffd4c7e0f40 error 6 in crash[11a9,55e0c2a49000+1000] likely on CPU 1 (core 1, socket 0)");
    assertEquals(Format.DMESG, r.format());
    assertTrue(r.message().startsWith("my prog.v2[2493]: segfault at 0 ip"), r.message());
  }
}
