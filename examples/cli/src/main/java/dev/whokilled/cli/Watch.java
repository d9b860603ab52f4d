package dev.whokilled.cli;

import dev.whokilled.Analyzer;
import dev.whokilled.Death;
import dev.whokilled.Report;
import dev.whokilled.Session;
import dev.whokilled.event.KillEvent;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.framing.Framing;
import dev.whokilled.framing.LogRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Follows live logs and tells of each death once, as soon as it is known well enough: the engine of
 * {@code whokilled watch}.
 *
 * <p>Feeds (the kernel log, the journal, standard input) read on threads of their own and hand their lines to one
 * inbox; this class alone touches the analysis {@link Session}, on the thread that {@link #run runs} it. A death is
 * told once the lines have paused for {@link Settings#quiet()} (a kernel OOM report comes in one burst: its kill
 * line and the reaper's line within milliseconds), or at the latest {@link Settings#maxWait()} after the first line
 * not yet analysed, when lines keep coming. Telling means asking the session for its report: open blocks are closed
 * then, so an OOM kill whose reaper line has not come is told without it.
 *
 * <p>A death told is known afterwards by its evidence lines: a later report that holds any of them holds the same
 * death, perhaps with more witnesses (the journal's copy of a kernel line, systemd's word on the unit). It is told
 * again, as an update, only when the verdict changed: another cause, another killer, or a container now known.
 *
 * <p>Memory stays bounded however long it runs: events that made a death are forgotten by the session
 * {@link Settings#retain()} after the death was first told (all of a death's events together, so no death shrinks
 * into another verdict), other events once their own time is that old; the deaths told are remembered twice as long,
 * so that nothing forgotten is told again as new. The inbox holds at most {@link Settings#inbox()} lines: a feed that
 * outpaces the analysis waits (the kernel's ring buffer then overwrites, which the kernel feed reports as a gap).
 */
final class Watch {

  /**
   * How the watch paces itself.
   *
   * @param quiet how long the lines pause before the deaths among them are told
   * @param maxWait the longest a line waits to be analysed and told when lines keep coming
   * @param retain how long the events of a death stay in the session after it was told
   * @param sweep how often old events are forgotten
   * @param inbox how many lines may wait to be analysed
   */
  record Settings(Duration quiet, Duration maxWait, Duration retain, Duration sweep, int inbox) {

    /** Death told within 150 ms of the last line of a burst, 600 ms of its first; kept ten minutes. */
    static final Settings DEFAULT =
        new Settings(Duration.ofMillis(150), Duration.ofMillis(600), Duration.ofMinutes(10), Duration.ofMinutes(1),
            10_000);
  }

  /** Where deaths and warnings go. */
  interface Output {
    /**
     * Tells of a death.
     *
     * @param death the death
     * @param update whether it was told before, with another verdict
     */
    void death(Death death, boolean update);

    /**
     * Tells a warning: a gap in a log, a feed that stopped, a line the report warns about.
     *
     * @param warning one line, without the {@code whokilled: warning: } prefix
     */
    void warning(String warning);

    /**
     * Whether deaths can no longer be told (standard output is a pipe whose reader went away, as in
     * {@code watch --json | head -1}): the watch then stops.
     *
     * @return whether the output is closed
     */
    default boolean closed() {
      return false;
    }
  }

  /** A source of lines that reads on a thread of its own. */
  interface Feed {
    /**
     * Starts reading into the inbox; returns at once.
     *
     * @param inbox where the lines go
     */
    void start(Inbox inbox);

    /** Stops reading, as soon as it can; never blocks for long. */
    void stop();
  }

  /** What a feed hands over. */
  private sealed interface Item permits Line, Note, End, Wake {}

  private record Line(String source, Framing framing, String text, long kernelMicros) implements Item {}

  private record Note(String warning) implements Item {}

  private record End(String source) implements Item {}

  /** Wakes the loop to see that it is to stop. */
  private record Wake() implements Item {}

  /** The inbox of a watch, given to its feeds; safe to use from any thread. */
  final class Inbox {

    private Inbox() {}

    /**
     * Hands over a line; waits while the inbox is full.
     *
     * @param source the source's name, as evidence cites it
     * @param framing the source's framing, the same for every line of a source
     * @param text the line
     * @throws InterruptedException if interrupted while waiting
     */
    void line(String source, Framing framing, String text) throws InterruptedException {
      queue.put(new Line(source, framing, text, -1));
    }

    /**
     * Hands over a kernel record's line with the kernel's time of it.
     *
     * @param source the source's name
     * @param framing the source's framing
     * @param text the line
     * @param micros the record's time since boot, microseconds
     * @throws InterruptedException if interrupted while waiting
     */
    void kernelLine(String source, Framing framing, String text, long micros) throws InterruptedException {
      queue.put(new Line(source, framing, text, micros));
    }

    /**
     * Hands over a warning; never waits.
     *
     * @param warning one line
     */
    void warn(String warning) {
      queue.offer(new Note(warning));
    }

    /**
     * Says that a feed has ended for good (its input ended); the watch ends when every feed has.
     *
     * @param source the feed's name
     */
    void ended(String source) {
      try {
        queue.put(new End(source));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        queue.offer(new End(source)); // interrupted: the watch is stopping, or the inbox has room
      }
    }
  }

  private final Session session;
  private final Output out;
  private final Settings settings;
  private final BlockingQueue<Item> queue;
  private final Inbox inbox = new Inbox();
  private volatile boolean stopping;

  /** The deaths told, by each of their evidence lines' location, in the order told. */
  private final Map<String, Told> byLocation = new HashMap<>();
  private final ArrayDeque<Told> told = new ArrayDeque<>();
  /** When each event that made a death was first told (all of a death's events share its time). */
  private final Map<KillEvent, Long> firstTold = new IdentityHashMap<>();
  /** The warnings told, the oldest dropped past a cap. */
  private final Set<String> warned = new LinkedHashSet<>();
  private @Nullable Long kernelMicros;
  private int deaths;

  private static final int MAX_WARNED = 2000;

  /** A death told, and the locations of its evidence so far. */
  private static final class Told {
    Death death;
    long at;
    final List<String> locations = new ArrayList<>();

    Told(Death death, long at) {
      this.death = death;
      this.at = at;
    }
  }

  /**
   * A watch.
   *
   * @param analyzer the analyzer of its session
   * @param out where deaths and warnings go; called on the thread that runs the watch
   * @param settings its pace
   */
  Watch(Analyzer analyzer, Output out, Settings settings) {
    this.session = analyzer.newSession();
    this.out = out;
    this.settings = settings;
    this.queue = new LinkedBlockingQueue<>(settings.inbox());
  }

  /**
   * Starts the feeds and tells of deaths until {@link #stop()} is called or every feed has ended; then analyses
   * what was read, tells its last deaths, and stops the feeds.
   *
   * @param feeds the feeds
   * @return how many deaths were told (updates not counted)
   */
  int run(List<Feed> feeds) {
    try {
      for (Feed f : feeds) {
        f.start(inbox);
      }
      loop(feeds.size());
      for (Item i = queue.poll(); i != null; i = queue.poll()) {
        take(i, System.nanoTime());
      }
      publish();
      return deaths;
    } finally {
      for (Feed f : feeds) {
        f.stop();
      }
    }
  }

  private void loop(int feeds) {
    int live = feeds;
    long firstPending = -1;
    long lastLine = -1;
    long lastSweep = System.nanoTime();
    long quiet = settings.quiet().toNanos();
    long maxWait = settings.maxWait().toNanos();
    long sweep = settings.sweep().toNanos();
    while (!stopping && live > 0) {
      long now = System.nanoTime();
      long wait = firstPending < 0 ? sweep - (now - lastSweep)
          : Math.min(lastLine + quiet, firstPending + maxWait) - now;
      Item item;
      try {
        item = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      now = System.nanoTime();
      if (item instanceof Line) {
        firstPending = firstPending < 0 ? now : firstPending;
        lastLine = now;
      } else if (item instanceof End) {
        live--;
      }
      if (item != null) {
        take(item, now);
      }
      if (firstPending >= 0 && (now - lastLine >= quiet || now - firstPending >= maxWait || live == 0)) {
        publish();
        firstPending = -1;
        if (out.closed()) {
          break;
        }
      }
      // only when every line read went through a report: a death not yet told has no events to lose
      if (firstPending < 0 && now - lastSweep >= sweep) {
        sweep(now);
        lastSweep = now;
      }
    }
  }

  private void take(Item item, long now) {
    if (item instanceof Line l) {
      session.source(l.source(), l.framing()).accept(l.text());
      if (l.kernelMicros() >= 0 && (kernelMicros == null || l.kernelMicros() > kernelMicros)) {
        kernelMicros = l.kernelMicros();
      }
    } else if (item instanceof Note n) {
      out.warning(n.warning());
    }
  }

  /**
   * Asks the watch to stop: it analyses what was read, tells its last deaths and returns from {@link #run}. Safe
   * from any thread, such as a shutdown hook.
   */
  void stop() {
    stopping = true;
    queue.offer(new Wake());
  }

  private void publish() {
    Report report = session.report();
    long now = System.nanoTime();
    for (Death d : report.deaths()) {
      Told t = find(d);
      if (t == null) {
        t = new Told(d, now);
        told.add(t);
        deaths++;
        remember(t, d);
        out.death(d, false);
      } else {
        boolean changed = changed(t.death, d);
        t.death = d;
        remember(t, d);
        if (changed) {
          out.death(d, true);
        }
      }
      for (KillEvent e : d.events()) {
        firstTold.put(e, t.at);
      }
    }
    for (String w : report.warnings()) {
      if (warned.add(w)) {
        out.warning(w);
        if (warned.size() > MAX_WARNED) {
          Iterator<String> oldest = warned.iterator();
          oldest.next();
          oldest.remove();
        }
      }
    }
  }

  private @Nullable Told find(Death d) {
    for (LogRecord r : d.allEvidence()) {
      Told t = byLocation.get(r.location());
      if (t != null) {
        return t;
      }
    }
    return null;
  }

  private void remember(Told t, Death d) {
    for (LogRecord r : d.allEvidence()) {
      String at = r.location();
      if (byLocation.putIfAbsent(at, t) == null) {
        t.locations.add(at);
      }
    }
  }

  /** Whether a later report's verdict on a death told is worth telling again. */
  static boolean changed(Death before, Death now) {
    return before.cause() != now.cause()
        || !sameProcess(before.verdict().killer(), now.verdict().killer())
        || before.victim().container() == null && now.victim().container() != null;
  }

  private static boolean sameProcess(@Nullable ProcessRef a, @Nullable ProcessRef b) {
    if (a == null || b == null) {
      return a == b;
    }
    return Objects.equals(a.pid(), b.pid()) && Objects.equals(a.comm(), b.comm());
  }

  /**
   * Forgets what is old: events of deaths told {@code retain} ago (all of a death's events together), other
   * events whose own time is that old (by the kernel's clock, else the wall clock) or unknown; deaths told twice
   * that long ago.
   */
  private void sweep(long now) {
    long retain = settings.retain().toNanos();
    Instant wall = Instant.now();
    Duration age = settings.retain();
    Long kernel = kernelMicros;
    session.forget(e -> {
      Long at = firstTold.get(e);
      boolean old;
      if (at != null) {
        old = now - at > retain;
      } else if (e.time().uptime() != null && kernel != null) {
        old = Duration.of(kernel, ChronoUnit.MICROS).minus(e.time().uptime()).compareTo(age) > 0;
      } else if (e.time().wall() != null) {
        old = Duration.between(e.time().wall(), wall).compareTo(age) > 0;
      } else {
        old = true; // no time to join a later witness by; it was analysed at the last report already
      }
      if (old) {
        firstTold.remove(e);
      }
      return old;
    });
    // in the order told: the first young one ends the sweep
    while (!told.isEmpty() && now - told.peekFirst().at > 2 * retain) {
      for (String at : told.removeFirst().locations) {
        byLocation.remove(at);
      }
    }
  }

  /**
   * What the watch holds now, for tests of its bounds.
   *
   * @param deaths the deaths remembered as told
   * @param events the events remembered as part of a death told
   */
  record Held(int deaths, int events) {}

  /**
   * What the watch holds now; call on the thread that runs it, or after it returned.
   *
   * @return the counts
   */
  Held held() {
    return new Held(told.size(), firstTold.size());
  }
}
