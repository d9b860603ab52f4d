package dev.whokilled.framing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reboots within one stream. */
final class FramerBootTest {

  private static final Framing UTC = Framing.auto().withZone(ZoneOffset.UTC);

  private static List<Integer> boots(String... lines) {
    List<Integer> out = new ArrayList<>();
    for (LogRecord r : Collect.frame(UTC, lines).records) {
      out.add(r.bootIndex());
    }
    return out;
  }

  /** Boot: linux version at uptime zero. */
  @Test
  void boot_linuxVersionAtUptimeZero() {
    assertEquals(List.of(0, 0, 1, 1), boots("[    0.000000] Linux version 6.1", "[  100.000000] a",
        "[    0.000000] Linux version 6.2", "[    0.500000] b"));
  }

  /** Boot: uptime falls back. */
  @Test
  void boot_uptimeFallsBack() {
    assertEquals(List.of(0, 1, 1), boots("[  100.000000] a", "[    0.400000] b", "[    0.500000] c"));
    assertEquals(List.of(0, 0), boots("[  100.000000] a", "[   50.000000] b"));
    assertEquals(List.of(0, 0), boots("[    1.500000] a", "[    0.900000] b"));
  }

  /** Boot: syslog kernel lines. */
  @Test
  void boot_syslogKernelLines() {
    assertEquals(List.of(0, 0, 1), boots("Apr 20 20:03:27 h kernel: [ 5000.000000] a", "Apr 20 20:04:27 h app: b",
        "Apr 20 20:06:00 h kernel: [    0.000000] Linux version 6.1"));
  }

  /** Boot: without uptime. */
  @Test
  void boot_withoutUptime() {
    assertEquals(List.of(0, 1), boots("[Mon Dec 25 19:52:55 2017] a", "[Mon Dec 25 20:00:00 2017] Linux version 6.1"));
    assertEquals(List.of(0, 0), boots("Apr 20 20:03:27 h app: a", "Apr 20 20:03:28 h app: Linux version 1"));
  }

  /** Boot: journal separators. */
  @Test
  void boot_journalSeparators() {
    assertEquals(List.of(0, 1, 1, 2, 2), boots("[   66.000000] h kernel: a", "-- Boot 3b0e61d2 --",
        "[    0.000000] h kernel: Linux version 6.1", "-- Reboot --", "[    1.000000] h kernel: b"));
  }

  /** Boot: kmsg restart. */
  @Test
  void boot_kmsgRestart() {
    assertEquals(List.of(0, 0, 1), boots("6,10,5000000,-;a", "6,11,5000001,-;b", "5,0,0,-;Linux version 6.2"));
  }

  /** Boot: first linux version is boot zero. */
  @Test
  void boot_firstLinuxVersionIsBootZero() {
    assertEquals(List.of(0), boots("[    0.000000] Linux version 6.1"));
  }

  /** Boot: journal json boot ids. */
  @Test
  void boot_journalJsonBootIds() {
    assertEquals(List.of(0, 0, 1), boots("{\"MESSAGE\":\"a\",\"_BOOT_ID\":\"1\",\"__MONOTONIC_TIMESTAMP\":\"9000000\"}",
        "{\"MESSAGE\":\"Linux version 1\",\"_BOOT_ID\":\"1\",\"__MONOTONIC_TIMESTAMP\":\"0\"}",
        "{\"MESSAGE\":\"b\",\"_BOOT_ID\":\"2\"}"));
  }
}
