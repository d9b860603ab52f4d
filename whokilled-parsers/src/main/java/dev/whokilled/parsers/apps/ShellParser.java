package dev.whokilled.parsers.apps;

import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.event.SignalDelivery;
import dev.whokilled.event.SignalDelivery.Reason;
import dev.whokilled.event.Observer;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.framing.Origin;
import dev.whokilled.parsers.text.Text;
import dev.whokilled.spi.EventSink;
import dev.whokilled.spi.KillParser;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads what a shell prints when a job dies of a signal, and the exit statuses that mean one.
 *
 * <p>The forms, all captured from real shells (bash 5.2, zsh 5.9, dash 0.5.12):
 * <ul>
 *   <li>a foreground job, bare: {@code Killed}, {@code Segmentation fault (core dumped)} (bash, dash), in the
 *       C library's language ({@code Getötet}, {@code Erreur de segmentation});
 *   <li>a background job: {@code [1]+  Killed                  python x.py} (bash), {@code [1] + Killed  sleep 1}
 *       (dash), {@code [1]  + 4523 killed     sleep 100} (zsh), after {@code [1] 4523} told the job's pid;
 *   <li>a non-interactive bash: {@code ./run.sh: line 3:  3278 Aborted                 ./crash abrt}, and for
 *       {@code bash -c} {@code bash:  3627 Killed ...} (bash 5.2) or {@code bash: line 1: 3627 Killed ...}
 *       (older), in any language ({@code loc.sh : ligne 2 :  3952 Erreur de segmentation ./crash segv});
 *   <li>zsh: {@code zsh: segmentation fault (core dumped)  ./a.out};
 *   <li>make: {@code make: *** [Makefile:4: k] Killed}, {@code make: *** [Makefile:6: e] Error 137};
 *   <li>exit statuses that mean a signal (128 + N) in phrases that are clearly one: {@code exit status 137},
 *       {@code exited with code 137}, {@code exit code 137}, {@code [1]+  Exit 137  cmd},
 *       {@code returned non-zero exit status -9}, {@code returned a non-zero code: 137}.
 * </ul>
 *
 * <p>These are bare words anyone can print, so they are read only from pasted text and userspace records, never
 * from the kernel's log. Each message is one death: a shell names the process only when it prints the job's
 * pid; otherwise the victim is named by the command it shows (or the command typed at the prompt before a bare
 * message), or left unknown. The {@code Aborted} that follows a JVM's fatal error banner is the JVM's own
 * reaction to the crash the banner reports, so it is not reported again.
 */
final class ShellParser implements KillParser {

  /** Records after a JVM banner during which the shell's abort message belongs to it. */
  private static final int JVM_WINDOW = 400;

  /** Highest job number remembered. */
  private static final int MAX_JOBS = 64;

  private final long[] jobPids = new long[MAX_JOBS + 1];
  private @Nullable String promptComm;
  private int jvmAge = -1;
  private @Nullable Long jvmPid;

  @Override
  public void skipped(long records) {
    if (jvmAge >= 0) {
      jvmAge = (int) Math.min(Integer.MAX_VALUE, jvmAge + records);
      if (jvmAge > JVM_WINDOW) {
        jvmAge = -1;
        jvmPid = null;
      }
    }
  }

  @Override
  public void accept(LogRecord record, EventSink sink) {
    if (jvmAge >= 0 && ++jvmAge > JVM_WINDOW) {
      jvmAge = -1;
      jvmPid = null;
    }
    Origin origin = record.origin();
    if (origin == Origin.KERNEL || origin == Origin.KERNEL_LOG) {
      return;
    }
    String m = record.message();
    if (m.length() > 4096) {
      return;
    }
    jvm(m);
    int start = ShellWords.skipSpaces(m, 0);
    int end = m.length();
    while (end > start && Character.isWhitespace(m.charAt(end - 1))) {
      end--;
    }
    if (start >= end) {
      return;
    }
    String t = m.substring(start, end);
    if (t.charAt(0) == '[' && job(record, t, sink)) {
      return;
    }
    if (t.startsWith("zsh:") && zsh(record, t, sink)) {
      return;
    }
    if (bare(record, t, sink) || make(record, t, sink) || nonInteractive(record, t, sink)
        || exitStatus(record, t, sink)) {
      promptComm = null;
      return;
    }
    prompt(record, t);
  }

