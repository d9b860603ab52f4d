package dev.whokilled.parsers.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.whokilled.Death;
import dev.whokilled.KillForensics;
import dev.whokilled.Report;
import dev.whokilled.Verdict;
import dev.whokilled.event.Crash;
import dev.whokilled.event.CrashType;
import dev.whokilled.event.KillEvent;
import dev.whokilled.event.Signal;
import dev.whokilled.parsers.testing.Hostile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Property tests of the kernel crash grammar: fault lines and oopses of every era, generated from structure with
 * hostile thread names, rendered in every kernel-log framing, parse back to the same fields; arbitrary input
 * never throws. Jazzer replays the seeds in {@code src/test/resources/.../KernelCrashPropertyTestInputs} in every
 * build and fuzzes in CI ({@code JAZZER_FUZZ=1}).
 */
final class KernelCrashPropertyTest {

  /** Thread names the kernel really prints (at most 15 bytes): spaces, brackets, colons, the markers themselves. */
  static final String[] HOSTILE_NAMES = {
    "crash", "wk [1] x:2", "a[1]: b", ")x( [9]: y", "sp ace(x)", "my prog.v2", "tokio-runtime-w", "qthread",
    "php-fpm: pool w", "x] trap y", "]: segfault at ", "traps: x", "a[12] trap int3", "CPU 7/KVM", "(sd-pam)",
    "q\"uote'", "%s%n", "\u00e9t\u00e9", "\u6d4b\u8bd5", "z error 4 in y", "kworker/0:1"
  };

  enum Era { SEGV_6X, SEGV_BASE_SIZE, SEGV_NO_MAP, SEGV_RIP, SEGV_EIP, TRAP_6X, TRAP_BASE_SIZE, TRAP_NO_PREFIX,
    TRAP_RIP, GP_OLD, GP_FAULT, OOPS_NULL, OOPS_GP, OOPS_PID_LINE }

  enum Frame { DMESG, DMESG_RAW, KMSG, SYSLOG_UPTIME, SYSLOG, PLAIN }

  static final String[] TRAPS = {"divide error", "invalid opcode", "int3", "stack segment", "overflow"};

  /** One fault, as generated. */
  record Fault(Era era, long pid, String comm, long address, long ip, long sp, long error, long base, long size,
      String module, String trap, int uid) {}

  @FuzzTest(maxDuration = "40s")
  void generatedFaults_parseBack(FuzzedDataProvider data) {
    Frame frame = data.pickValue(Frame.values());
    int count = data.consumeInt(1, 3);
    List<Fault> faults = new ArrayList<>();
    long pid = 0;
    for (int i = 0; i < count; i++) {
      pid = (i == 0 ? 2 : pid + 1) + data.consumeLong(0, 4_000_000L);
      Era era = data.pickValue(Era.values());
      long base = (data.consumeLong(0x400L, 0x7fffffffffL)) << 12;
      long size = (data.consumeLong(1, 0x10000L)) << 12;
      faults.add(new Fault(era, pid, name(data, frame, era), data.consumeLong(0, Long.MAX_VALUE),
          base + data.consumeLong(0, size - 1), data.consumeLong(1, 0x7fffffffffffL), data.consumeLong(0, 0x1f),
          base, size, data.pickValue(new String[] {"libc.so.6", "libc-2.31.so", "my lib.so", "a[1].so"}),
          data.pickValue(TRAPS), data.consumeInt(0, 65535)));
    }
    long micros = data.consumeLong(1_000_000L, 100_000_000_000L);
    List<String> lines = new ArrayList<>();
    lines.add(frame(frame, micros - 500_000, 6, "EXT4-fs (vda): mounted filesystem r/w"));
    for (Fault f : faults) {
      for (String m : render(f)) {
        lines.add(frame(frame, micros, 4, m));
        micros += data.consumeInt(1, 500);
      }
      micros += 20_000_000; // apart, so that no two faults read as one death
    }
    Report report = KillForensics.analyze(lines);
    List<Crash> crashes = new ArrayList<>();
    for (Death d : report.deaths()) {
      for (KillEvent e : d.events()) {
        crashes.add((Crash) e);
      }
    }
    crashes.sort(Comparator.comparingLong(c -> c.evidence().get(0).line()));
    assertEquals(faults.size(), crashes.size(), () -> "crashes from " + lines);
    for (int i = 0; i < faults.size(); i++) {
      check(faults.get(i), crashes.get(i), frame + " " + lines);
    }
  }

