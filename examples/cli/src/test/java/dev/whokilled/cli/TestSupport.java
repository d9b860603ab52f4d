package dev.whokilled.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.whokilled.Cause;
import dev.whokilled.Death;
import dev.whokilled.ParseProblem;
import dev.whokilled.Report;
import dev.whokilled.Verdict;
import dev.whokilled.event.Constraint;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.MemoryKiller;
import dev.whokilled.event.OomKill;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.event.VictimMemory;
import dev.whokilled.facts.HostFacts;
import dev.whokilled.framing.Format;
import dev.whokilled.framing.Framing;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.framing.Origin;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/** What the tests share: a hand-made report, a JSON reader, and running the command in-process. */
final class TestSupport {

  /** The corpus file the end-to-end tests read, copied from the parsers module's corpus. */
  static final String CORPUS = "vm-6.18-memcg-v1.dmesg.log";

  /** JSON null (maps cannot hold Java null in {@code Map.of} comparisons, so a marker). */
  static final Object NULL = new Object() {
    @Override
    public String toString() {
      return "null";
    }
  };

  private TestSupport() {}

  /**
   * Whether the framing implementation is there; until it lands, {@code Framer.accept} throws and no real log
   * can be analysed, so end-to-end tests are skipped.
   */
  static boolean framerAvailable() {
    try {
      Framing.auto().newFramer("x").accept("[ 1.0] x", r -> {});
      return true;
    } catch (UnsupportedOperationException e) {
      return false;
    }
  }

  static Path corpus() {
    try {
      return Path.of(Objects.requireNonNull(TestSupport.class.getResource("/" + CORPUS)).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A tree captured for whokilled-procfs's tests ({@code whokilled-procfs/src/test/resources/trees}), read where it
   * is rather than copied: the tests run in this module's directory.
   *
   * @param name such as {@code v1-hybrid-vm}
   * @return its root
   */
  static Path tree(String name) {
    Path p = Path.of("..", "..", "whokilled-procfs", "src", "test", "resources", "trees", name);
    if (!Files.isDirectory(p.resolve("proc"))) {
      throw new IllegalStateException("no tree " + p.toAbsolutePath());
    }
    return p;
  }

  /** A kernel record as a dmesg line gives it. */
  static LogRecord kernel(long line, double uptime, String message) {
    Duration up = Duration.ofNanos(Math.round(uptime * 1e9));
    String text = String.format(java.util.Locale.ROOT, "[%12.6f] %s", uptime, message);
    return new LogRecord(
        "kern.log", line, text, message, Format.DMESG, Origin.KERNEL_LOG, EventTime.ofUptime(up), null,
        "kernel", null, 0, 4, 0, -1);
  }

  /** One death as the kernel OOM parser and classifier make it for the first kill of the corpus file. */
  static Death oomDeath() {
    ProcessRef victim = new ProcessRef(1742L, null, "python3", 0, "/wk-stage1", null, null);
    LogRecord header = kernel(13, 51.649037,
        "python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0");
    LogRecord kill = kernel(91, 51.657164,
        "Memory cgroup out of memory: Killed process 1742 (python3) total-vm:75160kB, anon-rss:65132kB, "
            + "file-rss:6644kB, shmem-rss:0kB, UID:0 pgtables:188kB oom_score_adj:0");
    EventTime time = EventTime.ofUptime(Duration.ofSeconds(51, 657_164_000));
    OomKill k = new OomKill(
        victim, time, List.of(header, kill), MemoryKiller.KERNEL, ProcessRef.of(1742L, "python3"),
        Constraint.MEMCG, "/wk-stage1", "0xcc0", "GFP_KERNEL", 0, false,
        new VictimMemory(75160L * 1024, 65132L * 1024, 6644L * 1024, 0L, 188L * 1024, null, null), 0, null, null,
        List.of(), "6.18.44", null, false, false, false, null, Signal.SIGKILL);
    Verdict v = new Verdict(
        Cause.CGROUP_OOM, 0.97, null, Signal.SIGKILL,
        "The kernel's OOM killer killed python3 (pid 1742) because memory cgroup /wk-stage1 reached its limit.",
        "the kernel's OOM report names python3 (pid 1742) as killed",
        List.of(kill, header),
        List.of("Raise the memory limit of /wk-stage1."));
    return new Death(victim, time, 0, List.of(k), List.of(v));
  }

  static Report report(List<Death> deaths, List<String> warnings, List<ParseProblem> problems, long dropped) {
    return new Report(deaths, warnings, problems, dropped, 254);
  }

  /** The result of running the command in-process. */
  record Run(int status, String out, String err) {}

  static Run run(String... args) {
    return run(new ByteArrayInputStream(new byte[0]), noMachine(), args);
  }

  static Run run(InputStream stdin, MachineSources machine, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = Main.commandLine(new Main(stdin, machine, Terminal.NONE));
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int status = cmd.execute(args);
    return new Run(status, out.toString(), err.toString());
  }

  /**
   * Runs {@code whokilled watch ARGS} in-process with its sources given.
   *
   * @param plan where the watch reads
   * @param args the arguments after {@code watch}
   * @return its status, output and error output
   */
  static Run watch(WatchCommand.Plan plan, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = Main.commandLine(new Main(new ByteArrayInputStream(new byte[0]), noMachine(), Terminal.NONE),
        new WatchCommand(plan));
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    List<String> all = new ArrayList<>(List.of("watch"));
    all.addAll(List.of(args));
    int status = cmd.execute(all.toArray(String[]::new));
    return new Run(status, out.toString(), err.toString());
  }

  /**
   * A watch of standard input only: no kernel log device, no journal, no facts, no signal handling, and the
   * default pace.
   *
   * @param stdin what {@code -} reads
   * @return the plan
   */
  static WatchCommand.Plan watchStdin(InputStream stdin) {
    return watchPlan(stdin, Path.of("/nonexistent/kmsg"), () -> false);
  }

  /**
   * A watch of a kernel log device given (a file of records, here) and a journal present or not.
   *
   * @param stdin what {@code -} reads
   * @param kmsg the device
   * @param journald whether journald runs (the journal's command is not there: it fails when run)
   * @return the plan
   */
  static WatchCommand.Plan watchPlan(InputStream stdin, Path kmsg, java.util.function.BooleanSupplier journald) {
    return new WatchCommand.Plan(
        framing -> new KmsgFeed(kmsg, List.of("dd", "iflag=nonblock", "bs=16384", "status=none"), framing,
            p -> java.nio.channels.FileChannel.open(p)),
        List.of("/nonexistent/journalctl", "-f", "-o", "json", "--no-pager"), journald, Duration.ofSeconds(30),
        () -> HostFacts.NONE, stdin, Terminal.NONE, false, Watch.Settings.DEFAULT);
  }

  /**
   * Runs the shaded jar as users run it, {@code java -jar target/whokilled.jar ARGS}, in a process of its own.
   *
   * @param workDir its working directory, where its standard input, output and error are kept too
   * @param args the command line
   * @return its exit status, output and error output
   * @throws IOException if it cannot be started or its output read
   * @throws InterruptedException if interrupted while waiting for it
   */
  static Run jar(Path workDir, String... args) throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("whokilled.jar", "target/whokilled.jar")).toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError("no shaded jar at " + jar + "; run 'verify'");
    }
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
    command.addAll(List.of(args));
    Path in = workDir.resolve(".stdin");
    Path out = workDir.resolve(".stdout");
    Path err = workDir.resolve(".stderr");
    if (!Files.exists(in)) {
      Files.write(in, new byte[0]);
    }
    Process p = new ProcessBuilder(command)
        .directory(workDir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(in.toFile()))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("whokilled " + String.join(" ", args) + " did not finish in 60 s");
    }
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** A machine with none of the usual logs, so that no test reads the real machine by accident. */
  static MachineSources noMachine() {
    return new MachineSources(new MachineSources.Plan(
        List.of("/nonexistent/dmesg", "-r"), List.of("/nonexistent/journalctl"), List.of(), List.of(),
        () -> HostFacts.NONE));
  }