  /** Notes a JVM fatal error banner, whose abort follows it. */
  private void jvm(String m) {
    if (m.indexOf("A fatal error has been detected by the Java Runtime Environment") >= 0) {
      jvmAge = 0;
      jvmPid = null;
    } else if (jvmAge >= 0 && m.indexOf(" at pc=") >= 0) {
      int p = m.indexOf(", pid=");
      if (p >= 0) {
        jvmPid = Text.number(m, p + 6);
      }
    }
  }

  /** {@code [1]+  Killed   cmd}, {@code [1] + Killed cmd}, {@code [1]  + 4523 killed  cmd}, {@code [1] 4523}. */
  private boolean job(LogRecord record, String t, EventSink sink) {
    int i = 1;
    while (i < t.length() && t.charAt(i) == ' ') {
      i++;
    }
    int numStart = i;
    while (i < t.length() && ShellWords.isDigit(t.charAt(i)) && i - numStart < 4) {
      i++;
    }
    if (i == numStart || i >= t.length() || t.charAt(i) != ']') {
      return false;
    }
    int job = Integer.parseInt(t.substring(numStart, i));
    i++;
    int afterBracket = i;
    i = ShellWords.skipSpaces(t, i);
    if (i < t.length() && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
      i = ShellWords.skipSpaces(t, i + 1);
    }
    Long pid = null;
    int digits = i;
    while (digits < t.length() && ShellWords.isDigit(t.charAt(digits)) && digits - i < 8) {
      digits++;
    }
    if (digits > i && (digits == t.length() || t.charAt(digits) == ' ')) {
      pid = Long.parseLong(t.substring(i, digits));
      if (digits == t.length()) {
        // "[1] 3722": the shell started job 1 as pid 3722
        if (afterBracket < t.length() && t.charAt(afterBracket) == ' ' && job <= MAX_JOBS && pid > 0) {
          jobPids[job] = pid;
        }
        return true;
      }
      i = ShellWords.skipSpaces(t, digits);
    }
    if (pid == null && job <= MAX_JOBS && jobPids[job] > 0) {
      pid = jobPids[job];
    }
    ShellWords.Found f = ShellWords.description(t, i, false);
    if (f == null) {
      f = ShellWords.description(t, i, true);
    }
    if (f != null) {
      String command = t.substring(f.end());
      forget(job);
      emit(record, victim(pid, command), f.signal(), f.core(), null, sink);
      return true;
    }
    // "[1]+  Exit 137                ( exit 137 )": the job exited with 128 + N
    int word = i;
    while (word < t.length() && t.charAt(word) != ' ') {
      word++;
    }
    Long status = word < t.length() ? Text.number(t, word) : null;
    if (status != null && word - i <= 12 && (t.startsWith("Exit ", i) || t.startsWith("exit ", i))) {
      Signal s = fromStatus(status);
      int after = ShellWords.skipSpaces(t, word);
      while (after < t.length() && ShellWords.isDigit(t.charAt(after))) {
        after++;
      }
      forget(job);
      if (s != null) {
        // the job exited with that status: a process under it died of the signal, not the job's own pid
        emit(record, victim(null, t.substring(after)), s, false, "exit status " + status, sink);
      }
      return true;
    }
    if (t.startsWith("Done", i) || t.startsWith("done", i)) {
      forget(job);
    }
    return false;
  }

  private void forget(int job) {
    if (job <= MAX_JOBS) {
      jobPids[job] = 0;
    }
  }

