package dev.whokilled.parsers.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.event.ContainerKill;
import dev.whokilled.event.ContainerKill.Reason;
import dev.whokilled.event.ContainerRef;
import dev.whokilled.event.ContainerRuntime;
import dev.whokilled.event.EventTime.Precision;
import dev.whokilled.event.Signal;
import dev.whokilled.parsers.testing.Collect;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes grammars on real output pasted in public issues (each test names its source), framed as the
 * analyzer frames them.
 */
final class KubernetesParserTest {

  static Collect read(String text) {
    return Collect.framed(new KubernetesParser(20_000), text.lines().toList());
  }

  static ContainerRef container(ContainerKill k) {
    ContainerRef c = k.victim().container();
    assertTrue(c != null, "no container in " + k);
    return c;
  }

  /** kubernetes/kubernetes#10861 (2015): kubectl 1.0's tab-aligned describe of a running pod: no end shown. */
  @Test
  void describe_2015RunningPod_noEvent() {
    Collect c = read("""
        Name:\t\t\t\tsimmemleak-hra99
        Namespace:\t\t\tdefault
        Image(s):\t\t\tsaadali/simmemleak
        Node:\t\t\t\tkubernetes-minion-tf0f/10.240.216.66
        Labels:\t\t\t\tname=simmemleak
        Status:\t\t\t\tRunning
        Reason:\t\t\t\t
        Message:\t\t\t
        IP:\t\t\t\t10.244.2.75
        Replication Controllers:\tsimmemleak (1/1 replicas created)
        Containers:
          simmemleak:
            Image:\tsaadali/simmemleak
            Limits:
              cpu:\t\t100m
              memory:\t\t50Mi
            State:\t\tRunning
              Started:\t\tTue, 07 Jul 2015 12:54:41 -0700
            Ready:\t\tFalse
            Restart Count:\t5
        Conditions:
          Type\t\tStatus
          Ready \tFalse
        """);
    assertEquals(List.of(), c.events);
  }

  /** kubernetes/website#36064: the 2015 docs' {@code Last Termination State} with exit code 1. */
  @Test
  void describe_lastTerminationState_exit1() {
    ContainerKill k = read("""
            Last Termination State:     Terminated
              Exit Code:                1
              Started:                  Fri, 07 Jul 2015 12:54:30 -0700
              Finished:                 Fri, 07 Jul 2015 12:54:33 -0700
        """).only(ContainerKill.class);
    assertEquals(Reason.EXITED, k.reason());
    assertEquals(1, k.exitCode());
    assertNull(k.signal());
    assertEquals(Instant.parse("2015-07-07T19:54:33Z"), k.time().wall());
    assertEquals(Precision.SECONDS, k.time().wallPrecision());
    assertEquals("kubernetes", k.reporter());
  }

  /** starburstdata/starburst-terraform PR #1: a container's state pasted alone, OOMKilled with 137. */
  @Test
  void describe_stateFragment_oomKilled() {
    ContainerKill k = read("""
            State:          Terminated
              Reason:       OOMKilled
              Exit Code:    137
              Started:      Mon, 13 Dec 2021 18:02:32 -0800
              Finished:     Mon, 13 Dec 2021 18:02:42 -0800
            Ready:          False
            Restart Count:  5
            Limits:
              cpu:     100m
              memory:  300Mi
        """).only(ContainerKill.class);
    assertEquals(Reason.OOM_KILLED, k.reason());
    assertEquals(137, k.exitCode());
    assertEquals(Signal.SIGKILL, k.signal());
    assertEquals(Instant.parse("2021-12-14T02:02:42Z"), k.time().wall());
    assertEquals(4, k.evidence().size());
  }

  /** kubernetes/kubernetes#122256: Error with 137, and a line of only a tab after it. */
  @Test
  void describe_lastStateError137_exitedWithSigkill() {
    ContainerKill k = read("""
        wk64c
            State: Running
              Started: Mon, 13 Nov 2023 03:50:57 +0100
            Last State: Terminated
              Reason: Error
              Exit Code: 137
              Started: Mon, 13 Nov 2023 03:48:52 +0100
              Finished: Mon, 13 Nov 2023 03:50:55 +0100
            Ready: True
            Restart Count: 1
        \t
        Checked the node logs of installed problematic node, found some related logs:
        """).only(ContainerKill.class);
    assertEquals(Reason.EXITED, k.reason());
    assertEquals(137, k.exitCode());
    assertEquals(Signal.SIGKILL, k.signal());
    assertEquals(Instant.parse("2023-11-13T02:50:55Z"), k.time().wall());
  }

