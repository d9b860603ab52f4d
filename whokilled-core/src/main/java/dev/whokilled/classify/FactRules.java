package dev.whokilled.classify;

import dev.whokilled.Cause;
import dev.whokilled.Death;
import dev.whokilled.Verdict;
import dev.whokilled.event.ContainerRef;
import dev.whokilled.event.Crash;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.KillEvent;
import dev.whokilled.event.MemoryKiller;
import dev.whokilled.event.OomKill;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.event.SignalDelivery;
import dev.whokilled.facts.CgroupFacts;
import dev.whokilled.facts.CoreDumpOutlook;
import dev.whokilled.facts.HostFacts;
import dev.whokilled.facts.ProcessFacts;
import dev.whokilled.facts.Rlimit;
import dev.whokilled.facts.SignalSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the machine's own facts ({@link HostFacts}, read from {@code /proc} and {@code /sys/fs/cgroup}) change in the
 * verdicts, after the logs have been weighed.
 *
 * <ul>
 *   <li>A victim whose {@code oom_score_adj} was -1000 cannot have been the OOM killer's choice: a memory killer
 *       inferred only from a bare {@code SIGKILL} is dropped.
 *   <li>A crash that left no core says why, when {@code RLIMIT_CORE} and {@code core_pattern} show it (and where a
 *       core went when they show that instead).
 *   <li>A process that catches the signal it died of ran its own handler and chose to end; one that ignored it
 *       could only have died of it after changing that, which makes the verdict less sure.
 *   <li>A memory cgroup whose {@code oom_kill} counter is above the kills the logs show had kills the logs no longer
 *       hold: a warning, and an unexplained {@code SIGKILL} in it becomes a likely OOM kill.
 * </ul>
 *
 * <p>The facts are about one moment. They describe a victim when they hold its pid and name, in the same boot,
 * started before it died, read before it died; or, for the settings a program carries (its OOM score adjustment,
 * limits, signal handlers), when they hold the same program in the same systemd unit or container: the one that took
 * its place.
 */
public final class FactRules {

  private static final Set<Cause> MEMORY = EnumSet.of(Cause.KERNEL_OOM, Cause.CGROUP_OOM, Cause.CONTAINER_OOM);
  private static final Set<Cause> CRASHES = EnumSet.of(Cause.CRASH_SEGFAULT, Cause.CRASH_TRAP, Cause.CRASH_ABORT,
      Cause.CRASH);
  private static final Set<Signal> DUMPS_CORE = EnumSet.of(Signal.SIGQUIT, Signal.SIGILL, Signal.SIGTRAP,
      Signal.SIGABRT, Signal.SIGBUS, Signal.SIGFPE, Signal.SIGSEGV, Signal.SIGXCPU, Signal.SIGXFSZ, Signal.SIGSYS);
  /** Slack between a process's start (in clock ticks) and the boot time (whole seconds) and a log's clock. */
  private static final Duration SLACK = Duration.ofSeconds(2);
  private static final double CGROUP_OOM_CONFIDENCE = 0.65;

  private FactRules() {}

  /**
   * Applies the facts to every death.
   *
   * @param deaths the deaths, in time order
   * @param facts the facts
   * @param warnings receives what a reader must know that is no death's (kills the logs no longer hold)
   * @return the deaths, with their verdicts revised where the facts say something
   */
  public static List<Death> apply(List<Death> deaths, HostFacts facts, List<String> warnings) {
    if (!weighs(facts)) {
      return deaths;
    }
    List<Death> out = new ArrayList<>(deaths.size());
    for (Death d : deaths) {
      out.add(revise(d, facts));
    }
    return unloggedKills(out, facts, warnings);
  }

  /**
   * Whether these facts can change a death or the report: processes, cgroups or a core pattern to weigh.
   *
   * @param facts the facts
   * @return false when {@link #apply} leaves every death as it is
   */
  public static boolean weighs(HostFacts facts) {
    return !facts.processes().isEmpty() || !facts.cgroups().isEmpty() || facts.coreDumps().pattern() != null;
  }

  /** The facts of a victim: its own, or those of the program that took its place. */
  record Match(ProcessFacts process, boolean same) {

    /** How a sentence names the process the facts are of. */
    String who() {
      return same ? "it" : "the same program now running in its place, " + process.describe() + ",";
    }
  }

