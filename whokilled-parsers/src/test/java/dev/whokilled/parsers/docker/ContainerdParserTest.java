package dev.whokilled.parsers.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.whokilled.event.ContainerKill;
import dev.whokilled.event.ContainerRuntime;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.Signal;
import dev.whokilled.parsers.testing.Collect;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests of the containerd parser with real CRI log lines and {@code ctr events} output. */
final class ContainerdParserTest {

  static Collect lines(String... lines) {
    return Collect.framed(new ContainerdParser(), List.of(lines));
  }

  // A Loongson node's /var/log/messages (containerd 1.6, gogo era), from a public troubleshooting write-up
  static final String GOGO_OOM = "Apr 14 05:21:34 cc-zzhk-loongarch-controller-1 containerd[2032269]: "
      + "time=\"2025-04-14T05:21:34.519809409+08:00\" level=info msg=\"TaskOOM event &TaskOOM{ContainerID:"
      + "198301288f1414171589a049d5f75f9e4c871b8b3e5ad5af12051fdcc65da726,XXX_unrecognized:[],}\"";

  @Test
  void taskOom_gogo() {
    ContainerKill k = lines(GOGO_OOM).only(ContainerKill.class);
    assertEquals(ContainerKill.Reason.OOM_EVENT, k.reason());
    assertEquals(ContainerRuntime.CONTAINERD, k.victim().container().runtime());
    assertEquals("198301288f1414171589a049d5f75f9e4c871b8b3e5ad5af12051fdcc65da726", k.victim().container().id());
    assertEquals("containerd", k.reporter());
    assertEquals(Instant.parse("2025-04-13T21:21:34.519809409Z"), k.time().wall(), "logrus' own stamp, with zone");
    assertEquals(EventTime.Precision.MICROS, k.time().wallPrecision());
  }

  // https://github.com/containerd/containerd/issues/8893 (containerd 1.7: the protobuf text form)
  @Test
  void taskOom_textForm() {
    ContainerKill k = lines("Sep 01 19:12:33 tmp-node-e2e-b9a730eb-ubuntu-gke-2204-1-24-v20220623 containerd[1472]: "
        + "time=\"2023-09-01T19:12:33.012922721Z\" level=info msg=\"TaskOOM event container_id:\\\""
        + "4bcba7fc4369fee4d7d2e6263b58fce52cfc928c6a31cfac4d43c838708991ce\\\"\"").only(ContainerKill.class);
    assertEquals("4bcba7fc4369fee4d7d2e6263b58fce52cfc928c6a31cfac4d43c838708991ce", k.victim().container().id());
    assertEquals(ContainerKill.Reason.OOM_EVENT, k.reason());
  }

  // A kind node's containerd log (1.7, March 2025), from a public issue attachment: the pod's sandbox is stopped,
  // its pause container's exit is logged as a failure to handle a "sandbox TaskExit" and then again.
  static final String KIND_SANDBOX_FAILED = "Mar 18 10:22:09 kind-worker containerd[110]: "
      + "time=\"2025-03-18T10:22:09.282425039Z\" level=error msg=\"failed to handle sandbox TaskExit event "
      + "container_id:\\\"86c8014e2400986b752c3d7825a3b6d859509a55b288964aa2f2dbbd69ffd484\\\" id:\\\"86c8014e24009"
      + "86b752c3d7825a3b6d859509a55b288964aa2f2dbbd69ffd484\\\" pid:3915 exit_status:137 exited_at:{seconds:"
      + "1742293319 nanos:281077149}\" error=\"failed to stop sandbox: failed to delete task: context deadline "
      + "exceeded: unknown\"";
  static final String KIND_EXIT = "Mar 18 10:22:10 kind-worker containerd[110]: "
      + "time=\"2025-03-18T10:22:10.551517977Z\" level=info msg=\"TaskExit event container_id:\\\"86c8014e2400986b7"
      + "52c3d7825a3b6d859509a55b288964aa2f2dbbd69ffd484\\\" id:\\\"86c8014e2400986b752c3d7825a3b6d859509a55b28896"
      + "4aa2f2dbbd69ffd484\\\" pid:3915 exit_status:137 exited_at:{seconds:1742293319 nanos:281077149}\"";

  @Test
  void taskExit_ofASandbox_isNoDeath() {
    assertEquals(List.of(), lines(KIND_SANDBOX_FAILED, KIND_EXIT).events);
  }

