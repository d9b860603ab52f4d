package dev.whokilled.procfs;

import dev.whokilled.facts.CgroupFacts;
import dev.whokilled.facts.CoreDumpSettings;
import dev.whokilled.facts.HostFacts;
import dev.whokilled.facts.MemoryPressure;
import dev.whokilled.facts.OomSettings;
import dev.whokilled.facts.ProcessFacts;
import dev.whokilled.facts.ProcessMemory;
import dev.whokilled.facts.ResourceLimit;
import dev.whokilled.facts.SignalSet;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Reads what a Linux machine knows of itself from {@code /proc} and {@code /sys/fs/cgroup}: its boot, its settings
 * for memory and core dumps, each process's OOM score, limits, signal dispositions and cgroups, and each memory
 * cgroup's limit and OOM counters.
 *
 * <p>{@link #live()} reads this machine; {@link #at(Path)} reads a tree captured elsewhere ({@code ROOT/proc/…},
 * {@code ROOT/sys/fs/cgroup/…}, as {@link Snapshot} writes it), so that facts collected on a sick machine can be
 * analysed on another. Both read the same way and give the same facts of the same files.
 *
 * <p>Reading never throws on what it finds: a process that ends mid-read, a file the reader may not read
 * ({@code EACCES}, {@code hidepid}), a file an older kernel does not have, or garbage in a captured file gives a
 * {@code null} component and a phrase in {@code unread()}. Files are small and read whole, each once per call; a
 * {@code Procfs} holds no state beyond its root, so it is immutable and may be shared between threads.
 *
 * @since 0.1
 */
public final class Procfs {

  /** The name of the file in which {@link Snapshot} records when it captured a tree. */
  static final String SNAPSHOT_MARK = "whokilled-snapshot.txt";

  /** The unlimited {@code memory.limit_in_bytes} of cgroup v1 is {@code LONG_MAX} rounded down to a page. */
  private static final long V1_UNLIMITED = Long.MAX_VALUE - (1L << 30);

  /** The host files read, relative to the root. */
  static final List<String> HOST_FILES = List.of(
      "proc/stat", "proc/sys/kernel/random/boot_id", "proc/uptime", "proc/sys/kernel/osrelease",
      "proc/sys/kernel/hostname", "proc/sys/kernel/core_pattern", "proc/sys/kernel/core_uses_pid",
      "proc/sys/kernel/core_pipe_limit", "proc/sys/fs/suid_dumpable", "proc/sys/vm/overcommit_memory",
      "proc/sys/vm/overcommit_ratio", "proc/sys/vm/panic_on_oom", "proc/sys/vm/oom_kill_allocating_task",
      "proc/sys/vm/oom_dump_tasks", "proc/meminfo", "proc/pressure/memory");

  /** The files of one process, relative to its {@code /proc/PID}. */
  static final List<String> PROCESS_FILES = List.of(
      "status", "stat", "limits", "cgroup", "cmdline", "oom_score", "oom_score_adj", "oom_adj");

  /** The memory files of a v2 cgroup. */
  static final List<String> V2_FILES = List.of(
      "memory.max", "memory.current", "memory.peak", "memory.events", "memory.oom.group");

  /** The memory files of a v1 cgroup. */
  static final List<String> V1_FILES = List.of(
      "memory.limit_in_bytes", "memory.usage_in_bytes", "memory.max_usage_in_bytes", "memory.failcnt",
      "memory.oom_control");

  private final Tree tree;

  private Procfs(Tree tree) {
    this.tree = tree;
  }

  /** A reader of any tree (tests give one whose files change between reads). */
  static Procfs of(Tree tree) {
    return new Procfs(tree);
  }

  /**
   * This machine: {@code /proc} and {@code /sys/fs/cgroup}.
   *
   * @return a reader of the live machine
   */
  public static Procfs live() {
    return new Procfs(new Tree(Path.of("/"), true));
  }

