package dev.whokilled.parsers.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.event.ContainerKill;
import dev.whokilled.event.ContainerRef;
import dev.whokilled.event.ContainerRuntime;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.Signal;
import dev.whokilled.parsers.testing.Collect;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests of the Docker parser with real {@code docker inspect}, {@code docker events} and dockerd lines. */
final class DockerParserTest {

  static Collect lines(String... lines) {
    return Collect.framed(new DockerParser(), List.of(lines));
  }

  // ------------------------------------------------------------------------------------------ docker events

  // https://github.com/moby/moby/issues/27247 (Docker 1.11.2: the oom event repeated)
  static final String MOBY_27247 = "2016-10-10T01:45:42.505624070Z container oom "
      + "2f82d906ebd0013cded9a0d123cb901db70c21a0f1d441672630d16a311d6f1b "
      + "(image=docker.mobvoi-idc.com/streaming-server:5357e7642ecd01d385d41debf9097bff25570b83, "
      + "name=mesos-20160617-063349-2395711680-5050-29091-S9.997b104d-4e86-4955-b01e-31dcf093dafc)";

  @Test
  void cliEvents_repeatedOom_oneReportOfAnOomEvent() {
    ContainerKill k = lines(MOBY_27247, MOBY_27247.replace("42.505624070", "42.506635006"),
        MOBY_27247.replace("42.505624070", "42.506685360")).only(ContainerKill.class);
    assertEquals(ContainerKill.Reason.OOM_EVENT, k.reason());
    ContainerRef c = k.victim().container();
    assertEquals(ContainerRuntime.DOCKER, c.runtime());
    assertEquals("2f82d906ebd0013cded9a0d123cb901db70c21a0f1d441672630d16a311d6f1b", c.id());
    assertEquals("mesos-20160617-063349-2395711680-5050-29091-S9.997b104d-4e86-4955-b01e-31dcf093dafc", c.name());
    assertEquals("docker", k.reporter());
    assertEquals(Instant.parse("2016-10-10T01:45:42.505624070Z"), k.time().wall());
    assertEquals(EventTime.Precision.MICROS, k.time().wallPrecision());
    assertEquals(3, k.evidence().size());
    assertEquals("3 OOM events; no end of the container follows in this log", k.detail());
    assertNull(k.victim().pid(), "docker events name no process");
  }

  // https://github.com/docker/for-linux/issues/670 (RKE: a pod's container; label values hold commas, quotes,
  // brackets; the sandbox id, wrapped in the issue, is joined again)
  static final String FOR_LINUX_670 = "2019-05-04T18:05:45.011072877-05:00 container oom "
      + "29d72966e0beb17d9b0b9fbcbfc734e2df2eb5428690115f9b24430357de08e5 "
      + "(annotation.io.kubernetes.container.hash=cad60de0, annotation.io.kubernetes.container.ports=[{\"name\":"
      + "\"notebook-port\",\"containerPort\":8888,\"protocol\":\"TCP\"}], annotation.io.kubernetes.container."
      + "restartCount=0, annotation.io.kubernetes.container.terminationMessagePath=/dev/termination-log, "
      + "annotation.io.kubernetes.container.terminationMessagePolicy=File, annotation.io.kubernetes.pod."
      + "terminationGracePeriod=30, image=sha256:abb449eb148762e1a8dbf45fb1aa8fce99d6f1ca92f91f5e409fea9a05055aca, "
      + "io.kubernetes.container.logpath=/var/log/pods/efa75591-6e89-11e9-bf85-001a4a16016d/notebook/0.log, "
      + "io.kubernetes.container.name=notebook, io.kubernetes.docker.type=container, io.kubernetes.pod.name="
      + "jupyter-******, io.kubernetes.pod.namespace=jhub-prod, io.kubernetes.pod.uid=efa75591-6e89-11e9-bf85-"
      + "001a4a16016d, io.kubernetes.sandbox.id=67102bbdc496acefcbb81ee736cb25d4ee7c2753a8660ab54b776e0be321b4f6, "
      + "maintainer=MUDSA, name=k8s_notebook_jupyter-******_jhub-prod_efa75591-6e89-11e9-bf85-001a4a16016d_0)";

