package dev.whokilled.classify;

import static dev.whokilled.classify.Events.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.Cause;
import dev.whokilled.Death;
import dev.whokilled.Verdict;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.KillEvent;
import dev.whokilled.event.Observer;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.event.SignalDelivery;
import dev.whokilled.event.Suspect;
import dev.whokilled.event.SignalDelivery.Reason;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The classifier's rules over whole deaths: who sent it, what explains what, what is ranked where. */
final class ClassifierTest {

  @Test
  void deathSeenByStrace_senderNamedByAudit_isSignalWithKiller() {
    List<Death> deaths = Events.classify(
        Events.sent("audit.log", 4242, "sleep", at(0), Signal.SIGKILL, 4240, "bash"),
        Events.fatal("strace.out", 4242, "sleep", at(1), Signal.SIGKILL, Observer.STRACE));
    Death d = deaths.get(0);
    assertEquals(1, deaths.size());
    assertEquals(Cause.SIGNAL, d.cause());
    Verdict v = d.verdicts().get(0);
    assertEquals(4240L, v.killer().pid());
    assertEquals("bash", v.killer().comm());
    assertTrue(v.confidence() >= 0.97, v.toString());
    assertTrue(d.verdicts().stream().noneMatch(x -> x.cause() == Cause.UNKNOWN), d.verdicts().toString());
    assertEquals(2, v.evidence().size(), "both witnesses' lines");
  }

  @Test
  void bareSigkill_isUnknownWithRankedAlternativesAndAdvice() {
    Death d = Events.classify(Events.fatal("strace.out", 77, "java", at(0), Signal.SIGKILL, Observer.STRACE))
        .get(0);
    assertEquals(Cause.UNKNOWN, d.cause());
    List<Cause> order = d.verdicts().stream().map(Verdict::cause).toList();
    assertEquals(List.of(Cause.UNKNOWN, Cause.KERNEL_OOM, Cause.SIGNAL, Cause.SERVICE_MANAGER), order);
    for (Verdict alt : d.verdicts().subList(1, d.verdicts().size())) {
      assertTrue(alt.confidence() < d.verdicts().get(0).confidence());
      assertNull(alt.killer(), "an alternative without evidence names nobody");
    }
    List<String> advice = d.verdicts().get(0).advice();
    assertTrue(advice.contains(Advice.AUDIT), advice.toString());
    assertTrue(advice.contains(Advice.STRACE_SIGKILL), "strace was there and could not see: " + advice);
    assertTrue(advice.contains(Advice.ACCOUNTING), advice.toString());
  }

  @Test
  void oomKillAndABareSigkill_oneOomDeath_theSigkillIsEvidence() {
    List<Death> deaths = Events.classify(
        Events.oom(900, "python3", "/system.slice/app.service", at(0)),
        Events.fatal("shell", 900, "python3", at(20), Signal.SIGKILL, Observer.SHELL));
    assertEquals(1, deaths.size());
    Death d = deaths.get(0);
    assertEquals(Cause.CGROUP_OOM, d.cause());
    assertTrue(d.verdicts().stream().noneMatch(v -> v.cause() == Cause.UNKNOWN), d.verdicts().toString());
    assertEquals(2, d.verdicts().get(0).evidence().stream().map(r -> r.source()).distinct().count());
  }

  @Test
  void serviceManagerUnitMessage_joinsTheKernelKillInItsCgroup() {
    SignalDelivery unit = Events.signal("journal", ProcessRef.ofUnit("app.service"), at(300), Signal.SIGKILL, null,
        Observer.SERVICE_MANAGER, Reason.MEMORY, true);
    List<Death> deaths = Events.classify(Events.oom(900, "python3", "/system.slice/app.service", at(0)), unit);
    assertEquals(1, deaths.size(), deaths.toString());
    assertEquals(Cause.CGROUP_OOM, deaths.get(0).cause());
    assertEquals("app.service", deaths.get(0).victim().unit());
  }

  @Test
  void serviceManagerSaysOomWithoutKernelReport_isOomWithLowerConfidence() {
    SignalDelivery unit = Events.signal("journal", ProcessRef.ofUnit("app.service"), at(0), Signal.SIGKILL, null,
        Observer.SERVICE_MANAGER, Reason.MEMORY, true);
    Death d = Events.classify(unit).get(0);
    assertEquals(Cause.KERNEL_OOM, d.cause());
    assertTrue(d.verdicts().get(0).confidence() < 0.8);
    assertTrue(d.verdicts().get(0).advice().contains(Advice.KERNEL_LOG));
  }

