package dev.whokilled.cli;

import dev.whokilled.Session;
import dev.whokilled.cli.Analysis.SourceRead;
import dev.whokilled.facts.HostFacts;
import dev.whokilled.procfs.Procfs;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * This machine's logs, for a run without FILE arguments: the kernel ring buffer, the journal's records of the
 * kernel, service managers, systemd-coredump, userspace memory killers and container runtimes (dockerd, containerd,
 * the kubelet), the classic syslog files and the audit
 * log, each only when present. A source that is there but cannot be read is a warning; the
 * others are read all the same.
 *
 * <p>The kernel ring buffer is read by running {@code dmesg -r}, not by opening {@code /dev/kmsg}. Java cannot
 * open {@code /dev/kmsg} with {@code O_NONBLOCK}, so a read at the end of the buffer blocks until the kernel
 * logs something new; the alternative, a reader thread given up after some quiet time, races (a slow or busy
 * machine stops it early, an idle one costs the wait every run) and leaks a blocked thread and descriptor.
 * {@code dmesg} (util-linux and BusyBox) reads {@code /dev/kmsg} or {@code syslog(2)} without blocking to the
 * current end and exits; {@code -r} keeps the {@code <priority>} prefix, whose facility proves that a record
 * came from the kernel and not from a process writing to {@code /dev/kmsg}.
 */
final class MachineSources {

  /** The longest a command may run before it is stopped (a journal on a hung disk must not hang us). */
  private static final Duration COMMAND_LIMIT = Duration.ofMinutes(5);
  private static final int MAX_STDERR = 4096;
  private static final String NO_JOURNAL = "No journal files were found";

  /**
   * Where this machine's logs are.
   *
   * @param dmesg the command that prints the kernel ring buffer with priority prefixes
   * @param journal the command that prints the journal's records of the witnesses of a death
   * @param journalDirs the journal is read only when one of these exists
   * @param files log files read when present
   * @param facts reads what {@code /proc} and {@code /sys/fs/cgroup} show: the boot time, the processes, their
   *     memory cgroups
   */
  record Plan(List<String> dmesg, List<String> journal, List<Path> journalDirs, List<Path> files,
      Supplier<HostFacts> facts) {

    /**
     * Copies the lists.
     *
     * @param dmesg the kernel ring buffer's command
     * @param journal the journal's command
     * @param journalDirs where a journal may be
     * @param files the log files
     * @param facts the reader of the machine's facts
     */
    Plan {
      dmesg = List.copyOf(dmesg);
      journal = List.copyOf(journal);
      journalDirs = List.copyOf(journalDirs);
      files = List.copyOf(files);
    }

    /**
     * The places of a usual Linux machine.
     *
     * @return the plan
     */
    static Plan live() {
      return new Plan(
          List.of("dmesg", "-r"),
          // the current boot's records of the witnesses of a death (-b is ANDed with all of the matches);
          // earlier boots are in the syslog files below
          concat(List.of("journalctl", "-b", "-o", "json", "--no-pager"), journalMatches(true)),
          List.of(Path.of("/var/log/journal"), Path.of("/run/log/journal")),
          List.of(Path.of("/var/log/kern.log"), Path.of("/var/log/messages"), Path.of("/var/log/syslog"),
              Path.of("/var/log/audit/audit.log")),
          () -> Procfs.live().facts());
    }
  }

