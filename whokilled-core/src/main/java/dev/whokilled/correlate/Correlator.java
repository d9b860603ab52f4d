package dev.whokilled.correlate;

import dev.whokilled.event.ContainerKill;
import dev.whokilled.event.ContainerRef;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.EventTime.Precision;
import dev.whokilled.event.KillEvent;
import dev.whokilled.event.OomKill;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Suspect;
import dev.whokilled.event.VictimMemory;
import dev.whokilled.framing.LogRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Joins the events of every witness about one process's end into one {@link EventGroup}.
 *
 * <p>Two events are about the same death when they name the same pid (and, when both name it, the same
 * command) and their times agree within what the witnesses' clocks allow (each clock's precision, and times since
 * boot only within one boot, as the {@link BootClock} knows them); or when they are the same line or report read
 * from two streams (dmesg and kern.log), which then counts as one piece of evidence ({@link EventGroup#isTwin}).
 * Events of different boots are never joined, so pid reuse across a reboot cannot merge two deaths. An event about
 * a thread that another witness names as a process's joins that process's death. A container runtime's or
 * orchestrator's report joins the death in its container (see {@link #CONTAINER_WINDOW}); a {@link Suspect} joins
 * the deaths its time fits, as a possible sender, never as a death of its own.
 */
public final class Correlator {

  /** How far apart two witnesses' times since boot may be for one death (kernel lines of one report). */
  static final Duration UPTIME_WINDOW = Duration.ofSeconds(2);

  /** Slack added to the coarser wall-clock precision of two witnesses. */
  static final Duration WALL_SLACK = Duration.ofSeconds(2);

  private Correlator() {}

  /**
   * Groups events by death.
   *
   * @param events the events, in the order read
   * @param clock the boot time that gives the current boot's uptime-only events a wall-clock time
   * @return the groups, in the order of their first event
   */
  public static List<EventGroup> correlate(List<KillEvent> events, BootClock clock) {
    List<EventGroup> groups = new ArrayList<>();
    Map<Long, List<EventGroup>> byPid = new HashMap<>();
    Map<String, UnitIndex> byUnit = new HashMap<>();
    Map<EventGroup, List<UnitIndex>> unitsOf = new IdentityHashMap<>();
    List<Suspect> suspects = new ArrayList<>();
    List<ContainerKill> reports = new ArrayList<>();
    Map<Long, List<KillEvent>> threads = threads(events);
    for (KillEvent e : events) {
      if (e instanceof Suspect s) {
        suspects.add(s);
        continue;
      }
      if (e instanceof ContainerKill k) {
        reports.add(k);
        continue;
      }
      EventTime t = clock.complete(e);
      int boot = bootIndex(e);
      ProcessRef victim = processOf(e, threads, clock);
      Long pid = victim.pid();
      String unit = victim.unit();
      EventGroup match = null;
      boolean twin = false;
      if (pid != null) {
        List<EventGroup> same = byPid.getOrDefault(pid, List.of());
        for (int i = same.size() - 1; i >= 0 && match == null; i--) {
          if (twinIn(same.get(i), e, victim, t, clock)) {
            match = same.get(i);
            twin = true;
          }
        }
        for (int i = same.size() - 1; i >= 0 && match == null; i--) {
          if (sameDeath(same.get(i), e, victim, t, clock)) {
            match = same.get(i);
          }
        }
      }
      if (match == null && unit != null) {
        // a service manager names the unit, not the pid: the latest death in that unit, close in time
        UnitIndex index = byUnit.get(unit);
        for (EventGroup g : index == null ? List.<EventGroup>of() : index.near(t)) {
          Long other = g.victim().pid();
          boolean pidsAgree = pid == null || other == null || other.equals(pid);
          if (pidsAgree && sameName(g.victim(), victim) && closeInTime(g, e, t, clock)) {
            match = g;
            break;
          }
        }
      }
      if (match == null) {
        match = new EventGroup(e, victim, t, boot, groups.size());
        groups.add(match);
      } else {
        match.add(e, victim, t, twin);
        for (UnitIndex index : unitsOf.getOrDefault(match, List.of())) {
          index.add(match, t);
        }
      }
      if (pid != null) {
        List<EventGroup> list = byPid.computeIfAbsent(pid, k -> new ArrayList<>());
        if (list.isEmpty() || list.get(list.size() - 1) != match && !list.contains(match)) {
          list.add(match);
        }
      }
      if (unit != null) {
        UnitIndex index = byUnit.computeIfAbsent(unit, k -> new UnitIndex());
        if (index.register(match, clock)) {
          unitsOf.computeIfAbsent(match, k -> new ArrayList<>(1)).add(index);
        }
      }
    }
    joinContainerReports(groups, reports, clock);
    attachSuspects(groups, suspects, clock);
    return groups;
  }

  /**
   * The groups a unit's events were joined into, found by the times of their events: a group is close in time to an
   * event only if one of its events is (its time since boot within {@link #UPTIME_WINDOW}, or its wall time within
   * both precisions and {@link #WALL_SLACK}), so only those are looked at, latest registered first, as a list of all
   * of the unit's groups would be. A service that dies every minute for a month stays cheap to join.
   */
  private static final class UnitIndex {
    /** Each group's place in the order it was registered under the unit. */
    private final Map<EventGroup, Integer> order = new IdentityHashMap<>();
    /** Groups by their events' times since boot, in milliseconds. */
    private final TreeMap<Long, List<EventGroup>> uptimes = new TreeMap<>();
    /** Groups by their events' wall times, in milliseconds since the epoch, one map per precision. */
    private final EnumMap<Precision, TreeMap<Long, List<EventGroup>>> walls = new EnumMap<>(Precision.class);

    /** Registers a group with the times of all its events; false when it was registered already. */
    boolean register(EventGroup g, BootClock clock) {
      if (order.containsKey(g)) {
        return false;
      }
      order.put(g, order.size());
      for (KillEvent e : g.events()) {
        add(g, clock.complete(e));
      }
      return true;
    }

    /** A registered group has a new event, at this time. */
    void add(EventGroup g, EventTime t) {
      if (t.uptime() != null) {
        uptimes.computeIfAbsent(t.uptime().toMillis(), k -> new ArrayList<>(1)).add(g);
      }
      if (t.wall() != null) {
        walls.computeIfAbsent(t.wallPrecision(), k -> new TreeMap<>())
            .computeIfAbsent(t.wall().toEpochMilli(), k -> new ArrayList<>(1)).add(g);
      }
    }

    /** The groups that have an event that may be close to this time, latest registered first. */
    List<EventGroup> near(EventTime t) {
      Map<EventGroup, Integer> found = new IdentityHashMap<>();
      if (t.uptime() != null) {
        long up = t.uptime().toMillis();
        long w = UPTIME_WINDOW.toMillis() + 1;
        collect(uptimes.subMap(up - w, true, up + w, true), found);
      }
      if (t.wall() != null) {
        long at = t.wall().toEpochMilli();
        for (Map.Entry<Precision, TreeMap<Long, List<EventGroup>>> byPrecision : walls.entrySet()) {
          long w = wallWindow(byPrecision.getKey(), t.wallPrecision()).toMillis() + 1;
          collect(byPrecision.getValue().subMap(sub(at, w), true, add(at, w), true), found);
        }
      }
      List<EventGroup> out = new ArrayList<>(found.keySet());
      out.sort((a, b) -> Integer.compare(found.get(b), found.get(a)));
      return out;
    }

    private void collect(Map<Long, List<EventGroup>> range, Map<EventGroup, Integer> found) {
      for (List<EventGroup> gs : range.values()) {
        for (EventGroup g : gs) {
          found.put(g, order.get(g));
        }
      }
    }

    private static long sub(long a, long b) {
      long r = a - b;
      return ((a ^ b) & (a ^ r)) < 0 ? Long.MIN_VALUE : r;
    }

    private static long add(long a, long b) {
      long r = a + b;
      return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
  }

  /** How far apart a runtime's or orchestrator's report may be from the kernel's record of the same end. */
  static final Duration CONTAINER_WINDOW = Duration.ofSeconds(60);

  /**
   * Runtimes and orchestrators report containers, not processes: each report joins the death, among those the
   * other witnesses made, that happened in the same container (same id, or the same pod and container name)
   * within {@link #CONTAINER_WINDOW} — or whose clock cannot be compared with the report's, the latest such;
   * a report that names a pid (kubelet's {@code victim process: x, pid: 1234}) joins that pid's death. They
   * are read after every other event, so the order of the files does not matter. A report of an exit with an
   * ordinary exit code only names the container of a death; joining none, it is no death of its own.
   */
  private static void joinContainerReports(List<EventGroup> groups, List<ContainerKill> reports,
      BootClock clock) {
    if (reports.isEmpty()) {
      return;
    }
    // a report joins a death of its pid, or one in its container: only those are looked at (the best is the same
    // in any order: the nearest, then the latest)
    Map<Long, List<EventGroup>> byPid = new HashMap<>();
    List<EventGroup> contained = new ArrayList<>();
    for (EventGroup g : groups) {
      index(g, null, byPid, contained);
    }
    for (ContainerKill k : reports) {
      EventTime t = clock.complete(k);
      EventGroup best = null;
      Duration bestGap = null;
      Long pid = k.victim().pid();
      List<EventGroup> candidates = new ArrayList<>(contained);
      if (pid != null) {
        candidates.addAll(byPid.getOrDefault(pid, List.of()));
      }
      for (EventGroup g : candidates) {
        if (!sameContainerOrPid(g, k)) {
          continue;
        }
        Duration gap = gap(g, k, t, clock);
        if (gap == null) {
          continue; // far apart
        }
        if (best == null || gap.compareTo(bestGap) < 0 || gap.equals(bestGap) && g.order() > best.order()) {
          best = g;
          bestGap = gap;
        }
      }
      if (best != null) {
        ProcessRef was = best.victim();
        best.add(k, t);
        index(best, was, byPid, contained);
      } else if (!k.isContextOnly()) {
        EventGroup g = new EventGroup(k, t, bootIndex(k), groups.size());
        groups.add(g);
        index(g, null, byPid, contained);
      }
    }
  }

  /** Indexes a group by what its victim now has that it did not have before ({@code was}, null for a new one). */
  private static void index(EventGroup g, @Nullable ProcessRef was, Map<Long, List<EventGroup>> byPid,
      List<EventGroup> contained) {
    ProcessRef v = g.victim();
    if (v.pid() != null && (was == null || was.pid() == null)) {
      byPid.computeIfAbsent(v.pid(), x -> new ArrayList<>()).add(g);
    }
    if (v.container() != null && (was == null || was.container() == null)) {
      contained.add(g);
    }
  }

  /**
   * Whether a report is about this group's death: the pid it names, or else the same container, and in the
   * latter case the group is no other process's death that the report's pid contradicts.
   */
  private static boolean sameContainerOrPid(EventGroup g, ContainerKill k) {
    ProcessRef v = g.victim();
    Long pid = k.victim().pid();
    if (pid != null && v.pid() != null) {
      return pid.equals(v.pid()) && sameName(v, k.victim());
    }
    ContainerRef a = v.container();
    ContainerRef b = k.victim().container();
    return a != null && b != null && a.sameContainer(b);
  }

  /**
   * How far the report is from the group's events: the distance to the nearest event whose clock compares with
   * the report's, {@link #CONTAINER_WINDOW} plus one second when none does (a weaker match than any close one),
   * or {@code null} when one is farther than the window or of another boot.
   */
  private static @Nullable Duration gap(EventGroup g, ContainerKill k, EventTime t, BootClock clock) {
    Duration nearest = null;
    for (KillEvent other : g.events()) {
      EventTime o = clock.complete(other);
      if (Boolean.FALSE.equals(clock.sameBoot(other, k))) {
        return null;
      }
      if (o.wall() == null || t.wall() == null || o.zoneAssumed() != t.zoneAssumed()) {
        continue;
      }
      Duration d = Duration.between(o.wall(), t.wall()).abs();
      Duration window = CONTAINER_WINDOW.plus(o.wallPrecision().unit()).plus(t.wallPrecision().unit());
      if (d.compareTo(window) > 0) {
        return null;
      }
      nearest = nearest == null || d.compareTo(nearest) < 0 ? d : nearest;
    }
    return nearest != null ? nearest : CONTAINER_WINDOW.plusSeconds(1);
  }

  /** How long after a command's start (to its stamp's precision) a death it caused may come. */
  static final Duration CLUE_WINDOW = Duration.ofSeconds(10);

  /** How long after a cron job's start a death it caused may come: jobs run for a while before they act. */
  static final Duration JOB_WINDOW = Duration.ofMinutes(5);

  /** How long after a shell history entry's stamp (when the command was typed) the command may have run. */
  static final Duration HISTORY_WINDOW = Duration.ofMinutes(1);

  /**
   * Suspects join the deaths whose time they fit: a session the deaths while it was open, a command the deaths
   * within its precision and {@link #CLUE_WINDOW} of its start, a cron job within {@link #JOB_WINDOW}, a history
   * entry within {@link #HISTORY_WINDOW}. One that names its target ({@code kill -9 1234}, {@code pkill python3})
   * joins only that target's deaths, and, when its time is not known, each of them. One that fits no death is not
   * one.
   */
  private static void attachSuspects(List<EventGroup> groups, List<Suspect> suspects, BootClock clock) {
    if (suspects.isEmpty()) {
      return;
    }
    Suspects index = new Suspects();
    for (EventGroup g : groups) {
      index.add(g);
    }
    for (Suspect s : suspects) {
      EventTime t = clock.complete(s);
      Instant start = t.wall();
      Instant from = null;
      Instant to = null;
      if (start != null) {
        Duration precision = t.wallPrecision().unit();
        from = start.minus(WALL_SLACK);
        to = switch (s.type()) {
          case SESSION -> s.until() == null ? Instant.MAX : s.until().plus(precision).plus(WALL_SLACK);
          case SCHEDULED_JOB -> start.plus(precision).plus(JOB_WINDOW);
          case COMMAND -> start.plus(precision).plus(CLUE_WINDOW);
          case HISTORY -> start.plus(precision).plus(HISTORY_WINDOW);
        };
      }
      ProcessRef target = s.victim();
      if (target.isUnknown() && start == null) {
        continue; // neither a target nor a time to fit
      }
      for (EventGroup g : index.candidates(target, from, to)) {
        if (!target.isUnknown() && !(sameTarget(target, g.victim()))) {
          continue;
        }
        Instant died = g.time().wall();
        boolean fits = start == null
            ? !target.isUnknown()
            : died != null && !died.isBefore(from) && !died.isAfter(to);
        if (fits) {
          g.addSuspect(s);
        }
      }
    }
  }

  /**
   * The deaths a suspect may join, found by its target's pid or name, or, when it names none, by the time of death;
   * an entry that a death's victim or time has since outgrown only brings it up once more to be tested.
   */
  private static final class Suspects {
    private final Map<Long, List<EventGroup>> byPid = new HashMap<>();
    private final TreeMap<String, List<EventGroup>> byName = new TreeMap<>();
    private final TreeMap<Instant, List<EventGroup>> byTime = new TreeMap<>();

    void add(EventGroup g) {
      ProcessRef v = g.victim();
      if (v.pid() != null) {
        put(byPid, v.pid(), g);
      }
      if (v.comm() != null) {
        put(byName, v.comm(), g);
      }
      if (g.time().wall() != null) {
        put(byTime, g.time().wall(), g);
      }
    }

    private static <K> void put(Map<K, List<EventGroup>> map, K key, EventGroup g) {
      List<EventGroup> list = map.computeIfAbsent(key, k -> new ArrayList<>(1));
      if (list.isEmpty() || list.get(list.size() - 1) != g) {
        list.add(g);
      }
    }

    /** Each group that may fit once, whatever the order: a suspect joins each it fits, and changes only that one. */
    List<EventGroup> candidates(ProcessRef target, @Nullable Instant from, @Nullable Instant to) {
      Map<EventGroup, Boolean> out = new IdentityHashMap<>();
      if (target.isUnknown()) {
        if (from != null && to != null && !to.isBefore(from)) {
          for (List<EventGroup> gs : byTime.subMap(from, true, to, true).values()) {
            gs.forEach(g -> out.put(g, Boolean.TRUE));
          }
        }
      } else if (target.pid() != null) {
        byPid.getOrDefault(target.pid(), List.of()).forEach(g -> out.put(g, Boolean.TRUE));
      } else if (target.comm() != null) {
        String name = target.comm();
        byName.getOrDefault(name, List.of()).forEach(g -> out.put(g, Boolean.TRUE));
        if (name.length() >= 15) {
          // the kernel's 15 bytes of a longer name: every name that goes on from it
          for (List<EventGroup> gs : byName.subMap(name, false, name + Character.MAX_VALUE, true).values()) {
            gs.forEach(g -> out.put(g, Boolean.TRUE));
          }
        }
        for (int k = 15; k < name.length(); k++) {
          byName.getOrDefault(name.substring(0, k), List.of()).forEach(g -> out.put(g, Boolean.TRUE));
        }
      }
      return new ArrayList<>(out.keySet());
    }
  }


  /** Whether a command's target is this victim: its pid, or, named by a pattern ({@code pkill}), its name. */
  private static boolean sameTarget(ProcessRef target, ProcessRef victim) {
    if (target.pid() != null) {
      return target.pid().equals(victim.pid());
    }
    return target.comm() != null && victim.comm() != null && sameName(target, victim);
  }

  /** Whether a group's events are all close to this time (none far, at least one close). */
  private static boolean closeInTime(EventGroup g, KillEvent e, EventTime t, BootClock clock) {
    boolean close = false;
    for (KillEvent other : g.events()) {
      Relation r = relation(clock.complete(other), t, clock.sameBoot(other, e));
      if (r == Relation.FAR) {
        return false;
      }
      close |= r == Relation.CLOSE;
    }
    return close;
  }

  private static int bootIndex(KillEvent e) {
    List<LogRecord> evidence = e.evidence();
    return evidence.get(evidence.size() - 1).bootIndex();
  }

  /**
   * Whether the event is one of the group's events seen again by another stream: the same line (its decisive
   * record's message) at the same time to the precision of both clocks, or the same OOM report whatever the
   * clocks say ({@link #sameReport}). Such an event is the same piece of evidence, not a second witness.
   */
  private static boolean twinIn(EventGroup g, KillEvent e, ProcessRef victim, EventTime t, BootClock clock) {
    if (!sameName(g.victim(), victim)) {
      return false;
    }
    for (KillEvent other : g.events()) {
      if (Boolean.FALSE.equals(clock.sameBoot(other, e))) {
        return false;
      }
    }
    for (KillEvent other : g.events()) {
      if (other.kind() != e.kind() || sameSource(other, e)) {
        continue;
      }
      if (sameReport(other, e)) {
        return true;
      }
      if (other.evidence().get(0).message().equals(e.evidence().get(0).message())
          && sameInstant(clock.complete(other), t)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Two times of one line: the same time since boot to the millisecond, or the same wall time to both precisions.
   * When one zone was assumed (a syslog file beside the journal), the two may differ by the zones' offset, which
   * is a whole number of quarter hours, never more than 14 hours: the same line then stands that far apart.
   */
  private static boolean sameInstant(EventTime a, EventTime b) {
    if (a.uptime() != null && b.uptime() != null) {
      return a.uptime().minus(b.uptime()).abs().compareTo(BootClock.SAME_LINE) <= 0;
    }
    if (a.wall() == null || b.wall() == null) {
      return false;
    }
    Duration window = max(a.wallPrecision().unit(), b.wallPrecision().unit()).plusSeconds(1);
    Duration d = Duration.between(a.wall(), b.wall()).abs();
    if (a.zoneAssumed() == b.zoneAssumed()) {
      return d.compareTo(window) <= 0;
    }
    if (d.compareTo(MAX_ZONE_OFFSET.plus(window)) > 0) {
      return false;
    }
    long off = d.toMillis() % QUARTER_HOUR.toMillis();
    return Math.min(off, QUARTER_HOUR.toMillis() - off) <= window.toMillis();
  }

  /** Zone offsets are whole quarter hours. */
  private static final Duration QUARTER_HOUR = Duration.ofMinutes(15);

  /** The largest zone offset in use (+14:00, Kiribati). */
  private static final Duration MAX_ZONE_OFFSET = Duration.ofHours(14);

  private static boolean sameDeath(EventGroup g, KillEvent e, ProcessRef victim, EventTime t, BootClock clock) {
    if (!sameName(g.victim(), victim)) {
      return false;
    }
    boolean close = false;
    for (KillEvent other : g.events()) {
      Relation r = relation(clock.complete(other), t, clock.sameBoot(other, e));
      if (r == Relation.FAR) {
        return false;
      }
      if (r == Relation.CLOSE) {
        close = true;
      }
    }
    // a witness without any clock (a pasted shell message, strace -tt with no date) joins the latest death of
    // the same pid and name in its boot: nothing says otherwise, though a reused pid cannot be told apart
    return close || !t.isKnown() || !g.time().isKnown();
  }

  /**
   * The events that name a thread of a process (a victim with both a pid and a thread id: the audit log's target
   * thread, systemd-coredump's crashing thread, a JVM's), by thread id.
   */
  private static Map<Long, List<KillEvent>> threads(List<KillEvent> events) {
    Map<Long, List<KillEvent>> out = new HashMap<>();
    for (KillEvent e : events) {
      Long pid = e.victim().pid();
      Long tid = e.victim().tid();
      if (pid != null && tid != null && !tid.equals(pid)) {
        out.computeIfAbsent(tid, k -> new ArrayList<>()).add(e);
      }
    }
    return out;
  }

  /**
   * The process an event's victim belongs to. The kernel names the faulting or killed thread by its own id and
   * name ({@code worker[2628]: segfault}); when another witness of the same boot, close in time, names that
   * thread as one of a process's, the event is about that process: its pid is the thread group's, the thread id
   * is kept, and the thread's name is not taken for the process's.
   */
  private static ProcessRef processOf(KillEvent e, Map<Long, List<KillEvent>> threads, BootClock clock) {
    ProcessRef v = e.victim();
    Long pid = v.pid();
    if (pid == null || v.tid() != null) {
      return v;
    }
    for (KillEvent link : threads.getOrDefault(pid, List.of())) {
      if (link != e && relation(clock.complete(link), clock.complete(e), clock.sameBoot(link, e))
          != Relation.FAR) {
        return new ProcessRef(link.victim().pid(), pid, null, v.uid(), v.cgroup(), v.container(), v.unit());
      }
    }
    return v;
  }

  private static boolean sameSource(KillEvent a, KillEvent b) {
    return a.evidence().get(0).source().equals(b.evidence().get(0).source());
  }

  private static boolean sameName(ProcessRef a, ProcessRef b) {
    String x = a.comm();
    String y = b.comm();
    if (x == null || y == null) {
      return true;
    }
    // the kernel truncates comm to 15 bytes; other witnesses give the full name
    return x.equals(y) || x.length() >= 15 && y.startsWith(x) || y.length() >= 15 && x.startsWith(y);
  }

  /**
   * The same report seen by two witnesses (dmesg and kern.log, say): the same kind of kill of the same pid with
   * the same memory figures, whatever the times say.
   */
  private static boolean sameReport(KillEvent a, KillEvent b) {
    if (a instanceof OomKill x && b instanceof OomKill y) {
      VictimMemory m = x.memory();
      VictimMemory n = y.memory();
      boolean memoryKnown = m.totalVm() != null || m.anonRss() != null;
      return memoryKnown
          && x.killer() == y.killer()
          && Objects.equals(m.totalVm(), n.totalVm())
          && Objects.equals(m.anonRss(), n.anonRss())
          && Objects.equals(m.fileRss(), n.fileRss())
          && sameUptime(x.time(), y.time());
    }
    return false;
  }

  private static boolean sameUptime(EventTime a, EventTime b) {
    Duration x = a.uptime();
    Duration y = b.uptime();
    return x == null || y == null || x.minus(y).abs().compareTo(Duration.ofMillis(10)) <= 0;
  }

  enum Relation {
    CLOSE,
    FAR,
    UNKNOWN
  }

  /**
   * How two witnesses' times relate. Times since boot compare only within one boot: when nothing says whether
   * two are of the same boot, close uptimes prove nothing (a process dies at the same uptime after a reboot as
   * easily as before) and their wall clocks decide, if both have one.
   *
   * @param a one time
   * @param b another
   * @param sameBoot whether they are of the same boot, or {@code null} when unknown
   * @return the relation
   */
  static Relation relation(EventTime a, EventTime b, @Nullable Boolean sameBoot) {
    if (Boolean.FALSE.equals(sameBoot)) {
      return Relation.FAR;
    }
    if (a.uptime() != null && b.uptime() != null) {
      boolean close = a.uptime().minus(b.uptime()).abs().compareTo(UPTIME_WINDOW) <= 0;
      if (!close) {
        return Relation.FAR;
      }
      if (sameBoot != null) {
        return Relation.CLOSE;
      }
    }
    if (a.wall() != null && b.wall() != null) {
      Duration window = wallWindow(a.wallPrecision(), b.wallPrecision());
      if (a.zoneAssumed() != b.zoneAssumed()) {
        return Relation.UNKNOWN; // one clock's zone was guessed: the hours may be off
      }
      return Duration.between(a.wall(), b.wall()).abs().compareTo(window) <= 0
          ? Relation.CLOSE
          : Relation.FAR;
    }
    return Relation.UNKNOWN;
  }

  /**
   * How far apart two wall clocks of these precisions may be for their events to be close: the coarser unit and
   * {@link #WALL_SLACK}. The index of groups by wall time looks this far, so it offers every group that is close.
   */
  static Duration wallWindow(Precision a, Precision b) {
    return max(a.unit(), b.unit()).plus(WALL_SLACK);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
