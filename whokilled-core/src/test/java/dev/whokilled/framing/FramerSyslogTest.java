package dev.whokilled.framing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.event.EventTime.Precision;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Syslog files, rsyslog's RFC 3339 format and journalctl's short formats. */
final class FramerSyslogTest {

  private static final Framing UTC = Framing.auto().withZone(ZoneOffset.UTC);

  /** Syslog: kern log with uptime. */
  @Test
  void syslog_kernLogWithUptime() {
    LogRecord r = Collect.one(UTC, "Apr 20 20:03:27 myhost kernel: [  66.634803] Out of memory: Killed process"
        + " 2141 (python3) total-vm:75364kB");
    assertEquals(Format.SYSLOG, r.format());
    assertEquals(Origin.KERNEL_LOG, r.origin());
    assertEquals("myhost", r.host());
    assertEquals("kernel", r.identifier());
    assertNull(r.senderPid());
    assertEquals("Out of memory: Killed process 2141 (python3) total-vm:75364kB", r.message());
    assertEquals(Duration.ofSeconds(66, 634_803_000), r.time().uptime());
    assertEquals(Instant.parse("2026-04-20T20:03:27Z"), r.time().wall());
    assertEquals(Precision.SECONDS, r.time().wallPrecision());
    assertTrue(r.time().yearAssumed());
    assertFalse(r.time().zoneAssumed());
    assertNull(r.time().bootId());
    assertEquals(-1, r.facility());
  }

  /**
   * What {@code logger -t kernel} (util-linux 2.38) sends: facility user ({@code <13>}, and {@code <11>} for
   * {@code -p kern.err}, which it turns into user.err), or with {@code -i} the writer's pid in the tag. None of it
   * is the kernel's, whatever the tag says; the plain file rendering of the first one cannot be told apart.
   */
  @Test
  void kernelTag_fromUserProcess_userspace() {
    String kill = "Out of memory: Killed process 1 (systemd) total-vm:167744kB, anon-rss:0kB, file-rss:0kB,"
        + " shmem-rss:0kB, UID:0 pgtables:96kB oom_score_adj:0";
    LogRecord user = Collect.one(UTC, "<13>Dec  6 01:14:12 vm kernel: " + kill);
    assertEquals(Origin.USERSPACE, user.origin());
    assertEquals(1, user.facility());
    assertEquals("kernel", user.identifier());
    assertEquals(Origin.USERSPACE, Collect.one(UTC, "<11>Dec  6 01:14:12 vm kernel: " + kill).origin());
    LogRecord withPid = Collect.one(UTC, "<13>Dec  6 01:14:12 vm kernel[8856]: " + kill);
    assertEquals(Origin.USERSPACE, withPid.origin());
    assertEquals(8856L, withPid.senderPid());
    assertEquals(Origin.USERSPACE, Collect.one(UTC, "Dec  6 01:14:12 vm kernel[8856]: " + kill).origin());
    assertEquals(Origin.KERNEL_LOG, Collect.one(UTC, "<0>Dec  6 01:14:12 vm kernel: " + kill).origin());
    assertEquals(Origin.KERNEL_LOG, Collect.one(UTC, "Dec  6 01:14:12 vm kernel: " + kill).origin());
  }

  /** Syslog: year and zone given. */
  @Test
  void syslog_yearAndZoneGiven() {
    LogRecord r = Collect.one(Framing.of(Format.SYSLOG).withYear(2017).withZone(ZoneId.of("Europe/Berlin")),
        "Dec 24 16:02:24 host kernel: x");
    assertEquals(Instant.parse("2017-12-24T15:02:24Z"), r.time().wall());
    assertFalse(r.time().yearAssumed());
    assertFalse(r.time().zoneAssumed());
  }

  /** Syslog: zone assumed without one. */
  @Test
  void syslog_zoneAssumedWithoutOne() {
    LogRecord r = Collect.one(Framing.auto().withYear(2017), "Dec 24 16:02:24 host kernel: x");
    assertTrue(r.time().zoneAssumed());
  }

  /** Syslog: stamp after now is last year. */
  @Test
  void syslog_stampAfterNowIsLastYear() {
    // now is 2026-11-22 12:00 UTC: Dec 31 would be in the future, so it was last year's
    assertEquals(Instant.parse("2025-12-31T23:59:59Z"),
        Collect.one(UTC, "Dec 31 23:59:59 host kernel: x").time().wall());
    assertEquals(Instant.parse("2026-11-23T06:00:00Z"),
        Collect.one(UTC, "Nov 23 06:00:00 host kernel: x").time().wall());
  }

