package dev.whokilled.parsers.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.event.EventTime;
import dev.whokilled.event.Observer;
import dev.whokilled.event.Signal;
import dev.whokilled.event.SignalDelivery;
import dev.whokilled.framing.Format;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.framing.Origin;
import dev.whokilled.parsers.testing.Collect;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shell grammar, on lines captured from bash 5.2, dash 0.5 and zsh 5.9 (see the corpus for the sessions). */
final class ShellParserTest {

  private static Collect run(String... lines) {
    return Collect.messages(new ShellParser(), lines);
  }

  private static SignalDelivery one(String line) {
    return run(line).only(SignalDelivery.class);
  }

  @Test
  void bare_foregroundDeath() {
    SignalDelivery s = one("Killed");
    assertEquals(Signal.SIGKILL, s.signal());
    assertNull(s.victim().pid());
    assertNull(s.victim().comm());
    assertNull(s.sender());
    assertEquals(Observer.SHELL, s.observer());
    assertTrue(s.fatal());
    assertFalse(s.coreDumped());
  }

  @Test
  void bare_coreDumped() {
    SignalDelivery s = one("Segmentation fault (core dumped)");
    assertEquals(Signal.SIGSEGV, s.signal());
    assertTrue(s.coreDumped());
    assertEquals(Signal.SIGQUIT, one("Quit (core dumped)").signal());
    assertEquals(Signal.SIGABRT, one("Aborted (core dumped)").signal());
  }

  @Test
  void bare_everyGlibcWord() {
    String[][] words = {
      {"Terminated", "SIGTERM"}, {"Aborted", "SIGABRT"}, {"Floating point exception", "SIGFPE"},
      {"Illegal instruction", "SIGILL"}, {"Bus error", "SIGBUS"}, {"Trace/breakpoint trap", "SIGTRAP"},
      {"CPU time limit exceeded", "SIGXCPU"}, {"File size limit exceeded", "SIGXFSZ"},
      {"User defined signal 1", "SIGUSR1"}, {"Hangup", "SIGHUP"}, {"Alarm clock", "SIGALRM"},
      {"Bad system call", "SIGSYS"}, {"Segmentation fault: 11", "SIGSEGV"}, {"Abort trap: 6", "SIGABRT"},
    };
    for (String[] w : words) {
      assertEquals(Signal.valueOf(w[1]), one(w[0]).signal(), w[0]);
    }
  }

  @Test
  void bare_translated() {
    assertEquals(Signal.SIGKILL, one("Getötet").signal());
    assertEquals(Signal.SIGSEGV, one("Speicherzugriffsfehler (Speicherabzug geschrieben)").signal());
    assertEquals(Signal.SIGKILL, one("Processus arrêté").signal());
    assertEquals(Signal.SIGSEGV, one("Erreur de segmentation (core dumped)").signal());
    assertEquals(Signal.SIGKILL, one("Terminado (killed)").signal());
    assertEquals(Signal.SIGTERM, one("Terminado").signal());
    assertEquals(Signal.SIGKILL, one("Убито").signal());
    assertEquals(Signal.SIGSEGV, one("段错误（核心已转储）").signal());
  }

  @Test
  void bare_wordsTooShortOrInSentencesAreNotDeaths() {
    assertTrue(run("終了", "Quit", "Killed by a user", "Process Killed", "Terminated.", "The job was Killed")
        .events.isEmpty());
  }

  @Test
  void bare_commandFromThePromptBeforeIt() {
    LogRecord prompt = new LogRecord("t", 1, "$ ./crash segv", "./crash segv", Format.PLAIN, Origin.UNKNOWN,
        EventTime.UNKNOWN, null, null, null, -1, -1, 0, -1);
    Collect c = Collect.run(new ShellParser(), List.of(prompt, LogRecord.plain("t", 2, "some output"),
        LogRecord.plain("t", 3, "Segmentation fault")));
    assertEquals("crash", c.only(SignalDelivery.class).victim().comm());
  }

