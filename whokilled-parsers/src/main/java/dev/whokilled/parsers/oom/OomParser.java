package dev.whokilled.parsers.oom;

import dev.whokilled.parsers.text.Text;
import dev.whokilled.event.CgroupMemory;
import dev.whokilled.event.Constraint;
import dev.whokilled.event.ContainerRef;
import dev.whokilled.event.ContainerRuntime;
import dev.whokilled.event.MemoryKiller;
import dev.whokilled.event.OomKill;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.event.VictimMemory;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.spi.EventSink;
import dev.whokilled.spi.KillParser;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Assembles the kernel's OOM reports, one {@link OomKill} per victim.
 *
 * <p>A report runs from its header ({@code X invoked oom-killer: gfp_mask=…}) through the invoker's
 * {@code CPU:} line, the memory cgroup's usage and limit, the task table and the choice
 * ({@code oom-kill:constraint=…}, or {@code Kill process N … score S or sacrifice child} on older kernels) to the
 * kill lines ({@code Killed process N (x) total-vm:…}). A kill waits for the OOM reaper's confirmation for a
 * while and is then emitted; a report whose end never came (a partial paste) yields what it shows. Lines whose
 * origin is proven userspace are never taken as the kernel's word: they become warnings.
 */
final class OomParser implements KillParser {

  /** Records after which a kill stops waiting for the reaper, and an idle report is closed. */
  static final int REAPER_WAIT = 400;

  private final int maxBlockLines;
  /** The cgroup paths of recent reports: a machine's OOM kills come from a few cgroups, each kept once. */
  private final Recent paths = new Recent();
  private @Nullable Report report;
  private final List<Pending> pending = new ArrayList<>();
  private boolean manualNext;
  private int idle;

  OomParser(int maxBlockLines) {
    this.maxBlockLines = maxBlockLines;
  }

  /** The last strings seen, each kept once: equal strings read again are the one kept. */
  private static final class Recent extends java.util.LinkedHashMap<String, String> {
    private static final long serialVersionUID = 1L;

    Recent() {
      super(64, 0.75f, true);
    }

    String of(String s) {
      String kept = putIfAbsent(s, s);
      return kept != null ? kept : s;
    }

    @Override
    protected boolean removeEldestEntry(java.util.Map.Entry<String, String> eldest) {
      return size() > 256;
    }
  }

  /** What one OOM report said before its kills. */
  private static final class Report {
    @Nullable LogRecord header;
    @Nullable String triggerComm;
    @Nullable Long triggerPid;
    @Nullable String gfpMask;
    @Nullable String gfpFlags;
    @Nullable Integer order;
    boolean manual;
    @Nullable String kernelVersion;
    @Nullable Long usage;
    @Nullable Long limit;
    @Nullable Long failcnt;
    @Nullable Long swapUsage;
    @Nullable Long swapLimit;
    @Nullable TaskTable table;
    TaskTable.@Nullable Rows rows;
    Constraint constraint = Constraint.UNKNOWN;
    @Nullable String oomCgroup;
    @Nullable String taskCgroup;
    @Nullable LogRecord choiceLine;
    @Nullable Long choicePid;
    @Nullable String choiceComm;
    @Nullable Integer choiceUid;
    @Nullable LogRecord chosenLine;
    @Nullable Long chosenPid;
    @Nullable String chosenComm;
    @Nullable Long chosenScore;
    boolean memcgPrefix;
    @Nullable LogRecord taskInLine;
    @Nullable LogRecord groupLine;
    int lines;
    int kills;
    boolean truncated;
  }

  /** A kill waiting for the reaper. */
  private static final class Pending {
    final long pid;
    final Draft draft;
    int age;

    Pending(long pid, Draft draft) {
      this.pid = pid;
      this.draft = draft;
    }
  }

  /** The parts of an {@link OomKill} as they are found. */
  private static final class Draft {
    ProcessRef victim = ProcessRef.of(null, null);
    final List<LogRecord> evidence = new ArrayList<>();
    LogRecord at;
    MemoryKiller killer = MemoryKiller.KERNEL;
    @Nullable ProcessRef trigger;
    Constraint constraint = Constraint.UNKNOWN;
    @Nullable String oomCgroup;
    @Nullable String gfpMask;
    @Nullable String gfpFlags;
    @Nullable Integer order;
    boolean manual;
    VictimMemory memory = VictimMemory.UNKNOWN;
    @Nullable Integer oomScoreAdj;
    @Nullable Long score;
    @Nullable CgroupMemory cgroupMemory;
    List<dev.whokilled.event.Candidate> candidates = List.of();
    @Nullable String kernelVersion;
    @Nullable ProcessRef chosen;
    boolean reaped;
    boolean groupKill;
    boolean truncated;

