package dev.whokilled.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.event.ContainerRef;
import dev.whokilled.event.ContainerRuntime;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Real cgroup paths of every layout, each with where it was seen: kernel OOM reports, {@code /proc/<pid>/cgroup},
 * {@code systemd-cgls} and {@code systemctl status} output in public issues, other projects' tests of the same
 * decoding, and this machine. Where a source elided an id ({@code a3c3…5bb5}) the layout is kept and the id made
 * up; such paths say so.
 */
final class CgroupPathsTest {

  private static final ContainerRuntime DOCKER = ContainerRuntime.DOCKER;
  private static final ContainerRuntime CONTAINERD = ContainerRuntime.CONTAINERD;
  private static final ContainerRuntime CRI_O = ContainerRuntime.CRI_O;
  private static final ContainerRuntime PODMAN = ContainerRuntime.PODMAN;
  private static final ContainerRuntime LXC = ContainerRuntime.LXC;
  private static final ContainerRuntime NSPAWN = ContainerRuntime.SYSTEMD_NSPAWN;
  private static final ContainerRuntime OPENVZ = ContainerRuntime.OPENVZ;

  private static void decodes(String path, @Nullable ContainerRuntime runtime, @Nullable String id,
      @Nullable String name, @Nullable String podUid, @Nullable String qos) {
    decodes(path, new ContainerRef(runtime, id, name, null, podUid, null, qos));
  }

  private static void decodes(String path, ContainerRef expected) {
    assertEquals(Optional.of(expected), CgroupPaths.container(path), path);
    assertEquals(Optional.of(expected), ContainerRef.fromCgroupPath(path), path);
  }

  private static void none(String path) {
    assertEquals(Optional.empty(), CgroupPaths.container(path), path);
  }

  @Test
  void docker_cgroupfsDriver() {
    // google/cadvisor utils/oomparser/oomparser_test.go (also corpus/oom/cadvisor_gentoo4.8_docker_memcg_two_ooms)
    decodes("/docker/2e088fe462e25e60be1dafafe2c05c47bda1a97978648d10ad2b7484fc0b8f50",
        DOCKER, "2e088fe462e25e60be1dafafe2c05c47bda1a97978648d10ad2b7484fc0b8f50", null, null, null);
    // thewca/worldcubeassociation.org PR #1690: "Task in /docker/74bea… killed as a result of limit of /docker/74bea…"
    decodes("/docker/74bea4773fde644e8d41e00dbe72e90b9caa1ad429cbd0248faf3f868997dd77",
        DOCKER, "74bea4773fde644e8d41e00dbe72e90b9caa1ad429cbd0248faf3f868997dd77", null, null, null);
    // kubernetes/kubernetes#18202, /proc/109/cgroup inside a container: "5:memory:/docker/81950eac…"
    decodes("5:memory:/docker/81950eac55062e5d8e7b5567d1036e4b146dfe212bdc9263c97347e6ce86b904",
        DOCKER, "81950eac55062e5d8e7b5567d1036e4b146dfe212bdc9263c97347e6ce86b904", null, null, null);
    // neuvector/neuvector share/system/cgroup_test.go TestDockerIDDebian: the id at the root, no "docker" parent
    decodes("4:memory:/4f797c539e6c745de61a93ca3ff892358ecbcaccd8414d5db545c38428142970",
        null, "4f797c539e6c745de61a93ca3ff892358ecbcaccd8414d5db545c38428142970", null, null, null);
    // moby/moby#47418 (cgroup v2, cgroupfs driver): task_memcg=/docker/e9d91245… as posted, the id cut by a
    // space in the paste: not an id, so not a container
    none("/docker/e9d912458f1530f0d9f586ab3bdca1015f45cbb5cd59cddde 5 a33d7714fda280");
  }

