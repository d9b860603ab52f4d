package dev.whokilled.parsers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.KillForensics;
import dev.whokilled.Parsers;
import dev.whokilled.Report;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A parser option a parser rejects is a warning in the report, and the other parsers still read. */
final class BadOptionTest {

  @Test
  void badStracePid_warnsAndTheRestStillReads() {
    Report report = KillForensics.builder()
        .parsers(Parsers.builtIns().withOption("whokilled-strace", "pid", "not-a-pid"))
        .build()
        .analyze(List.of("[   51.657164] Memory cgroup out of memory: Killed process 1742 (python3) "
            + "total-vm:75160kB, anon-rss:65132kB, file-rss:6644kB, shmem-rss:0kB, UID:0 pgtables:188kB "
            + "oom_score_adj:0"));
    assertTrue(report.warnings().stream().anyMatch(w -> w.contains("parser whokilled-strace was not used")
        && w.contains("not-a-pid")), report.warnings().toString());
    assertEquals(1, report.deaths().size());
  }
}
