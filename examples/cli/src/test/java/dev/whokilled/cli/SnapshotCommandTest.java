package dev.whokilled.cli;

import static dev.whokilled.cli.TestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.cli.TestSupport.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code whokilled snapshot}: this machine's {@code /proc}, copied, reads as it did. */
final class SnapshotCommandTest {

  @TempDir Path dir;

  @BeforeEach
  void linux() {
    Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "no /proc here");
  }

  @Test
  void snapshotOfThisProcess_readsBackWithRoot() {
    long pid = ProcessHandle.current().pid();
    Path snap = dir.resolve("snap");

    Run r = run("snapshot", "--pid", Long.toString(pid), snap.toString());
    Run facts = run("facts", "--root", snap.toString(), "--pid", Long.toString(pid), "--json");

    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().startsWith("Captured 1 process and "), r.out());
    assertTrue(r.out().strip().endsWith(" into " + snap + "."), r.out());
    assertTrue(Files.isRegularFile(snap.resolve("proc/" + pid + "/status")));
    assertTrue(Files.isRegularFile(snap.resolve("whokilled-snapshot.txt")));
    assertEquals(0, facts.status(), facts.err());
    assertTrue(facts.out().contains("\"pid\":" + pid + ",\"name\":\"java\""), facts.out());
  }

  @Test
  void missingProcess_aWarningAndTheHostAllTheSame() {
    Path snap = dir.resolve("snap");

    // pid_max is at most 2^22: no process has this pid
    Run r = run("snapshot", "--pid", "99999999", snap.toString());

    assertEquals(0, r.status(), r.err());
    assertTrue(r.err().contains("whokilled: warning: not copied: pid 99999999: no such process"), r.err());
    assertTrue(r.out().startsWith("Captured 0 processes and "), r.out());
    assertTrue(Files.isRegularFile(snap.resolve("proc/stat")));
  }

  @Test
  void notEmpty_usageErrorAndNothingWritten() throws IOException {
    Files.writeString(dir.resolve("keep"), "x");

    Run r = run("snapshot", dir.toString());

    assertEquals(2, r.status());
    assertTrue(r.err().startsWith("whokilled: snapshot directory must be empty or absent: " + dir), r.err());
    assertTrue(r.err().contains("Try 'whokilled snapshot --help' for more information."), r.err());
    assertEquals(1, dir.toFile().list().length);
  }

  @Test
  void cannotWrite_ioErrorOneLine() throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "x");

    Run r = run("snapshot", file.resolve("snap").toString());

    assertEquals(1, r.status());
    assertEquals("whokilled: cannot write " + file.resolve("snap") + ": " + "not a directory", r.err().strip());
  }

  @Test
  void withoutDir_usageError() {
    Run r = run("snapshot");

    assertEquals(2, r.status());
    assertTrue(r.err().startsWith("whokilled: Missing required parameter: 'DIR'"), r.err());
  }
}