  /** {@code zsh: killed     python x.py}, {@code zsh: segmentation fault (core dumped)  ./a.out}. */
  private boolean zsh(LogRecord record, String t, EventSink sink) {
    int i = 4;
    if (i < t.length() && ShellWords.isDigit(t.charAt(i))) {
      // "zsh:12: killed ..." from a script
      while (i < t.length() && ShellWords.isDigit(t.charAt(i))) {
        i++;
      }
      if (i >= t.length() || t.charAt(i) != ':') {
        return false;
      }
      i++;
    }
    i = ShellWords.skipSpaces(t, i);
    Long pid = null;
    int digits = i;
    while (digits < t.length() && ShellWords.isDigit(t.charAt(digits)) && digits - i < 8) {
      digits++;
    }
    if (digits > i && digits < t.length() && t.charAt(digits) == ' ') {
      pid = Long.parseLong(t.substring(i, digits));
      i = ShellWords.skipSpaces(t, digits);
    }
    ShellWords.Found f = ShellWords.description(t, i, true);
    if (f == null) {
      return false;
    }
    String command = t.substring(f.end());
    emit(record, victim(pid, command.isBlank() ? null : command), f.signal(), f.core(), null, sink);
    return true;
  }

  /** The whole line is a description: {@code Killed}, {@code Segmentation fault (core dumped)}. */
  private boolean bare(LogRecord record, String t, EventSink sink) {
    if (t.length() > 80) {
      return false;
    }
    ShellWords.Found f = ShellWords.description(t, 0, false);
    if (f == null || f.end() != t.length()) {
      return false;
    }
    int length = t.codePointCount(0, t.length());
    if (!f.core() && (length < 3 || f.signal() == Signal.SIGQUIT && length < 6)) {
      // too short a word to trust alone ("終了" is also "done"; "Quit" is also a command)
      return false;
    }
    ProcessRef victim = ProcessRef.of(null, promptComm);
    emit(record, victim, f.signal(), f.core(), null, sink);
    return true;
  }

  /** {@code make: *** [Makefile:4: k] Killed} and {@code make[2]: *** [x.o] Error 137}. */
  private boolean make(LogRecord record, String t, EventSink sink) {
    int stars = t.indexOf(": *** [");
    if (stars < 0 || stars > 40) {
      return false;
    }
    int close = t.lastIndexOf("] ");
    if (close < stars) {
      return false;
    }
    int at = close + 2;
    ShellWords.Found f = ShellWords.description(t, at, false);
    if (f != null) {
      emit(record, ProcessRef.of(null, null), f.signal(), f.core(), "make: " + t.substring(stars + 6, close + 1),
          sink);
      return true;
    }
    if (t.startsWith("Error ", at)) {
      Long status = Text.number(t, at + 6);
      Signal s = status == null ? null : fromStatus(status);
      if (s != null) {
        emit(record, ProcessRef.of(null, null), s, false, "make: " + t.substring(stars + 6), sink);
        return true;
      }
    }
    return false;
  }

  /**
   * {@code ./run.sh: line 3:  3278 Aborted                 ./crash abrt} and its translations: after a colon
   * (of any width), the pid, one space, the description, the command.
   */
  private boolean nonInteractive(LogRecord record, String t, EventSink sink) {
    int colons = 0;
    for (int k = 0; k < t.length() && colons < 6; k++) {
      char c = t.charAt(k);
      if (c != ':' && c != '\uff1a') {
        continue;
      }
      colons++;
      int i = ShellWords.skipSpaces(t, k + 1);
      int digits = i;
      while (digits < t.length() && ShellWords.isDigit(t.charAt(digits)) && digits - i < 8) {
        digits++;
      }
      if (digits == i || digits >= t.length() || t.charAt(digits) != ' ') {
        continue;
      }
      // bash prints ": " and the pid as %5d (a full-width colon has no space after it)
      int width = digits - (k + 1);
      int numberLength = digits - i;
      int field = c == ':' ? 6 : 5;
      if (width != field && !(numberLength >= field - 1 && width == numberLength + (c == ':' ? 1 : 0))) {
        continue;
      }
      ShellWords.Found f = ShellWords.description(t, digits + 1, false);
      if (f == null) {
        continue;
      }
      long pid = Long.parseLong(t.substring(i, digits));
      if (pid <= 0) {
        continue;
      }
      emit(record, victim(pid, t.substring(f.end())), f.signal(), f.core(), null, sink);
      return true;
    }
    return false;
  }