  /** kubernetes/kubernetes#131530: OOMKilled with exit code 0: the OOM kill did not end the main process. */
  @Test
  void describe_oomKilledExit0_isAnOomEventOnly() {
    ContainerKill k = read("""
        State:          Terminated
          Reason:       OOMKilled
          Exit Code:    0
          Started:      Tue, 29 Apr 2025 13:43:32 +0800
          Finished:     Tue, 29 Apr 2025 14:10:51 +0800
        Ready:          False
        Restart Count:  0
        """).only(ContainerKill.class);
    assertEquals(Reason.OOM_EVENT, k.reason());
    assertEquals(0, k.exitCode());
    assertNull(k.signal());
    assertTrue(k.detail() != null && k.detail().contains("exited with code 0"), k.detail());
  }

  /** Greenstand/treetracker-infrastructure#49: an evicted pod, its message wrapped by the terminal. */
  @Test
  void describe_evictedPod() {
    ContainerKill k = read("""
        Name:           treetracker-pgpool-598947fd8f-vzvkq
        Namespace:      pgpool
        Priority:       0
        Node:           cloud-services-node-pool-8ld4g/
        Start Time:     Sat, 21 Aug 2021 10:38:36 +0800
        Labels:         app=treetracker-pgpool
                        pod-template-hash=598947fd8f
        Annotations:    <none>
        Status:         Failed
        Reason:         Evicted
        Message:        The node was low on resource: memory. Container treetracker-pgpool was using 1275700Ki, which e
        xceeds its request of 0.
        IP:
        IPs:            <none>
        Controlled By:  ReplicaSet/treetracker-pgpool-598947fd8f
        Containers:
          treetracker-pgpool:
            Image:      pgpool/pgpool:4.2.2
            Port:       <none>
            Host Port:  <none>
            Environment:
              POSTGRES_USERNAME:  xxxx
              POSTGRES_PASSWORD:  xxxxx
            Mounts:
              /config from pgpool-config (rw)
              /var/log/pgpool from oiddir (rw)
              /var/run/secrets/kubernetes.io/serviceaccount from default-token-pxvc9 (ro)
        Volumes:
          pgpool-config:
            Type:      ConfigMap (a volume populated by a ConfigMap)
            Name:      pgpool-config
            Optional:  false
        """).only(ContainerKill.class);
    assertEquals(Reason.EVICTED, k.reason());
    ContainerRef c = container(k);
    assertEquals("treetracker-pgpool-598947fd8f-vzvkq", c.pod());
    assertEquals("pgpool", c.namespace());
    assertNull(c.name());
    assertEquals("The node was low on resource: memory. Container treetracker-pgpool was using 1275700Ki, which "
        + "exceeds its request of 0.", k.detail());
  }

  /** kubernetes/kubernetes#81723: the head of a describe with a containerd id; the pod runs, nothing ended. */
  @Test
  void describe_runningContainerdPod_noEvent() {
    Collect c = read("""
        Name:                 python
        Namespace:            mk
        Priority:             0
        Priority Class Name:  default
        Service Account:      default
        Node:                 aks-worker-29070309-vmss000000/10.150.21.78
        Start Time:           Thu, 01 Jun 2023 15:31:03 +0200
        Labels:               <none>
        Annotations:          <none>
        Status:               Running
        IP:                   172.16.8.199
        IPs:
          IP:  172.16.8.199
        Containers:
          python:
            Container ID:  containerd://3e392279ce153a0aaa67c1fd5e8fbbe31edb764480143e7981185f9edc8930d4
            Image:         python:3.10
        """);
    assertEquals(List.of(), c.events);
  }

