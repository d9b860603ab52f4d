package dev.whokilled.cli;

import static dev.whokilled.cli.TestSupport.array;
import static dev.whokilled.cli.TestSupport.object;
import static dev.whokilled.cli.TestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.cli.TestSupport.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --pid}, {@code --name}, {@code --container}, {@code --since}, {@code --until} and {@code --timeline}. */
final class QueryOptionsTest {

  @TempDir Path dir;

  static final Clock NOW = Clock.fixed(Instant.parse("2026-12-06T03:00:00Z"), ZoneOffset.UTC);

  // captured on the project's VM (whokilled-parsers corpus/witnesses/vm-cron-kill-with-suspects): a sleep traced by
  // strace, killed by a cron job's kill -9
  static final List<String> STRACE = List.of(
      "477   1796521668.242119 execve(\"/usr/bin/sleep\", [\"sleep\", \"300\"], 0x5647e75d6a90 /* 35 vars */) = 0",
      "477   1796521681.749428 +++ killed by SIGKILL +++");
  static final List<String> CRON = List.of(
      "<78>Dec  6 01:48:01 CRON[881]: (root) CMD ([882] kill -9 477)",
      "<78>Dec  6 01:48:01 CRON[881]: (root) END ([882] kill -9 477)");

  @Test
  void time_everyForm() {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    assertEquals(Instant.parse("2026-12-06T01:48:00Z"),
        QueryOptions.time("--since", "2026-12-06T01:48:00Z", berlin, NOW, false));
    assertEquals(Instant.parse("2026-12-06T00:48:00Z"),
        QueryOptions.time("--since", "2026-12-06T01:48", berlin, NOW, false), "local, in --zone");
    assertEquals(Instant.parse("2026-12-06T01:48:00Z"),
        QueryOptions.time("--since", "2026-12-06 02:48:00+01:00", berlin, NOW, false), "an offset wins");
    assertEquals(Instant.parse("2026-12-05T23:00:00Z"), QueryOptions.time("--since", "2026-12-06", berlin, NOW,
        false), "a date starts at midnight");
    assertEquals(Instant.parse("2026-12-06T22:59:59.999999999Z"),
        QueryOptions.time("--until", "2026-12-06", berlin, NOW, true), "and ends at the end of the day");
    assertEquals(Instant.parse("2026-12-06T01:00:00Z"), QueryOptions.time("--since", "2h ago", berlin, NOW, false));
    assertEquals(Instant.parse("2026-12-06T02:58:30Z"), QueryOptions.time("--since", "90s ago", berlin, NOW, false));
    assertEquals(Instant.parse("2026-12-05T03:00:00Z"),
        QueryOptions.time("--since", "1 day ago", berlin, NOW, false));
    assertEquals(NOW.instant(), QueryOptions.time("--until", "now", berlin, NOW, true));
    assertEquals("--since: cannot read 'yesterday': give an instant (2026-12-06T01:48:00Z), a local date and time "
        + "(2026-12-06T01:48), a date (2026-12-06) or an age (2h ago)", assertThrows(IllegalArgumentException.class,
            () -> QueryOptions.time("--since", "yesterday", berlin, NOW, false)).getMessage());
    assertEquals("--until: cannot read '3 fortnights ago': the unit of an age is s, m, h, d or w (90s ago, 30m ago, "
        + "2h ago, 1d ago)", assertThrows(IllegalArgumentException.class,
            () -> QueryOptions.time("--until", "3 fortnights ago", berlin, NOW, true)).getMessage());
  }

  private Path[] witnesses() throws IOException {
    return new Path[] {Files.write(dir.resolve("victim.strace"), STRACE), Files.write(dir.resolve("cron.syslog"),
        CRON)};
  }

  @Test
  void json_onlyTheDeathsAsked_sameShape() throws IOException {
    Path[] f = witnesses();
    Run all = run("--json", "--zone", "UTC", "--year", "2026", f[0].toString(), f[1].toString());
    assertEquals(1, array(object(TestSupport.parse(all.out())).get("deaths")).size(), all.out());
    Run one = run("--json", "--zone", "UTC", "--year", "2026", "--pid", "477", "--name", "SLEEP", "--since",
        "2026-12-06T01:48:01Z", "--until", "2026-12-06T01:48:02Z", f[0].toString(), f[1].toString());
    assertEquals(0, one.status(), one.err());
    var deaths = array(object(TestSupport.parse(one.out())).get("deaths"));
    assertEquals(1, deaths.size());
    assertEquals(List.of("victim", "time", "uptime", "cause", "confidence", "killer", "signal", "summary",
        "evidence", "alternatives", "advice"), List.copyOf(object(deaths.get(0)).keySet()));
    Run none = run("--json", "--zone", "UTC", "--year", "2026", "--pid", "478", f[0].toString(), f[1].toString());
    assertEquals(0, none.status());
    assertEquals(List.of(), array(object(TestSupport.parse(none.out())).get("deaths")));
  }

  @Test
  void timeline_everyWitnessInOrder() throws IOException {
    Path[] f = witnesses();
    Run r = run("--timeline", "--zone", "UTC", "--year", "2026", "--pid", "477", f[0].toString(), f[1].toString());
    assertEquals(0, r.status(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals("1. sleep (pid 477): unknown (60%)", lines.get(0));
    assertTrue(lines.get(1).startsWith("  2026-12-06 01:48:01 +00:00") && lines.get(1).contains("cron.syslog:1")
        && lines.get(1).contains("cron ") && lines.get(1).endsWith("(root) CMD ([882] kill -9 477)"), lines.get(1));
    assertTrue(lines.get(2).startsWith("  2026-12-06 01:48:01.749428 +00:00") && lines.get(2).contains(
        "victim.strace:2") && lines.get(2).contains("strace"), lines.get(2));
    assertTrue(lines.get(3).startsWith("  => sleep (pid 477) died of SIGKILL"), lines.get(3));
    Run none = run("--timeline", "--pid", "9", f[0].toString());
    assertEquals("No death of pid 9.", none.out().strip());
  }

  @Test
  void badValues_usageErrors() throws IOException {
    Path f = witnesses()[0];
    Run since = run("--since", "yesterday", f.toString());
    assertEquals(2, since.status());
    assertTrue(since.err().startsWith("whokilled: --since: cannot read 'yesterday'"), since.err());
    Run order = run("--since", "2026-12-07", "--until", "2026-12-06", f.toString());
    assertEquals(2, order.status());
    assertTrue(order.err().startsWith("whokilled: --since 2026-12-07 is after --until 2026-12-06"), order.err());
    Run json = run("--timeline", "--json", f.toString());
    assertEquals(2, json.status());
    assertTrue(json.err().startsWith("whokilled: --timeline is for people and does not go with --json"), json.err());
    Run pid = run("--pid", "0", f.toString());
    assertEquals(2, pid.status());
    assertTrue(pid.err().startsWith("whokilled: --pid must be positive: 0"), pid.err());
    assertEquals(2, run("--pid", "x", f.toString()).status());
  }
}
