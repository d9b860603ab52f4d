package dev.whokilled.cli;

import static dev.whokilled.cli.TestSupport.NULL;
import static dev.whokilled.cli.TestSupport.array;
import static dev.whokilled.cli.TestSupport.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.Cause;
import dev.whokilled.Death;
import dev.whokilled.ParseProblem;
import dev.whokilled.Report;
import dev.whokilled.Verdict;
import dev.whokilled.event.ContainerRef;
import dev.whokilled.event.ContainerRuntime;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.framing.LogRecord;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class JsonRendererTest {

  private static String render(Report report, List<String> sourceWarnings) throws IOException {
    StringWriter out = new StringWriter();
    JsonRenderer.write(new Analysis(report, List.of(), sourceWarnings), out, false);
    return out.toString();
  }

  @Test
  void oomDeath_exactDocument() throws IOException {
    Report report = TestSupport.report(List.of(TestSupport.oomDeath()), List.of(), List.of(), 0);

    String json = render(report, List.of());

    assertEquals(
        "{\"schema\":\"whokilled/v1\",\"deaths\":[{"
            + "\"victim\":{\"pid\":1742,\"name\":\"python3\",\"uid\":0,\"cgroup\":\"/wk-stage1\",\"unit\":null,\"container\":null},"
            + "\"time\":null,\"uptime\":51.657164,\"cause\":\"cgroup-oom\",\"confidence\":0.97,\"killer\":null,"
            + "\"signal\":\"SIGKILL\","
            + "\"summary\":\"The kernel's OOM killer killed python3 (pid 1742) because memory cgroup /wk-stage1 "
            + "reached its limit.\","
            + "\"evidence\":["
            + "{\"source\":\"kern.log:91\",\"text\":\"[   51.657164] Memory cgroup out of memory: Killed process 1742 "
            + "(python3) total-vm:75160kB, anon-rss:65132kB, file-rss:6644kB, shmem-rss:0kB, UID:0 pgtables:188kB "
            + "oom_score_adj:0\"},"
            + "{\"source\":\"kern.log:13\",\"text\":\"[   51.649037] python3 invoked oom-killer: "
            + "gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\"}],"
            + "\"alternatives\":[],"
            + "\"advice\":[\"Raise the memory limit of /wk-stage1.\"]}],"
            + "\"warnings\":[]}",
        json);
  }

  @Test
  void oomDeath_everyKeyPresentNullWhenUnknown() throws IOException {
    Report report = TestSupport.report(List.of(TestSupport.oomDeath()), List.of(), List.of(), 0);

    Map<String, Object> doc = object(TestSupport.parse(render(report, List.of())));

    assertEquals(List.of("schema", "deaths", "warnings"), List.copyOf(doc.keySet()));
    Map<String, Object> death = object(array(doc.get("deaths")).get(0));
    assertEquals(
        List.of("victim", "time", "uptime", "cause", "confidence", "killer", "signal", "summary", "evidence",
            "alternatives", "advice"),
        List.copyOf(death.keySet()));
    Map<String, Object> victim = object(death.get("victim"));
    assertEquals(List.of("pid", "name", "uid", "cgroup", "unit", "container"), List.copyOf(victim.keySet()));
    assertEquals(NULL, victim.get("container"));
    assertEquals(NULL, death.get("time"));
    assertEquals(NULL, death.get("killer"));
    BigDecimal confidence = (BigDecimal) death.get("confidence");
    assertTrue(confidence.signum() >= 0 && confidence.compareTo(BigDecimal.ONE) <= 0, "confidence " + confidence);
    for (Object e : array(death.get("evidence"))) {
      assertEquals(List.of("source", "text"), List.copyOf(object(e).keySet()));
    }
  }

  @Test
  void container_killer_wallTime_alternatives() throws IOException {
    Death oom = TestSupport.oomDeath();
    ContainerRef c = new ContainerRef(
        ContainerRuntime.CRI_O, "3f2a", null, "web-0", "8b1e0c5e-1f3a-4c1e-9a61-2b4f0e3c7d11", "shop", "burstable");
    ProcessRef victim = new ProcessRef(2141L, null, "python3", null, "/kubepods/x", c, null);
    EventTime time = new EventTime(
        Instant.parse("2017-12-24T16:02:24Z"), EventTime.Precision.SECONDS, true, false,
        Duration.ofMillis(66_634), null);
    LogRecord line = oom.verdict().evidence().get(0);
    Verdict killed = new Verdict(
        Cause.SIGNAL, 0.8, new ProcessRef(1350L, null, "bash", 3010, null, null, null), Signal.SIGTERM, "s", "w",
        List.of(line), List.of());
    Verdict alt = new Verdict(Cause.UNKNOWN, 0.0015, null, null, "s2", "nothing else says who", List.of(), List.of());
    Death death = new Death(victim, time, 0, oom.events(), List.of(killed, alt));

    Map<String, Object> d = object(array(object(TestSupport.parse(
        render(TestSupport.report(List.of(death), List.of(), List.of(), 0), List.of()))).get("deaths")).get(0));

    assertEquals(
        Map.of("runtime", "cri-o", "id", "3f2a", "name", NULL, "pod", "web-0",
            "pod_uid", "8b1e0c5e-1f3a-4c1e-9a61-2b4f0e3c7d11", "namespace", "shop", "qos_class", "burstable"),
        object(object(d.get("victim")).get("container")));
    assertEquals(NULL, object(d.get("victim")).get("uid"));
    assertEquals("2017-12-24T16:02:24Z", d.get("time"));
    assertEquals(new BigDecimal("66.634000"), d.get("uptime"));
    assertEquals(Map.of("pid", new BigDecimal("1350"), "name", "bash", "uid", new BigDecimal("3010")),
        object(d.get("killer")));
    assertEquals("SIGTERM", d.get("signal"));
    assertEquals(new BigDecimal("0.8"), d.get("confidence"));
    assertEquals(
        List.of(Map.of("cause", "unknown", "confidence", new BigDecimal("0.002"), "why", "nothing else says who")),
        d.get("alternatives"));
  }

  @Test
  void warnings_parseProblemsFoldedInAndCapped() throws IOException {
    List<ParseProblem> problems = new ArrayList<>();
    for (int i = 1; i <= JsonRenderer.MAX_PROBLEMS + 3; i++) {
      problems.add(new ParseProblem("kern.log", i, "oom report cut short"));
    }
    Report report = TestSupport.report(List.of(), List.of("kern.log:7: a kernel-looking line from a user process"),
        problems, 10);

    List<Object> warnings =
        array(object(TestSupport.parse(render(report, List.of("cannot read /var/log/syslog: permission denied"))))
            .get("warnings"));

    assertEquals("kern.log:7: a kernel-looking line from a user process", warnings.get(0));
    assertEquals("cannot read /var/log/syslog: permission denied", warnings.get(1));
    assertEquals("parse problem: kern.log:1: oom report cut short", warnings.get(2));
    assertEquals(2 + JsonRenderer.MAX_PROBLEMS + 1, warnings.size());
    assertEquals("parse problems: 13 more not shown", warnings.get(warnings.size() - 1));
  }

  @Test
  void emptyReport_minimalDocument() throws IOException {
    assertEquals("{\"schema\":\"whokilled/v1\",\"deaths\":[],\"warnings\":[]}",
        render(TestSupport.report(List.of(), List.of(), List.of(), 0), List.of()));
  }

  @Test
  void confidence_atMostThreeDecimals() {
    assertEquals("0.97", JsonRenderer.confidence(0.97).toPlainString());
    assertEquals("0.995", JsonRenderer.confidence(0.995).toPlainString());
    assertEquals("0.333", JsonRenderer.confidence(1.0 / 3).toPlainString());
    assertEquals("1", JsonRenderer.confidence(1).toPlainString());
    assertEquals("0", JsonRenderer.confidence(0).toPlainString());
    assertEquals("0", JsonRenderer.confidence(0.0001).toPlainString());
  }

  @Test
  void seconds_microsecondsCutNotRounded() {
    assertEquals("66.634803", JsonRenderer.seconds(Duration.ofNanos(66_634_803_999L)).toPlainString());
    assertEquals("0.000000", JsonRenderer.seconds(Duration.ZERO).toPlainString());
  }
}
