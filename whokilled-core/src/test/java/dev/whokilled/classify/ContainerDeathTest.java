package dev.whokilled.classify;

import static dev.whokilled.classify.Events.at;
import static dev.whokilled.classify.Events.oom;
import static dev.whokilled.classify.Events.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.Cause;
import dev.whokilled.Death;
import dev.whokilled.Verdict;
import dev.whokilled.event.ContainerKill.Reason;
import dev.whokilled.event.ContainerRef;
import dev.whokilled.event.ContainerRuntime;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.Signal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runtime and orchestrator reports, alone and joined to the kernel's record of the same end. */
final class ContainerDeathTest {

  static final String ID = "2e088fe462e25e60be1dafafe2c05c47bda1a97978648d10ad2b7484fc0b8f50";
  static final String OTHER = "9f1c7e2a3b4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7";
  static final String UID = "5c1e4f3a-9b0d-4c2e-8f7a-1b2c3d4e5f60";
  static final String DOCKER_CGROUP = "/docker/" + ID;
  static final String POD_CGROUP = "/kubepods/burstable/pod" + UID + "/" + ID;

  static ContainerRef docker(String id, String name) {
    return new ContainerRef(ContainerRuntime.DOCKER, id, name, null, null, null, null);
  }

  static ContainerRef kube(String id) {
    return new ContainerRef(ContainerRuntime.CONTAINERD, id, "cart", "cart-7d9f", null, "shop", null);
  }

  @Test
  void runtimeFlagJoinsTheKernelsKill_oneDeathWithNames() {
    List<Death> deaths = Events.classify(
        report("docker", docker(ID, "web"), null, at(900), Reason.OOM_KILLED, 137, null),
        oom(4242, "python3", DOCKER_CGROUP, at(0)));
    assertEquals(1, deaths.size());
    Death d = deaths.get(0);
    assertEquals(4242L, d.victim().pid());
    assertEquals("web", d.victim().container().name());
    assertEquals(ID, d.victim().container().id());
    Verdict v = d.verdicts().get(0);
    assertEquals(Cause.CONTAINER_OOM, v.cause());
    assertTrue(v.confidence() > 0.97, "two witnesses agree: " + v.confidence());
    assertEquals(2, d.events().size());
  }

  @Test
  void orchestratorWithAbbreviatedOrFullId_joinsPodLevelKill() {
    List<Death> deaths = Events.classify(
        oom(77, "java", POD_CGROUP, at(0)),
        report("kubernetes", kube(ID), null, at(30_000), Reason.OOM_KILLED,
            137, null));
    assertEquals(1, deaths.size());
    ContainerRef c = deaths.get(0).victim().container();
    assertEquals("cart-7d9f", c.pod());
    assertEquals("shop", c.namespace());
    assertEquals(UID, c.podUid());
    List<Death> abbreviated = Events.classify(oom(77, "java", DOCKER_CGROUP, at(0)),
        report("docker", docker(ID.substring(0, 12), "web"), null, at(1000), Reason.EXITED, 137, null));
    assertEquals(1, abbreviated.size());
    assertEquals(ID, abbreviated.get(0).victim().container().id(), "the full id is kept");
  }

  @Test
  void reportOfAnotherContainerOrTooLate_staysApart() {
    assertEquals(2, Events.classify(oom(77, "java", DOCKER_CGROUP, at(0)),
        report("docker", docker(OTHER, "db"), null, at(500), Reason.OOM_KILLED, 137, null)).size());
    assertEquals(2, Events.classify(oom(77, "java", DOCKER_CGROUP, at(0)),
        report("docker", docker(ID, "web"), null, at(600_000), Reason.OOM_KILLED, 137, null)).size());
  }

  @Test
  void twoKernelKillsInOneContainer_stayTwoDeaths_reportJoinsTheNearest() {
    List<Death> deaths = Events.classify(
        oom(100, "worker", DOCKER_CGROUP, at(0)),
        oom(101, "worker", DOCKER_CGROUP, at(40_000)),
        report("docker", docker(ID, "web"), null, at(41_000), Reason.OOM_KILLED, 137, null));
    assertEquals(2, deaths.size());
    assertEquals(1, deaths.get(0).events().size());
    assertEquals(2, deaths.get(1).events().size());
    assertEquals(101L, deaths.get(1).victim().pid());
  }

