package dev.whokilled;

import dev.whokilled.classify.Classifier;
import dev.whokilled.classify.FactRules;
import dev.whokilled.correlate.BootClock;
import dev.whokilled.correlate.Correlator;
import dev.whokilled.correlate.EventGroup;
import dev.whokilled.correlate.Stubs;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.KillEvent;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Suspect;
import dev.whokilled.facts.HostFacts;
import dev.whokilled.framing.FrameSink;
import dev.whokilled.framing.Framer;
import dev.whokilled.framing.Framing;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.framing.Origin;
import dev.whokilled.spi.EventSink;
import dev.whokilled.spi.KillParser;
import dev.whokilled.spi.ParserContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A streaming analysis: lines from any number of named sources go in, one at a time; {@link #report()} gives
 * the report so far, as often as wanted. Belongs to one thread.
 *
 * <pre>{@code
 * Session session = KillForensics.builder().build().newSession();
 * Session.Source kmsg = session.source("kmsg");
 * kmsg.accept("3,423,51657164,-;Memory cgroup out of memory: Killed process 1742 (python3) …");
 * Report soFar = session.report();
 * }</pre>
 *
 * @since 0.1
 */
public final class Session {

  private static final Logger LOG = LoggerFactory.getLogger(Session.class);
  private static final int MAX_WARNINGS = 1000;

  private final Analyzer analyzer;
  private final Map<String, Source> sources = new LinkedHashMap<>();
  private final List<KillEvent> events = new ArrayList<>();
  private final Set<String> warnings = new LinkedHashSet<>();
  private final List<ParseProblem> problems = new ArrayList<>();
  private long problemsDropped;
  private long linesRead;
  /** The deaths handed out before the end, when a caller asked for them. */
  private @Nullable Settling settling;

  private final EventSink sink =
      new EventSink() {
        @Override
        public void event(KillEvent event) {
          events.add(event);
          if (settling != null) {
            settling.added(event);
          }
        }

        @Override
        public void problem(LogRecord at, String message) {
          addProblem(at.source(), at.line(), message);
        }

        @Override
        public void warning(LogRecord at, String message) {
          if (warnings.size() < MAX_WARNINGS) {
            warnings.add(at.location() + ": " + message);
          }
        }
      };

  Session(Analyzer analyzer) {
    this.analyzer = analyzer;
  }

  private void addProblem(String source, long line, String message) {
    if (problems.size() < analyzer.maxProblems()) {
      problems.add(new ParseProblem(source, line, message));
    } else {
      problemsDropped++;
    }
  }

  /**
   * The source with this name, opened on first use. Each source has its own framing state and parsers, so
   * interleaved sources do not disturb each other's multi-line blocks.
   *
   * @param name the source's name, as evidence will cite it
   * @return the source
   * @throws IllegalArgumentException if {@code name} is null or empty
   */
  public Source source(String name) {
    return source(name, analyzer.framing());
  }

  /**
   * The source with this name, read in the given framing (when the caller knows the format of that source,
   * such as {@code dmesg -r} output or a journal JSON export), opened on first use.
   *
   * @param name the source's name, as evidence will cite it
   * @param framing the framing of this source's lines
   * @return the source
   * @throws IllegalArgumentException if {@code name} is null or empty, or {@code framing} is null
   * @throws IllegalStateException if the source is open already with another framing
   */
  public Source source(String name, Framing framing) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("source name must not be empty: " + name);
    }
    if (framing == null) {
      throw new IllegalArgumentException("framing must not be null");
    }
    Source s = sources.computeIfAbsent(name, n -> new Source(n, framing));
    if (!s.framing.equals(framing)) {
      throw new IllegalStateException("source " + name + " is open already with " + s.framing);
    }
    return s;
  }

  /**
   * Reads a byte stream to its end as the named source, as UTF-8 with malformed bytes replaced (never fatal);
   * the stream is not closed. Reading again into the same name goes on with the same stream: a log read in two
   * parts (a rotated file, then its successor) gives the report of the whole, even when the rotation cut a
   * multi-line block in two. Blocks still open at the end close with {@link #report()}.
   *
   * @param name the source's name
   * @param in the bytes
   * @return this session
   * @throws IOException if reading fails
   * @throws IllegalArgumentException if an argument is null
   */
  public Session read(String name, InputStream in) throws IOException {
    if (in == null) {
      throw new IllegalArgumentException("input stream must not be null");
    }
    source(name).readBytes(in);
    return this;
  }

  /**
   * Reads a file to its end as a source named by the file's name (bytes that are not UTF-8 are replaced).
   *
   * @param file the file
   * @return this session
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if {@code file} is null
   */
  public Session read(Path file) throws IOException {
    if (file == null) {
      throw new IllegalArgumentException("file must not be null");
    }
    Path name = file.getFileName();
    try (InputStream in = Files.newInputStream(file)) {
      return read(name == null ? file.toString() : name.toString(), in);
    }
  }

  /**
   * Reads what a reader gives, to its end, as the named source; the reader is not closed. Reading again into the
   * same name goes on with the same stream: a log read in two parts (a rotated file, then its successor) gives the
   * report of the whole, even when the rotation cut a multi-line block in two. Blocks still open at the end close
   * with {@link #report()}.
   *
   * @param name the source's name
   * @param reader the reader
   * @return this session
   * @throws IOException if reading fails
   * @throws IllegalArgumentException if an argument is null
   */
  public Session read(String name, Reader reader) throws IOException {
    if (reader == null) {
      throw new IllegalArgumentException("reader must not be null");
    }
    Source source = source(name);
    BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      source.accept(line);
    }
    return this;
  }

  /**
   * The report so far. Blocks still open (an OOM report whose end has not come) are closed first, as at the
   * end of a stream; later lines go on being read.
   *
   * @return the report
   */
  public Report report() {
    for (Source s : sources.values()) {
      s.finish();
    }
    HostFacts facts = analyzer.hostFacts();
    List<EventGroup> groups = Correlator.correlate(events, clock(events));
    List<Death> deaths;
    if (settling == null) {
      deaths = Classifier.classify(groups);
    } else {
      deaths = settling.rest(groups);
    }
    List<String> all = new ArrayList<>(warnings);
    deaths = FactRules.apply(deaths, facts, all);
    List<ParseProblem> said = problems;
    long dropped = problemsDropped;
    for (Source s : sources.values()) {
      ParseProblem p = s.notTextProblem();
      if (p == null) {
        continue;
      }
      if (said == problems) {
        said = new ArrayList<>(problems);
      }
      if (said.size() < analyzer.maxProblems()) {
        said.add(p);
      } else {
        dropped++;
      }
    }
    return new Report(deaths, all, said, dropped, linesRead);
  }

  /** The clock of these events: the boot time given, else the host's. */
  private BootClock clock(List<KillEvent> of) {
    HostFacts facts = analyzer.hostFacts();
    Instant given = analyzer.bootTime().orElse(null);
    List<LogRecord> anchors = settling == null ? List.of() : settling.anchors();
    return given != null ? BootClock.of(given, null, of, anchors)
        : BootClock.of(facts.bootTime(), facts.bootId(), of, anchors);
  }

  /**
   * From now on, hands each death out to {@code sink} once the lines read since make it settled, in the order of
   * the report, and keeps of its events only what correlating later ones needs (see {@code Stubs}): a caller that
   * writes deaths out as it reads a large log holds a few hundred bytes of each, not its evidence and verdicts. A death
   * is settled when every one of its events is more than {@code margin} older than the latest line of its stream (by
   * the kernel's clock in the same boot, or an earlier boot; else by the wall clock) and every death before it in
   * the report is settled. Only a session that reads one stream, with no host facts to weigh, hands deaths out.
   *
   * <p>{@link #report()} then holds the deaths not handed out. A line read later can still change a death handed out
   * (a witness with no clock that names its pid, a line of another stream): {@link #settledIntact()} tells, after
   * {@link #report()}, whether the deaths handed out, in that order, are those the report of everything read would
   * have begun with; when they are not, the caller reads its input again without handing deaths out.
   *
   * <pre>{@code
   * Session session = KillForensics.builder().build().newSession()
   *     .settleInto(Duration.ofMinutes(15), death -> write(death));
   * session.read(Path.of("/var/log/kern.log"));
   * Report rest = session.report();              // the deaths not handed out yet
   * boolean exact = session.settledIntact();
   * }</pre>
   *
   * @param margin how much older than the latest line of its stream a death's every event must be
   * @param sink where the deaths go, each once
   * @return this session
   * @throws IllegalArgumentException if an argument is null or the margin is negative
   * @throws IllegalStateException if this session hands deaths out already
   * @since 0.1
   */
  public Session settleInto(Duration margin, Consumer<? super Death> sink) {
    if (margin == null || margin.isNegative()) {
      throw new IllegalArgumentException("margin must not be negative: " + margin);
    }
    if (sink == null) {
      throw new IllegalArgumentException("sink must not be null");
    }
    if (settling != null) {
      throw new IllegalStateException("this session hands deaths out already");
    }
    settling = new Settling(margin, sink);
    return this;
  }

  /**
   * Whether the deaths {@link #settleInto} handed out are, in that order, those the last {@link #report()} of
   * everything read would have begun with; true when none were.
   *
   * @return false when a line read after a death was handed out changed it or told of a death before it
   * @since 0.1
   */
  public boolean settledIntact() {
    return settling == null || settling.intact;
  }

  /** How many events the session holds, stubs of deaths handed out among them (for tests of its memory). */
  int eventsHeld() {
    return events.size();
  }

  /**
   * The deaths handed out before the end of their stream, and the means to tell whether the rest of the stream left
   * them as they were.
   */
  private final class Settling {
    private final Duration margin;
    private final Consumer<? super Death> sink;
    /** Each death handed out, or each group of harmless sends let go, in order. */
    private final List<Handed> handed = new ArrayList<>();
    /** The stubs that stand for the events of those, each with what it was handed out as. */
    private final Map<KillEvent, Handed> byStub = new IdentityHashMap<>();
    /** Where the first event not yet let go stands in the session's events. */
    private int firstPending;
    private int pending;
    private int nextTry = FIRST_TRY;
    private boolean due;
    boolean intact = true;

    Settling(Duration margin, Consumer<? super Death> sink) {
      this.margin = margin;
      this.sink = sink;
    }

    /** An event was read: when enough wait, the next line's end tries to let some go. */
    void added(KillEvent e) {
      if (retired && nearRetired(e)) {
        reached = true; // it might have joined a death let go altogether, or come before it
      }
      if (++pending >= nextTry) {
        due = true;
      }
    }

    // ---------------------------------------------------------------------------------------- retiring
    // A death handed out long enough before the stream's latest line that no event read later can join it, or be
    // ordered before it, is let go altogether, stubs and all, so that the heap holds the deaths of the last
    // {@link #retireAfter} only, however long the stream. What the correlation of the rest still needs of them is
    // kept: how far they reached (any event read later that comes within reach makes the deaths handed out no longer
    // intact) and, for each boot, the first and the last record that carried both clocks (the boot's start as the
    // events that remain can find it: the nearest such record in time since boot, or the first).

    /** Whether some deaths were let go altogether, and whether an event read since came within their reach. */
    private boolean retired;
    private boolean reached;
    private int retiredBoot = -1;
    private long retiredUp = Long.MIN_VALUE;
    private @Nullable Instant retiredWall;
    /** Some retired event had only the time since boot, or only the wall clock. */
    private boolean retiredUptimeOnly;
    private boolean retiredWallOnly;
    /** For each boot key, the retired records with both clocks of the least and the greatest time since boot. */
    private final Map<String, LogRecord[]> anchors = new java.util.HashMap<>();

    /** How long after its events a death handed out is let go altogether: beyond any correlation's reach. */
    private Duration retireAfter() {
      return margin.compareTo(RETIRE_AFTER) > 0 ? margin : RETIRE_AFTER;
    }

    List<LogRecord> anchors() {
      if (anchors.isEmpty()) {
        return List.of();
      }
      List<LogRecord> out = new ArrayList<>(anchors.size() * 2);
      for (LogRecord[] a : anchors.values()) {
        out.add(a[0]);
        if (a[1] != a[0]) {
          out.add(a[1]);
        }
      }
      return out;
    }

    /** Whether an event read now might have joined a death let go, or been ordered before one. */
    private boolean nearRetired(KillEvent e) {
      EventTime t = e.time();
      Duration up = t.uptime();
      Instant wall = t.wall();
      if (up == null && wall == null) {
        return true;
      }
      List<LogRecord> evidence = e.evidence();
      int boot = evidence.get(evidence.size() - 1).bootIndex();
      long reach = micros(retireAfter());
      if (up != null && (wall == null && retiredWallOnly || retiredBoot >= 0 && (boot < retiredBoot
          || boot == retiredBoot && micros(up) <= retiredUp + reach))) {
        return true;
      }
      if (wall != null) {
        Instant earliest = wall.minus(t.wallPrecision().unit());
        if (up == null && retiredUptimeOnly
            || retiredWall != null && !earliest.isAfter(retiredWall.plus(retireAfter()))) {
          return true;
        }
      }
      return false;
    }

    /**
     * Lets go the events that joined no group (a cron job or a history entry that fits no death, a runtime's note
     * with no death to complete) once they are as far behind as retired deaths: none could join a death read later,
     * and kept they would grow the session with the stream. A login session is kept, since one still open joins any
     * later death.
     *
     * @return how many were let go
     */
    private int dropLoose(List<KillEvent> open, List<EventGroup> groups, Source stream) {
      Set<KillEvent> grouped = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
      for (EventGroup g : groups) {
        grouped.addAll(g.events());
      }
      Duration after = retireAfter().multipliedBy(2);
      Set<KillEvent> loose = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
      for (KillEvent e : open) {
        boolean session = e instanceof Suspect s && s.type() == Suspect.Type.SESSION;
        if (!grouped.contains(e) && !session && stream.settled(List.of(e), after)) {
          loose.add(e);
          reach(e);
        }
      }
      if (!loose.isEmpty()) {
        events.removeIf(loose::contains);
        retired = true;
      }
      return loose.size();
    }

    /** Lets the deaths handed out first go altogether, as long as they are beyond reach of the stream's latest line. */
    private void retire(Source stream) {
      // twice the reach: an event is read a little after its time (an OOM report's lines go on after its kill line)
      Duration after = retireAfter().multipliedBy(2);
      int n = 0;
      while (n < handed.size() && stream.settled(handed.get(n).stubs(), after)) {
        n++;
      }
      if (n == 0) {
        return;
      }
      Set<KillEvent> gone = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
      for (Handed h : handed.subList(0, n)) {
        for (KillEvent stub : h.stubs()) {
          gone.add(stub);
          byStub.remove(stub);
          reach(stub);
        }
      }
      handed.subList(0, n).clear();
      events.removeIf(gone::contains);
      firstPending = 0;
      while (firstPending < events.size() && byStub.containsKey(events.get(firstPending))) {
        firstPending++;
      }
      retired = true;
    }

    /** Widens what the retired deaths reach to a stub's times, and keeps its records that anchor a boot's start. */
    private void reach(KillEvent stub) {
      EventTime t = stub.time();
      List<LogRecord> evidence = stub.evidence();
      int boot = evidence.get(evidence.size() - 1).bootIndex();
      if (t.uptime() != null) {
        if (boot > retiredBoot) {
          retiredBoot = boot;
          retiredUp = Long.MIN_VALUE;
        }
        if (boot == retiredBoot) {
          retiredUp = Math.max(retiredUp, micros(t.uptime()));
        }
        retiredUptimeOnly |= t.wall() == null;
      }
      if (t.wall() != null) {
        Instant w = t.wall().plus(t.wallPrecision().unit());
        retiredWall = retiredWall == null || w.isAfter(retiredWall) ? w : retiredWall;
        retiredWallOnly |= t.uptime() == null;
      }
      for (LogRecord r : evidence) {
        Duration up = r.time().uptime();
        if (up == null || r.time().wall() == null) {
          continue;
        }
        LogRecord[] a = anchors.computeIfAbsent(BootClock.keyOf(r), k -> new LogRecord[] {r, r});
        if (up.compareTo(a[0].time().uptime()) < 0) {
          a[0] = r;
        }
        if (up.compareTo(a[1].time().uptime()) > 0) {
          a[1] = r;
        }
      }
    }

    /** Hands out the deaths that are settled now, and lets their events go. */
    void settle() {
      due = false;
      if (sources.size() != 1 || FactRules.weighs(analyzer.hostFacts())) {
        nextTry = Math.max(nextTry, pending * 2);
        return;
      }
      Source stream = sources.values().iterator().next();
      List<KillEvent> open = new ArrayList<>(pending);
      for (int i = firstPending; i < events.size(); i++) {
        KillEvent e = events.get(i);
        if (!byStub.containsKey(e)) {
          open.add(e);
        }
      }
      List<EventGroup> groups = Correlator.correlate(open, clock(open));
      List<EventGroup> ordered = Classifier.order(groups);
      Map<KillEvent, KillEvent> stubs = new IdentityHashMap<>();
      for (EventGroup g : ordered) {
        if (!stream.settled(g.events(), margin)) {
          break; // the deaths after it wait too: they are handed out in the report's order
        }
        Death d = Classifier.death(g);
        let(g, false, stubs);
        sink.accept(d);
      }
      java.util.Set<EventGroup> deaths = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
      deaths.addAll(ordered);
      for (EventGroup g : groups) {
        if (!deaths.contains(g) && stream.settled(g.events(), margin)) {
          let(g, true, stubs); // harmless sends: no death, and no need to wait with them
        }
      }
      for (int i = firstPending; i < events.size(); i++) {
        KillEvent stub = stubs.get(events.get(i));
        if (stub != null) {
          events.set(i, stub);
        }
      }
      pending -= stubs.size() + dropLoose(open, groups, stream);
      while (firstPending < events.size() && byStub.containsKey(events.get(firstPending))) {
        firstPending++;
      }
      nextTry = Math.max(FIRST_TRY, pending * 2);
      retire(stream);
    }

    /** Lets a group's events go: each becomes a stub that remembers what the group was. */
    private void let(EventGroup g, boolean harmless, Map<KillEvent, KillEvent> stubs) {
      List<KillEvent> made = new ArrayList<>(g.events().size());
      boolean[] twins = null;
      for (int i = 0; i < g.events().size(); i++) {
        KillEvent e = g.events().get(i);
        KillEvent stub = Stubs.of(e);
        stubs.put(e, stub);
        made.add(stub);
        if (g.isTwin(e)) {
          twins = twins == null ? new boolean[g.events().size()] : twins;
          twins[i] = true;
        }
      }
      Handed h = new Handed(List.copyOf(made), twins, g.victim(), g.time(), g.bootIndex(), harmless);
      handed.add(h);
      for (KillEvent stub : made) {
        byStub.put(stub, h);
      }
    }

    /**
     * Forgets the events that match, stubs among them: a death handed out all of whose events are forgotten is no
     * longer one the report must begin with, and one that keeps some of them is no longer the same.
     */
    void forget(Predicate<? super KillEvent> which) {
      int stubsBefore = 0;
      List<KillEvent> left = new ArrayList<>(events.size());
      Set<Handed> touched = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
      for (int i = 0; i < events.size(); i++) {
        KillEvent e = events.get(i);
        if (!which.test(e)) {
          left.add(e);
          stubsBefore += i < firstPending ? 1 : 0;
          continue;
        }
        Handed h = byStub.remove(e);
        if (h == null) {
          pending--;
        } else {
          touched.add(h);
        }
      }
      handed.removeIf(h -> touched.contains(h) && h.stubs().stream().noneMatch(byStub::containsKey));
      events.clear();
      events.addAll(left);
      firstPending = stubsBefore;
      while (firstPending < events.size() && byStub.containsKey(events.get(firstPending))) {
        firstPending++;
      }
    }

    /**
     * The deaths of the report not handed out, in order; and whether the groups of everything read leave those
     * handed out as they were, first and in the same order ({@link #intact}).
     */
    List<Death> rest(List<EventGroup> groups) {
      boolean ok = sources.size() <= 1;
      Map<Handed, EventGroup> found = new IdentityHashMap<>();
      for (EventGroup g : groups) {
        for (KillEvent e : g.events()) {
          Handed h = byStub.get(e);
          if (h != null) {
            ok &= found.putIfAbsent(h, g) == null || found.get(h) == g;
          }
        }
      }
      for (Handed h : handed) {
        EventGroup g = found.get(h);
        ok &= g != null && h.same(g);
      }
      List<EventGroup> ordered = Classifier.order(groups);
      int k = 0;
      List<Death> deaths = new ArrayList<>();
      for (EventGroup g : ordered) {
        Handed h = g.events().isEmpty() ? null : byStub.get(g.events().get(0));
        if (h == null) {
          deaths.add(Classifier.death(g));
          continue;
        }
        // the deaths handed out come first, in the order they were handed out
        while (k < handed.size() && handed.get(k).harmless) {
          k++;
        }
        ok &= deaths.isEmpty() && !h.harmless && k < handed.size() && handed.get(k) == h;
        k++;
      }
      while (k < handed.size() && handed.get(k).harmless) {
        k++;
      }
      intact = ok && !reached && k == handed.size();
      return deaths;
    }
  }

  /**
   * Pending events past this many make the next line's end try to let some go; past that, twice as many as the last
   * try left, so that the tries cost no more than the correlation of everything read once more.
   */
  private static final int FIRST_TRY = 64;

  /** A duration in microseconds, saturating. */
  static long micros(Duration d) {
    return d.getSeconds() >= Long.MAX_VALUE / 2_000_000 ? Long.MAX_VALUE / 2 : d.getSeconds() * 1_000_000
        + d.getNano() / 1000;
  }

  /**
   * How long after its events, at the least, a death handed out is let go altogether: more than any correlation
   * window (a cron job's five minutes before the death, with a minute's precision) and any wait for a late witness.
   */
  private static final Duration RETIRE_AFTER = Duration.ofMinutes(30);

  /** A death handed out (or harmless sends let go) before the end: its stubs and what its group was. */
  private record Handed(List<KillEvent> stubs, boolean @Nullable [] twins, ProcessRef victim, EventTime time,
      int bootIndex, boolean harmless) {

    /** Whether a group of everything read is the same group of the same events, as it was. */
    boolean same(EventGroup g) {
      List<KillEvent> now = g.events();
      if (now.size() != stubs.size() || !g.victim().equals(victim) || !g.time().equals(time)
          || g.bootIndex() != bootIndex) {
        return false;
      }
      for (int i = 0; i < now.size(); i++) {
        if (now.get(i) != stubs.get(i) || g.isTwin(now.get(i)) != (twins != null && twins[i])) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * Forgets the events that match, so that a session that reads for a long time (one that follows a live log for
   * days) keeps its memory bounded: later reports hold neither them nor the deaths only they made, and a death some
   * of whose events remain is made of those. Warnings and problems are kept, each list up to its cap. Of the deaths
   * {@link #settleInto} handed out, one all of whose events are forgotten is no longer among those the report must
   * begin with for {@link #settledIntact()}; one that keeps some of them is no longer intact.
   *
   * <pre>{@code
   * Duration keepFrom = Duration.ofSeconds(600); // such as ten minutes before the latest time since boot read
   * int forgotten = session.forget(e -> e.time().uptime() != null && e.time().uptime().compareTo(keepFrom) < 0);
   * }</pre>
   *
   * @param which the events to forget
   * @return how many were forgotten
   * @throws IllegalArgumentException if {@code which} is null
   * @since 0.1
   */
  public int forget(Predicate<? super KillEvent> which) {
    if (which == null) {
      throw new IllegalArgumentException("which must not be null");
    }
    int before = events.size();
    if (settling == null) {
      events.removeIf(which);
    } else {
      settling.forget(which);
    }
    return before - events.size();
  }

  /**
   * One named input stream of a {@link Session}.
   *
   * @since 0.1
   */
  public final class Source {

    private final String name;
    private final Framing framing;
    private final List<Lane> lanes = new ArrayList<>();
    private long lines;
    /** The latest line's place in time: its boot, the kernel's clock in it (µs), the wall clock. */
    private int boot = -1;
    private long upMicros = -1;
    private @Nullable Instant wall;

    Source(String name, Framing framing) {
      this.name = name;
      this.framing = framing;
      Map<Framing, Lane> byFraming = new LinkedHashMap<>();
      List<Parsers.Configured> configured = analyzer.parsers().configured();
      for (int i = 0; i < configured.size(); i++) {
        Parsers.Configured c = configured.get(i);
        Framing f = c.framing() != null ? c.framing() : framing;
        Lane lane = byFraming.computeIfAbsent(f, x -> new Lane(x.newFramer(name)));
        KillParser parser = create(c, f);
        if (parser != null) {
          lane.add(parser, i);
        }
      }
      lanes.addAll(byFraming.values());
    }

    private KillParser create(Parsers.Configured c, Framing f) {
      ParserContext context =
          new ParserContext() {
            @Override
            public String source() {
              return name;
            }

            @Override
            public int maxBlockLines() {
              return analyzer.maxBlockLines();
            }

            @Override
            public Map<String, String> options() {
              return c.options();
            }

            @Override
            public Optional<ZoneId> zone() {
              return f.zone();
            }

            @Override
            public OptionalInt year() {
              return f.year();
            }
          };
      try {
        return c.provider().create(context);
      } catch (RuntimeException e) {
        LOG.warn("parser {} could not be created for {}; skipping it", c.id(), name, e);
        if (warnings.size() < MAX_WARNINGS) {
          // a bad option, most often: the caller sees it in the report, not only in a log it may not read
          warnings.add(name + ": parser " + c.id() + " was not used: " + e.getMessage());
        }
        return null;
      }
    }

    /** The source's name. */
    public String name() {
      return name;
    }

    /**
     * Reads one line (without its line terminator).
     *
     * @param line the line
     * @throws IllegalArgumentException if {@code line} is null
     */
    public void accept(String line) {
      if (line == null) {
        throw new IllegalArgumentException("line must not be null");
      }
      lines++;
      linesRead++;
      for (Lane lane : lanes) {
        try {
          lane.framer.accept(line, lane);
        } catch (RuntimeException | StackOverflowError e) {
          // a framing bug must not lose the line or end the analysis
          LOG.debug("framing failed at {}:{}", name, lines, e);
          addProblem(name, lines, "framing failed: " + e);
        }
      }
      if (settling != null && settling.due) {
        settling.settle();
      }
    }

    /**
     * Reads a byte stream to its end, as UTF-8 with malformed bytes replaced; lines end at {@code \n},
     * {@code \r\n} or {@code \r}. Lines that no parser wants are counted and skipped without being decoded
     * (see {@link dev.whokilled.spi.Prefilter}); a line longer than the analyzer's limit is cut there, and the
     * report says so.
     */
    void readBytes(InputStream in) throws IOException {
      new ChunkReader(this, analyzer.maxLineBytes(), Runtime.getRuntime().availableProcessors()).read(in);
    }

    /** Whether lines read as bytes may be skipped unseen: one framing, and no parser that wants them all. */
    boolean mayskip() {
      return analyzer.prefilter() && lanes.size() == 1 && !analyzer.routing().kernelLogAlways();
    }

    /** The analyzer's compiled prefilters. */
    Routing routing() {
      return analyzer.routing();
    }

    /** The framing of the one lane that {@link #mayskip()} needs. */
    Framer framer() {
      return lanes.get(0).framer;
    }

    /** How many unwanted lines every parser can be spared now. */
    long patience() {
      return lanes.get(0).patience();
    }

    /** A record was read: the latest line's place in time moves on. */
    private void passed(LogRecord record) {
      int b = record.bootIndex();
      if (b > boot) {
        boot = b;
        upMicros = -1;
      }
      Duration up = record.time().uptime();
      if (up != null && b == boot) {
        upMicros = Math.max(upMicros, micros(up));
      }
      Instant w = record.time().wall();
      if (w != null && (wall == null || w.isAfter(wall))) {
        wall = w;
      }
    }

    /** Lines of the current boot went by unread, the last of them this long after boot (µs). */
    void passed(long uptimeMicros) {
      upMicros = Math.max(upMicros, uptimeMicros);
    }


    /**
     * Whether each event of a group is of this stream and more than {@code margin} older than its latest line: by
     * the kernel's clock in the same boot, or of an earlier boot; else by the wall clock. An event with neither clock
     * never is.
     */
    boolean settled(List<KillEvent> events, Duration margin) {
      long m = micros(margin);
      for (KillEvent e : events) {
        List<LogRecord> evidence = e.evidence();
        LogRecord last = evidence.get(evidence.size() - 1);
        if (!evidence.get(0).source().equals(name)) {
          return false;
        }
        EventTime t = e.time();
        if (t.uptime() != null) {
          if (last.bootIndex() < boot || last.bootIndex() == boot && upMicros - micros(t.uptime()) > m) {
            continue;
          }
          return false;
        }
        if (t.wall() == null || wall == null || Duration.between(t.wall(), wall).compareTo(margin) <= 0) {
          return false;
        }
      }
      return true;
    }

    /** Tells every parser of the one lane that {@code n} lines went by unwanted; the framer counted them. */
    void skipped(long n) {
      lines += n;
      linesRead += n;
      lanes.get(0).skipped(n);
    }

    /**
     * Reads a line whose literals' owners the byte reader found already ({@link Routing#kernelLiterals}), which
     * stand for the record's when it is the line's own plain kernel log record.
     */
    void accept(String line, long found) {
      Lane lane = lanes.get(0);
      lane.line = line;
      lane.lineFound = found;
      accept(line);
      lane.line = null;
    }

    /** A line cut at the length limit. */
    void cut(long at, int limit) {
      addProblem(name, at, "line longer than " + limit + " bytes: read up to there, the rest skipped");
    }

    /** Bytes read as bytes, those of them that are not text, and the line of the first such, or 0. */
    private long bytes;
    private long notText;
    private long firstNotText;

    /**
     * Bytes read, in file order: {@code read} bytes, {@code notText} of them not text (read as U+FFFD), the first on
     * {@code line}. The report says it once for the source, however many chunks and reads it took.
     */
    void bytesRead(long read, long notText, long line) {
      bytes += read;
      if (notText > 0 && this.notText == 0) {
        firstNotText = line;
      }
      this.notText += notText;
    }

    /** The problem that says how much of the source was not text, or null. */
    @Nullable ParseProblem notTextProblem() {
      return notText == 0 ? null : new ParseProblem(name, firstNotText, notText + " of " + bytes
          + " bytes are not UTF-8 text (malformed sequences, or control bytes such as NUL), the first on this line:"
          + " read as U+FFFD; is this a text log?");
    }

    /** Closes open multi-line records and blocks; more lines may follow. */
    public void finish() {
      for (Lane lane : lanes) {
        try {
          lane.framer.finish(lane);
        } catch (RuntimeException | StackOverflowError e) {
          addProblem(name, lines, "framing failed: " + e);
        }
        for (KillParser p : lane.parsers) {
          guard(p, () -> p.finish(sink));
        }
        java.util.Arrays.fill(lane.patience, -1);
      }
    }

    /** How many lines this source has read. */
    public long lines() {
      return lines;
    }

    /** The parsers sharing one framing. */
    private final class Lane implements FrameSink {
      final Framer framer;
      final List<KillParser> parsers = new ArrayList<>();
      /** Each parser's index in the analyzer's parsers, for its prefilter. */
      int[] index = new int[0];
      /** What each parser said its patience was, less what it was spared since; -1 when to be asked. */
      long[] patience = new long[0];
      private final Routing routing = analyzer.routing();
      private final boolean filtered = analyzer.prefilter();
      /** The line being framed, when the byte reader found its literals already, and what it found. */
      @Nullable String line;
      long lineFound;

      Lane(Framer framer) {
        this.framer = framer;
      }

      void add(KillParser parser, int at) {
        parsers.add(parser);
        index = java.util.Arrays.copyOf(index, index.length + 1);
        index[index.length - 1] = at;
        patience = java.util.Arrays.copyOf(patience, patience.length + 1);
        patience[patience.length - 1] = -1;
      }

      @Override
      public void record(LogRecord record) {
        if (settling != null) {
          passed(record);
        }
        if (!filtered) {
          for (KillParser p : parsers) {
            accept(p, record);
          }
          return;
        }
        long found = record.text() == line && record.origin() == Origin.KERNEL_LOG
            && Routing.verbatim(record.format()) ? lineFound : routing.literalsIn(routing.literals(), record);
        long wanted = routing.wanted(record, found);
        for (int k = 0; k < parsers.size(); k++) {
          KillParser p = parsers.get(k);
          int i = index[k];
          boolean wants = i >= Routing.MAX_FILTERED || (wanted & (1L << i)) != 0;
          if (!wants && patience(k) > 0) {
            skip(p, 1);
            patience[k]--;
          } else {
            accept(p, record);
            patience[k] = -1;
          }
        }
      }

      private long patience(int k) {
        if (patience[k] < 0) {
          patience[k] = routing.wantsEvery(index[k]) ? 0 : patienceOf(parsers.get(k));
        }
        return patience[k];
      }

      long patience() {
        long least = Long.MAX_VALUE;
        for (int k = 0; k < parsers.size() && least > 0; k++) {
          least = Math.min(least, patience(k));
        }
        return least;
      }

      void skipped(long n) {
        for (int k = 0; k < parsers.size(); k++) {
          skip(parsers.get(k), n);
          patience[k] -= n;
        }
      }

      private void accept(KillParser p, LogRecord record) {
        try {
          p.accept(record, sink);
        } catch (RuntimeException | StackOverflowError e) {
          failed(p, e);
        }
      }

      private void skip(KillParser p, long n) {
        try {
          p.skipped(n);
        } catch (RuntimeException | StackOverflowError e) {
          failed(p, e);
        }
      }

      @Override
      public void notice(String source, long line, String message) {
        addProblem(source, line, message);
      }
    }

    private long patienceOf(KillParser parser) {
      try {
        return parser.patience();
      } catch (RuntimeException | StackOverflowError e) {
        LOG.debug("parser {} failed", parser.getClass().getName(), e);
        return 0;
      }
    }

    /** A parser that throws on data is a bug in it; the analysis goes on and the report says so. */
    private void guard(KillParser parser, Runnable call) {
      try {
        call.run();
      } catch (RuntimeException | StackOverflowError e) {
        failed(parser, e);
      }
    }

    private void failed(KillParser parser, Throwable e) {
      LOG.debug("parser {} failed", parser.getClass().getName(), e);
      addProblem(name, lines, "parser " + parser.getClass().getName() + " failed: " + e);
    }
  }
}
