package dev.whokilled.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.Cause;
import dev.whokilled.Death;
import dev.whokilled.Report;
import dev.whokilled.Verdict;
import dev.whokilled.cli.Analysis.SourceRead;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.framing.LogRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

final class TextRendererTest {

  private static String render(Report report, List<SourceRead> sources) {
    return render(new TextRenderer(ZoneOffset.UTC), report, sources);
  }

  private static String render(TextRenderer renderer, Report report, List<SourceRead> sources) {
    StringWriter out = new StringWriter();
    renderer.write(new Analysis(report, sources, List.of()), new PrintWriter(out));
    return out.toString().replace(System.lineSeparator(), "\n");
  }

  /** The corpus death, at another time and boot. */
  private static Death at(Death d, String wall, double uptime, int boot) {
    EventTime t = new EventTime(Instant.parse(wall), EventTime.Precision.MICROS, false, false,
        Duration.ofNanos(Math.round(uptime * 1e9)), null);
    return new Death(d.victim(), t, boot, d.events(), d.verdicts());
  }

  @Test
  void oomDeath_compactBlock() {
    Report report = TestSupport.report(List.of(TestSupport.oomDeath()), List.of(), List.of(), 0);

    String text = render(report, List.of(new SourceRead("kern.log", "/var/log/kern.log", 254)));

    assertEquals(
        String.join("\n",
            "Boot 1 of 1: 1 death",
            "",
            "1. python3 (pid 1742, uid 0) was killed by the kernel's OOM killer: a memory cgroup reached its limit "
                + "[cgroup-oom, 97% sure]",
            "  time      51.657164 s after boot",
            "  killer    the kernel's OOM killer",
            "  signal    SIGKILL",
            "  cgroup    /wk-stage1",
            "  summary   The kernel's OOM killer killed python3 (pid 1742) because memory cgroup /wk-stage1 reached "
                + "its limit.",
            "  evidence  kern.log:91  [   51.657164] Memory cgroup out of memory: Killed process 1742 (python3) "
                + "total-vm:75160kB, anon-rss:65132kB, file-rss:6644kB, shmem-rss:0kB, UID:0 pgtables:188kB "
                + "oom_score_adj:0",
            "            kern.log:13  [   51.649037] python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, "
                + "oom_score_adj=0",
            "  advice    - Raise the memory limit of /wk-stage1.",
            "",
            "With --explain N (and the same arguments): death N and what each witness said of it.",
            "1 death found in 254 lines from: /var/log/kern.log.",
            ""),
        text.replace(System.lineSeparator(), "\n"));
  }

  @Test
  void nothingDied_saysSoWithSources() {
    Report report = new Report(List.of(), List.of(), List.of(), 0, 12);

    String text = render(report,
        List.of(new SourceRead("dmesg", "dmesg -r", 10), new SourceRead("kern.log", "/var/log/kern.log", 2)));

    assertEquals(
        "No process deaths found in 12 lines from: dmesg -r (10 lines), /var/log/kern.log (2 lines)."
            + System.lineSeparator(),
        text);
  }

  @Test
  void wallTime_inZoneWithPrecisionAndAssumptions() {
    Death oom = TestSupport.oomDeath();
    EventTime time = new EventTime(
        Instant.parse("2017-12-24T16:02:24Z"), EventTime.Precision.SECONDS, true, false,
        Duration.ofNanos(66_634_803_000L), null);
    Death d = new Death(oom.victim(), time, 0, oom.events(), oom.verdicts());

    String text = render(TestSupport.report(List.of(d), List.of(), List.of(), 0), List.of());

    assertTrue(text.contains("  time      2017-12-24 16:02:24 +00:00 (year assumed) (66.634803 s after boot)\n"
        .replace("\n", System.lineSeparator())), text);
  }

  @Test
  void killerAlternativesAndLongEvidence_shown() {
    Death oom = TestSupport.oomDeath();
    LogRecord line = oom.verdict().evidence().get(0);
    Verdict signal = new Verdict(
        Cause.SIGNAL, 0.6, new ProcessRef(1350L, null, "bash", 3010, null, null, null), null, "s", "w",
        List.of(line, line, line, line, line), List.of());
    Verdict alt = new Verdict(Cause.UNKNOWN, 0.4, null, null, "s", "no sender seen", List.of(), List.of());
    Death d = new Death(oom.victim(), oom.time(), 0, oom.events(), List.of(signal, alt));

    String text = render(TestSupport.report(List.of(d), List.of(), List.of(), 0), List.of());

    assertTrue(text.contains("[signal, 60% sure]"), text);
    assertTrue(text.contains("  killer    bash (pid 1350, uid 3010)"), text);
    assertTrue(text.contains("(2 more lines in --json)"), text);
    assertTrue(text.contains("  or else   unknown 40%: no sender seen"), text);
  }

  @Test
  void hostileName_controlCharactersEscaped() {
    Death oom = TestSupport.oomDeath();
    ProcessRef victim = new ProcessRef(7L, null, "evil\u001b[2Jname\u0085", null, null, null, null);
    Death d = new Death(victim, oom.time(), 0, oom.events(), oom.verdicts());

    String text = render(TestSupport.report(List.of(d), List.of(), List.of(), 0), List.of());

    assertTrue(text.contains("\n1. evil\\x1b[2Jname\\x85 (pid 7)".replace("\n", System.lineSeparator())), text);
    assertFalse(text.contains("\u001b"), text);
  }

