package dev.whokilled.classify;

import dev.whokilled.Cause;
import dev.whokilled.Death;
import dev.whokilled.Verdict;
import dev.whokilled.correlate.EventGroup;
import dev.whokilled.event.ContainerKill;
import dev.whokilled.event.Crash;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.KillEvent;
import dev.whokilled.event.OomKill;
import dev.whokilled.event.Signal;
import dev.whokilled.event.SignalDelivery;
import dev.whokilled.event.Suspect;
import dev.whokilled.framing.LogRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns each group of events into a {@link Death} with ranked verdicts, and puts the deaths in time order.
 *
 * <p>Each event proposes verdicts ({@link OomVerdicts}, {@link SignalVerdicts}, {@link CrashVerdicts},
 * {@link ContainerVerdicts}); proposals of the same cause are joined (the strongest wins, its evidence gains the
 * others' lines); then {@link GroupRules} weighs what the events say together (a memory kill explains a bare
 * SIGKILL, a named sender explains a death seen without one, an unexplained signal gets ranked alternatives),
 * and the causes are ranked by confidence. A kernel OOM record outranks a runtime's word; a named sender
 * outranks inference.
 */
public final class Classifier {

  private Classifier() {}

  /**
   * Classifies every group.
   *
   * @param groups the groups, in input order
   * @return the deaths, in time order
   */
  public static List<Death> classify(List<EventGroup> groups) {
    List<EventGroup> ordered = order(groups);
    List<Death> deaths = new ArrayList<>(ordered.size());
    for (EventGroup g : ordered) {
      deaths.add(death(g));
    }
    return deaths;
  }

  /**
   * The groups that are deaths (not harmless sends alone), in the order of their deaths.
   *
   * @param groups the groups, in input order
   * @return the deaths' groups, in time order
   */
  public static List<EventGroup> order(List<EventGroup> groups) {
    Map<Integer, Duration> bootStarts = bootStarts(groups);
    List<Ranked> ranked = new ArrayList<>();
    for (EventGroup g : groups) {
      if (!onlyHarmlessSends(g)) {
        ranked.add(new Ranked(g, sortKey(g, bootStarts), firstLine(g)));
      }
    }
    // deaths at the same time are in the order the input first tells of them, not the order their events were
    // emitted: a parser that waits for a block's end emits later when more lines follow, unrelated ones too
    ranked.sort(
        Comparator.comparingInt((Ranked r) -> r.key.tier)
            .thenComparing(r -> r.key.value)
            .thenComparingLong(Ranked::firstLine)
            .thenComparingInt(r -> r.group.order()));
    List<EventGroup> out = new ArrayList<>(ranked.size());
    for (Ranked r : ranked) {
      out.add(r.group);
    }
    return out;
  }

  /**
   * Whether a group holds nothing but sends no witness saw end anything, of signals that cannot have: a
   * {@code SIGCHLD}, {@code SIGCONT} or stop signal, or a process signalling itself with one it handles (a JVM's
   * {@code SIGQUIT} for a thread dump). Such a group is no death.
   */
  static boolean onlyHarmlessSends(EventGroup g) {
    for (KillEvent e : g.events()) {
      if (!(e instanceof SignalDelivery s) || s.fatal() || s.signal() == null) {
        return false;
      }
      Signal sig = s.signal();
      boolean harmless = !sig.terminatesByDefault()
          || SignalVerdicts.selfSent(s) && sig != Signal.SIGKILL && !SignalVerdicts.FAULTS.contains(sig);
      if (!harmless) {
        return false;
      }
    }
    return true;
  }

  /** A group with its sort keys, each computed once, not at every comparison. */
  private record Ranked(EventGroup group, Key key, long firstLine) {}

  /** The first line number any of a group's evidence cites. */
  private static long firstLine(EventGroup g) {
    long first = Long.MAX_VALUE;
    for (KillEvent e : g.events()) {
      for (LogRecord r : e.evidence()) {
        first = Math.min(first, r.line());
      }
    }
    return first;
  }

  /** Tier 0: a wall time (known or estimated); tier 1: boot and uptime only; tier 2: no time. */
  private record Key(int tier, Duration value) {}

  private static Key sortKey(EventGroup g, Map<Integer, Duration> bootStarts) {
    EventTime t = g.time();
    if (t.wall() != null) {
      return new Key(0, Duration.ofSeconds(t.wall().getEpochSecond(), t.wall().getNano()));
    }
    if (t.uptime() != null) {
      Duration start = bootStarts.get(g.bootIndex());
      if (start != null) {
        return new Key(0, start.plus(t.uptime()));
      }
      return new Key(1, Duration.ofDays(36_500L * g.bootIndex()).plus(t.uptime()));
    }
    return new Key(2, Duration.ZERO);
  }

  /** Boot start per boot index, as seconds since the epoch, from any group that has both clocks. */
  private static Map<Integer, Duration> bootStarts(List<EventGroup> groups) {
    Map<Integer, Duration> starts = new HashMap<>();
    for (EventGroup g : groups) {
      EventTime t = g.time();
      Instant wall = t.wall();
      if (wall != null && t.uptime() != null && !t.zoneAssumed()) {
        Duration epoch = Duration.ofSeconds(wall.getEpochSecond(), wall.getNano());
        starts.putIfAbsent(g.bootIndex(), epoch.minus(t.uptime()));
      }
    }
    return starts;
  }

