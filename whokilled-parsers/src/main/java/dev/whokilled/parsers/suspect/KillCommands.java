package dev.whokilled.parsers.suspect;

import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.parsers.text.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a command line as a shell would run it, for the kill commands in it: {@code kill}, {@code pkill} and
 * {@code killall}, alone or after {@code sudo}, {@code command} or {@code exec}, anywhere in a line of commands
 * joined by {@code ;}, {@code &&}, {@code ||} or {@code |}. {@code kill} names pids (a job spec such as {@code %1},
 * or a process group {@code -1234}, names none that can be matched); {@code pkill} and {@code killall} name
 * processes by name. The signal is read from {@code -9}, {@code -KILL}, {@code -SIGKILL}, {@code -s KILL},
 * {@code -n 9} and {@code --signal KILL}; without one, it is {@code SIGTERM}; {@code kill -0} sends none and names
 * no target.
 */
final class KillCommands {

  private static final Set<String> COMMANDS = Set.of("kill", "pkill", "killall");
  /** Options of pkill and killall that take a value. */
  private static final Set<String> VALUED = Set.of("-u", "-U", "-g", "-G", "-P", "-t", "-F", "-o", "-y", "-Z",
      "--euid", "--uid", "--group", "--pgroup", "--parent", "--session", "--terminal", "--pidfile", "--ns",
      "--nslist", "--older-than", "--younger-than", "--context", "--user");

  /** What joins commands in a line: {@code &&}, {@code ||}, {@code ;}, {@code |}. */
  private static final Pattern SEPARATORS = Pattern.compile("&&|\\|\\||;|\\|");
  private static final Pattern BLANKS = Pattern.compile("[ \t]+");

  private KillCommands() {}

  /**
   * A process a kill command names, and the signal it sends.
   *
   * @param victim the pid, or the name ({@code pkill}, {@code killall})
   * @param signal the signal
   */
  record Target(ProcessRef victim, Signal signal) {}

  /**
   * The targets of every kill command in a command line.
   *
   * @param line the command line
   * @return the targets, in order; empty when it kills nothing it names
   */
  static List<Target> targets(String line) {
    if (line.indexOf("kill") < 0) {
      return List.of(); // most cron and history lines: no kill, pkill or killall, so nothing to split
    }
    List<Target> out = new ArrayList<>();
    for (String command : SEPARATORS.split(line)) {
      read(command.strip(), out);
    }
    return out;
  }

  private static void read(String command, List<Target> out) {
    if (command.indexOf("kill") < 0) {
      return; // the line's other commands
    }
    String[] w = BLANKS.split(command);
    int i = 0;
    while (i < w.length && (w[i].equals("sudo") || w[i].equals("command") || w[i].equals("exec")
        || w[i].equals("builtin") || i > 0 && w[i - 1].equals("sudo") && w[i].startsWith("-"))) {
      i += w[i].equals("-u") && i > 0 && w[i - 1].equals("sudo") ? 2 : 1;
    }
    if (i >= w.length) {
      return;
    }
    String name = w[i].substring(w[i].lastIndexOf('/') + 1);
    if (!COMMANDS.contains(name)) {
      return;
    }
    boolean byName = !name.equals("kill");
    Signal signal = null;
    boolean probe = false;
    List<String> targets = new ArrayList<>();
    boolean options = true;
    for (int k = i + 1; k < w.length; k++) {
      String a = w[k];
      if (options && a.equals("--")) {
        options = false;
      } else if (options && (a.equals("-s") || a.equals("-n") || a.equals("--signal")) && k + 1 < w.length) {
        probe |= w[k + 1].equals("0");
        signal = Text.signal(w[++k]);
      } else if (options && a.startsWith("--signal=")) {
        probe |= a.equals("--signal=0");
        signal = Text.signal(a.substring(9));
      } else if (options && a.equals("-0")) {
        probe = true;
      } else if (options && byName && VALUED.contains(a)) {
        k++;
      } else if (options && a.startsWith("-") && a.length() > 1) {
        Signal s = Text.signal(a.substring(1));
        if (s != null) {
          signal = s;
        }
      } else if (!a.isEmpty()) {
        targets.add(a);
      }
    }
    if (probe) {
      return; // kill -0 only asks whether the process exists
    }
    for (String target : targets) {
      ProcessRef victim;
      if (byName) {
        victim = ProcessRef.of(null, target);
      } else {
        Long pid = Text.digits(target, 0, target.length());
        if (pid == null || pid <= 0) {
          continue; // %1, -1234, $PID: nothing to match
        }
        victim = ProcessRef.of(pid, null);
      }
      out.add(new Target(victim, signal == null ? Signal.SIGTERM : signal));
    }
  }
}