  @Test
  void stopTimeout_isServiceManager_killerSystemd() {
    SignalDelivery kill = Events.signal("journal", new ProcessRef(812L, null, "java", null, null, null,
        "app.service"), at(0), Signal.SIGKILL, ProcessRef.of(1L, "systemd"), Observer.SERVICE_MANAGER,
        Reason.STOP_TIMEOUT, false);
    Death d = Events.classify(kill).get(0);
    assertEquals(Cause.SERVICE_MANAGER, d.cause());
    assertEquals(1L, d.verdicts().get(0).killer().pid());
    assertTrue(d.verdicts().get(0).advice().get(0).contains("TimeoutStopSec="), d.verdicts().toString());
  }

  @Test
  void segvSentByKill_isASignalNotACrash() {
    SignalDelivery sent = Events.signal("strace.out", ProcessRef.of(55L, "srv"), at(0), Signal.SIGSEGV,
        ProcessRef.of(54L, "evil"), Observer.STRACE, Reason.UNSPECIFIED, true);
    Death d = Events.classify(sent, Events.core(55, "srv", at(400), Signal.SIGSEGV)).get(0);
    assertEquals(Cause.SIGNAL, d.cause());
    assertEquals(54L, d.verdicts().get(0).killer().pid());
    Verdict crash = d.verdicts().stream().filter(v -> v.cause() == Cause.CRASH_SEGFAULT).findFirst().orElseThrow();
    assertTrue(crash.confidence() <= 0.2);
  }

  @Test
  void coreDumpAndShellMessage_oneCrash() {
    List<Death> deaths = Events.classify(Events.core(61, "a.out", at(0), Signal.SIGABRT),
        Events.fatal("tty", 61, "a.out", EventTime.UNKNOWN, Signal.SIGABRT, Observer.SHELL));
    assertEquals(1, deaths.size());
    assertEquals(Cause.CRASH_ABORT, deaths.get(0).cause());
    assertTrue(deaths.get(0).verdicts().get(0).advice().contains(Advice.CORE_DEBUG));
  }

  @Test
  void cpuLimit_isResourceLimit() {
    SignalDelivery xcpu = Events.fatal("tty", 70, "spin", at(0), Signal.SIGXCPU, Observer.SHELL);
    assertEquals(Cause.RESOURCE_LIMIT, Events.classify(xcpu).get(0).cause());
  }

  @Test
  void accountingSawKillRun_isAnAlternativeNotTheVerdict() {
    EventTime minute = EventTime.ofWall(Events.T0.truncatedTo(ChronoUnit.MINUTES), EventTime.Precision.MINUTES);
    Suspect clue = new Suspect(ProcessRef.UNKNOWN, minute, null,
        List.of(Events.line("lastcomm", 3, "kill   S   root   pts/0   0.00 secs Sun Nov 22 10:00", minute)),
        Suspect.Type.COMMAND, ProcessRef.of(null, "kill"), "root", "pts/0", "kill", null);
    List<Death> deaths = Events.classify(clue,
        Events.fatal("strace.out", 77, "java", at(20_000), Signal.SIGKILL, Observer.STRACE));
    assertEquals(1, deaths.size(), "a command alone is no death");
    Death d = deaths.get(0);
    assertEquals(Cause.UNKNOWN, d.cause());
    Verdict alt = d.verdicts().get(1);
    assertEquals(Cause.SIGNAL, alt.cause());
    assertEquals("kill", alt.killer().comm());
    assertTrue(alt.summary().contains("kill run by root on pts/0 at 2026-11-22T10:00:00Z"), alt.summary());
    assertFalse(d.verdicts().get(0).advice().contains(Advice.ACCOUNTING), "accounting was on");
  }

  @Test
  void accountingClueOutsideTheWindow_isDropped() {
    EventTime minute = EventTime.ofWall(Events.T0.minusSeconds(3600), EventTime.Precision.MINUTES);
    Suspect clue = new Suspect(ProcessRef.UNKNOWN, minute, null, List.of(Events.line("lastcomm", 3, "kill", minute)),
        Suspect.Type.COMMAND, ProcessRef.of(null, "kill"), null, null, "kill", null);
    Death d = Events.classify(clue, Events.fatal("s", 77, "java", at(0), Signal.SIGKILL, Observer.STRACE)).get(0);
    assertEquals(1, d.events().size());
  }

