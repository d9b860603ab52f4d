package dev.whokilled.parsers.useroom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.event.MemoryKiller;
import dev.whokilled.event.OomKill;
import dev.whokilled.event.Signal;
import dev.whokilled.parsers.testing.Collect;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Line-level tests of the earlyoom parser, one per message era, with real lines. */
final class EarlyoomParserTest {

  static final long MIB = 1L << 20;

  static Collect lines(String... lines) {
    return Collect.framed(new EarlyoomParser(1000), List.of(lines));
  }

  // https://github.com/rfjakob/earlyoom/issues/49
  @Test
  void v0_outOfMemoryThenKillingProcess() {
    OomKill k = lines(
        "Jan  7 14:45:27 nora earlyoom[73850]: Out of memory! avail: 6271 MiB < min: 6436 MiB",
        "Jan  7 14:45:28 nora earlyoom[73850]: Killing process 106631 kworker/27:0-events").only(OomKill.class);
    assertEquals(106631L, k.victim().pid());
    assertEquals("kworker/27:0-events", k.victim().comm());
    assertEquals(Signal.SIGKILL, k.signal());
    assertEquals(MemoryKiller.EARLYOOM, k.killer());
    assertEquals("Out of memory! avail: 6271 MiB < min: 6436 MiB", k.reason());
    assertEquals(73850L, k.trigger().pid());
    assertEquals("earlyoom", k.trigger().comm());
    assertEquals(2, k.evidence().size());
  }

  @Test
  void v0_nameInParentheses_andUnframedLineNeedsEarlyoomsCompanion() {
    OomKill k = lines("Out of memory! avail: 0 MiB < min: 587 MiB", "Killing process 1234 (tail)")
        .only(OomKill.class);
    assertEquals("tail", k.victim().comm());
    assertEquals(List.of(), lines("Killing process 1234 (tail)").events, "alone it could be anybody's words");
  }

  // https://github.com/rfjakob/earlyoom/issues/88
  @Test
  void v11_quotedName_repeatedSendsAreOneKill() {
    OomKill k = lines(
        "Low Memory! At or below sigterm limits (mem: 10 %, swap: 10 %)",
        "Killing process 'bash' with signal 15, pid: 5874, badness: 538, VmRSS: 3160 MiB",
        "Low Memory! At or below sigterm limits (mem: 10 %, swap: 10 %)",
        "Killing process 'bash' with signal 15, pid: 5874, badness: 541, VmRSS: 3172 MiB").only(OomKill.class);
    assertEquals(5874L, k.victim().pid());
    assertEquals("bash", k.victim().comm());
    assertEquals(Signal.SIGTERM, k.signal());
    assertEquals(541L, k.score(), "the figures of the last send, the nearest to the death");
    assertEquals(3172 * MIB, k.memory().resident());
    assertEquals(3, k.evidence().size(), "the reason and both sends");
    assertEquals("Low Memory! At or below sigterm limits (mem: 10 %, swap: 10 %)", k.reason());
  }

  // https://github.com/rfjakob/earlyoom/issues/121
  @Test
  void v12dev_killingProcessQuoted_confirmedByPid() {
    OomKill k = lines(
        "low memory! at or below SIGTERM limits: mem 10 %, swap 10 %",
        "killing process 27541 \"bash\" with signal 15: badness 550, VmRSS 7609 MiB",
        "process 27541 exited after 1.9 seconds").only(OomKill.class);
    assertEquals(27541L, k.victim().pid());
    assertEquals(550L, k.score());
    assertEquals(7609 * MIB, k.memory().resident());
    assertEquals(3, k.evidence().size());
  }

  // https://github.com/rfjakob/earlyoom/issues/131
  @Test
  void v13rc_noUid_escalatedToSigkill() {
    OomKill k = lines(
        "sending SIGTERM to process 12006 \"python3\": badness 209, VmRSS 2891 MiB",
        "escalating to SIGKILL after 2.4 seconds",
        "process exited after 2.8 seconds").only(OomKill.class);
    assertNull(k.victim().uid());
    assertEquals(Signal.SIGKILL, k.signal());
    assertEquals(3, k.evidence().size());
  }

  // https://github.com/rfjakob/earlyoom/issues/309
  @Test
  void v16_uidAndBadness() {
    OomKill k = lines(
        "Feb 16 13:58:29 c earlyoom[1233]: mem avail:  2430 of 31808 MiB ( 7.64%), swap free: 1419 of 15903 MiB",
        "Feb 16 13:58:29 c earlyoom[1233]: low memory! at or below SIGTERM limits: mem 10.00%, swap 10.00%",
        "Feb 16 13:58:29 c earlyoom[1233]: sending SIGTERM to process 29410 uid 1000 \"cluster\": badness 1264, "
            + "VmRSS 23964 MiB",
        "Feb 16 13:58:29 c earlyoom[1233]: process exited after 0.1 seconds").only(OomKill.class);
    assertEquals(1000, k.victim().uid());
    assertEquals(1264L, k.score());
    assertEquals(23964 * MIB, k.memory().resident());
    assertEquals(4, k.evidence().size(), "status, reason, kill, confirmation");
    assertEquals("low memory! at or below SIGTERM limits: mem 10.00%, swap 10.00%", k.reason());
  }

  // https://github.com/rfjakob/earlyoom/issues/344
  @Test
  void v17_oomScoreAndCmdline() {
    OomKill k = lines(
        "Aug 04 23:41:26 qaa earlyoom[1308]: sending SIGTERM to process 1024668 uid 1000 \"Web Content\": "
            + "oom_score 823, VmRSS 79 MiB, cmdline \"/usr/lib/firefox/firefox -contentproc -parentPid 46 -\"",
        "Aug 04 23:41:26 qaa earlyoom[1308]: kill_release: pid=1024668: process_mrelease pidfd=4 success",
        "Aug 04 23:41:26 qaa earlyoom[1308]: process 1024668 exited after 0.100 seconds").only(OomKill.class);
    assertEquals("Web Content", k.victim().comm());
    assertEquals(823L, k.score());
    assertNull(k.oomScoreAdj());
    assertEquals(3, k.evidence().size());
  }

