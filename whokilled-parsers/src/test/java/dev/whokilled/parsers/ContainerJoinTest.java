package dev.whokilled.parsers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.Cause;
import dev.whokilled.Death;
import dev.whokilled.KillForensics;
import dev.whokilled.Report;
import dev.whokilled.Verdict;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The kernel's report of a container's OOM kill and the runtime's report of the same container, read together,
 * in either order. No public log holds both for one container, so the kernel half is the real Docker report of
 * {@code corpus/containers/docker_v1_cgroupfs_cadvisor_gentoo4.8_two_ooms.log} and the runtime half is
 * {@code docker events} lines in Docker's real format (see {@code corpus/docker/}) written for that container.
 */
final class ContainerJoinTest {

  static final String ID = "2e088fe462e25e60be1dafafe2c05c47bda1a97978648d10ad2b7484fc0b8f50";
  static final List<String> EVENTS = List.of(
      "2017-01-15T10:12:03.441200000Z container oom " + ID + " (image=gunpowder:latest, name=memhog)",
      "2017-01-15T10:12:03.512811000Z container die " + ID + " (exitCode=137, image=gunpowder:latest, name=memhog)");

  static List<String> kernel() throws IOException, URISyntaxException {
    Path log = Path.of(Objects.requireNonNull(ContainerJoinTest.class.getResource(
        "/corpus/containers/docker_v1_cgroupfs_cadvisor_gentoo4.8_two_ooms.log")).toURI());
    return Files.readAllLines(log).stream().filter(l -> !l.startsWith("#")).toList();
  }

  @Test
  void kernelThenRuntime_oneDeathWithTheContainersName() throws Exception {
    List<String> lines = new ArrayList<>(kernel());
    lines.addAll(EVENTS);
    check(KillForensics.analyze(lines));
  }

  @Test
  void runtimeThenKernel_sameAnswer() throws Exception {
    List<String> lines = new ArrayList<>(EVENTS);
    lines.addAll(kernel());
    check(KillForensics.analyze(lines));
  }

  private static void check(Report report) {
    List<Death> deaths = report.deaths();
    assertEquals(2, deaths.size(), () -> deaths.toString());
    Death d = deaths.stream().filter(x -> Long.valueOf(1381).equals(x.victim().pid())).findFirst().orElseThrow();
    assertEquals("memhog", d.victim().container().name());
    assertEquals(ID, d.victim().container().id());
    assertEquals(Instant.parse("2017-01-15T10:12:03.512811Z"), d.time().wall(), "the runtime's clock dates it");
    Verdict v = d.verdicts().get(0);
    assertEquals(Cause.CONTAINER_OOM, v.cause());
    assertTrue(v.summary().contains("docker container memhog reached its memory limit of 20.0 MiB"), v.summary());
    assertFalse(v.summary().contains("inside it"), v.summary());
    assertTrue(v.evidence().stream().anyMatch(r -> r.text().contains("container die")), v.evidence().toString());
    Death other = deaths.stream().filter(x -> Long.valueOf(1667).equals(x.victim().pid())).findFirst().orElseThrow();
    assertEquals(1, other.events().size(), "the other container's kill stays alone");
  }
}
