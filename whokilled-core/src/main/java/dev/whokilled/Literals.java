package dev.whokilled;

import dev.whokilled.internal.Bytes;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Finds which of many fixed ASCII strings occur in a line, and answers with a bit mask of their owners.
 *
 * <p>Two indexes. For a scan of a whole chunk, four-byte windows: each literal of at least {@link #WINDOW_MIN}
 * characters is anchored at four windows, one for each position it can start at modulo four (for each, the window
 * least frequent in a sample of the text to read), so that a scan may look up only the windows starting at every
 * fourth byte: two per eight bytes, hashed into a 64 Kibit table that fits the first-level cache. A literal's last
 * window may reach one byte past it ({@code led?} of {@code failed}): it is entered once for every byte that can
 * follow. Literals too short for that are anchored at byte pairs instead, at the rarest pair of each parity, and a
 * scan that has any looks up the pairs at every second byte as well. For a string, the pairs at every position. No
 * allocation, time linear in the text's length.
 */
final class Literals {

  /** Literals this long or longer are found by their windows. */
  static final int WINDOW_MIN = 6;

  private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HASH = 0x9E3779B97F4A7C15L;

  /** Letters of English and log text, most frequent first: a pair of frequent letters makes a poor anchor. */
  private static final String FREQUENT = " etaoinsrhldcumfpgwybvk_:=-.0123456789[]/()ETAOINSRHLDCUMFPGWYBVK,";

  private final byte[][] text;
  private final long[] owners;
  /** Every literal by its pairs, for strings. */
  private final Pairs all;
  /** The literals too short for windows, by their pairs, for scans; null when there are none. */
  private final @Nullable Pairs shortOnes;
  /**
   * Window hash to presence bit; the number of bits set before each word of it; and per hash present, in the order
   * of the bits, its entries: the window's bytes, its literal, where in the literal it stands. Small enough to stay
   * in the caches while a chunk is scanned.
   */
  private final long[] windows = new long[1 << 10];
  private final int[] ranks = new int[1 << 10];
  private final int[] windowStart;
  private final int[] windowValue;
  private final int[] windowLiteral;
  private final int[] windowOffset;
  private final boolean empty;

  /**
   * A matcher whose anchors are the windows and pairs rarest in a sample of the text it will read (the start of a
   * file, say), by the letter frequencies of log text where the sample has none.
   *
   * @param literals each literal (ASCII, at least two characters) with the mask of its owners
   * @param sample bytes of the text to come, or null
   * @param length how many of them
   */
  Literals(Map<String, Long> literals, byte @Nullable [] sample, int length) {
    int n = literals.size();
    text = new byte[n][];
    owners = new long[n];
    int i = 0;
    for (Map.Entry<String, Long> e : literals.entrySet()) {
      text[i] = ascii(e.getKey());
      owners[i] = e.getValue();
      i++;
    }
    int[] pairCounts = sample == null ? null : pairCounts(sample, length);
    WindowCounts windowCounts = sample == null ? null : new WindowCounts(text, sample, length);
    List<Integer> everyOne = new ArrayList<>();
    List<Integer> shorter = new ArrayList<>();
    List<int[]> entries = new ArrayList<>(); // {hash, window, literal, offset}
    for (int k = 0; k < n; k++) {
      everyOne.add(k);
      byte[] t = text[k];
      if (t.length < WINDOW_MIN || lineEnd(t)) {
        shorter.add(k);
        continue;
      }
      for (int phase = 0; phase < 4; phase++) {
        int best = -1;
        long bestScore = Long.MAX_VALUE;
        for (int o = phase; o + 4 <= t.length; o += 4) {
          int v = (int) INTS.get(t, o);
          // the count in the sample first; the letters' frequencies (a product below 2^33) between equal counts
          long score = windowCounts != null ? ((long) windowCounts.of(v) << 34) + rarity(t, o, 4) : rarity(t, o, 4);
          if (score < bestScore) {
            bestScore = score;
            best = o;
          }
        }
        if (best >= 0) {
          int v = (int) INTS.get(t, best);
          entries.add(new int[] {hash(v), v, k, best});
        } else {
          // the window at this phase reaches one byte past the literal: every byte may follow it
          int head = (t[phase] & 0xff) | (t[phase + 1] & 0xff) << 8 | (t[phase + 2] & 0xff) << 16;
          for (int y = 0; y < 256; y++) {
            int v = head | y << 24;
            entries.add(new int[] {hash(v), v, k, phase});
          }
        }
      }
    }
    entries.sort((x, y) -> Integer.compare(x[0], y[0]));
    for (int[] en : entries) {
      windows[en[0] >>> 6] |= 1L << en[0];
    }
    for (int w = 1; w < ranks.length; w++) {
      ranks[w] = ranks[w - 1] + Long.bitCount(windows[w - 1]);
    }
    int buckets = ranks[ranks.length - 1] + Long.bitCount(windows[ranks.length - 1]);
    windowStart = new int[buckets + 1];
    windowValue = new int[entries.size()];
    windowLiteral = new int[entries.size()];
    windowOffset = new int[entries.size()];
    int bucket = -1;
    int last = -1;
    for (int k = 0; k < entries.size(); k++) {
      int[] en = entries.get(k);
      if (en[0] != last) {
        windowStart[++bucket] = k;
        last = en[0];
      }
      windowValue[k] = en[1];
      windowLiteral[k] = en[2];
      windowOffset[k] = en[3];
    }
    windowStart[buckets] = entries.size();
    all = new Pairs(everyOne, pairCounts);
    shortOnes = shorter.isEmpty() ? null : new Pairs(shorter, pairCounts);
    empty = n == 0;
  }

  private static byte[] ascii(String s) {
    byte[] b = new byte[s.length()];
    for (int k = 0; k < b.length; k++) {
      char c = s.charAt(k);
      if (c >= 128) {
        throw new IllegalArgumentException("literal must be ASCII: " + s);
      }
      b[k] = (byte) c;
    }
    if (b.length < 2) {
      throw new IllegalArgumentException("literal must be at least two characters: " + s);
    }
    return b;
  }

  /** A literal holding a line end never matches a line; the pairs index keeps it, the windows cannot. */
  private static boolean lineEnd(byte[] t) {
    for (byte x : t) {
      if (x == '\n' || x == '\r') {
        return true;
      }
    }
    return false;
  }

  /** The table index of a window of four bytes, as a little-endian load reads them. */
  static int hash(int window) {
    return (int) ((window & 0xffffffffL) * HASH >>> 48);
  }

  /** The table index of the pair {@code (first, second)}: as a little-endian load of the two bytes reads them. */
  static int key(byte first, byte second) {
    return (second & 0xff) << 8 | (first & 0xff);
  }

  /** The table index of the pair of bytes {@code at} and {@code at + 1} of a word loaded little-endian. */
  static int key(long word, int at) {
    return (int) (word >>> (8 * at)) & 0xffff;
  }

  private static int[] pairCounts(byte[] sample, int length) {
    int[] counts = new int[1 << 16];
    for (int i = 0; i + 1 < length; i++) {
      int h = key(sample[i], sample[i + 1]);
      if (counts[h] < (1 << 20)) {
        counts[h]++;
      }
    }
    return counts;
  }

  /** How often each window of the literals occurs in a sample: exactly, not by hash, whose buckets are shared. */
  private static final class WindowCounts {
    private final int[] keys;
    private final int[] counts;
    private final boolean[] used;
    private final int mask;

    WindowCounts(byte[][] literals, byte[] sample, int length) {
      int n = 0;
      for (byte[] t : literals) {
        n += Math.max(0, t.length - 3);
      }
      int size = Integer.highestOneBit(Math.max(16, n * 4));
      keys = new int[size];
      counts = new int[size];
      used = new boolean[size];
      mask = size - 1;
      for (byte[] t : literals) {
        for (int o = 0; o + 4 <= t.length; o++) {
          int v = (int) INTS.get(t, o);
          int at = slot(v);
          keys[at] = v;
          used[at] = true;
        }
      }
      for (int i = 0; i + 4 <= length; i++) {
        int at = slot((int) INTS.get(sample, i));
        if (used[at] && counts[at] < (1 << 24)) {
          counts[at]++;
        }
      }
    }

    /** The slot of a window: its own, or the free one where it would go. */
    private int slot(int v) {
      int at = hash(v) & mask;
      while (used[at] && keys[at] != v) {
        at = (at + 1) & mask;
      }
      return at;
    }

    int of(int v) {
      int at = slot(v);
      return used[at] ? counts[at] : 0;
    }
  }

  /** Rarer bytes rank lower; bytes not in {@link #FREQUENT} lowest. */
  private static int rank(byte b) {
    int at = FREQUENT.indexOf((char) (b & 0xff));
    return at < 0 ? 1 : 1 + (FREQUENT.length() - at) * 4;
  }

  /** How common {@code t[o, o + n)} is in log text, by its letters' ranks. */
  private static long rarity(byte[] t, int o, int n) {
    long r = 1;
    for (int k = o; k < o + n; k++) {
      r *= rank(t[k]);
    }
    return r;
  }

  /** The window table, indexed by {@code hash >>> 6}, bit {@code hash & 63}. */
  long[] windows() {
    return windows;
  }

  /** The pair table of the literals too short for windows, indexed as {@link #windows()} is, or null when none are. */
  long @Nullable [] shortPairs() {
    return shortOnes == null ? null : shortOnes.present;
  }

  /**
   * The owners of the literals one of whose windows starts at {@code at} (its hash present in {@link #windows()})
   * and that lie within {@code b[start, end)}.
   *
   * @param b the bytes
   * @param start where the line starts (no literal starts before it)
   * @param end a bound no literal ends after ({@code at + 4 <= end})
   * @param at where the window stands
   * @return their masks' union
   */
  long atWindow(byte[] b, int start, int end, int at) {
    int v = (int) INTS.get(b, at);
    int h = hash(v);
    long word = windows[h >>> 6];
    if ((word & (1L << h)) == 0) {
      return 0;
    }
    int bucket = ranks[h >>> 6] + Long.bitCount(word & ((1L << h) - 1));
    long mask = 0;
    for (int k = windowStart[bucket]; k < windowStart[bucket + 1]; k++) {
      if (windowValue[k] != v) {
        continue;
      }
      int lit = windowLiteral[k];
      int from = at - windowOffset[k];
      if (from >= start && Bytes.startsWith(b, from, end, text[lit])) {
        mask |= owners[lit];
      }
    }
    return mask;
  }

  /**
   * The owners of the short literals one of whose anchor pairs starts at {@code at} (present in
   * {@link #shortPairs()}) and that lie within {@code b[start, end)}.
   */
  long atShortPair(byte[] b, int start, int end, int at) {
    return shortOnes == null ? 0 : shortOnes.at(b, start, end, at);
  }

  /**
   * The owners of every literal in {@code s}.
   *
   * @param s the text
   * @return the union of their masks, 0 when none occurs
   */
  long find(String s) {
    return empty ? 0 : all.find(s);
  }

  /**
   * Literals by the byte pairs they hold: each anchored twice, at the pair rarest in it at an even offset and at the
   * rarest at an odd one (a two-byte literal at its own pair, and at every pair its first byte ends), so that wherever
   * it stands, one of its anchors starts at an even distance from any given point. A pair is looked up in a 64 Kibit
   * table indexed {@code second << 8 | first}, and a literal is compared only where one of its anchors stands and the
   * byte after the anchor is one of those its literals have there.
   */
  private final class Pairs {
    final long[] present = new long[1 << 10];
    private final int[] bucketStart = new int[(1 << 16) + 1];
    /** Per bucket: which bytes may follow the pair in one of its literals (all of them when one has none). */
    private final long[] third;
    /** Per bucket entry: the literal, and where in it the pair stands (-1: the pair ends just before it). */
    private final int[] entryLiteral;
    private final int[] entryOffset;

    Pairs(List<Integer> which, int @Nullable [] seen) {
      List<int[]> entries = new ArrayList<>(); // {pair, literal, offset}
      for (int i : which) {
        byte[] b = text[i];
        if (b.length == 2) {
          entries.add(new int[] {key(b[0], b[1]), i, 0});
          for (int x = 0; x < 256; x++) {
            entries.add(new int[] {key((byte) x, b[0]), i, -1});
          }
        } else {
          for (int parity = 0; parity < 2; parity++) {
            int best = -1;
            long bestScore = Long.MAX_VALUE;
            for (int k = parity; k + 1 < b.length; k += 2) {
              long score = seen != null ? seen[key(b[k], b[k + 1])] * 4096L + rank(b[k]) * rank(b[k + 1]) / 64
                  : rank(b[k]) * rank(b[k + 1]);
              if (score < bestScore) {
                bestScore = score;
                best = k;
              }
            }
            entries.add(new int[] {key(b[best], b[best + 1]), i, best});
          }
        }
      }
      int[] counts = new int[1 << 16];
      for (int[] en : entries) {
        counts[en[0]]++;
        present[en[0] >>> 6] |= 1L << en[0];
      }
      for (int h = 0; h < 1 << 16; h++) {
        bucketStart[h + 1] = bucketStart[h] + counts[h];
      }
      entryLiteral = new int[entries.size()];
      entryOffset = new int[entries.size()];
      third = new long[entries.size() * 4];
      int[] fill = Arrays.copyOf(bucketStart, 1 << 16);
      for (int[] en : entries) {
        int at = fill[en[0]]++;
        entryLiteral[at] = en[1];
        entryOffset[at] = en[2];
      }
      for (int h = 0; h < 1 << 16; h++) {
        int s = bucketStart[h];
        for (int k = s; k < bucketStart[h + 1]; k++) {
          byte[] t = text[entryLiteral[k]];
          int after = entryOffset[k] + 2;
          if (after >= t.length) {
            Arrays.fill(third, s * 4, s * 4 + 4, -1L);
          } else {
            int c = t[after] & 0xff;
            third[s * 4 + (c >>> 6)] |= 1L << c;
          }
        }
      }
    }

    /** The owners of the literals one of whose anchors starts at {@code at} and that lie in {@code b[start, end)}. */
    long at(byte[] b, int start, int end, int at) {
      int pair = key(b[at], b[at + 1]);
      if ((present[pair >>> 6] & (1L << pair)) == 0) {
        return 0;
      }
      int s = bucketStart[pair];
      if (at + 2 < end) {
        int c = b[at + 2] & 0xff;
        if ((third[s * 4 + (c >>> 6)] & (1L << c)) == 0) {
          return 0;
        }
      }
      long mask = 0;
      for (int k = s; k < bucketStart[pair + 1]; k++) {
        int lit = entryLiteral[k];
        int from = at - entryOffset[k];
        if (from >= start && Bytes.startsWith(b, from, end, text[lit])) {
          mask |= owners[lit];
        }
      }
      return mask;
    }

    long find(String s) {
      long mask = 0;
      int n = s.length();
      for (int i = 0; i + 1 < n; i++) {
        int pair = narrow(s.charAt(i + 1)) << 8 | narrow(s.charAt(i));
        if ((present[pair >>> 6] & (1L << pair)) != 0) {
          for (int k = bucketStart[pair]; k < bucketStart[pair + 1]; k++) {
            int lit = entryLiteral[k];
            int from = i - entryOffset[k];
            byte[] t = text[lit];
            if (from >= 0 && from + t.length <= n && same(s, from, t)) {
              mask |= owners[lit];
            }
          }
        }
      }
      return mask;
    }
  }

  /** A char outside ASCII matches no literal: it is looked up as NUL, which no literal holds. */
  private static int narrow(char c) {
    return c < 128 ? c : 0;
  }

  private static boolean same(String s, int from, byte[] t) {
    for (int j = 0; j < t.length; j++) {
      if (s.charAt(from + j) != t[j]) {
        return false;
      }
    }
    return true;
  }

  /**
   * A matcher of the given literals of each owner, anchored by a sample of the text to come.
   *
   * @param byOwner for owner {@code i} (bit {@code 1L << i}), its literals
   * @param sample bytes of the text, or null
   * @param length how many of them
   * @return the matcher
   */
  static Literals of(List<List<String>> byOwner, byte @Nullable [] sample, int length) {
    Map<String, Long> all = new LinkedHashMap<>();
    for (int i = 0; i < byOwner.size(); i++) {
      for (String l : byOwner.get(i)) {
        all.merge(l, 1L << i, (a, b) -> a | b);
      }
    }
    return new Literals(all, sample, length);
  }

  @Override
  public String toString() {
    List<String> out = new ArrayList<>();
    for (byte[] t : text) {
      out.add(new String(t, StandardCharsets.US_ASCII));
    }
    return "Literals" + out;
  }
}
