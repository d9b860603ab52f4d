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
import org.jspecify.annotations.Nullable;

/**
 * The prefilters of an analyzer's parsers, compiled: which parsers want a record, or a plain kernel log line
 * still in bytes, as a bit mask (parser {@code i} is bit {@code 1L << i}). Immutable, shared by every session of
 * the analyzer.
 */
final class Routing {

  /** Parsers past this many are given every record: one bit each in a {@code long}. */
  static final int MAX_FILTERED = 64;

  private static final Origin[] ORIGINS = Origin.values();

  private final List<List<String>> literalLists = new ArrayList<>();
  private final Literals literals;
  /** By the first byte of a prefix: the prefixes, and the bit of the parser of each. */
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
  /** By origin: parsers that want every record of it, and parsers that want none. */
  private final long[] always = new long[ORIGINS.length];
  private final long[] never = new long[ORIGINS.length];

  Routing(List<Prefilter> filters) {
    int n = filters.size();
    long ev = 0;
    long pre = 0;
    for (int i = 0; i < n; i++) {
      Prefilter f = filters.get(i);
      if (f.wantsEveryRecord() || i >= MAX_FILTERED) {
        if (i < MAX_FILTERED) {
          ev |= 1L << i;
        }
        literalLists.add(List.of());
        continue;
      }
      long bit = 1L << i;
      for (Origin o : ORIGINS) {
        if (f.ignoredOrigins().contains(o)) {
          never[o.ordinal()] |= bit;
        } else if (f.wantedOrigins().contains(o)) {
          always[o.ordinal()] |= bit;
        }
      }
      literalLists.add(f.literals());
      for (String prefix : f.prefixes()) {
        byte[] b = prefix.getBytes(StandardCharsets.UTF_8);
        int first = b[0] & 0xff;
        byte[][] was = prefixesByFirst[first] == null ? new byte[0][] : prefixesByFirst[first];
        long[] owners = ownersByFirst[first] == null ? new long[0] : ownersByFirst[first];
        prefixesByFirst[first] = Arrays.copyOf(was, was.length + 1);
        prefixesByFirst[first][was.length] = b;
        ownersByFirst[first] = Arrays.copyOf(owners, owners.length + 1);
        ownersByFirst[first][owners.length] = bit;
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
        pre |= bit;
      }
    }
    this.every = ev;
    this.withPrefix = pre;
    this.literals = Literals.of(literalLists, null, 0);
  }

  /** The parsers that want every record. */
  long every() {
    return every;
  }

  /** Whether parser {@code i} wants every record. */
  boolean wantsEvery(int i) {
    return i >= MAX_FILTERED || (every & (1L << i)) != 0;
  }

  /** Whether some parser wants every plain kernel log line: then no such line can be skipped. */
  boolean kernelLogAlways() {
    return (every | always[Origin.KERNEL_LOG.ordinal()]) != 0;
  }

  /** The literals' matcher, anchored at the pairs rarest in a sample of the text to read, or the default. */
  Literals literals(byte @Nullable [] sample, int length) {
    return sample == null ? literals : Literals.of(literalLists, sample, length);
  }

  /** The default matcher. */
  Literals literals() {
    return literals;
  }

  /**
   * The parsers that want a plain {@code dmesg} line (origin {@link Origin#KERNEL_LOG}, its text the bytes
   * {@code b[start, end)}, its message from {@code msgStart}, no identifier), given the owners of the literals in
   * it.
   */
  long wantedKernelLog(byte[] b, int end, int msgStart, long found) {
    int o = Origin.KERNEL_LOG.ordinal();
    return (found | prefixes(b, msgStart, end) | always[o] | every) & ~never[o];
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
    long mask = found | always[o] | every;
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
    return mask & ~never[o];
  }
}
