package dev.whokilled.parsers.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.whokilled.Cause;
import dev.whokilled.Death;
import dev.whokilled.KillForensics;
import dev.whokilled.Report;
import dev.whokilled.event.Crash;
import dev.whokilled.event.CrashType;
import dev.whokilled.event.KillEvent;
import dev.whokilled.event.Signal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles small C programs, lets them fault for real (a NULL write, a division by zero, {@code ud2},
 * {@code int3}, a NULL write from a thread renamed {@code wk [1] x:2}) and reads what the kernel printed: only the
 * lines that appeared since the test began, analysed with {@link KillForensics}. Skips itself where there is no
 * gcc, no readable kernel log, or the kernel does not print unhandled faults ({@code debug.exception-trace}).
 * Core dumps are switched off for the programs ({@code ulimit -c 0}); no system setting is changed.
 */
final class KernelCrashIT {

  private static final String SOURCE = """
      #define _GNU_SOURCE
      #include <pthread.h>
      #include <stdio.h>
      #include <string.h>
      #include <sys/prctl.h>
      #include <unistd.h>

      static volatile int zero = 0;
      static const char *mode;

      static void fault(void) {
        printf("%d\\n", gettid());
        fflush(stdout);
        if (!strcmp(mode, "null-write")) *(volatile int *)0 = 1;
        else if (!strcmp(mode, "divide")) printf("%d\\n", 7 / zero);
        else if (!strcmp(mode, "ud2")) __asm__ volatile("ud2");
        else if (!strcmp(mode, "int3")) __asm__ volatile("int3");
      }

      static void *thread(void *name) {
        prctl(PR_SET_NAME, (char *)name);
        fault();
        return 0;
      }

      int main(int argc, char **argv) {
        mode = argv[1];
        if (argc > 2) {
          pthread_t t;
          pthread_create(&t, 0, thread, argv[2]);
          pthread_join(t, 0);
        }
        fault();
        return 3;
      }
      """;

  /** The program's name, and so its main thread's comm. */
  private static final String PROGRAM = "wk-crash-it";

  @TempDir static Path dir;

  @BeforeAll
  static void compile() throws Exception {
    Assumptions.assumeTrue(run(List.of("gcc", "--version"), null).isPresent(), "no gcc here");
    Path exceptionTrace = Path.of("/proc/sys/debug/exception-trace");
    Assumptions.assumeTrue(Files.isReadable(exceptionTrace)
        && Files.readString(exceptionTrace).trim().equals("1"), "the kernel does not print unhandled faults");
    Assumptions.assumeFalse(dmesg().isEmpty(), "the kernel log cannot be read here");
    Files.writeString(dir.resolve("crash.c"), SOURCE);
    Optional<String> out = run(List.of("gcc", "-O0", "-o", PROGRAM, "crash.c", "-lpthread"), dir);
    Assumptions.assumeTrue(out.isPresent() && Files.isExecutable(dir.resolve(PROGRAM)), "gcc could not build it");
  }

  @Test
  void nullWrite_isASegfault() throws Exception {
    Crash c = crash("null-write", null, Cause.CRASH_SEGFAULT, PROGRAM);
    assertEquals(CrashType.SEGFAULT, c.type());
    assertEquals(Signal.SIGSEGV, c.signal());
    assertEquals(0L, c.address());
    assertEquals(6L, c.errorCode(), "a user-mode write to a page that is not present");
    assertEquals(PROGRAM, c.module());
  }

  @Test
  void divideByZero_isATrap() throws Exception {
    Crash c = crash("divide", null, Cause.CRASH_TRAP, PROGRAM);
    assertEquals(CrashType.DIVIDE_ERROR, c.type());
    assertEquals(Signal.SIGFPE, c.signal());
  }

  @Test
  void invalidOpcode_isATrap() throws Exception {
    assertEquals(CrashType.INVALID_OPCODE, crash("ud2", null, Cause.CRASH_TRAP, PROGRAM).type());
  }

  @Test
  void int3_isATrap() throws Exception {
    assertEquals(CrashType.INT3, crash("int3", null, Cause.CRASH_TRAP, PROGRAM).type());
  }

  @Test
  void threadWithAHostileName_isNamedAndNumberedByThread() throws Exception {
    Crash c = crash("null-write", "wk [1] x:2", Cause.CRASH_SEGFAULT, "wk [1] x:2");
    assertEquals(CrashType.SEGFAULT, c.type());
  }

  /**
   * Runs the program until it faults and finds its death among the kernel lines that appeared meanwhile. The
   * kernel rate-limits these lines (ten per five seconds, shared with every process on the machine), so a fault
   * whose line was suppressed is staged again after the limit's interval.
   */
  private static Crash crash(String mode, String thread, Cause cause, String comm) throws Exception {
    AssertionError last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      List<String> before = dmesg();
      String script = "ulimit -c 0; exec ./" + PROGRAM + " " + mode + (thread == null ? "" : " '" + thread + "'");
      Process p = new ProcessBuilder("sh", "-c", script).directory(dir.toFile())
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      assertEquals(true, p.waitFor(30, TimeUnit.SECONDS), "the program did not end");
      long tid = Long.parseLong(out.lines().reduce((a, b) -> b).orElseThrow());
      Death death = null;
      for (int wait = 0; wait < 20 && death == null; wait++) {
        Report report = KillForensics.analyze(since(before, dmesg()));
        death = report.findLast(tid).orElse(null);
        if (death == null) {
          Thread.sleep(100);
        }
      }
      if (death == null) {
        last = new AssertionError("no death of " + tid + " (" + mode + ") in the kernel log");
        Thread.sleep(5_500);
        continue;
      }
      assertEquals(cause, death.cause(), death.verdict().summary());
      assertEquals(comm, death.victim().comm());
      KillEvent e = death.events().get(0);
      assertNotNull(e);
      return (Crash) e;
    }
    throw last;
  }

  /** The lines of {@code after} that follow the last line of {@code before}. */
  static List<String> since(List<String> before, List<String> after) {
    if (before.isEmpty()) {
      return after;
    }
    String mark = before.get(before.size() - 1);
    int at = after.lastIndexOf(mark);
    return at < 0 ? after : after.subList(at + 1, after.size());
  }

  static List<String> dmesg() throws IOException, InterruptedException {
    return run(List.of("dmesg"), null).map(s -> s.lines().toList()).orElse(List.of());
  }

  private static Optional<String> run(List<String> command, Path in) throws IOException, InterruptedException {
    Process p;
    try {
      ProcessBuilder b = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
      if (in != null) {
        b.directory(in.toFile());
      }
      p = b.start();
    } catch (IOException e) {
      return Optional.empty();
    }
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      return Optional.empty();
    }
    return Optional.of(new String(out, StandardCharsets.UTF_8));
  }
}