  private static void check(Fault f, Crash c, String where) {
    assertEquals(f.pid(), c.victim().pid(), where);
    assertEquals(f.comm(), c.victim().comm(), where);
    switch (f.era()) {
      case SEGV_6X, SEGV_BASE_SIZE, SEGV_NO_MAP, SEGV_RIP, SEGV_EIP -> {
        assertEquals(CrashType.SEGFAULT, c.type(), where);
        assertEquals(Signal.SIGSEGV, c.signal(), where);
        long mask = f.era() == Era.SEGV_EIP ? 0xffffffffL : -1L;
        assertEquals(f.address() & mask, c.address(), where);
        assertEquals(f.ip() & mask, c.ip(), where);
        assertEquals(f.sp() & mask, c.sp(), where);
        assertEquals(f.error(), c.errorCode(), where);
        if (f.era() == Era.SEGV_6X || f.era() == Era.SEGV_BASE_SIZE) {
          assertEquals(f.module(), c.module(), where);
          assertEquals(f.ip() - f.base(), c.moduleOffset(), where);
        }
      }
      case TRAP_6X, TRAP_BASE_SIZE, TRAP_NO_PREFIX, TRAP_RIP -> {
        assertEquals(trapType(f.trap()), c.type(), where);
        assertEquals(f.ip(), c.ip(), where);
        assertEquals(f.sp(), c.sp(), where);
        assertEquals(0L, c.errorCode(), where);
        if (f.era() != Era.TRAP_RIP) {
          assertEquals(f.module(), c.module(), where);
          assertEquals(f.ip() - f.base(), c.moduleOffset(), where);
        }
      }
      case GP_OLD, GP_FAULT -> {
        assertEquals(CrashType.GENERAL_PROTECTION, c.type(), where);
        assertEquals(Signal.SIGSEGV, c.signal(), where);
        assertEquals(f.ip(), c.ip(), where);
      }
      case OOPS_NULL, OOPS_GP, OOPS_PID_LINE -> {
        assertEquals(CrashType.KERNEL_OOPS, c.type(), where);
        if (f.era() == Era.OOPS_GP) {
          assertEquals(f.uid(), c.victim().uid(), where);
        }
      }
      default -> throw new AssertionError(f.era());
    }
  }

  private static CrashType trapType(String name) {
    return switch (name) {
      case "divide error" -> CrashType.DIVIDE_ERROR;
      case "invalid opcode" -> CrashType.INVALID_OPCODE;
      case "int3" -> CrashType.INT3;
      default -> CrashType.OTHER_TRAP;
    };
  }

