package dev.whokilled.cli;

import dev.whokilled.Session;
import dev.whokilled.cli.Analysis.SourceRead;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
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
import org.jspecify.annotations.Nullable;

/**
 * Reads the files named on the command line, each as its own named source of one session, so that evidence
 * cites {@code kern.log:4812} and each file keeps its own framing state and line numbers.
 *
 * <p>A file that cannot be read (missing, a directory, no permission, a read that fails part way, a compression
 * whokilled does not read) costs only itself: the others are read and analysed, and the run ends with status 1
 * and one line per such file. What a file gave before a read failed is kept. Compressed files are recognised by
 * their first bytes, whatever their name: gzip is read (rotated logs such as {@code kern.log.2.gz}); xz, zstd and
 * bzip2 are named with the command that decompresses them, since no library the command may depend on reads them.
 */
final class FileSources {

  /** The argument that means standard input. */
  static final String STDIN = "-";

  private FileSources() {}

  /**
   * What reading the FILE arguments gave.
   *
   * @param read the sources read (in full, or up to a failure)
   * @param errors one line per argument that could not be read (in full): the run ends with status 1
   * @param warnings one line per argument read with something to know, such as a file that shrank while read
   */
  record Outcome(List<SourceRead> read, List<String> errors, List<String> warnings) {

    /**
     * Copies the lists.
     *
     * @param read the sources read
     * @param errors the arguments not read
     * @param warnings what to know about those read
     */
    Outcome {
      read = List.copyOf(read);
      errors = List.copyOf(errors);
      warnings = List.copyOf(warnings);
    }
  }

  /** Opens a file for reading: the command opens it as it is; a test opens one that changes under the reader. */
  interface Opener {
    /**
     * Opens the file.
     *
     * @param file the file
     * @return its bytes
     * @throws IOException if it cannot be opened
     */
    InputStream open(Path file) throws IOException;
  }

  /**
   * Reads the arguments in order, each that can be read.
   *
   * @param args the FILE arguments; {@code -} is standard input
   * @param session the session to read into
   * @param stdin standard input
   * @param progress counts what is read, for a progress bar
   * @return what was read, and what could not be
   */
  static Outcome read(List<String> args, Session session, InputStream stdin, Progress progress) {
    return read(args, session, stdin, progress, Files::newInputStream);
  }

  static Outcome read(List<String> args, Session session, InputStream stdin, Progress progress, Opener opener) {
    List<String> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    Map<String, Path> inputs = resolve(args, errors);
    Map<String, String> names = names(inputs);
    List<SourceRead> read = new ArrayList<>();
    for (Map.Entry<String, Path> e : inputs.entrySet()) {
      String arg = e.getKey();
      String name = names.get(arg);
      boolean stdinArg = arg.equals(STDIN);
      @Nullable Counting raw = null;
      try {
        // standard input belongs to the process: not closed
        // the raw bytes are counted: for a compressed file, their total is the file's size
        raw = new Counting(stdinArg ? new Unclosed(progress.track(arg, stdin, -1))
            : progress.track(arg, opener.open(e.getValue()), sizeNow(e.getValue())));
        try (EndOnFailure in = new EndOnFailure(decompress(arg, raw))) {
          session.read(name, in);
          if (in.failure != null) {
            throw in.failure;
          }
        }
      } catch (InputError x) {
        errors.add(x.getMessage());
        close(raw);
        continue;
      } catch (IOException x) {
        close(raw);
        long lines = raw == null ? 0 : session.source(name).lines();
        if (lines == 0) {
          errors.add(new InputError(arg, Inputs.reason(x)).getMessage());
          continue;
        }
        errors.add(new InputError(arg + " to its end", Inputs.reason(x) + "; the " + lines
            + " lines before are analysed").getMessage());
      }
      read.add(new SourceRead(name, arg, session.source(name).lines()));
      long size = stdinArg ? -1 : sizeNow(e.getValue());
      if (size >= 0 && size < raw.count) {
        warnings.add(TextRenderer.clean(arg) + " shrank while it was read (truncated or rotated): the analysis covers "
            + "the " + raw.count + " bytes read");
      }
    }
    return new Outcome(read, errors, warnings);
  }

