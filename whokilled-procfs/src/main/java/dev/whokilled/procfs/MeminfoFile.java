package dev.whokilled.procfs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /proc/meminfo}: {@code Key:   value kB} per line, or a bare count ({@code HugePages_Total}).
 *
 * @param values each key's value: bytes for the lines in kB, else as written
 * @param problems lines that could not be read
 */
record MeminfoFile(Map<String, Long> values, List<String> problems) {

  MeminfoFile {
    values = Map.copyOf(values);
    problems = List.copyOf(problems);
  }

  static MeminfoFile parse(String text) {
    Map<String, Long> values = new LinkedHashMap<>();
    int bad = 0;
    for (String line : text.split("\n", -1)) {
      if (line.isBlank()) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        bad++;
        continue;
      }
      String key = line.substring(0, colon).strip();
      String value = line.substring(colon + 1).strip();
      Long v;
      if (value.endsWith(" kB") || value.endsWith("kB")) {
        v = StatusFile.kb(value);
      } else {
        v = Values.parseLong(value);
      }
      if (key.isEmpty() || v == null) {
        bad++;
        continue;
      }
      values.putIfAbsent(key, v);
    }
    List<String> problems = new ArrayList<>();
    if (bad > 0) {
      problems.add("/proc/meminfo: " + bad + (bad == 1 ? " line" : " lines") + " unreadable");
    }
    return new MeminfoFile(values, problems);
  }
}
