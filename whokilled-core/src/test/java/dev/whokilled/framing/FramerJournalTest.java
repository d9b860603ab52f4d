package dev.whokilled.framing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.event.EventTime.Precision;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** journalctl's structured outputs: verbose, json, json-pretty, json-seq, export. */
final class FramerJournalTest {

  private static final Framing UTC = Framing.auto().withZone(ZoneOffset.UTC);

  /** Json: one line kernel record. */
  @Test
  void json_oneLineKernelRecord() {
    Collect c = Collect.frame(UTC, Collect.publicExample("journal_json_oneline_kernel.txt"));
    assertEquals(1, c.records.size());
    LogRecord r = c.records.get(0);
    assertEquals(Format.JOURNAL_JSON, r.format());
    assertEquals(Origin.KERNEL, r.origin());
    assertEquals("EXT4-fs error (device sdc2): ext4_wait_block_bitmap:519: comm Trash:store1: Cannot read block"
        + " bitmap - block_group = 2571, block_bitmap = 83886091", r.message());
    assertTrue(r.text().startsWith("{ \"__CURSOR\" : "));
    assertEquals("vla2-6758.search.yandex.net", r.host());
    assertEquals("kernel", r.identifier());
    assertEquals(0, r.facility());
    assertEquals(2, r.level());
    assertEquals("c4b33c96f240457abc130dcb73da2b24", r.time().bootId());
    assertEquals(Duration.ofSeconds(108_101, 136_410_000), r.time().uptime());
    // journald read it 286 ms after the kernel wrote it (__MONOTONIC_TIMESTAMP against the kernel's
    // _SOURCE_MONOTONIC_TIMESTAMP): __REALTIME_TIMESTAMP 05:10:04.928338 less that lag is the kernel's time
    assertEquals(Instant.parse("2020-09-08T05:10:04.642423Z"), r.time().wall());
    assertEquals(Precision.MICROS, r.time().wallPrecision());
    assertFalse(r.time().zoneAssumed());
    assertEquals(List.of(), c.notices);
  }

  /** Json pretty: two objects. */
  @Test
  void jsonPretty_twoObjects() {
    Collect c = Collect.frame(UTC, Collect.publicExample("journal_json_pretty_kernel.txt"));
    assertEquals(2, c.records.size());
    LogRecord first = c.records.get(0);
    assertEquals(1, first.line());
    assertEquals("docker0: port 17(veth4835feb) entered forwarding state", first.message());
    assertEquals(first.message(), first.text());
    assertEquals("52d8de9e7181", first.host());
    assertEquals("38b240d1c81c4e7a87887dbf1f71b94e", first.time().bootId());
    LogRecord second = c.records.get(1);
    assertEquals(10, second.line());
    assertEquals("usb 2-3: USB disconnect, device number 16", second.message());
    assertEquals(Origin.KERNEL, second.origin());
  }

  /** Json: byte arrays string arrays and nulls. */
  @Test
  void json_byteArraysStringArraysAndNulls() {
    LogRecord bytes = Collect.one(UTC, "{\"MESSAGE\":[104,105,32,255],\"_TRANSPORT\":\"stdout\",\"_PID\":\"42\"}");
    assertEquals("hi \uFFFD", bytes.message());
    assertEquals(Origin.USERSPACE, bytes.origin());
    assertEquals(42L, bytes.senderPid());
    LogRecord strings = Collect.one(UTC, "{\"MESSAGE\":[\"first\",\"second\"],\"SYSLOG_IDENTIFIER\":null}");
    assertEquals("first", strings.message());
    assertNull(strings.identifier());
    assertEquals(Origin.UNKNOWN, strings.origin());
  }

  /** Json: escapes and multi line message. */
  @Test
  void json_escapesAndMultiLineMessage() {
    Collect c = Collect.frame(UTC,
        "{\"MESSAGE\":\"a \\\"q\\\" \\u00e9\\nsecond \\ud800 line\",\"__REALTIME_TIMESTAMP\":\"1000001\"}");
    assertEquals(List.of("a \"q\" é", "second \ud800 line"), c.messages());
    assertEquals(Instant.ofEpochSecond(1, 1000), c.records.get(1).time().wall());
    assertEquals(1, c.records.get(1).line());
  }