  @Test
  void job_bashBackground() {
    Collect c = run("[1] 3722", "[2] 3723", "[1]   Killed                  sleep 100",
        "[2]-  Terminated              sleep 101");
    List<SignalDelivery> s = c.all(SignalDelivery.class);
    assertEquals(2, s.size());
    assertEquals(3722L, s.get(0).victim().pid());
    assertEquals("sleep", s.get(0).victim().comm());
    assertEquals(Signal.SIGKILL, s.get(0).signal());
    assertEquals(3723L, s.get(1).victim().pid());
    assertEquals(Signal.SIGTERM, s.get(1).signal());
  }

  @Test
  void job_withoutItsStartLineHasNoPid() {
    SignalDelivery s = one("[1]+  Killed                  python x.py");
    assertNull(s.victim().pid());
    assertEquals("python", s.victim().comm());
  }

  @Test
  void job_dashAndZshAndJobsL() {
    assertEquals("sleep", one("[1] + Killed                     sleep 100").victim().comm());
    SignalDelivery z = one("[1]  + segmentation fault  sleep 102");
    assertEquals(Signal.SIGSEGV, z.signal());
    SignalDelivery l = one("[1]  + 4523 killed     sleep 100");
    assertEquals(4523L, l.victim().pid());
    assertEquals(Signal.SIGKILL, l.signal());
  }

  @Test
  void job_exitStatusMeansASignalBelowTheJob() {
    SignalDelivery s = run("[1] 3729", "[1]+  Exit 137                docker run x").only(SignalDelivery.class);
    assertEquals(Signal.SIGKILL, s.signal());
    assertNull(s.victim().pid(), "the job exited; the process that died of the signal is below it");
    assertEquals("docker", s.victim().comm());
    assertEquals("exit status 137", s.detail());
    assertTrue(run("[1]+  Exit 1                  false", "[1]+  Done                    true").events.isEmpty());
  }

  @Test
  void nonInteractive_scriptLineAndPid() {
    SignalDelivery s = one("./run.sh: line 3:  3278 Aborted                 ./crash abrt");
    assertEquals(3278L, s.victim().pid());
    assertEquals("crash", s.victim().comm());
    assertEquals(Signal.SIGABRT, s.signal());
    SignalDelivery c = one("./run.sh: line 9:  3283 Segmentation fault      (core dumped) ./crash segv");
    assertTrue(c.coreDumped());
    assertEquals("crash", c.victim().comm());
  }

  @Test
  void nonInteractive_bashC_bothEras() {
    assertEquals(3627L, one("bash:  3627 CPU time limit exceeded ( ulimit -St 1; exec sh )").victim().pid());
    SignalDelivery s = one("bash: line 1: 12345 Segmentation fault      (core dumped) ./a.out");
    assertEquals(12345L, s.victim().pid());
    assertEquals("a.out", s.victim().comm());
    assertTrue(s.coreDumped());
    assertEquals(4194303L, one("bash: line 1: 4194303 Killed                  ./a.out").victim().pid());
  }

  @Test
  void nonInteractive_descriptionRunsIntoTheCommand() {
    SignalDelivery s = one("./run.sh: line 13:  3294 File size limit exceeded./crash sig $s arg-$s");
    assertEquals(Signal.SIGXFSZ, s.signal());
    assertEquals("crash", s.victim().comm());
    assertEquals(Signal.SIGFPE, one("bash:  3681 Floating point exception./crash sig 8").signal());
  }

  @Test
  void nonInteractive_translated() {
    assertEquals(Signal.SIGKILL, one("loc.sh: Zeile 4:  3942 Getötet                ./crash sig 9").signal());
    SignalDelivery f = one("loc.sh : ligne 12 : 11597 Erreur de segmentation  (core dumped)./crash segv");
    assertEquals(11597L, f.victim().pid());
    assertTrue(f.coreDumped());
    assertEquals("crash", f.victim().comm());
    assertEquals(Signal.SIGXCPU, one("loc.sh : ligne 5 :  3955 Temps UCT limite expiré./crash sig 24").signal());
    assertEquals(Signal.SIGSEGV,
        one("loc.sh: строка 2:  3976 Ошибка сегментирования                   ./crash segv").signal());
  }

