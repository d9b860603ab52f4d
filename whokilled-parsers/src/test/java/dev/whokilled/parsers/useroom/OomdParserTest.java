package dev.whokilled.parsers.useroom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.whokilled.event.MemoryKiller;
import dev.whokilled.event.OomKill;
import dev.whokilled.event.Signal;
import dev.whokilled.parsers.testing.Collect;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Line-level tests of Meta oomd's kill lines. No public log with them was found; the lines follow oomd's sources
 * ({@code BaseKillPlugin::tryToLogAndKillCgroup}, {@code SystemdRestart}) and the string its own log test uses.
 */
final class OomdParserTest {

  static Collect lines(String... lines) {
    return Collect.framed(new OomdParser(1000), List.of(lines));
  }

  @Test
  void v2_rulesetLine_inTheKernelLog() {
    OomKill k = lines("<14>[1813654.116643] oomd kill: 81.28 80.05 42.78 workload.slice/workload-tw.slice/"
        + "job.service 1073741824 ruleset:[protection against high memory pressure] detectorgroup:[sustained high "
        + "pressure] killer:kill_by_memory_size_or_growth v2").only(OomKill.class);
    assertEquals(MemoryKiller.OOMD, k.killer());
    assertEquals("/workload.slice/workload-tw.slice/job.service", k.victim().cgroup());
    assertEquals("job.service", k.victim().unit());
    assertEquals(Signal.SIGKILL, k.signal());
    assertEquals("oomd", k.trigger().comm());
  }

  // the string of src/oomd/LogTest.cpp in facebookincubator/oomd (v0.1's format, detector and killer)
  @Test
  void v01_detectorLine() {
    OomKill k = lines("oomd kill: 10.00 60.00 600.00 Evil  1999 detector:swap,12345MB killer:Evaporate ")
        .only(OomKill.class);
    assertEquals("/Evil", k.victim().cgroup());
  }

  @Test
  void oomdsOwnListOfProcesses_namesTheOnlyOne() {
    OomKill k = lines(
        "Apr 12 20:40:03 seireitei oomd[14628]: [../src/oomd/plugins/BaseKillPlugin.cpp:287] Killed 1: "
            + "4242(stress)",
        "Apr 12 20:40:03 seireitei kernel: oomd kill: 7.09 2.07 0.46 user.slice/user-1000.slice/session-12.scope "
            + "7345000000 ruleset:[user session protection] detectorgroup:[user pressure above 60 for 30s] "
            + "killer:kill_by_memory_size_or_growth v2").only(OomKill.class);
    assertEquals(4242L, k.victim().pid());
    assertEquals("stress", k.victim().comm());
    assertEquals("session-12.scope", k.victim().unit());
    assertEquals(2, k.evidence().size());
  }

  @Test
  void dryRun_isNotAKill_restartIsOne() {
    assertEquals(List.of(), lines("oomd kill: 1.00 2.00 3.00 a.slice/b.service 10 ruleset:[r] detectorgroup:[d] "
        + "killer:(dry)kill_by_swap_usage v2", "oomd kill: restarted systemd service=x.service (dry)").events);
    OomKill k = lines("oomd kill: restarted systemd service=chef.service").only(OomKill.class);
    assertEquals("chef.service", k.victim().unit());
    assertEquals(Signal.SIGTERM, k.signal());
    assertNull(k.victim().pid());
  }
}