  @Test
  void docker_systemdDriver() {
    // dyrnq/install-docker#14: "global_oom,task_memcg=/system.slice/docker-00748bf4….scope"
    decodes("/system.slice/docker-00748bf4e957f82c239a1db8a88579059b7d40c7b5fbd3f43617d31d3f646f12.scope",
        DOCKER, "00748bf4e957f82c239a1db8a88579059b7d40c7b5fbd3f43617d31d3f646f12", null, null, null);
    // moby/moby#15905 (3.10 el7): "php.bin cpuset=docker-55f00ad3….scope mems_allowed=0": the bare cpuset name
    decodes("docker-55f00ad3e6b3226ab56eae353cb7667ed97d30a5cd4a6304a32a69b30316a6a5.scope",
        DOCKER, "55f00ad3e6b3226ab56eae353cb7667ed97d30a5cd4a6304a32a69b30316a6a5", null, null, null);
    // moby/moby PR #4450 (the first systemd driver): systemd-cgls shows system-docker.slice/docker-<id>.scope
    decodes("/system.slice/system-docker.slice/"
            + "docker-d6b15f04feb95083acea4b9caa6e59f8ebe67e3e3cf9cb8c59fad543490ee3ef.scope",
        DOCKER, "d6b15f04feb95083acea4b9caa6e59f8ebe67e3e3cf9cb8c59fad543490ee3ef", null, null, null);
    // a student's notes (stored file 58696625517, "badhon-oom-test"): oom_memcg=/system.slice/docker-c32e6b2f….scope
    decodes("/system.slice/docker-c32e6b2f57ba5c870e04a776f066ff53600087f1cafafa246aad4f3575259f97.scope",
        DOCKER, "c32e6b2f57ba5c870e04a776f066ff53600087f1cafafa246aad4f3575259f97", null, null, null);
    // falcosecurity/plugins plugins/container/test/matchers.cpp "docker_systemd": a docker.slice parent
    decodes("/docker.slice/docker-7951fb549ab99e0722a949b6c121634e1f3a36b5bacbe5392991e3b12251e6b8.scope",
        DOCKER, "7951fb549ab99e0722a949b6c121634e1f3a36b5bacbe5392991e3b12251e6b8", null, null, null);
    // neuvector/neuvector cgroup_test.go TestDockerIDCentOS: "8:memory:/system.slice/docker-9ec39b91….scope"
    decodes("8:memory:/system.slice/docker-9ec39b91f3d70e1beff50a308f77067065ea6be0d91a3378375056cd4422cf3d.scope",
        DOCKER, "9ec39b91f3d70e1beff50a308f77067065ea6be0d91a3378375056cd4422cf3d", null, null, null);
  }

