package dev.whokilled.procfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.whokilled.facts.ProcessFacts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OOM killer's order: the highest {@code oom_score} first, then what its rounding hides, never one it cannot
 * choose.
 */
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
    assertEquals(List.of("first", "legacy-ok", "tie-b", "tie-a", "low"), order);
  }

  @Test
  void oomOrder_equalScores_moreMemoryThenStartedLast() {
    Trees.process(root, 20, "small-old", "S", 700, 0, 0x400100, "/a");
    Trees.process(root, 21, "big-old", "S", 700, 0, 0x400100, "/a");
    Trees.process(root, 22, "small-new", "S", 700, 0, 0x400100, "/a");
    Trees.process(root, 5, "small-newest", "S", 700, 0, 0x400100, "/a"); // a pid reused after a wrap
    Trees.write(root, "proc/21/status", "Name:\tbig-old\nState:\tS (sleeping)\nVmRSS:\t    1020 kB\n"
        + "VmSwap:\t      8 kB\n");
    replaceStart(22, 600);
    replaceStart(5, 700);
    List<String> order = Procfs.at(root).oomOrder().stream().map(ProcessFacts::comm).toList();
    // the score rounds the badness: more memory is the higher badness; of equal ones the kernel keeps the last
    // in its walk of the task list, which runs in order of creation
    assertEquals(List.of("big-old", "small-newest", "small-new", "small-old"), order);
  }

  private void replaceStart(long pid, long ticks) {
    Path stat = root.resolve("proc/" + pid + "/stat");
    try {
      Files.writeString(stat, Files.readString(stat).replace(" 1 0 500 ", " 1 0 " + ticks + " "));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
