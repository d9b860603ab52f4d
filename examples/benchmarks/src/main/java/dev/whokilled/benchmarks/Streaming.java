package dev.whokilled.benchmarks;

import dev.whokilled.KillForensics;
import dev.whokilled.Report;
import dev.whokilled.Session;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The streaming API as a live {@code /dev/kmsg} reader uses it: one line at a time into
 * {@link Session.Source#accept(String)}. Measures the time each line takes, and for each line that ends a death (a
 * kill or segfault line) the time from that line in to the death being in {@link Session#report()}.
 *
 * <p>{@code java -cp benchmarks.jar dev.whokilled.benchmarks.Streaming LOG [LINES]}
 */
public final class Streaming {

  private Streaming() {}

  /**
   * Streams the first {@code max} lines of a log; twice, the first to warm up.
   *
   * @param log the log
   * @param max how many lines
   * @return one line of figures
   * @throws IOException if the log cannot be read
   */
  static String measure(Path log, int max) throws IOException {
    measureOnce(log, max);
    return measureOnce(log, max);
  }

  private static String measureOnce(Path log, int max) throws IOException {
    Session session = KillForensics.builder().build().newSession();
    Session.Source kmsg = session.source("kmsg");
    long[] perLine = new long[max];
    long[] perDeath = new long[max];
    int n = 0;
    int d = 0;
    int deaths = 0;
    try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null && n < max; line = in.readLine()) {
        boolean ends = line.contains("Killed process") || line.contains("segfault at");
        long t0 = System.nanoTime();
        kmsg.accept(line);
        long t1 = System.nanoTime();
        perLine[n++] = t1 - t0;
        if (ends) {
          Report r = session.report();
          long t2 = System.nanoTime();
          perDeath[d++] = t2 - t0;
          deaths = r.deaths().size();
        }
      }
    }
    long[] a = Arrays.copyOf(perLine, n);
    long[] b = Arrays.copyOf(perDeath, d);
    Arrays.sort(a);
    Arrays.sort(b);
    return String.format(Locale.ROOT, "streaming %d lines one at a time: per line median %.1f us, p99 %.1f us, "
        + "max %.1f us; line in to death in report() (%d deaths, %d in the last report): median %.1f us, "
        + "p99 %.1f us, max %.1f us", n, q(a, 0.5), q(a, 0.99), q(a, 1), d, deaths, q(b, 0.5), q(b, 0.99),
        q(b, 1));
  }

  private static double q(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.min(sorted.length - 1, Math.round(p * (sorted.length - 1)));
    return sorted[i] / 1000.0;
  }

  /**
   * Prints the figures.
   *
   * @param args LOG [LINES]
   * @throws IOException if the log cannot be read
   */
  public static void main(String... args) throws IOException {
    System.out.println(measure(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 200_000));
  }
}