    Draft(LogRecord at) {
      this.at = at;
    }

    OomKill build() {
      return new OomKill(
          victim, at.time(), evidence, killer, trigger, constraint, oomCgroup, gfpMask, gfpFlags, order, manual,
          memory, oomScoreAdj, score, cgroupMemory, candidates, kernelVersion, chosen, reaped, groupKill,
          truncated, null, Signal.SIGKILL);
    }
  }

  @Override
  public long patience() {
    long p = Long.MAX_VALUE;
    for (Pending q : pending) {
      p = Math.min(p, REAPER_WAIT - q.age);
    }
    if (report != null) {
      p = Math.min(p, (long) REAPER_WAIT + maxBlockLines - idle);
    }
    return Math.max(0, p);
  }

  @Override
  public void skipped(long records) {
    for (Pending q : pending) {
      q.age += (int) records;
    }
    if (report != null) {
      idle += (int) records;
    }
  }

  @Override
  public void accept(LogRecord record, EventSink sink) {
    String m = record.message();
    age(sink);
    Report r = report;
    if (TaskTable.looksLikeRow(m) && record.origin().mayBeKernel()) {
      if (r != null && r.table != null) {
        row(r, record, m, sink);
        return;
      }
      var orphan = TaskTable.HEADERLESS.row(m);
      if (orphan != null) {
        // a row whose table header is not in the input (a partial paste): its leading columns are the same in
        // every era, so it still tells the uid and size of a candidate
        r = open(record);
        r.table = TaskTable.HEADERLESS;
        r.rows = new TaskTable.Rows(maxBlockLines);
        r.rows.add(orphan);
        idle = 0;
        return;
      }
    }
    if (!mayConcern(m, r != null)) {
      return;
    }
    if (!record.origin().mayBeKernel()) {
      if (looksLikeKill(m)) {
        sink.warning(record, "a kernel OOM message written by a user process"
            + record.writer().map(w -> " (" + w + ")").orElse("") + "; not taken as the kernel's word: " + m);
      }
      return;
    }
    idle = 0;
    if (r != null && ++r.lines > maxBlockLines && !r.truncated) {
      r.truncated = true;
      sink.problem(record, "OOM report longer than " + maxBlockLines + " lines; the rest of it is not kept");
    }
    dispatch(record, m, sink);
  }

  /**
   * Fixed-substring test before any parsing: the phrases {@link #dispatch} acts on (the provider's prefilter names
   * them too), so that a call trace's {@code oom_kill_process+0x8} neither reads as a report's progress nor makes
   * every line that mentions "oom" worth framing.
   */
  private static boolean mayConcern(String m, boolean inReport) {
    if (m.indexOf("oom-kill") >= 0 || m.indexOf("ill process ") >= 0 || m.indexOf("illed process ") >= 0
        || m.indexOf("oom_reaper: reaped process ") >= 0 || m.indexOf("Manual OOM execution") >= 0
        || m.indexOf("VM: killing process ") >= 0 || m.indexOf("Task in ") >= 0 || m.startsWith("Tasks in ")) {
      return true;
    }
    if (m.startsWith("[ pid ]") || m.startsWith("[  pid  ]")) {
      return true;
    }
    return inReport && (m.startsWith("CPU: ") || m.startsWith("Pid: ") || m.startsWith("memory")
        || m.startsWith("swap: "));
  }

  private static boolean looksLikeKill(String m) {
    return m.indexOf("invoked oom-killer") >= 0 || m.indexOf("Killed process") >= 0
        || m.indexOf("oom-kill:") >= 0 || m.indexOf("OOM killed process") >= 0
        || m.indexOf("VM: killing process") >= 0;
  }