  @Test
  void taskExit_textForm_137_isAnExitBySigkill_withItsPidAndTime() {
    ContainerKill k = lines(KIND_EXIT).only(ContainerKill.class);
    assertEquals(ContainerKill.Reason.EXITED, k.reason());
    assertEquals(137, k.exitCode());
    assertEquals(Signal.SIGKILL, k.signal());
    assertEquals(3915L, k.victim().pid(), "TaskExit names the container's main process");
    assertEquals(Instant.ofEpochSecond(1742293319, 281077149), k.time().wall(), "exited_at, not the log's time");
  }

  @Test
  void taskExit_loggedThrice_readOnce() {
    String received = KIND_EXIT.replace("TaskExit event ", "received exit event ");
    String podsandbox = KIND_EXIT.replace("TaskExit event ", "TaskExit event in podsandbox handler ");
    ContainerKill k = lines(received, podsandbox, KIND_EXIT).only(ContainerKill.class);
    assertEquals(3, k.evidence().size());
  }

  // https://github.com/containerd/containerd/issues/11837 (containerd 2.1: exec'd processes' exits, ids differ)
  @Test
  void taskExit_ofAnExec_isNoDeath() {
    assertEquals(List.of(), lines("mai 12 10:19:45 worker04-k8s containerd[147380]: "
        + "time=\"2025-05-12T10:19:45.319398178+11:00\" level=info msg=\"TaskExit event in podsandbox handler "
        + "container_id:\\\"bf59c7e883d11515ddcdf6295ef23ba8d46d8278d3bcc16c320d6be6d7093d35\\\" id:\\\"fe1c9fcb494"
        + "bf96b6e8ac9f4e520c735b9dd52fdba3ae0d7da5f682231b2f44d\\\" pid:162385 exited_at:{seconds:1747005585 "
        + "nanos:318933335}\"").events);
  }

  // microk8s' containerd (1.2, gogo era), from a public blog post: exit 0 is no death
  static final String GOGO_EXIT_0 = "Nov 18 13:57:42 insujang-tmaxlinux microk8s.daemon-containerd[8816]: "
      + "time=\"2019-11-18T13:57:42.642359076+09:00\" level=info msg=\"TaskExit event &TaskExit{ContainerID:"
      + "72d440531d468f757ce628deac966828b405df842b0a84f4e737d1d464cdd4ab,ID:72d440531d468f757ce628deac966828b405d"
      + "f842b0a84f4e737d1d464cdd4ab,Pid:31408,ExitStatus:0,ExitedAt:2019-11-18 13:57:42.618338639 +0900 UTC,}\"";

  @Test
  void taskExit_gogo() {
    assertEquals(List.of(), lines(GOGO_EXIT_0).events);
    // the same line with another status: gogo's ExitedAt is Go's time.String()
    ContainerKill k = lines(GOGO_EXIT_0.replace("ExitStatus:0", "ExitStatus:143")).only(ContainerKill.class);
    assertEquals(143, k.exitCode());
    assertEquals(Signal.SIGTERM, k.signal());
    assertEquals(31408L, k.victim().pid());
    assertEquals(Instant.parse("2019-11-18T04:57:42.618338639Z"), k.time().wall());
  }

  @Test
  void oomThenExit137_isOomKilled() {
    // the OOM's line with the exit the gogo era would log next (its form as in GOGO_EXIT_0)
    String exit = GOGO_OOM.replace("TaskOOM event &TaskOOM{ContainerID:"
        + "198301288f1414171589a049d5f75f9e4c871b8b3e5ad5af12051fdcc65da726,XXX_unrecognized:[],}",
        "TaskExit event &TaskExit{ContainerID:198301288f1414171589a049d5f75f"
        + "9e4c871b8b3e5ad5af12051fdcc65da726,ID:198301288f1414171589a049d5f75f9e4c871b8b3e5ad5af12051fdcc65da726,"
        + "Pid:585567,ExitStatus:137,ExitedAt:2025-04-13 21:21:34.61 +0000 UTC,XXX_unrecognized:[],}");
    ContainerKill k = lines(GOGO_OOM, exit).only(ContainerKill.class);
    assertEquals(ContainerKill.Reason.OOM_KILLED, k.reason());
    assertEquals(Signal.SIGKILL, k.signal());
    assertEquals(137, k.exitCode());
    assertEquals(2, k.evidence().size());
  }

