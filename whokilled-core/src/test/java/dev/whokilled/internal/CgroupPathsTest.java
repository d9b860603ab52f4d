package dev.whokilled.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.event.ContainerRef;
import dev.whokilled.event.ContainerRuntime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Cgroup paths as real OOM reports print them (see the corpus in whokilled-parsers for their sources). */
final class CgroupPathsTest {

  static final String ID = "2e088fe462e25e60be1dafafe2c05c47bda1a97978648d10ad2b7484fc0b8f50";
  static final String UID = "5c1e4f3a-9b0d-4c2e-8f7a-1b2c3d4e5f60";

  @Test
  void docker_cgroupfsAndSystemd() {
    assertEquals(new ContainerRef(ContainerRuntime.DOCKER, ID, null, null, null, null, null),
        CgroupPaths.container("/docker/" + ID).orElseThrow());
    assertEquals(ContainerRuntime.DOCKER,
        CgroupPaths.container("/system.slice/docker-" + ID + ".scope").orElseThrow().runtime());
  }

  @Test
  void kubepods_bothDriversAndQos() {
    ContainerRef cgroupfs = CgroupPaths.container("/kubepods/burstable/pod" + UID + "/" + ID).orElseThrow();
    assertEquals(UID, cgroupfs.podUid());
    assertEquals(ID, cgroupfs.id());
    assertEquals("burstable", cgroupfs.qosClass());
    ContainerRef systemd = CgroupPaths.container("/kubepods.slice/kubepods-besteffort.slice/"
        + "kubepods-besteffort-pod" + UID.replace('-', '_') + ".slice/cri-containerd-" + ID + ".scope")
        .orElseThrow();
    assertEquals(ContainerRuntime.CONTAINERD, systemd.runtime());
    assertEquals(UID, systemd.podUid());
    assertEquals("besteffort", systemd.qosClass());
    ContainerRef guaranteed = CgroupPaths.container("/kubepods/pod" + UID + "/" + ID).orElseThrow();
    assertEquals("guaranteed", guaranteed.qosClass());
    ContainerRef podOnly = CgroupPaths.container("/kubepods/burstable/pod" + UID).orElseThrow();
    assertEquals(UID, podOnly.podUid());
    assertEquals(null, podOnly.id());
  }

  @Test
  void otherRuntimes() {
    assertEquals(ContainerRuntime.CRI_O,
        CgroupPaths.container("/kubepods.slice/crio-" + ID + ".scope").orElseThrow().runtime());
    assertEquals(ContainerRuntime.PODMAN,
        CgroupPaths.container("/machine.slice/libpod-" + ID + ".scope/container").orElseThrow().runtime());
    assertEquals("web", CgroupPaths.container("/lxc/web").orElseThrow().name());
    assertEquals("web", CgroupPaths.container("/lxc.payload.web").orElseThrow().name());
    assertEquals("my-box",
        CgroupPaths.container("/machine.slice/machine-my\\x2dbox.scope").orElseThrow().name());
  }

  @Test
  void plainUnitsAndJunk_noContainer() {
    for (String path : new String[] {"/", "/user.slice/user-1000.slice/session-2.scope",
        "/system.slice/nginx.service", "/process_api/f4213a66b8f9e30ea0aad2252c1ce01c/wk-stage1", "", "////",
        "/docker", "/docker/notanid", "/kubepods/burstable/podnotauid/x"}) {
      assertEquals(Optional.empty(), CgroupPaths.container(path), path);
    }
    assertTrue(CgroupPaths.container(null).isEmpty());
  }
}
