package dev.whokilled.cli;

import dev.whokilled.Analyzer;
import dev.whokilled.Death;
import dev.whokilled.Session;
import dev.whokilled.framing.Framing;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * Runs the analysis once on real records, on a background thread, while the watch waits for its first line: the
 * first death is then told as fast as the later ones. Cold, the classes and patterns a kernel OOM report needs
 * (framing, the OOM and crash parsers, correlation, classification, the output) take some hundreds of milliseconds
 * to load and initialise, which a watch that promises a death within a second cannot spend when the death comes.
 *
 * <p>The records are {@code warmup.kmsg} beside this class: 86 records read from the project VM's
 * {@code /dev/kmsg} (Linux 6.18.44, cgroup v1), a memory cgroup OOM report of {@code tail} in a 64 MiB cgroup
 * (header, call trace, memcg statistics, task table, {@code oom-kill:} and kill lines), then a divide error, two
 * segfaults with their {@code Code:} lines, an invalid opcode and an int3. The tests read them too.
 */
final class Warmup {

  /** The records, a resource beside this class. */
  static final String RECORDS = "warmup.kmsg";

  private Warmup() {}

  /**
   * The records.
   *
   * @return their lines, as {@code /dev/kmsg} gives them
   */
  static List<String> records() {
    try (InputStream in = Warmup.class.getResourceAsStream(RECORDS)) {
      if (in == null) {
        return List.of();
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /**
   * Starts the warm-up: a session of its own (the analyzer is shared; sessions are not), its deaths written to an
   * output that discards them.
   *
   * @param analyzer the watch's analyzer
   * @param kmsg the framing of the kernel's records
   * @param output makes an output like the watch's, writing where it is told
   * @return the thread, a daemon
   */
  static Thread start(Analyzer analyzer, Framing kmsg, Function<PrintWriter, Watch.Output> output) {
    Thread t = new Thread(() -> {
      Watch.Output out = output.apply(new PrintWriter(Writer.nullWriter()));
      Session session = analyzer.newSession();
      Session.Source source = session.source("warmup", kmsg);
      for (String line : records()) {
        source.accept(line);
      }
      for (Death d : session.report().deaths()) {
        out.death(d, false);
      }
    }, "whokilled-warmup");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
    return t;
  }
}
