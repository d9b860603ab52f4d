package dev.whokilled.parsers.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.whokilled.KillForensics;
import dev.whokilled.Report;
import dev.whokilled.event.Signal;
import dev.whokilled.event.SignalDelivery;
import dev.whokilled.parsers.testing.Collect;
import dev.whokilled.parsers.testing.Hostile;
import java.util.ArrayList;
import java.util.List;

/**
 * Property tests of the shell grammar: job messages of every shell and language, generated from structure and
 * framed as a terminal, a script's stderr or a syslog line, parse back to their signal, pid and command; any
 * input never throws.
 */
final class ShellPropertyTest {

  /** Words glibc 2.36 and zsh 5.9 print (captured on the build VM), with their signals. */
  static final String[][] BASH_WORDS = {
    {"Killed", "SIGKILL"}, {"Segmentation fault", "SIGSEGV"}, {"Aborted", "SIGABRT"}, {"Terminated", "SIGTERM"},
    {"CPU time limit exceeded", "SIGXCPU"}, {"File size limit exceeded", "SIGXFSZ"}, {"Bus error", "SIGBUS"},
    {"Floating point exception", "SIGFPE"}, {"Illegal instruction", "SIGILL"}, {"Hangup", "SIGHUP"},
    {"Getötet", "SIGKILL"}, {"Speicherzugriffsfehler", "SIGSEGV"}, {"Abgebrochen", "SIGABRT"},
    {"Processus arrêté", "SIGKILL"}, {"Erreur de segmentation", "SIGSEGV"}, {"Temps UCT limite expiré", "SIGXCPU"},
    {"Terminado (killed)", "SIGKILL"}, {"Violación de segmento", "SIGSEGV"}, {"Убито", "SIGKILL"},
    {"Ошибка сегментирования", "SIGSEGV"}, {"已杀死", "SIGKILL"}, {"段错误", "SIGSEGV"},
  };
  static final String[][] ZSH_WORDS = {
    {"killed", "SIGKILL"}, {"segmentation fault", "SIGSEGV"}, {"IOT instruction", "SIGABRT"},
    {"abort", "SIGABRT"}, {"terminated", "SIGTERM"}, {"cpu limit exceeded", "SIGXCPU"},
    {"file size limit exceeded", "SIGXFSZ"}, {"bus error", "SIGBUS"}, {"illegal hardware instruction", "SIGILL"},
  };
  static final String[] CORES = {"(core dumped)", "(Speicherabzug geschrieben)", "(`core' generado)"};
  /** Program names: dots, brackets, colons, dashes, UTF-8, names that are also shell words. */
  static final String[] PROGRAMS = {
    "a.out", "python3.11", "[x]", "x:y", "-dash", "été", "测试", "Killed", "Terminated", "sleep", "my-app_2",
    "zsh:", "make", "bash", "line", "137",
  };

  enum Form { BARE, BASH_JOB, DASH_JOB, ZSH_JOB_LONG, SCRIPT, BASH_C_OLD, BASH_C_52, ZSH, SCRIPT_FR }

  enum Frame { PLAIN, PROMPT_BEFORE, SYSLOG, GREP_N }