  @Test
  void cliEvent_kubernetesPod_namesFromTheLabels() {
    ContainerKill k = lines(FOR_LINUX_670).only(ContainerKill.class);
    ContainerRef c = k.victim().container();
    assertEquals("notebook", c.name(), "the pod's container name, not docker's k8s_… name");
    assertEquals("jupyter-******", c.pod());
    assertEquals("jhub-prod", c.namespace());
    assertEquals("efa75591-6e89-11e9-bf85-001a4a16016d", c.podUid());
    assertEquals(Instant.parse("2019-05-04T23:05:45.011072877Z"), k.time().wall());
  }

  @Test
  void attributes_valuesWithCommasAndKeys_readByTheirOrder() {
    String s = "(a=1, b=x, c=2, d=(y), e=, z=w, f=3, name=n, signal=9)";
    var m = Attributes.parse(s, 1, s.length() - 1);
    assertEquals("x", m.get("b"));
    assertEquals("(y)", m.get("d"));
    assertEquals(", z=w", m.get("e"), "z is out of order between e and f: part of e's value");
    assertEquals("3", m.get("f"));
    assertEquals("9", m.get("signal"));
    assertEquals("n", m.get("name"));
  }

  // boriska70/dockermon-go README.md: docker stop of an alpine container (Docker 1.12, events API JSON)
  static final String[] STOP = {
      "{\"status\":\"kill\",\"id\":\"405efae3b420464a9da7be7cd9de8d2ff160ffcfdac01517d9b686e8137f9053\",\"from\":"
          + "\"alpine\",\"Type\":\"container\",\"Action\":\"kill\",\"Actor\":{\"ID\":\"405efae3b420464a9da7be7cd9de8"
          + "d2ff160ffcfdac01517d9b686e8137f9053\",\"Attributes\":{\"image\":\"alpine\",\"name\":\"alpine\",\"signal\":"
          + "\"15\"}},\"time\":1473107891,\"timeNano\":1473107891869814300}",
      "{\"status\":\"kill\",\"id\":\"405efae3b420464a9da7be7cd9de8d2ff160ffcfdac01517d9b686e8137f9053\",\"from\":"
          + "\"alpine\",\"Type\":\"container\",\"Action\":\"kill\",\"Actor\":{\"ID\":\"405efae3b420464a9da7be7cd9de8"
          + "d2ff160ffcfdac01517d9b686e8137f9053\",\"Attributes\":{\"image\":\"alpine\",\"name\":\"alpine\",\"signal\":"
          + "\"9\"}},\"time\":1473107901,\"timeNano\":1473107901871658000}",
      "{\"status\":\"die\",\"id\":\"405efae3b420464a9da7be7cd9de8d2ff160ffcfdac01517d9b686e8137f9053\",\"from\":"
          + "\"alpine\",\"Type\":\"container\",\"Action\":\"die\",\"Actor\":{\"ID\":\"405efae3b420464a9da7be7cd9de8d"
          + "2ff160ffcfdac01517d9b686e8137f9053\",\"Attributes\":{\"exitCode\":\"137\",\"image\":\"alpine\",\"name\":"
          + "\"alpine\"}},\"time\":1473107901,\"timeNano\":1473107901922774300}",
      "{\"status\":\"stop\",\"id\":\"405efae3b420464a9da7be7cd9de8d2ff160ffcfdac01517d9b686e8137f9053\",\"from\":"
          + "\"alpine\",\"Type\":\"container\",\"Action\":\"stop\",\"Actor\":{\"ID\":\"405efae3b420464a9da7be7cd9de8"
          + "d2ff160ffcfdac01517d9b686e8137f9053\",\"Attributes\":{\"image\":\"alpine\",\"name\":\"alpine\"}},"
          + "\"time\":1473107902,\"timeNano\":1473107902406099500}"};

