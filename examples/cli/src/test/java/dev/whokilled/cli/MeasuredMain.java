package dev.whokilled.cli;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import picocli.CommandLine;

/**
 * The command as {@code java -jar whokilled.jar} runs it, in a JVM of its own, for {@link HostileInputIT}: first
 * once on a small warm-up file (so that class loading and the first compilations are not measured), then on the
 * arguments, with the CPU time of that run printed last on standard error as {@code cpu-ns N}. CPU time of the one
 * thread that reads, not wall time: it does not grow when a busy machine gives the process less of its cores.
 */
final class MeasuredMain {

  private MeasuredMain() {}

  /**
   * Runs the command.
   *
   * @param args the warm-up file, then the command's arguments
   */
  public static void main(String... args) {
    PrintWriter devNull = new PrintWriter(OutputStream.nullOutputStream());
    CommandLine warm = Main.commandLine(new Main());
    warm.setOut(devNull);
    warm.setErr(devNull);
    warm.execute("--json", args[0]);

    CommandLine cmd = Main.commandLine(new Main());
    cmd.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
    cmd.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadCpuTime();
    int status = cmd.execute(Arrays.copyOfRange(args, 1, args.length));
    long cpu = threads.getCurrentThreadCpuTime() - before;
    cmd.getOut().flush();
    cmd.getErr().println("cpu-ns " + cpu);
    cmd.getErr().flush();
    System.exit(status);
  }
}