  /** Exit statuses that mean a signal, in phrases that clearly are one. */
  private boolean exitStatus(LogRecord record, String t, EventSink sink) {
    if (t.indexOf("xit") < 0 && t.indexOf("returned") < 0 && t.indexOf("died with <Signals.") < 0) {
      return false;
    }
    String id = record.identifier();
    if ("systemd".equals(id) || "kernel".equals(id)) {
      return false;
    }
    // supervisord ("exited: x (exit status 1; not expected)") is a service manager: its own parser reads it
    if (t.indexOf("exited: ") >= 0 && t.indexOf("expected)") >= 0) {
      return false;
    }
    Signal s = null;
    String detail = null;
    int at;
    if ((at = t.indexOf("died with <Signals.SIG")) >= 0) {
      // Python's subprocess: "Command '…' died with <Signals.SIGKILL: 9>."
      int name = at + 19;
      int colon = t.indexOf(':', name);
      if (colon > 0 && colon - name < 12) {
        s = Signal.fromName(t.substring(name, colon)).orElse(null);
        int close = t.indexOf('>', colon);
        detail = t.substring(at, close > 0 ? close + 1 : t.length());
      }
    } else {
      String[] phrases = {"exit status ", "exited with code ", "exit code ", "returned a non-zero code: ",
          "returned non-zero exit status ", "Exit status "};
      for (String p : phrases) {
        int k = t.indexOf(p);
        if (k < 0 || (k > 0 && Character.isLetterOrDigit(t.charAt(k - 1)))) {
          continue;
        }
        int n = k + p.length();
        Long status = Text.number(t, n);
        if (status == null || t.charAt(n) == '+' || t.charAt(n) == ' ') {
          continue;
        }
        int e = n;
        while (e < t.length() && (t.charAt(e) == '-' || ShellWords.isDigit(t.charAt(e)))) {
          e++;
        }
        if (e < t.length() && (Character.isLetterOrDigit(t.charAt(e)) || t.charAt(e) == '.'
            && e + 1 < t.length() && ShellWords.isDigit(t.charAt(e + 1)))) {
          continue;
        }
        s = status < 0 ? Signal.fromNumber(-status).orElse(null) : fromStatus(status);
        detail = t.substring(k, e);
        break;
      }
    }
    if (s == null) {
      return false;
    }
    emit(record, ProcessRef.of(null, null), s, false, detail, sink);
    return true;
  }

  /** Remembers the command typed at a prompt the framing stripped ({@code $ ./a.out}). */
  private void prompt(LogRecord record, String t) {
    String text = record.text();
    String m = record.message();
    if (text.length() <= m.length() || !text.endsWith(m) || m.isEmpty()) {
      return; // output of the running command: the prompt before it still names it
    }
    int p = promptEnd(text);
    if (p > 0) {
      // the command from the line itself: the framing may have taken more than the prompt ("./x:" as a file name)
      promptComm = commOf(text.substring(p));
    }
  }

  /**
   * Where the command starts after a shell prompt at the start of {@code text}: {@code $ }, {@code user@host:~$ },
   * {@code root@host:/# }, {@code [user@host dir]$ }; -1 when there is none. A bare {@code # } is not taken: it
   * starts comments and the JVM's banner as well.
   */
  static int promptEnd(String text) {
    int i = ShellWords.skipSpaces(text, 0);
    if (text.startsWith("$ ", i)) {
      return i + 2;
    }
    int limit = Math.min(text.length(), i + 128);
    if (text.startsWith("[", i)) {
      for (int j = i + 1; j + 2 < limit; j++) {
        if (text.charAt(j) == ']' && (text.charAt(j + 1) == '$' || text.charAt(j + 1) == '#')
            && text.charAt(j + 2) == ' ') {
          return text.substring(i, j).indexOf('@') > 0 ? j + 3 : -1;
        }
      }
      return -1;
    }
    for (int j = i; j < limit; j++) {
      if (text.charAt(j) == ' ') {
        char last = j > i ? text.charAt(j - 1) : ' ';
        return (last == '$' || last == '#') && text.substring(i, j).indexOf('@') > 0 ? j + 1 : -1;
      }
    }
    return -1;
  }

