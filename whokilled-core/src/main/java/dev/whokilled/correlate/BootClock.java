package dev.whokilled.correlate;

import dev.whokilled.event.EventTime;
import dev.whokilled.event.EventTime.Precision;
import dev.whokilled.event.KillEvent;
import dev.whokilled.facts.HostFacts;
import dev.whokilled.framing.LogRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Which boot each event belongs to, and when each boot began: what turns the kernel's time since boot into
 * wall-clock time, and what keeps two boots' events apart.
 *
 * <p>A boot is known by the journal's boot id ({@code _BOOT_ID}), else by its stream and the number of reboots
 * that stream showed before it. Two streams' boots are the same boot when they hold the same line at the same
 * time since boot to the millisecond (dmesg and kern.log, dmesg and the journal: the same line seen twice). When
 * a boot began is known from a record that carries both clocks (kern.log's {@code [uptime]} after its syslog
 * stamp, the journal's two stamps), the nearest such record in time since boot, so that a suspend, which stops
 * the kernel's clock, shifts only what follows it; else from the boot time given to the analyzer, which belongs to
 * the boot running when it was read: the one whose id it names, or, for a stream without ids, the last boot that
 * stream shows (an earlier boot in the same file had another boot time, and giving its events this one would
 * invent their times).
 */
public final class BootClock {

  /** No boot time and no boots linked: times since boot stay as they are. */
  public static final BootClock NONE = new BootClock(null, null, Map.of());

  /** How close two boots' start times must be to be the same boot (two boots cannot begin seconds apart). */
  static final Duration SAME_START = Duration.ofSeconds(3);

  /** A line held by two streams at the same time since boot to this precision is the same line. */
  static final Duration SAME_LINE = Duration.ofMillis(1);

  private final @Nullable Instant bootTime;
  private final @Nullable String bootId;
  private final Map<String, Integer> lastBoot;
  private final Map<String, String> parent = new HashMap<>();
  private final Map<String, TreeMap<Duration, Start>> starts = new HashMap<>();
  /** Each linked boot's keys, by its root, once asked for. */
  private final Map<String, Set<String>> members = new HashMap<>();
  /** Each event's boot key, computed once: the correlator asks for it in its inner loops. */
  private final Map<KillEvent, String> keys = new IdentityHashMap<>();

  /** When a boot began, as one record showed it, and what was assumed to read that record's wall clock. */
  private record Start(Instant at, boolean yearAssumed, boolean zoneAssumed) {}

  private BootClock(@Nullable Instant bootTime, @Nullable String bootId, Map<String, Integer> lastBoot) {
    this.bootTime = bootTime;
    this.bootId = bootId;
    this.lastBoot = lastBoot;
  }

  /**
   * The boots of these events, with the given boot time of the running boot.
   *
   * @param bootTime when the running boot began, or {@code null} for none
   * @param bootId the running boot's id in any form ({@code boot_id} with dashes, or the journal's), or
   *     {@code null}
   * @param events the events whose times it will complete and compare
   * @return the clock
   */
  public static BootClock of(@Nullable Instant bootTime, @Nullable String bootId, List<KillEvent> events) {
    return of(bootTime, bootId, events, List.of());
  }

  /**
   * The boots of these events, with the given boot time of the running boot, and records with both clocks of events
   * no longer among them that still tell when their boots began.
   *
   * @param bootTime when the running boot began, or {@code null} for none
   * @param bootId the running boot's id in any form, or {@code null}
   * @param events the events whose times it will complete and compare
   * @param anchors records of events let go, each with both clocks
   * @return the clock
   */
  public static BootClock of(@Nullable Instant bootTime, @Nullable String bootId, List<KillEvent> events,
      List<LogRecord> anchors) {
    Map<String, Integer> last = new HashMap<>();
    for (KillEvent e : events) {
      for (LogRecord r : e.evidence()) {
        last.merge(r.source(), r.bootIndex(), Math::max);
      }
    }
    for (LogRecord r : anchors) {
      last.merge(r.source(), r.bootIndex(), Math::max);
    }
    // one stream's lines link no boots: only two streams' can
    boolean streams = last.size() > 1;
    BootClock clock =
        new BootClock(bootTime, bootId == null ? null : HostFacts.normalBootId(bootId), last);
    Map<String, Set<String>> lines = new HashMap<>();
    for (KillEvent e : events) {
      String boot = key(e);
      clock.keys.put(e, boot);
      clock.sample(boot, e.time());
      for (LogRecord r : e.evidence()) {
        String own = key(r.time(), r);
        clock.sample(own, r.time());
        Duration up = r.time().uptime();
        if (streams && up != null && up.compareTo(Duration.ofSeconds(1)) > 0 && r.message().length() >= 16) {
          // early lines are left out: their times repeat from boot to boot
          lines.computeIfAbsent(up.toMillis() + "\u0000" + r.message(), k -> new HashSet<>()).add(own);
        }
      }
    }
    for (LogRecord r : anchors) {
      clock.sample(key(r.time(), r), r.time());
    }
    for (Set<String> boots : lines.values()) {
      // the same kernel line in two streams: one boot; unless one stream has it in two boots, when it says nothing
      if (boots.size() > 1 && streams(boots).size() == boots.size()) {
        String first = boots.iterator().next();
        for (String b : boots) {
          clock.union(first, b);
        }
      }
    }
    return clock;
  }

  /**
   * An event's time, with the wall clock derived from the start of its boot when it has only the time since
   * boot and that start is known. The precision is whole seconds: {@code btime} and syslog stamps are in seconds,
   * and the clocks drift apart over a suspend.
   *
   * @param e the event
   * @return its time, completed when it can be
   */
  public EventTime complete(KillEvent e) {
    EventTime t = e.time();
    Duration up = t.uptime();
    if (t.wall() != null || up == null) {
      return t;
    }
    Start start = start(e, up);
    if (start == null) {
      return t;
    }
    return new EventTime(start.at().plus(up), Precision.SECONDS, start.yearAssumed(), start.zoneAssumed(), up,
        t.bootId());
  }

  /**
   * Whether two events are of the same boot: {@code TRUE} when their boot ids or streams say so, or the same
   * line links their boots, or their boots began at the same time; {@code FALSE} when ids, one stream's reboots
   * or different starts tell them apart; {@code null} when nothing says.
   *
   * @param a an event
   * @param b another
   * @return the answer, or {@code null} when unknown
   */
  public @Nullable Boolean sameBoot(KillEvent a, KillEvent b) {
    String ka = find(keyOf(a));
    String kb = find(keyOf(b));
    if (ka.equals(kb)) {
      return Boolean.TRUE;
    }
    Set<String> ma = members(ka);
    Set<String> mb = members(kb);
    if (ids(ma) && ids(mb) || sharedStream(ma, mb)) {
      return Boolean.FALSE; // another id, or another boot of the same stream, and no line links them
    }
    Start sa = start(a, a.time().uptime());
    Start sb = start(b, b.time().uptime());
    if (sa == null || sb == null || sa.zoneAssumed() != sb.zoneAssumed()) {
      return null;
    }
    return Duration.between(sa.at(), sb.at()).abs().compareTo(SAME_START) <= 0;
  }

  /** The boot an event belongs to: its boot id, else its last evidence record's stream and boot there. */
  static String key(KillEvent e) {
    List<LogRecord> evidence = e.evidence();
    return key(e.time(), evidence.get(evidence.size() - 1));
  }

  /**
   * The boot a record's clocks are of.
   *
   * @param r the record
   * @return its boot's key
   */
  public static String keyOf(LogRecord r) {
    return key(r.time(), r);
  }

  private static String key(EventTime t, LogRecord r) {
    String id = t.bootId();
    if (id == null) {
      id = r.time().bootId();
    }
    if (id != null && id.length() == 32) {
      return "id " + HostFacts.normalBootId(id);
    }
    return "stream " + r.bootIndex() + " " + r.source();
  }

  private String keyOf(KillEvent e) {
    String k = keys.get(e);
    return k != null ? k : key(e);
  }

  private @Nullable Start start(KillEvent e, @Nullable Duration up) {
    String root = find(keyOf(e));
    if (bootTime != null && isRunningBoot(root)) {
      return new Start(bootTime, false, false);
    }
    TreeMap<Duration, Start> known = starts.get(root);
    if (known == null || known.isEmpty()) {
      return null;
    }
    if (up == null) {
      return known.firstEntry().getValue();
    }
    Map.Entry<Duration, Start> below = known.floorEntry(up);
    Map.Entry<Duration, Start> above = known.ceilingEntry(up);
    if (below == null) {
      return above.getValue();
    }
    if (above == null) {
      return below.getValue();
    }
    return up.minus(below.getKey()).compareTo(above.getKey().minus(up)) <= 0 ? below.getValue() : above.getValue();
  }

  /**
   * Whether a boot is the one the given boot time belongs to: it has that boot's id, or, having no id, it is
   * the last boot of each stream it was seen in.
   */
  private boolean isRunningBoot(String root) {
    Set<String> members = members(root);
    boolean anyId = false;
    for (String m : members) {
      if (m.startsWith("id ")) {
        anyId = true;
        if (bootId != null && m.substring(3).equals(bootId)) {
          return true;
        }
      }
    }
    if (anyId && bootId != null) {
      return false;
    }
    for (String m : members) {
      if (m.startsWith("stream ")) {
        int sp = m.indexOf(' ', 7);
        int index = Integer.parseInt(m.substring(7, sp));
        if (index < lastBoot.getOrDefault(m.substring(sp + 1), 0)) {
          return false;
        }
      }
    }
    return true;
  }

  private void sample(String boot, EventTime t) {
    Instant wall = t.wall();
    Duration up = t.uptime();
    if (wall == null || up == null) {
      return;
    }
    starts.computeIfAbsent(find(boot), k -> new TreeMap<>())
        .putIfAbsent(up, new Start(wall.minus(up), t.yearAssumed(), t.zoneAssumed()));
  }

  private String find(String k) {
    String p = parent.get(k);
    if (p == null) {
      return k;
    }
    String root = find(p);
    if (!root.equals(p)) {
      parent.put(k, root);
    }
    return root;
  }

  private void union(String a, String b) {
    String ra = find(a);
    String rb = find(b);
    if (ra.equals(rb)) {
      return;
    }
    members.clear();
    parent.put(rb, ra);
    TreeMap<Duration, Start> moved = starts.remove(rb);
    if (moved != null) {
      TreeMap<Duration, Start> into = starts.computeIfAbsent(ra, k -> new TreeMap<>());
      moved.forEach(into::putIfAbsent);
    }
  }

  private Set<String> members(String root) {
    // the correlator asks at every comparison of two events' boots; the boots are linked once, in of()
    return members.computeIfAbsent(root, this::collectMembers);
  }

  private Set<String> collectMembers(String root) {
    Set<String> out = new HashSet<>();
    out.add(root);
    for (String k : parent.keySet()) {
      if (find(k).equals(root)) {
        out.add(k);
      }
    }
    return out;
  }

  private static boolean ids(Set<String> members) {
    for (String m : members) {
      if (m.startsWith("id ")) {
        return true;
      }
    }
    return false;
  }

  private static boolean sharedStream(Set<String> a, Set<String> b) {
    Set<String> streams = streams(a);
    for (String s : streams(b)) {
      if (streams.contains(s)) {
        return true;
      }
    }
    return false;
  }

  /** The streams of boot keys (an id's key stands for itself). */
  private static Set<String> streams(Set<String> keys) {
    Set<String> out = new HashSet<>();
    for (String m : keys) {
      out.add(m.startsWith("stream ") ? m.substring(m.indexOf(' ', 7) + 1) : m);
    }
    return out;
  }
}
