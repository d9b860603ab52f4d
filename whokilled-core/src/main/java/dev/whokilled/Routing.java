package dev.whokilled;

import dev.whokilled.framing.Format;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.framing.Origin;
import dev.whokilled.internal.Bytes;
import dev.whokilled.spi.Prefilter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The prefilters of an analyzer's parsers, compiled: which parsers want a record, or a plain kernel log line
 * still in bytes, as a bit mask (parser {@code i} is bit {@code 1L << i}). Immutable, shared by every session of
 * the analyzer.
 *
 * <p>Each rule set (a prefilter, or each of the {@link Prefilter#alternatives() alternatives} it was made of) has a
 * bit of its own while matching: parser {@code i}'s first is bit {@code i}, further ones take the free bits from the
 * top down; {@link #wanted} and {@link #wantedKernelLog} answer in parsers' bits.
 *
 * <p>Lines still in bytes are only ever skipped as plain {@code dmesg} lines, of origin {@link Origin#KERNEL_LOG}:
 * their matcher holds the literals of the rules that may want such a line, and {@link #FRAMING}'s, which the
 * framing needs to tell a journal's line from the kernel's.
 */
final class Routing {

  /** Parsers past this many are given every record: one bit each in a {@code long}, the last bit the framing's. */
  static final int MAX_FILTERED = 63;

  /**
   * The owner of the literals that make a line in bytes need its framing read in full: {@code " kernel:"}, the tag of
   * a {@code journalctl -o short-monotonic} line, which may read as one in any stream.
   */
  static final long FRAMING = 1L << 63;

  private static final Origin[] ORIGINS = Origin.values();

  /** By rule bit: the literals of the rules that may want a plain kernel log line, and the framing's. */
  private final List<List<String>> kernelLists = new ArrayList<>();
  private final Literals literals;
  /** By the first byte of a prefix: the prefixes, and the bit of the rule of each. */
  private final byte[][][] prefixesByFirst = new byte[256][][];
  private final long[][] ownersByFirst = new long[256][];
  /** The same as text, by first char: those below 256 here, the rest in the lists after. */
  private final String[][] textByFirst = new String[256][];
  private final long[][] textOwnersByFirst = new long[256][];
  private final List<String> wideText = new ArrayList<>();
  private final List<Long> wideOwners = new ArrayList<>();
  private final long withPrefix;
  /** Parsers that want every record. */
  private final long every;
  /** Whether some parser is past {@link #MAX_FILTERED}, and so given every record. */
  private final boolean overflow;
  /** By origin: rules that want every record of it, and rules that want none. */
  private final long[] always = new long[ORIGINS.length];
  private final long[] never = new long[ORIGINS.length];
  /** The bits of the rules past each parser's first, and for each such bit, its parser's bit. */
  private final long extra;
  private final long[] parserOf = new long[64];

  Routing(List<Prefilter> filters) {
    int n = filters.size();
    List<List<String>> literalLists = new ArrayList<>(); // by rule bit: its literals
    for (int r = 0; r < 64; r++) {
      literalLists.add(List.of());
      kernelLists.add(List.of());
    }
    long ev = 0;
    long pre = 0;
    long more = 0;
    int free = MAX_FILTERED - 1; // the next bit for a parser's further rule, from the top down
    for (int i = 0; i < n && i < MAX_FILTERED; i++) {
      Prefilter f = filters.get(i);
      List<Prefilter> rules = f.alternatives();
      if (f.wantsEveryRecord() || rules.size() > 1 && free - (rules.size() - 2) <= Math.min(n, MAX_FILTERED) - 1) {
        ev |= 1L << i; // no bits left for its further rules: it is read with every record
        continue;
      }
      for (int k = 0; k < rules.size(); k++) {
        int bitIndex = k == 0 ? i : free--;
        long bit = 1L << bitIndex;
        if (k > 0) {
          more |= bit;
          parserOf[bitIndex] = 1L << i;
        }
        pre |= rule(rules.get(k), bit);
        literalLists.set(bitIndex, rules.get(k).literals());
        if (!rules.get(k).ignoredOrigins().contains(Origin.KERNEL_LOG)) {
          kernelLists.set(bitIndex, rules.get(k).literals());
        }
      }
    }
    kernelLists.set(63, List.of(" kernel:"));
    this.every = ev;
    this.extra = more;
    this.overflow = n > MAX_FILTERED;
    this.withPrefix = pre;
    this.literals = Literals.of(literalLists, null, 0);
  }

  /** Compiles one rule set under its bit; returns the bit when it has prefixes. */
  private long rule(Prefilter f, long bit) {
    boolean kernelLog = !f.ignoredOrigins().contains(Origin.KERNEL_LOG);
    for (Origin o : ORIGINS) {
      if (f.ignoredOrigins().contains(o)) {
        never[o.ordinal()] |= bit;
      } else if (f.wantedOrigins().contains(o)) {
        always[o.ordinal()] |= bit;
      }
    }
    for (String prefix : f.prefixes()) {
      char c = prefix.charAt(0);
      if (c < 256) {
        String[] t = textByFirst[c] == null ? new String[0] : textByFirst[c];
        long[] to = textOwnersByFirst[c] == null ? new long[0] : textOwnersByFirst[c];
        textByFirst[c] = Arrays.copyOf(t, t.length + 1);
        textByFirst[c][t.length] = prefix;
        textOwnersByFirst[c] = Arrays.copyOf(to, to.length + 1);
        textOwnersByFirst[c][to.length] = bit;
      } else {
        wideText.add(prefix);
        wideOwners.add(bit);
      }
      if (kernelLog) {
        byte[] b = prefix.getBytes(StandardCharsets.UTF_8);
        int first = b[0] & 0xff;
        byte[][] was = prefixesByFirst[first] == null ? new byte[0][] : prefixesByFirst[first];
        long[] owners = ownersByFirst[first] == null ? new long[0] : ownersByFirst[first];
        prefixesByFirst[first] = Arrays.copyOf(was, was.length + 1);
        prefixesByFirst[first][was.length] = b;
        ownersByFirst[first] = Arrays.copyOf(owners, owners.length + 1);
        ownersByFirst[first][owners.length] = bit;
      }
    }
    return f.prefixes().isEmpty() ? 0 : bit;
  }

  /** The parsers of the rules in a mask of rule bits. */
  private long parsers(long rules) {
    long further = rules & extra;
    long mask = rules & ~extra & ~FRAMING;
    while (further != 0) {
      mask |= parserOf[Long.numberOfTrailingZeros(further)];
      further &= further - 1;
    }
    return mask;
  }

  /** Whether parser {@code i} wants every record. */
  boolean wantsEvery(int i) {
    return i >= MAX_FILTERED || (every & (1L << i)) != 0;
  }

  /** Whether some parser wants every plain kernel log line: then no such line can be skipped. */
  boolean kernelLogAlways() {
    return overflow || (every | always[Origin.KERNEL_LOG.ordinal()]) != 0;
  }

  /** The matcher of every parser's literals, for records. */
  Literals literals() {
    return literals;
  }

  /**
   * The matcher of lines in bytes: the literals of the parsers that may want a plain kernel log line, and
   * {@link #FRAMING}'s, anchored at the windows and pairs rarest in a sample of the text to read. Built per read, by
   * the byte reader that skips lines, and by no one else: a reader that skips nothing looks for no literal.
   */
  Literals kernelLiterals(byte[] sample, int length) {
    return Literals.of(kernelLists, sample, length);
  }

  /**
   * The parsers that want a plain {@code dmesg} line (origin {@link Origin#KERNEL_LOG}, its text the bytes
   * {@code b[start, end)}, its message from {@code msgStart}, no identifier), given the owners of the literals in
   * it as {@link #kernelLiterals} found them.
   */
  long wantedKernelLog(byte[] b, int end, int msgStart, long found) {
    int o = Origin.KERNEL_LOG.ordinal();
    return parsers((found | prefixes(b, msgStart, end) | always[o]) & ~never[o]) | every;
  }

  private long prefixes(byte[] b, int msgStart, int end) {
    if (withPrefix == 0) {
      return 0;
    }
    int at = msgStart;
    while (at < end && (b[at] == ' ' || b[at] == '\t')) {
      at++;
    }
    if (at >= end) {
      return 0;
    }
    byte[][] candidates = prefixesByFirst[b[at] & 0xff];
    if (candidates == null) {
      return 0;
    }
    long[] owners = ownersByFirst[b[at] & 0xff];
    long mask = 0;
    for (int k = 0; k < candidates.length; k++) {
      if ((mask & owners[k]) == 0 && Bytes.startsWith(b, at, end, candidates[k])) {
        mask |= owners[k];
      }
    }
    return mask;
  }


  /**
   * Whether a record's message is its text's own characters (no escapes decoded), so that the literals found in
   * the line's bytes are those of its text, message and identifier.
   */
  static boolean verbatim(Format format) {
    switch (format) {
      case DMESG:
      case DMESG_RAW:
      case DMESG_CTIME:
      case DMESG_RELATIVE:
      case DMESG_DECODED:
      case JOURNAL_MONOTONIC:
      case PLAIN:
        return true;
      default:
        return false;
    }
  }

  /** The owners of the literals in a record's message, text and identifier. */
  long literalsIn(Literals with, LogRecord r) {
    String m = r.message();
    long mask = with.find(m);
    String t = r.text();
    if (t != m && !t.equals(m)) {
      mask |= with.find(t);
    }
    String id = r.identifier();
    if (id != null) {
      mask |= with.find(id);
    }
    return mask;
  }

  /** The parsers that want a record, given the owners of the literals in it. */
  long wanted(LogRecord r, long found) {
    int o = r.origin().ordinal();
    long mask = found | always[o];
    if (withPrefix != 0) {
      String m = r.message();
      int at = Prefilter.lead(m);
      char c = at < m.length() ? m.charAt(at) : 0;
      if (c < 256) {
        String[] candidates = textByFirst[c];
        if (candidates != null) {
          long[] owners = textOwnersByFirst[c];
          for (int k = 0; k < candidates.length; k++) {
            if ((mask & owners[k]) == 0 && m.startsWith(candidates[k], at)) {
              mask |= owners[k];
            }
          }
        }
      } else {
        for (int k = 0; k < wideText.size(); k++) {
          if (m.startsWith(wideText.get(k), at)) {
            mask |= wideOwners.get(k);
          }
        }
      }
    }
    return parsers(mask & ~never[o]) | every;
  }
}
