package dev.whokilled.framing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing: arbitrary lines never throw, and kernel records rendered in five framings read back the same.
 *
 * <p>In a normal build the {@code @FuzzTest}s run once on an empty input (regression mode); with
 * {@code JAZZER_FUZZ=1} they fuzz. Both properties also run from a seeded random source in every build.
 */
final class FramerFuzzTest {

  /** Auto mode and every fixed format. */
  static final List<Framing> FRAMINGS = framings();

  private static List<Framing> framings() {
    List<Framing> all = new ArrayList<>();
    all.add(Framing.auto());
    for (Format f : Format.values()) {
      all.add(Framing.of(f));
    }
    return List.copyOf(all);
  }

  /** Real kernel messages, some of which look like other framings' prefixes. */
  private static final List<String> REAL = List.of(
      "Out of memory: Killed process 2141 (python3) total-vm:75364kB, anon-rss:65148kB, file-rss:6616kB,"
          + " shmem-rss:0kB, UID:0 pgtables:192kB oom_score_adj:0",
      "python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
      "usb 1-1: new high-speed USB device number 2 using xhci_hcd",
      "[Firmware Bug]: TSC doesn't count with P0 frequency!",
      " oom_kill_process.cold+0x8/0x8a",
      "[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name",
      "sf[2222]: segfault at 0 ip 000055f5b7d04139 sp 00007fffb586c5c0 error 4 in sf[1139,55f5b7d04000+1000]",
      "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,task=my (app) x,pid=2862,uid=0",
      "Memory cgroup out of memory: Killed process 2862 (my (app) x) total-vm:75176kB",
      "EXT4-fs (vda): mounted filesystem 00000000-0000-0000-0000-000000000000 r/w without journal",
      "rcu: \tRCU restricting CPUs from NR_CPUS=256 to nr_cpu_ids=2.",
      "caf\u00e9 \\ backslash \u4e2d\u6587",
      "");

  private static final String SAFE = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,=()/-_+*";

  /**
   * Arbitrary lines in any framing: no exception, every record within the lines fed.
   *
   * @param data the fuzzer's bytes
   */
  @FuzzTest(maxDuration = "30s")
  void framer_arbitraryLines(FuzzedDataProvider data) {
    Framing framing = FRAMINGS.get(data.consumeInt(0, FRAMINGS.size() - 1));
    List<String> lines = new ArrayList<>();
    while (data.remainingBytes() > 0 && lines.size() < 64) {
      lines.add(data.consumeString(300));
    }
    framesWithoutFailing(framing, lines);
  }

  /** Framer: arbitrary lines randomly. */
  @Test
  void framer_arbitraryLinesRandomly() {
    Random random = new Random(8);
    String[] pieces = {"[", "]", " ", "  ", "<", ">", "6,", ",", ";", "-", ":", "{", "}", "\"", "\\x", "#0", "\n",
      "Apr 20 ", "20:03:27 ", "2021-12-10T17:49:55", ".123", "+00:00", "kernel: ", "host ", "x[1]: ", "kern  :",
      "info  : ", "__CURSOR=", "MESSAGE=", "    ", "Sun 2017-12-24 16:02:24 UTC [s=", "Linux version ", "-- Boot ",
      "1", "0.000000", "\u0000", "\ud800", "\udc00", "月", "\t", "4812:", "$ ", "[root@h ~]# ", "\r"};
    for (int round = 0; round < 400; round++) {
      List<String> lines = new ArrayList<>();
      for (int n = random.nextInt(20); n > 0; n--) {
        StringBuilder sb = new StringBuilder();
        for (int k = random.nextInt(12); k > 0; k--) {
          if (random.nextInt(5) == 0) {
            sb.append((char) random.nextInt(0x10000));
          } else {
            sb.append(pieces[random.nextInt(pieces.length)]);
          }
        }
        lines.add(sb.toString());
      }
      framesWithoutFailing(FRAMINGS.get(random.nextInt(FRAMINGS.size())), lines);
    }
  }

  private static void framesWithoutFailing(Framing framing, List<String> lines) {
    Framer framer = new Framer(framing, "fuzz", Collect.NOW);
    Collect c = new Collect();
    for (String line : lines) {
      framer.accept(line, c);
    }
    framer.finish(c);
    int n = lines.size();
    assertEquals(n, framer.lines());
    for (LogRecord r : c.records) {
      assertTrue(r.line() >= 1 && r.line() <= n, r.toString());
      assertNotNull(r.message());
      assertNotNull(r.text());
    }
    for (String notice : c.notices) {
      assertTrue(!notice.contains("could not read the framing"), notice);
    }
  }

