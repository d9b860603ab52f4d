package dev.whokilled.procfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.facts.ProcessFacts;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Caller mistakes throw at once, with the value named; lookups come as find (Optional) and expect (throws). */
final class ProcfsApiTest {

  @TempDir
  Path root;

  @Test
  void at_nullOrNotADirectory() {
    assertEquals("root must not be null",
        assertThrows(IllegalArgumentException.class, () -> Procfs.at(null)).getMessage());
    Path file = Trees.write(root, "file", "x");
    assertEquals("root must be a directory: " + file,
        assertThrows(IllegalArgumentException.class, () -> Procfs.at(file)).getMessage());
    Path none = root.resolve("none");
    assertEquals("root must be a directory: " + none,
        assertThrows(IllegalArgumentException.class, () -> Procfs.at(none)).getMessage());
  }

  @Test
  void root_asGiven() {
    assertEquals(root, Procfs.at(root).root());
    assertEquals(Path.of("/"), Procfs.live().root());
  }

  @Test
  void pids_mustBePositive() {
    Procfs fs = Procfs.at(root);
    assertEquals("pid must be positive: 0",
        assertThrows(IllegalArgumentException.class, () -> fs.findProcess(0)).getMessage());
    assertEquals("pid must be positive: -3",
        assertThrows(IllegalArgumentException.class, () -> fs.expectProcess(-3)).getMessage());
    assertEquals("pid must be positive: -1",
        assertThrows(IllegalArgumentException.class, () -> fs.facts(5, -1)).getMessage());
    assertEquals("pids must not be null",
        assertThrows(IllegalArgumentException.class, () -> fs.facts((long[]) null)).getMessage());
  }

  @Test
  void expectProcess_namesThePidAndTheProc() {
    NoSuchElementException e = assertThrows(NoSuchElementException.class,
        () -> Procfs.at(root).expectProcess(812));
    assertEquals("no process 812 in " + root.resolve("proc"), e.getMessage());
    assertEquals("no process 812 in /proc", assertThrows(NoSuchElementException.class,
        () -> Procfs.live().expectProcess(Integer.MAX_VALUE - 7L)).getMessage().replace(
            String.valueOf(Integer.MAX_VALUE - 7L), "812"));
  }

  @Test
  void findCgroup_nullOrRelative() {
    Procfs fs = Procfs.at(root);
    assertEquals("cgroup path must not be null",
        assertThrows(IllegalArgumentException.class, () -> fs.findCgroup(null)).getMessage());
    assertEquals("cgroup path must start with /: system.slice",
        assertThrows(IllegalArgumentException.class, () -> fs.findCgroup("system.slice")).getMessage());
    assertEquals("process must not be null",
        assertThrows(IllegalArgumentException.class, () -> fs.memoryCgroup(null)).getMessage());
  }

  @Test
  void memoryCgroup_aPathOutsideTheHierarchyIsNoCgroup() {
    Trees.write(root, "sys/fs/cgroup/cgroup.controllers", "memory\n");
    Trees.write(root, "sys/fs/cgroup/memory.max", "max\n");
    Trees.process(root, 40, "ns", "S", 5, 0, 0, "/../../etc");
    Procfs fs = Procfs.at(root);
    ProcessFacts p = fs.expectProcess(40);
    assertEquals("/../../etc", p.memoryCgroup().orElseThrow());
    assertTrue(fs.memoryCgroup(p).isEmpty());
    assertTrue(fs.findCgroup("/a/../..").isEmpty());
    assertTrue(fs.findCgroup("/").isPresent());
  }

  @Test
  void hostFacts_haveNoProcessesOrCgroups() {
    Trees.process(root, 41, "p", "S", 5, 0, 0, "/");
    assertEquals(List.of(), Procfs.at(root).host().processes());
    assertEquals(List.of(), Procfs.at(root).host().cgroups());
  }
}