  /** The kernel's lines for one fault, per era ({@code arch/x86/mm/fault.c}, {@code arch/x86/kernel/traps.c}). */
  static List<String> render(Fault f) {
    String c = f.comm();
    long off = f.ip() - f.base();
    String map6 = " in " + f.module() + "[" + hex(off) + "," + hex(f.base()) + "+" + hex(f.size()) + "]";
    String mapOld = " in " + f.module() + "[" + hex(f.base()) + "+" + hex(f.size()) + "]";
    return switch (f.era()) {
      case SEGV_6X -> List.of(c + "[" + f.pid() + "]: segfault at " + hex(f.address()) + " ip " + p16(f.ip())
          + " sp " + p16(f.sp()) + " error " + hex(f.error()) + map6 + " likely on CPU 1 (core 1, socket 0)",
          "Code: 55 48 89 e5 <c7> 00 01 00 00 00");
      case SEGV_BASE_SIZE -> List.of(c + "[" + f.pid() + "]: segfault at " + hex(f.address()) + " ip "
          + p16(f.ip()) + " sp " + p16(f.sp()) + " error " + hex(f.error()) + mapOld);
      case SEGV_NO_MAP -> List.of(c + "[" + f.pid() + "]: segfault at " + hex(f.address()) + " ip " + p16(f.ip())
          + " sp " + p16(f.sp()) + " error " + hex(f.error()));
      case SEGV_RIP -> List.of(c + "[" + f.pid() + "]: segfault at " + p16(f.address()) + " rip " + p16(f.ip())
          + " rsp " + p16(f.sp()) + " error " + hex(f.error()));
      case SEGV_EIP -> List.of(c + "[" + f.pid() + "]: segfault at " + p8(f.address()) + " eip " + p8(f.ip())
          + " esp " + p8(f.sp()) + " error " + hex(f.error()));
      case TRAP_6X -> List.of("traps: " + c + "[" + f.pid() + "] trap " + f.trap() + " ip:" + hex(f.ip()) + " sp:"
          + hex(f.sp()) + " error:0" + map6);
      case TRAP_BASE_SIZE -> List.of("traps: " + c + "[" + f.pid() + "] trap " + f.trap() + " ip:" + hex(f.ip())
          + " sp:" + hex(f.sp()) + " error:0" + mapOld);
      case TRAP_NO_PREFIX -> List.of(c + "[" + f.pid() + "] trap " + f.trap() + " ip:" + hex(f.ip()) + " sp:"
          + hex(f.sp()) + " error:0" + mapOld);
      case TRAP_RIP -> List.of(c + "[" + f.pid() + "] trap " + f.trap() + " rip:" + hex(f.ip()) + " rsp:"
          + hex(f.sp()) + " error:0");
      case GP_OLD -> List.of("traps: " + c + "[" + f.pid() + "] general protection ip:" + hex(f.ip()) + " sp:"
          + hex(f.sp()) + " error:0" + mapOld);
      case GP_FAULT -> List.of("traps: " + c + "[" + f.pid() + "] general protection fault ip:" + hex(f.ip())
          + " sp:" + hex(f.sp()) + " error:0" + mapOld);
      case OOPS_NULL -> List.of("BUG: kernel NULL pointer dereference, address: " + p16(f.address()),
          "#PF: supervisor read access in kernel mode", "PGD 0 P4D 0 ", "Oops: 0000 [#1] PREEMPT SMP NOPTI",
          "CPU: 3 PID: " + f.pid() + " Comm: " + c + " Tainted: G           OE      6.1.0-22-amd64 #1  Debian",
          "RIP: 0010:foo+0x1d/0x50");
      case OOPS_GP -> List.of("Oops: general protection fault, probably for non-canonical address 0xdead000000000122:"
          + " 0000 [#1] PREEMPT SMP KASAN NOPTI",
          "CPU: 2 UID: " + f.uid() + " PID: " + f.pid() + " Comm: " + c + " Not tainted 6.12.0 #1",
          "Hardware name: QEMU Standard PC (i440FX + PIIX, 1996)");
      case OOPS_PID_LINE -> List.of("BUG: unable to handle kernel NULL pointer dereference at (null)",
          "IP: [<ffffffff8124e424>] blk_requeue_request+0x94/0xa0", "Oops: 0000 [#1] SMP ",
          "Pid: " + f.pid() + ", comm: " + c + " Not tainted 2.6.32-220.el6.x86_64 #1");
    };
  }

