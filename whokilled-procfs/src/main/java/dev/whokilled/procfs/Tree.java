package dev.whokilled.procfs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The files of one tree, live ({@code /}) or captured: small whole-file reads that never throw. {@code /proc} files
 * report a size of 0, so a file is read in a loop up to a cap, whatever {@code size()} says. In a captured tree a
 * file whose real path leaves the tree (a symlink out) or that is not a regular file (a FIFO would block) is not
 * read.
 *
 * <p>Not final only so that a test can make a process vanish between two reads.
 */
class Tree {

  /** The most read of one file; more is cut off (only a huge {@code cmdline} comes near it). */
  static final int MAX_BYTES = 1 << 20;

  private final Path root;
  private final boolean live;
  private final @Nullable Path realRoot;

  Tree(Path root, boolean live) {
    this.root = root;
    this.live = live;
    Path real;
    try {
      real = live ? null : root.toRealPath();
    } catch (IOException | SecurityException e) {
      real = root.toAbsolutePath().normalize();
    }
    this.realRoot = real;
  }

  Path root() {
    return root;
  }

  boolean live() {
    return live;
  }

  /** A path inside the tree, from one relative to its root ({@code proc/812/status}). */
  Path resolve(String relative) {
    return root.resolve(relative);
  }

  /**
   * Reads one file whole.
   *
   * @param relative the path relative to the root, such as {@code proc/812/status}
   * @return the bytes, or why they could not be read
   */
  Read read(String relative) {
    Path p = root.resolve(relative);
    try {
      if (!live) {
        Path real = p.toRealPath();
        if (realRoot != null && !real.startsWith(realRoot)) {
          return Read.problem("outside the tree", false);
        }
        p = real;
      }
      if (!Files.isRegularFile(p)) {
        return Files.exists(p) ? Read.problem("not a regular file", false) : Read.problem("missing", true);
      }
      try (SeekableByteChannel ch = Files.newByteChannel(p, Set.of(StandardOpenOption.READ,
              LinkOption.NOFOLLOW_LINKS));
          InputStream in = Channels.newInputStream(ch)) {
        byte[] buf = new byte[4096];
        int n = 0;
        while (true) {
          if (n == buf.length) {
            if (buf.length > MAX_BYTES) {
              break;
            }
            buf = Arrays.copyOf(buf, Math.min(buf.length * 2, MAX_BYTES + 1));
          }
          int r = in.read(buf, n, buf.length - n);
          if (r < 0) {
            break;
          }
          n += r;
        }
        boolean cut = n > MAX_BYTES;
        return new Read(Arrays.copyOf(buf, Math.min(n, MAX_BYTES)), null, false, cut);
      }
    } catch (NoSuchFileException e) {
      return Read.problem("missing", true);
    } catch (AccessDeniedException e) {
      return Read.problem("permission denied", false);
    } catch (IOException e) {
      String m = String.valueOf(e.getMessage());
      if (m.contains("No such process")) {
        return Read.problem("process ended", true);
      }
      if (m.contains("Permission denied") || m.contains("Operation not permitted")) {
        return Read.problem("permission denied", false);
      }
      if (m.contains("Too many levels of symbolic links")) {
        return Read.problem("a symbolic link", false);
      }
      return Read.problem("unreadable (" + e.getClass().getSimpleName() + ")", false);
    } catch (SecurityException | UnsupportedOperationException | java.nio.file.InvalidPathException e) {
      return Read.problem("unreadable (" + e.getClass().getSimpleName() + ")", false);
    }
  }

  /** Whether a directory is in the tree (not following a symbolic link at its last step). */
  boolean isDirectory(String relative) {
    try {
      Path p = root.resolve(relative);
      if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        return false;
      }
      if (!live && realRoot != null) {
        return p.toRealPath().startsWith(realRoot);
      }
      return true;
    } catch (IOException | SecurityException | java.nio.file.InvalidPathException e) {
      return false;
    }
  }

  /** Whether a regular file is in the tree. */
  boolean isFile(String relative) {
    try {
      Path p = root.resolve(relative);
      if (!Files.isRegularFile(p)) {
        return false;
      }
      return live || realRoot == null || p.toRealPath().startsWith(realRoot);
    } catch (IOException | SecurityException | java.nio.file.InvalidPathException e) {
      return false;
    }
  }

  /**
   * What one read gave.
   *
   * @param bytes the content, or {@code null} when not read
   * @param problem why not, or {@code null}
   * @param absent whether the file was not there (missing, or its process ended)
   * @param cut whether the content was cut at {@link #MAX_BYTES}
   */
  record Read(byte @Nullable [] bytes, @Nullable String problem, boolean absent, boolean cut) {

    static Read problem(String why, boolean absent) {
      return new Read(null, why, absent, false);
    }

    boolean ok() {
      return bytes != null;
    }

    /** The content as text (UTF-8, malformed bytes replaced), or {@code null}. */
    @Nullable String text() {
      return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
  }
}
