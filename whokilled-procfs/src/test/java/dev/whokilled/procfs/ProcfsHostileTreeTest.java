package dev.whokilled.procfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.facts.CgroupFacts;
import dev.whokilled.facts.HostFacts;
import dev.whokilled.facts.ProcessFacts;
import dev.whokilled.facts.ProcessMemory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trees no machine should write, or that change under the reader: truncated, empty, garbage and binary files,
 * missing and unreadable ones, FIFOs, symbolic links out of the tree, and a pid directory that vanishes between two
 * reads. Reading them never throws; what is not read is a {@code null} and a phrase.
 */
final class ProcfsHostileTreeTest {

  @TempDir
  Path root;

  @Test
  void emptyFiles_everyComponentNull() {
    for (String f : Procfs.PROCESS_FILES) {
      Trees.write(root, "proc/7/" + f, "");
    }
    for (String f : Procfs.HOST_FILES) {
      Trees.write(root, f, "");
    }
    ProcessFacts p = Procfs.at(root).expectProcess(7);
    assertNull(p.comm());
    assertNull(p.state());
    assertNull(p.oomScore());
    assertEquals(ProcessMemory.UNKNOWN, p.memory());
    assertEquals(List.of(), p.limits());
    assertEquals(List.of(), p.cgroups());
    assertEquals(List.of(), p.cmdline());
    assertEquals(List.of("status: no line read", "stat: garbage", "limits: no row read", "oom_score: garbage",
        "oom_score_adj: garbage", "oom_adj: garbage"), p.unread());
    HostFacts h = Procfs.at(root).host();
    assertNull(h.bootTime());
    assertNull(h.bootId());
    assertNull(h.uptime());
    assertNull(h.kernelRelease());
    assertEquals("", h.coreDumps().pattern()); // an empty core_pattern is a pattern: the kernel writes "core"
    assertNull(h.oom().panicOnOom());
    assertNull(h.pressure());
    assertTrue(h.unread().contains("/proc/stat: no btime"));
    assertTrue(h.unread().contains("/proc/pressure/memory: garbage"));
    assertTrue(h.unread().contains("/proc/sys/vm/panic_on_oom: garbage"));
  }

  @Test
  void truncatedStatus_readsWhatIsThere() {
    Trees.write(root, "proc/8/status", "Name:\tjava\nState:\tS (sleeping)\nPPid:\t1\nVmPeak:\t  1234 kB\nVmRSS:\t  12");
    Trees.write(root, "proc/8/stat", "8 (java) S 1 8 8 0 -1 4194560 12");
    ProcessFacts p = Procfs.at(root).expectProcess(8);
    assertEquals("java", p.comm());
    assertEquals(1234L * 1024, p.memory().vmPeak());
    assertNull(p.memory().vmRss());
    assertNull(p.startTime());
    assertTrue(p.unread().contains("status: VmRSS unreadable"), p.unread()::toString);
    assertTrue(p.unread().contains("stat: cut short"), p.unread()::toString);
  }

