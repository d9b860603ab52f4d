package dev.whokilled.parsers.useroom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.whokilled.event.MemoryKiller;
import dev.whokilled.event.OomKill;
import dev.whokilled.event.Signal;
import dev.whokilled.parsers.testing.Collect;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Line-level tests of the systemd-oomd parser, one per message era, with real lines. */
final class SystemdOomdParserTest {

  static Collect lines(String... lines) {
    return Collect.framed(new SystemdOomdParser(1000), List.of(lines));
  }

  // https://github.com/systemd/systemd/issues/23606
  @Test
  void v249_memoryPressure_victimIsTheCgroup() {
    OomKill k = lines("Dec 18 19:34:56 user-desktop systemd-oomd[840]: Killed /user.slice/user-1001.slice/"
        + "user@1001.service/app.slice/app-org.gnome.Terminal.slice/vte-spawn-dbb4a75e.scope due to memory pressure "
        + "for /user.slice/user-1001.slice/user@1001.service being 51.07% > 50.00% for > 20s with reclaim activity")
        .only(OomKill.class);
    assertEquals(MemoryKiller.SYSTEMD_OOMD, k.killer());
    assertEquals("/user.slice/user-1001.slice/user@1001.service/app.slice/app-org.gnome.Terminal.slice/"
        + "vte-spawn-dbb4a75e.scope", k.victim().cgroup());
    assertEquals("vte-spawn-dbb4a75e.scope", k.victim().unit());
    assertNull(k.victim().pid());
    assertEquals(Signal.SIGKILL, k.signal());
    assertEquals("memory pressure for /user.slice/user-1001.slice/user@1001.service being 51.07% > 50.00% for > "
        + "20s with reclaim activity", k.reason());
    assertEquals(840L, k.trigger().pid());
    assertEquals("systemd-oomd", k.trigger().comm());
  }

  @Test
  void v248_swap_andV251_memoryAndSwap() {
    List<OomKill> k = lines(
        "Apr  1 10:00:00 h systemd-oomd[600]: Killed /user.slice/user-1000.slice/user@1000.service/app.slice/"
            + "app-firefox-123.scope due to swap used (7868358656) / total (8589930496) being more than 90.00%",
        "Apr  1 11:00:00 h systemd-oomd[600]: Killed /system.slice/build.service due to memory used (16353812480) / "
            + "total (16656191488) and swap used (7733805056) / total (8589930496) being more than 90.00%")
        .all(OomKill.class);
    assertEquals(2, k.size());
    assertEquals("app-firefox-123.scope", k.get(0).victim().unit());
    assertEquals("build.service", k.get(1).victim().unit());
  }

  // https://github.com/systemd/systemd/pull/42321 (short-monotonic, no host: the tag stays in the message)
  @Test
  void marked_withOneAttempt_namesThePid() {
    OomKill k = lines(
        "[   77.749597] systemd-oomd[659]: oomd attempting to kill 407 with KILL",
        "[   77.749670] systemd-oomd[659]: Marked /system.slice/systemd-journald.service for killing due to memory "
            + "pressure for /system.slice being 85.03% > 80.00% for > 2s with reclaim activity").only(OomKill.class);
    assertEquals(407L, k.victim().pid());
    assertEquals("systemd-journald.service", k.victim().unit());
    assertEquals(2, k.evidence().size());
    assertEquals(659L, k.trigger().pid());
  }

  // https://github.com/systemd/systemd/pull/20690 (the pager cut the line)
  @Test
  void twoAttempts_noPid_cutLineStillRead() {
    OomKill k = lines(
        "Sep 10 14:59:49 image systemd-oomd[34]: oomd attempting to kill 63 with KILL",
        "Sep 10 14:59:49 image systemd-oomd[34]: oomd attempting to kill 66 with KILL",
        "Sep 10 14:59:49 image systemd-oomd[34]: Killed /testsuite.slice/t.slice/testsuite-55-testbloat.service due"
            + " to memory pressure for /testsuite.slice/t.slice be>").only(OomKill.class);
    assertNull(k.victim().pid());
    assertEquals(3, k.evidence().size());
    assertEquals("testsuite-55-testbloat.service", k.victim().unit());
  }

  // https://github.com/omacom/omarchy/issues/9799 (the reporter shortened the path and dropped the reason)
  @Test
  void markedWithoutReason_andShortenedPath() {
    OomKill k = lines("Sep 02 13:07:24 systemd-oomd[885]: Marked /user.slice/.../app-Hyprland-xdg\\x2dterminal"
        + "\\x2dexec-0ae8dde6.scope for killing").only(OomKill.class);
    assertEquals("app-Hyprland-xdg\\x2dterminal\\x2dexec-0ae8dde6.scope", k.victim().unit());
    assertNull(k.reason());
  }

  @Test
  void dryRun_candidates_andOtherWriters_areNotKills() {
    assertEquals(List.of(), lines(
        "Apr  1 10:00:00 h systemd-oomd[600]: oomd dry-run: Would have tried to kill /sys/fs/cgroup/a.slice/b.scope"
            + " and all its descendants",
        "Apr  1 10:00:00 h systemd-oomd[600]: Considered 3 cgroups for killing, top candidates were:",
        "Apr  1 10:00:00 h systemd-oomd[600]:         Path: /a.slice/b.scope",
        "Apr  1 10:00:00 h someone[1]: Killed /a.slice/b.scope due to memory pressure for /a.slice being 99.00%")
        .events);
  }
}