  /**
   * The facts that describe a death's victim.
   *
   * @param d the death
   * @param facts the facts
   * @return the match, or {@code null} when the facts hold neither the victim nor its successor
   */
  static @Nullable Match match(Death d, HostFacts facts) {
    ProcessRef v = d.victim();
    Long pid = v.pid();
    if (pid != null) {
      ProcessFacts p = facts.findProcess(pid).orElse(null);
      if (p != null && sameName(p.comm(), v.comm()) && sameBoot(d.time(), facts) && before(p, d.time(), facts)) {
        return new Match(p, true);
      }
    }
    if (v.comm() == null || v.unit() == null && (v.container() == null || v.container().id() == null)) {
      return null;
    }
    for (ProcessFacts p : facts.processes()) {
      if (!sameName(p.comm(), v.comm()) || pid != null && p.pid() == pid) {
        continue;
      }
      ProcessRef now = ProcessRef.of(p.pid(), p.comm()).withCgroup(p.unitCgroup().orElse(null));
      boolean sameUnit = v.unit() != null && v.unit().equals(now.unit());
      ContainerRef c = v.container();
      boolean sameContainer = c != null && c.id() != null && now.container() != null
          && c.sameContainer(now.container());
      if (sameUnit || sameContainer) {
        return new Match(p, false);
      }
    }
    return null;
  }

  private static boolean sameName(@Nullable String a, @Nullable String b) {
    if (a == null || b == null) {
      return false;
    }
    // the kernel keeps 15 bytes of a name; a witness may have the whole of it
    String x = a.length() > 15 ? a.substring(0, 15) : a;
    String y = b.length() > 15 ? b.substring(0, 15) : b;
    return x.equals(y);
  }

  private static boolean sameBoot(EventTime t, HostFacts facts) {
    String id = t.bootId();
    if (id != null && facts.bootId() != null && id.length() == 32) {
      return HostFacts.normalBootId(id).equals(facts.bootId());
    }
    Instant wall = t.wall();
    Instant boot = facts.bootTime();
    return wall != null && boot != null && !wall.isBefore(boot.minus(SLACK));
  }

  /** Whether the process was there before the death, and the facts were read before it. */
  private static boolean before(ProcessFacts p, EventTime t, HostFacts facts) {
    Instant wall = t.wall();
    Instant boot = facts.bootTime();
    Duration start = p.startTime();
    if (start != null) {
      boolean startedBefore = wall != null && boot != null ? !boot.plus(start).isAfter(wall.plus(SLACK))
          : t.uptime() == null || start.compareTo(t.uptime().plus(SLACK)) <= 0;
      if (!startedBefore) {
        return false;
      }
    }
    Instant taken = facts.taken();
    return taken == null || wall == null || !taken.isAfter(wall.plus(SLACK));
  }

  private static Death revise(Death d, HostFacts facts) {
    Match m = match(d, facts);
    List<Verdict> verdicts = new ArrayList<>(d.verdicts());
    if (m != null && m.process().oomExempt()) {
      exempt(verdicts, m);
    }
    if (m != null) {
      dispositions(verdicts, m, d);
    }
    coreDump(verdicts, m, d, facts);
    if (verdicts.equals(d.verdicts())) {
      return d;
    }
    verdicts.sort(Comparator.comparingDouble(Verdict::confidence).reversed());
    return new Death(d.victim(), d.time(), d.bootIndex(), d.events(), verdicts);
  }

  /** With {@code oom_score_adj} -1000, no memory kill the logs do not show can have chosen it. */
  private static void exempt(List<Verdict> verdicts, Match m) {
    String fact = m.who() + " had oom_score_adj -1000, so the OOM killer could not have chosen it";
    boolean dropped = verdicts.removeIf(v -> MEMORY.contains(v.cause()) && v.evidence().isEmpty());
    if (dropped && !verdicts.isEmpty()) {
      Verdict top = verdicts.get(0);
      verdicts.set(0, new Verdict(top.cause(), top.confidence(), top.killer(), top.signal(), top.summary(),
          top.why() + "; " + fact, top.evidence(), top.advice()));
    }
  }

  /** What its handlers say of a death by a signal it could handle. */
  private static void dispositions(List<Verdict> verdicts, Match m, Death d) {
    Verdict top = verdicts.get(0);
    Signal s = top.signal();
    if (s == null || s.isUncatchable() || CRASHES.contains(top.cause()) || MEMORY.contains(top.cause())
        || !diedOf(d, s)) {
      return;
    }
    ProcessFacts p = m.process();
    String name = s.name();
    if (has(p.ignored(), s)) {
      verdicts.set(0, new Verdict(top.cause(), top.confidence() * 0.7, top.killer(), s, top.summary()
          + "; yet " + m.who() + " ignores " + name + ", so it must have changed that first, or the signal ended "
          + "another process", top.why(), top.evidence(), top.advice()));
    } else if (has(p.caught(), s)) {
      verdicts.set(0, new Verdict(top.cause(), top.confidence(), top.killer(), s, top.summary() + "; "
          + m.who() + " catches " + name + ", so its own handler ran and chose to end it", top.why(),
          top.evidence(), top.advice()));
    } else if (has(p.blocked(), s)) {
      verdicts.set(0, new Verdict(top.cause(), top.confidence(), top.killer(), s, top.summary() + "; "
          + m.who() + " blocks " + name + ", so the signal waited until it was unblocked", top.why(),
          top.evidence(), top.advice()));
    }
  }