  /**
   * A captured tree: {@code ROOT/proc/…} and {@code ROOT/sys/fs/cgroup/…}. Files whose real path leaves the tree
   * (through a symbolic link) and files that are not regular files are not read.
   *
   * @param root the tree's root
   * @return a reader of the tree
   * @throws IllegalArgumentException if {@code root} is null or not a directory
   */
  public static Procfs at(Path root) {
    if (root == null) {
      throw new IllegalArgumentException("root must not be null");
    }
    if (!Files.isDirectory(root)) {
      throw new IllegalArgumentException("root must be a directory: " + root);
    }
    return new Procfs(new Tree(root, false));
  }

  /**
   * The root read: {@code /} for the live machine.
   *
   * @return the root
   */
  public Path root() {
    return tree.root();
  }

  Tree tree() {
    return tree;
  }

  /**
   * The host's facts alone: boot, kernel, core dump and OOM settings, memory, pressure, cgroup mode.
   *
   * @return the facts, with no processes and no cgroups
   */
  public HostFacts host() {
    return hostFacts(List.of(), List.of(), new ArrayList<>());
  }

  /**
   * One process.
   *
   * @param pid its pid in the pid namespace of the {@code /proc} read
   * @return its facts, or empty when there is no such process (or it ended before its {@code status} was read)
   * @throws IllegalArgumentException if {@code pid} is not positive
   */
  public Optional<ProcessFacts> findProcess(long pid) {
    checkPid(pid);
    return readProcess(pid);
  }

  /**
   * One process, which must be there.
   *
   * @param pid its pid
   * @return its facts
   * @throws NoSuchElementException if there is no such process: {@code no process 812 in /proc}
   * @throws IllegalArgumentException if {@code pid} is not positive
   */
  public ProcessFacts expectProcess(long pid) {
    return findProcess(pid).orElseThrow(() -> new NoSuchElementException(
        "no process " + pid + " in " + tree.resolve("proc")));
  }

  /**
   * Every process readable now, in pid order. Threads are not listed (they are not in {@code /proc}'s listing);
   * processes that end while being read are left out.
   *
   * @return the processes
   */
  public List<ProcessFacts> processes() {
    List<ProcessFacts> list = new ArrayList<>();
    for (long pid : pids()) {
      readProcess(pid).ifPresent(list::add);
    }
    return List.copyOf(list);
  }

