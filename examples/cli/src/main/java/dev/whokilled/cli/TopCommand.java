package dev.whokilled.cli;

import dev.whokilled.facts.ProcessFacts;
import dev.whokilled.procfs.Procfs;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code whokilled top}: the processes the OOM killer would choose now, in its order: the highest
 * {@code oom_score} first.
 */
@Command(
    name = "top",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "The processes the OOM killer would choose now, in its order.",
    descriptionHeading = "%n",
    description = {
      "Reads every /proc/PID/oom_score (the kernel's badness: resident memory, swap and page tables as a share of "
          + "RAM and swap, plus oom_score_adj) and lists the processes the highest score first, as the kernel "
          + "chooses its victim on a system-wide OOM; of equal scores, the one with more memory, then the one "
          + "started last. Never listed, since the kernel never chooses them: kernel threads, pid 1, processes "
          + "with oom_score_adj -1000, zombies.",
      "With --root, the order when a tree was captured with 'whokilled snapshot'."
    },
    optionListHeading = "%nOptions:%n",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:the processes were read",
      "1:/proc, or the tree, cannot be read",
      "2:usage error"
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  whokilled top",
      "  whokilled top -n 0 --json        every candidate, as the whokilled/v1 document",
      "  whokilled top --root snap        from a tree captured with 'whokilled snapshot snap'"
    })
final class TopCommand extends MachineCommand {

  /** How many processes are shown unless told otherwise. */
  static final int DEFAULT_COUNT = 10;

  @Option(names = "-n", paramLabel = "N", defaultValue = "" + DEFAULT_COUNT,
      description = "Show the first N (default: ${DEFAULT-VALUE}); 0 shows all.")
  private int count;

  @Mixin private ReadOptions options = new ReadOptions();

  @Override
  public Integer call() throws IOException {
    if (count < 0) {
      throw usage("-n must be 0 (all) or more: " + count);
    }
    Procfs procfs;
    try {
      procfs = open(options);
    } catch (InputError e) {
      return failed(e);
    }
    List<ProcessFacts> order = procfs.oomOrder();
    List<ProcessFacts> shown = count == 0 || count >= order.size() ? order : order.subList(0, count);
    String when = options.root == null ? "now" : captured(options.root, procfs.host().taken());
    return print(options, (out, pretty) -> FactsJson.top(out, pretty, shown),
        out -> FactsText.top(out, shown, order.size(), when));
  }

  /** {@code when snap was captured (2026-11-22T15:31:52Z)}. */
  private static String captured(Path root, @Nullable Instant taken) {
    return "when " + root + " was captured" + (taken == null ? "" : " (" + taken.truncatedTo(ChronoUnit.SECONDS) + ")");
  }
}
