package dev.whokilled.cli;

import static dev.whokilled.cli.TestSupport.NULL;
import static dev.whokilled.cli.TestSupport.array;
import static dev.whokilled.cli.TestSupport.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.KillForensics;
import dev.whokilled.Report;
import dev.whokilled.cli.TestSupport.Run;
import dev.whokilled.facts.HostFacts;
import dev.whokilled.procfs.Procfs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar's {@code facts}, {@code top} and {@code snapshot} against the kernel, for processes this test starts
 * with known settings (whokilled-procfs's {@code actor.c}, compiled with gcc: an {@code oom_score_adj}, a caught, an
 * ignored and a blocked signal, a core limit set with {@code ulimit -c}), each in a memory cgroup of this test's own
 * where the machine allows one (cgroup v1, at most 64 MiB, removed afterwards). The kernel's files are read here
 * directly. Skips itself where there is no {@code /proc} or no gcc; the analysis of a death, where there is no strace.
 */
final class FactsCommandIT {

  @TempDir Path dir;

  private final List<Long> pids = new ArrayList<>();
  private final List<Process> started = new ArrayList<>();
  private @Nullable Path cgroup;

  /** A started actor: its pid, and the settings it was given. */
  record Actor(long pid, int adj, String caught, String ignored, String blocked) {}