  /**
   * A memory cgroup, by the path {@code /proc/PID/cgroup} names it: on cgroup v1 (and hybrid) under
   * {@code /sys/fs/cgroup/memory}, on v2 under {@code /sys/fs/cgroup}.
   *
   * @param path the cgroup's path, such as {@code /system.slice/x.service}
   * @return its facts, or empty when there is no such cgroup (or its path leaves the hierarchy)
   * @throws IllegalArgumentException if {@code path} is null or does not start with {@code /}
   */
  public Optional<CgroupFacts> findCgroup(String path) {
    if (path == null) {
      throw new IllegalArgumentException("cgroup path must not be null");
    }
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("cgroup path must start with /: " + path);
    }
    return readCgroup(path, cgroupMode(), new ArrayList<>());
  }

  /**
   * The memory cgroup of a process: the v1 {@code memory} hierarchy's, else the v2 one.
   *
   * @param process a process read by this reader
   * @return its cgroup's facts, or empty when its cgroups were not read or the cgroup is not there
   * @throws IllegalArgumentException if {@code process} is null
   */
  public Optional<CgroupFacts> memoryCgroup(ProcessFacts process) {
    if (process == null) {
      throw new IllegalArgumentException("process must not be null");
    }
    Optional<String> path = process.memoryCgroup();
    if (path.isEmpty() || !path.get().startsWith("/")) {
      return Optional.empty();
    }
    return readCgroup(path.get(), cgroupMode(), new ArrayList<>());
  }

  /**
   * The processes in the order the OOM killer would choose them now: the highest {@code oom_score} first. Of equal
   * scores (the file rounds the kernel's badness to a thousandth of RAM and swap), the one with more resident and
   * swapped memory first, as that is what the rounding hides; then the one started last, since the kernel keeps the
   * last of equal badness in its walk of the task list (in order of creation; {@code oom_evaluate_task} selects on
   * {@code points >= chosen_points}); then the higher pid. Never listed, as the kernel never chooses them: kernel
   * threads, pid 1, processes with {@code oom_score_adj} -1000, zombies and dead processes, and processes whose score
   * could not be read.
   *
   * @return the candidates, best first
   */
  public List<ProcessFacts> oomOrder() {
    List<ProcessFacts> list = new ArrayList<>();
    for (ProcessFacts p : processes()) {
      if (oomCandidate(p)) {
        list.add(p);
      }
    }
    list.sort(OOM_ORDER);
    return List.copyOf(list);
  }

  /** {@link #oomOrder()}'s order: of candidates, whose score is known. */
  static final Comparator<ProcessFacts> OOM_ORDER = Comparator
      .comparingLong((ProcessFacts p) -> Objects.requireNonNull(p.oomScore()).longValue())
      .thenComparingLong(Procfs::memory)
      .thenComparing(ProcessFacts::startTime, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparingLong(ProcessFacts::pid)
      .reversed();

  /** What the badness counts of a process's memory, as far as {@code status} shows it: resident and swapped. */
  private static long memory(ProcessFacts p) {
    Long rss = p.memory().vmRss();
    Long swap = p.memory().vmSwap();
    long sum = (rss == null ? 0 : rss) + (swap == null ? 0 : swap);
    return sum < 0 ? Long.MAX_VALUE : sum; // both are at least 0: only an overflow is negative
  }

  static boolean oomCandidate(ProcessFacts p) {
    return !p.kernelThread() && p.pid() != 1 && !p.oomExempt() && p.oomScore() != null
        && !"Z".equals(p.state()) && !"X".equals(p.state()) && !"x".equals(p.state());
  }

  /**
   * Everything: {@link #host()}, every process, and the memory cgroups of those processes (on cgroup v2 with their
   * ancestors, whose OOM kill counters hold those of cgroups that are gone).
   *
   * @return the facts
   */
  public HostFacts facts() {
    List<String> unread = new ArrayList<>();
    List<ProcessFacts> ps = processes();
    return hostFacts(ps, cgroupsOf(ps, unread), unread);
  }

  /**
   * {@link #host()}, the processes asked for, and their memory cgroups (on cgroup v2 with their ancestors). A process
   * that is not there is named in {@code unread()}.
   *
   * @param pids the processes
   * @return the facts
   * @throws IllegalArgumentException if {@code pids} is null or holds a pid that is not positive
   */
  public HostFacts facts(long... pids) {
    if (pids == null) {
      throw new IllegalArgumentException("pids must not be null");
    }
    for (long pid : pids) {
      checkPid(pid);
    }
    List<String> unread = new ArrayList<>();
    List<ProcessFacts> ps = new ArrayList<>();
    for (long pid : new TreeSet<>(java.util.Arrays.stream(pids).boxed().toList())) {
      Optional<ProcessFacts> p = readProcess(pid);
      if (p.isPresent()) {
        ps.add(p.get());
      } else {
        unread.add("pid " + pid + ": no such process");
      }
    }
    return hostFacts(ps, cgroupsOf(ps, unread), unread);
  }

  @Override
  public String toString() {
    return "Procfs[" + (tree.live() ? "live" : tree.root()) + "]";
  }

  private static void checkPid(long pid) {
    if (pid <= 0) {
      throw new IllegalArgumentException("pid must be positive: " + pid);
    }
  }

  // ---------------------------------------------------------------------------------------------------- processes

  /** The pids of {@code /proc}, ascending. */
  List<Long> pids() {
    TreeSet<Long> pids = new TreeSet<>();
    if (!tree.isDirectory("proc")) {
      return List.of();
    }
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(tree.resolve("proc"))) {
      for (Path p : dir) {
        String name = p.getFileName().toString();
        Long pid = name.length() <= 19 && !name.startsWith("+") && !name.startsWith("-") ? Values.parseLong(name)
            : null;
        if (pid != null && pid > 0 && String.valueOf(pid).equals(name) && tree.isDirectory("proc/" + name)) {
          pids.add(pid);
        }
      }
    } catch (IOException | RuntimeException e) {
      // a directory that cannot be listed lists nothing; what was listed stays
    }
    return List.copyOf(pids);
  }

  Optional<ProcessFacts> readProcess(long pid) {
    if (!tree.isDirectory("proc/" + pid)) {
      return Optional.empty();
    }
    ProcessReads r = new ProcessReads(pid);
    Tree.Read statusRead = tree.read(r.dir + "status");
    if (statusRead.absent()) {
      return Optional.empty();
    }
    StatusFile status = null;
    String statusText = r.text(statusRead, "status");
    if (statusText != null) {
      status = StatusFile.parse(statusText);
      r.unread.addAll(status.problems());
    }
    StatFile stat = null;
    String statText = r.text("stat");
    if (statText != null) {
      stat = StatFile.parse(statText);
      r.unread.addAll(stat.problems());
    }
    List<ResourceLimit> limits = List.of();
    String limitsText = r.text("limits");
    if (limitsText != null) {
      LimitsFile l = LimitsFile.parse(limitsText);
      limits = l.limits();
      r.unread.addAll(l.problems());
    }
    List<dev.whokilled.facts.CgroupMembership> cgroups = List.of();
    String cgroupText = r.text("cgroup");
    if (cgroupText != null) {
      CgroupFile c = CgroupFile.parse(cgroupText);
      cgroups = c.memberships();
      r.unread.addAll(c.problems());
    }
    List<String> cmdline = List.of();
    Tree.Read cmd = tree.read(r.dir + "cmdline");
    if (cmd.ok()) {
      cmdline = Values.cmdline(Objects.requireNonNull(cmd.bytes()));
      if (cmd.cut()) {
        r.unread.add("cmdline: cut at " + Tree.MAX_BYTES + " bytes");
      }
    } else {
      r.note(cmd, "cmdline");
    }
    Integer oomScore = r.integer("oom_score", 0, Integer.MAX_VALUE);
    Integer oomScoreAdj = r.integer("oom_score_adj", -1000, 1000);
    Integer oomAdj = r.integer("oom_adj", -17, 15);

    String comm = status != null && status.name() != null ? status.name() : stat == null ? null : stat.comm();
    String state = status != null && status.state() != null ? status.state() : stat == null ? null : stat.state();
    Long ppid = status != null && status.ppid() != null ? status.ppid() : stat == null ? null : stat.ppid();
    ProcessMemory memory = status == null ? ProcessMemory.UNKNOWN : status.memory();
    SignalSet caught = status == null ? null : status.caught();
    SignalSet ignored = status == null ? null : status.ignored();
    SignalSet blocked = status == null ? null : status.blocked();
    SignalSet pending = status == null ? null : status.pending();
    Integer uid = status == null ? null : status.uid();
    Duration start = stat == null ? null : stat.startTime();
    boolean kthread = stat != null && stat.kernelThread();
    return Optional.of(new ProcessFacts(pid, comm, state, ppid, uid, start, oomScore, oomScoreAdj, oomAdj, memory,
        limits, caught, ignored, blocked, pending, cgroups, cmdline, kthread, r.unread));
  }

  /** The reads of one process's files, and what could not be read. */
  private final class ProcessReads {
    final String dir;
    final List<String> unread = new ArrayList<>();
    private final long pid;
    private boolean ended;

    ProcessReads(long pid) {
      this.pid = pid;
      this.dir = "proc/" + pid + "/";
    }

    @Nullable String text(String name) {
      return text(tree.read(dir + name), name);
    }

    /** The text of a read, or {@code null} with a phrase in {@code unread}. */
    @Nullable String text(Tree.Read read, String name) {
      if (!read.ok()) {
        note(read, name);
        return null;
      }
      if (read.cut()) {
        unread.add(name + ": cut at " + Tree.MAX_BYTES + " bytes");
      }
      return read.text();
    }

    /**
     * Notes a file not read. A file missing once the process's directory is gone means that the process ended
     * mid-read (a file an older kernel lacks leaves the directory there); so do the files after it.
     */
    void note(Tree.Read read, String name) {
      String why = Objects.requireNonNullElse(read.problem(), "unreadable");
      if (read.absent() && (ended || !tree.isDirectory("proc/" + pid))) {
        why = "process ended";
      }
      if (why.equals("process ended")) {
        ended = true;
      }
      unread.add(name + ": " + why);
    }

    /** A file holding one number in a range, or {@code null}. */
    @Nullable Integer integer(String name, int min, int max) {
      String text = text(name);
      if (text == null) {
        return null;
      }
      Integer v = Values.parseInt(text);
      if (v == null) {
        unread.add(name + ": garbage");
      } else if (v < min || v > max) {
        unread.add(name + ": out of range");
        v = null;
      }
      return v;
    }
  }

  // ------------------------------------------------------------------------------------------------------ cgroups

  private List<CgroupFacts> cgroupsOf(List<ProcessFacts> processes, List<String> unread) {
    String mode = cgroupMode();
    Map<String, CgroupFacts> cgroups = new LinkedHashMap<>();
    TreeSet<String> paths = new TreeSet<>();
    for (ProcessFacts p : processes) {
      p.memoryCgroup().filter(s -> s.startsWith("/")).ifPresent(paths::add);
    }
    for (String path : withAncestors(paths, "v2".equals(mode))) {
      if (paths.contains(path) || holdsEvents(path)) {
        readCgroup(path, mode, unread).ifPresent(c -> cgroups.put(path, c));
      }
    }
    return List.copyOf(cgroups.values());
  }

  /**
   * The memory cgroups of some processes, and on cgroup v2 the ancestors of those cgroups but the root, in path
   * order. A v2 cgroup's {@code memory.events} counts the OOM kills of all below it, so a parent that outlives its
   * children (a slice, whose services' cgroups systemd removes and makes anew on a restart; a pod, whose containers
   * come and go) still counts the kills of cgroups that are gone. v1 counts each kill in the victim's cgroup alone.
   */
  static TreeSet<String> withAncestors(Set<String> paths, boolean v2) {
    TreeSet<String> all = new TreeSet<>(paths);
    if (v2) {
      for (String path : paths) {
        for (int slash = path.indexOf('/', 1); slash > 0; slash = path.indexOf('/', slash + 1)) {
          all.add(path.substring(0, slash));
        }
      }
    }
    return all;
  }

  /** Whether a v2 cgroup has the memory controller's {@code memory.events} (its parent enabled the controller). */
  boolean holdsEvents(String path) {
    String dir = cgroupDir(path, true);
    return dir != null && tree.isFile(dir + "/memory.events");
  }

  /** The directory of a memory cgroup relative to the root, or {@code null} when its path leaves the hierarchy. */
  static @Nullable String cgroupDir(String path, boolean v2) {
    String base = v2 ? "sys/fs/cgroup" : "sys/fs/cgroup/memory";
    StringBuilder dir = new StringBuilder(base);
    for (String part : path.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      if (part.equals(".") || part.equals("..") || part.indexOf('\0') >= 0) {
        return null;
      }
      dir.append('/').append(part);
    }
    return dir.toString();
  }

  Optional<CgroupFacts> readCgroup(String path, @Nullable String mode, List<String> unread) {
    boolean v2 = "v2".equals(mode);
    String dir = cgroupDir(path, v2);
    if (dir == null || !tree.isDirectory(dir)) {
      return Optional.empty();
    }
    String where = "cgroup " + path + ": ";
    if (v2) {
      Long limit = null;
      String max = cgroupText(dir, "memory.max", where, unread);
      if (max != null && !max.strip().equals("max")) {
        limit = bytes(max, "memory.max", where, unread);
      }
      Long usage = bytesFile(dir, "memory.current", where, unread);
      Long peak = bytesFile(dir, "memory.peak", where, unread);
      Long oom = null;
      Long oomKill = null;
      String events = cgroupText(dir, "memory.events", where, unread);
      if (events != null) {
        Map<String, Long> e = KeyValueFile.parse(events);
        oom = e.get("oom");
        oomKill = e.get("oom_kill");
        if (oom == null || oomKill == null) {
          unread.add(where + "memory.events without " + (oom == null ? "oom" : "oom_kill"));
        }
      }
      Boolean group = null;
      String g = cgroupText(dir, "memory.oom.group", where, unread);
      if (g != null) {
        Long v = Values.parseLong(g);
        group = v == null ? null : v != 0;
        if (v == null) {
          unread.add(where + "memory.oom.group: garbage");
        }
      }
      return Optional.of(new CgroupFacts(path, 2, limit, usage, peak, oom, oomKill, null, null, null, group));
    }
    Long limit = bytesFile(dir, "memory.limit_in_bytes", where, unread);
    if (limit != null && limit >= V1_UNLIMITED) {
      limit = null;
    }
    Long usage = bytesFile(dir, "memory.usage_in_bytes", where, unread);
    Long peak = bytesFile(dir, "memory.max_usage_in_bytes", where, unread);
    Long failcnt = bytesFile(dir, "memory.failcnt", where, unread);
    Long oomKill = null;
    Boolean underOom = null;
    Boolean disable = null;
    String control = cgroupText(dir, "memory.oom_control", where, unread);
    if (control != null) {
      Map<String, Long> c = KeyValueFile.parse(control);
      oomKill = c.get("oom_kill");
      underOom = c.containsKey("under_oom") ? c.get("under_oom") != 0 : null;
      disable = c.containsKey("oom_kill_disable") ? c.get("oom_kill_disable") != 0 : null;
      if (oomKill == null) {
        unread.add(where + "memory.oom_control without oom_kill (before Linux 4.13)");
      }
    }
    return Optional.of(new CgroupFacts(path, 1, limit, usage, peak, null, oomKill, failcnt, underOom, disable,
        null));
  }

  private @Nullable String cgroupText(String dir, String file, String where, List<String> unread) {
    Tree.Read r = tree.read(dir + "/" + file);
    if (!r.ok()) {
      unread.add(where + file + ": " + r.problem());
      return null;
    }
    return r.text();
  }

  private @Nullable Long bytesFile(String dir, String file, String where, List<String> unread) {
    String text = cgroupText(dir, file, where, unread);
    return text == null ? null : bytes(text, file, where, unread);
  }

  private static @Nullable Long bytes(String text, String file, String where, List<String> unread) {
    Long v = Values.parseUnsigned(text);
    if (v == null) {
      unread.add(where + file + ": garbage");
    }
    return v;
  }

  // --------------------------------------------------------------------------------------------------------- host

  /** {@code v2}, {@code hybrid} or {@code v1}, from what the tree holds; {@code null} without {@code /sys/fs/cgroup}. */
  @Nullable String cgroupMode() {
    if (tree.isFile("sys/fs/cgroup/cgroup.controllers")) {
      return "v2";
    }
    if (!tree.isDirectory("sys/fs/cgroup")) {
      return null;
    }
    if (tree.isDirectory("sys/fs/cgroup/memory") && tree.isDirectory("sys/fs/cgroup/unified")) {
      return "hybrid";
    }
    return "v1";
  }

  private HostFacts hostFacts(List<ProcessFacts> processes, List<CgroupFacts> cgroups, List<String> unreadSoFar) {
    List<String> unread = new ArrayList<>();
    Instant taken = tree.live() ? Instant.now() : snapshotTime();

    Instant bootTime = null;
    String stat = hostText("proc/stat", unread);
    if (stat != null) {
      for (String line : stat.split("\n", -1)) {
        if (line.startsWith("btime ")) {
          Long b = Values.parseLong(line.substring(6));
          if (b != null && b >= 0 && b < 1L << 40) {
            bootTime = Instant.ofEpochSecond(b);
          }
          break;
        }
      }
      if (bootTime == null) {
        unread.add("/proc/stat: no btime");
      }
    }
    String bootId = null;
    String id = hostText("proc/sys/kernel/random/boot_id", unread);
    if (id != null) {
      String normal = HostFacts.normalBootId(id);
      if (normal.length() == 32 && normal.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        bootId = normal;
      } else {
        unread.add("/proc/sys/kernel/random/boot_id: garbage");
      }
    }
    Duration uptime = null;
    String up = hostText("proc/uptime", unread);
    if (up != null) {
      uptime = seconds(up.strip().split("\\s+")[0]);
      if (uptime == null) {
        unread.add("/proc/uptime: garbage");
      }
    }
    String release = line(hostText("proc/sys/kernel/osrelease", unread));
    String hostname = line(hostText("proc/sys/kernel/hostname", unread));
    String mode = cgroupMode();
    if (mode == null) {
      unread.add("/sys/fs/cgroup: missing");
    }

    String pattern = hostText("proc/sys/kernel/core_pattern", unread);
    pattern = pattern == null ? null : Values.oneLine(pattern);
    Integer usesPid = hostInt("proc/sys/kernel/core_uses_pid", unread);
    Integer pipeLimit = hostInt("proc/sys/kernel/core_pipe_limit", unread);
    Integer suid = hostInt("proc/sys/fs/suid_dumpable", unread);
    CoreDumpSettings core = new CoreDumpSettings(pattern, usesPid == null ? null : usesPid != 0, suid, pipeLimit);

    OomSettings oom = new OomSettings(
        hostInt("proc/sys/vm/overcommit_memory", unread),
        hostInt("proc/sys/vm/overcommit_ratio", unread),
        hostInt("proc/sys/vm/panic_on_oom", unread),
        hostInt("proc/sys/vm/oom_kill_allocating_task", unread),
        hostInt("proc/sys/vm/oom_dump_tasks", unread));

    Map<String, Long> meminfo = Map.of();
    String mem = hostText("proc/meminfo", unread);
    if (mem != null) {
      MeminfoFile m = MeminfoFile.parse(mem);
      meminfo = m.values();
      unread.addAll(m.problems());
    }
    MemoryPressure pressure = null;
    String psi = hostText("proc/pressure/memory", unread);
    if (psi != null) {
      pressure = PressureFile.parse(psi);
      if (pressure == null) {
        unread.add("/proc/pressure/memory: garbage");
      }
    }
    unread.addAll(unreadSoFar);
    return new HostFacts(taken, bootTime, bootId, uptime, release, hostname, mode, core, oom, meminfo, pressure,
        processes, cgroups, unread);
  }

  private @Nullable Instant snapshotTime() {
    Tree.Read r = tree.read(SNAPSHOT_MARK);
    String text = r.text();
    if (text == null) {
      return null;
    }
    for (String line : text.split("\n", -1)) {
      if (line.startsWith("taken ")) {
        try {
          return Instant.parse(line.substring(6).strip());
        } catch (DateTimeParseException e) {
          return null;
        }
      }
    }
    return null;
  }

  private @Nullable String hostText(String relative, List<String> unread) {
    Tree.Read r = tree.read(relative);
    if (!r.ok()) {
      unread.add("/" + relative + ": " + r.problem());
      return null;
    }
    return r.text();
  }

  private @Nullable Integer hostInt(String relative, List<String> unread) {
    String text = hostText(relative, unread);
    if (text == null) {
      return null;
    }
    Integer v = Values.parseInt(text);
    if (v == null) {
      unread.add("/" + relative + ": garbage");
    }
    return v;
  }

  private static @Nullable String line(@Nullable String text) {
    if (text == null) {
      return null;
    }
    String l = Values.oneLine(text).strip();
    return l.isEmpty() ? null : l;
  }

  /** {@code 12345.67} seconds as a duration, or {@code null}. */
  static @Nullable Duration seconds(String text) {
    int dot = text.indexOf('.');
    String whole = dot < 0 ? text : text.substring(0, dot);
    String frac = dot < 0 ? "" : text.substring(dot + 1);
    Long s = Values.parseLong(whole);
    if (s == null || s < 0 || whole.startsWith("+") || whole.startsWith("-") || frac.length() > 9) {
      return null;
    }
    long nanos = 0;
    for (int i = 0; i < 9; i++) {
      int d = i < frac.length() ? frac.charAt(i) - '0' : 0;
      if (d < 0 || d > 9) {
        return null;
      }
      nanos = nanos * 10 + d;
    }
    return Duration.ofSeconds(s, nanos);
  }
}