  @Test
  void oomKilledFalseAfterAChildsKill_kernelWinsAndTheFlagIsExplained() {
    List<Death> deaths = Events.classify(
        oom(4300, "worker", DOCKER_CGROUP, at(0)),
        report("docker", docker(ID, "web"), null, at(2000), Reason.EXITED, 1, null));
    assertEquals(1, deaths.size());
    Verdict v = deaths.get(0).verdicts().get(0);
    assertEquals(Cause.CONTAINER_OOM, v.cause());
    assertEquals(4300L, deaths.get(0).victim().pid());
    assertTrue(v.why().contains("without flagging it OOMKilled"), v.why());
    assertEquals(1, deaths.get(0).verdicts().size(), "no unknown beside the kernel's report");
  }

  @Test
  void ordinaryExitAlone_isNoDeath() {
    assertEquals(List.of(), Events.classify(
        report("docker", docker(ID, "web"), null, at(0), Reason.EXITED, 1, null)));
  }

  @Test
  void oomKilledOnAContainerThatKeptRunning_namesTheProcessItDidKill() {
    List<Death> deaths = Events.classify(
        oom(4301, "convert", DOCKER_CGROUP, at(0)),
        report("docker", docker(ID, "web"), null, at(5000), Reason.OOM_EVENT, null, "the container kept running"));
    assertEquals(1, deaths.size());
    Verdict v = deaths.get(0).verdicts().get(0);
    assertEquals(Cause.CONTAINER_OOM, v.cause());
    assertTrue(v.why().contains("kept running: the kill hit convert (pid 4301)"), v.why());
    Death alone = Events.classify(
        report("docker", docker(ID, "web"), null, at(5000), Reason.OOM_EVENT, null, "the container kept running"))
        .get(0);
    assertTrue(alone.verdicts().get(0).summary().contains("kept running"), alone.verdicts().get(0).summary());
  }

  @Test
  void exit137WithNoOomAnywhere_unknownWithContainerAlternatives() {
    Death d = Events.classify(report("docker", docker(ID, "web"), null, at(0), Reason.EXITED, 137, null)).get(0);
    Verdict top = d.verdicts().get(0);
    assertEquals(Cause.UNKNOWN, top.cause());
    assertEquals(Signal.SIGKILL, top.signal());
    List<Cause> alternatives = d.verdicts().stream().skip(1).map(Verdict::cause).toList();
    assertTrue(alternatives.contains(Cause.CONTAINER_OOM), alternatives.toString());
    assertTrue(alternatives.contains(Cause.SERVICE_MANAGER), alternatives.toString());
    assertTrue(top.summary().contains("docker container web"), top.summary());
  }

  @Test
  void kubeletSystemOom_joinsTheKernelsGlobalKillByPid_evenWithClocksThatDoNotCompare() {
    EventTime uptimeOnly = EventTime.ofUptime(Duration.ofSeconds(5000));
    List<Death> deaths = Events.classify(
        oom(9001, "stress", null, uptimeOnly),
        report("kubelet", new ContainerRef(null, null, null, null, null, null, null), 9001L, at(0),
            Reason.SYSTEM_OOM, null, null));
    assertEquals(1, deaths.size());
    assertEquals(Cause.KERNEL_OOM, deaths.get(0).verdicts().get(0).cause());
  }

  @Test
  void kubeletStop_isTheSupervisorsKill() {
    Death d = Events.classify(report("kubelet", kube(ID), null, at(0), Reason.KILLED, null,
        "Container cart failed liveness probe, will be restarted")).get(0);
    Verdict v = d.verdicts().get(0);
    assertEquals(Cause.SERVICE_MANAGER, v.cause());
    assertEquals("kubelet", v.killer().comm());
    assertNull(v.killer().pid());
  }

  @Test
  void sameContainer_idPrefixOrPodAndName() {
    assertTrue(docker(ID, null).sameContainer(docker(ID.substring(0, 12), null)));
    assertTrue(!docker(ID, null).sameContainer(docker(ID.substring(0, 8), null)));
    assertTrue(kube(null).sameContainer(kube(ID)));
    assertTrue(!kube(null).sameContainer(
        new ContainerRef(null, null, "cart", "cart-7d9f", null, "other-namespace", null)));
  }
}