  /**
   * A kernel record rendered in five framings reads back to the same message, uptime and origin.
   *
   * @param data the fuzzer's bytes
   */
  @FuzzTest(maxDuration = "30s")
  void framer_renderedKernelRecordsReadBack(FuzzedDataProvider data) {
    long micros = data.consumeLong(0, 99_999_999_999_999L);
    int level = data.consumeInt(0, 7);
    int facility = data.consumeInt(0, 23);
    String message = data.consumeBoolean()
        ? REAL.get(data.consumeInt(0, REAL.size() - 1))
        : safe(data.consumeAsciiString(80));
    readsBack(micros, level, facility, message);
  }

  /** Framer: rendered kernel records read back randomly. */
  @Test
  void framer_renderedKernelRecordsReadBackRandomly() {
    Random random = new Random(20261122);
    for (int i = 0; i < 3000; i++) {
      long micros = random.nextInt(4) == 0 ? 0 : Math.floorMod(random.nextLong(), 99_999_999_999_999L);
      String message;
      if (random.nextBoolean()) {
        message = REAL.get(random.nextInt(REAL.size()));
      } else {
        StringBuilder sb = new StringBuilder();
        for (int k = random.nextInt(60); k > 0; k--) {
          sb.append(SAFE.charAt(random.nextInt(SAFE.length())));
        }
        message = sb.toString();
      }
      readsBack(micros, random.nextInt(8), random.nextInt(24), message);
    }
  }

  private static String safe(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      sb.append(SAFE.indexOf(c) >= 0 ? c : 'x');
    }
    return sb.toString();
  }

  private static void readsBack(long micros, int level, int facility, String message) {
    String uptime = String.format("%5d.%06d", micros / 1_000_000, micros % 1_000_000);
    Duration expected = Duration.ofNanos(0).plusSeconds(micros / 1_000_000).plusNanos(micros % 1_000_000 * 1000);
    int pri = facility * 8 + level;
    Origin proven = facility == 0 ? Origin.KERNEL : Origin.USERSPACE;
    Framing framing = Framing.auto().withZone(ZoneOffset.UTC).withYear(2026);
    check(framing, "[" + uptime + "] " + message, Format.DMESG, Origin.KERNEL_LOG, expected, message, -1);
    // dmesg -r's facility 0 proves nothing (util-linux or-s a user record's facility into its level)
    check(framing, "<" + pri + ">[" + uptime + "] " + message, Format.DMESG_RAW,
        facility == 0 ? Origin.KERNEL_LOG : proven, expected, message, level);
    check(framing, pri + ",17," + micros + ",-;" + kmsgEscape(message), Format.KMSG, proven, expected, message,
        level);
    check(framing, "Apr 20 20:03:27 myhost kernel: [" + uptime + "] " + message, Format.SYSLOG,
        Origin.KERNEL_LOG, expected, message, -1);
    check(framing, "[" + uptime + "] myhost kernel: " + message, Format.JOURNAL_MONOTONIC, Origin.KERNEL_LOG,
        expected, message, -1);
  }

  private static void check(Framing framing, String line, Format format, Origin origin, Duration uptime,
      String message, int level) {
    List<LogRecord> records = Collect.frame(framing, line).records;
    String[] lines = message.split("\n", -1);
    assertEquals(lines.length, records.size(), line);
    LogRecord r = records.get(0);
    assertEquals(format, r.format(), line);
    assertEquals(origin, r.origin(), line);
    assertEquals(uptime, r.time().uptime(), line);
    assertEquals(message, r.message(), line);
    assertEquals(line, r.text(), line);
    if (level >= 0) {
      assertEquals(level, r.level(), line);
    }
  }

  /** As the kernel writes a message to /dev/kmsg: control bytes, DEL and up, and the backslash escaped. */
  private static String kmsgEscape(String message) {
    StringBuilder sb = new StringBuilder();
    for (byte b : message.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      int v = b & 0xff;
      if (v < 32 || v >= 127 || v == '\\') {
        sb.append(String.format("\\x%02x", v));
      } else {
        sb.append((char) v);
      }
    }
    return sb.toString();
  }
}
