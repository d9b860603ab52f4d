package dev.whokilled.classify;

import static dev.whokilled.classify.Events.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.Cause;
import dev.whokilled.Death;
import dev.whokilled.event.CgroupMemory;
import dev.whokilled.event.Constraint;
import dev.whokilled.event.ContainerRef;
import dev.whokilled.event.ContainerRuntime;
import dev.whokilled.event.MemoryKiller;
import dev.whokilled.event.OomKill;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.event.VictimMemory;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Kernel memory cgroup OOMs in and out of containers: the victim's cgroup and the OOM cgroup are decoded apart,
 * so a pod's limit that kills a process in one of its containers names both (paths as in
 * {@code corpus/oom/memcg_kubepods_cdi_importer_dmesg} and the other reports of {@code CgroupPathsTest}).
 */
final class OomContainerVerdictsTest {

  static final String UID = "6b212546-f5dd-4fdf-bcc7-72a686638102";
  static final String POD = "/kubepods/burstable/pod" + UID;
  static final String ID = "ea887b1c9c5c8e734ac798fedd2bf5d39c0b7ce5ad961027dfc1ca138a23a2e8";

  /** A kernel memcg kill whose victim ran in {@code taskCgroup} under the limit of {@code oomCgroup}. */
  static OomKill memcg(long pid, String comm, @Nullable String taskCgroup, @Nullable String oomCgroup) {
    ProcessRef victim = ProcessRef.of(pid, comm).withCgroup(taskCgroup);
    return new OomKill(victim, at(0), List.of(Events.line("kern.log", 5,
        "Memory cgroup out of memory: Killed process " + pid + " (" + comm + ")", at(0))), MemoryKiller.KERNEL,
        ProcessRef.of(pid, comm), Constraint.MEMCG, oomCgroup, null, null, null, false,
        new VictimMemory(1L << 30, 1L << 29, 0L, 0L, null, null, null), null, null,
        new CgroupMemory(3L << 30, 3L << 30, 9L, null, null), List.of(), null, null, false, false, false, null,
        Signal.SIGKILL);
  }

  static Death one(OomKill k) {
    List<Death> deaths = Events.classify(k);
    assertEquals(1, deaths.size(), deaths.toString());
    return deaths.get(0);
  }

  @Test
  void podLimit_killsAContainer_victimGetsTheContainer_summaryNamesThePod() {
    Death d = one(memcg(18524, "cdi-importer", POD + "/" + ID, POD));
    assertEquals(Cause.CONTAINER_OOM, d.cause());
    assertEquals(new ContainerRef(null, ID, null, null, UID, null, "burstable"), d.victim().container());
    String summary = d.verdict().summary();
    assertTrue(summary.contains("because pod " + UID + " reached its memory limit of 3.0 GiB"), summary);
    assertTrue(summary.contains("it ran in container ea887b1c9c5c of pod " + UID), summary);
    assertTrue(summary.contains("the whole pod's, not the container's"), summary);
    assertTrue(d.verdict().why().contains("which is pod " + UID), d.verdict().why());
    assertTrue(d.verdict().advice().get(0).startsWith("Raise the pod's memory limit"), d.verdict().advice().toString());
  }

  @Test
  void containerLimit_summaryNamesTheContainer() {
    Death d = one(memcg(18524, "cdi-importer", POD + "/" + ID, POD + "/" + ID));
    assertEquals(Cause.CONTAINER_OOM, d.cause());
    String summary = d.verdict().summary();
    assertTrue(summary.contains("because container ea887b1c9c5c of pod " + UID + " reached its memory limit"), summary);
    assertFalse(summary.contains("whole pod"), summary);
    assertFalse(summary.contains("it ran in"), summary);
    assertTrue(d.verdict().advice().get(0).startsWith("Raise the container's memory limit"),
        d.verdict().advice().toString());
  }

  @Test
  void podLimit_victimCgroupNotPrinted_victimIsThePod() {
    Death d = one(memcg(18524, "cdi-importer", null, POD));
    assertEquals(Cause.CONTAINER_OOM, d.cause());
    assertTrue(d.verdict().summary().contains("because pod " + UID + " reached its memory limit"),
        d.verdict().summary());
  }