  /** Json: seq. */
  @Test
  void json_seq() {
    LogRecord r = Collect.one(UTC, "\u001e{\"MESSAGE\":\"x\",\"_TRANSPORT\":\"kernel\"}");
    assertEquals(Format.JOURNAL_JSON, r.format());
    assertEquals("x", r.message());
  }

  /** Json: malformed is kept with anotice. */
  @Test
  void json_malformedIsKeptWithANotice() {
    String line = "{\"MESSAGE\":\"x\",\"_PID\":{\"nested\":1}}";
    Collect c = Collect.frame(UTC, line);
    assertEquals(List.of(LogRecord.plain("test", 1, line)), c.records);
    assertEquals(List.of("1: unreadable journal JSON (nested object at character 23): kept as a bare message"),
        c.notices);
  }

  /** Json: other json is plain without notice. */
  @Test
  void json_otherJsonIsPlainWithoutNotice() {
    String line = "{\"log\":\"Killed\\n\",\"stream\":\"stderr\",\"time\":\"2021-01-01T00:00:00Z\"}";
    Collect c = Collect.frame(UTC, line);
    assertEquals(Format.PLAIN, c.records.get(0).format());
    assertEquals(line, c.records.get(0).message());
    assertEquals(List.of(), c.notices);
  }

  /** Json pretty: unclosed or too long is read line by line. */
  @Test
  void jsonPretty_unclosedOrTooLongIsReadLineByLine() {
    Collect unclosed = Collect.frame(UTC, "{", "  \"MESSAGE\" : \"x\",", "[ 1.000000] later");
    assertEquals(List.of("{", "\"MESSAGE\" : \"x\",", "later"), unclosed.messages());
    assertEquals(3, unclosed.records.get(2).line());
    assertEquals(Format.DMESG, unclosed.records.get(2).format());
    assertEquals(List.of("1: journal JSON object not closed before the end"), unclosed.notices);
    List<String> lines = new ArrayList<>();
    lines.add("{");
    for (int i = 0; i < 1100; i++) {
      lines.add("  \"F" + i + "\" : \"v\",");
    }
    lines.add("}");
    Collect tooLong = Collect.frame(UTC, lines);
    assertEquals(1102, tooLong.records.size());
    assertEquals(List.of("1: journal JSON object longer than 1024 lines or 1 MiB: kept as bare messages"),
        tooLong.notices);
  }

  /** Verbose: kernel and userspace records. */
  @Test
  void verbose_kernelAndUserspaceRecords() {
    Collect c = Collect.frame(UTC, Collect.publicExample("journal_verbose_kernel_be2net.txt"));
    assertEquals(2, c.records.size());
    LogRecord k = c.records.get(0);
    assertEquals(Format.JOURNAL_VERBOSE, k.format());
    assertEquals(Origin.KERNEL, k.origin());
    assertEquals("be2net 0000:06:00.0 eno49: Link is Down", k.message());
    assertEquals(k.message(), k.text());
    assertEquals(1, k.line());
    assertEquals("rdmewa22nce-h-pe4c7cn-013.rdmewa22.vzcpe.net", k.host());
    assertEquals(Duration.ofSeconds(9_986_115, 138_436_000), k.time().uptime());
    assertEquals(Instant.parse("2017-10-24T10:37:50.315725Z"), k.time().wall());
    assertEquals("0a163cddc55946f889e0c7d0d3b917e8", k.time().bootId());
    assertEquals(6, k.level());
    LogRecord u = c.records.get(1);
    assertEquals(14, u.line());
    assertEquals(Origin.USERSPACE, u.origin());
    assertEquals("libvirtd", u.identifier());
    assertEquals(3, u.level());
    assertEquals("Failed to acquire pid file '/var/run/libvirtd.pid': Resource temporarily unavailable",
        u.message());
    assertEquals(0, u.bootIndex());
  }