  // Grafana Loki's pattern-detection test data (containerd 1.7 on a GKE node): kubelet stops a container
  @Test
  void criStop_isAKillThroughTheRuntime() {
    ContainerKill k = lines(
        "time=\"2024-05-07T11:59:34.519591759Z\" level=info msg=\"StopContainer for \\\"c91436db00920ec961b9d5d6b48"
            + "59d80a912e862e34fb5c45d8a85684fe6a97e\\\" with timeout 30 (s)\"",
        "time=\"2024-05-07T11:59:34.520032214Z\" level=info msg=\"Stop container \\\"c91436db00920ec961b9d5d6b4859d8"
            + "0a912e862e34fb5c45d8a85684fe6a97e\\\" with signal terminated\"",
        "time=\"2024-05-07T11:59:34.591282703Z\" level=info msg=\"StopContainer for \\\"c91436db00920ec961b9d5d6b48"
            + "59d80a912e862e34fb5c45d8a85684fe6a97e\\\" returns successfully\"",
        "time=\"2024-05-07T11:59:34.592005066Z\" level=info msg=\"StopPodSandbox for \\\"c605ad2cdc74c6b5288f2532ad"
            + "71cce81a28ef6965f97a89ff6609deb825553a\\\"\"").only(ContainerKill.class);
    assertEquals(ContainerKill.Reason.KILLED, k.reason());
    assertEquals(Signal.SIGTERM, k.signal());
    assertNull(k.exitCode());
    assertEquals("stopped through the CRI (StopContainer, timeout 30 s)", k.detail());
    assertEquals(Instant.parse("2024-05-07T11:59:34.591282703Z"), k.time().wall());
  }

  // https://github.com/moby/moby/issues/48912 (ctr events of Docker's containerd, namespace moby)
  @Test
  void ctrEvents_exit137_dockersContainer() {
    ContainerKill k = lines(
        "2024-12-11 05:54:19.191684944 +0000 UTC moby /tasks/exit {\"container_id\":\"f66234e7b80d027b586b17e5001a1"
            + "97cad5a8a5b0cb1d86ee879143b1fd829ef\",\"id\":\"f66234e7b80d027b586b17e5001a197cad5a8a5b0cb1d86ee8791"
            + "43b1fd829ef\",\"pid\":2442369,\"exit_status\":137,\"exited_at\":{\"seconds\":1733896459,\"nanos\":"
            + "191647544}}",
        "2024-12-11 05:54:21.289813743 +0000 UTC moby /tasks/delete {\"container_id\":\"f66234e7b80d027b586b17e5001"
            + "a197cad5a8a5b0cb1d86ee879143b1fd829ef\",\"pid\":2442369,\"exit_status\":137,\"exited_at\":{\"seconds\":"
            + "1733896459,\"nanos\":191647544}}",
        "2024-12-11 05:54:21.76245762 +0000 UTC moby /containers/delete {\"id\":\"f66234e7b80d027b586b17e5001a197cad5"
            + "a8a5b0cb1d86ee879143b1fd829ef\"}").only(ContainerKill.class);
    assertEquals(ContainerRuntime.DOCKER, k.victim().container().runtime(), "namespace moby is Docker's");
    assertEquals(2442369L, k.victim().pid());
    assertEquals(Signal.SIGKILL, k.signal());
    assertEquals(Instant.ofEpochSecond(1733896459, 191647544), k.time().wall());
    assertEquals(1, k.evidence().size());
  }

  // https://github.com/containerd/containerd/pull/4273 shows the event; the stamp is ctr's format
  @Test
  void ctrEvents_oom() {
    ContainerKill k = lines("2020-05-20 08:33:06.817243 +0000 UTC default /tasks/oom {\"container_id\":\"foo\"}")
        .only(ContainerKill.class);
    assertEquals("foo", k.victim().container().id(), "ctr's ids are names");
    assertEquals(ContainerRuntime.CONTAINERD, k.victim().container().runtime());
    assertEquals(ContainerKill.Reason.OOM_EVENT, k.reason());
  }

  // https://github.com/moby/moby/issues/32134 (Docker 17.04's containerd 0.2, logrus' terminal format)
  @Test
  void containerd02_processExited() {
    ContainerKill k = lines("DEBU[1349] containerd: process exited                    "
        + "id=9de384a9a1d2982cc758fb61d2a1e07213865c0cdc1dc034b64f3e5ce7107927 pid=init status=1 systemPid=21171")
        .only(ContainerKill.class);
    assertEquals(ContainerKill.Reason.EXITED, k.reason());
    assertEquals(1, k.exitCode());
    assertNull(k.signal());
    assertEquals(ContainerRuntime.DOCKER, k.victim().container().runtime());
  }

  @Test
  void goSignals() {
    assertEquals(Signal.SIGTERM, ContainerdParser.goSignal("terminated\""));
    assertEquals(Signal.SIGKILL, ContainerdParser.goSignal("killed"));
    assertEquals(Signal.SIGQUIT, ContainerdParser.goSignal("SIGQUIT"));
    assertEquals(Signal.SIGINT, ContainerdParser.goSignal("2"));
    assertNull(ContainerdParser.goSignal("bogus"));
  }
}