  /** Syslog: tag with pid is userspace. */
  @Test
  void syslog_tagWithPidIsUserspace() {
    LogRecord r = Collect.one(UTC,
        "Dec 10 17:49:55 host systemd[1]: foo.service: Main process exited, code=killed, status=9/KILL");
    assertEquals(Origin.USERSPACE, r.origin());
    assertEquals("systemd", r.identifier());
    assertEquals(1L, r.senderPid());
    assertEquals("foo.service: Main process exited, code=killed, status=9/KILL", r.message());
  }

  /** Syslog: space padded day and priority. */
  @Test
  void syslog_spacePaddedDayAndPriority() {
    LogRecord r = Collect.one(UTC, "<13>Apr  2 08:00:01 host earlyoom[812]: low memory! at or below SIGTERM limits");
    assertEquals(Format.SYSLOG, r.format());
    assertEquals(Instant.parse("2026-04-02T08:00:01Z"), r.time().wall());
    assertEquals(1, r.facility());
    assertEquals(5, r.level());
    assertEquals(812L, r.senderPid());
    assertEquals("low memory! at or below SIGTERM limits", r.message());
  }

  /** Syslog: no tag no host. */
  @Test
  void syslog_noTagNoHost() {
    LogRecord noTag = Collect.one(UTC, "Apr 20 20:03:27 host last message repeated 3 times");
    assertEquals(Origin.UNKNOWN, noTag.origin());
    assertEquals("host", noTag.host());
    assertNull(noTag.identifier());
    assertEquals("last message repeated 3 times", noTag.message());
    LogRecord noHost = Collect.one(UTC, "Dec 14 17:13:12 kernel: Out of memory and no killable processes...");
    assertNull(noHost.host());
    assertEquals(Origin.KERNEL_LOG, noHost.origin());
    assertEquals("Out of memory and no killable processes...", noHost.message());
  }

  /** Syslog: kernel tag without stamp. */
  @Test
  void syslog_kernelTagWithoutStamp() {
    LogRecord bare = Collect.one(UTC, "kernel: httpd invoked oom-killer: gfp_mask=0x201d2, order=0, oomkilladj=0");
    assertEquals(Format.SYSLOG, bare.format());
    assertEquals(Origin.KERNEL_LOG, bare.origin());
    assertEquals("httpd invoked oom-killer: gfp_mask=0x201d2, order=0, oomkilladj=0", bare.message());
    LogRecord host = Collect.one(UTC, "host kernel: Out of Memory: Killed process 2592 (mysql).");
    assertEquals("host", host.host());
    assertEquals("Out of Memory: Killed process 2592 (mysql).", host.message());
    assertEquals(Format.PLAIN, Collect.one(UTC, "Booting the kernel: a story").format());
    assertEquals(Format.PLAIN, Collect.one(UTC, "kernel:panic").format());
  }

  /** Short precise: micros. */
  @Test
  void shortPrecise_micros() {
    Collect c = Collect.frame(UTC, Collect.publicExample("journal_short_precise.txt"));
    assertEquals(4, c.records.size());
    LogRecord r = c.records.get(3);
    assertEquals(Format.SYSLOG, r.format());
    assertEquals("debian", r.host());
    assertEquals(Instant.parse("2026-02-25T02:17:23.238768Z"), r.time().wall());
    assertEquals(Precision.MICROS, r.time().wallPrecision());
    assertEquals("Out of memory: Killed process 81816 (clang++) total-vm:794600kB, anon-rss:669776kB,"
        + " file-rss:1788kB, shmem-rss:0kB, UID:1000 pgtables:1544kB oom_score_adj:200", r.message());
    assertEquals("[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name",
        c.records.get(1).message());
    assertNull(c.records.get(1).time().uptime());
  }

  /** Rsyslog: 012 splits into lines. */
  @Test
  void rsyslog_012SplitsIntoLines() {
    Collect c = Collect.frame(UTC, Collect.publicExample("rsyslog_012_escapes.txt"));
    assertEquals(List.of(
        "Mem-Info:",
        "active_anon:110175 inactive_anon:110433 isolated_anon:0",
        " active_file:68 inactive_file:2679 isolated_file:0",
        " unevictable:0 dirty:0 writeback:12 unstable:0",
        " slab_reclaimable:5434 slab_unreclaimable:5717",
        " mapped:64 shmem:2 pagetables:2572 bounce:0",
        " free:12219 free_pcp:83 free_cma:0"), c.messages().subList(0, 7));
    assertEquals(13, c.records.size());
    for (int i = 1; i < 7; i++) {
      assertEquals(2, c.records.get(i).line());
      assertEquals(c.records.get(1).time(), c.records.get(i).time());
      assertEquals(Origin.KERNEL_LOG, c.records.get(i).origin());
    }
    assertEquals("ip-10-0-0-12", c.records.get(7).host());
  }

