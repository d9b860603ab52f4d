package dev.whokilled.cli;

import dev.whokilled.Analyzer;
import dev.whokilled.Death;
import dev.whokilled.DeathQuery;
import dev.whokilled.KillForensics;
import dev.whokilled.Parsers;
import dev.whokilled.Report;
import dev.whokilled.Session;
import dev.whokilled.cli.Analysis.SourceRead;
import dev.whokilled.facts.HostFacts;
import dev.whokilled.framing.Format;
import dev.whokilled.framing.Framing;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code whokilled} command: who killed my process, and why.
 *
 * <p>Reads the named log files (or, with none, this machine's kernel log, journal and syslog files), and prints
 * for every process that died what killed it, how sure that is, and the evidence: as a report for people, or
 * with {@code --json} as the {@code whokilled/v1} document of DESIGN.md. Exit status 0 when the analysis ran
 * (whether or not anything died), 1 when an input cannot be read, 2 on a usage error.
 *
 * @since 0.1
 */
@Command(
    name = "whokilled",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    headerHeading = "",
    header = "Who killed my process, and why: reads Linux logs and explains every process death.",
    descriptionHeading = "%n",
    description = {
      "With FILE arguments, reads only those (- is standard input, gzip is decompressed); each is cited "
          + "by its file name in the evidence (kern.log:4812).",
      "Without, reads this machine: the kernel ring buffer (dmesg -r), the kernel's journal "
          + "(journalctl -k) and /var/log/kern.log, messages and syslog, each when present, and turns times "
          + "since boot into wall-clock times with the boot time from /proc/stat. The verdicts also use what "
          + "/proc and /sys/fs/cgroup show now (OOM score adjustments, core limits, signal handlers, the memory "
          + "cgroups' OOM kill counters); --facts gives a run with FILEs the same, captured on the machine that "
          + "wrote them.",
      "The commands facts, top and snapshot read /proc itself, and watch follows the live logs (whokilled "
          + "COMMAND --help); to read a FILE named like one of them, write ./facts.",
      "On a terminal the report is coloured (--color, NO_COLOR) and wrapped, and a progress bar shows on standard "
          + "error while large inputs are read."
    },
    parameterListHeading = "%nArguments:%n",
    optionListHeading = "%nOptions:%n",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:the analysis ran, whether or not anything died",
      "1:an input cannot be read (missing, a directory, no permission, a read that fails); the others are "
          + "analysed all the same",
      "2:usage error (an unknown option, a bad option value)"
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  whokilled                        this machine: kernel log, journal, /var/log",
      "  whokilled kern.log kern.log.1    two files; evidence cites kern.log:4812",
      "  whokilled --json kern.log.2.gz   the whokilled/v1 JSON document",
      "  whokilled --html deaths.html     also a page: timeline, OOM killer's choice",
      "  dmesg -r | whokilled -           standard input",
      "  ssh web1 journalctl -k -o json | whokilled --json -",
      "  whokilled --format syslog --year 2017 --zone Europe/Berlin messages",
      "  whokilled --boot-time 2024-05-01T08:00:00Z dmesg.txt",
      "                                   uptime stamps to wall-clock times",
      "  whokilled facts --pid 812        what /proc shows of a process",
      "  whokilled top                    the OOM killer's choice now, in order",
      "  whokilled snapshot /tmp/snap     capture /proc on the sick machine; elsewhere:",
      "  whokilled --facts snap kern.log  its logs, analysed with the captured facts",
      "  whokilled --pid 4242 --since '2h ago' --timeline kern.log strace.out",
      "                                   what each witness said of pid 4242's end",
      "  whokilled --explain 3 kern.log   death 3 of the report, each witness's word",
      "  whokilled watch                  deaths as they happen, until Ctrl-C"
    })
public final class Main implements Callable<Integer> {

  @Spec private @Nullable CommandSpec spec;

  @Option(names = "--json", description = "Print the whokilled/v1 JSON document instead of the report.")
  private boolean json;

  @Option(names = "--pretty", description = "Indent the JSON.")
  private boolean pretty;

  @Option(
      names = "--year",
      paramLabel = "N",
      converter = Converters.YearConverter.class,
      description = "The year of time stamps written without one (syslog, journalctl short). "
          + "Default: the current year, or the year before for a stamp that would lie in the future.")
  private @Nullable Integer year;

