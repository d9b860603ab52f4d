package dev.whokilled.framing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.event.EventTime.Precision;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The same kernel log captured seven ways must read as the same records. */
final class FramerRenderingsTest {

  private static final Framing UTC_2026 = Framing.auto().withYear(2026).withZone(ZoneOffset.UTC);

  private static Collect read(String file) {
    return Collect.frame(UTC_2026, Collect.resource(file));
  }

  /** Renderings: same messages in same order. */
  @Test
  void renderings_sameMessagesInSameOrder() {
    List<String> expected = read("dmesg.txt").messages();
    assertEquals(47, expected.size());
    for (String file : List.of("dmesg-r.txt", "dmesg-T.txt", "dmesg-x.txt", "dmesg-H.txt", "dmesg-d.txt",
        "kmsg.txt")) {
      assertEquals(expected, read(file).messages(), file);
    }
  }

  /** Renderings: real messages kept exactly. */
  @Test
  void renderings_realMessagesKeptExactly() {
    List<String> m = read("dmesg.txt").messages();
    assertEquals("Linux version 6.18.44-fc-v657 (builder@sandboxing) (gcc (GCC) 15.3.0, GNU ld (GNU Binutils)"
        + " 2.46) #1 SMP PREEMPT_DYNAMIC @0", m.get(0));
    assertEquals("[Firmware Bug]: TSC doesn't count with P0 frequency!", m.get(1));
    assertEquals("rcu: \tRCU restricting CPUs from NR_CPUS=256 to nr_cpu_ids=2.", m.get(6));
    assertEquals("\tTrampoline variant of Tasks RCU enabled.", m.get(7));
    assertEquals("amd_pstate: The CPPC feature is supported but currently disabled by the BIOS.", m.get(16));
    assertEquals("Please enable it if your BIOS has the CPPC option.", m.get(17));
    assertEquals("Memory cgroup out of memory: Killed process 2862 (my (app) x) total-vm:75176kB,"
        + " anon-rss:65152kB, file-rss:2220kB, shmem-rss:0kB, UID:0 pgtables:192kB oom_score_adj:0",
        m.get(46));
  }

  /** Renderings: formats detected. */
  @Test
  void renderings_formatsDetected() {
    assertEquals(Format.DMESG, read("dmesg.txt").records.get(0).format());
    assertEquals(Format.DMESG_RAW, read("dmesg-r.txt").records.get(0).format());
    assertEquals(Format.DMESG_CTIME, read("dmesg-T.txt").records.get(0).format());
    assertEquals(Format.DMESG_DECODED, read("dmesg-x.txt").records.get(0).format());
    assertEquals(Format.DMESG_RELATIVE, read("dmesg-H.txt").records.get(0).format());
    assertEquals(Format.DMESG_RELATIVE, read("dmesg-d.txt").records.get(0).format());
    assertEquals(Format.KMSG, read("kmsg.txt").records.get(0).format());
    for (String file : List.of("dmesg.txt", "dmesg-r.txt", "dmesg-T.txt", "dmesg-x.txt", "dmesg-H.txt",
        "dmesg-d.txt", "kmsg.txt")) {
      Collect c = read(file);
      for (LogRecord r : c.records) {
        assertEquals(c.records.get(0).format(), r.format(), file + ":" + r.line());
        assertEquals(0, r.bootIndex(), file + ":" + r.line());
      }
    }
  }

  /** Renderings: same uptimes. */
  @Test
  void renderings_sameUptimes() {
    List<LogRecord> plain = read("dmesg.txt").records;
    for (String file : List.of("dmesg-r.txt", "dmesg-x.txt", "dmesg-d.txt", "kmsg.txt")) {
      List<LogRecord> other = read(file).records;
      for (int i = 0; i < plain.size(); i++) {
        assertEquals(plain.get(i).time().uptime(), other.get(i).time().uptime(), file + " record " + i);
      }
    }
    assertEquals(Duration.ofSeconds(134, 53_893_000), plain.get(46).time().uptime());
    assertEquals(Duration.ZERO, plain.get(0).time().uptime());
  }