  /** Verbose: pager chopped lines. */
  @Test
  void verbose_pagerChoppedLines() {
    Collect c = Collect.frame(UTC, Collect.publicExample("journal_verbose_pager_chopped.txt"));
    assertEquals(3, c.records.size());
    LogRecord r = c.records.get(1);
    assertEquals(Format.JOURNAL_VERBOSE, r.format());
    assertEquals(Origin.KERNEL, r.origin());
    assertEquals("Linux version 5.15.0-1042-gcp (buildd@bos03-amd64-005) (gcc (Ubuntu 9.4.0-1ubuntu1~20.04.2)"
        + " 9.4.0, GNU ld (GNU Binutils fo", r.message());
    assertEquals(Duration.ZERO, r.time().uptime());
    assertEquals("c23c6d317d044a6c80ef6b4aac5ecf8d", r.time().bootId());
    assertEquals("ubuntu", r.host());
    assertEquals(Instant.parse("2023-09-21T22:23:14.003447Z"), r.time().wall());
    assertEquals("", c.records.get(2).message());
    assertEquals(6, c.records.get(2).level());
  }

  /** Verbose: multi line message and header time. */
  @Test
  void verbose_multiLineMessageAndHeaderTime() {
    Collect c = Collect.frame(UTC,
        "Sun 2017-12-24 16:02:24.123456 CET [s=8f;i=1a2;b=3c;x=9]",
        "    _TRANSPORT=stdout",
        "    MESSAGE=Traceback (most recent call last):",
        "              File \"x.py\", line 1",
        "    _PID=99");
    assertEquals(List.of("Traceback (most recent call last):", "  File \"x.py\", line 1"), c.messages());
    LogRecord r = c.records.get(0);
    assertEquals(Instant.parse("2017-12-24T16:02:24.123456Z"), r.time().wall());
    assertTrue(r.time().zoneAssumed());
    assertEquals(99L, r.senderPid());
    assertEquals("3c", r.time().bootId());
  }

  /** Verbose: field lines capped. */
  @Test
  void verbose_fieldLinesCapped() {
    List<String> lines = new ArrayList<>();
    lines.add("Tue 2017-10-24 10:37:50.315725 UTC [s=6b;i=1;b=0a;m=1;t=2;x=9]");
    for (int i = 0; i < 600; i++) {
      lines.add("    F" + i + "=v");
    }
    lines.add("    MESSAGE=too late");
    Collect c = Collect.frame(UTC, lines);
    assertEquals(List.of(""), c.messages());
    assertEquals(List.of("1: journal record has more than 512 field lines: the rest were skipped"), c.notices);
  }

  /** Verbose: long message cut. */
  @Test
  void verbose_longMessageCut() {
    String big = "x".repeat(70_000);
    Collect c = Collect.frame(UTC, "Tue 2017-10-24 10:37:50 UTC [s=6b;i=1;b=0a;m=1;t=2;x=9]", "    MESSAGE=" + big);
    assertEquals(65_536, c.records.get(0).message().length());
    assertEquals(List.of("1: journal message cut to 65536 characters"), c.notices);
  }

  /** Export: kernel record. */
  @Test
  void export_kernelRecord() {
    Collect c = Collect.frame(UTC, Collect.publicExample("journal_export_kernel_record.txt"));
    assertEquals(4, c.records.size());
    LogRecord r = c.records.get(3);
    assertEquals(Format.JOURNAL_EXPORT, r.format());
    assertEquals(4, r.line());
    assertEquals("random: nonblocking pool is initialized", r.message());
    assertEquals(Origin.KERNEL, r.origin());
    assertEquals(5, r.level());
    assertEquals(Duration.ofNanos(148_159_245_000L), r.time().uptime());
    // __REALTIME_TIMESTAMP 17:52:42.044566 is when journald read it, 813 µs after the kernel wrote it
    assertEquals(Instant.parse("2015-02-21T17:52:42.043753Z"), r.time().wall());
    assertEquals("systemd.cf", r.host());
  }