  @Option(
      names = "--zone",
      paramLabel = "ZONE",
      converter = Converters.ZoneConverter.class,
      description = "The zone of time stamps written without one, and of the times shown "
          + "(UTC, +02:00, Europe/Berlin). Default: this machine's zone.")
  private @Nullable ZoneId zone;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      converter = Converters.FormatConverter.class,
      completionCandidates = Converters.FormatNames.class,
      description = "Read every line of the FILEs in this format, instead of detecting each line's format. "
          + "One of: ${COMPLETION-CANDIDATES}.")
  private @Nullable Format format;

  @Option(
      names = "--boot-time",
      paramLabel = "ISO-INSTANT",
      converter = Converters.InstantConverter.class,
      description = "When the machine that wrote the logs booted (2024-05-01T08:00:00Z), to turn times since "
          + "boot into wall-clock times. Default: for FILEs, that of --facts DIR or none; for this machine, "
          + "/proc/stat's.")
  private @Nullable Instant bootTime;

  @Option(
      names = "--parser-option",
      paramLabel = "ID.KEY=VALUE",
      description = "An option for one parser, such as whokilled-strace.pid=4242 (the traced pid of strace "
          + "output without a pid column). Repeatable.")
  private Map<String, String> parserOptions = new LinkedHashMap<>();

  @Mixin private QueryOptions query = new QueryOptions();

  @Option(
      names = "--facts",
      paramLabel = "DIR",
      description = "A tree captured with 'whokilled snapshot DIR' on the machine that wrote the FILEs: its boot "
          + "time and the facts of its processes and memory cgroups go into the verdicts, as a run on that "
          + "machine would use them.")
  private @Nullable Path facts;

  @Option(
      names = "--html",
      paramLabel = "PAGE",
      description = "Also write the report as a self-contained HTML page: a timeline of the deaths and, for each "
          + "OOM kill with a task table, a chart of the candidates' memory against their oom_score_adj.")
  private @Nullable Path html;

  @Option(
      names = "--explain",
      paramLabel = "N",
      description = "Show death N of the report, as the report numbers them (after --pid, --name, --container, "
          + "--since and --until), and what each witness said of it, in time order, with file:line.")
  private @Nullable Integer explain;

  @Mixin private ColorOption color = new ColorOption();

  @Parameters(paramLabel = "FILE", arity = "0..*", description = "Log files to read; - is standard input.")
  private List<String> files = new ArrayList<>();

  private final InputStream stdin;
  private final MachineSources machine;
  private final Terminal terminal;

  /** The command as {@code java -jar} runs it: standard input and this machine's logs. */
  public Main() {
    this(System.in, new MachineSources(MachineSources.Plan.live()), Terminal.of());
  }

  /**
   * The command with its inputs given, for tests.
   *
   * @param stdin what {@code -} reads
   * @param machine what a run without FILE arguments reads
   * @param terminal what standard output and error are
   */
  Main(InputStream stdin, MachineSources machine, Terminal terminal) {
    this.stdin = stdin;
    this.machine = machine;
    this.terminal = terminal;
  }

  /**
   * Runs the command and exits with its status.
   *
   * @param args the command line
   */
  public static void main(String... args) {
    CommandLine cmd = commandLine(new Main());
    // JSON is UTF-8 (RFC 8259) whatever the locale; people's terminals are UTF-8 nearly everywhere too. Standard
    // output is written to its descriptor, not through System.out, which would swallow the error of a pipe whose
    // reader went away (watch --json | head -1 must end, not write into nothing)
    cmd.setOut(new PrintWriter(new OutputStreamWriter(
        new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), StandardCharsets.UTF_8), true));
    cmd.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
    int status;
    try {
      status = cmd.execute(args);
    } catch (OutOfMemoryError | StackOverflowError e) {
      // not an Exception, so past picocli's handler; still one line, no stack trace
      cmd.getErr().println("whokilled: internal error: " + e);
      status = CommandLine.ExitCode.SOFTWARE;
    }
    cmd.getOut().flush();
    cmd.getErr().flush();
    System.exit(status);
  }

  /**
   * The command line of a command, with whokilled's error handling: a usage error is one line and a hint
   * (status 2), an unexpected failure one line (status 1), never a stack trace.
   *
   * @param main the command
   * @return its command line, writing to {@code System.out} and {@code System.err} unless told otherwise
   */
  static CommandLine commandLine(Main main) {
    return commandLine(main, new WatchCommand());
  }

  /**
   * The command line of a command with its watch given, for tests.
   *
   * @param main the command
   * @param watch its {@code watch} command
   * @return its command line
   */
  static CommandLine commandLine(Main main, WatchCommand watch) {
    CommandLine cmd = new CommandLine(main);
    // added here, not in @Command, so that the log analysis's options and help stay as they were
    cmd.addSubcommand(new FactsCommand());
    cmd.addSubcommand(new TopCommand());
    cmd.addSubcommand(new SnapshotCommand());
    cmd.addSubcommand(watch);
    cmd.setParameterExceptionHandler(
        (e, args) -> {
          CommandLine c = e.getCommandLine();
          PrintWriter err = c.getErr();
          err.println("whokilled: " + e.getMessage());
          UnmatchedArgumentException.printSuggestions(e, err);
          err.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
          err.flush();
          return c.getCommandSpec().exitCodeOnInvalidInput();
        });
    cmd.setExecutionExceptionHandler(
        (e, c, parsed) -> {
          c.getErr().println("whokilled: internal error: " + e);
          c.getErr().flush();
          return CommandLine.ExitCode.SOFTWARE;
        });
    return cmd;
  }

  /**
   * Reads the inputs, analyses them and prints the result.
   *
   * @return the exit status: 0, or 1 when an input cannot be read (the others are analysed all the same)
   * @throws IOException if the output cannot be written
   * @throws ParameterException if the options contradict each other
   */
  @Override
  public Integer call() throws IOException {
    CommandLine cmd = spec().commandLine();
    PrintWriter out = cmd.getOut();
    PrintWriter err = cmd.getErr();
    if (format != null && files.isEmpty()) {
      throw new ParameterException(
          cmd, "--format needs FILE arguments: this machine's sources are each read in their own format");
    }
    if (pretty && !json) {
      throw new ParameterException(cmd, "--pretty needs --json");
    }
    if (facts != null && files.isEmpty()) {
      throw new ParameterException(
          cmd, "--facts needs FILE arguments: a run on this machine reads its own /proc");
    }
    if (explain != null && explain < 1) {
      throw new ParameterException(cmd, "--explain must be 1 or more (a death's number in the report): " + explain);
    }
    if (explain != null && (json || query.timeline)) {
      throw new ParameterException(cmd, "--explain shows one death for people and does not go with "
          + (json ? "--json" : "--timeline, which shows every death's timeline"));
    }
    if (query.timeline && json) {
      throw new ParameterException(cmd, "--timeline is for people and does not go with --json");
    }
    ZoneId shown = zone != null ? zone : ZoneId.systemDefault();
    DeathQuery wanted;
    try {
      wanted = query.query(shown, Clock.systemUTC());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(cmd, e.getMessage());
    }
    SettledDeaths settled = settles() ? SettledDeaths.tryOpen(wanted) : null;
    try {
      return analyse(cmd, out, err, shown, wanted, settled);
    } finally {
      if (settled != null) {
        settled.close();
      }
    }
  }

  /**
   * Whether the deaths of the one file are written out as it is read: JSON for programs, of a file that can be read
   * again when a late line changes a death written out already. Only a regular file can: a pipe, a FIFO or
   * {@code /dev/stdin} read a second time gives nothing, or waits for a writer that never comes.
   */
  private boolean settles() {
    if (!json || pretty || html != null || files.size() != 1 || files.get(0).equals(FileSources.STDIN)) {
      return false;
    }
    try {
      return Files.isRegularFile(Path.of(files.get(0)));
    } catch (InvalidPathException e) {
      return false; // the read says why the name is no file
    }
  }

  private int analyse(CommandLine cmd, PrintWriter out, PrintWriter err, ZoneId shown, DeathQuery wanted,
      @Nullable SettledDeaths settledOrNull) throws IOException {
    SettledDeaths settled = settledOrNull;
    List<String> warnings = new ArrayList<>();
    Report report;
    List<SourceRead> sources;
    int status = 0;
    // closed by hand once the files are read, before their messages are printed; the finally is for the throws
    Progress progress = Progress.of(terminal, err);
    try {
      if (files.isEmpty()) {
        Session session = analyzer(machine.facts()).newSession();
        sources = machine.read(session, warnings::add, progress);
        report = session.report();
        // printed once the progress line is cleared, as the files' are, not across it
        progress.close();
        for (String w : warnings) {
          err.println("whokilled: warning: " + w);
        }
        err.flush();
      } else {
        HostFacts captured;
        try {
          captured = facts == null ? HostFacts.NONE : MachineCommand.open(facts, "--facts").facts();
        } catch (InputError e) {
          err.println("whokilled: " + e.getMessage());
          return 1;
        }
        Session session = analyzer(captured).newSession();
        if (settled != null) {
          // the deaths of a large file are written out as it is read, not held to the end
          session.settleInto(SettledDeaths.MARGIN, settled);
        }
        FileSources.Outcome read = FileSources.read(files, session, stdin, progress);
        Report whole = session.report();
        if (settled != null && !session.settledIntact()) {
          // a line read late changed a death written out already: the file is read again, whole (the caller
          // deletes the file of deaths)
          settled = null;
          session = analyzer(captured).newSession();
          read = FileSources.read(files, session, stdin, progress);
          whole = session.report();
        }
        progress.close();
        for (String e : read.errors()) {
          err.println("whokilled: " + e);
        }
        for (String w : read.warnings()) {
          err.println("whokilled: warning: " + w);
        }
        err.flush();
        if (read.read().isEmpty()) {
          return 1; // nothing could be read: there is no analysis to show
        }
        // the files that could be read are analysed all the same; the status says that some could not
        status = read.errors().isEmpty() ? 0 : 1;
        warnings.addAll(read.errors());
        warnings.addAll(read.warnings());
        sources = read.read();
        report = whole;
      }
    } finally {
      progress.close();
    }
    Analysis analysis = new Analysis(report.only(wanted), sources, warnings);
    if (html != null) {
      try (PrintWriter page = new PrintWriter(Files.newBufferedWriter(html, StandardCharsets.UTF_8))) {
        new HtmlRenderer(shown, VersionProvider.version()).write(analysis, page);
        if (page.checkError()) {
          throw new IOException("write failed");
        }
      } catch (IOException e) {
        err.println("whokilled: cannot write " + html + ": " + Inputs.reason(e));
        return 1;
      }
    }
    if (json) {
      JsonRenderer.write(analysis, settled, out, pretty);
      out.println();
    } else if (explain != null) {
      List<Death> shownDeaths = analysis.report().deaths();
      if (explain > shownDeaths.size()) {
        throw new ParameterException(cmd, "--explain " + explain + ": the report has " + shownDeaths.size()
            + (shownDeaths.size() == 1 ? " death" : " deaths"));
      }
      new TextRenderer(shown, Style.of(terminal.colour(color.when)), terminal.width())
          .explain(explain, shownDeaths.get(explain - 1), out);
    } else if (query.timeline) {
      TimelineRenderer timeline = new TimelineRenderer(shown);
      int n = 0;
      for (Death d : analysis.report().deaths()) {
        timeline.write(++n, d, out);
        out.println();
      }
      if (n == 0) {
        out.println("No death of " + wanted + ".");
      }
    } else {
      new TextRenderer(shown, Style.of(terminal.colour(color.when)), terminal.width()).write(analysis, out);
    }
    out.flush();
    return status;
  }

  /** The analyzer of the options, with the host's facts; a --boot-time given overrides theirs. */
  private Analyzer analyzer(HostFacts hostFacts) {
    Framing framing = format == null ? Framing.auto() : Framing.of(format);
    if (year != null) {
      framing = framing.withYear(year);
    }
    if (zone != null) {
      framing = framing.withZone(zone);
    }
    KillForensics.Builder builder = KillForensics.builder().framing(framing);
    if (!parserOptions.isEmpty()) {
      Parsers parsers = Parsers.builtIns();
      for (Map.Entry<String, String> o : parserOptions.entrySet()) {
        int dot = o.getKey().indexOf('.');
        String id = dot < 0 ? "" : o.getKey().substring(0, dot);
        if (dot <= 0 || dot == o.getKey().length() - 1) {
          throw new ParameterException(spec().commandLine(),
              "--parser-option needs ID.KEY=VALUE, not " + o.getKey() + "=" + o.getValue());
        }
        if (parsers.find(id).isEmpty()) {
          throw new ParameterException(spec().commandLine(),
              "--parser-option: no parser " + id + "; the parsers are " + String.join(", ", parsers.ids()));
        }
        parsers = parsers.withOption(id, o.getKey().substring(dot + 1), o.getValue());
      }
      builder.parsers(parsers);
    }
    builder.hostFacts(hostFacts);
    if (bootTime != null) {
      builder.bootTime(bootTime);
    }
    return builder.build();
  }

  private CommandSpec spec() {
    if (spec == null) {
      throw new IllegalStateException("not run through picocli");
    }
    return spec;
  }
}