  /** Renderings: same facility and level. */
  @Test
  void renderings_sameFacilityAndLevel() {
    List<LogRecord> raw = read("dmesg-r.txt").records;
    for (String file : List.of("dmesg-x.txt", "kmsg.txt")) {
      List<LogRecord> other = read(file).records;
      for (int i = 0; i < raw.size(); i++) {
        assertEquals(raw.get(i).level(), other.get(i).level(), file + " record " + i);
        assertEquals(0, other.get(i).facility(), file + " record " + i);
        assertEquals(Origin.KERNEL, other.get(i).origin(), file + " record " + i);
      }
    }
    assertEquals(5, raw.get(0).level());
    assertEquals(4, raw.get(1).level());
    assertEquals(Origin.KERNEL_LOG, read("dmesg.txt").records.get(0).origin());
  }

  /** Ctime: wall minus uptime is one boot time. */
  @Test
  void ctime_wallMinusUptimeIsOneBootTime() {
    List<LogRecord> plain = read("dmesg.txt").records;
    List<LogRecord> ctime = read("dmesg-T.txt").records;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < plain.size(); i++) {
      Instant wall = ctime.get(i).time().wall();
      assertNotNull(wall);
      assertEquals(Precision.SECONDS, ctime.get(i).time().wallPrecision());
      assertTrue(ctime.get(i).time().zoneAssumed() == false);
      long boot = wall.toEpochMilli() - plain.get(i).time().uptime().toMillis();
      min = Math.min(min, boot);
      max = Math.max(max, boot);
    }
    assertTrue(max - min < 1000, "boot times differ by " + (max - min) + " ms");
    assertEquals(Instant.parse("2026-11-22T10:54:41Z"), ctime.get(0).time().wall());
    assertEquals(Instant.parse("2026-11-22T10:56:55Z"), ctime.get(46).time().wall());
  }

  /** Relative: wall is the minute of the ctime wall. */
  @Test
  void relative_wallIsTheMinuteOfTheCtimeWall() {
    List<LogRecord> ctime = read("dmesg-T.txt").records;
    List<LogRecord> rel = read("dmesg-H.txt").records;
    for (int i = 0; i < ctime.size(); i++) {
      assertEquals(ctime.get(i).time().wall().truncatedTo(ChronoUnit.MINUTES), rel.get(i).time().wall(),
          "record " + i);
      assertEquals(Precision.MINUTES, rel.get(i).time().wallPrecision());
      assertNull(rel.get(i).time().uptime());
    }
  }

  /** Kmsg: dictionary lines are no records and gaps are noticed. */
  @Test
  void kmsg_dictionaryLinesAreNoRecordsAndGapsAreNoticed() {
    Collect c = read("kmsg.txt");
    assertEquals(47, c.records.size());
    assertEquals(287, c.records.get(16).sequence());
    assertEquals(287, c.records.get(17).sequence());
    assertEquals(List.of(
        "2: kernel log records 1..1 were overwritten before they were read",
        "6: kernel log records 6..88 were overwritten before they were read",
        "11: kernel log records 94..192 were overwritten before they were read",
        "21: kernel log records 197..284 were overwritten before they were read",
        "26: kernel log records 290..344 were overwritten before they were read",
        "31: kernel log records 350..417 were overwritten before they were read",
        "40: kernel log records 427..502 were overwritten before they were read",
        "48: kernel log records 511..581 were overwritten before they were read"), c.notices);
  }

  /** Continuation: keeps the framing of its line. */
  @Test
  void continuation_keepsTheFramingOfItsLine() {
    List<LogRecord> r = read("dmesg-T.txt").records;
    assertEquals(r.get(16).time(), r.get(17).time());
    assertEquals(18, r.get(17).line());
    assertEquals(Format.DMESG_CTIME, r.get(17).format());
    assertTrue(r.get(17).text().startsWith("                           Please"));
  }
}