  /** kubernetes/kubernetes#91600: a describe's Events: the kubelet stopped the container, then evicted the pod. */
  @Test
  void events_describeTable_killingAndEvicted() {
    Collect c = read("""
        Events:
          Type     Reason          Age                From               Message
          ----     ------          ----               ----               -------
          Normal   Created         18m (x2 over 18m)  kubelet, mgt04     Created container calico-node
          Normal   Started         18m (x2 over 18m)  kubelet, mgt04     Started container calico-node
          Normal   Killing         18m (x2 over 18m)  kubelet, mgt04     Stopping container calico-node
          Warning  Evicted         18m                kubelet, mgt04     The node was low on resource: \
        ephemeral-storage. Container calico-node was using 92Ki, which exceeds its request of 0.
        """);
    List<ContainerKill> ks = c.all(ContainerKill.class);
    assertEquals(2, ks.size(), c.events.toString());
    ContainerKill kill = ks.get(0);
    assertEquals(Reason.KILLED, kill.reason());
    assertEquals("calico-node", container(kill).name());
    assertEquals("kubelet", kill.reporter());
    assertNull(kill.signal());
    assertEquals(Reason.EVICTED, ks.get(1).reason());
    assertTrue(ks.get(1).detail().startsWith("The node was low on resource: ephemeral-storage."));
    assertEquals(false, ks.get(1).time().isKnown());
  }

  /** telekom-mms/trivy-dojo-report-operator PR #24: a liveness probe fails three times, the kubelet restarts. */
  @Test
  void events_livenessKill_detailSaysWhy() {
    ContainerKill k = read("""
        Events:
          Type     Reason     Age                From               Message
          ----     ------     ----               ----               -------
          Normal   Scheduled  41s                default-scheduler  Successfully assigned default/chart-name-trivy-\
        dojo-report-operator-operator-57c9f5c84-qzjh7 to minikube
          Normal   Started    41s                kubelet            Started container trivy-dojo-report-operator
          Warning  Unhealthy  11s (x3 over 31s)  kubelet            Liveness probe failed: Get "http://10.244.0.36:\
        8080/healthzzzzz": dial tcp 10.244.0.36:8080: connect: connection refused
          Normal   Killing    11s                kubelet            Container trivy-dojo-report-operator failed \
        liveness probe, will be restarted
        """).only(ContainerKill.class);
    assertEquals(Reason.KILLED, k.reason());
    assertEquals("trivy-dojo-report-operator", container(k).name());
    assertEquals("Container trivy-dojo-report-operator failed liveness probe, will be restarted", k.detail());
  }

  /** kubernetes/kubernetes#131026: {@code Stopping container} after a liveness failure: the failure is the why. */
  @Test
  void events_stoppingAfterProbeFailure_detailIsTheProbe() {
    ContainerKill k = read("""
          Normal   Started         13m               kubelet            Started container web
          Warning  Unhealthy       1s (x4 over 91s)  kubelet            Liveness probe failed: ls: cannot access \
        '/var/opt/liveness': No such file or directory
          Normal   Killing         1s                kubelet            Stopping container web
        """).only(ContainerKill.class);
    assertEquals(Reason.KILLED, k.reason());
    assertEquals("web", container(k).name());
    assertEquals("Liveness probe failed: ls: cannot access '/var/opt/liveness': No such file or directory",
        k.detail());
  }

  /** kubernetes/kubernetes#6532 (2015): kubectl 1.0's tab-separated events: kills by docker id. */
  @Test
  void events_2015TabbedTable_killingById() {
    List<ContainerKill> ks = read("""
        Events:
          FirstSeen\t\t\t\tLastSeen\t\t\tCount\tFrom\t\t\t\t\tSubobjectPath\t\t\t\tReason\t\tMessage
          Tue, 07 Apr 2015 12:08:30 -0700\tTue, 07 Apr 2015 12:08:30 -0700\t1\t{kubelet 127.0.0.1}\t\
        spec.containers{nginx}\t\t\tkilling\t\tKilling 0b7743acd1a5f54aeccf4fe16c8cfbaa5e935a541c2fca59150cc250f7035d4e
          Tue, 07 Apr 2015 12:08:31 -0700\tTue, 07 Apr 2015 12:08:31 -0700\t1\t{kubelet 127.0.0.1}\t\
        spec.containers{nginx}\t\t\tcreated\t\tCreated with docker id 39e349fd00c1cbcbb25e588e29e70e2c12b2e7b9a8020e02fbe462ae9fa61ea1
        """).all(ContainerKill.class);
    assertEquals(1, ks.size());
    ContainerKill k = ks.get(0);
    assertEquals(Reason.KILLED, k.reason());
    ContainerRef c = container(k);
    assertEquals(ContainerRuntime.DOCKER, c.runtime());
    assertEquals("0b7743acd1a5f54aeccf4fe16c8cfbaa5e935a541c2fca59150cc250f7035d4e", c.id());
    assertEquals("nginx", c.name());
    assertEquals(Instant.parse("2015-04-07T19:08:30Z"), k.time().wall());
  }