  private void dispatch(LogRecord record, String m, EventSink sink) {
    int at;
    if ((at = m.indexOf(" invoked oom-killer:")) >= 0 || m.startsWith("oom-killer: gfp_mask")) {
      header(record, m, Math.max(at, 0), at >= 0, sink);
      return;
    }
    if (m.indexOf("Manual OOM execution") >= 0) {
      manualNext = true;
      if (report != null && report.header != null && report.kills == 0) {
        report.manual = true;
      }
      return;
    }
    if ((at = m.indexOf("oom_reaper: reaped process ")) >= 0) {
      reaper(record, m, at + "oom_reaper: reaped process ".length(), sink);
      return;
    }
    if (m.startsWith("oom-kill:")) {
      choice(record, m);
      return;
    }
    if ((at = m.indexOf("Killed process ")) >= 0 && killPrefix(m, at)) {
      kill(record, m, at, sink);
      return;
    }
    if ((at = m.indexOf("Kill process ")) >= 0 && m.endsWith(" sharing same memory")) {
      sharing(record, m, at + "Kill process ".length(), sink);
      return;
    }
    if (((at = m.indexOf("Kill process ")) >= 0 || (at = m.indexOf("kill process ")) >= 0)
        && m.indexOf(" score ", at) > at) {
      chosen(record, m, at + "Kill process ".length());
      return;
    }
    if ((at = m.indexOf("OOM killed process ")) >= 0) {
      openvz(record, m, at + "OOM killed process ".length(), sink);
      return;
    }
    if (m.startsWith("VM: killing process ")) {
      linux24(record, m.substring("VM: killing process ".length()).trim(), sink);
      return;
    }
    if ((at = m.indexOf("Task in ")) >= 0 && m.indexOf(" killed as a result of limit of ") > at) {
      taskIn(record, m, at + "Task in ".length());
      return;
    }
    TaskTable table = TaskTable.header(m);
    if (table != null) {
      Report r = open(record);
      r.table = table;
      r.rows = new TaskTable.Rows(maxBlockLines);
      return;
    }
    if (m.startsWith("Tasks in ") && m.indexOf("memory.oom.group") >= 0) {
      Report r = open(record);
      r.groupLine = record;
      return;
    }
    Report r = report;
    if (r == null) {
      return;
    }
    if (m.startsWith("CPU: ") || m.startsWith("Pid: ")) {
      cpuLine(r, m);
    } else if (m.startsWith("memory: usage ")) {
      r.usage = Text.kbAfter(m, "usage ");
      r.limit = unlimited(Text.kbAfter(m, "limit "));
      r.failcnt = Text.numberAfter(m, "failcnt ");
    } else if (m.startsWith("memory+swap: usage ") || m.startsWith("swap: usage ")) {
      r.swapUsage = Text.kbAfter(m, "usage ");
      r.swapLimit = unlimited(Text.kbAfter(m, "limit "));
    }
  }

  /**
   * Whether what stands before {@code Killed process} is a prefix the kernel writes: nothing, or an
   * {@code Out of memory…: } / {@code Memory cgroup out of memory: } label. Text that merely mentions the words
   * is not a kill.
   */
  private static boolean killPrefix(String m, int at) {
    if (at == 0) {
      return true;
    }
    if (!m.startsWith(": ", at - 2)) {
      return false;
    }
    for (int i = m.lastIndexOf("ut of ", at); i >= 0; i = m.lastIndexOf("ut of ", i - 1)) {
      if (i >= 1 && m.regionMatches(true, i, "ut of memory", 0, "ut of memory".length())) {
        // "Out of memory: ", "Out of Memory: " (2.6), "Memory cgroup out of memory: ", "… (oom_kill_allocating_task): ",
        // at the start of the message: the same words inside other text (an event's quoted message) are no kill
        int label = m.startsWith("Memory cgroup o", i - 15) ? i - 15 : i - 1;
        return label == 0;
      }
    }
    return false;
  }

  /** The kernel's "no limit" is PAGE_COUNTER_MAX pages, printed as 9007199254740988kB on 64-bit. */
  private static @Nullable Long unlimited(@Nullable Long bytes) {
    return bytes == null || bytes >= (1L << 52) ? null : bytes;
  }