  private static boolean has(@Nullable SignalSet set, Signal s) {
    return set != null && set.contains(s);
  }

  /** Whether a witness saw it end by this signal (not only a send that may have been handled). */
  private static boolean diedOf(Death d, Signal s) {
    for (KillEvent e : d.events()) {
      if (e instanceof SignalDelivery sd && sd.fatal() && sd.signal() == s) {
        return true;
      }
    }
    return false;
  }

  /** Whether a crash left a core, and if not, why not, as far as the settings show. */
  private static void coreDump(List<Verdict> verdicts, @Nullable Match m, Death d, HostFacts facts) {
    Verdict top = verdicts.get(0);
    boolean crash = CRASHES.contains(top.cause()) || top.signal() != null && DUMPS_CORE.contains(top.signal());
    if (!crash || facts.coreDumps().pattern() == null || coreDumped(d)) {
      return;
    }
    ProcessFacts p = m == null ? null : m.process();
    CoreDumpOutlook o = CoreDumpOutlook.of(facts.coreDumps(), p == null ? null : p.findLimit(Rlimit.CORE)
        .orElse(null));
    List<String> advice = new ArrayList<>(top.advice());
    String summary = top.summary();
    if (Boolean.FALSE.equals(o.wouldWrite()) && m != null) { // a limit was read: there is a match
      summary += "; it left no core: " + (m.same() ? "" : "for " + m.who() + " ") + o.why();
      advice.remove(Advice.CORE);
      advice.add(0, "Core dumps are off for it (" + o.why() + "): " + Advice.CORE);
    } else {
      advice.add(0, "Look for its core: " + o.why() + ".");
    }
    verdicts.set(0, new Verdict(top.cause(), top.confidence(), top.killer(), top.signal(), summary, top.why(),
        top.evidence(), advice));
  }

