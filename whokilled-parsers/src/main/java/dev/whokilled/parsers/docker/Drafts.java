package dev.whokilled.parsers.docker;

import dev.whokilled.event.ContainerKill;
import dev.whokilled.event.ContainerRef;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.parsers.text.Text;
import dev.whokilled.spi.EventSink;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a runtime's event stream said about each container lately, until it adds up to one report.
 *
 * <p>A runtime reports one end in several events: Docker's {@code oom} then {@code die}, {@code kill} (SIGTERM),
 * {@code kill} (SIGKILL) then {@code die}; containerd's {@code TaskOOM} then {@code TaskExit}, its CRI's
 * {@code Stop container … with signal terminated} then the exit. Each container's events are gathered in a draft,
 * and the draft becomes one {@link ContainerKill} when the container's end has been seen and nothing came for
 * {@link #ENDED_WAIT_MS} (an OOM event can trail the exit), when an OOM or a kill was seen and no end followed
 * within {@link #OPEN_WAIT_MS}, when {@link #MAX_AGE_RECORDS} records passed, or when the stream ends. At most
 * {@link #MAX_DRAFTS} drafts are kept; the oldest is reported first when more come.
 */
final class Drafts {

  /** How long an ended container's draft waits for a trailing OOM event. */
  static final long ENDED_WAIT_MS = 5_000;
  /** How long an OOM or kill waits for the container's end. */
  static final long OPEN_WAIT_MS = 60_000;
  /** Records after which a draft is reported whatever the clocks say (for records without a time). */
  static final int MAX_AGE_RECORDS = 5_000;
  /** The most containers followed at once. */
  static final int MAX_DRAFTS = 1_024;
  /** The most evidence records kept per report. */
  static final int MAX_EVIDENCE = 16;

  /** One container's events so far. */
  static final class Draft {
    /** The container's id as first seen (full or abbreviated). */
    String id;
    /** The container as far as named. */
    ContainerRef container;
    /** The lines read. */
    final List<LogRecord> evidence = new ArrayList<>();
    /** The first event's time. */
    EventTime start = EventTime.UNKNOWN;
    /** The end's time. */
    EventTime end = EventTime.UNKNOWN;
    /** How many OOM events. */
    int ooms;
    /** The signals sent to it through the runtime, in order. */
    final List<Signal> sent = new ArrayList<>();
    /** Whether a kill was sent whose signal the source does not name. */
    boolean killUnnamed;
    /** Whether the container's end was seen. */
    boolean ended;
    /** The exit code, when the end gave one. */
    @Nullable Integer exitCode;
    /** The main process's pid, when the source names it. */
    @Nullable Long pid;
    /** The runtime's own words worth keeping, or {@code null}. */
    @Nullable String detail;
    /** The record that touched it last. */
    LogRecord last;
    /** The record count when it was touched last. */
    long seq;

    Draft(String id, ContainerRef container, LogRecord at) {
      this.id = id;
      this.container = container;
      this.last = at;
    }

    /** Adds a record to the evidence (up to the cap) and marks the draft touched. */
    void touch(LogRecord r, long count, EventTime t) {
      if (evidence.size() < MAX_EVIDENCE && !evidence.contains(r)) {
        evidence.add(r);
      }
      if (!start.isKnown()) {
        start = t;
      }
      last = r;
      seq = count;
    }

    /** Merges what a later record names about the container. */
    void name(ContainerRef more) {
      container = merge(container, more);
      if (more.id() != null && more.id().length() > id.length()) {
        id = more.id();
      }
    }

    /** Whether anything was seen that is worth a report on its own. */
    boolean open() {
      return ooms > 0 || !sent.isEmpty() || killUnnamed;
    }
  }

  private final Map<String, Draft> drafts = new LinkedHashMap<>();
  private final String reporter;

  /**
   * Drafts of one runtime's events.
   *
   * @param reporter the tool the reports are credited to ({@code docker}, {@code containerd})
   */
  Drafts(String reporter) {
    this.reporter = reporter;
  }

  /**
   * The draft of a container, by its id or an abbreviation of it (12 characters or more either way).
   *
   * @param id the id as the line gives it
   * @return the draft, or {@code null} when none is open
   */
  @Nullable Draft find(String id) {
    Draft d = drafts.get(id);
    if (d != null || id.length() < 12) {
      return d;
    }
    for (Draft o : drafts.values()) {
      if (o.id.length() >= 12 && (o.id.startsWith(id) || id.startsWith(o.id))) {
        return o;
      }
    }
    return null;
  }

  /**
   * The draft of a container, opened when there is none; a draft whose end was already seen is reported first
   * when {@code newLife} says the record begins something new (a second OOM or kill after the end: the container
   * was restarted).
   *
   * @param id the container's id as the line gives it
   * @param container the container as the line names it
   * @param at the record
   * @param newLife whether the record starts a new episode when the old one ended
   * @param sink where a report goes
   * @return the draft
   */
  Draft open(String id, ContainerRef container, LogRecord at, boolean newLife, EventSink sink) {
    Draft d = find(id);
    if (d != null && d.ended && newLife) {
      emit(d, sink);
      d = null;
    }
    if (d == null) {
      if (drafts.size() >= MAX_DRAFTS) {
        Iterator<Draft> it = drafts.values().iterator();
        Draft oldest = it.next();
        it.remove();
        report(oldest, sink);
      }
      d = new Draft(id, container, at);
      drafts.put(id, d);
    } else {
      d.name(container);
    }
    return d;
  }

  /**
   * Reports the drafts that waited long enough, measured against a later record.
   *
   * @param now the record being read
   * @param count how many records were read before it
   * @param sink where reports go
   */
  void age(LogRecord now, long count, EventSink sink) {
    if (drafts.isEmpty()) {
      return;
    }
    Iterator<Draft> it = drafts.values().iterator();
    List<Draft> due = new ArrayList<>();
    while (it.hasNext()) {
      Draft d = it.next();
      if (count - d.seq > MAX_AGE_RECORDS
          || Text.after(d.last, now, d.ended ? ENDED_WAIT_MS : OPEN_WAIT_MS)) {
        it.remove();
        due.add(d);
      }
    }
    for (Draft d : due) {
      report(d, sink);
    }
  }

  /**
   * Reports a draft at once (its container's story is complete).
   *
   * @param d the draft
   * @param sink where the report goes
   */
  void emit(Draft d, EventSink sink) {
    drafts.values().remove(d);
    report(d, sink);
  }

  /**
   * Reports every draft.
   *
   * @param sink where reports go
   */
  void finish(EventSink sink) {
    List<Draft> all = new ArrayList<>(drafts.values());
    drafts.clear();
    for (Draft d : all) {
      report(d, sink);
    }
  }

  private void report(Draft d, EventSink sink) {
    ContainerKill k = build(d, reporter);
    if (k != null) {
      sink.event(k);
    }
  }

  /**
   * The report a draft adds up to.
   *
   * <p>An OOM event then an exit with code 137 is {@code OOM_KILLED}; an OOM event and any other end (or none)
   * is {@code OOM_EVENT}: the OOM killer killed something in the container, not necessarily its main process.
   * Signals sent through the runtime make {@code KILLED} (even when the container then exited 0: it was told to
   * stop). Otherwise a non-zero exit is {@code EXITED}, and exit 0 is no report.
   *
   * @param d the draft
   * @param reporter the tool credited
   * @return the report, or {@code null} when the draft tells of no death
   */
  static @Nullable ContainerKill build(Draft d, String reporter) {
    if (d.evidence.isEmpty()) {
      return null;
    }
    Integer code = d.exitCode;
    Signal byCode = signalOfExit(code);
    EventTime time = d.ended && d.end.isKnown() ? d.end : d.start;
    ProcessRef victim = new ProcessRef(d.pid, null, null, null, null, d.container, null);
    List<String> words = new ArrayList<>();
    if (d.detail != null) {
      words.add(d.detail);
    }
    ContainerKill.Reason reason;
    Signal signal;
    if (d.ooms > 0) {
      if (d.ooms > 1) {
        words.add(d.ooms + " OOM events");
      }
      if (d.ended && code != null && code == 137) {
        reason = ContainerKill.Reason.OOM_KILLED;
        signal = Signal.SIGKILL;
      } else {
        reason = ContainerKill.Reason.OOM_EVENT;
        signal = byCode;
        if (d.ended && code != null) {
          words.add("the container then exited with code " + code);
        } else if (!d.ended) {
          words.add("no end of the container follows in this log");
        }
      }
    } else if (!d.sent.isEmpty() || d.killUnnamed) {
      reason = ContainerKill.Reason.KILLED;
      Signal last = d.sent.isEmpty() ? null : d.sent.get(d.sent.size() - 1);
      signal = byCode != null && d.sent.contains(byCode) ? byCode : last;
      if (d.sent.size() > 1 && d.detail == null) {
        StringBuilder b = new StringBuilder("sent ");
        for (int i = 0; i < d.sent.size(); i++) {
          b.append(i == 0 ? "" : i == d.sent.size() - 1 ? ", then " : ", ").append(d.sent.get(i).name());
        }
        words.add(b.toString());
      }
    } else if (d.ended && code != null && code != 0) {
      reason = ContainerKill.Reason.EXITED;
      signal = byCode;
    } else {
      return null;
    }
    String detail = words.isEmpty() ? null : String.join("; ", words);
    return new ContainerKill(victim, time, d.evidence, reason, code, signal, reporter, detail);
  }

  /** The signal an exit code names: 128 + the signal's number, for the standard signals. */
  static @Nullable Signal signalOfExit(@Nullable Integer code) {
    if (code == null || code <= 128 || code > 128 + 31) {
      return null;
    }
    return Signal.fromNumber(code - 128L).orElse(null);
  }

  /** A container named by two sources: each part from the first that names it. */
  static ContainerRef merge(ContainerRef a, ContainerRef b) {
    String id = a.id() == null || b.id() != null && b.id().length() > a.id().length() ? b.id() : a.id();
    return new ContainerRef(
        a.runtime() != null ? a.runtime() : b.runtime(), id,
        a.name() != null ? a.name() : b.name(),
        a.pod() != null ? a.pod() : b.pod(),
        a.podUid() != null ? a.podUid() : b.podUid(),
        a.namespace() != null ? a.namespace() : b.namespace(),
        a.qosClass() != null ? a.qosClass() : b.qosClass());
  }

  /** Whether no draft is open. */
  boolean isEmpty() {
    return drafts.isEmpty();
  }

  @Override
  public String toString() {
    return Objects.toString(drafts.keySet());
  }
}
