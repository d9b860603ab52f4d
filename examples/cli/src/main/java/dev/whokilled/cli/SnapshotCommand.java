package dev.whokilled.cli;

import dev.whokilled.procfs.Procfs;
import dev.whokilled.procfs.Snapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code whokilled snapshot DIR}: copies what matters of this machine's {@code /proc} and {@code /sys/fs/cgroup}
 * into a directory, to be read elsewhere with {@code --root DIR} or {@code --facts DIR}.
 */
@Command(
    name = "snapshot",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Captures what matters of this machine's /proc and /sys/fs/cgroup into DIR, to analyse elsewhere.",
    descriptionHeading = "%n",
    description = {
      "Copies, each file as it is: the boot time and id, uptime, core_pattern and its companions, the vm OOM "
          + "settings, meminfo and memory pressure; of every process (or those named with --pid) status, stat, "
          + "limits, cgroup, cmdline, oom_score, oom_score_adj and oom_adj; and the memory files of their memory "
          + "cgroups. DIR must be empty or absent. Run it as root to read every process.",
      "Read the copy on any machine with 'whokilled facts --root DIR', 'whokilled top --root DIR', or "
          + "'whokilled --facts DIR FILE...' (the logs analysed with the copied facts)."
    },
    parameterListHeading = "%nArguments:%n",
    optionListHeading = "%nOptions:%n",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:the snapshot was written (what could not be copied is a warning)",
      "1:/proc cannot be read, or DIR cannot be written",
      "2:usage error (DIR is not empty, a bad option value)"
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  whokilled snapshot /tmp/snap && tar czf snap.tgz -C /tmp snap",
      "  whokilled snapshot --pid 812 --pid 813 /tmp/snap"
    })
final class SnapshotCommand extends MachineCommand {

  @Parameters(paramLabel = "DIR", arity = "1", description = "Where to write the tree; empty or absent.")
  private Path dir = Path.of("");

  @Option(names = "--pid", paramLabel = "N",
      description = "Capture this process only, with the host's files. Repeatable. Default: every process.")
  private List<Long> pids = new ArrayList<>();

  @Override
  public Integer call() {
    checkNothingBefore();
    Procfs live;
    try {
      live = open(null, "");
    } catch (InputError e) {
      return failed(e);
    }
    Snapshot.Result r;
    try {
      r = pids.isEmpty() ? Snapshot.capture(live, dir)
          : Snapshot.capture(live, dir, pids.stream().mapToLong(Long::longValue).toArray());
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    } catch (IOException e) {
      err().println("whokilled: cannot write " + dir + ": " + Inputs.reason(e));
      return 1;
    }
    for (String s : r.skipped()) {
      warn("not copied: " + s);
    }
    out().println("Captured " + r.processes() + " process" + (r.processes() == 1 ? "" : "es") + " and "
        + r.cgroups() + " memory cgroup" + (r.cgroups() == 1 ? "" : "s") + " (" + r.files() + " files) into "
        + TextRenderer.clean(dir.toString()) + ".");
    out().flush();
    return 0;
  }
}
