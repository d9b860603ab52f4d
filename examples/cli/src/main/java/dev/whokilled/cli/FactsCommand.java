package dev.whokilled.cli;

import dev.whokilled.facts.CgroupFacts;
import dev.whokilled.facts.HostFacts;
import dev.whokilled.facts.ProcessFacts;
import dev.whokilled.procfs.Procfs;
import java.io.IOException;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code whokilled facts --pid N}: what {@code /proc} shows of one process, the things that decide how it can die:
 * its OOM score and adjustment, memory, core limit and whether a crash would leave a core, the signals it catches,
 * ignores and blocks, and its memory cgroup's limit, usage and OOM kills.
 */
@Command(
    name = "facts",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "What /proc shows of one process: OOM score, memory, core limit, signal handling, memory cgroup.",
    descriptionHeading = "%n",
    description = {
      "Reads /proc/PID (status, stat, limits, cgroup, cmdline, oom_score, oom_score_adj), the host's core_pattern, "
          + "and the process's memory cgroup under /sys/fs/cgroup (v1 or v2); with --root, the same files of a "
          + "tree captured with 'whokilled snapshot'. What cannot be read (the process ended while read, a file "
          + "it may not read) is shown as not read, with a warning.",
      "With --json, prints the whokilled/v1 document: memory and limits in bytes, a limit of null is unlimited, "
          + "every other null is not read."
    },
    optionListHeading = "%nOptions:%n",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:the process was read",
      "1:there is no such process, or the tree cannot be read",
      "2:usage error"
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  whokilled facts --pid 812",
      "  whokilled facts --pid 812 --json",
      "  whokilled facts --root snap --pid 812   from a tree captured with 'whokilled snapshot snap'"
    })
final class FactsCommand extends MachineCommand {

  @Option(names = "--pid", paramLabel = "N", required = true, description = "The process.")
  private long pid;

  @Mixin private ReadOptions options = new ReadOptions();

  @Override
  public Integer call() throws IOException {
    if (pid <= 0) {
      throw usage("--pid must be positive: " + pid);
    }
    Procfs procfs;
    try {
      procfs = open(options);
    } catch (InputError e) {
      return failed(e);
    }
    HostFacts facts = procfs.facts(pid);
    Optional<ProcessFacts> found = facts.findProcess(pid);
    if (found.isEmpty()) {
      err().println("whokilled: no process " + pid + " in " + procfs.root().resolve("proc"));
      return 1;
    }
    ProcessFacts p = found.get();
    CgroupFacts cgroup = p.memoryCgroup().flatMap(facts::findCgroup).orElse(null);
    for (String u : p.unread()) {
      warn("pid " + pid + ": " + u);
    }
    String own = "cgroup " + p.memoryCgroup().orElse("") + ": ";
    for (String u : facts.unread()) {
      // of the host's facts only those shown here: core dump settings and the process's own cgroup
      if (u.startsWith("/proc/sys/kernel/core_") || u.startsWith(own)) {
        warn(u);
      }
    }
    return print(options, (out, pretty) -> FactsJson.facts(out, pretty, p, cgroup, facts.coreDumps()),
        out -> FactsText.facts(out, p, cgroup, facts.coreDumps(), facts.bootTime()));
  }
}