  /** Export: binary field skipped. */
  @Test
  void export_binaryFieldSkipped() {
    Collect c = Collect.frame(UTC, Collect.publicExample("journal_export_with_binary_field.txt"));
    assertEquals(1, c.records.size());
    LogRecord r = c.records.get(0);
    assertEquals("unable to update icon for livepatch", r.message());
    assertEquals("ubuntu-appindicators@ubuntu.com", r.identifier());
    assertEquals(1306L, r.senderPid());
    assertEquals(Origin.USERSPACE, r.origin());
    assertEquals(Instant.parse("2023-04-01T06:44:32.788150Z"), r.time().wall());
    assertEquals(List.of("9: binary journal field _SELINUX_CONTEXT skipped: its bytes do not survive being read"
        + " as lines"), c.notices);
  }

  /** Export: boot id change is anew boot. */
  @Test
  void export_bootIdChangeIsANewBoot() {
    Collect c = Collect.frame(UTC,
        "__CURSOR=a", "_BOOT_ID=b1", "MESSAGE=one", "",
        "__CURSOR=b", "_BOOT_ID=b1", "MESSAGE=two", "",
        "__CURSOR=c", "_BOOT_ID=b2", "MESSAGE=three");
    assertEquals(List.of("one", "two", "three"), c.messages());
    assertEquals(List.of(0, 0, 1), List.of(c.records.get(0).bootIndex(), c.records.get(1).bootIndex(),
        c.records.get(2).bootIndex()));
    assertEquals(List.of(1L, 5L, 9L), List.of(c.records.get(0).line(), c.records.get(1).line(),
        c.records.get(2).line()));
  }

  /**
   * A kernel record journald imported 227 s late (captured on the project's VM: journald started long after the
   * boot): its time is the kernel's, the boot ({@code __REALTIME_TIMESTAMP - __MONOTONIC_TIMESTAMP}, within the
   * second {@code btime} 1796519166 gives) plus {@code _SOURCE_MONOTONIC_TIMESTAMP}.
   */
  @Test
  void json_lateImportedKernelRecord_kernelsTime() {
    LogRecord r = Collect.one(UTC, "{\"_BOOT_ID\":\"f4599dd6995248338440f21991fdfdf7\",\"MESSAGE\":\"Memory cgroup out of memory: Killed"
        + " process 8216 (python3) total-vm:75176kB, anon-rss:65280kB, file-rss:6644kB, shmem-rss:0kB, UID:0 pg"
        + "tables:188kB oom_score_adj:0\",\"__REALTIME_TIMESTAMP\":\"1796519832000001\",\"_RUNTIME_SCOPE\":\"sy"
        + "stem\",\"_MACHINE_ID\":\"3d1219c7c4c5404aaa1f6d2a48adfda4\",\"__CURSOR\":\"s=00bc945f73cb476dad5928e"
        + "d744a8f4f;i=65e;b=f4599dd6995248338440f21991fdfdf7;m=27aacdde;t=661ecde6b1601;x=480fe00319fef647\",\""
        + "SYSLOG_FACILITY\":\"0\",\"__MONOTONIC_TIMESTAMP\":\"665505246\",\"SYSLOG_IDENTIFIER\":\"kernel\",\""
        + "_TRANSPORT\":\"kernel\",\"PRIORITY\":\"3\",\"_HOSTNAME\":\"vm\",\"_SOURCE_MONOTONIC_TIMESTAMP\":\"43"
        + "8245031\"}");
    assertEquals(Origin.KERNEL, r.origin());
    assertEquals(Duration.ofSeconds(438, 245_031_000), r.time().uptime());
    assertEquals(Instant.parse("2026-12-06T01:13:24.739786Z"), r.time().wall());
  }
}
