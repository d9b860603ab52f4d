package dev.whokilled.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole-file benchmark of issue 7: {@code whokilled --json} against
 * {@code grep -c -E 'Killed process|segfault at|invoked oom-killer|killed by SIG'} on the same file, alternating,
 * several rounds; prints each time, the medians and their ratio, the heap whokilled used (from its GC log), and
 * whether the deaths it reported are the deaths the generator wrote.
 *
 * <pre>
 * java -cp benchmarks.jar dev.whokilled.benchmarks.WholeFile LOG DEATHS COMMAND... [-- ROUNDS]
 * </pre>
 *
 * <p>COMMAND is how to run whokilled, such as {@code java -Xmx64m -jar examples/cli/target/whokilled.jar} or
 * {@code examples/cli/target/whokilled -J-Xmx64m}; {@code --json LOG} is appended.
 */
public final class WholeFile {

  private static final String PATTERN = "Killed process|segfault at|invoked oom-killer|killed by SIG";
  private static final Pattern GC = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

  private WholeFile() {}

  /** One timed run: wall seconds and what it printed. */
  record Run(double seconds, byte[] out) {}

  static Run run(List<String> command, Path out) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(false)
        .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
    long t0 = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(30, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + command);
    }
    double s = (System.nanoTime() - t0) / 1e9;
    if (p.exitValue() != 0 && !command.get(0).equals("grep")) {
      throw new IOException("exit " + p.exitValue() + ": " + command);
    }
    return new Run(s, Files.readAllBytes(out));
  }

  static double median(List<Double> xs) {
    double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }

  /** The deaths of a whokilled/v1 document, as {@code pid name cause}. */
  static Set<String> deaths(byte[] json) throws IOException {
    Set<String> out = new TreeSet<>();
    try (JsonParser p = new JsonFactory().createParser(json)) {
      // deaths[].victim.pid, .victim.name, .cause
      int depth = 0;
      boolean inDeaths = false;
      int deathDepth = -1;
      String field = null;
      String pid = null;
      String name = null;
      String cause = null;
      boolean inVictim = false;
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        switch (t) {
          case START_OBJECT:
          case START_ARRAY:
            depth++;
            if (t == JsonToken.START_ARRAY && depth == 2 && "deaths".equals(field)) {
              inDeaths = true;
            } else if (inDeaths && t == JsonToken.START_OBJECT && depth == 3) {
              deathDepth = depth;
              pid = name = cause = null;
            } else if (inDeaths && deathDepth == 3 && depth == 4 && "victim".equals(field)) {
              inVictim = true;
            }
            field = null;
            break;
          case END_OBJECT:
          case END_ARRAY:
            if (inVictim && depth == 4) {
              inVictim = false;
            } else if (inDeaths && depth == 3 && t == JsonToken.END_OBJECT) {
              out.add(pid + " " + name + " " + cause);
            } else if (inDeaths && depth == 2) {
              inDeaths = false;
            }
            depth--;
            break;
          case FIELD_NAME:
            field = p.currentName();
            break;
          default:
            if (inVictim && depth == 4 && "pid".equals(field)) {
              pid = p.getText();
            } else if (inVictim && depth == 4 && "name".equals(field)) {
              name = p.getText();
            } else if (inDeaths && depth == 3 && "cause".equals(field)) {
              cause = p.getText();
            }
            field = null;
            break;
        }
      }
    }
    return out;
  }

  /**
   * Runs the benchmark.
   *
   * @param args LOG DEATHS COMMAND... [-- ROUNDS]
   * @throws Exception if a run fails
   */
  public static void main(String... args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: WholeFile LOG DEATHS COMMAND... [-- ROUNDS]");
      System.exit(2);
    }
    Path log = Path.of(args[0]);
    Path expected = Path.of(args[1]);
    List<String> rest = new ArrayList<>(Arrays.asList(args).subList(2, args.length));
    int rounds = 5;
    int dash = rest.indexOf("--");
    if (dash >= 0) {
      rounds = Integer.parseInt(rest.get(dash + 1));
      rest = rest.subList(0, dash);
    }
    List<String> whokilled = new ArrayList<>(rest);
    whokilled.add("--json");
    whokilled.add(log.toString());
    List<String> grep = List.of("grep", "-c", "-E", PATTERN, log.toString());
    Path out = Files.createTempFile("whokilled-bench", ".out");
    Path gcLog = Files.createTempFile("whokilled-bench", ".gc");
    boolean differ = false;
    try {
      System.out.printf(Locale.ROOT, "file %s (%.2f GiB); %d cores, %s; java %s%n", log,
          Files.size(log) / (double) (1L << 30), Runtime.getRuntime().availableProcessors(), cpu(),
          System.getProperty("java.version"));
      System.out.println("whokilled: " + String.join(" ", whokilled));
      System.out.println("grep:      " + String.join(" ", grep));
      // warm the page cache, so both read from memory
      Process cat = new ProcessBuilder("cat", log.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      if (cat.waitFor() != 0) {
        throw new IOException("cat " + log + ": exit " + cat.exitValue());
      }
      List<Double> g = new ArrayList<>();
      List<Double> w = new ArrayList<>();
      byte[] last = null;
      for (int r = 1; r <= rounds; r++) {
        Run a = run(grep, out);
        Run b = run(whokilled, out);
        last = b.out();
        g.add(a.seconds());
        w.add(b.seconds());
        System.out.printf(Locale.ROOT, "round %d: grep %.3f s (%s matching lines), whokilled %.3f s%n", r,
            a.seconds(), new String(a.out(), StandardCharsets.UTF_8).trim(), b.seconds());
      }
      double gm = median(g);
      double wm = median(w);
      System.out.printf(Locale.ROOT, "median: grep %.3f s, whokilled %.3f s, ratio whokilled/grep %.2f%n", gm, wm,
          wm / gm);
      heap(whokilled, gcLog, out);
      System.out.println(Streaming.measure(log, 100_000));
      Set<String> reported = deaths(last);
      Set<String> generated = new TreeSet<>(Files.readAllLines(expected, StandardCharsets.UTF_8));
      generated.remove("");
      if (reported.equals(generated)) {
        System.out.printf(Locale.ROOT, "deaths: %d generated, %d reported, the same%n", generated.size(),
            reported.size());
      } else {
        Set<String> missing = new TreeSet<>(generated);
        missing.removeAll(reported);
        Set<String> extra = new TreeSet<>(reported);
        extra.removeAll(generated);
        System.out.printf(Locale.ROOT, "deaths DIFFER: %d generated, %d reported; missing %s; extra %s%n",
            generated.size(), reported.size(), first(missing), first(extra));
        differ = true;
      }
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(gcLog);
    }
    if (differ) {
      System.exit(1); // after the finally: System.exit in the try would leave the temporary files behind
    }
  }

  /** One more run with a GC log: the most heap in use before a collection, and the heap's size. */
  private static void heap(List<String> whokilled, Path gcLog, Path out) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(whokilled);
    int at = cmd.get(0).endsWith("java") ? 1 : -1;
    String flag = "-Xlog:gc:file=" + gcLog + "::filecount=0"; // no rotation: nothing left behind
    if (at > 0) {
      cmd.add(at, flag);
    } else {
      cmd.add(1, "-J" + flag);
    }
    Run r = run(cmd, out);
    long maxUsed = 0;
    long maxLive = 0;
    long maxAfter = 0;
    long maxHeap = 0;
    int collections = 0;
    int full = 0;
    for (String line : Files.readAllLines(gcLog)) {
      Matcher m = GC.matcher(line);
      if (m.find()) {
        collections++;
        maxUsed = Math.max(maxUsed, Long.parseLong(m.group(1)));
        maxAfter = Math.max(maxAfter, Long.parseLong(m.group(2)));
        if (line.contains("Pause Full")) {
          full++;
          maxLive = Math.max(maxLive, Long.parseLong(m.group(2)));
        }
        maxHeap = Math.max(maxHeap, Long.parseLong(m.group(3)));
      }
    }
    // only a full collection tells what is live; without one, the most in use after any is an upper bound
    String live = full > 0 ? String.format(Locale.ROOT, "at most %d MiB live after a full one (%d full)", maxLive, full)
        : String.format(Locale.ROOT, "no full one, at most %d MiB in use after one", maxAfter);
    System.out.printf(Locale.ROOT, "heap: at most %d MiB in use before a collection, %s, heap at most %d MiB, %d "
        + "collections (run of %.3f s with a GC log)%n", maxUsed, live, maxHeap, collections, r.seconds());
  }

  private static String cpu() {
    try (InputStream in = Files.newInputStream(Path.of("/proc/cpuinfo"))) {
      for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (l.startsWith("model name")) {
          return l.substring(l.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      return "cpu unknown";
    }
    return "cpu unknown";
  }

  private static String first(Set<String> s) {
    List<String> l = new ArrayList<>(s);
    return l.size() <= 5 ? l.toString() : l.subList(0, 5) + " and " + (l.size() - 5) + " more";
  }
}