  /**
   * How often a pattern matches in a text.
   *
   * @param text the text, such as a page
   * @param regex the pattern
   * @return the count
   */
  static int count(String text, String regex) {
    return (int) java.util.regex.Pattern.compile(regex).matcher(text).results().count();
  }

  /**
   * Reads a JSON document from bytes, strictly: they must be UTF-8 (RFC 8259), and nothing may follow the value.
   *
   * @param json the bytes
   * @return the value, as {@link #parse(String)} gives it
   */
  static Object parse(byte[] json) {
    try (JsonParser p = new JsonFactory().createParser(json)) {
      p.nextToken();
      Object value = value(p);
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("more after the value");
      }
      return value;
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
  }

  /** Reads a JSON text into maps (keys in order), lists, strings, numbers ({@code BigDecimal}), null. */
  static Object parse(String json) {
    try (JsonParser p = new JsonFactory().createParser(json)) {
      p.nextToken();
      Object value = value(p);
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("more after the value: " + json);
      }
      return value;
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + json, e);
    }
  }

  private static Object value(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT: {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          m.put(name, value(p));
        }
        return m;
      }
      case START_ARRAY: {
        List<Object> l = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          l.add(value(p));
        }
        return l;
      }
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return p.getDecimalValue();
      case VALUE_TRUE:
        return true;
      case VALUE_FALSE:
        return false;
      case VALUE_NULL:
        return NULL;
      default:
        throw new IllegalArgumentException("unexpected " + t);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> array(Object o) {
    return (List<Object>) o;
  }
}