  private void emit(LogRecord record, ProcessRef victim, Signal signal, boolean core, @Nullable String detail,
      EventSink sink) {
    if (signal == Signal.SIGABRT && jvmAge >= 0 && (victim.pid() == null || victim.pid().equals(jvmPid))) {
      jvmAge = -1; // the JVM's banner reports this death, and the abort is the JVM's reaction to it
      jvmPid = null;
      return;
    }
    sink.event(new SignalDelivery(victim, record.time(), List.of(record), signal, null, null, Observer.SHELL,
        Reason.UNSPECIFIED, detail, true, core));
  }

  private static ProcessRef victim(@Nullable Long pid, @Nullable String command) {
    return ProcessRef.of(pid, command == null ? null : commOf(command));
  }

  /** 128 + N means signal N. */
  static @Nullable Signal fromStatus(long status) {
    return status > 128 && status < 160 ? Signal.fromNumber(status - 128).orElse(null) : null;
  }

  /** Whether the command line holds a pipe, a list or a background job outside quotes. */
  private static boolean compound(String c) {
    char quote = 0;
    for (int i = 0; i < c.length(); i++) {
      char ch = c.charAt(i);
      if (quote != 0) {
        if (ch == quote) {
          quote = 0;
        }
      } else if (ch == '\'' || ch == '"') {
        quote = ch;
      } else if (ch == '|' || ch == ';') {
        return true;
      } else if (ch == '&' && (i == 0 || c.charAt(i - 1) != '>') && (i + 1 == c.length() || c.charAt(i + 1) != '>')) {
        return true; // "a && b", "a &" (but not the redirections "2>&1", "&>")
      }
    }
    return false;
  }

  private static final List<String> NOT_A_PROGRAM = List.of(
      "for", "while", "until", "if", "case", "do", "then", "{", "[[", "time", "sudo", "exec", "nohup", "env",
      "command", "nice", "builtin", "eval", "coproc", "select", "function", "!", "doas", "su", "stdbuf",
      "timeout", "ionice", "taskset", "chrt", "setsid", "xargs", "watch", "strace", "gdb", "valgrind");

  /**
   * The process name a command line runs: the base name of its first word after variable assignments, or
   * {@code null} when it is not a simple command (a subshell, a pipeline, a keyword, a wrapper that runs
   * something else, a word built from expansions).
   */
  static @Nullable String commOf(String command) {
    String c = command.strip();
    if (c.isEmpty() || compound(c)) {
      return null;
    }
    int i = 0;
    for (int words = 0; words < 4; words++) {
      int e = i;
      while (e < c.length() && c.charAt(e) != ' ' && c.charAt(e) != '\t') {
        e++;
      }
      String w = c.substring(i, e);
      if (w.isEmpty()) {
        return null;
      }
      int eq = w.indexOf('=');
      if (eq > 0 && w.indexOf('/') < 0 || eq > 0 && eq < w.indexOf('/')) {
        i = ShellWords.skipSpaces(c, e);
        continue;
      }
      if (NOT_A_PROGRAM.contains(w) || w.charAt(0) == '(' || w.indexOf('$') >= 0 || w.indexOf('`') >= 0
          || w.indexOf('"') >= 0 || w.indexOf('\'') >= 0 || w.charAt(0) == '<' || w.charAt(0) == '>') {
        return null;
      }
      String base = w.substring(w.lastIndexOf('/') + 1);
      return base.isEmpty() ? null : base;
    }
    return null;
  }
}