  @Test
  void garbageValues_eachNamed() {
    Trees.write(root, "proc/9/status", "Name:\tx\nState:\t?\nPPid:\t-4\nUid:\tabc\nVmRSS:\t12 MB\n"
        + "SigCgt:\t00000000000000000000004000\nSigIgn:\tzz\nSigBlk:\t0x200\n");
    Trees.write(root, "proc/9/oom_score", "-3\n");
    Trees.write(root, "proc/9/oom_score_adj", "1001\n");
    Trees.write(root, "proc/9/oom_adj", "99999999999999999999999\n");
    Trees.write(root, "proc/9/limits", "Max core file size        lots                 unlimited            bytes\n"
        + "Max unheard of size       1                    2                    bytes\n");
    Trees.write(root, "proc/9/cgroup", "x:memory:/a\n4:memory\n4:memory:relative\n0::/ok\n");
    ProcessFacts p = Procfs.at(root).expectProcess(9);
    assertEquals("x", p.comm());
    assertNull(p.state());
    assertNull(p.ppid());
    assertNull(p.uid());
    assertNull(p.memory().vmRss());
    assertNull(p.caught());
    assertNull(p.ignored());
    assertNull(p.blocked());
    assertNull(p.oomScore());
    assertNull(p.oomScoreAdj());
    assertNull(p.oomAdj());
    assertEquals(List.of(), p.limits());
    assertEquals("/ok", p.memoryCgroup().orElseThrow());
    assertEquals(List.of("status: State unreadable", "status: PPid unreadable", "status: Uid unreadable",
        "status: VmRSS unreadable", "status: SigCgt unreadable", "status: SigIgn unreadable",
        "status: SigBlk unreadable", "stat: missing", "limits: Max core file size unreadable",
        "limits: unknown row Max unheard of size", "cgroup: 3 lines unreadable",
        "cmdline: missing", "oom_score: out of range", "oom_score_adj: out of range", "oom_adj: garbage"),
        p.unread());
  }

  @Test
  void binaryFiles_neverThrow() {
    Random random = new Random(5);
    for (int round = 0; round < 30; round++) {
      Path r = root.resolve("r" + round);
      for (String f : Procfs.PROCESS_FILES) {
        Trees.write(r, "proc/10/" + f, bytes(random));
      }
      for (String f : Procfs.HOST_FILES) {
        Trees.write(r, f, bytes(random));
      }
      Trees.write(r, "sys/fs/cgroup/memory/memory.limit_in_bytes", bytes(random));
      Trees.write(r, "sys/fs/cgroup/memory/memory.oom_control", bytes(random));
      Trees.write(r, "sys/fs/cgroup/unified/cgroup.controllers", bytes(random));
      Procfs fs = Procfs.at(r);
      HostFacts all = fs.facts();
      assertNotNull(all);
      fs.oomOrder();
      fs.findCgroup("/");
    }
  }

  private static byte[] bytes(Random random) {
    byte[] b = new byte[random.nextInt(300)];
    random.nextBytes(b);
    return b;
  }

  @Test
  void missingFiles_onlyStatus() {
    Trees.write(root, "proc/11/status", "Name:\told\nState:\tR (running)\n");
    ProcessFacts p = Procfs.at(root).expectProcess(11);
    assertEquals("R", p.state());
    assertEquals(List.of("stat: missing", "limits: missing", "cgroup: missing", "cmdline: missing",
        "oom_score: missing", "oom_score_adj: missing", "oom_adj: missing"), p.unread());
    assertTrue(Procfs.at(root).memoryCgroup(p).isEmpty());
  }

  @Test
  void noStatus_noProcess() {
    Trees.write(root, "proc/12/stat", "12 (x) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0");
    assertTrue(Procfs.at(root).findProcess(12).isEmpty());
    assertEquals(List.of(), Procfs.at(root).processes());
  }

  @Test
  void directoryAndFifoInPlaceOfFiles_notRead() throws Exception {
    Trees.write(root, "proc/13/status", "Name:\tx\n");
    Files.createDirectories(root.resolve("proc/13/limits"));
    Path fifo = root.resolve("proc/13/stat");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
    Assumptions.assumeTrue(mk.waitFor() == 0, "mkfifo is not available");
    ProcessFacts p = Procfs.at(root).expectProcess(13); // a FIFO opened for reading would block forever
    assertTrue(p.unread().contains("stat: not a regular file"), p.unread()::toString);
    assertTrue(p.unread().contains("limits: not a regular file"), p.unread()::toString);
  }