  /** The arguments, each once, with their paths; those that cannot be read at all are reported, not returned. */
  private static Map<String, Path> resolve(List<String> args, List<String> errors) {
    Map<String, Path> inputs = new LinkedHashMap<>();
    Map<Path, String> seen = new HashMap<>();
    for (String arg : args) {
      if (arg.equals(STDIN)) {
        inputs.put(STDIN, Path.of(STDIN));
        continue;
      }
      String why = null;
      Path p = null;
      try {
        p = Path.of(arg);
        if (!Files.exists(p)) {
          why = "no such file";
        } else if (Files.isDirectory(p)) {
          why = "is a directory";
        } else if (!Files.isReadable(p)) {
          why = "permission denied";
        }
      } catch (InvalidPathException x) {
        why = "not a valid path";
      }
      if (why != null || p == null) {
        errors.add(new InputError(arg, why).getMessage());
        continue;
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

  /** The compressions recognised by their first bytes. */
  enum Compression {
    GZIP("gzip", new int[] {0x1f, 0x8b}),
    XZ("xz", new int[] {0xfd, '7', 'z', 'X', 'Z', 0x00}),
    ZSTD("zstd", new int[] {0x28, 0xb5, 0x2f, 0xfd}),
    BZIP2("bzip2", new int[] {'B', 'Z', 'h'});

    final String tool;
    private final int[] magic;

    Compression(String tool, int[] magic) {
      this.tool = tool;
      this.magic = magic;
    }

    static @Nullable Compression of(byte[] head) {
      for (Compression c : values()) {
        if (c.matches(head)) {
          return c;
        }
      }
      return null;
    }

    private boolean matches(byte[] head) {
      if (head.length < magic.length + (this == BZIP2 ? 1 : 0)) {
        return false;
      }
      for (int i = 0; i < magic.length; i++) {
        if ((head[i] & 0xff) != magic[i]) {
          return false;
        }
      }
      // "BZh" and a block size digit: a text line may well start with "BZh"
      return this != BZIP2 || head[3] >= '1' && head[3] <= '9';
    }
  }

  /** The bytes of a file as text: gunzipped when they are gzip, an error when another compression. */
  static InputStream decompress(String arg, InputStream raw) throws IOException, InputError {
    BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
    in.mark(8);
    byte[] head = in.readNBytes(6);
    in.reset();
    Compression c = Compression.of(head);
    if (c == Compression.GZIP) {
      return new GZIPInputStream(in, 1 << 16);
    }
    if (c != null) {
      throw new InputError(arg, c.tool + "-compressed, which whokilled does not read: try " + c.tool + " -dc "
          + TextRenderer.clean(arg) + " | whokilled -");
    }
    if (head.length > 0 && arg.endsWith(".gz")) {
      throw new InputError(arg, "not in GZIP format");
    }
    return in;
  }

  private static long sizeNow(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.size(file) : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  private static void close(@Nullable InputStream in) {
    if (in != null) {
      try {
        in.close();
      } catch (IOException e) {
        // already failing: the first reason is the one reported
      }
    }
  }

  /** Counts the bytes read from a file, to tell a file that shrank under the reader. */
  private static final class Counting extends FilterInputStream {
    long count;

    Counting(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    /** A hint only: the stream of a FIFO cannot tell ({@code ESPIPE}), which must not fail the read. */
    @Override
    public int available() {
      try {
        return super.available();
      } catch (IOException e) {
        return 0;
      }
    }
  }

  /**
   * Ends the stream at a failed read and keeps the failure. A reader that fails mid-buffer drops what it decoded
   * before the failure (a truncated gzip file fails on its last block); ended cleanly, it delivers every line, and
   * the failure is reported afterwards.
   */
  private static final class EndOnFailure extends FilterInputStream {
    @Nullable IOException failure;

    EndOnFailure(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      if (failure != null) {
        return -1;
      }
      try {
        return super.read();
      } catch (IOException e) {
        failure = e;
        return -1;
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (failure != null) {
        return -1;
      }
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        failure = e;
        return -1;
      }
    }
  }

  /** Standard input, which a reader must not close. */
  private static final class Unclosed extends FilterInputStream {
    Unclosed(InputStream in) {
      super(in);
    }

    @Override
    public void close() {
      // standard input belongs to the process
    }
  }
}
