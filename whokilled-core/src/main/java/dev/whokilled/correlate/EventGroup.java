package dev.whokilled.correlate;

import dev.whokilled.event.ContainerRef;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.KillEvent;
import dev.whokilled.event.ProcessRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The events of every witness about one process's end, and what they say together about the victim and the
 * time. Built by the {@link Correlator}; read by the classifier.
 */
public final class EventGroup {

  private final List<KillEvent> events = new ArrayList<>();
  /** The events that are another stream's copy of one already in the group; made when there is one. */
  private @Nullable Set<KillEvent> twins;
  private final int order;
  private ProcessRef victim;
  private EventTime time;
  private final int bootIndex;

  EventGroup(KillEvent first, EventTime time, int bootIndex, int order) {
    this(first, first.victim(), time, bootIndex, order);
  }

  EventGroup(KillEvent first, ProcessRef victim, EventTime time, int bootIndex, int order) {
    this.victim = victim;
    this.time = time;
    this.bootIndex = bootIndex;
    this.order = order;
    events.add(first);
  }

  void add(KillEvent e, EventTime t) {
    add(e, e.victim(), t, false);
  }

  /**
   * Adds a suspect: a clue to who killed the victim, which tells neither who the victim was nor when it died (a
   * command typed or a job started before the death, a session around it), so neither changes.
   */
  void addSuspect(KillEvent e) {
    events.add(e);
  }

  /** Adds an event whose victim, as the correlator knows it (a thread's process), is {@code as}. */
  void add(KillEvent e, ProcessRef as, EventTime t, boolean twin) {
    events.add(e);
    if (twin) {
      if (twins == null) {
        twins = Collections.newSetFromMap(new IdentityHashMap<>());
      }
      twins.add(e);
    }
    victim = merge(victim, as);
    time = better(time, t);
  }

  /** The events, in the order read. */
  public List<KillEvent> events() {
    return Collections.unmodifiableList(events);
  }

  /**
   * Whether an event is another stream's copy of an earlier event of the group (the same kernel line in dmesg
   * and kern.log, the same journal record rendered twice): the same piece of evidence, which must not count as a
   * second witness.
   *
   * @param e one of the group's events
   * @return whether it repeats an earlier one
   */
  public boolean isTwin(KillEvent e) {
    return twins != null && twins.contains(e);
  }

  /** The victim, with what every witness adds (the longest name, a uid, a cgroup, a container). */
  public ProcessRef victim() {
    return victim;
  }

  /** The most precise time any witness gave, with the uptime and boot filled in from others. */
  public EventTime time() {
    return time;
  }

  /** The boot of the first event (0 for the first boot its stream showed). */
  public int bootIndex() {
    return bootIndex;
  }

  /** The position of the group's first event in the input. */
  public int order() {
    return order;
  }

  static ProcessRef merge(ProcessRef a, ProcessRef b) {
    Long pid = a.pid() != null ? a.pid() : b.pid();
    Long tid = a.tid() != null ? a.tid() : b.tid();
    String comm = longer(a.comm(), b.comm());
    Integer uid = a.uid() != null ? a.uid() : b.uid();
    String cgroup = a.cgroup() != null ? a.cgroup() : b.cgroup();
    ContainerRef container = mergeContainer(a.container(), b.container());
    String unit = a.unit() != null ? a.unit() : b.unit();
    return new ProcessRef(pid, tid, comm, uid, cgroup, container, unit);
  }

  private static @Nullable String longer(@Nullable String a, @Nullable String b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return b.length() > a.length() && b.startsWith(a) ? b : a;
  }

  private static @Nullable ContainerRef mergeContainer(@Nullable ContainerRef a, @Nullable ContainerRef b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return new ContainerRef(
        a.runtime() != null ? a.runtime() : b.runtime(),
        longer(a.id(), b.id()),
        a.name() != null ? a.name() : b.name(),
        a.pod() != null ? a.pod() : b.pod(),
        a.podUid() != null ? a.podUid() : b.podUid(),
        a.namespace() != null ? a.namespace() : b.namespace(),
        a.qosClass() != null ? a.qosClass() : b.qosClass());
  }

  /** The more precise wall time, keeping an uptime and boot id from either. */
  static EventTime better(EventTime a, EventTime b) {
    EventTime wall = a;
    if (b.wall() != null
        && (a.wall() == null
            || b.wallPrecision().compareTo(a.wallPrecision()) > 0
            || (a.yearAssumed() || a.zoneAssumed()) && !b.yearAssumed() && !b.zoneAssumed())) {
      wall = b;
    }
    EventTime result = wall;
    if (result.uptime() == null) {
      result = result.withUptime(a.uptime() != null ? a.uptime() : b.uptime());
    }
    if (result.bootId() == null) {
      result = result.withBootId(a.bootId() != null ? a.bootId() : b.bootId());
    }
    return result;
  }
}