  // a work log on GitHub (see corpus/useroom/earlyoom_v1.8_rfc3339_bun.log)
  @Test
  void v18_oomScoreAdj() {
    OomKill k = lines("2026-09-10T21:54:23-04:00 gw-ms-a2 earlyoom[904]: sending SIGTERM to process 2232050 uid "
        + "1000 \"bun\": oom_score 712, oom_score_adj 0, VmRSS 4514 MiB, cmdline \"bun test --timeout 60000 "
        + "./src\"").only(OomKill.class);
    assertEquals(712L, k.score());
    assertEquals(0, k.oomScoreAdj());
    assertEquals(904L, k.trigger().pid());
  }

  @Test
  void laterFieldsOfAFork_areSkipped() {
    OomKill k = lines("sending SIGKILL to process 5 uid 0 \"x\": oom_score 10, oom_score_adj -500, badness 123 KiB, "
        + "VmRSS 2 MiB, ordering kernel_badness, cmdline \"x\"").only(OomKill.class);
    assertEquals(10L, k.score());
    assertEquals(-500, k.oomScoreAdj());
    assertEquals(Signal.SIGKILL, k.signal());
  }

  @Test
  void hostileNames_readFromTheStructure() {
    // "xx>vxmem avail:" was found by the fuzzer: a name holding another line's words
    for (String name : new String[] {"a\": badness 1", "(sd-pam)", "x\"y", "Web Content", "a, VmRSS 3 MiB",
        "tokio-runtime-w", "\u6d4b\u8bd5", "xx>vxmem avail:", "low memory!", "kill failed: x"}) {
      OomKill k = lines("sending SIGTERM to process 7 uid 1000 \"" + name + "\": badness 5, VmRSS 9 MiB")
          .only(OomKill.class);
      assertEquals(name, k.victim().comm());
      assertEquals(9 * MIB, k.memory().resident());
      OomKill c = lines("sending SIGTERM to process 7 uid 1000 \"" + name + "\": oom_score 5, VmRSS 9 MiB, "
          + "cmdline \"sh -c 'x\": badness 1, VmRSS 2 MiB'\"").only(OomKill.class);
      assertEquals(name, c.victim().comm());
      assertEquals(5L, c.score());
    }
  }

  // https://github.com/rfjakob/earlyoom/issues/230 and #373
  @Test
  void killFailed_nothingDiedAWarning() {
    Collect c = lines(
        "sending SIGTERM to process 4173 uid 0 \"metrics-server\": badness 1001, VmRSS 31 MiB",
        "kill failed: Operation not permitted");
    assertEquals(List.of(), c.events);
    assertEquals(1, c.warnings.size());
    assertTrue(c.warnings.get(0).contains("metrics-server"), c.warnings.get(0));
    Collect d = lines(
        "- sending SIGTERM to process 997 uid 1000 \"my-process-name\": oom_score 1146, oom_score_adj 0, VmRSS 23007"
            + " MiB, cmdline \"my-process-name\"",
        "- process 997 did not exit",
        "- kill failed: Timer expired");
    assertEquals(List.of(), d.events);
  }

  @Test
  void sendingWithoutASignal_isNotAKill() {
    // found by fuzzing: "sending to process" once read a signal name ending before it started
    assertEquals(List.of(), lines("sending to process 5 uid 0 \"x\": badness 1, VmRSS 1 MiB",
        "xsending  to process 5").events);
  }

  @Test
  void aNameHoldingTheTag_isNotATag() {
    // found by fuzzing: " earlyoom: " inside a v0 victim's name was taken for a tag after a pasted prefix
    OomKill k = lines("Out of memory! avail: 0 MiB < min: 587 MiB", "Killing process 25067 earlyoom: ~xxto")
        .only(OomKill.class);
    assertEquals("earlyoom: ~xxto", k.victim().comm());
    OomKill t = lines("Jun 12 06:39:16 earlyoom[77]: sending SIGTERM to process 696 uid 1001 \"ipfs\": badness 7, "
        + "VmRSS 6 MiB").only(OomKill.class);
    assertEquals(77L, t.trigger().pid());
  }

  @Test
  void dryRun_andSelfTest_areNotKills() {
    assertEquals(List.of(), lines(
        "sending 0 (no-op signal) to process 1234 uid 0 \"earlyoom\": badness 0, VmRSS 1 MiB",
        "sending SIGTERM to process 55 uid 1000 \"x\": badness 5, VmRSS 9 MiB",
        "dryrun, not actually sending any signal").events);
  }

  @Test
  void anotherProgramsLines_areNotEarlyooms() {
    assertEquals(List.of(), lines("Feb 16 13:58:29 c nohang[1]: sending SIGTERM to process 29410 uid 1000 \"c\": "
        + "badness 1264, VmRSS 23964 MiB").events);
  }

  @Test
  void nextKillOfAnotherPid_emitsTheUnconfirmedOne() {
    List<OomKill> k = lines(
        "sending SIGTERM to process 1 uid 0 \"a\": badness 1, VmRSS 1 MiB",
        "sending SIGTERM to process 2 uid 0 \"b\": badness 1, VmRSS 1 MiB").all(OomKill.class);
    assertEquals(2, k.size());
    assertEquals("a", k.get(0).victim().comm());
  }
}
