package dev.whokilled;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Finds which of many fixed ASCII strings occur in a line, in one pass over its bytes (or chars), and answers
 * with a bit mask of their owners.
 *
 * <p>Each literal is anchored at its rarest byte pair (rare by the letter frequencies of log text): the scan looks
 * each pair of the line up in a 64 Kibit table that fits the first-level cache, and compares a literal only where
 * its anchor pair stands. No allocation, time linear in the line's length.
 */
final class Literals {

  /** Letters of English and log text, most frequent first: a pair of frequent letters makes a poor anchor. */
  private static final String FREQUENT = " etaoinsrhldcumfpgwybvk_:=-.0123456789[]/()ETAOINSRHLDCUMFPGWYBVK,";

  private final long[] present = new long[1 << 10];
  private final int[] bucketStart = new int[(1 << 16) + 1];
  private final byte[][] text;
  private final int[] anchor;
  private final long[] owners;
  private final int[] bucket;
  private final boolean empty;

  /**
   * A matcher whose anchors are the rarest pairs by the letter frequencies of log text.
   *
   * @param literals each literal (ASCII, at least two characters) with the mask of its owners
   */
  Literals(Map<String, Long> literals) {
    this(literals, null, 0);
  }

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
    Map<String, Long> all = new LinkedHashMap<>(literals);
    int n = all.size();
    text = new byte[n][];
    anchor = new int[n];
    owners = new long[n];
    int[] pairOf = new int[n];
    int i = 0;
    for (Map.Entry<String, Long> e : all.entrySet()) {
      String s = e.getKey();
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
      text[i] = b;
      owners[i] = e.getValue();
      int best = 0;
      int bestScore = Integer.MAX_VALUE;
      for (int k = 0; k + 1 < b.length; k++) {
        int score = seen != null ? seen[((b[k] & 0xff) << 8) | (b[k + 1] & 0xff)] * 4096 + rank(b[k]) * rank(b[k + 1]) / 64
            : rank(b[k]) * rank(b[k + 1]);
        if (score < bestScore) {
          bestScore = score;
          best = k;
        }
      }
      anchor[i] = best;
      pairOf[i] = ((b[best] & 0xff) << 8) | (b[best + 1] & 0xff);
      present[pairOf[i] >>> 6] |= 1L << pairOf[i];
      i++;
    }
    int[] counts = new int[1 << 16];
    for (int k = 0; k < n; k++) {
      counts[pairOf[k]]++;
    }
    for (int h = 0; h < 1 << 16; h++) {
      bucketStart[h + 1] = bucketStart[h] + counts[h];
    }
    bucket = new int[n];
    int[] fill = Arrays.copyOf(bucketStart, 1 << 16);
    for (int k = 0; k < n; k++) {
      bucket[fill[pairOf[k]]++] = k;
    }
    empty = n == 0;
  }

  private static int[] pairCounts(byte[] sample, int length) {
    int[] counts = new int[1 << 16];
    for (int i = 0; i + 1 < length; i++) {
      int h = ((sample[i] & 0xff) << 8) | (sample[i + 1] & 0xff);
      if (counts[h] < (1 << 18)) {
        counts[h]++;
      }
    }
    return counts;
  }

  /** Rarer bytes rank higher: letters not in {@link #FREQUENT} rank highest. */
  private static int rank(byte b) {
    int at = FREQUENT.indexOf((char) (b & 0xff));
    return at < 0 ? 1 : 1 + (FREQUENT.length() - at) * 4;
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
    long[] bits = present;
    int last = end - 1;
    int h = start < end ? b[start] & 0xff : 0;
    for (int i = start; i < last; i++) {
      h = (h << 8 | (b[i + 1] & 0xff)) & 0xffff;
      if ((bits[h >>> 6] & (1L << h)) != 0) {
        mask |= verify(b, start, end, i, h);
      }
    }
    return mask;
  }

  private long verify(byte[] b, int start, int end, int at, int pair) {
    long mask = 0;
    for (int k = bucketStart[pair]; k < bucketStart[pair + 1]; k++) {
      int lit = bucket[k];
      byte[] t = text[lit];
      int from = at - anchor[lit];
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
    int h = n > 0 ? narrow(s.charAt(0)) : 0;
    for (int i = 0; i + 1 < n; i++) {
      h = (h << 8 | narrow(s.charAt(i + 1))) & 0xffff;
      if ((present[h >>> 6] & (1L << h)) != 0) {
        for (int k = bucketStart[h]; k < bucketStart[h + 1]; k++) {
          int lit = bucket[k];
          int from = i - anchor[lit];
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
   * A matcher of the given literals of each owner.
   *
   * @param byOwner for owner {@code i} (bit {@code 1L << i}), its literals
   * @return the matcher
   */
  static Literals of(List<List<String>> byOwner) {
    return of(byOwner, null, 0);
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

  /** For tests: the literals and their anchors. */
  @Override
  public String toString() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < text.length; i++) {
      out.add(new String(text[i], java.nio.charset.StandardCharsets.US_ASCII) + "@" + anchor[i]);
    }
    return out.toString();
  }
}