  private void header(LogRecord record, String m, int at, boolean named, EventSink sink) {
    close(sink);
    Report r = new Report();
    report = r;
    r.header = record;
    r.manual = manualNext;
    manualNext = false;
    if (named) {
      r.triggerComm = m.substring(0, at);
    }
    String mask = Text.tokenAfter(m, "gfp_mask=");
    if (mask != null) {
      int paren = mask.indexOf('(');
      r.gfpMask = paren >= 0 ? mask.substring(0, paren) : mask;
      int open = m.indexOf("gfp_mask=") + "gfp_mask=".length() + (paren >= 0 ? paren : mask.length());
      if (open < m.length() && m.charAt(open) == '(') {
        int close = m.indexOf(')', open);
        if (close > open) {
          r.gfpFlags = m.substring(open + 1, close);
        }
      }
    }
    r.order = Text.toInt(Text.numberAfter(m, "order="));
    if (r.order != null && r.order == -1) {
      r.manual = true;
    }
  }

  private Report open(LogRecord record) {
    Report r = report;
    if (r == null) {
      r = new Report();
      r.manual = manualNext;
      manualNext = false;
      report = r;
    }
    return r;
  }

  private static void cpuLine(Report r, String m) {
    if (r.triggerPid == null) {
      r.triggerPid = m.startsWith("Pid: ") ? Text.number(m, 5) : Text.numberAfter(m, " PID: ");
    }
    if (r.kernelVersion == null) {
      int at = m.indexOf("ainted");
      if (at >= 0) {
        for (String token : m.substring(at).split(" ")) {
          if (!token.isEmpty() && Character.isDigit(token.charAt(0)) && token.indexOf('.') > 0) {
            r.kernelVersion = token;
            break;
          }
        }
      }
    }
  }

  private void row(Report r, LogRecord record, String m, EventSink sink) {
    if (r.table == null || r.rows == null) {
      return;
    }
    var c = r.table.row(m);
    if (c != null) {
      boolean full = r.rows.truncated();
      r.rows.add(c);
      idle = 0;
      if (!full && r.rows.truncated()) {
        // rows are kept up to the cap and the report's other lines are still read, but the reader must know that
        // the candidates are not all there (a table that never ends is a cut-off or a forged report)
        sink.problem(record, "OOM task table longer than " + maxBlockLines + " rows; the rest of it is not kept");
      }
    }
  }

  /**
   * {@code oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/a,
   * task_memcg=/a/b,task=python3,pid=1742,uid=0}: read from the end, since task names and paths may hold commas.
   */
  private void choice(LogRecord record, String m) {
    Report r = open(record);
    r.choiceLine = record;
    String c = Text.tokenAfter(m, "constraint=");
    if (c != null) {
      r.constraint = Constraint.fromKernel(c);
    }
    int uidAt = m.lastIndexOf(",uid=");
    int end = uidAt >= 0 ? uidAt : m.length();
    if (uidAt >= 0) {
      r.choiceUid = Text.toInt(Text.number(m, uidAt + 5));
    }
    int pidAt = m.lastIndexOf(",pid=", end);
    if (pidAt >= 0) {
      r.choicePid = Text.number(m, pidAt + 5);
      end = pidAt;
    }
    int taskAt = m.lastIndexOf(",task=", end);
    if (taskAt >= 0 && pidAt > taskAt) {
      r.choiceComm = m.substring(taskAt + 6, pidAt);
      end = taskAt;
    }
    int taskMemcg = m.indexOf(",task_memcg=");
    if (taskMemcg >= 0 && taskMemcg < end) {
      r.taskCgroup = paths.of(m.substring(taskMemcg + ",task_memcg=".length(), end));
      end = taskMemcg;
    }
    int oomMemcg = m.indexOf(",oom_memcg=");
    if (oomMemcg >= 0 && oomMemcg < end) {
      r.oomCgroup = paths.of(m.substring(oomMemcg + ",oom_memcg=".length(), end));
    }
    int global = m.indexOf(",global_oom");
    if (global >= 0 && global < end) {
      // only in the fields before task_memcg: a task may call itself "x,global_oom" (15 bytes fit)
      r.oomCgroup = null;
    }
  }