  @Test
  void jsonEvents_dockerStop_oneKillWithBothSignals() {
    ContainerKill k = lines(STOP).only(ContainerKill.class);
    assertEquals(ContainerKill.Reason.KILLED, k.reason());
    assertEquals(Signal.SIGKILL, k.signal());
    assertEquals(137, k.exitCode());
    assertEquals("alpine", k.victim().container().name());
    assertEquals("sent SIGTERM, then SIGKILL", k.detail());
    assertEquals(Instant.ofEpochSecond(1473107901, 922774300), k.time().wall(), "the die's time");
    assertEquals(3, k.evidence().size(), "the stop event adds nothing");
  }

  // A Go test's fixture "Recorded on a Raspberry Pi with Docker 29.4.2" (its author shortened the ids):
  // Docker 29 writes Action and no status.
  static final String PI_OOM = "{\"Type\":\"container\",\"Action\":\"oom\",\"Actor\":{\"ID\":\"4f1c\",\"Attributes\":"
      + "{\"image\":\"alpine\",\"name\":\"hb-oom-probe\"}},\"scope\":\"local\",\"time\":1790772823,\"timeNano\":"
      + "1790772823908813577}";
  static final String PI_OOM_DIE = "{\"Type\":\"container\",\"Action\":\"die\",\"Actor\":{\"ID\":\"4f1c\","
      + "\"Attributes\":{\"execDuration\":\"1\",\"exitCode\":\"137\",\"image\":\"alpine\",\"name\":\"hb-oom-probe\"}},"
      + "\"scope\":\"local\",\"time\":1790772824,\"timeNano\":1790772824373712621}";
  static final String PI_KILL_DIE = "{\"Type\":\"container\",\"Action\":\"die\",\"Actor\":{\"ID\":\"9a2e\","
      + "\"Attributes\":{\"execDuration\":\"2\",\"exitCode\":\"137\",\"image\":\"alpine\",\"name\":\"hb-kill-probe\"}},"
      + "\"scope\":\"local\",\"time\":1790772827,\"timeNano\":1790772827200404022}";

  @Test
  void jsonEvents_oomThenDie137_isOomKilled_andABare137IsAnExit() {
    Collect c = lines(PI_OOM, PI_OOM_DIE, PI_KILL_DIE);
    List<ContainerKill> ks = c.all(ContainerKill.class);
    assertEquals(2, ks.size());
    ContainerKill oom = ks.get(0);
    assertEquals(ContainerKill.Reason.OOM_KILLED, oom.reason());
    assertEquals(Signal.SIGKILL, oom.signal());
    assertEquals("hb-oom-probe", oom.victim().container().name());
    assertEquals(2, oom.evidence().size());
    ContainerKill bare = ks.get(1);
    assertEquals(ContainerKill.Reason.EXITED, bare.reason(), "137 with no OOM anywhere claims no OOM");
    assertEquals(137, bare.exitCode());
    assertEquals(Signal.SIGKILL, bare.signal());
    assertEquals("hb-kill-probe", bare.victim().container().name());
  }

  // https://github.com/aws/amazon-ecs-agent/issues/261 (Docker 1.9: postgres handled the OOM and kept running)
  @Test
  void jsonEvent_legacyOom_noEndFollows() {
    ContainerKill k = lines("{\"status\":\"oom\",\"id\":"
        + "\"d47dd049d534851e6124cc3d08e8527ebc47da649872e11c1fedd51765d4dc5b\",\"from\":"
        + "\"repos.fbn.internal/webdb:minimal\",\"time\":1449207679,\"timeNano\":1449207679758147177}")
        .only(ContainerKill.class);
    assertEquals(ContainerKill.Reason.OOM_EVENT, k.reason());
    assertEquals("d47dd049d534851e6124cc3d08e8527ebc47da649872e11c1fedd51765d4dc5b", k.victim().container().id());
    assertEquals("no end of the container follows in this log", k.detail());
  }

