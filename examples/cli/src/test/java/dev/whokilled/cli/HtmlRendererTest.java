package dev.whokilled.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.Death;
import dev.whokilled.Report;
import dev.whokilled.cli.Analysis.SourceRead;
import dev.whokilled.cli.TestSupport.Run;
import dev.whokilled.event.Candidate;
import dev.whokilled.event.CgroupMemory;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.OomKill;
import dev.whokilled.event.ProcessRef;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class HtmlRendererTest {

  /** A name that would be markup, and script, if it were not escaped. */
  static final String HOSTILE = "<img src=x onerror=alert(1)>&\"'\u001b[2J";

  @TempDir Path dir;

  private static String render(List<Death> deaths) {
    StringWriter out = new StringWriter();
    Report report = TestSupport.report(deaths, List.of("a <warning>"), List.of(), 0);
    new HtmlRenderer(ZoneOffset.UTC, "0.1.0-TEST").write(
        new Analysis(report, List.of(new SourceRead("kern.log", "/var/log/kern.log", 254)), List.of()),
        new PrintWriter(out));
    return out.toString();
  }

  /** The corpus death, its kill with a task table of three: the victim, a bigger protected one, a small one. */
  private static Death withCandidates(String victimName) {
    Death d = TestSupport.oomDeath();
    OomKill k = (OomKill) d.events().get(0);
    List<Candidate> table = List.of(
        new Candidate(500, 0, 500L, 40000L, 17000L, null, null, null, 180224L, null, 0L, 0, false, "sh"),
        new Candidate(1742, 0, 1742L, 18790L, 17949L, null, null, null, 192512L, null, 0L, 0, false, victimName),
        new Candidate(600, 0, 600L, 90000L, 30000L, null, null, null, 300000L, null, 0L, -1000, false, "postgres"));
    OomKill withTable = new OomKill(k.victim(), k.time(), k.evidence(), k.killer(), k.trigger(), k.constraint(),
        k.oomCgroup(), k.gfpMask(), k.gfpFlags(), k.order(), k.manual(), k.memory(), k.oomScoreAdj(), k.score(),
        new CgroupMemory(64L << 20, 64L << 20, 20L, null, null), table, k.kernelVersion(), k.chosen(), k.reaped(),
        k.groupKill(), k.truncated(), k.reason(), k.signal());
    ProcessRef v = d.victim();
    ProcessRef victim = new ProcessRef(v.pid(), v.tid(), victimName, v.uid(), v.cgroup(), v.container(), v.unit());
    return new Death(victim, d.time(), 0, List.of(withTable), d.verdicts());
  }

  /** A journal's time to the microsecond, its zone assumed: the page says it as the terminal's report does. */
  @Test
  void time_itsPrecisionAndWhatWasAssumed_asTheTerminalSaysIt() {
    Death d = TestSupport.oomDeath();
    EventTime t = new EventTime(Instant.parse("2026-12-06T01:48:01.749428Z"), EventTime.Precision.MICROS, false, true,
        null, null);
    String html = render(List.of(new Death(d.victim(), t, 0, d.events(), d.verdicts())));

    assertTrue(html.contains("<dt>time</dt><dd>2026-12-06 01:48:01.749428 +00:00 (zone assumed)</dd>"), html);
  }

  @Test
  void page_selfContained_noNetwork() {
    String html = render(List.of(withCandidates("python3")));

    assertTrue(html.startsWith("<!DOCTYPE html>"), html);
    assertFalse(html.contains("http://") || html.contains("https://"), "no address to fetch");
    assertFalse(html.contains("<link") || html.contains(" src=") || html.contains("url("), "nothing loaded");
    assertTrue(html.contains("<style>") && html.contains("<script>"), "inline style and script");
    assertTrue(html.contains("Made by whokilled 0.1.0-TEST."), html);
  }

  @Test
  void death_sectionWithVerdictTimelineDotAndWarnings() {
    String html = render(List.of(withCandidates("python3")));

    assertTrue(html.contains("<article class=\"death\" id=\"death-1\" data-cause-of=\"cgroup-oom\">"), html);
    assertEquals(1, TestSupport.count(html, "<circle class=\"dot memory\""), "one dot on the timeline");
    assertTrue(html.contains("<a href=\"#death-1\" data-cause-of=\"cgroup-oom\">"), "the dot links to its death");
    assertTrue(html.contains("<dt>killer</dt><dd>the kernel&#39;s OOM killer</dd>"), html);
    assertTrue(html.contains("<li>a &lt;warning&gt;</li>"), html);
    assertTrue(html.contains("data-cause=\"cgroup-oom\" aria-pressed=\"true\""), "a filter button for the cause");
    assertTrue(html.contains("<summary>What each witness said, in time order: 2 lines</summary><pre class=\"evidence "
        + "timeline\">\n51.649037 s after boot "), "the death's timeline: " + html);
  }

  @Test
  void chart_everyCandidate_theVictimMarked_axesWithUnits_theLineOfEqualBadness() {
    String html = render(List.of(withCandidates("python3")));

    assertEquals(2, TestSupport.count(html, "<circle class=\"candidate\""), html);
    assertEquals(1, TestSupport.count(html, "<circle class=\"victim\"[^>]*data-pid=\"1742\""), html);
    assertTrue(html.contains(">victim: python3 (1742)</text>"), html);
    assertTrue(html.contains("memory the kernel counts: resident + swap + page tables (MiB, log scale)"), html);
    assertTrue(html.contains(">oom_score_adj</text>"), html);
    assertTrue(html.contains("<title>postgres (pid 600, uid 0): 117 MiB, oom_score_adj -1000</title>"), html);
    assertTrue(html.contains("<path class=\"equal\" d=\"M"), "the victim's badness drawn");
    assertTrue(html.contains("the memory cgroup&#39;s limit of 64 MiB being the total"), html);
  }

  @Test
  void hostileName_escapedEverywhere() {
    String html = render(List.of(withCandidates(HOSTILE)));

    assertFalse(html.contains("<img"), "no markup from a log");
    assertFalse(html.contains("\u001b"), "no escape character");
    assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39;\\x1b[2J"), html);
  }

  @Test
  void noDeaths_saysSo_noTimeline() {
    String html = render(List.of());

    assertTrue(html.contains("0 deaths in 254 lines from /var/log/kern.log."), html);
    assertFalse(html.contains("id=\"timeline\""), html);
  }

  @Test
  void counted_residentSwapAndPageTables() {
    Candidate modern = new Candidate(1, 0, 1L, 10L, 100L, null, null, null, 8192L, null, 3L, 0, false, "a");
    Candidate old = new Candidate(1, 0, 1L, 10L, 100L, null, null, null, null, 2L, null, 0, false, "b");
    Candidate none = new Candidate(1, 0, 1L, 10L, null, null, null, null, null, null, null, 0, false, "c");

    assertEquals(103 * 4096 + 8192, HtmlRenderer.counted(modern));
    assertEquals(102 * 4096, HtmlRenderer.counted(old));
    assertEquals(-1, HtmlRenderer.counted(none));
  }

  @Test
  void decade_ofMebibytes() {
    assertEquals("0.01", HtmlRenderer.decade(-2));
    assertEquals("1", HtmlRenderer.decade(0));
    assertEquals("10,000", HtmlRenderer.decade(4));
  }

  @Test
  void command_html_writesThePageBesideTheReport() throws Exception {
    Path page = dir.resolve("deaths.html");

    Run r = TestSupport.run("--html", page.toString(), TestSupport.corpus().toString());

    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("3 deaths found in 254 lines"), "the report as without --html");
    String html = Files.readString(page);
    assertEquals(3, TestSupport.count(html, "<article class=\"death\""), html);
    assertEquals(3, TestSupport.count(html, "<circle class=\"victim\""), "each kill's task table charted");
  }

  @Test
  void command_html_unwritable_exitsOne() {
    Path page = dir.resolve("no").resolve("such").resolve("dir.html");

    Run r = TestSupport.run("--html", page.toString(), TestSupport.corpus().toString());

    assertEquals(1, r.status());
    assertEquals("whokilled: cannot write " + page + ": no such file" + System.lineSeparator(), r.err());
  }
}
