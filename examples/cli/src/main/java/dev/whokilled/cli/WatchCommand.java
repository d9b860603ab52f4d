package dev.whokilled.cli;

import dev.whokilled.Analyzer;
import dev.whokilled.KillForensics;
import dev.whokilled.facts.HostFacts;
import dev.whokilled.framing.Format;
import dev.whokilled.framing.Framing;
import dev.whokilled.procfs.Procfs;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code whokilled watch}: follows the live kernel log and the journal and tells of each death as it happens, until
 * stopped by SIGINT (Ctrl-C) or SIGTERM; then it says how many deaths it saw and exits with status 0.
 */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Follows the live kernel log and journal, and tells of each death as it happens.",
    descriptionHeading = "%n",
    description = {
      "Reads /dev/kmsg from now on (the kernel's OOM kills, segfaults and traps, as the kernel writes them) and, "
          + "where journald runs, the journal's service managers, systemd-coredump, userspace OOM killers and "
          + "container runtimes (journalctl -f; started again after the last entry read if it ends). Each death is "
          + "told once, within a second of its last line: two lines for people, or with --json one object a line, "
          + "the death objects of the whokilled/v1 document. A later witness that changes the verdict (another "
          + "cause, the killer, the container) tells the death again: for people as an update, in JSON as the "
          + "whole object again, the same victim and time.",
      "Warnings (records the kernel overwrote before they were read, a journal that stopped) go to standard error. "
          + "Deaths are remembered for twenty minutes, so memory stays small however long it runs.",
      "With -, reads standard input instead (such as journalctl -f -o json from another machine) until it ends."
    },
    parameterListHeading = "%nArguments:%n",
    optionListHeading = "%nOptions:%n",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:stopped by SIGINT or SIGTERM, or standard input ended",
      "1:nothing to watch: /dev/kmsg cannot be read and journald does not run",
      "2:usage error"
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  whokilled watch                  as root: deaths as they happen, until Ctrl-C",
      "  whokilled watch --json | jq -c 'select(.cause | test(\"oom\"))'",
      "                                   memory kills, a JSON line each, to alert on",
      "  ssh web1 journalctl -f -o json | whokilled watch -"
    })
final class WatchCommand extends MachineCommand {

  /** The death count the watch prints last: {@code whokilled: stopped (3 deaths seen)}. */
  static final String STOPPED = "whokilled: stopped (%d %s seen)";

  @Option(names = "--json", description = "Print each death as one JSON object a line (the whokilled/v1 death).")
  private boolean json;

  @Mixin private ColorOption color = new ColorOption();

  @Option(
      names = "--zone",
      paramLabel = "ZONE",
      converter = Converters.ZoneConverter.class,
      description = "The zone of the times shown (UTC, +02:00, Europe/Berlin). Default: this machine's zone.")
  private @Nullable ZoneId zone;

  @Parameters(paramLabel = "-", arity = "0..1",
      description = "Read standard input instead of this machine's logs, until it ends.")
  private @Nullable String input;

  /**
   * Where the watch reads, and how it stops.
   *
   * @param kmsg the feed of the kernel log, for a framing
   * @param journal {@code journalctl -f -o json --no-pager}: the journal feed's command, matches to be added
   * @param journalPresent whether journald runs now
   * @param journalBackoff the first wait before starting {@code journalctl} again
   * @param facts the host's facts (boot time, core dump and OOM settings), read once at the start
   * @param stdin what {@code -} reads
   * @param terminal what standard output and error are
   * @param shutdownHook whether SIGINT and SIGTERM stop the watch (the process's shutdown hook)
   * @param settings the watch's pace
   */
  record Plan(Function<Framing, KmsgFeed> kmsg, List<String> journal, BooleanSupplier journalPresent,
      Duration journalBackoff, Supplier<HostFacts> facts, InputStream stdin, Terminal terminal, boolean shutdownHook,
      Watch.Settings settings) {

    /**
     * Copies the list.
     *
     * @param kmsg the kernel log's feed
     * @param journal the journal's command
     * @param journalPresent whether journald runs
     * @param journalBackoff the first wait before a restart
     * @param facts the host's facts
     * @param stdin standard input
     * @param terminal the terminal
     * @param shutdownHook whether signals stop the watch
     * @param settings the pace
     */
    Plan {
      journal = List.copyOf(journal);
    }

    /**
     * This machine.
     *
     * @return the plan
     */
    static Plan live() {
      return new Plan(
          KmsgFeed::live,
          List.of("journalctl", "-f", "-o", "json", "--no-pager"),
          // journald's socket: journalctl -f with no journald waits silently for ever
          () -> MachineSources.onPath("journalctl") != null
              && Files.exists(Path.of("/run/systemd/journal/socket")),
          Duration.ofSeconds(1),
          () -> Procfs.live().host(),
          System.in,
          Terminal.of(),
          true,
          Watch.Settings.DEFAULT);
    }
  }