  // https://github.com/docker/cli/pull/4544: create/attach and network events are no deaths
  @Test
  void jsonEvents_otherActionsAndTypes_nothing() {
    assertEquals(List.of(), lines(
        "{\"status\":\"create\",\"id\":\"4ac3bba8abd68961e627540fed81ad16d55b88e45629d7cdb792126d09b6488d\",\"from\":"
            + "\"hello-world\",\"Type\":\"container\",\"Action\":\"create\",\"Actor\":{\"ID\":\"4ac3bba8abd68961e6275"
            + "40fed81ad16d55b88e45629d7cdb792126d09b6488d\",\"Attributes\":{\"image\":\"hello-world\",\"name\":"
            + "\"dreamy_goldstine\"}},\"scope\":\"local\",\"time\":1693168508,\"timeNano\":1693168508190136885}",
        "{\"Type\":\"network\",\"Action\":\"connect\",\"Actor\":{\"ID\":\"c54920dd5074a73e28bea62007e0334d81cc040a9037"
            + "2be311cf16806403d350\",\"Attributes\":{\"container\":\"4ac3bba8abd68961e627540fed81ad16d55b88e45629d7cd"
            + "b792126d09b6488d\",\"name\":\"bridge\",\"type\":\"bridge\"}},\"scope\":\"local\",\"time\":1693168508,"
            + "\"timeNano\":1693168508212398802}").events);
  }

  // https://github.com/moby/moby/issues/16074 (Docker 1.8 CLI form; the author shortened the id)
  @Test
  void legacyCli_killOomDie() {
    ContainerKill k = lines(
        "2015-09-03T16:20:42.000000000-07:00 2424...a892: (from ubuntu) kill",
        "2015-09-03T16:20:42.000000000-07:00 2424...a892: (from ubuntu) oom",
        "2015-09-03T16:20:42.000000000-07:00 2424...a892: (from ubuntu) die").only(ContainerKill.class);
    assertEquals(ContainerKill.Reason.OOM_EVENT, k.reason(), "frozen at its limit (--oom-kill-disable), then killed");
    assertEquals(3, k.evidence().size());
  }

  // ------------------------------------------------------------------------------------------ docker inspect

  // https://github.com/AbdBarho/stable-diffusion-webui-docker/issues/457 (the document up to State; the rest of
  // it, image and paths, is left out)
  static final String[] SD_457 = {
      "[",
      "    {",
      "        \"Id\": \"c35e838c9646ec13d3120dc96b930068b8afd4f20b9481bbdbddf01cffb4c1ca\",",
      "        \"Created\": \"2023-05-08T07:32:59.13549732Z\",",
      "        \"Path\": \"/docker/entrypoint.sh\",",
      "        \"Args\": [",
      "            \"/bin/sh\",",
      "            \"-c\",",
      "            \"python -u webui.py --listen --port 7860 ${CLI_ARGS}\"",
      "        ],",
      "        \"State\": {",
      "            \"Status\": \"exited\",",
      "            \"Running\": false,",
      "            \"Paused\": false,",
      "            \"Restarting\": false,",
      "            \"OOMKilled\": false,",
      "            \"Dead\": false,",
      "            \"Pid\": 0,",
      "            \"ExitCode\": 137,",
      "            \"Error\": \"\",",
      "            \"StartedAt\": \"2023-05-08T08:03:05.553904873Z\",",
      "            \"FinishedAt\": \"2023-05-08T08:05:05.514785974Z\"",
      "        }",
      "    }",
      "]"};

