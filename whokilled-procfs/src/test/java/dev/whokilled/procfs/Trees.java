package dev.whokilled.procfs;

import dev.whokilled.facts.Rlimit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The captured trees under {@code src/test/resources/trees}, and a writer of small synthetic ones. */
final class Trees {

  private Trees() {}

  static Path path(String name) {
    URL url = Trees.class.getResource("/trees/" + name);
    if (url == null) {
      throw new AssertionError("no tree " + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  static Procfs at(String name) {
    return Procfs.at(path(name));
  }

  /** Writes a file of a synthetic tree, creating its directories. */
  static Path write(Path root, String relative, String text) {
    return write(root, relative, text.getBytes(StandardCharsets.UTF_8));
  }

  static Path write(Path root, String relative, byte[] bytes) {
    try {
      Path p = root.resolve(relative);
      Files.createDirectories(p.getParent());
      Files.write(p, bytes);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A process with the files the kernel would show, in a synthetic tree. */
  static void process(Path root, long pid, String name, String state, int oomScore, int oomScoreAdj, long flags,
      String memoryCgroup) {
    String dir = "proc/" + pid + "/";
    write(root, dir + "status", "Name:\t" + StatusFile.escape(name) + "\nState:\t" + state + " (x)\nPPid:\t1\n"
        + "Uid:\t1000\t1000\t1000\t1000\nVmRSS:\t    1024 kB\nSigPnd:\t0000000000000000\nShdPnd:\t0000000000000000\n"
        + "SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\nSigCgt:\t0000000000004000\n");
    write(root, dir + "stat", pid + " (" + name + ") " + state + " 1 " + pid + " " + pid + " 0 -1 " + flags
        + " 0 0 0 0 0 0 0 0 20 0 1 0 500 0 0 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n");
    write(root, dir + "oom_score", oomScore + "\n");
    write(root, dir + "oom_score_adj", oomScoreAdj + "\n");
    write(root, dir + "cgroup", "0::" + memoryCgroup + "\n");
    write(root, dir + "cmdline", name + "\0");
    write(root, dir + "limits", LIMITS_HEADER + limitsRow(Rlimit.CORE, "0", "unlimited"));
  }

  /** The header of {@code /proc/PID/limits}, as {@code proc_pid_limits} (fs/proc/base.c) writes it. */
  static final String LIMITS_HEADER = "Limit                     Soft Limit           Hard Limit           Units     \n";

  /**
   * A row of {@code /proc/PID/limits}, as {@code proc_pid_limits} writes it: {@code "%-25s %-20s "} (the label, the
   * soft limit), {@code "%-20s "} (the hard limit), then {@code "%-10s\n"} (the unit), or only {@code "\n"} for the
   * limits without a unit (the nice and real-time priorities).
   *
   * @param limit the row
   * @param soft {@code unlimited}, or an unsigned decimal number
   * @param hard the same
   * @return the row, with its line break
   */
  static String limitsRow(Rlimit limit, String soft, String hard) {
    String row = String.format(Locale.ROOT, "%-25s %-20s %-20s ", limit.label(), soft, hard);
    return limit.unit().isEmpty() ? row + "\n" : row + String.format(Locale.ROOT, "%-10s\n", limit.unit());
  }
}
