package dev.whokilled.procfs;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A flat-keyed cgroup file: {@code key value} per line, as {@code memory.events} and v1's
 * {@code memory.oom_control} are written.
 */
final class KeyValueFile {

  private KeyValueFile() {}

  /**
   * Reads the lines that are a key and a number; others are left out.
   *
   * @return the values by key, the first of each
   */
  static Map<String, Long> parse(String text) {
    Map<String, Long> values = new LinkedHashMap<>();
    for (String line : text.split("\n", -1)) {
      String[] f = line.strip().split("\\s+");
      if (f.length != 2) {
        continue;
      }
      Long v = Values.parseLong(f[1]);
      if (v != null) {
        values.putIfAbsent(f[0], v);
      }
    }
    return values;
  }
}