  /** kubernetes/kubernetes#78174 (before the PR): SystemOOM without a victim; k3s-io/k3s#838 with a count. */
  @Test
  void events_systemOomWithoutVictim() {
    List<ContainerKill> ks = read("""
        Events:
          Type     Reason                   Age                   From            Message
          ----     ------                   ----                  ----            -------
          Normal   Starting                 17m                   kubelet, node1  Starting kubelet.
          Warning  SystemOOM                17m                   kubelet, node1  System OOM encountered
          Normal   NodeAllocatableEnforced  17m                   kubelet, node1  Updated Node Allocatable limit \
        across pods

        Events:
          Type     Reason                   Age                  From                        Message
          ----     ------                   ----                 ----                        -------
          Warning  SystemOOM                12m (x4 over 25m)    kubelet, kube-node-9f4e     System OOM encountered
        """).all(ContainerKill.class);
    assertEquals(2, ks.size());
    for (ContainerKill k : ks) {
      assertEquals(Reason.SYSTEM_OOM, k.reason());
      assertEquals("kubelet", k.reporter());
      assertNull(k.victim().pid());
      assertNull(k.victim().container());
      assertTrue(k.detail().startsWith("System OOM encountered"), k.detail());
    }
  }

  /** kubernetes/kubernetes#100487: the kubelet's CgroupOOM event names the victim process. */
  @Test
  void events_cgroupOom_namesTheVictim() {
    ContainerKill k = read("""
        $ kubectl describe pod -n default memory-demo-2
        ...
        Events:
          Type     Reason     Age                From               Message
          ----     ------     ----               ----               -------
          Normal   Scheduled  30s                default-scheduler  Successfully assigned default/memory-demo-2 to \
        127.0.0.1
          Normal   Pulled     28s                kubelet            Successfully pulled image "polinux/stress" in \
        1.145060952s
          Warning  CgroupOOM  28s                kubelet            Cgroup OOM encountered, victim process: stress, \
        pid: 470521
        """).only(ContainerKill.class);
    assertEquals(Reason.OOM_EVENT, k.reason());
    assertEquals(470521L, k.victim().pid());
    assertEquals("stress", k.victim().comm());
    assertEquals("kubelet", k.reporter());
  }

  /** sapcc/kubernikus PR #321: node-problem-detector's OOM event on a node describe. */
  @Test
  void events_npdOomKilling_readsTheKernelLine() {
    ContainerKill k = read("""
        $ k describe node <node>
        Events:
          Type     Reason         Age   From                                     Message
          ----     ------         ----  ----                                     -------
          Warning  PodOOMKilling  2m    kernel-monitor, <node>  Memory cgroup out of memory: Kill process 25169 \
        (hyperkube) score 2109 or sacrifice child
        """).only(ContainerKill.class);
    assertEquals(Reason.OOM_KILLED, k.reason());
    assertEquals(25169L, k.victim().pid());
    assertEquals("hyperkube", k.victim().comm());
    assertEquals("node-problem-detector", k.reporter());
  }

