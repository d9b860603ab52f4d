package dev.whokilled.spi;

import dev.whokilled.framing.LogRecord;
import dev.whokilled.framing.Origin;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which records a provider's parsers need to see: the fixed text that makes a record worth their attention.
 *
 * <p>The analysis rejects most lines of a large log with one scan of their bytes for every parser's fixed
 * strings, before any framing or parser sees them. A record is <em>wanted</em> by a parser when it is not of an
 * origin the parser ignores ({@link #exceptFrom}), and it is of an origin the parser reads whole
 * ({@link #orFrom}), or its text, message or identifier contains one of the {@link #containing literals}, or
 * its message, after any spaces and tabs, starts with one of the {@link #orStartingWith prefixes}; or by any of the
 * prefilters it was made of with {@link #or}. Literals are matched as they are written, case and all; they should be
 * ASCII. A large log is searched fastest for literals of six characters or more, the longer and rarer the better:
 * a scan looks for their four-byte windows, and for shorter ones at every second byte pair as well.
 *
 * <p>The promise a provider makes with a prefilter other than {@link #everyRecord()}: a record its parsers do
 * not want changes nothing in them but what {@link KillParser#skipped(long)} does, as long as
 * {@link KillParser#patience()} allows it. The default, {@link #everyRecord()}, keeps every parser correct that
 * makes no such promise.
 *
 * <pre>{@code
 * public Prefilter prefilter() {
 *   return Prefilter.containing("earlyoom", "sending SIG").exceptFrom(Origin.KERNEL);
 * }
 * }</pre>
 *
 * @since 0.1
 */
public final class Prefilter {

  private static final Prefilter EVERY = new Prefilter(true, List.of(), List.of(), Set.of(), Set.of());

  private final boolean every;
  private final List<String> literals;
  private final List<String> prefixes;
  private final Set<Origin> always;
  private final Set<Origin> never;
  /** The prefilters this one is the union of: itself alone, unless made by {@link #or}. */
  private final List<Prefilter> alternatives;

  private Prefilter(boolean every, List<String> literals, List<String> prefixes, Set<Origin> always,
      Set<Origin> never) {
    this.every = every;
    this.literals = literals;
    this.prefixes = prefixes;
    this.always = always;
    this.never = never;
    this.alternatives = List.of(this);
  }

  private Prefilter(List<Prefilter> alternatives) {
    List<String> lits = new ArrayList<>();
    List<String> pres = new ArrayList<>();
    Set<Origin> wanted = EnumSet.noneOf(Origin.class);
    Set<Origin> ignored = EnumSet.allOf(Origin.class);
    for (Prefilter p : alternatives) {
      for (String l : p.literals) {
        if (!lits.contains(l)) {
          lits.add(l);
        }
      }
      for (String x : p.prefixes) {
        if (!pres.contains(x)) {
          pres.add(x);
        }
      }
      for (Origin o : p.always) {
        if (!p.never.contains(o)) {
          wanted.add(o);
        }
      }
      ignored.retainAll(p.never);
    }
    wanted.removeAll(ignored);
    this.every = false;
    this.literals = List.copyOf(lits);
    this.prefixes = List.copyOf(pres);
    this.always = Collections.unmodifiableSet(wanted);
    this.never = Collections.unmodifiableSet(ignored);
    this.alternatives = List.copyOf(alternatives);
  }

  /**
   * Every record, of any origin: the default of a provider.
   *
   * @return the prefilter that rejects nothing
   */
  public static Prefilter everyRecord() {
    return EVERY;
  }

  /**
   * Records whose text, message or identifier contains one of these strings.
   *
   * @param literals the strings, each at least two characters
   * @return the prefilter
   * @throws IllegalArgumentException if a literal is null or shorter than two characters
   */
  public static Prefilter containing(String... literals) {
    return new Prefilter(false, checked(literals, "literal"), List.of(), Set.of(), Set.of());
  }

  /**
   * This prefilter, and records whose message, after any spaces and tabs it starts with, starts with one of
   * these strings.
   *
   * @param prefixes the strings, each at least one character
   * @return the prefilter
   * @throws IllegalArgumentException if a prefix is null or empty
   * @throws IllegalStateException if this prefilter wants every record already
   */
  public Prefilter orStartingWith(String... prefixes) {
    checkNarrow("orStartingWith");
    if (alternatives.size() > 1) {
      return each(p -> p.orStartingWith(prefixes));
    }
    List<String> all = new ArrayList<>(this.prefixes);
    for (String p : checked(prefixes, "prefix")) {
      if (!all.contains(p)) {
        all.add(p);
      }
    }
    return new Prefilter(false, literals, List.copyOf(all), always, never);
  }

  /**
   * This prefilter, and every record of these origins (a parser of bare pasted text wants every
   * {@link Origin#UNKNOWN} record, say).
   *
   * @param origins the origins
   * @return the prefilter
   * @throws IllegalArgumentException if no origin is given, or one is null
   * @throws IllegalStateException if this prefilter wants every record already
   */
  public Prefilter orFrom(Origin... origins) {
    checkNarrow("orFrom");
    if (alternatives.size() > 1) {
      return each(p -> p.orFrom(origins));
    }
    Set<Origin> all = EnumSet.noneOf(Origin.class);
    all.addAll(always);
    all.addAll(origins(origins));
    return new Prefilter(false, literals, prefixes, Collections.unmodifiableSet(all), never);
  }

  /**
   * The records this prefilter or another wants, each by its own rules: a provider whose parser reads a daemon's
   * messages, which the kernel log may hold, and a command's output, which it never does, says so with two.
   *
   * <pre>{@code
   * Prefilter.containing("Process ")
   *     .or(Prefilter.containing(" COREFILE ").exceptFrom(Origin.KERNEL, Origin.KERNEL_LOG))
   * }</pre>
   *
   * @param other the other prefilter
   * @return the prefilter that wants what either wants
   * @throws IllegalArgumentException if {@code other} is null
   */
  public Prefilter or(Prefilter other) {
    if (other == null) {
      throw new IllegalArgumentException("other prefilter must not be null");
    }
    if (every || other.every) {
      return EVERY;
    }
    List<Prefilter> all = new ArrayList<>(alternatives);
    all.addAll(other.alternatives);
    return new Prefilter(all);
  }

  /**
   * The prefilters this one wants what any of wants: itself alone, unless it was made by {@link #or}, each with its
   * own literals, prefixes and origins.
   *
   * @return one or more prefilters, none of them made by {@link #or}
   */
  public List<Prefilter> alternatives() {
    return alternatives;
  }

  /**
   * This prefilter, but no record of these origins, whatever it holds (a shell's messages never come from the
   * kernel, say).
   *
   * @param origins the origins
   * @return the prefilter
   * @throws IllegalArgumentException if no origin is given, or one is null
   */
  public Prefilter exceptFrom(Origin... origins) {
    if (alternatives.size() > 1) {
      return each(p -> p.exceptFrom(origins));
    }
    Set<Origin> all = EnumSet.noneOf(Origin.class);
    all.addAll(never);
    all.addAll(origins(origins));
    if (every) {
      // every record but these origins' records
      return new Prefilter(false, List.of(), List.of(), Collections.unmodifiableSet(complement(all)),
          Collections.unmodifiableSet(all));
    }
    return new Prefilter(false, literals, prefixes, always, Collections.unmodifiableSet(all));
  }

  /** Whether this prefilter wants every record. */
  public boolean wantsEveryRecord() {
    return every;
  }

  /** The literals, any of which in a record's text, message or identifier makes it wanted. */
  public List<String> literals() {
    return literals;
  }

  /** The prefixes, any of which at the start of a record's message (after spaces and tabs) makes it wanted. */
  public List<String> prefixes() {
    return prefixes;
  }

  /** The origins whose every record is wanted (unless also in {@link #ignoredOrigins()}). */
  public Set<Origin> wantedOrigins() {
    return always;
  }

  /** The origins whose records are never wanted. */
  public Set<Origin> ignoredOrigins() {
    return never;
  }

  /**
   * Whether a record is wanted, by the rules above.
   *
   * @param record the record
   * @return true if the parsers must see it
   */
  public boolean wants(LogRecord record) {
    if (every) {
      return true;
    }
    if (alternatives.size() > 1) {
      for (Prefilter p : alternatives) {
        if (p.wants(record)) {
          return true;
        }
      }
      return false;
    }
    Origin o = record.origin();
    if (never.contains(o)) {
      return false;
    }
    if (always.contains(o)) {
      return true;
    }
    String m = record.message();
    int lead = lead(m);
    for (String p : prefixes) {
      if (m.startsWith(p, lead)) {
        return true;
      }
    }
    String t = record.text();
    String id = record.identifier();
    for (String l : literals) {
      if (m.contains(l) || t != m && t.contains(l) || id != null && id.contains(l)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Where a message's text starts after its leading spaces and tabs, which prefixes are matched after.
   *
   * @param message the message
   * @return the index of its first character that is neither, or its length
   */
  public static int lead(String message) {
    int i = 0;
    while (i < message.length() && (message.charAt(i) == ' ' || message.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  /** The same change made to each alternative. */
  private Prefilter each(java.util.function.UnaryOperator<Prefilter> change) {
    Prefilter out = null;
    for (Prefilter p : alternatives) {
      Prefilter q = change.apply(p);
      out = out == null ? q : out.or(q);
    }
    return out;
  }

  @Override
  public String toString() {
    if (alternatives.size() > 1) {
      return String.join(" or ", alternatives.stream().map(Prefilter::toString).toList());
    }
    return every ? "Prefilter[every record]"
        : "Prefilter[" + literals + " or starting with " + prefixes + " or from " + always + ", never from "
            + never + "]";
  }

  private void checkNarrow(String method) {
    if (every) {
      throw new IllegalStateException(method + " on a prefilter that wants every record already");
    }
  }

  private static Set<Origin> complement(Set<Origin> origins) {
    Set<Origin> rest = EnumSet.allOf(Origin.class);
    rest.removeAll(origins);
    return rest;
  }

  private static Set<Origin> origins(Origin... origins) {
    if (origins == null || origins.length == 0) {
      throw new IllegalArgumentException("at least one origin is needed");
    }
    for (Origin o : origins) {
      if (o == null) {
        throw new IllegalArgumentException("origin must not be null");
      }
    }
    return EnumSet.copyOf(Arrays.asList(origins));
  }

  private static List<String> checked(String[] strings, String what) {
    if (strings == null) {
      throw new IllegalArgumentException(what + "s must not be null");
    }
    boolean literal = what.equals("literal");
    List<String> out = new ArrayList<>();
    for (String s : strings) {
      if (s == null || s.length() < (literal ? 2 : 1)) {
        throw new IllegalArgumentException(literal ? "literal must be at least two characters: " + s
            : "prefix must not be empty: " + s);
      }
      if (!out.contains(s)) {
        out.add(s);
      }
    }
    return List.copyOf(out);
  }
}