  @Test
  void symlinksOutOfTheTree_notFollowed() throws IOException {
    Path outside = Files.createDirectories(root.resolve("outside"));
    Trees.write(outside, "secret", "Name:\tsecret\n");
    Path tree = Files.createDirectories(root.resolve("tree"));
    Trees.write(tree, "proc/14/status", "Name:\tfine\n");
    Files.createSymbolicLink(tree.resolve("proc/14/limits"), outside.resolve("secret"));
    Files.createSymbolicLink(tree.resolve("proc/15"), outside);
    Trees.write(outside, "status", "Name:\tlinked\n");
    Files.createDirectories(tree.resolve("proc/sys/kernel"));
    Files.createSymbolicLink(tree.resolve("proc/sys/kernel/core_pattern"), Path.of("/proc/sys/kernel/core_pattern"));
    Trees.write(tree, "proc/16/status", "Name:\tinside\n");
    Files.createSymbolicLink(tree.resolve("proc/16/stat"), tree.resolve("proc/14/status")); // inside: fine
    Procfs fs = Procfs.at(tree);
    assertTrue(fs.expectProcess(14).unread().contains("limits: outside the tree"));
    assertTrue(fs.findProcess(15).isEmpty());
    assertEquals(List.of(14L, 16L), fs.pids());
    assertNull(fs.host().coreDumps().pattern());
    assertTrue(fs.host().unread().contains("/proc/sys/kernel/core_pattern: outside the tree"));
    assertTrue(fs.expectProcess(16).unread().contains("stat: garbage"));
  }

  @Test
  void unreadableFile_permissionDenied() throws IOException {
    Path status = Trees.write(root, "proc/17/status", "Name:\tx\n");
    Path limits = Trees.write(root, "proc/17/limits", Trees.LIMITS_HEADER);
    Files.setPosixFilePermissions(limits, PosixFilePermissions.fromString("---------"));
    Assumptions.assumeFalse(Files.isReadable(limits), "the reader may read anything (root)");
    assertTrue(Procfs.at(root).expectProcess(17).unread().contains("limits: permission denied"));
    Files.setPosixFilePermissions(status, PosixFilePermissions.fromString("---------"));
    ProcessFacts p = Procfs.at(root).expectProcess(17); // there, but we may not read it
    assertNull(p.comm());
    assertTrue(p.unread().contains("status: permission denied"));
  }

  @Test
  void pidDirectoryVanishesMidRead_ordinaryResult() {
    Trees.process(root, 18, "short-lived", "S", 10, 0, 0, "/x");
    Tree vanishing = new Tree(root, false) {
      @Override
      Read read(String relative) {
        Read r = super.read(relative);
        if (relative.equals("proc/18/stat")) {
          delete(root.resolve("proc/18"));
        }
        return r;
      }
    };
    ProcessFacts p = Procfs.of(vanishing).expectProcess(18);
    assertEquals("short-lived", p.comm());
    assertEquals(500 * 10, p.startTime().toMillis());
    assertEquals(List.of("limits: process ended", "cgroup: process ended", "cmdline: process ended",
        "oom_score: process ended", "oom_score_adj: process ended", "oom_adj: process ended"), p.unread());
    assertTrue(Procfs.of(vanishing).findProcess(18).isEmpty());
  }

  @Test
  void statusVanishesBeforeRead_noProcess() {
    Trees.process(root, 19, "gone", "S", 10, 0, 0, "/x");
    Tree vanishing = new Tree(root, false) {
      @Override
      boolean isDirectory(String relative) {
        boolean d = super.isDirectory(relative);
        if (relative.equals("proc/19")) {
          delete(root.resolve("proc/19"));
        }
        return d;
      }
    };
    assertTrue(Procfs.of(vanishing).findProcess(19).isEmpty());
  }

  @Test
  void oddPidNames_notProcesses() throws IOException {
    for (String name : new String[] {"0", "-1", "+5", "007", "99999999999999999999", "1a", "self", " 3"}) {
      Trees.write(root, "proc/" + name + "/status", "Name:\tx\n");
    }
    Trees.write(root, "proc/31/status", "Name:\tx\n");
    assertEquals(List.of(31L), Procfs.at(root).pids());
  }

