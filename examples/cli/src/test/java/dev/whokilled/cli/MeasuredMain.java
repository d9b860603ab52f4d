package dev.whokilled.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * The command as {@code java -jar whokilled.jar --json FILE} runs it, in a JVM of its own, for {@link HostileInputIT}:
 * first once on a small warm-up file (so that class loading and the first compilations are not measured), then on
 * each FILE in turn, each alone, its document written to {@code FILE.json} and its messages to {@code FILE.err}, and
 * one line on standard output per FILE: {@code STATUS CPU-NANOS}. CPU time of the one thread that reads, not wall
 * time: it does not grow when a busy machine gives the process less of its cores.
 */
final class MeasuredMain {

  private MeasuredMain() {}

  /**
   * Runs the command.
   *
   * @param args the warm-up file, then the files
   * @throws IOException if an output cannot be written
   */
  public static void main(String... args) throws IOException {
    PrintWriter devNull = new PrintWriter(OutputStream.nullOutputStream());
    CommandLine warm = Main.commandLine(new Main());
    warm.setOut(devNull);
    warm.setErr(devNull);
    warm.execute("--json", args[0]);

    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    PrintWriter results = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    for (int i = 1; i < args.length; i++) {
      Path file = Path.of(args[i]);
      StringWriter err = new StringWriter();
      try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[i] + ".json")))) {
        CommandLine cmd = Main.commandLine(new Main());
        cmd.setOut(out);
        cmd.setErr(new PrintWriter(err));
        long before = threads.getCurrentThreadCpuTime();
        int status = cmd.execute("--json", file.toString());
        long cpu = threads.getCurrentThreadCpuTime() - before;
        results.println(status + " " + cpu);
      }
      Files.writeString(Path.of(args[i] + ".err"), err.toString());
    }
  }
}