  /** {@code Kill process 1234 (java) score 957 or sacrifice child}, and its older forms. */
  private void chosen(LogRecord record, String m, int from) {
    Report r = open(record);
    r.chosenLine = record;
    r.chosenPid = Text.number(m, from);
    int open = m.indexOf('(', from);
    int close = m.lastIndexOf(") score ");
    if (open >= 0 && close > open) {
      r.chosenComm = m.substring(open + 1, close);
      r.chosenScore = Text.number(m, close + ") score ".length());
    }
    if (m.indexOf("Memory cgroup out of memory") >= 0) {
      r.memcgPrefix = true;
    }
  }

  /** {@code Task in /docker/abc killed as a result of limit of /docker/abc} (cgroup v1, 3.x and 4.x). */
  private void taskIn(LogRecord record, String m, int from) {
    Report r = open(record);
    r.taskInLine = record;
    int mid = m.indexOf(" killed as a result of limit of ", from);
    r.taskCgroup = paths.of(m.substring(from, mid));
    r.oomCgroup = paths.of(m.substring(mid + " killed as a result of limit of ".length()).trim());
    r.memcgPrefix = true;
  }

  /** The group of {@code Tasks in /a/b are going to be killed due to memory.oom.group set}, or {@code null}. */
  static @Nullable String groupPath(String m) {
    int at = m.indexOf("Tasks in ");
    int end = m.lastIndexOf(" are going to be killed");
    if (at < 0 || end < at + "Tasks in ".length()) {
      return null;
    }
    String path = m.substring(at + "Tasks in ".length(), end).trim();
    return path.isEmpty() ? null : path;
  }

  /**
   * {@code [Memory cgroup ]Out of memory: Killed process 2141 (python3) total-vm:75364kB, anon-rss:…}, RHEL 6's
   * {@code Killed process 1234, UID 48, (httpd) total-vm:…}, and 2.6's {@code Killed process 1234 (java).}
   */
  private void kill(LogRecord record, String m, int at, EventSink sink) {
    int from = at + "Killed process ".length();
    Long pid = Text.number(m, from);
    if (pid == null) {
      return;
    }
    Report current = report;
    if (!kernelMayKill(record, pid, current != null && current.groupLine != null, sink)) {
      return;
    }
    int open = m.indexOf('(', from);
    int close = m.indexOf(") total-vm:", Math.max(open, 0));
    if (close < 0) {
      close = m.lastIndexOf(')');
    }
    String comm = open >= 0 && close > open ? m.substring(open + 1, close) : null;
    Integer uid = Text.toInt(Text.numberAfter(m, "UID:"));
    if (uid == null) {
      uid = Text.toInt(Text.numberAfter(m, ", UID "));
    }
    Report r = open(record);
    if (m.indexOf("Memory cgroup") >= 0 && m.indexOf("Memory cgroup") < at) {
      r.memcgPrefix = true;
    }
    for (Pending p : pending) {
      if (p.pid == pid) {
        // the same victim printed again in one report (memory.oom.group kills the victim's group too)
        p.draft.evidence.add(record);
        if (r.groupLine != null) {
          p.draft.groupKill = true;
        }
        return;
      }
    }
    r.kills++;
    String tail = close > 0 ? m.substring(close) : m;
    VictimMemory memory = new VictimMemory(
        Text.kbAfter(tail, "total-vm:"), Text.kbAfter(tail, "anon-rss:"), Text.kbAfter(tail, "file-rss:"),
        Text.kbAfter(tail, "shmem-rss:"), Text.kbAfter(tail, "pgtables:"), null, null);
    Draft d = draft(r, record, pid, comm, uid);
    d.memory = memory;
    Long adj = Text.numberAfter(tail, "oom_score_adj:");
    if (adj != null) {
      d.oomScoreAdj = Text.toInt(adj);
    }
    pending.add(new Pending(pid, d));
  }

  /**
   * Whether the kernel's OOM killer may have killed {@code pid}, which every victim read passes; else warns. It
   * never picks init (oom_unkillable_task(), and the sharing-memory loop skips it too); only a memory.oom.group
   * kill did kill it, until 5.0 (commit d342a0b38674), and it says so in a group line first.
   */
  private static boolean kernelMayKill(LogRecord record, long pid, boolean groupMember, EventSink sink) {
    if (pid > 1 || groupMember) {
      return true;
    }
    sink.warning(record, "a kernel OOM kill of pid " + pid + ", which the kernel never chooses: written by a "
        + "user process" + record.writer().map(w -> " (" + w + ")").orElse(" (logger -t kernel?)")
        + " or corrupt; not taken as the kernel's word: " + record.message());
    return false;
  }

