package dev.whokilled.procfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.whokilled.facts.ProcessFacts;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OOM killer's order: highest {@code oom_score} first, ties by pid, never one it cannot choose. */
final class OomOrderTest {

  @TempDir
  Path root;

  @Test
  void oomOrder_scoreThenPid_withoutTheUnkillable() {
    Trees.process(root, 1, "init", "S", 900, 0, 0x400100, "/");
    Trees.process(root, 2, "kthreadd", "S", 0, 0, 0x208040, "/");
    Trees.process(root, 300, "kworker", "I", 950, 0, 0x04208060, "/");
    Trees.process(root, 10, "low", "S", 100, 0, 0x400100, "/a");
    Trees.process(root, 11, "tie-b", "S", 500, 0, 0x400100, "/a");
    Trees.process(root, 9, "tie-a", "R", 500, 0, 0x400100, "/a");
    Trees.process(root, 12, "exempt", "S", 0, -1000, 0x400100, "/a");
    Trees.process(root, 13, "zombie", "Z", 0, 0, 0x400104, "/a");
    Trees.process(root, 14, "first", "D", 2000, 1000, 0x400100, "/a");
    Trees.process(root, 15, "dying", "X", 3, 0, 0x400100, "/a");
    Trees.write(root, "proc/16/status", "Name:\tunscored\nState:\tS (sleeping)\n");
    Trees.write(root, "proc/17/status", "Name:\tlegacy\nState:\tS (sleeping)\n");
    Trees.write(root, "proc/17/oom_score", "700\n");
    Trees.write(root, "proc/17/oom_adj", "-17\n"); // an old kernel: only oom_adj, and -17 exempts
    Trees.write(root, "proc/18/status", "Name:\tlegacy-ok\nState:\tS (sleeping)\n");
    Trees.write(root, "proc/18/oom_score", "700\n");
    Trees.write(root, "proc/18/oom_adj", "0\n");
    List<String> order = Procfs.at(root).oomOrder().stream().map(ProcessFacts::comm).toList();
    assertEquals(List.of("first", "legacy-ok", "tie-a", "tie-b", "low"), order);
  }
}