  @Test
  void inspect_exit137WithoutOom_isAnExitBySigkill() {
    ContainerKill k = lines(SD_457).only(ContainerKill.class);
    assertEquals(ContainerKill.Reason.EXITED, k.reason());
    assertEquals(137, k.exitCode());
    assertEquals(Signal.SIGKILL, k.signal());
    assertEquals("c35e838c9646ec13d3120dc96b930068b8afd4f20b9481bbdbddf01cffb4c1ca", k.victim().container().id());
    assertEquals(Instant.parse("2023-05-08T08:05:05.514785974Z"), k.time().wall());
    assertNull(k.detail());
    assertEquals(List.of(3L, 16L, 19L, 22L), k.evidence().stream().map(r -> r.line()).toList(),
        "Id, OOMKilled, ExitCode, FinishedAt");
  }

  // https://github.com/ethersphere/swarm/issues/480: OOMKilled on a container that kept running
  @Test
  void stateBlock_oomKilledButRunning_isAnOomEventOfALiveContainer() {
    ContainerKill k = lines(
        "        \"State\": {",
        "            \"Status\": \"running\",",
        "            \"Running\": true,",
        "            \"Paused\": false,",
        "            \"Restarting\": false,",
        "            \"OOMKilled\": true,",
        "            \"Dead\": false,",
        "            \"Pid\": 1958,",
        "            \"ExitCode\": 0,",
        "            \"Error\": \"\",",
        "            \"StartedAt\": \"2018-05-01T14:30:09.375286125Z\",",
        "            \"FinishedAt\": \"2018-05-01T14:30:07.830978981Z\"",
        "        },").only(ContainerKill.class);
    assertEquals(ContainerKill.Reason.OOM_EVENT, k.reason());
    assertEquals("the container kept running (main process pid 1958)", k.detail());
    assertFalse(k.time().isKnown(), "the FinishedAt is the previous run's");
    assertNull(k.exitCode());
    assertNull(k.victim().container().id(), "a State alone names no container");
  }

  // https://github.com/docker/cli/issues/2665 (redis: exit 137, OOMKilled false)
  static final String[] CLI_2665 = {
      "    \"State\": {",
      "        \"Status\": \"exited\",",
      "        \"Running\": false,",
      "        \"Paused\": false,",
      "        \"Restarting\": false,",
      "        \"OOMKilled\": false,",
      "        \"Dead\": false,",
      "        \"Pid\": 0,",
      "        \"ExitCode\": 137,",
      "        \"Error\": \"\",",
      "        \"StartedAt\": \"2020-07-31T22:26:20.031194Z\",",
      "        \"FinishedAt\": \"2020-07-31T22:28:17.557863Z\"",
      "    }"};

  @Test
  void stateBlock_exit137_noOomClaim() {
    ContainerKill k = lines(CLI_2665).only(ContainerKill.class);
    assertEquals(ContainerKill.Reason.EXITED, k.reason());
    assertEquals(Signal.SIGKILL, k.signal());
    assertEquals(Instant.parse("2020-07-31T22:28:17.557863Z"), k.time().wall());
  }

  @Test
  void stateJsonOneLiner_unnamedButReal() {
    // docker inspect --format '{{json .State}}' of the same container (docker/cli#2665), as Go's encoder writes it
    ContainerKill k = lines("{\"Status\":\"exited\",\"Running\":false,\"Paused\":false,\"Restarting\":false,"
        + "\"OOMKilled\":false,\"Dead\":false,\"Pid\":0,\"ExitCode\":137,\"Error\":\"\",\"StartedAt\":"
        + "\"2020-07-31T22:26:20.031194Z\",\"FinishedAt\":\"2020-07-31T22:28:17.557863Z\"}").only(ContainerKill.class);
    assertEquals(ContainerKill.Reason.EXITED, k.reason());
    assertEquals(ContainerRuntime.DOCKER, k.victim().container().runtime());
    assertFalse(k.victim().isUnknown());
  }