  /**
   * The death a group of events is, with its ranked verdicts.
   *
   * @param g the group
   * @return the death
   */
  public static Death death(EventGroup g) {
    Map<Cause, Verdict> byCause = new LinkedHashMap<>();
    OomKill oom = GroupRules.oom(g);
    List<SignalDelivery> corroborating = new ArrayList<>();
    List<Suspect> suspects = new ArrayList<>();
    List<ContainerKill> reports = new ArrayList<>();
    for (KillEvent e : g.events()) {
      if (g.isTwin(e)) {
        continue; // the same line read from another file: no second witness
      }
      if (e instanceof ContainerKill k && oom != null && ContainerVerdicts.explainedByOom(k)) {
        reports.add(k);
        continue;
      }
      if (e instanceof Suspect s) {
        suspects.add(s);
        continue;
      }
      if (e instanceof SignalDelivery s && !s.fatal() && s.signal() != null && !s.signal().terminatesByDefault()) {
        continue; // a stop or a continue sent on the way (strace's SIGSTOP of its tracee) ends nothing
      }
      if (e instanceof SignalDelivery s && oom != null && GroupRules.corroboratesOom(s, oom)) {
        corroborating.add(s);
        continue;
      }
      for (Verdict v : propose(e, g)) {
        byCause.merge(v.cause(), v, Classifier::join);
      }
    }
    if (byCause.isEmpty()) {
      // only reports of an ordinary exit, which name the container of an end nobody else saw
      KillEvent first = g.events().get(0);
      byCause.put(Cause.UNKNOWN, new Verdict(Cause.UNKNOWN, 0.3, null, null,
          g.victim().describe() + " ended, and nothing shows how.",
          "only this was seen: " + Describe.cite(first.evidence().get(0)), first.evidence(), List.of()));
    }
    ContainerVerdicts.confirmKernelOom(g, byCause, reports);
    ContainerVerdicts.explainKeptRunning(g, byCause);
    List<Verdict> suspected = GroupRules.apply(g, byCause, corroborating, suspects);
    List<Verdict> verdicts = new ArrayList<>(byCause.values());
    verdicts.sort(Comparator.comparingDouble(Verdict::confidence).reversed());
    verdicts.addAll(1, suspected);
    verdicts.subList(1, verdicts.size()).sort(Comparator.comparingDouble(Verdict::confidence).reversed());
    verdicts.set(0, cited(verdicts.get(0)));
    return new Death(g.victim(), g.time(), g.bootIndex(), g.events(), verdicts);
  }

  /** The most lines a summary cites. */
  static final int CITED = 3;

  /**
   * The verdict with its summary citing where its evidence was read, the decisive line of each source first:
   * {@code … it held 70.2 MiB resident (dmesg:370, strace.out:12).}
   */
  static Verdict cited(Verdict v) {
    List<String> at = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    for (LogRecord r : v.evidence()) {
      if (!sources.contains(r.source()) && at.size() < CITED) {
        sources.add(r.source());
        at.add(r.location());
      }
    }
    if (at.isEmpty()) {
      return v;
    }
    String s = v.summary();
    boolean stop = s.endsWith(".");
    String summary = (stop ? s.substring(0, s.length() - 1) : s) + " (" + String.join(", ", at) + ")"
        + (stop ? "." : "");
    return new Verdict(v.cause(), v.confidence(), v.killer(), v.signal(), summary, v.why(), v.evidence(),
        v.advice());
  }

  private static List<Verdict> propose(KillEvent e, EventGroup g) {
    return switch (e.kind()) {
      case OOM_KILL -> OomVerdicts.propose((OomKill) e, g);
      case SIGNAL -> SignalVerdicts.propose((SignalDelivery) e, g);
      case CRASH -> CrashVerdicts.propose((Crash) e, g);
      case CONTAINER -> ContainerVerdicts.propose((ContainerKill) e, g);
      case SUSPECT -> List.of(); // never a verdict: GroupRules lists it among the alternatives
    };
  }

  /**
   * Two witnesses of the same cause: the stronger one's words and evidence, the other's decisive line when it
   * comes from another source, and a confidence somewhat higher than either.
   */
  private static Verdict join(Verdict a, Verdict b) {
    Verdict strong = a.confidence() >= b.confidence() ? a : b;
    Verdict weak = strong == a ? b : a;
    List<LogRecord> evidence = Evidence.join(strong.evidence(), weak.evidence());
    List<String> advice = new ArrayList<>(strong.advice());
    for (String s : weak.advice()) {
      if (!advice.contains(s)) {
        advice.add(s);
      }
    }
    double confidence = Math.min(0.995, strong.confidence() + (1 - strong.confidence()) * weak.confidence() / 3);
    return new Verdict(
        strong.cause(),
        confidence,
        strong.killer() != null ? strong.killer() : weak.killer(),
        strong.signal() != null ? strong.signal() : weak.signal(),
        strong.summary(),
        strong.why(),
        evidence,
        advice);
  }
}