  @Test
  void docker_innerHierarchyAndNesting() {
    // a systemd container under docker: stored file 3524888661 shows task_memcg=/system.slice/docker-….scope/init.scope
    // (id elided there; made up here)
    decodes("/system.slice/docker-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope/init.scope",
        DOCKER, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", null, null, null);
    // jpetazzo/dind#87: "/sys/fs/cgroup/cpu,cpuacct/system.slice/docker-a3c3…5bb5.scope/docker/788e…4174/": the inner
    // container wins (ids elided there; made up here with the same ends)
    String outer = "a3c3" + "0".repeat(56) + "5bb5";
    String inner = "788e" + "1".repeat(56) + "4174";
    decodes("/system.slice/docker-" + outer + ".scope/docker/" + inner, DOCKER, inner, null, null, null);
    decodes("/docker/" + outer + "/docker/" + inner, DOCKER, inner, null, null, null);
  }

  @Test
  void kubepods_cgroupfsDriver_everyQos() {
    // corpus/oom/memcg_kubepods_cdi_importer_dmesg: the container, and the pod's own cgroup (its limit was hit)
    decodes("/kubepods/burstable/pod6b212546-f5dd-4fdf-bcc7-72a686638102/"
            + "ea887b1c9c5c8e734ac798fedd2bf5d39c0b7ce5ad961027dfc1ca138a23a2e8",
        null, "ea887b1c9c5c8e734ac798fedd2bf5d39c0b7ce5ad961027dfc1ca138a23a2e8", null,
        "6b212546-f5dd-4fdf-bcc7-72a686638102", "burstable");
    decodes("/kubepods/burstable/pod6b212546-f5dd-4fdf-bcc7-72a686638102",
        null, null, null, "6b212546-f5dd-4fdf-bcc7-72a686638102", "burstable");
    // bluek8s/kubedirector#356: a guaranteed pod has no QoS segment: "Task in /kubepods/pod951f6bc5-…/024952d6…"
    decodes("/kubepods/pod951f6bc5-c5a5-11ea-8707-80e455f266a2/"
            + "024952d653ef1cd852f875a61bd27cf45cb1fd6cab3659ca7e5f12f037d99aa9",
        null, "024952d653ef1cd852f875a61bd27cf45cb1fd6cab3659ca7e5f12f037d99aa9", null,
        "951f6bc5-c5a5-11ea-8707-80e455f266a2", "guaranteed");
    // falcosecurity/plugins matchers.cpp "containerd_cgroupfs": besteffort
    decodes("/kubepods/besteffort/podac04f3f2-1f2c-11e9-b015-1ebee232acfa/"
            + "605439acbd4fb18c145069289094b17f17e0cfa938f78012d4960bc797305f22",
        null, "605439acbd4fb18c145069289094b17f17e0cfa938f78012d4960bc797305f22", null,
        "ac04f3f2-1f2c-11e9-b015-1ebee232acfa", "besteffort");
    // kubernetes/kubernetes#114142: "/sys/fs/cgroup/memory/kubepods/burstable/pod22697648-…" (a pod's limit)
    decodes("/kubepods/burstable/pod22697648-cc63-47d6-ba97-fe420988dfc1",
        null, null, null, "22697648-cc63-47d6-ba97-fe420988dfc1", "burstable");
    // the QoS cgroups and the node's own name no pod
    none("/kubepods/burstable");
    none("/kubepods");
    none("/kubepods.slice");
  }

  @Test
  void kubepods_systemdDriver_everyQos() {
    // corpus/oom/modern_rhel9_cgv2_kubepods_dmesg_xT: guaranteed, containerd
    decodes("/kubepods.slice/kubepods-pod089f25ee_a41a_414c_a028_71a38dfb30d3.slice/"
            + "cri-containerd-c3f1de0d0969e5d3c6758d2e59be98d4dc8ba0367af77f52b09d15225139c74f.scope",
        CONTAINERD, "c3f1de0d0969e5d3c6758d2e59be98d4dc8ba0367af77f52b09d15225139c74f", null,
        "089f25ee-a41a-414c-a028-71a38dfb30d3", "guaranteed");
    // corpus/oom/modern_aks_cgv2_memcg_oom_group_syslog: burstable, containerd
    decodes("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod10d16a28_60ff_475f_a631_510d9792219f.slice/"
            + "cri-containerd-178ec18073cc6ac7be2de8d9869daf162a6349dd056b6535849112c53ec3102a.scope",
        CONTAINERD, "178ec18073cc6ac7be2de8d9869daf162a6349dd056b6535849112c53ec3102a", null,
        "10d16a28-60ff-475f-a631-510d9792219f", "burstable");
    // netdata/netdata#4868 (tree -d of /sys/fs/cgroup/blkio): besteffort, and a static pod's 32-digit uid
    decodes("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pode1465238_4518_4c21_832f_fd9f87033dad.slice/"
            + "cri-containerd-66be9b2efdf4d85288c319b8c1a2f50d2439b5617e36f45d9d0d0be1381113be.scope",
        CONTAINERD, "66be9b2efdf4d85288c319b8c1a2f50d2439b5617e36f45d9d0d0be1381113be", null,
        "e1465238-4518-4c21-832f-fd9f87033dad", "besteffort");
    decodes("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod03671a0313f5acf27bef3683009923f8.slice/"
            + "cri-containerd-33b76b55c057401e680c81463a405421c2bf172c8fdc95d13715ac35126bf355.scope",
        CONTAINERD, "33b76b55c057401e680c81463a405421c2bf172c8fdc95d13715ac35126bf355", null,
        "03671a0313f5acf27bef3683009923f8", "burstable");
    // the AKS report's oom_memcg=/kubepods.slice: the node's allocatable limit names no pod
    none("/kubepods.slice");
    none("/kubepods.slice/kubepods-burstable.slice");
    // a pod's own slice: its limit
    decodes("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod10d16a28_60ff_475f_a631_510d9792219f.slice",
        null, null, null, "10d16a28-60ff-475f-a631-510d9792219f", "burstable");
    // actions/actions-runner-controller PR #4480: dockerd --cgroup-parent=<the pod's slice>: Docker's scopes in a pod
    decodes("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod2ca4a155_3599_498d_bb9d_4446693fa3ea.slice/"
            + "docker-7951fb549ab99e0722a949b6c121634e1f3a36b5bacbe5392991e3b12251e6b8.scope",
        DOCKER, "7951fb549ab99e0722a949b6c121634e1f3a36b5bacbe5392991e3b12251e6b8", null,
        "2ca4a155-3599-498d-bb9d-4446693fa3ea", "burstable");
  }

  @Test
  void kubepods_systemdKubeletWithCgroupfsRuntime() {
    // containerd/containerd#5226: ll /sys/fs/cgroup/memory/system.slice/containerd.service/kubepods-burstable-
    // pod7a875b5c_….slice:cri-containerd:ee05f876…/ (SystemdCgroup=false under a systemd-driver kubelet)
    decodes("/system.slice/containerd.service/kubepods-burstable-pod7a875b5c_4d3c_4345_ac0f_5c847d8d7129.slice"
            + ":cri-containerd:ee05f876e981d258209f91f25f139f7abc13a0246a5f343298572602fea8c7bb",
        CONTAINERD, "ee05f876e981d258209f91f25f139f7abc13a0246a5f343298572602fea8c7bb", null,
        "7a875b5c-4d3c-4345-ac0f-5c847d8d7129", "burstable");
    // falcosecurity/plugins matchers.cpp "containerd_unknown": the same with a static pod
    decodes("/kubepods-burstable-podbd12dd3393227d950605a2444b13c27a.slice:cri-containerd:"
            + "d52db56a9c80d536a91354c0951c061187ca46249e64865a12703003d8f42366",
        CONTAINERD, "d52db56a9c80d536a91354c0951c061187ca46249e64865a12703003d8f42366", null,
        "bd12dd3393227d950605a2444b13c27a", "burstable");
    // the same issue's failing create: a name, not an id: no container
    none("/system.slice/containerd.service/kubepods-burstable-pod7a875b5c_4d3c_4345_ac0f_5c847d8d7129.slice"
        + ":cri-containerd:webapp");
  }

  @Test
  void crio_containersAndTheirMonitors() {
    // falcosecurity/plugins matchers.cpp "crio_cgroupfs" and "crio_systemd"
    decodes("/kubepods/besteffort/pod63b3ebfc-2890-11e9-8154-16bf8ef8d9dc/"
            + "crio-73bfe475650de66df8e2affdc98d440dcbe84f8df83b6f75a68a82eb7026136a",
        CRI_O, "73bfe475650de66df8e2affdc98d440dcbe84f8df83b6f75a68a82eb7026136a", null,
        "63b3ebfc-2890-11e9-8154-16bf8ef8d9dc", "besteffort");
    decodes("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod63b3ebfc_2890_11e9_8154_16bf8ef8d9dc.slice/"
            + "crio-17d8c9eacc629f9945f304d89e9708c0c619649a484a215b240628319548a09f.scope",
        CRI_O, "17d8c9eacc629f9945f304d89e9708c0c619649a484a215b240628319548a09f", null,
        "63b3ebfc-2890-11e9-8154-16bf8ef8d9dc", "besteffort");
    // containerd/nri PR #227 (OpenShift): the pod sandbox's cgroup has no .scope, its containers do
    decodes("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod35550f44_f691_427e_b57d_ab6127d2cb65.slice/"
            + "crio-468f848e2ebec7203ed55748d08337851af589ac42eb551c572446a5c68fe631",
        CRI_O, "468f848e2ebec7203ed55748d08337851af589ac42eb551c572446a5c68fe631", null,
        "35550f44-f691-427e-b57d-ab6127d2cb65", "burstable");
    decodes("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod35550f44_f691_427e_b57d_ab6127d2cb65.slice/"
            + "crio-805b902ed98fdc1409c76e9aa94964787a904c80f46fc3ee74283509108f5e73.scope",
        CRI_O, "805b902ed98fdc1409c76e9aa94964787a904c80f46fc3ee74283509108f5e73", null,
        "35550f44-f691-427e-b57d-ab6127d2cb65", "burstable");
    // opencontainers/runc#4620: systemctl status crio-conmon-32da98c8….scope shows "/usr/bin/conmon -b … -c 32da98c8…":
    // the scope holds conmon, the container's monitor; it sits in the pod's slice, so it names the pod only
    decodes("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod207aaad1_659f_4db8_88e0_46e0cdcc3004.slice/"
            + "crio-conmon-32da98c8522068be05a7510a3eddb09cad6ed2f03286180d0e931d0d0b6224a6.scope",
        null, null, null, "207aaad1-659f-4db8-88e0-46e0cdcc3004", "burstable");
    // openshift/microshift PR #697 (before it): conmon scopes in system.slice: no container, no pod
    none("/system.slice/crio-conmon-e0c85fe7644a858988d9687c2e0736a7d31922740d0f3e001c6b2e0aa7e5f528.scope");
    decodes("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-podc8bad552_5c99_4d4f_b71c_c426c0cde014.slice/"
            + "crio-15b6e0c6490cad17fcf69eb837794349b4df96f84ba96c6be9828fe281c055a9.scope",
        CRI_O, "15b6e0c6490cad17fcf69eb837794349b4df96f84ba96c6be9828fe281c055a9", null,
        "c8bad552-5c99-4d4f-b71c-c426c0cde014", "besteffort");
  }

  @Test
  void kubernetesInsideContainers_innermostWins() {
    // kubernetes/minikube#11280: systemctl status kubepods.slice inside a docker-driver minikube node:
    // CGroup: /docker/d6701ec2…/kubepods.slice/…/crio-0ba8ac17….scope
    decodes("/docker/d6701ec289c56e4391acb11d07474b3139466857a305490575508a8b7a9fcf22/kubepods.slice/"
            + "kubepods-besteffort.slice/kubepods-besteffort-pod2ca4a155_3599_498d_bb9d_4446693fa3ea.slice/"
            + "crio-0ba8ac17e4e7a31fb82279503552fe94e64bab4745bf6fd2ff231e7c8ca8bed0.scope",
        CRI_O, "0ba8ac17e4e7a31fb82279503552fe94e64bab4745bf6fd2ff231e7c8ca8bed0", null,
        "2ca4a155-3599-498d-bb9d-4446693fa3ea", "besteffort");
    // the node container itself, and its kubepods slice, are the outer docker container
    decodes("/docker/d6701ec289c56e4391acb11d07474b3139466857a305490575508a8b7a9fcf22/kubepods.slice",
        DOCKER, "d6701ec289c56e4391acb11d07474b3139466857a305490575508a8b7a9fcf22", null, null, null);
    // leptonai/gpud PR #70: Kubernetes in an LXC container: task_memcg=/lxc.payload.ny2g2r5hh3-lxc/kubepods.slice/…
    decodes("/lxc.payload.ny2g2r5hh3-lxc/kubepods.slice/kubepods-burstable.slice/"
            + "kubepods-burstable-podeded8c65_6e8e_4c6e_a889_3e427565c740.slice/"
            + "cri-containerd-ec9ee26695deb4cc72bc665efff1cf3a03fdfb12f1303e02fe9252985e084a95.scope",
        CONTAINERD, "ec9ee26695deb4cc72bc665efff1cf3a03fdfb12f1303e02fe9252985e084a95", null,
        "eded8c65-6e8e-4c6e-a889-3e427565c740", "burstable");
    // its oom_memcg (printed "lxc.payload....-lxc", restored from the task_memcg): the pod in the LXC container
    decodes("/lxc.payload.ny2g2r5hh3-lxc/kubepods.slice/kubepods-burstable.slice/"
            + "kubepods-burstable-podeded8c65_6e8e_4c6e_a889_3e427565c740.slice",
        null, null, null, "eded8c65-6e8e-4c6e-a889-3e427565c740", "burstable");
    // a docker container inside a pod's container: the pod is the outer container's, not the inner one's
    String id = "788e" + "1".repeat(56) + "4174";
    decodes("/kubepods/burstable/pod6b212546-f5dd-4fdf-bcc7-72a686638102/"
            + "ea887b1c9c5c8e734ac798fedd2bf5d39c0b7ce5ad961027dfc1ca138a23a2e8/docker/" + id,
        DOCKER, id, null, null, null);
  }

  @Test
  void containerd_withoutKubernetes() {
    // falcosecurity/plugins PR #1378 and matchers.cpp "nerdctl_systemd_scope" (their made-up id)
    decodes("/system.slice/nerdctl-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope",
        CONTAINERD, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", null, null, null);
    // falcosecurity/libs container_engine/containerd.cpp: ctr's containers live in /default/<id>
    decodes("/default/d52db56a9c80d536a91354c0951c061187ca46249e64865a12703003d8f42366",
        CONTAINERD, "d52db56a9c80d536a91354c0951c061187ca46249e64865a12703003d8f42366", null, null, null);
    // … but a name there is not an id
    none("/default/test_container");
  }

  @Test
  void podman_everyLayout() {
    // podman-container-tools/podman PR #507 (systemd-cgls): a container and its conmon beside it
    decodes("/machine.slice/libpod-0411a2a82311fbc65b137ca550d5f7e6b6863bc734759be2f515b0b67062d49a.scope",
        PODMAN, "0411a2a82311fbc65b137ca550d5f7e6b6863bc734759be2f515b0b67062d49a", null, null, null);
    none("/machine.slice/libpod-conmon-0411a2a82311fbc65b137ca550d5f7e6b6863bc734759be2f515b0b67062d49a.scope");
    // podman-container-tools/podman#13673 (exa -TD /sys/fs/cgroup/machine.slice): a pod, its infra container's
    // scope and the nested /container cgroup
    String pod = "ddf44d54b520f0b4469fcd01c3155ca49e6911dc2175471eb3a7b789187a7a89";
    String ctr = "1dadda571b14eefb3158a15d0fff7e0089f9dd92f922679ed0116cccdfe8bb0f";
    ContainerRef inPod = new ContainerRef(PODMAN, ctr, null, pod, null, null, null);
    decodes("/machine.slice/machine-libpod_pod_" + pod + ".slice/libpod-" + ctr + ".scope/container", inPod);
    decodes("/machine.slice/machine-libpod_pod_" + pod + ".slice/libpod-" + ctr + ".scope", inPod);
    decodes("/machine.slice/machine-libpod_pod_" + pod + ".slice",
        new ContainerRef(PODMAN, null, null, pod, null, null, null));
    decodes("/machine.slice/machine-libpod_pod_" + pod + ".slice/libpod-conmon-" + ctr + ".scope",
        new ContainerRef(PODMAN, null, null, pod, null, null, null));
    // the same issue: --cgroups=split under a service: libpod-payload-<id> beside conmon's "runtime"
    decodes("/srv.slice/container-homeassistant.service/"
            + "libpod-payload-c4e8e0d642078c90dde4a8a65883a7c0bee26f751d7c6a3096dc322519c658d3",
        PODMAN, "c4e8e0d642078c90dde4a8a65883a7c0bee26f751d7c6a3096dc322519c658d3", null, null, null);
    none("/srv.slice/container-homeassistant.service/runtime");
    // falcosecurity/plugins matchers.cpp "root_libpod_cgroup_mode_split_scope" (ceph under podman)
    decodes("/system.slice/system-ceph-f952f5be-565c-11f0-ab72-0affea283157.slice/"
            + "ceph-f952f5be-565c-11f0-ab72-0affea283157@mon.ip-10-0-25-96.service/"
            + "libpod-payload-9cc35a907a1e4e7ac8c021758b2bb28db60b3a787115f9114a641bf44f8ba99b.scope",
        PODMAN, "9cc35a907a1e4e7ac8c021758b2bb28db60b3a787115f9114a641bf44f8ba99b", null, null, null);
    // podman-container-tools/podman#25009: a rootless pod's cgroup as podman logs it (no leading slash)
    decodes("user.slice/user-1001.slice/user@1001.service/user.slice/"
            + "user-libpod_pod_e56caed670e029c7db8c6fdf9b39428bfc087d10fd3bb533c1b39b40a45ae990.slice",
        new ContainerRef(PODMAN, null, null,
            "e56caed670e029c7db8c6fdf9b39428bfc087d10fd3bb533c1b39b40a45ae990", null, null, null));
    // rootless containers under user@<uid>.service (falcosecurity matchers.cpp "rootless_user_slice_libpod_no_scope",
    // their made-up id), and in a rootless pod
    decodes("/user.slice/user-1000.slice/user@1000.service/"
            + "libpod-1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdef",
        PODMAN, "1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdef", null, null, null);
    decodes("/user.slice/user-1001.slice/user@1001.service/user.slice/"
            + "user-libpod_pod_e56caed670e029c7db8c6fdf9b39428bfc087d10fd3bb533c1b39b40a45ae990.slice/"
            + "libpod-10a4006558b6cb9928bafcfb88772d92001b40cab6fd9f82069e68be404190ca.scope/container",
        new ContainerRef(PODMAN, "10a4006558b6cb9928bafcfb88772d92001b40cab6fd9f82069e68be404190ca", null,
            "e56caed670e029c7db8c6fdf9b39428bfc087d10fd3bb533c1b39b40a45ae990", null, null, null));
    // containers/crun#678: creating /sys/fs/cgroup/machine.slice/libpod-7b844e89….scope (podman inside LXC)
    decodes("/machine.slice/libpod-7b844e8928936172c0319e274723585860dcae226172a0268929dae31aac22a8.scope",
        PODMAN, "7b844e8928936172c0319e274723585860dcae226172a0268929dae31aac22a8", null, null, null);
    // cgroupfs manager: /libpod_parent/libpod-<id>, a pod's cgroup /libpod_parent/<pod id> with its containers below
    // (podman's docs and PR #784; the ids are the ones of #13673)
    decodes("/libpod_parent/libpod-" + ctr, PODMAN, ctr, null, null, null);
    decodes("/libpod_parent/" + pod + "/libpod-" + ctr, inPod);
    // falcosecurity/libs container_engine/docker/podman.cpp: rootless on cgroup v1, podman-<pid>.scope/<id>
    decodes("/user.slice/user-1000.slice/user@1000.service/user.slice/podman-4242.scope/" + ctr,
        PODMAN, ctr, null, null, null);
  }

  @Test
  void lxc_everyEra_andTheContainersOwnHierarchy() {
    // linux-mm, "strange oom behaviour on 3.10" (William Dauchy, 2013): "Task in /lxc/VM_A killed as a result of …"
    decodes("/lxc/VM_A", LXC, null, "VM_A", null, null);
    // canonical/lxd#6576 (LXC 3.x): "Task in /lxc.payload/tryit-select/system.slice/lxd.service killed as a result of
    // limit of /lxc.payload/tryit-select": the container's own unit below its name
    decodes("/lxc.payload/tryit-select/system.slice/lxd.service", LXC, null, "tryit-select", null, null);
    decodes("/lxc.payload/tryit-select", LXC, null, "tryit-select", null, null);
    // lxc/lxc PR #2606: the LXC 3.1 layout, /lxc.monitor/c1 beside /lxc.payload/c1
    none("/lxc.monitor/c1");
    decodes("/lxc.payload/c1", LXC, null, "c1", null, null);
    // stored file 614162521 (a 5.10 kernel log): "cpuset=lxc.payload.openwrt" (LXC 4 and later)
    decodes("lxc.payload.openwrt", LXC, null, "openwrt", null, null);
    decodes("/lxc.payload.openwrt/system.slice/nginx.service", LXC, null, "openwrt", null, null);
    none("/lxc.monitor.openwrt");
    // canonical/imagecraft test: peer_cgroup "0::/lxc.payload.snapcraft_some-container" (an LXD project_name)
    decodes("0::/lxc.payload.snapcraft_some-container", LXC, null, "snapcraft_some-container", null, null);
    // mieweb/opensource-server#431 (Proxmox VE): /sys/fs/cgroup/lxc/392/memory.pressure, and Proxmox's inner "ns"
    decodes("/lxc/392", LXC, null, "392", null, null);
    decodes("/lxc/392/ns/system.slice/cron.service", LXC, null, "392", null, null);
    // a docker container in an LXC container is the docker container
    String id = "788e" + "1".repeat(56) + "4174";
    decodes("/lxc/web/docker/" + id, DOCKER, id, null, null, null);
    decodes("/lxc/web/system.slice/nginx.service", LXC, null, "web", null, null);
    // lxc/lxc#3373: LXC 4 attaches into a ".lxc" leaf of the container
    decodes("/lxc.payload.test/.lxc", LXC, null, "test", null, null);
    // an Alibaba container named at the root (pdai.tech's JVM debugging notes): not a layout we know
    none("/LXC011175068174");
  }

  @Test
  void nspawn_escapedNames_payloadAndSupervisor() {
    // systemd/systemd PR #38440 (TEST-13-NSPAWN): "machine-TEST\x2d13\x2dNSPAWN.machinectl\x2dbind.7ye.scope"
    decodes("/machine.slice/machine-TEST\\x2d13\\x2dNSPAWN.machinectl\\x2dbind.7ye.scope",
        NSPAWN, null, "TEST-13-NSPAWN.machinectl-bind.7ye", null, null);
    // systemd/systemd#18104: the delegated tree is machine.slice/machine-<id>.scope/payload/; nspawn itself runs in
    // the scope's "supervisor" sibling (systemd 247+)
    decodes("/machine.slice/machine-debian.scope/payload", NSPAWN, null, "debian", null, null);
    decodes("/machine.slice/machine-debian.scope/payload/system.slice/nginx.service", NSPAWN, null, "debian", null,
        null);
    none("/machine.slice/machine-debian.scope/supervisor");
    // systemd's escaping of other bytes (unit names are ASCII; UTF-8 bytes come \x-escaped)
    decodes("/machine.slice/machine-caf\\xc3\\xa9\\x2d1.scope", NSPAWN, null, "caf\u00e9-1", null, null);
    // libvirt's qemu machines are virtual machines; its LXC driver registers lxc-<pid>-<name>
    // (falcosecurity/libs container_engine/libvirt_lxc.cpp matches "-lxc\x2" … ".scope")
    none("/machine.slice/machine-qemu\\x2d1\\x2dubuntu22.04.scope/libvirt/emulator");
    decodes("/machine.slice/machine-lxc\\x2d1234\\x2dweb.scope", null, null, "web", null, null);
    decodes("/machine/web.libvirt-lxc", null, null, "web", null, null);
  }

  @Test
  void virtuozzo7_ctidUnderMachineSlice() {
    // OpenVZ/libvzctl lib/cgroup.c get_cgroup_name(): shared controllers at <mount>/<VE_CGROUP_SLICE>/<ctid>,
    // VE_CGROUP_SLICE "machine.slice" by default; the CTID a UUID (this one from the Virtuozzo 7 user's guide,
    // "grep PHYSPAGES /etc/vz/conf/26bc47f6-….conf") or, in the compatibility scheme, a numeric VEID
    decodes("/machine.slice/26bc47f6-353f-444b-bc35-b634a88dbbcc",
        OPENVZ, "26bc47f6-353f-444b-bc35-b634a88dbbcc", null, null, null);
    decodes("/machine.slice/101", OPENVZ, "101", null, null, null);
    decodes("/machine.slice/101/system.slice/httpd.service", OPENVZ, "101", null, null, null);
    // linux-test-project/ltp#1080: "Task in /13 killed as a result of limit of /13": a test cgroup, not a container
    none("/13");
  }

  @Test
  void plainSystemdUnitsAndSlices_noContainer() {
    // corpus/oom (mariadb, unattended-upgrades, sessions, a GNOME app), kata-containers/runtime#2150 (containerd's own
    // service), kubernetes/kubernetes#18202 ("/docker-daemon"), systemd/systemd#32304 (an escaped app scope)
    for (String path : new String[] {"/system.slice/mariadb.service", "/system.slice/unattended-upgrades.service",
        "/user.slice/user-0.slice/session-1093.scope", "/system.slice/containerd.service", "/docker-daemon",
        "/system.slice/docker.service", "/init.scope", "/",
        "/user.slice/user-1000.slice/user@1000.service/app.slice/"
            + "app-org.wezfurlong.wezterm@a00df830f0b34b928e0fe7b457432534.service",
        "/user.slice/user-1000.slice/user@1000.service/app.slice/app-gnome-firefox\\x2dw-96379.scope",
        // this machine's own memory cgroup, /proc/self/cgroup: "4:memory:/process_api/ee2882e6…"
        "/process_api/ee2882e616cf9736efb9fd8e601b04d7", "4:memory:/process_api/ee2882e616cf9736efb9fd8e601b04d7",
        "/process_api/f4213a66b8f9e30ea0aad2252c1ce01c/wk-stage3/inner", "0::/", "9:name=systemd:/"}) {
      none(path);
    }
  }

  @Test
  void junk_neverThrows_andBounded() {
    for (String path : new String[] {"", "////", "/docker", "/docker/notanid", "/kubepods/burstable/podnotauid/x",
        "/kubepods/burstable/pod", "docker-.scope", "machine-.scope", "/lxc/", "lxc.payload.", "::", "1:", "1:x:",
        "/machine.slice/machine-\\x", "/machine.slice/machine-\\xzz.scope", "\ud800/\udc00", "/a:b:c/d",
        "kubepods-pod.slice", "kubepods-burstable-pod_.slice", "x.slice:crio:" + "a".repeat(64),
        "/docker/" + "A".repeat(64), "/docker/" + "a".repeat(63), "/docker/" + "a".repeat(65)}) {
      CgroupPaths.container(path); // no exception
    }
    assertTrue(CgroupPaths.container(null).isEmpty());
    assertEquals(Optional.of(new ContainerRef(ContainerRuntime.CRI_O, "a".repeat(64), null, null, null, null, null)),
        CgroupPaths.container("x.slice:crio:" + "a".repeat(64)));
    // a path over the cap names nothing, however it ends
    String id = "0".repeat(64);
    none("/x".repeat(CgroupPaths.MAX_LENGTH / 2) + "/docker/" + id);
    // the work stays linear: many segments, long segments
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      for (int i = 0; i < 2000; i++) {
        CgroupPaths.container("/a".repeat(2000) + "/docker/" + id);
        CgroupPaths.container("/kubepods/burstable/pod" + "1".repeat(4000));
        CgroupPaths.container("/machine.slice/machine-" + "\\x2d".repeat(1000) + ".scope");
        CgroupPaths.container("/" + "kubepods-burstable-pod".repeat(180) + ".slice");
      }
    });
    assertEquals(Optional.of(new ContainerRef(ContainerRuntime.DOCKER, id, null, null, null, null, null)),
        CgroupPaths.container("/a".repeat(2000) + "/docker/" + id));
  }

  @Test
  void unescapeSystemd_malformedKeptAsWritten() {
    assertEquals("a-b", CgroupPaths.unescapeSystemd("a\\x2db"));
    assertEquals("a\\x2", CgroupPaths.unescapeSystemd("a\\x2"));
    assertEquals("\\xzz", CgroupPaths.unescapeSystemd("\\xzz"));
    assertEquals("\u4e2d", CgroupPaths.unescapeSystemd("\\xe4\\xb8\\xad"));
  }
}