  /** Rsyslog: 011 is tab. */
  @Test
  void rsyslog_011IsTab() {
    assertEquals("a\tb", Collect.one(UTC, "Apr 20 20:03:27 host app: a#011b").message());
  }

  /** Rsyslog: nginx's pid#tid is no DEL escape. */
  @Test
  void rsyslog_nginxPidHashTid_keptAsWritten() {
    assertEquals("2024/01/02 10:00:00 [alert] 1777#1777: worker process 1780 exited on signal 9",
        Collect.one(UTC, "Apr 20 20:03:27 host nginx: 2024/01/02 10:00:00 [alert] 1777#1777: worker process 1780 "
            + "exited on signal 9").message());
  }

  /** Open wrt: logread. */
  @Test
  void openWrt_logread() {
    Collect c = Collect.frame(UTC, Collect.publicExample("openwrt_logread.txt"));
    LogRecord r = c.records.get(0);
    assertEquals(Format.SYSLOG, r.format());
    assertEquals(Origin.KERNEL_LOG, r.origin());
    assertEquals(0, r.facility());
    assertEquals(3, r.level());
    assertEquals(Instant.parse("2020-01-25T09:40:15Z"), r.time().wall());
    assertFalse(r.time().yearAssumed());
    assertEquals(Duration.ofSeconds(22043, 40_139_000), r.time().uptime());
    assertEquals("Out of memory: Kill process 1039 (netifd) score 2 or sacrifice child", r.message());
    assertEquals(6, c.records.get(2).level());
  }

  /** Iso: rsyslog with uptime. */
  @Test
  void iso_rsyslogWithUptime() {
    Collect c = Collect.frame(Framing.auto(), Collect.publicExample("syslog_rfc3339.txt"));
    LogRecord r = c.records.get(1);
    assertEquals(Format.SYSLOG_ISO, r.format());
    assertEquals(Instant.parse("2013-06-14T23:31:40.514513Z"), r.time().wall());
    assertEquals(Precision.MICROS, r.time().wallPrecision());
    assertFalse(r.time().zoneAssumed());
    assertFalse(r.time().yearAssumed());
    assertEquals(Duration.ofSeconds(2, 682_472_000), r.time().uptime());
    assertEquals("MSG MSG ...", r.message());
    assertEquals("", c.records.get(3).message());
    assertEquals(Duration.ofSeconds(22246, 987_902_000), c.records.get(3).time().uptime());
    LogRecord systemd = c.records.get(4);
    assertEquals(Origin.USERSPACE, systemd.origin());
    assertEquals("largeweb2", systemd.host());
    assertEquals("systemd", systemd.identifier());
    assertEquals(1L, systemd.senderPid());
    assertEquals("user-1021.slice: A process of this unit has been killed by the OOM killer.", systemd.message());
  }

  /** Iso: short iso offset without colon. */
  @Test
  void iso_shortIsoOffsetWithoutColon() {
    Collect c = Collect.frame(Framing.auto(), Collect.publicExample("journal_short_iso.txt"));
    LogRecord r = c.records.get(0);
    assertEquals(Format.SYSLOG_ISO, r.format());
    assertEquals(Instant.parse("2023-09-08T15:20:30Z"), r.time().wall());
    assertEquals(Precision.SECONDS, r.time().wallPrecision());
    assertEquals("r710_fan_controller.sh", r.identifier());
    assertEquals(20911L, r.senderPid());
    assertEquals("Highest drive temperature: 43 Celcius.", r.message());
    assertEquals(Instant.parse("2023-09-08T15:20:30.655028Z"), c.records.get(3).time().wall());
  }

  /** Iso: millis and zulu. */
  @Test
  void iso_millisAndZulu() {
    LogRecord r = Collect.one(Framing.auto(), "2021-12-10T17:49:55.782Z host kernel: x");
    assertEquals(Instant.parse("2021-12-10T17:49:55.782Z"), r.time().wall());
    assertEquals(Precision.MILLIS, r.time().wallPrecision());
  }

