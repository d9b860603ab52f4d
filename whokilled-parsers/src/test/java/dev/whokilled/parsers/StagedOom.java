package dev.whokilled.parsers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Stages a real memory cgroup OOM kill, safely: a child memory cgroup of this process's own, with a limit of
 * 64 MiB, holding only {@code tail /dev/zero} (which buffers its endless input until the limit kills it), removed
 * afterwards. Never a system-wide OOM.
 */
final class StagedOom implements AutoCloseable {

  static final long LIMIT = 64L << 20;

  final Path cgroup;
  final String cgroupPath;
  final boolean v2;

  private StagedOom(Path cgroup, String cgroupPath, boolean v2) {
    this.cgroup = cgroup;
    this.cgroupPath = cgroupPath;
    this.v2 = v2;
  }

  /** Why this machine cannot stage one, or empty when it can. */
  static Optional<String> unavailable() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return Optional.of("staging an OOM kill needs root");
    }
    if (locate("whokilled-probe").isEmpty()) {
      return Optional.of("no writable memory cgroup under this process's own");
    }
    if (!Files.isExecutable(Path.of("/usr/bin/tail")) && !Files.isExecutable(Path.of("/bin/tail"))) {
      return Optional.of("no tail to use as a memory hog");
    }
    return Optional.empty();
  }

  /** The child cgroup's directory and kernel path, v1 memory controller first, then v2. */
  private static Optional<StagedOom> locate(String name) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
        String[] parts = line.split(":", 3);
        if (parts.length < 3) {
          continue;
        }
        boolean memory = List.of(parts[1].split(",")).contains("memory");
        Path root = memory ? Path.of("/sys/fs/cgroup/memory") : null;
        boolean v2 = false;
        if (!memory && parts[0].equals("0") && parts[1].isEmpty()) {
          Path unified = Files.isDirectory(Path.of("/sys/fs/cgroup/unified"))
              ? Path.of("/sys/fs/cgroup/unified") : Path.of("/sys/fs/cgroup");
          Path controllers = unified.resolve(parts[2].substring(1)).resolve("cgroup.controllers");
          if (Files.isReadable(controllers)
              && Files.readString(controllers).contains("memory")) {
            root = unified;
            v2 = true;
          }
        }
        if (root == null) {
          continue;
        }
        String parent = parts[2].endsWith("/") ? parts[2] : parts[2] + "/";
        Path dir = root.resolve(parent.substring(1)).resolve(name);
        Path existing = dir.getParent(); // a nested name ("docker/<id>") creates its parents too
        while (existing != null && !Files.exists(existing)) {
          existing = existing.getParent();
        }
        if (existing != null && Files.isWritable(existing)) {
          return Optional.of(new StagedOom(dir, parent + name, v2));
        }
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** Creates the cgroup; the kill happens in {@link #run()}. */
  static StagedOom create(String name) throws IOException {
    StagedOom s = locate(name).orElseThrow(() -> new IOException("no memory cgroup to stage in"));
    Files.createDirectories(s.cgroup);
    Files.writeString(s.cgroup.resolve(s.v2 ? "memory.max" : "memory.limit_in_bytes"), Long.toString(LIMIT));
    if (s.v2) {
      Files.writeString(s.cgroup.resolve("memory.swap.max"), "0");
    }
    return s;
  }

  /**
   * Runs the hog in the cgroup until the kernel kills it.
   *
   * @return the hog's pid
   */
  long run() throws IOException, InterruptedException {
    return run(List.of());
  }

  /**
   * Runs the hog in the cgroup, under a wrapper that stays outside it ({@code strace -o FILE}), until the
   * kernel kills it.
   *
   * @param wrapper the command line the hog's shell is appended to; empty for none
   * @return the pid of the process started: the hog's, or the wrapper's
   */
  long run(List<String> wrapper) throws IOException, InterruptedException {
    String procs = cgroup.resolve("cgroup.procs").toString();
    List<String> command = new java.util.ArrayList<>(wrapper);
    command.addAll(List.of("sh", "-c", "echo $$ > '" + procs + "' && exec tail /dev/zero"));
    Process p = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .start();
    p.getOutputStream().close();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("the hog was not killed within 60 s");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.exitValue() != 137) {
      throw new IOException("the hog ended with " + p.exitValue() + " rather than SIGKILL: " + out);
    }
    return p.pid();
  }

  @Override
  public void close() throws IOException {
    for (int i = 0; i < 50 && Files.exists(cgroup); i++) {
      try {
        Files.delete(cgroup);
      } catch (IOException e) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