  /** kubernetes/node-problem-detector#766: an event exporter's JSON of NPD's OOMKilling (trimmed after its time). */
  @Test
  void json_npdEvent() {
    ContainerKill k = read("""
        {
          "verb": "ADDED",
          "event": {
            "metadata": {
              "name": "<node_name>.17683ea4fced9353",
              "namespace": "default",
              "uid": "f5f30161-50d1-4d64-a93f-cb258da8f01a",
              "resourceVersion": "18283211",
              "creationTimestamp": "2023-06-13T14:35:38Z",
              "managedFields": [
                {
                  "manager": "node-problem-detector",
                  "operation": "Update",
                  "apiVersion": "v1",
                  "time": "2023-06-13T14:35:38Z"
                }
              ]
            },
            "involvedObject": {
              "kind": "Node",
              "name": "<node_name>",
              "uid": "<node_name>"
            },
            "reason": "OOMKilling",
            "message": "Memory cgroup out of memory: Killed process 3504804 (kubectl) total-vm:753508kB, \
        anon-rss:58776kB, file-rss:29400kB, shmem-rss:0kB, UID:0 pgtables:288kB oom_score_adj:999",
            "source": {
              "component": "kernel-monitor",
              "host": "<node_name>"
            },
            "firstTimestamp": "2023-06-13T14:35:38Z",
            "lastTimestamp": "2023-06-13T14:35:38Z"
          }
        }
        """).only(ContainerKill.class);
    assertEquals(Reason.OOM_KILLED, k.reason());
    assertEquals(3504804L, k.victim().pid());
    assertEquals("kubectl", k.victim().comm());
    assertNull(k.victim().container());
    assertEquals("node-problem-detector", k.reporter());
    assertEquals(Instant.parse("2023-06-13T14:35:38Z"), k.time().wall());
    assertTrue(k.evidence().size() >= 2, k.evidence().toString());
  }

  /** kubernetes/kubernetes#24122: a pod's YAML from containerStatuses on: Error with 137, docker ids. */
  @Test
  void yaml_containerStatusesFragment_exit137() {
    ContainerKill k = read("""
            containerStatuses:
            - containerID: docker://be64e7224cd0116414386be4a5a28f6f9c42dd1bc64ec4651e8ee12e5368eb23
              image: busybox
              imageID: docker://307ac631f1b53c62d39e9c9e81bdbdbb50a2295c35fb0ec672d168a0b129a623
              lastState:
                terminated:
                  containerID: docker://be64e7224cd0116414386be4a5a28f6f9c42dd1bc64ec4651e8ee12e5368eb23
                  exitCode: 137
                  finishedAt: 2016-04-11T23:52:49Z
                  reason: Error
                  startedAt: 2016-04-11T23:52:49Z
        """).only(ContainerKill.class);
    assertEquals(Reason.EXITED, k.reason());
    assertEquals(137, k.exitCode());
    assertEquals(Signal.SIGKILL, k.signal());
    ContainerRef c = container(k);
    assertEquals(ContainerRuntime.DOCKER, c.runtime());
    assertEquals("be64e7224cd0116414386be4a5a28f6f9c42dd1bc64ec4651e8ee12e5368eb23", c.id());
    assertEquals(Instant.parse("2016-04-11T23:52:49Z"), k.time().wall());
  }

  /** amygdala-labs/cosmos-operator#185: an eviction message folded over two lines in single quotes. */
  @Test
  void yaml_foldedSingleQuotedMessage() {
    Object status = Yaml.parse(List.of(
        "  message: 'The node was low on resource: memory. Container node was using 35505620Ki,",
        "    which exceeds its request of 12Gi. '",
        "  phase: Failed",
        "  podIP: 10.7.0.103",
        "  podIPs:",
        "  - ip: 10.7.0.103",
        "  qosClass: Burstable",
        "  reason: Evicted",
        "  startTime: \"2023-01-30T18:04:30Z\""));
    assertEquals("The node was low on resource: memory. Container node was using 35505620Ki, which exceeds its "
        + "request of 12Gi. ", dev.whokilled.parsers.text.Json.string(status, "message"));
    assertEquals("10.7.0.103", dev.whokilled.parsers.text.Json.string(
        dev.whokilled.parsers.text.Json.array(status, "podIPs").get(0), "ip"));
    assertEquals("2023-01-30T18:04:30Z", dev.whokilled.parsers.text.Json.string(status, "startTime"));
  }

