package dev.whokilled.parsers.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.whokilled.KillForensics;
import dev.whokilled.event.Crash;
import dev.whokilled.event.CrashType;
import dev.whokilled.event.Signal;
import dev.whokilled.parsers.testing.Collect;
import dev.whokilled.parsers.testing.Hostile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Property tests of the JVM banner: banners of every signal, frame kind and core-dump wording, alone, followed by
 * a shell's abort message or heading an hs_err file, framed plainly or through syslog, parse back to one crash
 * with the generated pid, pc, module, offset and core flag; any input never throws.
 */
final class JvmPropertyTest {

  static final Signal[] SIGNALS = {Signal.SIGSEGV, Signal.SIGBUS, Signal.SIGILL, Signal.SIGFPE, Signal.SIGABRT};
  static final String[] MODULES = {"libjvm.so", "libcrash.so", "libc.so.6", "lib foo (1).so", "libé.so", "a+b.so"};
  static final String[] CORE_LINES = {
    "Core dump will be written. Default location: /tmp/core", "Core dump written. Default location: /x/core or core.1",
    "No core dump will be written. Core dumps have been disabled. To enable core dumping, try \"ulimit -c "
        + "unlimited\" before starting Java again",
    "Failed to write core dump. Core dumps have been disabled."};
  static final Boolean[] CORE_VALUES = {Boolean.TRUE, Boolean.TRUE, Boolean.FALSE, Boolean.FALSE};

  enum Tail { NONE, SHELL_ABORT, HS_ERR }

  @FuzzTest(maxDuration = "40s")
  void generatedBanners_parseBack(FuzzedDataProvider data) {
    Signal sig = data.pickValue(SIGNALS);
    long pid = data.consumeLong(1, 4_194_304L);
    long tid = data.consumeLong(1, 4_194_304L);
    long pc = data.consumeLong();
    String module = data.pickValue(MODULES);
    long offset = data.consumeLong(0, 1L << 40);
    char kind = data.pickValue(new Character[] {'C', 'V', 'j', 'J'});
    int core = data.consumeInt(-1, CORE_LINES.length - 1);
    Tail tail = data.pickValue(Tail.values());
    boolean syslog = data.consumeBoolean();
    String frame = kind == 'j' ? "j  java.lang.Thread.run()V+11 java.base@17"
        : kind + "  [" + module + "+0x" + Long.toHexString(offset) + "]  fn+0x10";
    List<String> lines = new ArrayList<>();
    lines.add("#");
    lines.add("# A fatal error has been detected by the Java Runtime Environment:");
    lines.add("#");
    lines.add(String.format(Locale.ROOT, "#  %s (0x%x) at pc=0x%016x, pid=%d, tid=%d", sig.name(), sig.number(), pc,
        pid, tid));
    lines.add("#");
    lines.add("# JRE version: OpenJDK Runtime Environment (17.0.15+6) (build 17.0.15+6-Debian-1deb12u1)");
    lines.add("# Problematic frame:");
    lines.add("# " + frame);
    lines.add("#");
    if (core >= 0) {
      lines.add("# " + CORE_LINES[core]);
      lines.add("#");
    }
    lines.add("# If you would like to submit a bug report, please visit:");
    lines.add("#   https://bugs.debian.org/openjdk-17");
    lines.add("#");
    switch (tail) {
      case SHELL_ABORT -> lines.add("bash: line 1: " + pid + " Aborted                 java -jar app.jar");
      case HS_ERR -> {
        lines.add("");
        lines.add("---------------  S U M M A R Y ------------");
        lines.add("");
        lines.add("Time: Sun Nov 22 11:33:12 2026 UTC elapsed time: 0.095257 seconds (0d 0h 0m 0s)");
        lines.add("---------------  T H R E A D  ---------------");
        lines.add("Native frames: (J=compiled Java code, j=interpreted, Vv=VM code, C=native code)");
        lines.add(frame);
        lines.add("C  [libjli.so+0x4592]  JavaMain+0xd82");
        lines.add("");
        lines.add("siginfo: si_signo: " + sig.number() + " (" + sig.name() + "), si_code: 1, si_addr: 0x10");
        lines.add("---------------  P R O C E S S  ---------------");
      }
      default -> { }
    }
    List<String> framed = new ArrayList<>();
    for (String l : lines) {
      framed.add(syslog ? "Nov 22 11:33:12 host java[" + pid + "]: " + l : l);
    }
    Collect c = Collect.framed(new JvmParser(1000), framed);
    String where = tail + (syslog ? "/syslog " : " ") + framed;
    Crash k = c.only(Crash.class);
    assertEquals(sig, k.signal(), where);
    assertEquals(AppsParser.crashType(sig), k.type(), where);
    assertEquals(pid, k.victim().pid(), where);
    assertEquals(pc, k.ip(), where);
    assertEquals(core < 0 ? null : CORE_VALUES[core], k.coreDumped(), where);
    assertEquals(frame, k.stack().get(0), where);
    if (kind != 'j') {
      assertEquals(module, k.module(), where);
      assertEquals(offset, k.moduleOffset(), where);
    }
    if (tail == Tail.HS_ERR) {
      assertEquals(0x10L, k.address(), where);
      assertEquals(2, k.stack().size(), where);
    }
    if (sig == Signal.SIGSEGV) {
      assertEquals(CrashType.SEGFAULT, k.type());
    }
    if (tail == Tail.SHELL_ABORT) {
      assertEquals(List.of(), Collect.framed(new ShellParser(), framed).events, where);
    }
  }

  @FuzzTest(maxDuration = "40s")
  void anyInput_neverThrows(FuzzedDataProvider data) {
    String[] fragments = {"# A fatal error has been detected by the Java Runtime Environment:", "#  SIGSEGV (0xb)",
        " at pc=0x", ", pid=", ", tid=", "# Problematic frame:", "# C  [", "+0x", "]  ", "# Core dump will be written",
        "# No core dump will be written", "Internal Error (", "---------------  S U M M A R Y ------------",
        "Time: ", "siginfo: si_signo: ", "si_addr: 0x", "Native frames:", "Stack: [", "sp=0x", "P R O C E S S", "END.",
        "EXCEPTION_ACCESS_VIOLATION (0xc0000005)", "ffffffffffffffffffff", "#", ""};
    List<String> lines = new ArrayList<>();
    while (data.remainingBytes() > 0 && lines.size() < 300) {
      if (data.consumeBoolean()) {
        lines.add(data.pickValue(fragments) + data.consumeString(30) + data.pickValue(fragments)
            + data.consumeString(20));
      } else {
        lines.add(data.consumeString(200));
      }
    }
    Collect.framed(new JvmParser(data.consumeInt(1, 500)), lines);
    Hostile.noFailure(KillForensics.analyze(lines));
  }
}