  private final Plan plan;

  /** The command on this machine. */
  WatchCommand() {
    this(Plan.live());
  }

  /**
   * The command with its sources given, for tests.
   *
   * @param plan where it reads
   */
  WatchCommand(Plan plan) {
    this.plan = plan;
  }

  @Override
  public Integer call() {
    checkNothingBefore();
    if (input != null && !input.equals(FileSources.STDIN)) {
      throw usage("watch reads this machine's live logs, or standard input (-); to analyse " + input
          + ", run whokilled " + input);
    }
    PrintWriter out = out();
    PrintWriter err = err();
    ZoneId shown = zone != null ? zone : ZoneId.systemDefault();
    // facts of the host only: those of the processes now say nothing of processes that die later
    HostFacts facts = plan.facts().get();
    Analyzer analyzer = KillForensics.builder().framing(Framing.auto().withZone(shown)).hostFacts(facts).build();
    List<Watch.Feed> feeds = new ArrayList<>();
    String watching;
    String later = "";
    if (input != null) {
      feeds.add(new StreamFeed(FileSources.STDIN, plan.stdin(), Framing.auto().withZone(shown)));
      watching = "standard input";
    } else {
      KmsgFeed kmsg = plan.kmsg().apply(Framing.of(Format.KMSG).withZone(shown));
      String kmsgError = null;
      try {
        kmsg.open();
        feeds.add(kmsg);
      } catch (IOException e) {
        kmsgError = "cannot read " + kmsg.device() + ": " + Inputs.reason(e);
      }
      List<String> command = new ArrayList<>(plan.journal());
      command.addAll(MachineSources.journalMatches(kmsgError != null));
      JournalFeed journal = new JournalFeed(command, plan.journalPresent(), plan.journalBackoff());
      boolean journald = journal.present();
      if (kmsgError != null && !journald) {
        err.println("whokilled: nothing to watch: " + kmsgError
            + (kmsgError.endsWith("permission denied") ? " (run as root)" : "") + ", and journald does not run");
        return 1;
      }
      if (kmsgError != null) {
        warn(kmsgError + "; the kernel's records are read from the journal");
      }
      feeds.add(journal);
      watching = kmsgError != null ? "the journal (the kernel's records too)"
          : "the kernel log (" + kmsg.device() + ")" + (journald ? " and the journal" : "");
      later = kmsgError == null && !journald ? " (the journal too, once journald runs)" : "";
    }
    Style style = Style.of(plan.terminal().colour(color.when));
    Function<PrintWriter, WatchOutput> outputTo = to -> json ? WatchOutput.json(to, err)
        : WatchOutput.text(to, err, shown, style);
    WatchOutput output = outputTo.apply(out);
    Watch watch = new Watch(analyzer, output, plan.settings());
    CountDownLatch done = new CountDownLatch(1);
    if (plan.shutdownHook()) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stopOnSignal(watch, done), "whokilled-stop"));
    }
    err.println("whokilled: watching " + watching + " from "
        + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx", Locale.ROOT).format(Instant.now().atZone(shown))
        + later + "; Ctrl-C stops");
    err.flush();
    Warmup.start(analyzer, Framing.of(Format.KMSG).withZone(shown), outputTo::apply);
    try {
      int seen = watch.run(feeds);
      out.flush();
      err.println(String.format(Locale.ROOT, STOPPED, seen, seen == 1 ? "death" : "deaths"));
      err.flush();
      return 0;
    } finally {
      // a watch that failed is done too: the hook must not wait for it and end the process with status 0
      done.countDown();
    }
  }

  /**
   * The shutdown hook: on SIGINT or SIGTERM (the watch still running), stops it, lets it tell its last deaths and
   * the stopped line, and ends the process with status 0: a signal is how a watch is meant to end. A hook of a
   * normal exit (standard input ended) finds the watch done, and leaves the status alone.
   */
  private static void stopOnSignal(Watch watch, CountDownLatch done) {
    if (done.getCount() == 0) {
      return;
    }
    watch.stop();
    try {
      done.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(0);
  }
}