  /** kubernetes/kubernetes#132001: the kubelet's journal: ranked (nothing yet), then evicted. */
  @Test
  void kubelet_evictionManager() {
    ContainerKill k = read("""
        May 28 16:05:50 192-168-250-5 kubelet[2269385]: I0528 16:05:50.514706 2269385 eviction_manager.go:405] \
        "Eviction manager: pods ranked for eviction" pods=["sre/infras-logstash-d484d57fc-rkx95",\
        "sre/admin-api-server-847868d7b-7sqdm","scrm/portal-h5-7c46694b8f-bkz95"]
        May 28 16:05:54 192-168-250-5 kubelet[2269385]: I0528 16:05:54.802914 2269385 eviction_manager.go:627] \
        "Eviction manager: pod is evicted successfully" pod="sre/infras-logstash-d484d57fc-rkx95"
        """).only(ContainerKill.class);
    assertEquals(Reason.EVICTED, k.reason());
    assertEquals("infras-logstash-d484d57fc-rkx95", container(k).pod());
    assertEquals("sre", container(k).namespace());
    assertEquals("kubelet", k.reporter());
    assertTrue(k.time().yearAssumed());
  }

  /** kubernetes/kubernetes PR #126053: the e2e framework's dump of a pod's events, with their times. */
  @Test
  void e2eDump_evictedThenKilled() {
    List<ContainerKill> ks = read("""
        2300:  I0712 15:54:56.488170 5711 dump.go:53] At 2024-07-12 15:49:58 +0000 UTC - event for \
        oomkill-nodeallocatable-pod: {kubelet i-0f43c1d9bda1707a4} Evicted: The node was low on resource: memory. \
        Threshold quantity: 250Mi, available: 232700Ki. Container oomkill-nodeallocatable-container was using \
        4923412Ki, request is 0, has larger consumption of memory.
        2301:  I0712 15:54:56.488184 5711 dump.go:53] At 2024-07-12 15:49:58 +0000 UTC - event for \
        oomkill-nodeallocatable-pod: {kubelet i-0f43c1d9bda1707a4} Killing: Stopping container \
        oomkill-nodeallocatable-container
        """).all(ContainerKill.class);
    assertEquals(2, ks.size());
    assertEquals(Reason.EVICTED, ks.get(0).reason());
    assertEquals(Instant.parse("2024-07-12T15:49:58Z"), ks.get(0).time().wall());
    assertEquals("oomkill-nodeallocatable-pod", container(ks.get(0)).pod());
    assertEquals(Reason.KILLED, ks.get(1).reason());
    assertEquals("oomkill-nodeallocatable-container", container(ks.get(1)).name());
  }

  /**
   * A public cgroup tutorial ("Cgroup介绍", 2021), /var/log/messages of a stress-ng OOM: cAdvisor's OOM event in
   * a cgroup that is no container is not the kubelet's to report.
   */
  @Test
  void cadvisor_oomEventOutsideAContainer_noEvent() {
    Collect c = Collect.framed(new KubernetesParser(20_000), List.of(
        "Mar 10 11:19:17  kernel: Killed process 3691 (stress-ng-vm) total-vm:261124kB, anon-rss:292kB, "
            + "file-rss:99680kB",
        "Mar 10 11:19:17  cadvisor: I0310 11:19:17.952314    3143 manager.go:1178] Created an OOM event in container "
            + "\"/cgroup-test\" at 2021-03-10 11:21:19.308776449 +0800 CST m=+150332.715342256"));
    assertEquals(List.of(), c.events);
  }

  /** cAdvisor's line, as the kubelet logs it, for a container of a kubepods tree. */
  @Test
  void kubelet_cadvisorOomEventInAPodContainer() {
    ContainerKill k = read("Oct 10 17:41:58 ip-10-0-211-82 kubelet[4991]: I1010 17:41:57.858757    4991 "
        + "manager.go:1126] Created an OOM event in container \"/kubepods/burstable/"
        + "pod0e1f2c44-ad9b-11e7-a22a-06b0b6ba1a8e/5954f621c17f13706c25a215db06fe2bf7b9a9a6c732a909eb0db39d62346724\" "
        + "at 2017-10-10 17:41:57.836 +0000 UTC").only(ContainerKill.class);
    assertEquals(Reason.OOM_EVENT, k.reason());
    ContainerRef c = container(k);
    assertEquals("5954f621c17f13706c25a215db06fe2bf7b9a9a6c732a909eb0db39d62346724", c.id());
    assertEquals("0e1f2c44-ad9b-11e7-a22a-06b0b6ba1a8e", c.podUid());
    assertEquals("kubelet", k.reporter());
  }

