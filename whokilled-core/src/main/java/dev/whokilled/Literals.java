package dev.whokilled;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Finds which of many fixed ASCII strings occur in a line, and answers with a bit mask of their owners.
 *
 * <p>Each literal is anchored twice, at the byte pair rarest in it at an even offset and at the rarest at an odd
 * one (a two-byte literal at its own pair, and at every pair its first byte ends), so that wherever it stands, one
 * of its anchors starts at an even distance from any given point: a scan may look up only every second pair. A
 * pair is looked up in a 64 Kibit table that fits the first-level cache, indexed {@code second << 8 | first} (the
 * order of a little-endian load), and a literal is compared only where one of its anchors stands and the byte after
 * the anchor is one of those its literals have there. No allocation, time linear in the line's length.
 */
final class Literals {

  /** Letters of English and log text, most frequent first: a pair of frequent letters makes a poor anchor. */
  private static final String FREQUENT = " etaoinsrhldcumfpgwybvk_:=-.0123456789[]/()ETAOINSRHLDCUMFPGWYBVK,";

  private final long[] present = new long[1 << 10];
  private final int[] bucketStart = new int[(1 << 16) + 1];
  /** Per bucket: which bytes may follow the pair in one of its literals (all of them when one has none). */
  private final long[] third;
  private final byte[][] text;
  private final long[] owners;
  /** Per bucket entry: the literal, and where in it the pair stands (-1: the pair ends just before it). */
  private final int[] entryLiteral;
  private final int[] entryOffset;
  private final boolean empty;

  /**
   * A matcher whose anchors are the pairs rarest in a sample of the text it will read (the start of a file, say),
   * by the letter frequencies of log text where the sample has none.
   *
   * @param literals each literal (ASCII, at least two characters) with the mask of its owners
   * @param sample bytes of the text to come, or null
   * @param length how many of them
   */
  Literals(Map<String, Long> literals, byte @Nullable [] sample, int length) {
    int[] seen = sample == null ? null : pairCounts(sample, length);
    int n = literals.size();
    text = new byte[n][];
    owners = new long[n];
    List<int[]> entries = new ArrayList<>(); // {pair, literal, offset}
    int i = 0;
    for (Map.Entry<String, Long> e : literals.entrySet()) {
      byte[] b = ascii(e.getKey());
      text[i] = b;
      owners[i] = e.getValue();
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
      i++;
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
    int[] fill = java.util.Arrays.copyOf(bucketStart, 1 << 16);
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
          java.util.Arrays.fill(third, s * 4, s * 4 + 4, -1L);
        } else {
          int c = t[after] & 0xff;
          third[s * 4 + (c >>> 6)] |= 1L << c;
        }
      }
    }
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

  /** The table index of the pair {@code (first, second)}: as a little-endian load of the two bytes reads them. */
  static int key(byte first, byte second) {
    return (second & 0xff) << 8 | (first & 0xff);
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

  /** Rarer bytes rank lower; bytes not in {@link #FREQUENT} lowest. */
  private static int rank(byte b) {
    int at = FREQUENT.indexOf((char) (b & 0xff));
    return at < 0 ? 1 : 1 + (FREQUENT.length() - at) * 4;
  }

  /** The table of anchor pairs, indexed by {@code key >>> 6}, bit {@code key & 63}. */
  long[] table() {
    return present;
  }

  /**
   * The owners of the literals one of whose anchors starts at {@code at} (looked up as {@code b[at], b[at + 1]})
   * and that occur within {@code b[start, end)}.
   *
   * @param b the bytes
   * @param start where the line starts (no literal starts before it)
   * @param end a bound no literal ends after ({@code at + 1 < end})
   * @param at where the anchor pair stands
   * @return their masks' union
   */
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
      byte[] t = text[lit];
      int from = at - entryOffset[k];
      if (from < start || from + t.length > end) {
        continue;
      }
      boolean same = true;
      for (int j = 0; j < t.length; j++) {
        if (b[from + j] != t[j]) {
          same = false;
          break;
        }
      }
      if (same) {
        mask |= owners[lit];
      }
    }
    return mask;
  }

  /**
   * The owners of every literal in {@code b[start, end)}.
   *
   * @param b the bytes
   * @param start where the line starts
   * @param end where it ends
   * @return the union of their masks, 0 when none occurs
   */
  long find(byte[] b, int start, int end) {
    if (empty) {
      return 0;
    }
    long mask = 0;
    for (int i = start; i + 1 < end; i += 2) {
      mask |= at(b, start, end, i);
    }
    return mask;
  }

  /**
   * The owners of every literal in {@code s}.
   *
   * @param s the text
   * @return the union of their masks, 0 when none occurs
   */
  long find(String s) {
    if (empty) {
      return 0;
    }
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