  @BeforeEach
  void linuxWithGcc() throws IOException {
    Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "no /proc");
    Assumptions.assumeTrue(onPath("gcc") && onPath("bash"), "no gcc or bash");
    cgroup = childMemoryCgroup();
  }

  @AfterEach
  void stop() throws Exception {
    for (long pid : pids) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL, to a pid this test started
    }
    for (Process p : started) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    for (long pid : pids) {
      ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
    }
    if (cgroup != null) {
      Files.deleteIfExists(cgroup); // rmdir of the now empty cgroup
    }
  }

  @Test
  void facts_jsonAgreesWithTheKernel() throws Exception {
    Path actor = compile();
    List<Actor> actors = List.of(
        start(actor, null, "ulimit -c 0", 900, 15, 1, 10),
        start(actor, null, "ulimit -H -c 4096 && ulimit -S -c 1024", 600, 12, 0, 0));

    for (Actor a : actors) {
      Run r = TestSupport.jar(dir, "facts", "--pid", Long.toString(a.pid()), "--json");
      assertEquals(0, r.status(), r.err());
      assertEquals("", r.err(), "everything of our own process is readable");
      Map<String, Object> doc = object(TestSupport.parse(r.out()));
      assertEquals(List.of("schema", "process"), List.copyOf(doc.keySet()));
      Map<String, Object> p = object(doc.get("process"));
      String proc = "/proc/" + a.pid() + "/";
      Map<String, String> status = status(a.pid());

      assertEquals(List.of("pid", "name", "state", "oom_score", "oom_score_adj", "rss", "core_limit", "signals",
          "cgroup", "core_dump"), List.copyOf(p.keySet()));
      assertEquals(number(a.pid()), p.get("pid"));
      assertEquals("actor", p.get("name"));
      assertEquals("S", p.get("state"));
      assertEquals(number(Long.parseLong(read(proc + "oom_score"))), p.get("oom_score"));
      assertEquals(number(a.adj()), p.get("oom_score_adj"));
      assertEquals(number(Long.parseLong(read(proc + "oom_score_adj"))), p.get("oom_score_adj"));
      assertEquals(number(Long.parseLong(status.get("VmRSS").replace(" kB", "")) * 1024), p.get("rss"));

      String[] core = coreLimit(a.pid());
      Map<String, Object> limit = object(p.get("core_limit"));
      assertEquals(core[0].equals("unlimited") ? NULL : new BigDecimal(core[0]), limit.get("soft"));
      assertEquals(core[1].equals("unlimited") ? NULL : new BigDecimal(core[1]), limit.get("hard"));

      Map<String, Object> signals = object(p.get("signals"));
      assertEquals(names(status.get("SigCgt")), signals.get("caught"));
      assertEquals(names(status.get("SigIgn")), signals.get("ignored"));
      assertEquals(names(status.get("SigBlk")), signals.get("blocked"));
      assertTrue(array(signals.get("caught")).contains(a.caught()), signals.toString());
      if (!a.ignored().isEmpty()) {
        assertTrue(array(signals.get("ignored")).contains(a.ignored()), signals.toString());
      }
      if (!a.blocked().isEmpty()) {
        assertTrue(array(signals.get("blocked")).contains(a.blocked()), signals.toString());
      }

      Map<String, Object> cg = object(p.get("cgroup"));
      String path = memoryCgroup(a.pid());
      assertEquals(path, cg.get("path"));
      Path v1 = Path.of("/sys/fs/cgroup/memory" + path);
      if (Files.isDirectory(v1)) {
        long kernelLimit = Long.parseLong(read(v1 + "/memory.limit_in_bytes"));
        assertEquals(kernelLimit >= Long.MAX_VALUE - (1L << 30) ? NULL : number(kernelLimit), cg.get("memory_limit"));
        assertEquals(number(Long.parseLong(read(v1 + "/memory.oom_control").replaceAll("(?s).*oom_kill ", ""))),
            cg.get("oom_kills"));
      }

      Map<String, Object> dump = object(p.get("core_dump"));
      assertEquals(Files.readString(Path.of("/proc/sys/kernel/core_pattern")).strip(), dump.get("pattern"));
      if (core[0].equals("0") && !read("/proc/sys/kernel/core_pattern").startsWith("|")) {
        assertEquals(false, dump.get("would_write"));
        assertEquals("RLIMIT_CORE is 0 (ulimit -c 0), so the kernel writes no core", dump.get("why"));
      }
    }
    assertEquals(List.of("0", "0"), List.of(coreLimit(actors.get(0).pid())), "ulimit -c 0 sets both");
  }

  @Test
  void top_theKernelsOomScoreOrder() throws Exception {
    Path actor = compile();
    Actor low = start(actor, null, "true", 100, 0, 0, 0);
    Actor high = start(actor, null, "true", 1000, 0, 0, 0);
    Actor middle = start(actor, null, "true", 500, 0, 0, 0);

    Run r = TestSupport.jar(dir, "top", "-n", "0", "--json");

    assertEquals(0, r.status(), r.err());
    List<Object> processes = array(object(TestSupport.parse(r.out())).get("processes"));
    List<Long> ours = new ArrayList<>();
    BigDecimal previous = null;
    for (Object o : processes) {
      Map<String, Object> p = object(o);
      long pid = ((BigDecimal) p.get("pid")).longValueExact();
      BigDecimal score = (BigDecimal) p.get("oom_score");
      assertTrue(previous == null || previous.compareTo(score) >= 0, "the highest oom_score first: " + r.out());
      previous = score;
      if (pid == low.pid() || pid == middle.pid() || pid == high.pid()) {
        ours.add(pid);
        assertEquals(new BigDecimal(read("/proc/" + pid + "/oom_score")), score, "the kernel's oom_score");
      }
      assertTrue(pid != 1, "pid 1 is never chosen");
    }
    assertEquals(List.of(high.pid(), middle.pid(), low.pid()), ours);
  }

  @Test
  void snapshot_readsAndAnalysesTheSameAsLive() throws Exception {
    Assumptions.assumeTrue(onPath("strace"), "no strace");
    Path actor = compile();
    Path trace = dir.resolve("term.strace");
    Actor traced = start(actor, trace, "ulimit -c 0", 900, 15, 1, 10);
    Actor other = start(actor, null, "ulimit -S -c 1024", 300, 12, 13, 0);
    String[] ours = {"--pid", Long.toString(traced.pid()), "--pid", Long.toString(other.pid())};

    Map<Long, String> before = liveFacts(traced, other);
    Run top = TestSupport.jar(dir, "top", "-n", "0", "--json");
    Path snap = dir.resolve("snap");
    Run snapshot = TestSupport.jar(dir, "snapshot", ours[0], ours[1], ours[2], ours[3], snap.toString());
    HostFacts live = Procfs.live().facts(traced.pid());
    Map<Long, String> after = liveFacts(traced, other);

    assertEquals(0, snapshot.status(), snapshot.err());
    assertTrue(snapshot.out().startsWith("Captured 2 processes and "), snapshot.out());
    assertEquals(comparable(before), comparable(after), "idle processes: their facts stay put");
    for (Actor a : List.of(traced, other)) {
      Run captured = TestSupport.jar(dir, "facts", "--root", snap.toString(), "--pid", Long.toString(a.pid()),
          "--json");
      assertEquals(0, captured.status(), captured.err());
      assertEquals(comparable(after.get(a.pid())), comparable(captured.out()), "pid " + a.pid());
    }
    Run capturedTop = TestSupport.jar(dir, "top", "--root", snap.toString(), "-n", "0", "--json");
    assertEquals(onlyOurs(top.out(), traced, other), array(object(TestSupport.parse(capturedTop.out()))
        .get("processes")));

    // the traced actor's handler re-raises SIGTERM: it dies of it, and strace sees that
    ProcessHandle.of(traced.pid()).orElseThrow().destroy();
    assertTrue(started.get(0).waitFor(30, TimeUnit.SECONDS), "strace ends with its tracee");
    Run analysed = TestSupport.jar(dir, "--json", "--facts", snap.toString(), trace.toString());
    assertEquals(0, analysed.status(), analysed.err());
    Report report = KillForensics.builder().hostFacts(live).build().analyze(trace);
    StringWriter json = new StringWriter();
    JsonRenderer.write(new Analysis(report, List.of(), List.of()), json, false);
    Object deaths = object(TestSupport.parse(analysed.out())).get("deaths");
    assertEquals(object(TestSupport.parse(json.toString())).get("deaths"), deaths, "captured facts analyse as live");
    String summary = (String) object(array(deaths).get(array(deaths).size() - 1)).get("summary");
    assertTrue(summary.endsWith("; it catches SIGTERM, so its own handler ran and chose to end it"), summary);
  }

  private Map<Long, String> liveFacts(Actor... actors) throws IOException, InterruptedException {
    Map<Long, String> facts = new LinkedHashMap<>();
    for (Actor a : actors) {
      Run r = TestSupport.jar(dir, "facts", "--pid", Long.toString(a.pid()), "--json");
      assertEquals(0, r.status(), r.err());
      facts.put(a.pid(), r.out());
    }
    return facts;
  }

  private static Map<Long, Object> comparable(Map<Long, String> facts) {
    Map<Long, Object> docs = new LinkedHashMap<>();
    facts.forEach((pid, json) -> docs.put(pid, comparable(json)));
    return docs;
  }

  /**
   * A facts document, its cgroup's memory usage checked to be a number and then left out: the kernel's counter moves
   * between two reads even for idle processes (a cgroup's charges are batched per CPU and drained at any time), and
   * more so in a cgroup shared with this JVM, where the test runs when it cannot make one of its own.
   */
  private static Object comparable(String json) {
    Map<String, Object> doc = object(TestSupport.parse(json));
    Map<String, Object> cgroup = object(object(doc.get("process")).get("cgroup"));
    assertTrue(cgroup.get("memory_usage") instanceof BigDecimal u && u.signum() >= 0, json);
    cgroup.put("memory_usage", "(a number)");
    return doc;
  }

  private static List<Object> onlyOurs(String topJson, Actor... actors) {
    List<Object> ours = new ArrayList<>();
    for (Object o : array(object(TestSupport.parse(topJson)).get("processes"))) {
      long pid = ((BigDecimal) object(o).get("pid")).longValueExact();
      for (Actor a : actors) {
        if (a.pid() == pid) {
          ours.add(o);
        }
      }
    }
    return ours;
  }

  private Path compile() throws IOException, InterruptedException {
    Path source = Path.of("..", "..", "whokilled-procfs", "src", "test", "resources", "live", "actor.c");
    Path binary = dir.resolve("actor");
    Process gcc = new ProcessBuilder("gcc", "-O2", "-Wall", "-o", binary.toString(), source.toString())
        .redirectErrorStream(true).start();
    String out = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(gcc.waitFor(60, TimeUnit.SECONDS) && gcc.exitValue() == 0, "gcc: " + out);
    return binary;
  }

  /**
   * Starts an actor through bash, which moves itself into the test's memory cgroup (when there is one), sets the
   * core limit and becomes the actor; under {@code strace -f -Y -ttt} when a trace file is given.
   */
  private Actor start(Path actor, @Nullable Path trace, String ulimit, int adj, int caught, int ignored, int blocked)
      throws IOException {
    String join = cgroup == null ? "" : "echo $$ > '" + cgroup.resolve("cgroup.procs") + "' && ";
    List<String> command = new ArrayList<>();
    if (trace != null) {
      command.addAll(List.of("strace", "-f", "-Y", "-ttt", "-o", trace.toString()));
    }
    command.addAll(List.of("bash", "-c", join + ulimit + " && exec \"$0\" \"$@\"", actor.toString(),
        Integer.toString(adj), Integer.toString(caught), Integer.toString(ignored), Integer.toString(blocked)));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    started.add(p);
    String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
    assertTrue(line != null && line.matches("[0-9]+"), "the actor printed its pid: " + line);
    long pid = Long.parseLong(line);
    pids.add(pid);
    return new Actor(pid, adj, name(caught), name(ignored), name(blocked));
  }

  private static String name(int signal) {
    return signal == 0 ? "" : dev.whokilled.facts.SignalSet.name(signal);
  }

  /** A memory cgroup of this test's own under this JVM's (cgroup v1), or {@code null} where none can be made. */
  private static @Nullable Path childMemoryCgroup() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
      String[] f = line.split(":", 3);
      if (f.length == 3 && List.of(f[1].split(",")).contains("memory")) {
        Path own = Path.of("/sys/fs/cgroup/memory" + f[2]);
        Path child = own.resolve("whokilled-cli-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
          Files.createDirectory(child);
          Files.writeString(child.resolve("memory.limit_in_bytes"), Long.toString(64L << 20));
          return child;
        } catch (IOException e) {
          Files.deleteIfExists(child);
          return null;
        }
      }
    }
    return null;
  }

  private static String memoryCgroup(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/cgroup"))) {
      String[] f = line.split(":", 3);
      if (List.of(f[1].split(",")).contains("memory")) {
        return f[2];
      }
    }
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/cgroup"))) {
      if (line.startsWith("0::")) {
        return line.substring(3);
      }
    }
    throw new AssertionError("no memory cgroup of pid " + pid);
  }

  /** The signals of a mask of {@code status}, named as strace and whokilled name them, in the kernel's order. */
  private static List<Object> names(String hex) {
    long mask = Long.parseUnsignedLong(hex, 16);
    List<Object> names = new ArrayList<>();
    String[] classic = {"SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL",
      "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP",
      "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO",
      "SIGPWR", "SIGSYS"};
    for (int n = 1; n <= 64; n++) {
      if ((mask >>> (n - 1) & 1) != 0) {
        names.add(n <= 31 ? classic[n - 1] : n == 32 ? "SIGRTMIN" : "SIGRT_" + (n - 32));
      }
    }
    return names;
  }

  /** The soft and hard values of the row {@code Max core file size} of {@code limits}, by the kernel's columns. */
  private static String[] coreLimit(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/limits"))) {
      if (line.startsWith("Max core file size")) {
        return new String[] {line.substring(26, 46).strip(), line.substring(47, 67).strip()};
      }
    }
    throw new AssertionError("no core limit of pid " + pid);
  }

  private static Map<String, String> status(long pid) throws IOException {
    Map<String, String> m = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"), StandardCharsets.UTF_8)) {
      int colon = line.indexOf(':');
      m.putIfAbsent(line.substring(0, colon), line.substring(colon + 1).strip());
    }
    return m;
  }

  private static String read(String file) throws IOException {
    return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
  }

  private static BigDecimal number(long n) {
    return BigDecimal.valueOf(n);
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