  /** A kill of the current report, with everything the report said. */
  private Draft draft(Report r, LogRecord killLine, long pid, @Nullable String comm, @Nullable Integer uid) {
    Draft d = new Draft(killLine);
    if (r.header != null) {
      d.evidence.add(r.header);
      d.trigger = new ProcessRef(r.triggerPid, null, r.triggerComm, null, null, null, null);
    }
    if (r.taskInLine != null) {
      d.evidence.add(r.taskInLine);
    }
    if (r.choiceLine != null) {
      d.evidence.add(r.choiceLine);
    }
    if (r.chosenLine != null) {
      d.evidence.add(r.chosenLine);
    }
    if (r.groupLine != null) {
      d.evidence.add(r.groupLine);
      d.groupKill = true;
    }
    if (killLine != r.choiceLine && killLine != r.chosenLine) {
      d.evidence.add(killLine);
    }
    String name = comm;
    if (name == null && r.choicePid != null && r.choicePid == pid) {
      name = r.choiceComm;
    }
    Integer id = uid;
    if (id == null && r.choicePid != null && r.choicePid == pid) {
      id = r.choiceUid;
    }
    var row = r.rows == null ? null : r.rows.find(pid);
    if (id == null && row != null) {
      id = row.uid();
    }
    String cgroup = r.taskCgroup;
    if (r.choicePid != null && r.choicePid != pid && r.groupLine != null) {
      cgroup = null; // a group kill's other victims may sit in child cgroups of the group
    }
    d.victim = new ProcessRef(pid, null, name, id, null, null, null).withCgroup(cgroup);
    String around = r.groupLine != null ? groupPath(r.groupLine.message()) : null;
    if (around == null) {
      around = r.oomCgroup;
    }
    if (cgroup == null && around != null) {
      // a memory cgroup OOM kills only inside the cgroup whose limit was hit, a group kill only inside its group:
      // with the victim's own cgroup not printed (an oom.group's other victims), that cgroup's container (or pod)
      // is the victim's
      ContainerRef inside = ContainerRef.fromCgroupPath(around).orElse(null);
      if (inside != null) {
        d.victim = new ProcessRef(pid, null, name, id, null, inside, null);
      }
    }
    if (r.constraint != Constraint.UNKNOWN) {
      d.constraint = r.constraint;
    } else if (r.memcgPrefix || r.oomCgroup != null) {
      d.constraint = Constraint.MEMCG;
    }
    d.oomCgroup = r.oomCgroup;
    d.gfpMask = r.gfpMask;
    d.gfpFlags = r.gfpFlags;
    d.order = r.order;
    d.manual = r.manual;
    if (row != null && !row.legacyOomAdj()) {
      d.oomScoreAdj = row.oomScoreAdj();
    }
    if (r.chosenPid != null && r.chosenPid == pid) {
      d.score = r.chosenScore;
    } else if (r.chosenPid != null) {
      d.chosen = ProcessRef.of(r.chosenPid, r.chosenComm);
    }
    if (r.usage != null || r.limit != null) {
      d.cgroupMemory = new CgroupMemory(r.usage, r.limit, r.failcnt, r.swapUsage, r.swapLimit);
    }
    d.candidates = r.rows == null ? List.of() : List.copyOf(r.rows.list());
    d.kernelVersion = r.kernelVersion;
    d.truncated = r.truncated || r.rows != null && r.rows.truncated();
    return d;
  }

  /**
   * {@code Kill process 4803 (x) sharing same memory} (3.x to 4.x): another process using the victim's memory,
   * killed with it.
   */
  private void sharing(LogRecord record, String m, int from, EventSink sink) {
    Long pid = Text.number(m, from);
    int open = m.indexOf('(', from);
    int close = m.lastIndexOf(") sharing same memory");
    if (pid == null || !kernelMayKill(record, pid, false, sink)) {
      return;
    }
    Report r = open(record);
    r.kills++;
    Draft d = draft(r, record, pid, open >= 0 && close > open ? m.substring(open + 1, close) : null, null);
    d.chosen = null;
    d.score = null;
    pending.add(new Pending(pid, d));
  }

