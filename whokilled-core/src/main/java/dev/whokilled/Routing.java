package dev.whokilled;

import dev.whokilled.framing.LogRecord;
import dev.whokilled.framing.Origin;
import dev.whokilled.spi.Prefilter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The prefilters of an analyzer's parsers, compiled: which parsers want a record, or a plain kernel log line
 * still in bytes. Immutable, shared by every session of the analyzer.
 */
final class Routing {

  /** Parsers past this many are given every record: one bit each in a {@code long}. */
  static final int MAX_FILTERED = 64;

  private final Prefilter[] filters;
  private final byte[][][] prefixes;
  private final Literals literals;
  /** Parsers that want every record. */
  private final long every;
  /** Parsers that want every record of the kernel log's origin, and those that never want one. */
  private final long kernelLogAlways;
  private final long kernelLogNever;
  /** Parsers with a prefix, for the byte path. */
  private final long withPrefix;

  Routing(List<Prefilter> filters) {
    int n = filters.size();
    this.filters = filters.toArray(new Prefilter[0]);
    this.prefixes = new byte[n][][];
    List<List<String>> lits = new ArrayList<>();
    long ev = 0;
    long always = 0;
    long never = 0;
    long pre = 0;
    for (int i = 0; i < n; i++) {
      Prefilter f = filters.get(i);
      boolean all = f.wantsEveryRecord() || i >= MAX_FILTERED;
      long bit = i < MAX_FILTERED ? 1L << i : 0;
      if (all) {
        ev |= bit;
      }
      if (all || f.wantedOrigins().contains(Origin.KERNEL_LOG) && !f.ignoredOrigins().contains(Origin.KERNEL_LOG)) {
        always |= bit;
      }
      if (!all && f.ignoredOrigins().contains(Origin.KERNEL_LOG)) {
        never |= bit;
      }
      lits.add(all || i >= MAX_FILTERED ? List.of() : f.literals());
      List<String> ps = all ? List.of() : f.prefixes();
      prefixes[i] = new byte[ps.size()][];
      for (int k = 0; k < ps.size(); k++) {
        prefixes[i][k] = ps.get(k).getBytes(StandardCharsets.UTF_8);
      }
      if (!ps.isEmpty()) {
        pre |= bit;
      }
    }
    this.every = ev;
    this.kernelLogAlways = always;
    this.kernelLogNever = never;
    this.withPrefix = pre;
    this.literals = Literals.of(lits);
  }

  /** Whether parser {@code i} wants every record. */
  boolean wantsEvery(int i) {
    return i >= MAX_FILTERED || (every & (1L << i)) != 0;
  }

  /** Whether some parser wants every plain kernel log line: then no such line can be skipped. */
  boolean kernelLogAlways() {
    return kernelLogAlways != 0;
  }

  /**
   * The parsers that want a plain {@code dmesg} line (origin {@link Origin#KERNEL_LOG}, its text the bytes
   * {@code b[start, end)}, its message from {@code msgStart}, no identifier).
   */
  long wantedKernelLog(byte[] b, int start, int end, int msgStart) {
    long mask = kernelLogAlways | literals.find(b, start, end);
    long p = withPrefix & ~kernelLogNever;
    while (p != 0) {
      int i = Long.numberOfTrailingZeros(p);
      p &= p - 1;
      for (byte[] prefix : prefixes[i]) {
        if (startsWith(b, msgStart, end, prefix)) {
          mask |= 1L << i;
          break;
        }
      }
    }
    return mask & ~kernelLogNever;
  }

  private static boolean startsWith(byte[] b, int at, int end, byte[] prefix) {
    if (end - at < prefix.length) {
      return false;
    }
    for (int k = 0; k < prefix.length; k++) {
      if (b[at + k] != prefix[k]) {
        return false;
      }
    }
    return true;
  }

  /** The owners of the literals in a record's message, text and identifier. */
  long literalsIn(LogRecord r) {
    String m = r.message();
    long mask = literals.find(m);
    String t = r.text();
    if (t != m && !t.equals(m)) {
      mask |= literals.find(t);
    }
    String id = r.identifier();
    if (id != null) {
      mask |= literals.find(id);
    }
    return mask;
  }

  /** Whether parser {@code i} wants the record, whose literals' owners are {@code found}. */
  boolean wants(int i, LogRecord r, long found) {
    if (wantsEvery(i)) {
      return true;
    }
    Prefilter f = filters[i];
    Origin o = r.origin();
    if (f.ignoredOrigins().contains(o)) {
      return false;
    }
    if ((found & (1L << i)) != 0 || f.wantedOrigins().contains(o)) {
      return true;
    }
    String m = r.message();
    for (String p : f.prefixes()) {
      if (m.startsWith(p)) {
        return true;
      }
    }
    return false;
  }
}
