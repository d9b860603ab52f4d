package dev.whokilled.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * What the command knows of where it writes: whether standard output and standard error are terminals, how wide
 * the terminal is, and so whether to colour, wrap and show progress.
 *
 * <p>Java 17 has no way to ask whether one stream is a terminal ({@code System.console()} needs standard input and
 * output both to be one, so {@code whokilled < file} would lose its colours); on Linux, {@code /proc/self/fd/N}
 * names the device a descriptor is open on, and terminals are {@code /dev/pts/N}, {@code /dev/ttyN} and
 * {@code /dev/console}. Elsewhere the console is the fallback.
 *
 * @param stdout whether standard output is a terminal
 * @param stderr whether standard error is a terminal
 * @param env the environment ({@code NO_COLOR}, {@code TERM}, {@code COLUMNS})
 */
record Terminal(boolean stdout, boolean stderr, Map<String, String> env) {

  /** The width assumed of a terminal whose width cannot be read. */
  static final int DEFAULT_WIDTH = 100;

  /** No terminal anywhere: output piped, as in tests. */
  static final Terminal NONE = new Terminal(false, false, Map.of());

  /**
   * Copies the environment.
   *
   * @param stdout whether standard output is a terminal
   * @param stderr whether standard error is a terminal
   * @param env the environment
   */
  Terminal {
    env = Map.copyOf(env);
  }

  /**
   * The streams of this process.
   *
   * @return what they are
   */
  static Terminal of() {
    boolean console = System.console() != null;
    return new Terminal(isTerminal(1, console), isTerminal(2, console), System.getenv());
  }

  /** Whether a descriptor is open on a terminal, or the fallback where {@code /proc} cannot say. */
  private static boolean isTerminal(int fd, boolean fallback) {
    Path link = Path.of("/proc/self/fd/" + fd);
    try {
      String target = Files.readSymbolicLink(link).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return fallback;
    }
  }

  /** When to colour: the values of {@code --color}. */
  enum When {
    /** When standard output is a terminal and {@code NO_COLOR} is not set. */
    AUTO,
    /** Always, even when piped and whatever {@code NO_COLOR} says (an explicit option wins over it). */
    ALWAYS,
    /** Never. */
    NEVER
  }

  /** {@code --color}: {@code auto}, {@code always} or {@code never}, in any case. */
  static final class WhenConverter implements ITypeConverter<When> {
    @Override
    public When convert(String value) {
      try {
        return When.valueOf(value.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + value + "' is not one of auto, always, never");
      }
    }
  }

  /**
   * Whether to colour what is written on standard output: as told, or by default when it is a terminal, the
   * terminal is not {@code dumb}, and {@code NO_COLOR} is unset or empty (no-color.org).
   *
   * @param when the {@code --color} option
   * @return whether to colour
   */
  boolean colour(When when) {
    return switch (when) {
      case ALWAYS -> true;
      case NEVER -> false;
      case AUTO -> stdout && env.getOrDefault("NO_COLOR", "").isEmpty()
          && !"dumb".equals(env.get("TERM"));
    };
  }

  /**
   * How wide to write on standard output: the terminal's columns when it is one, else no limit.
   *
   * @return the columns, or 0 for no limit
   */
  int width() {
    return stdout ? columns() : 0;
  }

  /**
   * The terminal's columns: {@code COLUMNS} when exported, else what {@code stty size} says of the controlling
   * terminal, else {@link #DEFAULT_WIDTH}.
   *
   * @return the columns, at least 40
   */
  int columns() {
    Integer c = number(env.get("COLUMNS"));
    if (c == null) {
      c = sttyColumns();
    }
    return Math.max(40, c == null ? DEFAULT_WIDTH : c);
  }

  private static @Nullable Integer sttyColumns() {
    Path tty = Path.of("/dev/tty");
    if (!Files.isReadable(tty)) {
      return null;
    }
    try {
      Process p = new ProcessBuilder("stty", "size")
          .redirectInput(tty.toFile())
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
      if (!p.waitFor(2, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        return null;
      }
      String[] parts = out.split(" ");
      return parts.length == 2 ? number(parts[1]) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static @Nullable Integer number(@Nullable String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    try {
      int n = Integer.parseInt(s.strip());
      return n > 0 ? n : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
