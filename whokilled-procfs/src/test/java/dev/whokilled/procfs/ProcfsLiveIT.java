package dev.whokilled.procfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.facts.CgroupMembership;
import dev.whokilled.facts.ProcessFacts;
import dev.whokilled.facts.ResourceLimit;
import dev.whokilled.facts.Rlimit;
import dev.whokilled.facts.SignalSet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Procfs#live()} against what the kernel shows in {@code /proc} of processes this test starts with known
 * settings ({@code src/test/resources/live/actor.c}, compiled with gcc): an {@code oom_score_adj}, a caught, an
 * ignored and a blocked signal, a core limit set with {@code ulimit -c}. The kernel's files are read here directly,
 * with code of this test's own. Skips itself where there is no {@code /proc} or no gcc.
 */
final class ProcfsLiveIT {

  @TempDir Path dir;

  private final List<Process> started = new ArrayList<>();

  /** A started process, and what it was told to be. */
  record Actor(long pid, int adj, int caught, int ignored, int blocked) {}

  @BeforeEach
  void linuxWithGcc() {
    Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "no /proc");
    Assumptions.assumeTrue(onPath("gcc") && onPath("bash"), "no gcc or bash");
  }

  @AfterEach
  void stop() throws InterruptedException {
    for (Process p : started) {
      p.destroyForcibly(); // SIGKILL, to the pid this test started
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void facts_agreeWithTheKernel() throws Exception {
    Path actor = compile();
    List<Actor> actors = List.of(
        start(actor, "ulimit -c 0", 900, 15, 1, 10),
        start(actor, "ulimit -H -c 4096 && ulimit -S -c 1024", 600, 12, 0, 0),
        start(actor, "true", 300, 0, 13, 1));

    for (Actor a : actors) {
      ProcessFacts p = Procfs.live().expectProcess(a.pid());
      String proc = "/proc/" + a.pid() + "/";
      Map<String, String> status = status(a.pid());

      assertEquals(List.of(), p.unread(), "everything of our own process is readable");
      assertEquals("actor", p.comm());
      assertEquals(status.get("Name"), p.comm());
      assertEquals("S", p.state());
      assertEquals(Long.valueOf(ProcessHandle.current().pid()), p.ppid(), "bash exec'd the actor: we are its parent");
      assertEquals(Integer.valueOf(a.adj()), p.oomScoreAdj());
      assertEquals(Integer.valueOf(read(proc + "oom_score_adj")), p.oomScoreAdj());
      assertEquals(Integer.valueOf(read(proc + "oom_adj")), p.oomAdj());
      assertEquals(Integer.valueOf(read(proc + "oom_score")), p.oomScore());
      assertEquals(kb(status.get("VmRSS")), p.memory().vmRss());
      assertEquals(kb(status.get("VmSize")), p.memory().vmSize());

      assertEquals(status.get("SigCgt"), p.caught().hex());
      assertEquals(status.get("SigIgn"), p.ignored().hex());
      assertEquals(status.get("SigBlk"), p.blocked().hex());
      assertSet(p.caught(), a.caught());
      assertSet(p.ignored(), a.ignored());
      assertSet(p.blocked(), a.blocked());

      Map<String, long[]> limits = limits(a.pid());
      for (ResourceLimit l : p.limits()) {
        long[] kernel = limits.remove(l.limit().label());
        assertEquals(kernel[0], l.soft() == null ? -1 : l.soft(), l.limit() + " soft");
        assertEquals(kernel[1], l.hard() == null ? -1 : l.hard(), l.limit() + " hard");
      }
      assertEquals(Map.of(), limits, "every row of limits read");

      List<String> cgroups = new ArrayList<>();
      for (CgroupMembership c : p.cgroups()) {
        cgroups.add(c.hierarchy() + ":" + c.controllers() + ":" + c.path());
      }
      assertEquals(Files.readAllLines(Path.of(proc + "cgroup")), cgroups);
      assertEquals(List.of(actor.toString(), Integer.toString(a.adj()), Integer.toString(a.caught()),
          Integer.toString(a.ignored()), Integer.toString(a.blocked())), p.cmdline());
      String[] stat = read(proc + "stat").substring(read(proc + "stat").lastIndexOf(')') + 2).split(" ");
      assertEquals(Duration.ofMillis(Long.parseLong(stat[19]) * 10), p.startTime(), "field 22, in ticks of 10 ms");
      assertFalse(p.kernelThread());
    }

    ProcessFacts first = Procfs.live().expectProcess(actors.get(0).pid());
    assertEquals(new ResourceLimit(Rlimit.CORE, 0L, 0L), first.findLimit(Rlimit.CORE).orElseThrow(), "ulimit -c 0");
    assertEquals(new ResourceLimit(Rlimit.CORE, 1024L * 1024, 4096L * 1024),
        Procfs.live().expectProcess(actors.get(1).pid()).findLimit(Rlimit.CORE).orElseThrow(), "ulimit -c in kB");
  }

  @Test
  void oomOrder_theKernelsScoreOrder() throws Exception {
    Path actor = compile();
    Actor low = start(actor, "true", 100, 0, 0, 0);
    Actor high = start(actor, "true", 1000, 0, 0, 0);
    Actor middle = start(actor, "true", 500, 0, 0, 0);

    List<ProcessFacts> order = Procfs.live().oomOrder();

    List<Long> ours = new ArrayList<>();
    for (ProcessFacts p : order) {
      if (p.pid() == low.pid() || p.pid() == high.pid() || p.pid() == middle.pid()) {
        ours.add(p.pid());
        assertEquals(Integer.valueOf(read("/proc/" + p.pid() + "/oom_score")), p.oomScore(), "idle: stable score");
      }
    }
    assertEquals(List.of(high.pid(), middle.pid(), low.pid()), ours);
    for (int i = 1; i < order.size(); i++) {
      assertTrue(order.get(i - 1).oomScore() >= order.get(i).oomScore(), "highest score first: " + order);
    }
    assertTrue(order.stream().noneMatch(p -> p.pid() == 1 || p.kernelThread()), "never pid 1 or a kernel thread");
  }

  @Test
  void processThatEnded_isNoProcessAndNoException() throws Exception {
    Actor a = start(compile(), "true", 0, 0, 0, 0);
    Process p = started.get(started.size() - 1);
    p.destroyForcibly();
    assertTrue(p.waitFor(10, TimeUnit.SECONDS));

    assertEquals(java.util.Optional.empty(), Procfs.live().findProcess(a.pid()));
    assertEquals(List.of("pid " + a.pid() + ": no such process"), Procfs.live().facts(a.pid()).unread().stream()
        .filter(u -> u.startsWith("pid ")).toList());
  }

  private Path compile() throws IOException, InterruptedException {
    Path source = dir.resolve("actor.c");
    try (var in = ProcfsLiveIT.class.getResourceAsStream("/live/actor.c")) {
      Files.copy(java.util.Objects.requireNonNull(in, "actor.c"), source);
    }
    Path binary = dir.resolve("actor");
    Process gcc = new ProcessBuilder("gcc", "-O2", "-Wall", "-o", binary.toString(), source.toString())
        .redirectErrorStream(true).start();
    String out = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(gcc.waitFor(60, TimeUnit.SECONDS) && gcc.exitValue() == 0, "gcc: " + out);
    return binary;
  }

  /** Starts an actor through bash, which sets its core limit first and then becomes it. */
  private Actor start(Path actor, String ulimit, int adj, int caught, int ignored, int blocked) throws IOException {
    Process p = new ProcessBuilder("bash", "-c", ulimit + " && exec \"$0\" \"$@\"", actor.toString(),
        Integer.toString(adj), Integer.toString(caught), Integer.toString(ignored), Integer.toString(blocked))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    started.add(p);
    String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
    assertEquals(Long.toString(p.pid()), line, "the actor is the process started (bash exec'd it)");
    return new Actor(p.pid(), adj, caught, ignored, blocked);
  }

  private static void assertSet(SignalSet set, int signal) {
    if (signal != 0) {
      assertTrue(set.contains(signal), set.names() + " holds " + SignalSet.name(signal));
    }
  }

  private static String read(String file) throws IOException {
    return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
  }

  /** {@code status} as keys and values, the value's blanks stripped. */
  private static Map<String, String> status(long pid) throws IOException {
    Map<String, String> m = new TreeMap<>();
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"), StandardCharsets.UTF_8)) {
      int colon = line.indexOf(':');
      m.putIfAbsent(line.substring(0, colon), line.substring(colon + 1).strip());
    }
    return m;
  }

  private static Long kb(String value) {
    return Long.parseLong(value.replace("kB", "").strip()) * 1024;
  }

  /** {@code limits}: each row's label and its soft and hard values, -1 for unlimited, by the kernel's columns. */
  private static Map<String, long[]> limits(long pid) throws IOException {
    Map<String, long[]> m = new TreeMap<>();
    List<String> lines = Files.readAllLines(Path.of("/proc/" + pid + "/limits"), StandardCharsets.UTF_8);
    for (String line : lines.subList(1, lines.size())) {
      String soft = line.substring(26, 46).strip();
      String hard = line.substring(47, 67).strip();
      m.put(line.substring(0, 25).strip(), new long[] {value(soft), value(hard)});
    }
    return m;
  }

  private static long value(String v) {
    return v.equals("unlimited") ? -1 : Long.parseLong(v);
  }

  private static boolean onPath(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
        return true;
      }
    }
    return false;
  }
}