  // https://github.com/aws/amazon-ecs-agent/issues/794: a running container, the zero FinishedAt
  @Test
  void stateBlock_runningNeverEnded_nothing() {
    assertEquals(List.of(), lines(
        "        \"State\": {",
        "            \"Status\": \"running\",",
        "            \"Running\": true,",
        "            \"Paused\": false,",
        "            \"Restarting\": false,",
        "            \"OOMKilled\": false,",
        "            \"Dead\": false,",
        "            \"Pid\": 25144,",
        "            \"ExitCode\": 0,",
        "            \"Error\": \"\",",
        "            \"StartedAt\": \"2017-05-09T19:38:29.592819604Z\",",
        "            \"FinishedAt\": \"0001-01-01T00:00:00Z\"",
        "        },").events);
  }

  @Test
  void state_zeroFinishedAt_neverEnded_evenWithAnExitCode() {
    // a container that failed to start: Docker sets ExitCode and Error, the run never ended
    assertEquals(List.of(), lines("{\"Status\":\"created\",\"Running\":false,\"OOMKilled\":false,\"ExitCode\":127,"
        + "\"Error\":\"OCI runtime create failed\",\"FinishedAt\":\"0001-01-01T00:00:00Z\"}").events);
  }

  @Test
  void inspect_oomKilledExit137_withKubernetesLabelsAndLimit() {
    // the shape of a container kubelet ran through dockershim; the values are made up, the keys Docker's
    ContainerKill k = lines("[{\"Id\":\"9F00AA\","
        + "\"Name\":\"/k8s_web_web-0_shop_0b7e3d6c-1a2b-4c3d-8e9f-0a1b2c3d4e5f_3\","
        + "\"State\":{\"Status\":\"exited\",\"Running\":false,\"OOMKilled\":true,\"Pid\":0,\"ExitCode\":137,\"Error\":"
        + "\"\",\"FinishedAt\":\"2021-03-04T05:06:07Z\"},\"HostConfig\":{\"Memory\":268435456,\"CgroupParent\":"
        + "\"/kubepods/burstable/pod0b7e3d6c-1a2b-4c3d-8e9f-0a1b2c3d4e5f\"},\"Config\":{\"Labels\":{"
        + "\"io.kubernetes.container.name\":\"web\",\"io.kubernetes.pod.name\":\"web-0\","
        + "\"io.kubernetes.pod.namespace\":"
        + "\"shop\",\"io.kubernetes.pod.uid\":\"0b7e3d6c-1a2b-4c3d-8e9f-0a1b2c3d4e5f\"}}}]").only(ContainerKill.class);
    assertEquals(ContainerKill.Reason.OOM_KILLED, k.reason());
    assertEquals(Signal.SIGKILL, k.signal());
    ContainerRef c = k.victim().container();
    assertEquals(new ContainerRef(ContainerRuntime.DOCKER, "9f00aa", "web", "web-0",
        "0b7e3d6c-1a2b-4c3d-8e9f-0a1b2c3d4e5f", "shop", "burstable"), c);
    assertEquals("memory limit 256 MiB", k.detail());
    assertEquals(EventTime.Precision.SECONDS, k.time().wallPrecision());
  }

  @Test
  void inspect_oomKilledButExit1_anotherProcessWasTheVictim() {
    ContainerKill k = lines("{\"Id\":\"eac5f4c35142\",\"Name\":\"/stress\",\"State\":{\"Status\":\"exited\","
        + "\"Running\":false,\"OOMKilled\":true,\"ExitCode\":1,\"FinishedAt\":\"2021-03-04T05:06:07.5Z\"}}")
        .only(ContainerKill.class);
    assertEquals(ContainerKill.Reason.OOM_EVENT, k.reason());
    assertEquals(1, k.exitCode());
    assertNull(k.signal());
    assertTrue(k.detail().contains("the OOM killer killed another process in it"), k.detail());
  }