  /**
   * A hostile name that the chosen framing can carry. One framing reads some names its own way, and those
   * pairs are left out: a bare pasted line that starts with a prompt, a {@code grep -n} number or a bracket is
   * unframed first.
   */
  private static String name(FuzzedDataProvider data, Frame frame, Era era) {
    String n = data.consumeBoolean() ? data.pickValue(HOSTILE_NAMES) : random(data);
    boolean oops = era == Era.OOPS_NULL || era == Era.OOPS_GP || era == Era.OOPS_PID_LINE;
    if (oops && (n.contains(" Tainted: ") || n.contains(" Not tainted") || n.endsWith(" Kdump: loaded"))) {
      return "kworker/0:1";
    }
    if ((era == Era.TRAP_NO_PREFIX || era == Era.TRAP_RIP) && n.startsWith("traps: ")) {
      return "crash"; // before 3.10 there was no prefix, so a thread named "traps: x" reads as thread "x"
    }
    if (frame == Frame.PLAIN && !oops && !plainSafe(n)) {
      return "crash";
    }
    return n;
  }

  private static boolean plainSafe(String n) {
    char c = n.charAt(0);
    return !(c == '[' || c == '$' || c == '#' || c == '>' || c == '/' || c == ' ' || c == '%'
        || Character.isDigit(c) || n.startsWith("traps: ") || n.contains(":"));
  }

  private static String random(FuzzedDataProvider data) {
    String s = data.consumeAsciiString(15).replaceAll("[^A-Za-z0-9 \\[\\]():._+,=@'-]", "x");
    s = s.trim();
    return s.isEmpty() ? "x" : s;
  }

  static String hex(long v) {
    return Long.toHexString(v);
  }

  private static String p16(long v) {
    return String.format(Locale.ROOT, "%016x", v);
  }

  private static String p8(long v) {
    return String.format(Locale.ROOT, "%08x", v & 0xffffffffL);
  }

  static String frame(Frame f, long micros, int level, String message) {
    String up = String.format(Locale.ROOT, "[%5d.%06d]", micros / 1_000_000, micros % 1_000_000);
    return switch (f) {
      case DMESG -> up + " " + message;
      case DMESG_RAW -> "<" + level + ">" + up + " " + message;
      case KMSG -> level + "," + (micros / 1000) + "," + micros + ",-;" + message;
      case SYSLOG_UPTIME -> "Dec 24 16:02:24 web1 kernel: " + up + " " + message;
      case SYSLOG -> "Dec 24 16:02:" + String.format(Locale.ROOT, "%02d", (micros / 1_000_000) % 60)
          + " web1 kernel: " + message;
      case PLAIN -> message;
    };
  }

  @FuzzTest(maxDuration = "40s")
  void anyInput_neverThrows(FuzzedDataProvider data) {
    List<String> lines = new ArrayList<>();
    while (data.remainingBytes() > 0 && lines.size() < 200) {
      if (data.consumeBoolean()) {
        String[] fragments = {"]: segfault at ", " ip ", " sp ", " error ", " in ", "[7f00+1000]", "[1,2+3]",
            " likely on CPU ", "traps: ", "] trap ", "] general protection", " fault", " ip:", " sp:", " error:",
            " rip ", " eip ", "(null)", "BUG: kernel NULL pointer dereference, address: ", "Oops: 0002 [#1] ",
            "general protection fault, probably for non-canonical address 0x", "CPU: 1 UID: 0 PID: ", " Comm: ",
            " Tainted: ", "Pid: 1, comm: ", "Process x (pid: ", "[  66.6] ", "<4>[ 1.0] ", "6,1,2,-;",
            "Apr 20 20:03:27 host kernel: ", "12,3,4,-;"};
        lines.add(data.pickValue(fragments) + data.consumeString(60) + data.pickValue(fragments)
            + data.consumeString(30) + data.pickValue(fragments) + data.consumeString(20));
      } else {
        lines.add(data.consumeString(300));
      }
    }
    Report report = KillForensics.analyze(lines);
    Hostile.noFailure(report);
    assertNotNull(report);
    for (Death d : report.deaths()) {
      for (Verdict v : d.verdicts()) {
        assertTrue(v.confidence() >= 0 && v.confidence() <= 1, v.toString());
      }
    }
    assertEquals(lines.size(), report.linesRead());
  }
}