  @Test
  void hugeCmdline_cut() {
    Trees.write(root, "proc/20/status", "Name:\tbig\n");
    byte[] big = new byte[Tree.MAX_BYTES + 5000];
    Arrays.fill(big, (byte) 'a');
    big[10] = 0;
    Trees.write(root, "proc/20/cmdline", big);
    ProcessFacts p = Procfs.at(root).expectProcess(20);
    assertEquals(2, p.cmdline().size());
    assertEquals(Tree.MAX_BYTES - 11, p.cmdline().get(1).length());
    assertTrue(p.unread().contains("cmdline: cut at 1048576 bytes"));
  }

  @Test
  void hostGarbage_eachNamed() {
    Trees.write(root, "proc/stat", "cpu 1 2 3\nbtime never\n");
    Trees.write(root, "proc/sys/kernel/random/boot_id", "not-a-boot-id\n");
    Trees.write(root, "proc/uptime", "-5.00 1.00\n");
    Trees.write(root, "proc/meminfo", "MemTotal: lots kB\nMemFree:       100 kB\nnonsense\nHugePages_Total: 3\n");
    Trees.write(root, "proc/pressure/memory", "some avg10=NaN avg60=1 avg300=1 total=1\n");
    Trees.write(root, "proc/sys/vm/overcommit_memory", "2\n");
    HostFacts h = Procfs.at(root).host();
    assertNull(h.bootTime());
    assertNull(h.bootId());
    assertNull(h.uptime());
    assertNull(h.pressure());
    assertEquals(2, h.oom().overcommitMemory());
    assertEquals(java.util.Map.of("MemFree", 102400L, "HugePages_Total", 3L), h.meminfo());
    assertTrue(h.unread().containsAll(List.of("/proc/stat: no btime", "/proc/sys/kernel/random/boot_id: garbage",
        "/proc/uptime: garbage", "/proc/meminfo: 2 lines unreadable", "/proc/pressure/memory: garbage")),
        h.unread()::toString);
    assertNull(h.cgroupMode());
    assertTrue(h.unread().contains("/sys/fs/cgroup: missing"));
  }

  @Test
  void cgroupFiles_oldKernelsAndGarbage() {
    Trees.write(root, "sys/fs/cgroup/memory/old/memory.oom_control", "oom_kill_disable 1\nunder_oom 1\n");
    Trees.write(root, "sys/fs/cgroup/memory/old/memory.limit_in_bytes", "garbage\n");
    Procfs fs = Procfs.at(root);
    assertEquals("v1", fs.host().cgroupMode());
    CgroupFacts old = fs.findCgroup("/old").orElseThrow();
    assertEquals(new CgroupFacts("/old", 1, null, null, null, null, null, null, true, true, null), old);
    List<String> unread = new java.util.ArrayList<>();
    fs.readCgroup("/old", "v1", unread);
    assertEquals(List.of("cgroup /old: memory.limit_in_bytes: garbage", "cgroup /old: memory.usage_in_bytes: missing",
        "cgroup /old: memory.max_usage_in_bytes: missing", "cgroup /old: memory.failcnt: missing",
        "cgroup /old: memory.oom_control without oom_kill (before Linux 4.13)"), unread);

    Path v2 = root.resolve("v2");
    Trees.write(v2, "sys/fs/cgroup/cgroup.controllers", "memory pids\n");
    Trees.write(v2, "sys/fs/cgroup/a/memory.max", "max\n");
    Trees.write(v2, "sys/fs/cgroup/a/memory.events", "low 0\nhigh 0\nmax 0\noom 2\n");
    Trees.write(v2, "sys/fs/cgroup/a/memory.oom.group", "1\n");
    Trees.write(v2, "sys/fs/cgroup/a/memory.current", "18446744073709551615\n");
    CgroupFacts a = Procfs.at(v2).findCgroup("/a").orElseThrow();
    assertEquals(new CgroupFacts("/a", 2, null, Long.MAX_VALUE, null, 2L, null, null, null, null, true), a);
  }

  static void delete(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