  @Test
  void nonInteractive_notAPidField() {
    assertTrue(run("ERROR: 3 Terminated workers", "status: 12 Killed", "x:1 Killed").events.isEmpty());
  }

  @Test
  void zsh_foreground() {
    SignalDelivery s = one("zsh: segmentation fault (core dumped)  ./a.out");
    assertEquals(Signal.SIGSEGV, s.signal());
    assertTrue(s.coreDumped());
    assertEquals("a.out", s.victim().comm());
    assertEquals(Signal.SIGABRT, one("zsh: IOT instruction  ./crash abrt").signal());
    assertEquals(Signal.SIGABRT, one("zsh: abort      ./crash abrt").signal());
    assertEquals("python", one("zsh: killed     python x.py").victim().comm());
    assertEquals(Signal.SIGTERM, one("zsh: terminated  sleep 100").signal());
    assertEquals(Signal.SIGXCPU, one("zsh: cpu limit exceeded  ./crash sig 24").signal());
  }

  @Test
  void make_signalAndStatus() {
    assertEquals(Signal.SIGKILL, one("make: *** [Makefile:4: k] Killed").signal());
    assertEquals(Signal.SIGSEGV, one("make[2]: *** [x.o] Segmentation fault (core dumped)").signal());
    assertEquals(Signal.SIGKILL, one("make: *** [Makefile:6: e] Error 137").signal());
    assertTrue(run("make[2]: *** [CMakeFiles/x.dir/build.make:76: x.o] Error 1").events.isEmpty());
  }

  @Test
  void exitStatus_clearPhrasesOnly() {
    assertEquals(Signal.SIGKILL, one("error: exit status 137").signal());
    assertEquals(Signal.SIGKILL, one("web_1 exited with code 137").signal());
    assertEquals(Signal.SIGKILL, one("command terminated with exit code 137").signal());
    assertEquals(Signal.SIGTERM, one("Process finished with exit code 143 (interrupted by signal 15: SIGTERM)")
        .signal());
    assertEquals(Signal.SIGSEGV,
        one("subprocess.CalledProcessError: Command '['./a']' returned non-zero exit status -11.").signal());
    assertEquals(Signal.SIGKILL,
        one("The command '/bin/sh -c make' returned a non-zero code: 137").signal());
    assertEquals(Signal.SIGKILL,
        one("subprocess.CalledProcessError: Command 'x' died with <Signals.SIGKILL: 9>.").signal());
    assertTrue(run("exit status 1", "exit code 1370", "exited with code 0", "returned 137 rows", "Exit 137",
        "exit status 137x", "exited: php-fpm (exit status 137; not expected)").events.isEmpty());
  }

  @Test
  void jvmAbort_belongsToTheBanner() {
    Collect c = run("# A fatal error has been detected by the Java Runtime Environment:",
        "#  SIGSEGV (0xb) at pc=0x00007f5343ed2f94, pid=4880, tid=4881", "#",
        "bash:  4880 Aborted                 java Crash", "Aborted (core dumped)");
    assertEquals(1, c.events.size(), "the first abort is the JVM's; the second is another death");
  }

  @Test
  void kernelOrigin_neverRead() {
    LogRecord r = new LogRecord("dmesg", 1, "[ 1.0] Killed", "Killed", Format.DMESG, Origin.KERNEL_LOG,
        EventTime.UNKNOWN, null, null, null, -1, -1, 0, -1);
    assertTrue(Collect.run(new ShellParser(), List.of(r)).events.isEmpty());
  }

  @Test
  void commOf_simpleCommandsOnly() {
    assertEquals("a.out", ShellParser.commOf("./a.out arg"));
    assertEquals("python3", ShellParser.commOf("FOO=1 BAR=2 /usr/bin/python3 -c 'x; y'"));
    assertEquals("prog", ShellParser.commOf("prog 2>&1 > out.txt"));
    assertNull(ShellParser.commOf("( exit 137 )"));
    assertNull(ShellParser.commOf("a | b"));
    assertNull(ShellParser.commOf("sudo ./a.out"));
    assertNull(ShellParser.commOf("$CMD x"));
    assertNull(ShellParser.commOf("a && b"));
  }
}