  private void reaper(LogRecord record, String m, int from, EventSink sink) {
    Long pid = Text.number(m, from);
    for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (pid != null && p.pid == pid) {
        p.draft.reaped = true;
        p.draft.evidence.add(record);
        it.remove();
        sink.event(p.draft.build());
        return;
      }
    }
    // the kill line was before the window we were given: nothing to attach the confirmation to
  }

  /**
   * OpenVZ and Virtuozzo: {@code OOM killed process watchdog (pid=14490, ve=13516) exited, free=43104 gen=24501.}
   * and {@code Out of memory in UB 1234: OOM killed process 21738 (php-cgi) score 0 vm:281988kB, rss:17004kB,
   * swap:0kB}.
   */
  private void openvz(LogRecord record, String m, int from, EventSink sink) {
    Long pid;
    String comm;
    Long ve;
    VictimMemory memory = VictimMemory.UNKNOWN;
    Long score = null;
    int pidAt = m.indexOf(" (pid=", from);
    if (pidAt >= 0) {
      comm = m.substring(from, pidAt);
      pid = Text.number(m, pidAt + " (pid=".length());
      ve = Text.numberAfter(m, "ve=");
    } else {
      pid = Text.number(m, from);
      int open = m.indexOf('(', from);
      int close = m.lastIndexOf(") score ");
      if (close < 0) {
        close = m.lastIndexOf(')');
      }
      comm = open >= 0 && close > open ? m.substring(open + 1, close) : null;
      ve = Text.numberAfter(m, " in UB ");
      String tail = close > 0 ? m.substring(close) : m;
      score = Text.numberAfter(tail, ") score ");
      memory = new VictimMemory(Text.kbAfter(tail, "vm:"), Text.kbAfter(tail, "rss:"), null, null, null,
          Text.kbAfter(tail, "swap:"), null);
    }
    if (pid == null || !kernelMayKill(record, pid, false, sink)) {
      return;
    }
    Draft d = new Draft(record);
    d.killer = MemoryKiller.OPENVZ;
    d.evidence.add(record);
    ContainerRef ct = ve == null ? null
        : new ContainerRef(ContainerRuntime.OPENVZ, String.valueOf(ve), null, null, null, null, null);
    d.victim = new ProcessRef(pid, null, comm, null, null, ct, null);
    d.memory = memory;
    d.score = score;
    d.constraint = Constraint.MEMCG;
    sink.event(d.build());
  }

  /** Linux 2.4: {@code VM: killing process name}. No pid is printed. */
  private void linux24(LogRecord record, String comm, EventSink sink) {
    if (comm.isEmpty()) {
      return;
    }
    Draft d = new Draft(record);
    d.evidence.add(record);
    d.victim = ProcessRef.of(null, comm);
    sink.event(d.build());
  }

  /** Kills stop waiting for the reaper after a while; an idle report is closed. */
  private void age(EventSink sink) {
    if (!pending.isEmpty()) {
      for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
        Pending p = it.next();
        if (++p.age > REAPER_WAIT) {
          it.remove();
          sink.event(p.draft.build());
        }
      }
    }
    if (report != null && ++idle > REAPER_WAIT + maxBlockLines) {
      close(sink);
    }
  }

  /** Ends the current report: emits waiting kills, and a kill the report chose but never printed. */
  private void close(EventSink sink) {
    for (Pending p : pending) {
      sink.event(p.draft.build());
    }
    pending.clear();
    Report r = report;
    report = null;
    idle = 0;
    if (r == null || r.kills > 0) {
      return;
    }
    Long pid = r.choicePid != null ? r.choicePid : r.chosenPid;
    LogRecord line = r.choiceLine != null ? r.choiceLine : r.chosenLine;
    // the chosen victim is never init, even in a memory.oom.group kill
    if (pid != null && line != null && kernelMayKill(line, pid, false, sink)) {
      String comm = r.choicePid != null ? r.choiceComm : r.chosenComm;
      Draft d = draft(r, line, pid, comm, r.choicePid != null ? r.choiceUid : null);
      d.truncated = true; // chosen, but the kill line never came: a cut-off report
      sink.event(d.build());
    }
  }

  @Override
  public void finish(EventSink sink) {
    close(sink);
    manualNext = false;
  }
}