  /** The YAML reader: block scalars, double-quoted escapes, nested lists, flow leftovers, comments. */
  @Test
  void yaml_blockScalarsQuotesAndLists() {
    Object v = Yaml.parse(List.of(
        "a: |",
        "  line one",
        "  - not an item",
        "",
        "  line three",
        "b: >-",
        "  folded",
        "  text",
        "c: \"tab\\there \\\"q\\\" \\u00e9\"",
        "d:",
        "- - x",
        "  - y",
        "- k: v # comment",
        "  l: [1, 2]",
        "e: {}",
        "f: 0042",
        "g: ~"));
    assertEquals("line one\n- not an item\n\nline three", dev.whokilled.parsers.text.Json.string(v, "a"));
    assertEquals("folded text", dev.whokilled.parsers.text.Json.string(v, "b"));
    assertEquals("tab\there \"q\" \u00e9", dev.whokilled.parsers.text.Json.string(v, "c"));
    List<Object> d = dev.whokilled.parsers.text.Json.array(v, "d");
    assertEquals(List.of("x", "y"), d.get(0));
    assertEquals("v", dev.whokilled.parsers.text.Json.string(d.get(1), "k"));
    assertEquals("[1, 2]", dev.whokilled.parsers.text.Json.string(d.get(1), "l"));
    assertEquals(42L, dev.whokilled.parsers.text.Json.integer(v, "f"));
    assertNull(dev.whokilled.parsers.text.Json.at(v, "g"));
  }

  /** Nesting past the bound is skipped, not recursed into. */
  @Test
  void yaml_deepNesting_bounded() {
    List<String> lines = new java.util.ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      lines.add(" ".repeat(i) + "k:");
    }
    lines.add("top: 1");
    Object v = Yaml.parse(lines);
    assertEquals(1L, dev.whokilled.parsers.text.Json.integer(v, "top"));
  }

  /** Times: RFC 3339 with and without fractions and offsets, RFC 1123 with a zone, Go's zero time. */
  @Test
  void kubeTime_forms() {
    assertEquals(Instant.parse("2021-01-05T15:36:41.046816Z"), KubeTime.rfc3339("2021-01-05T15:36:41.046816989Z")
        .wall());
    assertEquals(Precision.MICROS, KubeTime.rfc3339("2021-01-05T15:36:41.046816Z").wallPrecision());
    assertEquals(Instant.parse("2023-06-13T12:35:38Z"), KubeTime.rfc3339("2023-06-13T14:35:38+02:00").wall());
    assertEquals(Instant.parse("2024-01-01T10:00:00Z"), KubeTime.rfc1123("Mon, 01 Jan 2024 10:00:00 +0000").wall());
    assertEquals(Instant.parse("2015-07-07T19:54:33Z"), KubeTime.rfc1123("Fri, 07 Jul 2015 12:54:33 -0700").wall());
    assertEquals(false, KubeTime.rfc3339("0001-01-01T00:00:00Z").isKnown());
    assertEquals(false, KubeTime.any("5m").isKnown());
    assertEquals(false, KubeTime.rfc3339("2021-13-45T99:00:00Z").isKnown());
  }

  /** A pod's JSON cut off by a framed line is forgotten, with one warning; docker's own JSON is not Kubernetes'. */
  @Test
  void json_cutOffDocument_warnsOnce_dockerInspectIgnored() {
    Collect c = Collect.framed(new KubernetesParser(20_000), List.of(
        "[",
        "    {",
        "        \"Id\": \"d94306d2d22a2b45d9f581f99bae6ac8b4fe249f95e4cfb7bf68890ab506fc2c\",",
        "        \"State\": {\"Status\": \"running\", \"OOMKilled\": false, \"ExitCode\": 0}",
        "    }",
        "]",
        "{",
        "    \"apiVersion\": \"v1\",",
        "    \"kind\": \"Pod\",",
        "May 28 16:05:54 node-1 kernel: [ 6273.096709] random: crng reseeded",
        "    \"status\": {}",
        "}"));
    assertEquals(List.of(), c.events);
    assertEquals(List.of("a Kubernetes JSON document was cut off by other text and was not read"), c.warnings);
  }
}
