package dev.whokilled.procfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.facts.HostFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A snapshot of a tree reads as the tree did; the directory must be empty or absent. */
final class SnapshotTest {

  @TempDir
  Path tmp;

  @Test
  void capture_ofEachTree_readsTheSame() throws IOException {
    for (String name : List.of("v1-hybrid-vm", "v2-public")) {
      Procfs original = Trees.at(name);
      Path copy = tmp.resolve(name);
      Snapshot.Result r = Snapshot.capture(original, copy);
      assertEquals(copy, r.dir());
      HostFacts before = original.facts();
      HostFacts after = Procfs.at(copy).facts();
      assertEquals(withoutTime(before), withoutTime(after), name);
      assertEquals(original.oomOrder(), Procfs.at(copy).oomOrder(), name);
      assertTrue(Files.readString(copy.resolve(Procfs.SNAPSHOT_MARK)).startsWith("taken "));
    }
  }

  @Test
  void v2_ancestorsWithTheMemoryController_readAndCaptured() throws IOException {
    // a v2 cgroup's memory.events counts the kills of all below it: the slice keeps those of services now gone
    Path root = tmp.resolve("v2");
    Trees.write(root, "sys/fs/cgroup/cgroup.controllers", "cpuset cpu io memory pids\n");
    Trees.process(root, 10, "web", "S", 700, 0, 0x400100, "/system.slice/web.service");
    Trees.process(root, 11, "job", "S", 700, 0, 0x400100, "/nomem.slice/job.service");
    for (String cg : List.of("system.slice", "system.slice/web.service", "nomem.slice/job.service")) {
      Trees.write(root, "sys/fs/cgroup/" + cg + "/memory.max", "max\n");
      Trees.write(root, "sys/fs/cgroup/" + cg + "/memory.current", "1048576\n");
      Trees.write(root, "sys/fs/cgroup/" + cg + "/memory.events", "low 0\nhigh 0\nmax 9\noom 3\noom_kill "
          + (cg.equals("system.slice") ? 3 : 1) + "\noom_group_kill 0\n");
    }
    Files.createDirectories(root.resolve("sys/fs/cgroup/nomem.slice")); // memory not enabled for its children

    List<String> read = Procfs.at(root).facts().cgroups().stream().map(c -> c.path() + " " + c.oomKills()).toList();
    Snapshot.capture(Procfs.at(root), tmp.resolve("copy"));
    List<String> captured = Procfs.at(tmp.resolve("copy")).facts().cgroups().stream()
        .map(c -> c.path() + " " + c.oomKills()).toList();

    assertEquals(List.of("/nomem.slice/job.service 1", "/system.slice 3", "/system.slice/web.service 1"), read);
    assertEquals(read, captured);
    assertEquals(withoutTime(Procfs.at(root).facts()), withoutTime(Procfs.at(tmp.resolve("copy")).facts()));
  }

  @Test
  void capture_countsAndSkipped() throws IOException {
    Snapshot.Result r = Snapshot.capture(Trees.at("v1-hybrid-vm"), tmp.resolve("a"));
    assertEquals(6, r.processes());
    assertEquals(3, r.cgroups());
    // 16 host files, 6 × 8 process files, 3 × 5 cgroup files, unified/cgroup.controllers
    assertEquals(16 + 48 + 15 + 1, r.files());
    assertEquals(List.of(), r.skipped());

    Snapshot.Result v2 = Snapshot.capture(Trees.at("v2-public"), tmp.resolve("b"));
    assertEquals(1, v2.processes());
    assertEquals(1, v2.cgroups()); // the root, whose v2 directory holds no memory limit files
    assertEquals(List.of("/proc/stat: missing", "/proc/sys/kernel/random/boot_id: missing", "/proc/uptime: missing",
        "/proc/sys/kernel/osrelease: missing", "/proc/sys/kernel/hostname: missing",
        "/proc/sys/kernel/core_uses_pid: missing", "/proc/sys/kernel/core_pipe_limit: missing",
        "/proc/sys/fs/suid_dumpable: missing", "/proc/sys/vm/overcommit_memory: missing",
        "/proc/sys/vm/overcommit_ratio: missing", "/proc/sys/vm/panic_on_oom: missing",
        "/proc/sys/vm/oom_kill_allocating_task: missing", "/proc/sys/vm/oom_dump_tasks: missing",
        "/proc/meminfo: missing", "/proc/1/stat: missing", "/proc/1/cmdline: missing", "/proc/1/oom_score: missing",
        "/proc/1/oom_score_adj: missing", "/proc/1/oom_adj: missing", "pid 2840: no such process",
        "/sys/fs/cgroup/memory.max: missing", "/sys/fs/cgroup/memory.current: missing",
        "/sys/fs/cgroup/memory.peak: missing", "/sys/fs/cgroup/memory.events: missing",
        "/sys/fs/cgroup/memory.oom.group: missing", "cgroup /init.scope: missing"), v2.skipped());
  }

  @Test
  void capture_somePids_andAbsentOnes() throws IOException {
    Snapshot.Result r = Snapshot.capture(Trees.at("v1-hybrid-vm"), tmp.resolve("c"), 25655, 999);
    assertEquals(1, r.processes());
    assertEquals(2, r.cgroups()); // the root, and the process's
    assertEquals(List.of("pid 999: no such process"), r.skipped());
    assertEquals(List.of(25655L), Procfs.at(tmp.resolve("c")).pids());
  }

  @Test
  void capture_argumentsChecked() throws IOException {
    Procfs from = Trees.at("v2-public");
    assertEquals("from must not be null", assertThrows(IllegalArgumentException.class,
        () -> Snapshot.capture(null, tmp.resolve("x"))).getMessage());
    assertEquals("snapshot directory must not be null", assertThrows(IllegalArgumentException.class,
        () -> Snapshot.capture(from, null)).getMessage());
    Path full = Files.createDirectories(tmp.resolve("full"));
    Files.writeString(full.resolve("x"), "x");
    assertEquals("snapshot directory must be empty or absent: " + full, assertThrows(IllegalArgumentException.class,
        () -> Snapshot.capture(from, full)).getMessage());
    Path file = Files.writeString(tmp.resolve("file"), "x");
    assertEquals("snapshot directory must be empty or absent: " + file, assertThrows(IllegalArgumentException.class,
        () -> Snapshot.capture(from, file)).getMessage());
    assertEquals("pid must be positive: 0", assertThrows(IllegalArgumentException.class,
        () -> Snapshot.capture(from, tmp.resolve("y"), 0)).getMessage());
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertEquals(1, Snapshot.capture(from, empty).processes());
  }

  @Test
  void capture_doesNotFollowLinksOutOfTheSource() throws IOException {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("secret"), "Name:\tsecret\n");
    Path src = tmp.resolve("src");
    Trees.write(src, "proc/5/status", "Name:\tfine\n");
    Files.createSymbolicLink(src.resolve("proc/5/limits"), outside.resolve("secret"));
    Snapshot.Result r = Snapshot.capture(Procfs.at(src), tmp.resolve("dst"));
    assertTrue(r.skipped().contains("/proc/5/limits: outside the tree"));
    assertTrue(Files.notExists(tmp.resolve("dst/proc/5/limits")));
  }

  static HostFacts withoutTime(HostFacts h) {
    return new HostFacts(null, h.bootTime(), h.bootId(), h.uptime(), h.kernelRelease(), h.hostname(),
        h.cgroupMode(), h.coreDumps(), h.oom(), h.meminfo(), h.pressure(), h.processes(), h.cgroups(), h.unread());
  }
}