  @Test
  void twoBoots_groupedWithTheirStartsAndCounts() {
    Death oom = TestSupport.oomDeath();
    List<Death> deaths = List.of(
        at(oom, "2026-12-05T10:00:51.657164Z", 51.657164, 0),
        at(oom, "2026-12-06T08:01:40Z", 100, 1),
        at(oom, "2026-12-06T08:05:00Z", 300, 1));

    String text = render(TestSupport.report(deaths, List.of(), List.of(), 0), List.of());

    assertTrue(text.startsWith("Boot 1 of 2, started 2026-12-05 10:00:00 +00:00: 1 death\n\n1. python3"), text);
    assertTrue(text.contains("\nBoot 2 of 2, started 2026-12-06 08:00:00 +00:00: 2 deaths\n\n2. python3"), text);
    assertTrue(text.contains("\n3. python3"), text);
  }

  @Test
  void killer_namedOrSaidInWordsByCause() {
    Verdict oom = TestSupport.oomDeath().verdict();
    Verdict signal = new Verdict(Cause.SIGNAL, 0.9, new ProcessRef(1350L, null, "bash", 3010, null, null, null),
        null, "s", "w", List.of(), List.of());
    Verdict crash = new Verdict(Cause.CRASH_SEGFAULT, 0.95, null, null, "s", "w", List.of(), List.of());
    Verdict unknown = new Verdict(Cause.UNKNOWN, 0.5, null, null, "s", "w", List.of(), List.of());

    assertEquals("the kernel's OOM killer", TextRenderer.killer(oom));
    assertEquals("bash (pid 1350, uid 3010)", TextRenderer.killer(signal));
    assertEquals("none: its own fault (the kernel sent the signal)", TextRenderer.killer(crash));
    assertEquals("unknown: no witness names the sender", TextRenderer.killer(unknown));
  }

  @Test
  void colour_causeConfidenceAndLabels_escapesOnlyOurs() {
    Death oom = TestSupport.oomDeath();
    ProcessRef victim = new ProcessRef(7L, null, "evil\u001b[2J", null, null, null, null);
    Death d = new Death(victim, oom.time(), 0, oom.events(), oom.verdicts());

    String text = render(new TextRenderer(ZoneOffset.UTC, Style.ANSI, 0),
        TestSupport.report(List.of(d), List.of(), List.of(), 0), List.of());

    assertTrue(text.contains("\u001b[1mevil\\x1b[2J (pid 7)\u001b[0m"), "the victim bold, its escape shown");
    assertTrue(text.contains("\u001b[1;31mwas killed by the kernel's OOM killer"), "memory causes in red");
    assertTrue(text.contains("\u001b[32m97% sure\u001b[0m"), "a confident verdict in green");
    assertTrue(text.contains("  \u001b[2mkiller    \u001b[0mthe kernel's OOM killer"), text);
    assertFalse(text.replaceAll("\u001b\\[[0-9;]*m", "").contains("\u001b"), "no escape but colours");
  }

  @Test
  void width_wrapsTextUnderItsColumnAndCutsEvidence() {
    Report report = TestSupport.report(List.of(TestSupport.oomDeath()), List.of(), List.of(), 0);

    String text = render(new TextRenderer(ZoneOffset.UTC, Style.PLAIN, 60), report, List.of());

    assertTrue(text.contains("\n1. python3 (pid 1742, uid 0) was killed by the kernel's OOM\n"
        + "   killer: a memory cgroup reached its limit [cgroup-oom,\n"
        + "   97% sure]\n"), text);
    assertTrue(text.contains("  summary   The kernel's OOM killer killed python3 (pid\n"
        + "            1742) because memory cgroup /wk-stage1 reached\n"
        + "            its limit.\n"), text);
    assertTrue(text.contains("  evidence  kern.log:91  [   51.657164] Memory cgroup out...\n"), text);
    for (String line : text.split("\n")) {
      assertTrue(line.length() <= 60, "longer than the width: " + line);
    }
  }

  @Test
  void width_wordLongerThanALine_cut() {
    Death oom = TestSupport.oomDeath();
    ProcessRef victim = oom.victim().withCgroup("/" + "k".repeat(70));
    Death d = new Death(victim, oom.time(), 0, oom.events(), oom.verdicts());

    String text = render(new TextRenderer(ZoneOffset.UTC, Style.PLAIN, 60),
        TestSupport.report(List.of(d), List.of(), List.of(), 0), List.of());

    assertTrue(text.contains("  cgroup    /" + "k".repeat(47) + "\n            " + "k".repeat(23) + "\n"), text);
  }

  @Test
  void percent_neverRoundsToCertaintyOrNothing() {
    assertEquals("97%", TextRenderer.percent(0.97));
    assertEquals("99.5%", TextRenderer.percent(0.995));
    assertEquals("100%", TextRenderer.percent(1));
    assertEquals("0.2%", TextRenderer.percent(0.002));
    assertEquals("<0.1%", TextRenderer.percent(0.0004));
    assertEquals("0%", TextRenderer.percent(0));
  }
}
