package dev.whokilled.procfs;

import dev.whokilled.facts.CgroupMembership;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Captures what matters of a machine into a directory, so that {@link Procfs#at(Path)} reads the same facts there
 * as {@link Procfs#live()} read here: collect on the sick machine, analyse elsewhere ({@code whokilled snapshot DIR}).
 *
 * <p>Copied, each file whole and as it is: the host files ({@code /proc/stat}, {@code boot_id}, {@code uptime},
 * {@code core_pattern} and its companions, the {@code vm} OOM settings, {@code meminfo}, memory pressure); each
 * process's {@code status}, {@code stat}, {@code limits}, {@code cgroup}, {@code cmdline}, {@code oom_score},
 * {@code oom_score_adj} and {@code oom_adj}; the memory files of those processes' memory cgroups; and what shows the
 * cgroup mode. The tree has the layout {@code DIR/proc/…}, {@code DIR/sys/fs/cgroup/…}, plus
 * {@code DIR/whokilled-snapshot.txt} recording when it was taken. Files are read through the source's reader, so
 * a captured source's symbolic links out of its tree are not followed.
 *
 * @since 0.1
 */
public final class Snapshot {

  private Snapshot() {}

  /**
   * Captures every process readable now.
   *
   * @param from the machine (or tree) to capture
   * @param dir where to write the tree; it must be empty or absent
   * @return what was copied and what could not be
   * @throws IllegalArgumentException if an argument is null, or {@code dir} is a file or a directory that is not empty
   * @throws IOException if the tree cannot be written
   */
  public static Result capture(Procfs from, Path dir) throws IOException {
    check(from, dir);
    return write(from, dir, from.pids());
  }

  /**
   * Captures the host and some processes (with their memory cgroups).
   *
   * @param from the machine (or tree) to capture
   * @param dir where to write the tree; it must be empty or absent
   * @param pids the processes to capture; those that are not there are named in {@link Result#skipped()}
   * @return what was copied and what could not be
   * @throws IllegalArgumentException if an argument is null, a pid is not positive, or {@code dir} is a file or a
   *     directory that is not empty
   * @throws IOException if the tree cannot be written
   */
  public static Result capture(Procfs from, Path dir, long... pids) throws IOException {
    check(from, dir);
    if (pids == null) {
      throw new IllegalArgumentException("pids must not be null");
    }
    TreeSet<Long> set = new TreeSet<>();
    for (long pid : pids) {
      if (pid <= 0) {
        throw new IllegalArgumentException("pid must be positive: " + pid);
      }
      set.add(pid);
    }
    return write(from, dir, List.copyOf(set));
  }

  private static void check(@Nullable Procfs from, @Nullable Path dir) throws IOException {
    if (from == null) {
      throw new IllegalArgumentException("from must not be null");
    }
    if (dir == null) {
      throw new IllegalArgumentException("snapshot directory must not be null");
    }
    if (Files.exists(dir) || Files.isSymbolicLink(dir)) {
      if (!Files.isDirectory(dir)) {
        throw new IllegalArgumentException("snapshot directory must be empty or absent: " + dir);
      }
      try (Stream<Path> s = Files.list(dir)) {
        if (s.findAny().isPresent()) {
          throw new IllegalArgumentException("snapshot directory must be empty or absent: " + dir);
        }
      }
    }
  }

  private static Result write(Procfs from, Path dir, List<Long> pids) throws IOException {
    Files.createDirectories(dir);
    Writer w = new Writer(from.tree(), dir);
    Instant taken = Instant.now();
    for (String file : Procfs.HOST_FILES) {
      w.copy(file);
    }
    String mode = from.cgroupMode();
    boolean v2 = "v2".equals(mode);
    if (v2) {
      w.copy("sys/fs/cgroup/cgroup.controllers");
    } else if (mode != null) {
      Files.createDirectories(dir.resolve("sys/fs/cgroup/memory"));
      if (mode.equals("hybrid")) {
        // empty on a hybrid machine (no controllers in the v2 hierarchy), but a file keeps the directory in a copy
        Files.createDirectories(dir.resolve("sys/fs/cgroup/unified"));
        w.copy("sys/fs/cgroup/unified/cgroup.controllers");
      }
    }

    int processes = 0;
    TreeSet<String> cgroupPaths = new TreeSet<>();
    if (mode != null) {
      cgroupPaths.add("/"); // the root's usage is the machine's, and its files show the hierarchy is there
    }
    for (long pid : pids) {
      String base = "proc/" + pid + "/";
      Tree.Read status = from.tree().isDirectory("proc/" + pid) ? from.tree().read(base + "status") : null;
      if (status == null || !status.ok()) {
        w.skipped.add(status == null || status.absent() ? "pid " + pid + ": no such process"
            : "/" + base + "status: " + status.problem());
        continue;
      }
      w.write(base + "status", status);
      processes++;
      byte[] cgroup = null;
      for (String file : Procfs.PROCESS_FILES) {
        if (!file.equals("status")) {
          byte[] copied = w.copyBytes(base + file);
          cgroup = file.equals("cgroup") ? copied : cgroup;
        }
      }
      if (cgroup != null) {
        String path = memoryCgroup(CgroupFile.parse(new String(cgroup, StandardCharsets.UTF_8)).memberships());
        if (path != null && path.startsWith("/")) {
          cgroupPaths.add(path);
        }
      }
    }

    int cgroups = 0;
    for (String path : Procfs.withAncestors(cgroupPaths, v2)) {
      if (v2 && !cgroupPaths.contains(path) && !from.holdsEvents(path)) {
        continue; // as Procfs reads them: an ancestor without the memory controller counts nothing
      }
      String cg = Procfs.cgroupDir(path, v2);
      if (cg == null || !from.tree().isDirectory(cg)) {
        w.skipped.add("cgroup " + path + ": missing");
        continue;
      }
      Files.createDirectories(dir.resolve(cg));
      cgroups++;
      for (String file : v2 ? Procfs.V2_FILES : Procfs.V1_FILES) {
        w.copy(cg + "/" + file);
      }
    }
    Files.writeString(dir.resolve(Procfs.SNAPSHOT_MARK), "taken " + taken + "\nfrom " + from.root() + "\n",
        StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    return new Result(dir, processes, cgroups, w.files, w.skipped);
  }

  /** As {@link dev.whokilled.facts.ProcessFacts#memoryCgroup()} chooses. */
  private static @Nullable String memoryCgroup(List<CgroupMembership> memberships) {
    for (CgroupMembership c : memberships) {
      if (c.hasController("memory")) {
        return c.path();
      }
    }
    for (CgroupMembership c : memberships) {
      if (c.isUnified()) {
        return c.path();
      }
    }
    return null;
  }

  /** Copies files of one tree into another. */
  private static final class Writer {
    final Tree from;
    final Path dir;
    final List<String> skipped = new ArrayList<>();
    int files;

    Writer(Tree from, Path dir) {
      this.from = from;
      this.dir = dir;
    }

    boolean copy(String relative) throws IOException {
      return copyBytes(relative) != null;
    }

    byte @Nullable [] copyBytes(String relative) throws IOException {
      return write(relative, from.read(relative));
    }

    byte @Nullable [] write(String relative, Tree.Read r) throws IOException {
      if (!r.ok()) {
        skipped.add("/" + relative + ": " + r.problem());
        return null;
      }
      byte[] bytes = Objects.requireNonNull(r.bytes());
      Path target = dir.resolve(relative);
      Files.createDirectories(Objects.requireNonNull(target.getParent()));
      Files.write(target, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      files++;
      if (r.cut()) {
        skipped.add("/" + relative + ": cut at " + Tree.MAX_BYTES + " bytes");
      }
      return bytes;
    }
  }

  /**
   * What a capture wrote.
   *
   * @param dir the tree's root
   * @param processes how many processes were captured (their {@code status} at least)
   * @param cgroups how many memory cgroups were captured
   * @param files how many files were copied
   * @param skipped what could not be copied, and why, one phrase each ({@code /proc/812/limits: permission denied})
   * @since 0.1
   */
  public record Result(Path dir, int processes, int cgroups, int files, List<String> skipped) {

    /** Checks the components and copies the list. */
    public Result {
      Objects.requireNonNull(dir, "dir");
      skipped = List.copyOf(skipped);
    }
  }
}