  /**
   * The manual checklist made mechanical: a session open then, a cron job just before, a history entry naming the
   * pid; each an alternative with its time, none the verdict; a session that had ended, and a history entry
   * naming another pid, are not suspects.
   */
  @Test
  void suspects_alternativesWithTheirTimesNeverTheVerdict() {
    EventTime minute = EventTime.ofWall(Events.T0.minusSeconds(600), EventTime.Precision.MINUTES);
    Suspect alice = new Suspect(ProcessRef.UNKNOWN, minute, null, List.of(Events.line("last", 3, "alice", minute)),
        Suspect.Type.SESSION, null, "alice", "pts/0 from 203.0.113.7", null, null);
    Suspect gone = new Suspect(ProcessRef.UNKNOWN, minute, Events.T0.minusSeconds(300),
        List.of(Events.line("last", 4, "bob", minute)), Suspect.Type.SESSION, null, "bob", "pts/1", null, null);
    EventTime second = EventTime.ofWall(Events.T0.minusSeconds(59), EventTime.Precision.SECONDS);
    Suspect job = new Suspect(ProcessRef.UNKNOWN, second, null, List.of(Events.line("syslog", 9, "CRON", second)),
        Suspect.Type.SCHEDULED_JOB, ProcessRef.of(20029L, "CRON"), "root", null, "/usr/local/bin/reap.sh", null);
    Suspect typed = new Suspect(ProcessRef.of(77L, null), EventTime.UNKNOWN, null,
        List.of(Events.line(".bash_history", 12, "kill -9 77", EventTime.UNKNOWN)), Suspect.Type.HISTORY, null,
        null, null, "kill -9 77", Signal.SIGKILL);
    Suspect other = new Suspect(ProcessRef.of(78L, null), EventTime.UNKNOWN, null,
        List.of(Events.line(".bash_history", 13, "kill 78", EventTime.UNKNOWN)), Suspect.Type.HISTORY, null,
        null, null, "kill 78", Signal.SIGTERM);
    List<Death> deaths = Events.classify(alice, gone, job, typed, other,
        Events.fatal("strace.out", 77, "java", at(0), Signal.SIGKILL, Observer.STRACE));
    assertEquals(1, deaths.size(), "suspects are no deaths");
    Death d = deaths.get(0);
    assertEquals(Cause.UNKNOWN, d.cause());
    List<String> summaries = d.alternatives().stream().map(Verdict::summary).toList();
    assertTrue(summaries.contains("perhaps 'kill -9 77' in the shell history sent it"), summaries.toString());
    assertTrue(summaries.contains("perhaps cron job (root) /usr/local/bin/reap.sh at 2026-11-22T09:59:01Z sent it"),
        summaries.toString());
    assertTrue(summaries.contains("perhaps alice's session on pts/0 from 203.0.113.7 (logged in "
        + "2026-11-22T09:50:00Z, no logout known) sent it"), summaries.toString());
    assertTrue(summaries.stream().noneMatch(x -> x.contains("bob") || x.contains("kill 78")), summaries.toString());
    for (Verdict v : d.alternatives()) {
      assertTrue(v.confidence() < d.verdict().confidence(), v.summary());
    }
    assertEquals("perhaps 'kill -9 77' in the shell history sent it", d.alternatives().get(0).summary(),
        "the entry naming the victim ranks first among the suspects");
  }

  /**
   * A suspect tells who may have sent the signal, not when the victim died: a history entry with a finer clock than
   * the death's, typed a minute before, leaves the death's time as it was.
   */
  @Test
  void suspect_finerClockThanTheDeath_deathKeepsItsTime() {
    EventTime died = new EventTime(Events.T0, EventTime.Precision.SECONDS, true, true, null, null);
    EventTime typedAt = EventTime.ofWall(Events.T0.minusSeconds(50), EventTime.Precision.SECONDS);
    Suspect typed = new Suspect(ProcessRef.of(77L, null), typedAt, null,
        List.of(Events.line(".zsh_history", 12, ": 1795773550:0;kill -9 77", typedAt)), Suspect.Type.HISTORY, null,
        null, null, "kill -9 77", Signal.SIGKILL);
    Death d = Events.classify(typed, Events.fatal("kern.log", 77, "java", died, Signal.SIGKILL, Observer.STRACE))
        .get(0);

    assertEquals(2, d.events().size(), "the entry joined");
    assertEquals(Events.T0, d.time().wall());
  }

  /** More suspects than are listed: the strongest are kept, whatever order they were read in. */
  @Test
  void suspects_manySessionsReadFirst_theEntryNamingTheVictimKept() {
    EventTime minute = EventTime.ofWall(Events.T0.minusSeconds(600), EventTime.Precision.MINUTES);
    List<KillEvent> events = new java.util.ArrayList<>();
    for (int k = 0; k < 20; k++) {
      events.add(new Suspect(ProcessRef.UNKNOWN, minute, null, List.of(Events.line("last", k + 1, "u" + k, minute)),
          Suspect.Type.SESSION, null, "u" + k, "pts/" + k, null, null));
    }
    events.add(new Suspect(ProcessRef.of(77L, null), EventTime.UNKNOWN, null,
        List.of(Events.line(".bash_history", 12, "kill -9 77", EventTime.UNKNOWN)), Suspect.Type.HISTORY, null,
        null, null, "kill -9 77", Signal.SIGKILL));
    events.add(Events.fatal("strace.out", 77, "java", at(0), Signal.SIGKILL, Observer.STRACE));
    Death d = Events.classify(events.toArray(new KillEvent[0])).get(0);

    assertEquals("perhaps 'kill -9 77' in the shell history sent it", d.alternatives().get(0).summary());
  }