  @Test
  void dockerScope_isContainerOom() {
    String id = "00748bf4e957f82c239a1db8a88579059b7d40c7b5fbd3f43617d31d3f646f12";
    String scope = "/system.slice/docker-" + id + ".scope";
    Death d = one(memcg(7134, "java", scope, scope));
    assertEquals(Cause.CONTAINER_OOM, d.cause());
    assertEquals(ContainerRuntime.DOCKER, d.victim().container().runtime());
    assertTrue(d.verdict().summary().contains("because docker container 00748bf4e957 reached its memory limit"),
        d.verdict().summary());
  }

  @Test
  void lxcLimit_killsInADockerContainerInsideIt() {
    String id = "74bea4773fde644e8d41e00dbe72e90b9caa1ad429cbd0248faf3f868997dd77";
    Death d = one(memcg(4410, "mysqld", "/lxc/web/docker/" + id, "/lxc/web"));
    assertEquals(Cause.CONTAINER_OOM, d.cause());
    assertEquals(ContainerRuntime.DOCKER, d.victim().container().runtime());
    String summary = d.verdict().summary();
    assertTrue(summary.contains("because lxc container web reached its memory limit"), summary);
    assertTrue(summary.contains("it ran in docker container 74bea4773fde inside it"), summary);
  }

  @Test
  void nodeAllocatable_kubepodsSlice_victimInAContainer_isContainerOom() {
    // corpus/oom/modern_aks_cgv2_memcg_oom_group_syslog: oom_memcg=/kubepods.slice
    String task = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod10d16a28_60ff_475f_a631_510d9792219f"
        + ".slice/cri-containerd-178ec18073cc6ac7be2de8d9869daf162a6349dd056b6535849112c53ec3102a.scope";
    Death d = one(memcg(68061, "stress", task, "/kubepods.slice"));
    assertEquals(Cause.CONTAINER_OOM, d.cause());
    String summary = d.verdict().summary();
    assertTrue(summary.contains("because memory cgroup /kubepods.slice reached its limit"), summary);
    assertTrue(summary.contains("it ran in containerd container 178ec18073cc of pod 10d16a28-60ff-475f-a631-"
        + "510d9792219f"), summary);
  }

  @Test
  void outsideAnyContainer_staysCgroupOom() {
    for (String cg : new String[] {"/system.slice/foo.service", "/user.slice/user-1000.slice/session-2.scope",
        "/user.slice/user-1000.slice/user@1000.service/app.slice/app-org.gnome.Terminal.slice/vte-spawn-1.scope",
        "/process_api/f4213a66b8f9e30ea0aad2252c1ce01c/wk-stage1"}) {
      Death d = one(memcg(4242, "python3", cg, cg));
      assertEquals(Cause.CGROUP_OOM, d.cause(), cg);
      assertNull(d.victim().container(), cg);
      assertTrue(d.verdict().summary().contains("memory cgroup " + cg + " reached its limit"), d.verdict().summary());
      assertFalse(d.verdict().summary().contains("it ran in"), d.verdict().summary());
    }
  }

  @Test
  void podmanPod_describedAsPodmanPod() {
    String pod = "ddf44d54b520f0b4469fcd01c3155ca49e6911dc2175471eb3a7b789187a7a89";
    String ctr = "1dadda571b14eefb3158a15d0fff7e0089f9dd92f922679ed0116cccdfe8bb0f";
    String slice = "/machine.slice/machine-libpod_pod_" + pod + ".slice";
    Death d = one(memcg(99, "redis-server", slice + "/libpod-" + ctr + ".scope/container", slice));
    assertEquals(Cause.CONTAINER_OOM, d.cause());
    String summary = d.verdict().summary();
    assertTrue(summary.contains("because podman pod ddf44d54b520 reached its memory limit"), summary);
    assertTrue(summary.contains("it ran in podman container 1dadda571b14 of pod ddf44d54b520"), summary);
  }
}