  /**
   * The {@code journalctl} matches of the journal's witnesses of a death: service managers (system and user),
   * systemd-coredump, the userspace memory killers, container runtimes, and, when asked, the kernel ({@code +} is
   * OR).
   *
   * @param kernel whether the kernel's records are wanted too (not when {@code /dev/kmsg} gives them)
   * @return the matches, as arguments
   */
  static List<String> journalMatches(boolean kernel) {
    List<String> matches = new ArrayList<>();
    if (kernel) {
      matches.add("_TRANSPORT=kernel");
    }
    for (String id : List.of("systemd", "systemd-coredump", "systemd-oomd", "earlyoom", "oomd", "dockerd",
        "containerd", "kubelet")) {
      if (!matches.isEmpty()) {
        matches.add("+");
      }
      matches.add("SYSLOG_IDENTIFIER=" + id);
    }
    return matches;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private final Plan plan;

  /**
   * Reads the sources of a plan.
   *
   * @param plan where the logs are
   */
  MachineSources(Plan plan) {
    this.plan = plan;
  }

  /**
   * What this machine shows of itself now: its boot time ({@code btime} of {@code /proc/stat}, to turn the kernel's
   * time since boot into wall-clock time) and boot id, every process's facts and their memory cgroups. Never
   * throws: without {@code /proc} (not Linux) nothing is known, and times since boot stay times since boot.
   *
   * @return the facts
   */
  HostFacts facts() {
    return plan.facts().get();
  }

  /**
   * Reads every source present into the session.
   *
   * @param session the session
   * @param warn receives one message, a sentence without a final period, per source that is there but could
   *     not be read (in full)
   * @param progress counts what is read, for a progress bar
   * @return the sources read
   */
  List<SourceRead> read(Session session, Consumer<String> warn, Progress progress) {
    List<SourceRead> read = new ArrayList<>();
    if (onPath(plan.dmesg().get(0)) == null) {
      warn.accept("cannot read the kernel ring buffer: " + plan.dmesg().get(0) + " not found");
    } else {
      run("dmesg", plan.dmesg(), session, read, warn, progress);
    }
    if (onPath(plan.journal().get(0)) != null && plan.journalDirs().stream().anyMatch(Files::isDirectory)) {
      run("journal", plan.journal(), session, read, warn, progress);
    }
    for (Path file : plan.files()) {
      if (!Files.exists(file)) {
        continue;
      }
      Path fileName = file.getFileName();
      String name = fileName == null ? file.toString() : fileName.toString();
      try (InputStream in = progress.track(file.toString(), Files.newInputStream(file), Files.size(file))) {
        session.read(name, in);
        read.add(new SourceRead(name, file.toString(), session.source(name).lines()));
      } catch (IOException e) {
        warn.accept("cannot read " + file + ": " + Inputs.reason(e));
      }
    }
    return read;
  }

  /** Runs a command and reads what it prints on stdout as the named source. */
  private static void run(String name, List<String> command, Session session, List<SourceRead> read,
      Consumer<String> warn, Progress progress) {
    String shown = String.join(" ", command);
    Process p;
    try {
      p = new ProcessBuilder(command).start();
    } catch (IOException e) {
      warn.accept("cannot run " + shown + ": " + Inputs.reason(e));
      return;
    }
    CompletableFuture.runAsync(
        p::destroyForcibly,
        CompletableFuture.delayedExecutor(COMMAND_LIMIT.toSeconds(), TimeUnit.SECONDS));
    StderrTail stderr = new StderrTail(p.getErrorStream());
    stderr.start();
    IOException failed = null;
    try {
      p.getOutputStream().close();
      try (InputStream in = progress.track(command.get(0), p.getInputStream(), -1)) {
        session.read(name, in);
      }
    } catch (IOException e) {
      failed = e;
    }
    int status;
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      status = p.waitFor();
      stderr.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      warn.accept(shown + " interrupted");
      return;
    }
    long lines = session.source(name).lines();
    String error = stderr.firstLine();
    if (error.contains(NO_JOURNAL)) {
      return; // a journal directory without journal files: nothing to read, nothing wrong
    }
    if (failed != null) {
      warn.accept("cannot read the output of " + shown + ": " + Inputs.reason(failed));
    } else if (status != 0) {
      warn.accept(shown + " failed (exit status " + status + ")" + (error.isEmpty() ? "" : ": " + error));
    } else if (!error.isEmpty()) {
      // such as journalctl's "you are currently not seeing messages from other users and the system"
      warn.accept(shown + ": " + error);
    }
    if (lines > 0 || failed == null && status == 0) {
      read.add(new SourceRead(name, shown, lines));
    }
  }

  /**
   * The executable a command name runs: the name itself when it holds a slash, else the first match on
   * {@code PATH}.
   *
   * @param command the command name, or a path
   * @return the executable, or {@code null} when there is none
   */
  static @Nullable Path onPath(String command) {
    if (command.contains("/")) {
      Path p = Path.of(command);
      return Files.isExecutable(p) ? p : null;
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path p = Path.of(dir, command);
        if (Files.isRegularFile(p) && Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }

  /** Drains a command's stderr (so it cannot block on a full pipe) and keeps its start for messages. */
  private static final class StderrTail extends Thread {
    private final InputStream in;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

    StderrTail(InputStream in) {
      super("whokilled-stderr");
      setDaemon(true);
      this.in = in;
    }

    @Override
    public void run() {
      byte[] buf = new byte[8192];
      try (in) {
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
          synchronized (kept) {
            kept.write(buf, 0, Math.min(n, Math.max(0, MAX_STDERR - kept.size())));
          }
        }
      } catch (IOException e) {
        // the process is gone; what was kept is all there is
      }
    }

    /** The first non-blank line the command wrote on stderr, stripped, or empty. */
    String firstLine() {
      String all;
      synchronized (kept) {
        all = kept.toString(StandardCharsets.UTF_8);
      }
      return all.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    }
  }
}
