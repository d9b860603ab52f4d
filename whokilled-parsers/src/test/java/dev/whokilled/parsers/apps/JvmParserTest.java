package dev.whokilled.parsers.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.event.Crash;
import dev.whokilled.event.CrashType;
import dev.whokilled.event.Signal;
import dev.whokilled.parsers.testing.Collect;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** The JVM's fatal error banner, on banners and an hs_err file captured on the build VM. */
final class JvmParserTest {

  private static Collect run(String... lines) {
    return Collect.messages(new JvmParser(1000), lines);
  }

  static List<String> corpus(String name) throws IOException {
    try (InputStream in = Objects.requireNonNull(JvmParserTest.class.getResourceAsStream("/corpus/apps/" + name))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }

  @Test
  void banner_nativeFrameAndCore() throws IOException {
    Crash c = run(corpus("jvm17_native_segv_core_terminal.log").toArray(String[]::new)).only(Crash.class);
    assertEquals(5488L, c.victim().pid());
    assertEquals(5489L, c.victim().tid());
    assertEquals("java", c.victim().comm());
    assertEquals(CrashType.SEGFAULT, c.type());
    assertEquals(Signal.SIGSEGV, c.signal());
    assertEquals(0x00007ff2eb867111L, c.ip());
    assertEquals("libcrash.so", c.module());
    assertEquals(0x1111L, c.moduleOffset());
    assertEquals(Boolean.TRUE, c.coreDumped());
    assertEquals(List.of("C  [libcrash.so+0x1111]  Java_NativeCrash_crash+0x18"), c.stack());
  }

  @Test
  void banner_noCore() throws IOException {
    Crash c = run(corpus("jvm17_unsafe_segv_terminal.log").toArray(String[]::new)).only(Crash.class);
    assertEquals(Boolean.FALSE, c.coreDumped());
    assertEquals("libjvm.so", c.module());
    assertEquals(0xed2f94L, c.moduleOffset());
  }

  @Test
  void hsErr_timeAddressSpAndStack() throws IOException {
    Crash c = run(corpus("jvm17_hs_err_pid4880.log").toArray(String[]::new)).only(Crash.class);
    assertEquals(4880L, c.victim().pid());
    assertEquals(0L, c.address());
    assertEquals(0x00007f5342ffe6f0L, c.sp());
    assertEquals(Instant.parse("2026-11-22T11:33:12Z"), c.time().wall());
    assertEquals("V  [libjvm.so+0xed2f94]  Unsafe_PutLong+0x124", c.stack().get(0));
    assertEquals("C  [libjli.so+0x7b49]  ThreadJavaMain+0x9", c.stack().get(c.stack().size() - 1));
    assertTrue(c.stack().size() > 4 && c.stack().size() <= JvmParser.MAX_FRAMES);
  }

  @Test
  void banner_jdk8Windows() {
    Crash c = run("#", "# A fatal error has been detected by the Java Runtime Environment:", "#",
        "#  EXCEPTION_ACCESS_VIOLATION (0xc0000005) at pc=0x000000006d8a2b5c, pid=5016, tid=0x0000000000001f40",
        "#", "# JRE version: Java(TM) SE Runtime Environment (8.0_181-b13) (build 1.8.0_181-b13)",
        "# Problematic frame:", "# V  [jvm.dll+0x132b5c]", "#",
        "# Failed to write core dump. Minidumps are not enabled by default on client versions of Windows",
        "#").only(Crash.class);
    assertEquals(CrashType.SEGFAULT, c.type());
    assertNull(c.signal());
    assertNull(c.victim().tid(), "JDK 8 printed a thread handle, not a thread id");
    assertEquals("jvm.dll", c.module());
    assertEquals(Boolean.FALSE, c.coreDumped());
  }

  @Test
  void banner_internalErrorIsAnAbort() {
    Crash c = run("# A fatal error has been detected by the Java Runtime Environment:", "#",
        "#  Internal Error (g1ConcurrentMark.cpp:1742), pid=3028, tid=3039",
        "#  guarantee(ok) failed: overflow", "#").only(Crash.class);
    assertEquals(CrashType.ABORT, c.type());
    assertEquals(3028L, c.victim().pid());
  }

  @Test
  void outOfMemoryBanner_isNoCrash() {
    assertTrue(run("# There is insufficient memory for the Java Runtime Environment to continue.",
        "# Native memory allocation (mmap) failed to map 65536 bytes for committing reserved memory.",
        "# A fatal error has been detected by the Java Runtime Environment:",
        "#  Out of Memory Error (os_linux.cpp:2749), pid=1234, tid=1240", "#",
        "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space").events.isEmpty());
  }

  @Test
  void bannerCutShort_stillReported() {
    Crash c = run("# A fatal error has been detected by the Java Runtime Environment:",
        "#  SIGBUS (0x7) at pc=0x00007f0000001000, pid=77, tid=78").only(Crash.class);
    assertEquals(CrashType.BUS_ERROR, c.type());
    assertNull(c.coreDumped());
  }

  @Test
  void longReport_cappedAndReported() {
    String[] lines = new String[30];
    lines[0] = "# A fatal error has been detected by the Java Runtime Environment:";
    lines[1] = "#  SIGSEGV (0xb) at pc=0x1, pid=2, tid=2";
    for (int i = 2; i < lines.length; i++) {
      lines[i] = "# filler";
    }
    Collect c = Collect.messages(new JvmParser(10), lines);
    assertEquals(1, c.events.size());
    assertEquals(1, c.problems.size());
  }
}
