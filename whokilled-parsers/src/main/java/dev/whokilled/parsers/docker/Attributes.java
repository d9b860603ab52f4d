package dev.whokilled.parsers.docker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the attribute list that {@code docker events} prints after an actor's id:
 * {@code (exitCode=137, image=redis, io.kubernetes.pod.name=web-0, name=k8s_web…)}.
 *
 * <p>The CLI joins {@code key=value} pairs with {@code ", "} and escapes nothing, so a label's value may hold
 * {@code ", "}, {@code =} and parentheses. What it does guarantee is the order: the keys are sorted. A
 * {@code ", key="} inside a value is therefore told from a real separator by the order of the keys: of the
 * candidate separators, the longest chain whose keys ascend is taken (the first pair always starts the list), and
 * of equally long chains the one whose separators come last: a {@code ", key="} that is part of a value stands
 * before the real one. A value holding {@code ", k="} with a key {@code k} that sorts before its own key is
 * therefore always read right; one holding a later key can be read wrong, as the text itself is then ambiguous.
 * Linear in the line for the scan; the chain is found over at most {@link #MAX_CANDIDATES} candidates.
 */
final class Attributes {

  /** The most candidate separators considered in one list; a longer list's tail joins the last value. */
  static final int MAX_CANDIDATES = 256;

  private Attributes() {}

  /**
   * Reads {@code s[from, to)}, the text between the list's parentheses.
   *
   * @param s the line
   * @param from the index after the opening parenthesis
   * @param to the index of the closing parenthesis (or the end of the line, when it was cut)
   * @return the pairs in the order written; empty when the text starts with no {@code key=}
   */
  static Map<String, String> parse(String s, int from, int to) {
    Map<String, String> out = new LinkedHashMap<>();
    if (from < 0 || to > s.length() || from >= to) {
      return out;
    }
    List<int[]> cands = new ArrayList<>(); // {separator start, key start, key end}
    int k0 = keyEnd(s, from, to);
    if (k0 < 0) {
      return out;
    }
    cands.add(new int[] {from, from, k0});
    int p = s.indexOf(", ", from);
    while (p >= 0 && p + 2 < to && cands.size() < MAX_CANDIDATES) {
      int ke = keyEnd(s, p + 2, to);
      if (ke > 0) {
        cands.add(new int[] {p, p + 2, ke});
      }
      p = s.indexOf(", ", p + 2);
    }
    int n = cands.size();
    String[] keys = new String[n];
    for (int i = 0; i < n; i++) {
      keys[i] = key(s, cands.get(i));
    }
    int[] len = new int[n];
    int[] prev = new int[n];
    int best = 0;
    for (int i = 0; i < n; i++) {
      len[i] = i == 0 ? 1 : 0;
      prev[i] = -1;
      if (i == 0) {
        continue;
      }
      for (int j = 0; j < i; j++) {
        if (len[j] > 0 && len[j] + 1 >= len[i] && cands.get(j)[2] < cands.get(i)[0]
            && keys[j].compareTo(keys[i]) < 0) {
          len[i] = len[j] + 1;
          prev[i] = j;
        }
      }
      if (len[i] >= len[best]) {
        best = i;
      }
    }
    List<int[]> chain = new ArrayList<>();
    for (int i = best; i >= 0; i = prev[i]) {
      chain.add(0, cands.get(i));
    }
    for (int c = 0; c < chain.size(); c++) {
      int[] at = chain.get(c);
      int valueEnd = c + 1 < chain.size() ? chain.get(c + 1)[0] : to;
      out.put(key(s, at), s.substring(at[2] + 1, valueEnd));
    }
    return out;
  }

  private static String key(String s, int[] cand) {
    return s.substring(cand[1], cand[2]);
  }

  /** Where the key starting at {@code from} ends (the index of its {@code =}), or -1 when none starts there. */
  private static int keyEnd(String s, int from, int to) {
    int i = from;
    while (i < to && i - from <= 256) {
      char c = s.charAt(i);
      if (c == '=') {
        return i > from ? i : -1;
      }
      if (c == ' ' || c == ',' || c == '(' || c == ')' || c == '"' || c < 0x20) {
        return -1;
      }
      i++;
    }
    return -1;
  }
}
