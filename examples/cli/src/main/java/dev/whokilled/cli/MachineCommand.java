package dev.whokilled.cli;

import dev.whokilled.procfs.Procfs;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * What the commands that read the machine itself ({@code facts}, {@code top}, {@code snapshot}) share: where they
 * read, and a check that nothing meant for the log analysis came before their name.
 *
 * <p>picocli takes an argument that is a command's name as that command wherever it stands, so
 * {@code whokilled kern.log top} would run {@code top} and drop {@code kern.log}; such a command line is a usage
 * error that says how to name a file called {@code top} ({@code ./top}).
 */
abstract class MachineCommand implements Callable<Integer> {

  @Spec private @Nullable CommandSpec spec;

  /**
   * The command's specification, as picocli injected it.
   *
   * @return the specification
   */
  final CommandSpec spec() {
    if (spec == null) {
      throw new IllegalStateException("not run through picocli");
    }
    return spec;
  }

  /** Where the command prints its result. */
  final PrintWriter out() {
    return spec().commandLine().getOut();
  }

  /** Where the command prints errors and warnings. */
  final PrintWriter err() {
    return spec().commandLine().getErr();
  }

  /**
   * A usage error of this command.
   *
   * @param message what is wrong, lowercase, naming the option and value
   * @return the exception to throw
   */
  final ParameterException usage(String message) {
    return new ParameterException(spec().commandLine(), message);
  }

  /**
   * Prints a warning, one line.
   *
   * @param warning what could not be read or done
   */
  final void warn(String warning) {
    err().println("whokilled: warning: " + TextRenderer.clean(warning));
  }

  /**
   * Fails when the command line gave the log analysis arguments before this command's name.
   *
   * @throws ParameterException if it did
   */
  final void checkNothingBefore() {
    CommandSpec parent = spec().parent();
    if (parent == null) {
      return;
    }
    ParseResult before = parent.commandLine().getParseResult();
    String name = spec().name();
    if (before != null && !before.matchedPositionals().isEmpty()) {
      throw usage("'" + name + "' is a command of its own, not a FILE: to read a file named " + name + ", write ./"
          + name);
    }
    if (before != null && !before.matchedOptions().isEmpty()) {
      List<String> names = new ArrayList<>();
      for (OptionSpec o : before.matchedOptions()) {
        names.add(o.longestName());
      }
      throw usage(String.join(", ", names) + " belong" + (names.size() == 1 ? "s" : "")
          + " to the log analysis, not to '" + name + "'; give " + name + "'s options after its name");
    }
  }

  /**
   * Checks the command line of {@code facts} or {@code top}, and opens the tree it reads.
   *
   * @param options the command's options
   * @return the tree's reader
   * @throws ParameterException if the command line is wrong
   * @throws InputError if the tree cannot be read
   */
  final Procfs open(ReadOptions options) throws InputError {
    checkNothingBefore();
    if (options.pretty && !options.json) {
      throw usage("--pretty needs --json");
    }
    return open(options.root, "--root");
  }

  /**
   * Prints a result: as JSON, or for people.
   *
   * @param options the command's options
   * @param json writes the JSON document, without a final line break
   * @param text writes the text
   * @return the exit status, 0
   * @throws IOException if the JSON cannot be written
   */
  final int print(ReadOptions options, JsonWriter json, Consumer<PrintWriter> text) throws IOException {
    PrintWriter out = out();
    if (options.json) {
      json.write(out, options.pretty);
      out.println();
    } else {
      text.accept(out);
    }
    out.flush();
    return 0;
  }

  /** Writes a JSON document. */
  interface JsonWriter {
    /**
     * Writes it.
     *
     * @param out where
     * @param pretty whether to indent
     * @throws IOException if writing fails
     */
    void write(Writer out, boolean pretty) throws IOException;
  }

  /**
   * The tree a command reads: this machine, or a directory captured with {@code whokilled snapshot}.
   *
   * @param root the captured tree, or {@code null} for this machine
   * @param option the option that named it, for messages
   * @return its reader
   * @throws InputError if the directory (or this machine's {@code /proc}) is not there, or holds no {@code proc}
   */
  static Procfs open(@Nullable Path root, String option) throws InputError {
    if (root == null) {
      Procfs live = Procfs.live();
      if (!Files.isDirectory(live.root().resolve("proc"))) {
        throw new InputError("/proc", "no such directory (not Linux?)");
      }
      return live;
    }
    if (!Files.exists(root)) {
      throw new InputError(root.toString(), "no such directory (" + option + ")");
    }
    if (!Files.isDirectory(root)) {
      throw new InputError(root.toString(), "not a directory (" + option + ")");
    }
    if (!Files.isDirectory(root.resolve("proc"))) {
      throw new InputError(root.toString(), "not a tree captured with 'whokilled snapshot' (it holds no proc)");
    }
    return Procfs.at(root);
  }

  /**
   * Prints why an input could not be read, one line.
   *
   * @param e the input that could not be read
   * @return the exit status of an I/O error, 1
   */
  final int failed(InputError e) {
    err().println("whokilled: " + e.getMessage());
    return 1;
  }
}
