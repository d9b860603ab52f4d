package dev.whokilled.parsers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.Cause;
import dev.whokilled.Death;
import dev.whokilled.KillForensics;
import dev.whokilled.Report;
import dev.whokilled.event.ContainerRef;
import dev.whokilled.event.ContainerRuntime;
import dev.whokilled.event.OomKill;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Stages real memory cgroup OOM kills in child cgroups of this process's own, named as container runtimes name
 * theirs, and reads the machine's kernel log: the kernel's report must decode to the container, and a pod's
 * limit to the pod with the victim's container in it. Skips itself where the machine does not allow it (not root,
 * no memory cgroup to create children in, no dmesg, a cgroup v2 tree that will not delegate memory to a child).
 */
final class LiveContainerOomIT {

  @Test
  void dockerCgroupfsLayout_decodedFromTheKernelLog() throws Exception {
    StagedOom.unavailable().ifPresent(Assumptions::abort);
    Assumptions.assumeFalse(LiveOomIT.dmesg().isEmpty(), "the kernel log cannot be read here");
    String id = hexId();
    long pid;
    String path;
    StagedOom oom = create("docker/" + id);
    try {
      path = oom.cgroupPath;
      pid = oom.run();
    } finally {
      oom.close();
      deleteEmpty(oom.cgroup.getParent()); // "docker"
    }
    Death death = deathOf(pid);
    assertEquals(Cause.CONTAINER_OOM, death.cause(), death.verdict().summary());
    assertEquals(path, death.victim().cgroup());
    assertEquals(new ContainerRef(ContainerRuntime.DOCKER, id, null, null, null, null, null),
        death.victim().container());
    String summary = death.verdict().summary();
    assertTrue(summary.contains("because docker container " + id.substring(0, 12)
        + " reached its memory limit of 64.0 MiB"), summary);
  }

  @Test
  void podLimit_killsAContainer_victimsContainerAndThePodsLimit() throws Exception {
    StagedOom.unavailable().ifPresent(Assumptions::abort);
    Assumptions.assumeFalse(LiveOomIT.dmesg().isEmpty(), "the kernel log cannot be read here");
    String uid = UUID.randomUUID().toString();
    String id = hexId();
    long pid;
    String podPath;
    StagedOom pod = create("kubepods/burstable/pod" + uid);
    Path container = pod.cgroup.resolve(id);
    try {
      podPath = pod.cgroupPath;
      if (pod.v2) {
        enableMemory(pod.cgroup);
      }
      Files.createDirectories(container);
      pid = hog(container);
    } finally {
      deleteEmpty(container);
      pod.close();
      deleteEmpty(pod.cgroup.getParent()); // "burstable"
      deleteEmpty(pod.cgroup.getParent().getParent()); // "kubepods"
    }
    Death death = deathOf(pid);
    assertEquals(Cause.CONTAINER_OOM, death.cause(), death.verdict().summary());
    assertEquals(podPath + "/" + id, death.victim().cgroup());
    assertEquals(new ContainerRef(null, id, null, null, uid, null, "burstable"), death.victim().container());
    OomKill kill = (OomKill) death.events().get(0);
    assertEquals(podPath, kill.oomCgroup());
    assertEquals(StagedOom.LIMIT, kill.cgroupMemory().limit());
    String summary = death.verdict().summary();
    assertTrue(summary.contains("because pod " + uid + " reached its memory limit of 64.0 MiB"), summary);
    assertTrue(summary.contains("it ran in container " + id.substring(0, 12) + " of pod " + uid), summary);
    assertTrue(summary.contains("the whole pod's, not the container's"), summary);
  }

  /** Creates the cgroup with its limit, or skips the test where this machine's tree will not have it. */
  private static StagedOom create(String name) {
    try {
      return StagedOom.create(name);
    } catch (IOException e) {
      Assumptions.abort("cannot stage in a nested memory cgroup here: " + e.getMessage());
      throw new AssertionError(e);
    }
  }

  private static String hexId() {
    StringBuilder b = new StringBuilder(64);
    for (int i = 0; i < 4; i++) {
      b.append(String.format("%016x", ThreadLocalRandom.current().nextLong()));
    }
    return b.toString();
  }

  /** cgroup v2: a child is charged to its own memory cgroup only when its parent delegates the controller. */
  private static void enableMemory(Path dir) {
    try {
      Files.writeString(dir.resolve("cgroup.subtree_control"), "+memory");
    } catch (IOException e) {
      Assumptions.abort("cannot delegate memory to a child cgroup here: " + e.getMessage());
    }
  }

  /** Runs the hog in {@code dir} until the kernel kills it, as {@link StagedOom#run()} does in its own cgroup. */
  private static long hog(Path dir) throws IOException, InterruptedException {
    String procs = dir.resolve("cgroup.procs").toString();
    Process p = new ProcessBuilder("sh", "-c", "echo $$ > '" + procs + "' && exec tail /dev/zero")
        .redirectErrorStream(true)
        .start();
    p.getOutputStream().close();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("the hog was not killed within 60 s");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.exitValue() != 137) {
      throw new IOException("the hog ended with " + p.exitValue() + " rather than SIGKILL: " + out);
    }
    return p.pid();
  }

  private static Death deathOf(long pid) throws IOException, InterruptedException {
    Report report = null;
    for (int attempt = 0; attempt < 20; attempt++) { // the kill line can lag the exit by a moment
      report = KillForensics.analyze(LiveOomIT.dmesg());
      if (!report.findByPid(pid).isEmpty()) {
        break;
      }
      Thread.sleep(100);
    }
    List<Death> deaths = report.findByPid(pid);
    assertTrue(!deaths.isEmpty(), "no death of pid " + pid);
    return report.findLast(pid).orElseThrow();
  }

  /** Removes an empty cgroup directory, retrying while the kernel still tears its last task down. */
  private static void deleteEmpty(Path dir) throws InterruptedException {
    for (int i = 0; i < 50 && Files.exists(dir); i++) {
      try {
        Files.delete(dir);
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
  }
}
