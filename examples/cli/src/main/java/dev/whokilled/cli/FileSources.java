package dev.whokilled.cli;

import dev.whokilled.Session;
import dev.whokilled.cli.Analysis.SourceRead;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads the files named on the command line, each as its own named source of one session, so that evidence
 * cites {@code kern.log:4812} and each file keeps its own framing state and line numbers.
 */
final class FileSources {

  /** The argument that means standard input. */
  static final String STDIN = "-";

  private FileSources() {}

  /**
   * Checks every file first (so that a typo in the last argument does not cost the analysis of the first),
   * then reads them in order.
   *
   * @param args the FILE arguments; {@code -} is standard input, {@code *.gz} is read through gunzip
   * @param session the session to read into
   * @param stdin standard input
   * @param progress counts what is read, for a progress bar
   * @return what was read
   * @throws InputError if a file is missing, a directory, unreadable, or fails while read
   */
  static List<SourceRead> read(List<String> args, Session session, InputStream stdin, Progress progress)
      throws InputError {
    Map<String, Path> inputs = resolve(args);
    Map<String, String> names = names(inputs);
    List<SourceRead> read = new ArrayList<>();
    for (Map.Entry<String, Path> e : inputs.entrySet()) {
      String arg = e.getKey();
      String name = names.get(arg);
      try {
        if (arg.equals(STDIN)) {
          // not closed: standard input belongs to the process
          session.read(name, progress.track(arg, stdin, -1));
        } else {
          try (InputStream in = open(arg, e.getValue(), progress)) {
            session.read(name, in);
          }
        }
      } catch (IOException x) {
        throw new InputError(arg, Inputs.reason(x));
      }
      read.add(new SourceRead(name, arg, session.source(name).lines()));
    }
    return read;
  }

  /** The arguments, each once, with their paths, checked to be readable files or standard input. */
  private static Map<String, Path> resolve(List<String> args) throws InputError {
    Map<String, Path> inputs = new LinkedHashMap<>();
    Map<Path, String> seen = new HashMap<>();
    for (String arg : args) {
      if (arg.equals(STDIN)) {
        inputs.put(STDIN, Path.of(STDIN));
        continue;
      }
      Path p;
      try {
        p = Path.of(arg);
      } catch (InvalidPathException x) {
        throw new InputError(arg, "not a valid path");
      }
      if (!Files.exists(p)) {
        throw new InputError(arg, "no such file");
      }
      if (Files.isDirectory(p)) {
        throw new InputError(arg, "is a directory");
      }
      if (!Files.isReadable(p)) {
        throw new InputError(arg, "permission denied");
      }
      // the same file named twice would count its lines twice in one source
      if (seen.putIfAbsent(p.toAbsolutePath().normalize(), arg) == null) {
        inputs.put(arg, p);
      }
    }
    return inputs;
  }

  /**
   * The source name of each argument: its file name, or, when two arguments share a file name
   * ({@code a/kern.log b/kern.log}), the argument as given, since a session merges sources of the same name.
   */
  private static Map<String, String> names(Map<String, Path> inputs) {
    Map<String, Integer> count = new HashMap<>();
    Map<String, String> base = new LinkedHashMap<>();
    for (Map.Entry<String, Path> e : inputs.entrySet()) {
      Path file = e.getValue().getFileName();
      String name = e.getKey().equals(STDIN) || file == null ? e.getKey() : file.toString();
      base.put(e.getKey(), name);
      count.merge(name, 1, Integer::sum);
    }
    Map<String, String> names = new HashMap<>();
    base.forEach((arg, name) -> names.put(arg, count.get(name) > 1 ? arg : name));
    return names;
  }

  private static InputStream open(String arg, Path file, Progress progress) throws IOException {
    // the compressed bytes are counted: their total is the file's size
    long size = Files.isRegularFile(file) ? Files.size(file) : -1;
    InputStream in = progress.track(arg, Files.newInputStream(file), size);
    try {
      if (file.toString().endsWith(".gz")) {
        in = new GZIPInputStream(in, 1 << 16);
      }
      return in;
    } catch (IOException e) {
      in.close();
      throw e;
    }
  }
}