  private static boolean coreDumped(Death d) {
    for (KillEvent e : d.events()) {
      if (e instanceof Crash c && Boolean.TRUE.equals(c.coreDumped())
          || e instanceof SignalDelivery s && s.coreDumped()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Memory cgroups whose {@code oom_kill} counter is above the kernel's kills the logs show in them: a warning, and
   * the unexplained {@code SIGKILL}s in them become likely OOM kills.
   *
   * <p>A v2 counter holds the kills of the cgroup's whole subtree, so the kills the counters of the cgroups read below
   * it hold are theirs to tell: a cgroup speaks for the rest of its subtree (its cgroups that are gone), and each kill
   * is told once, by the lowest cgroup read that holds it.
   */
  private static List<Death> unloggedKills(List<Death> deaths, HostFacts facts, List<String> warnings) {
    List<Death> out = new ArrayList<>(deaths);
    for (CgroupFacts c : facts.cgroups()) {
      Long counted = c.oomKills();
      if (counted == null || counted == 0) {
        continue;
      }
      List<CgroupFacts> below = below(c, facts.cgroups());
      long theirs = 0;
      for (CgroupFacts b : below) {
        theirs += b.oomKills() == null ? 0 : b.oomKills();
      }
      long own = counted - theirs;
      long logged = 0;
      List<Integer> unexplained = new ArrayList<>();
      for (int i = 0; i < out.size(); i++) {
        Death d = out.get(i);
        if (kernelKillIn(d, c, below)) {
          logged++;
        } else if (unexplainedKill(d) && (in(d.victim(), c, below) || inByFacts(d, facts, c, below))) {
          unexplained.add(i);
        }
      }
      if (own <= logged) {
        continue;
      }
      long missing = own - logged;
      String counter = c.version() == 2 ? "memory.events" : "memory.oom_control";
      String besides = theirs == 0 ? "" : ", " + theirs + " of them in the cgroups read below it";
      warnings.add("memory cgroup " + c.path() + " counts " + counted + " OOM kill" + (counted == 1 ? "" : "s")
          + " (oom_kill in " + counter + ")" + besides + ", and the logs read show " + logged + (theirs == 0 ? ""
          : " of the other " + own) + ": " + missing
          + " happened where these logs do not reach (rotated away, or lost from the ring buffer)");
      double confidence = unexplained.size() <= missing ? CGROUP_OOM_CONFIDENCE : CGROUP_OOM_CONFIDENCE / 2;
      for (int i : unexplained) {
        out.set(i, withUnloggedKill(out.get(i), c, own, theirs > 0, logged, confidence));
      }
    }
    return out;
  }

  /** The v2 cgroups read below a v2 cgroup, each not below another of them; none for v1, whose counters are local. */
  private static List<CgroupFacts> below(CgroupFacts c, List<CgroupFacts> all) {
    List<CgroupFacts> under = new ArrayList<>();
    if (c.version() != 2) {
      return under;
    }
    for (CgroupFacts d : all) {
      if (d.version() == 2 && under(d.path(), c.path())) {
        under.add(d);
      }
    }
    under.removeIf(d -> under.stream().anyMatch(e -> under(d.path(), e.path())));
    return under;
  }

  /** Whether a cgroup path lies strictly below another. */
  private static boolean under(String path, String ancestor) {
    return path.startsWith(ancestor.endsWith("/") ? ancestor : ancestor + "/") && !path.equals(ancestor);
  }

  private static boolean kernelKillIn(Death d, CgroupFacts c, List<CgroupFacts> below) {
    for (KillEvent e : d.events()) {
      if (e instanceof OomKill o && (o.killer() == MemoryKiller.KERNEL) && in(o.victim(), c, below)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a process was in the cgroup (or below it, for v2) and in none of the cgroups read below it. */
  private static boolean in(ProcessRef p, CgroupFacts c, List<CgroupFacts> below) {
    return in(p, c) && below.stream().noneMatch(b -> in(p, b));
  }

  /**
   * Whether a process was in the cgroup, or below it for v2, whose counters are hierarchical (v1 counts a kill only
   * in the victim's own cgroup).
   */
  private static boolean in(ProcessRef p, CgroupFacts c) {
    String path = p.cgroup();
    if (path != null) {
      return path.equals(c.path()) || c.version() == 2 && path.startsWith(c.path().endsWith("/") ? c.path()
          : c.path() + "/");
    }
    String unit = p.unit();
    if (unit != null && (c.path().endsWith("/" + unit))) {
      return true;
    }
    ContainerRef mine = p.container();
    ContainerRef theirs = ContainerRef.fromCgroupPath(c.path()).orElse(null);
    return mine != null && mine.id() != null && theirs != null && theirs.id() != null
        && mine.sameContainer(theirs);
  }

  /** Whether the facts read of the victim itself, before it died, put it in the cgroup (and not below it). */
  private static boolean inByFacts(Death d, HostFacts facts, CgroupFacts c, List<CgroupFacts> below) {
    Match m = match(d, facts);
    String path = m == null || !m.same() ? null : m.process().memoryCgroup().orElse(null);
    return path != null && in(d.victim().withCgroup(path), c, below);
  }

  private static boolean unexplainedKill(Death d) {
    Verdict top = d.verdict();
    return top.cause() == Cause.UNKNOWN && (top.signal() == Signal.SIGKILL || top.signal() == null);
  }

  private static Death withUnloggedKill(Death d, CgroupFacts c, long counted, boolean besides, long logged,
      double confidence) {
    boolean container = ContainerRef.fromCgroupPath(c.path()).map(r -> r.id() != null).orElse(false);
    Cause cause = container ? Cause.CONTAINER_OOM : Cause.CGROUP_OOM;
    Verdict unknown = d.verdict();
    String limit = c.memoryLimit() == null ? "" : " (its limit is " + Describe.bytes(c.memoryLimit()) + ")";
    Verdict oom = new Verdict(cause, confidence, null, Signal.SIGKILL,
        "The kernel's OOM killer probably killed " + d.victim().describe() + ": memory cgroup " + c.path() + limit
            + " counts " + counted + " OOM kill" + (counted == 1 ? "" : "s")
            + (besides ? " besides those of the cgroups read below it" : "") + " and the logs read show " + logged,
        "the cgroup's oom_kill counter holds kills no log line read shows, and nothing else explains this SIGKILL",
        unknown.evidence(), List.of(Advice.KERNEL_LOG));
    List<Verdict> verdicts = new ArrayList<>(d.verdicts().size() + 1);
    verdicts.add(oom);
    for (Verdict v : d.verdicts()) {
      if (v.cause() != cause) {
        verdicts.add(v);
      }
    }
    verdicts.sort(Comparator.comparingDouble(Verdict::confidence).reversed());
    return new Death(d.victim(), d.time(), d.bootIndex(), d.events(), verdicts);
  }
}