  @Test
  void timelessShellMessage_joinsTheTimedDeathOfItsPid() {
    List<Death> deaths = Events.classify(
        Events.sent("audit.log", 4242, "sleep", at(0), Signal.SIGTERM, 4240, "bash"),
        Events.fatal("tty", 4242, "sleep", EventTime.UNKNOWN, Signal.SIGTERM, Observer.SHELL));
    assertEquals(1, deaths.size());
    assertEquals(Cause.SIGNAL, deaths.get(0).cause());
    assertEquals(4240L, deaths.get(0).verdicts().get(0).killer().pid());
  }

  @Test
  void abortSendsSigabrtToItself_isCrashAbort() {
    Death d = Events.classify(Events.sent("audit.log", 61, "a.out", at(0), Signal.SIGABRT, 61, "a.out")).get(0);
    assertEquals(Cause.CRASH_ABORT, d.cause());
    assertNull(d.verdicts().get(0).killer());
  }

  @Test
  void sendsThatCannotEndAProcess_areNoDeath() {
    assertTrue(Events.classify(Events.sent("audit.log", 61, "sh", at(0), Signal.SIGCHLD, 60, "bash")).isEmpty());
    assertTrue(Events.classify(Events.sent("audit.log", 62, "java", at(0), Signal.SIGQUIT, 62, "java")).isEmpty(),
        "a JVM asking itself for a thread dump");
    assertEquals(1, Events.classify(Events.sent("audit.log", 63, "java", at(0), Signal.SIGTERM, 60, "sh")).size());
  }

  @Test
  void coreDumpOfSigxcpu_isResourceLimit() {
    Death d = Events.classify(Events.core(70, "spin", at(0), Signal.SIGXCPU)).get(0);
    assertEquals(Cause.RESOURCE_LIMIT, d.cause());
  }

  @Test
  void sigsnoopNamesTheAllocatingTaskAsSender_stillTheOomKill() {
    // sigsnoop reports the OOM killer's SIGKILL as generated by the task whose allocation failed
    SignalDelivery snooped = Events.signal("sigsnoop", ProcessRef.of(900L, "python3"), at(1), Signal.SIGKILL,
        ProcessRef.of(900L, "python3"), Observer.BPF, Reason.UNSPECIFIED, false);
    Death d = Events.classify(Events.oom(900, "python3", null, at(0)), snooped).get(0);
    assertEquals(Cause.KERNEL_OOM, d.cause());
    assertNull(d.verdicts().get(0).killer());
    assertEquals(1, d.verdicts().size(), d.verdicts().toString());
  }

  /**
   * Found staging a kill under strace and audit: strace stops its tracee with a SIGSTOP the tracee sends itself,
   * which audit records; that names no killer of the SIGKILL death strace saw.
   */
  @Test
  void selfSentStopBeforeAKill_namesNoKiller() {
    Death d = Events.classify(
        Events.sent("audit.log", 1852, "strace", at(0), Signal.SIGSTOP, 1852, "strace"),
        Events.fatal("victim.strace", 1852, "sleep", at(400), Signal.SIGKILL, Observer.STRACE)).get(0);
    assertEquals(Cause.UNKNOWN, d.cause(), d.verdicts().toString());
    assertEquals(null, d.verdict().killer());
    assertTrue(d.verdicts().stream().noneMatch(v -> v.signal() == Signal.SIGSTOP), d.verdicts().toString());
  }

  /** The advice says what would have named the sender, given which witnesses there were. */
  @Test
  void unexplainedSignal_adviceFitsWhatWasMissing() {
    Death term = Events.classify(Events.fatal("tty", 70, "worker", at(0), Signal.SIGTERM, Observer.SHELL)).get(0);
    assertEquals(Cause.UNKNOWN, term.cause());
    assertTrue(term.verdict().advice().containsAll(List.of(Advice.AUDIT, Advice.STRACE, Advice.ACCOUNTING)),
        term.verdict().advice().toString());
    Death kill = Events.classify(Events.fatal("s", 71, "worker", at(0), Signal.SIGKILL, Observer.STRACE)).get(0);
    assertTrue(kill.verdict().advice().contains(Advice.STRACE_SIGKILL), kill.verdict().advice().toString());
    assertFalse(kill.verdict().advice().contains(Advice.STRACE), "strace was there, and cannot see SIGKILL's sender");
    assertTrue(kill.verdict().summary().endsWith("(s:1)."), kill.verdict().summary());
  }
}