  @FuzzTest(maxDuration = "40s")
  void generatedMessages_parseBack(FuzzedDataProvider data) {
    Form form = data.pickValue(Form.values());
    Frame frame = data.pickValue(Frame.values());
    boolean zsh = form == Form.ZSH || form == Form.ZSH_JOB_LONG;
    String[] word = data.pickValue(zsh ? ZSH_WORDS : BASH_WORDS);
    boolean core = data.consumeBoolean();
    String coreText = zsh ? "(core dumped)" : data.pickValue(CORES);
    long pid = data.consumeLong(1, 4_194_304L);
    int job = data.consumeInt(1, 64);
    String program = data.pickValue(PROGRAMS);
    String dir = data.pickValue(new String[] {"", "./", "/usr/local/bin/", "../x y/"});
    String args = data.pickValue(new String[] {"", " arg", " -c 'a; b'", " > out 2>&1", " \"$x\""});
    String command = dir + program + args;
    String desc = word[0] + (core ? " " + coreText : "");
    List<String> lines = new ArrayList<>();
    boolean hasPid = true;
    boolean hasCommand = true;
    switch (form) {
      case BARE -> {
        lines.add(desc);
        hasPid = false;
        hasCommand = false;
      }
      case BASH_JOB -> {
        lines.add("[" + job + "] " + pid);
        lines.add("[" + job + "]" + data.pickValue(new String[] {"+ ", "- ", "  "}) + " " + pad(word[0], 24)
            + (core ? coreText + " " : "") + command);
      }
      case DASH_JOB -> {
        lines.add("[" + job + "] " + pid);
        lines.add("[" + job + "] + " + pad(desc, 27) + command);
      }
      case ZSH_JOB_LONG -> lines.add("[" + job + "]  + " + pid + " " + pad(desc, 9) + " " + command);
      case SCRIPT -> lines.add("./run.sh: line " + data.consumeInt(1, 99999) + ": " + pad5(pid) + " "
          + pad(word[0], 24) + (core ? coreText + " " : "") + command);
      case SCRIPT_FR -> lines.add("loc.sh : ligne " + data.consumeInt(1, 999) + " : " + pad5(pid) + " "
          + pad(word[0], 24) + (core ? coreText : "") + command);
      case BASH_C_OLD -> lines.add("bash: line 1: " + pad5(pid) + " " + pad(word[0], 24) + (core ? coreText + " " : "")
          + command);
      case BASH_C_52 -> lines.add("bash: " + pad5(pid) + " " + pad(word[0], 24) + (core ? coreText + " " : "")
          + command);
      case ZSH -> {
        lines.add("zsh: " + pad(desc, 9) + " " + command);
        hasPid = false;
      }
      default -> throw new AssertionError(form);
    }
    if (frame == Frame.PROMPT_BEFORE && ShellWords.description(command, 0, false) != null
        && ShellWords.description(command, 0, false).end() == command.length()) {
      // "$ Terminated": a prompt whose input was not echoed, then the shell's word (dash under script(1)); a
      // person typing a command named like a signal's word is not a case worth a guess
      frame = Frame.PLAIN;
    }
    List<String> framed = new ArrayList<>();
    if (frame == Frame.PROMPT_BEFORE) {
      framed.add("$ " + command);
    }
    for (String l : lines) {
      framed.add(switch (frame) {
        case SYSLOG -> "Dec 24 16:02:24 web1 myjob[4242]: " + l;
        case GREP_N -> "12:" + l;
        default -> l;
      });
    }
    Collect c = Collect.framed(new ShellParser(), framed);
    String where = form + "/" + frame + " " + framed;
    if (form == Form.BARE && frame == Frame.GREP_N && !core && word[0].codePointCount(0, word[0].length()) < 3) {
      return; // too short a word to trust alone
    }
    SignalDelivery s = c.only(SignalDelivery.class);
    assertEquals(Signal.valueOf(word[1]), s.signal(), where);
    assertEquals(core, s.coreDumped(), where);
    if (hasPid) {
      assertEquals(pid, s.victim().pid(), where);
    }
    String expected = ShellParser.commOf(command);
    if (hasCommand) {
      assertEquals(expected, s.victim().comm(), where);
    } else if (frame == Frame.PROMPT_BEFORE) {
      assertEquals(expected, s.victim().comm(), where);
    }
  }

  private static String pad(String s, int bytes) {
    StringBuilder b = new StringBuilder(s);
    int n = s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    while (n++ < bytes) {
      b.append(' ');
    }
    return b.toString();
  }

  private static String pad5(long pid) {
    String s = Long.toString(pid);
    return s.length() >= 5 ? s : " ".repeat(5 - s.length()) + s;
  }

  @FuzzTest(maxDuration = "40s")
  void anyInput_neverThrows(FuzzedDataProvider data) {
    String[] fragments = {"Killed", "[1]+  ", "[1] ", "bash: line 1: ", ": line ", "zsh: ", " (core dumped)",
        "Segmentation fault", "Getötet", "(Speicherabzug geschrieben)", "make: *** [", "] Error 137",
        "exit status ", "exited with code ", "died with <Signals.SIG", "returned non-zero exit status -",
        "# A fatal error has been detected by the Java Runtime Environment:", " at pc=0x1, pid=", "$ ", "：",
        "Exit 137", "     ", "\t", "\u0000", "4194304", "-9223372036854775808"};
    List<String> lines = new ArrayList<>();
    while (data.remainingBytes() > 0 && lines.size() < 200) {
      if (data.consumeBoolean()) {
        lines.add(data.pickValue(fragments) + data.consumeString(40) + data.pickValue(fragments)
            + data.consumeString(20) + data.pickValue(fragments));
      } else {
        lines.add(data.consumeString(300));
      }
    }
    Collect.framed(new ShellParser(), lines);
    Report report = KillForensics.analyze(lines);
    Hostile.noFailure(report);
    assertNotNull(report);
  }
}