  /** Iso: dmesg time format iso. */
  @Test
  void iso_dmesgTimeFormatIso() {
    LogRecord r = Collect.one(Framing.auto(), "2026-11-22T10:54:41,123456+00:00 Linux version 6.18.44");
    assertEquals(Format.DMESG_CTIME, r.format());
    assertEquals(Origin.KERNEL_LOG, r.origin());
    assertEquals(Instant.parse("2026-11-22T10:54:41.123456Z"), r.time().wall());
    assertEquals("Linux version 6.18.44", r.message());
  }

  /** Short pager: banner is plain. */
  @Test
  void shortPager_bannerIsPlain() {
    Collect c = Collect.frame(UTC, Collect.publicExample("journal_short_pager_cut.txt"));
    assertEquals(Format.PLAIN, c.records.get(0).format());
    assertEquals("sd 1:0:0:0: [sdb] Synchronizing SCSI cache", c.records.get(5).message());
    assertEquals("learner", c.records.get(5).host());
  }

  /** Monotonic: kernel ident. */
  @Test
  void monotonic_kernelIdent() {
    LogRecord r = Collect.one(UTC, "[   66.634803] myhost kernel: Out of memory: Killed process 2141 (python3)");
    assertEquals(Format.JOURNAL_MONOTONIC, r.format());
    assertEquals(Origin.KERNEL_LOG, r.origin());
    assertEquals("myhost", r.host());
    assertEquals("kernel", r.identifier());
    assertEquals(Duration.ofSeconds(66, 634_803_000), r.time().uptime());
    assertEquals("Out of memory: Killed process 2141 (python3)", r.message());
  }

  /** Monotonic: ident with pid. */
  @Test
  void monotonic_identWithPid() {
    LogRecord r = Collect.one(UTC, "[    5.123456] myhost systemd[1]: Started Journal Service.");
    assertEquals(Format.JOURNAL_MONOTONIC, r.format());
    assertEquals(Origin.USERSPACE, r.origin());
    assertEquals(1L, r.senderPid());
    assertEquals("Started Journal Service.", r.message());
  }

  /** Monotonic: kernel messages that look alike stay dmesg. */
  @Test
  void monotonic_kernelMessagesThatLookAlikeStayDmesg() {
    for (String line : List.of(
        "[    1.234567] usb 1-1: new high-speed USB device number 2 using xhci_hcd",
        "[    3.000000] EXT4-fs (vda): mounted filesystem with ordered data mode",
        "[    7.000000] sf[2222]: segfault at 0 ip 000055f5b7d04139 sp 00007fffb586c5c0 error 4",
        "[    7.000000] traps: prog[123] general protection fault ip:1 sp:2 error:0",
        "[    5.000000] systemd[1]: Started Journal Service.")) {
      LogRecord r = Collect.one(UTC, line);
      assertEquals(Format.DMESG, r.format(), line);
      assertEquals(line.substring(15), r.message(), line);
      assertNull(r.host(), line);
    }
  }

  /** Monotonic: stream that is ajournal reads every ident. */
  @Test
  void monotonic_streamThatIsAJournalReadsEveryIdent() {
    Collect c = Collect.frame(UTC, "[    1.000000] myhost kernel: x", "[    1.500000] myhost audit: y",
        "[    2.000000] usb 1-1: new device");
    assertEquals(Format.JOURNAL_MONOTONIC, c.records.get(1).format());
    assertEquals("audit", c.records.get(1).identifier());
    // the relaxed rule still wants a host: "usb" then "1-1:" reads as one, which is the price of stickiness
    assertEquals(Format.JOURNAL_MONOTONIC, c.records.get(2).format());
    assertEquals(Format.DMESG, Collect.one(UTC, "[    1.500000] myhost audit: y").format());
    assertEquals(Format.JOURNAL_MONOTONIC,
        Collect.one(Framing.of(Format.JOURNAL_MONOTONIC), "[    1.500000] myhost audit: y").format());
    assertEquals(Format.PLAIN,
        Collect.one(Framing.of(Format.JOURNAL_MONOTONIC), "[    1.500000] no ident here").format());
  }

  /** Multi line: journalctl short indents further lines. */
  @Test
  void multiLine_journalctlShortIndentsFurtherLines() {
    Collect c = Collect.frame(UTC, "Dec 10 17:49:55 host app[5]: first",
        "                             second", "                               indented");
    assertEquals(List.of("first", "second", "  indented"), c.messages());
    assertEquals(c.records.get(0).time(), c.records.get(1).time());
    assertEquals("app", c.records.get(1).identifier());
  }
}
