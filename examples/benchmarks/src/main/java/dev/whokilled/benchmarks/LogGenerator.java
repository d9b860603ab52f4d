package dev.whokilled.benchmarks;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a large, dense {@code dmesg} log made of real captured kernel output: kernel noise (this VM's, and a public
 * server's boot: some 340 different lines), with a full OOM report (this VM's memory cgroup report, or a public global
 * one) or a segfault line (this VM's, or a public one) every ~500 lines, each death with a fresh pid, name and time.
 * Also writes the list of the deaths it wrote, one {@code pid name cause} line each, for the benchmark to compare with
 * what whokilled reports.
 *
 * <p>{@code java -cp benchmarks.jar dev.whokilled.benchmarks.LogGenerator SIZE LOG DEATHS [SEED]}, with SIZE such as
 * {@code 1g}, {@code 100m}. The same seed writes the same bytes.
 */
public final class LogGenerator {

  /** Lines of noise between two deaths: 400 to 600. */
  static final int MIN_GAP = 400;
  static final int MAX_GAP = 600;

  private static final Pattern TIME = Pattern.compile("^\\[ *\\d+\\.\\d+\\] ");

  /** One kind of death: its template lines (messages, without time), and the pid and name they name. */
  record Template(String cause, List<String> messages, String pid, String name) {}

  /** A death written: the victim and the cause whokilled should give. */
  record Death(long pid, String name, String cause) {
    String line() {
      return pid + " " + name + " " + cause;
    }
  }

  private final List<String> noise;
  private final Template memcg;
  private final Template global;
  private final List<Template> segfaults;
  private final SplittableRandom random;
  private long pid = 3000;
  private long micros = 5_000_000;
  private int named;

  LogGenerator(long seed) {
    List<String> noise = new ArrayList<>(messages(read("noise-vm.txt")));
    noise.addAll(messages(read("noise-server.txt")));
    this.noise = noise;
    Template memcg = template("cgroup-oom", read("oom-memcg-vm.txt"), "15304", "tail");
    Template global = template("kernel-oom", read("oom-global-openeuler.txt"), "5532", "a.out");
    this.memcg = memcg;
    this.global = global;
    List<Template> faults = new ArrayList<>();
    for (String s : read("segfaults.txt")) {
      Matcher m = Pattern.compile("\\] (\\S+)\\[(\\d+)\\]: segfault at").matcher(s);
      if (m.find()) {
        faults.add(new Template("crash-segfault", List.of(message(s)), m.group(2), m.group(1)));
      }
    }
    this.segfaults = faults;
    this.random = new SplittableRandom(seed);
  }

  private static List<String> read(String resource) {
    try (InputStream in = Objects.requireNonNull(LogGenerator.class.getResourceAsStream(resource), resource)) {
      List<String> lines = new ArrayList<>();
      for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1)) {
        if (!l.startsWith("#") && !l.isEmpty()) {
          lines.add(l);
        }
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String message(String line) {
    Matcher m = TIME.matcher(line);
    return m.find() ? line.substring(m.end()) : line;
  }

  private static List<String> messages(List<String> lines) {
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      out.add(message(l));
    }
    return out;
  }

  private static Template template(String cause, List<String> lines, String pid, String name) {
    return new Template(cause, messages(lines), pid, name);
  }

  /**
   * Writes about {@code size} bytes of log.
   *
   * @param size bytes to write, at least
   * @param log where
   * @return the deaths written, in order
   * @throws IOException if writing fails
   */
  List<Death> write(long size, OutputStream log) throws IOException {
    List<Death> written = new ArrayList<>();
    long bytes = 0;
    while (bytes < size) {
      int gap = MIN_GAP + random.nextInt(MAX_GAP - MIN_GAP + 1);
      for (int i = 0; i < gap; i++) {
        bytes += line(log, noise.get(random.nextInt(noise.size())));
      }
      // half memory cgroup OOM reports, a quarter global ones, a quarter segfaults
      int kind = random.nextInt(4);
      Template t = kind < 2 ? memcg : kind == 2 ? global : segfaults.get(random.nextInt(segfaults.size()));
      pid += 1 + random.nextInt(97);
      String name = name();
      for (String m : t.messages()) {
        bytes += line(log, replace(m, t, pid, name));
      }
      written.add(new Death(pid, name, t.cause()));
    }
    return written;
  }

  /** A fresh process name of 5 to 15 characters, as the kernel's comm holds. */
  private String name() {
    String[] stems = {"java", "python3", "node", "postgres", "nginx", "worker", "celery", "ruby", "php-fpm", "redis"};
    String stem = stems[random.nextInt(stems.length)];
    String n = stem + "-" + Integer.toString(++named, 36);
    return n.length() > 15 ? n.substring(0, 15) : n;
  }

  /** The template's victim pid and name replaced, as whole words. */
  private static String replace(String m, Template t, long pid, String name) {
    String out = m.replaceAll("(?<![\\w.])" + Pattern.quote(t.pid()) + "(?![\\w.])", Long.toString(pid));
    return out.replaceAll("(?<![\\w.-])" + Pattern.quote(t.name()) + "(?![\\w-])", Matcher.quoteReplacement(name));
  }

  private long line(OutputStream out, String message) throws IOException {
    micros += random.nextInt(2000);
    long s = micros / 1_000_000;
    long us = micros % 1_000_000;
    byte[] b = String.format(Locale.ROOT, "[%5d.%06d] %s%n", s, us, message).getBytes(StandardCharsets.UTF_8);
    out.write(b);
    return b.length;
  }

  /**
   * Writes a log and its deaths.
   *
   * @param args SIZE (1g, 100m, 500k) LOG DEATHS [SEED]
   * @throws IOException if writing fails
   */
  public static void main(String... args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: LogGenerator SIZE LOG DEATHS [SEED]");
      System.exit(2);
    }
    long size = size(args[0]);
    long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
    List<Death> deaths;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(Path.of(args[1])), 1 << 20)) {
      deaths = new LogGenerator(seed).write(size, out);
    }
    List<String> lines = new ArrayList<>();
    for (Death d : deaths) {
      lines.add(d.line());
    }
    Files.write(Path.of(args[2]), lines, StandardCharsets.UTF_8);
    System.out.printf(Locale.ROOT, "%s: %d bytes, %d deaths (seed %d)%n", args[1], Files.size(Path.of(args[1])),
        deaths.size(), seed);
  }

  static long size(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    long unit = 1;
    if (t.endsWith("g")) {
      unit = 1L << 30;
    } else if (t.endsWith("m")) {
      unit = 1L << 20;
    } else if (t.endsWith("k")) {
      unit = 1L << 10;
    }
    String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
    return Long.parseLong(digits) * unit;
  }
}