  @Test
  void inspect_podmansDocument_isPodmans() {
    // podman inspect's shape (its own keys ConmonPidFile, OCIRuntime); the values are made up
    ContainerKill k = lines("[{\"Id\":\"5a1b\",\"Name\":\"db\",\"State\":{\"OciVersion\":\"1.1.0\","
        + "\"Status\":\"exited\",\"Running\":false,\"OOMKilled\":true,\"ExitCode\":137,\"FinishedAt\":"
        + "\"2024-06-01T10:00:00.123456789+02:00\"},\"OCIRuntime\":\"crun\",\"ConmonPidFile\":"
        + "\"/run/containers/storage/overlay-containers/5a1b/userdata/conmon.pid\"}]").only(ContainerKill.class);
    assertEquals(ContainerRuntime.PODMAN, k.victim().container().runtime());
    assertEquals("podman", k.reporter());
    assertEquals("db", k.victim().container().name());
    assertEquals(ContainerKill.Reason.OOM_KILLED, k.reason());
  }

  @Test
  void inspect_cutOffByOtherText_warnedOnce_andTheNextDocumentReads() {
    List<String> in = new java.util.ArrayList<>(List.of("[", "    {", "        \"Id\": \"c35e838c9646\",",
        "$ docker ps -a"));
    in.addAll(List.of(SD_457));
    Collect c = lines(in.toArray(String[]::new));
    assertEquals(1, c.warnings.size(), c.warnings.toString());
    assertEquals(137, c.only(ContainerKill.class).exitCode());
  }

  // ------------------------------------------------------------------------------------------ dockerd

  // https://github.com/moby/moby/issues/32938 (Docker 17.x)
  @Test
  void dockerd_usingTheForce_thenDirectSigkill_oneKill() {
    ContainerKill k = lines(
        "Mar 16 07:14:12 evaluator3 dockerd[27857]: time=\"2018-03-16T07:14:12.899731592Z\" level=info "
            + "msg=\"Container 679813472f3d5dc082a55b7e3d62a16109115df69609cae50701fa9bcd4133f2 failed to exit within "
            + "10 seconds of signal 15 - using the force\"",
        "Mar 16 07:14:22 evaluator3 dockerd[27857]: time=\"2018-03-16T07:14:22.911874532Z\" level=info "
            + "msg=\"Container 679813472f3d failed to exit within 10 seconds of kill - trying direct SIGKILL\"")
        .only(ContainerKill.class);
    assertEquals(ContainerKill.Reason.KILLED, k.reason());
    assertEquals(Signal.SIGKILL, k.signal());
    assertEquals("679813472f3d5dc082a55b7e3d62a16109115df69609cae50701fa9bcd4133f2", k.victim().container().id());
    assertEquals("it did not exit within 10 seconds of SIGTERM; docker stop killed it; SIGKILL through containerd "
        + "did not end it within 10 seconds; dockerd killed it directly", k.detail());
    assertEquals(2, k.evidence().size());
    assertEquals(Instant.parse("2018-03-16T07:14:12.899731592Z"), k.time().wall());
  }

  // https://github.com/haiwen/seafile-docker/issues/496 (Docker 28: the id moved to a field; the issue wrapped
  // the line, joined here)
  @Test
  void dockerd_structuredForm() {
    ContainerKill k = lines("Aug 03 13:16:19 pandora dockerd[3906408]: time=\"2026-08-03T13:16:19.246566562+02:00\" "
        + "level=info msg=\"Container failed to exit within 10s of signal 15 - using the force\" "
        + "container=1ab17352d91f95b7bcdb39d2bc068bbee209b257154378bb3ad00ceccdf355d4").only(ContainerKill.class);
    assertEquals("1ab17352d91f95b7bcdb39d2bc068bbee209b257154378bb3ad00ceccdf355d4", k.victim().container().id());
    assertEquals(Signal.SIGKILL, k.signal());
    assertTrue(k.detail().startsWith("it did not exit within 10 seconds of SIGTERM"), k.detail());
  }

  @Test
  void kernelRecords_neverRead() {
    assertEquals(List.of(), lines("0,1,1000000,-;" + MOBY_27247).events);
  }
}
