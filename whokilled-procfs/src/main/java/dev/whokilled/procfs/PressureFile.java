package dev.whokilled.procfs;

import dev.whokilled.facts.MemoryPressure;
import org.jspecify.annotations.Nullable;

/**
 * A pressure stall file, {@code /proc/pressure/memory}: {@code some avg10=0.00 avg60=0.00 avg300=0.00 total=0} and
 * a {@code full} line alike.
 */
final class PressureFile {

  private PressureFile() {}

  /**
   * Reads a pressure file.
   *
   * @return the pressure, or {@code null} when there is no readable {@code some} line
   */
  static @Nullable MemoryPressure parse(String text) {
    MemoryPressure.Stall some = null;
    MemoryPressure.Stall full = null;
    for (String line : text.split("\n", -1)) {
      String[] f = line.strip().split("\\s+");
      if (f.length < 5 || !(f[0].equals("some") || f[0].equals("full"))) {
        continue;
      }
      Double a10 = number(f[1], "avg10=");
      Double a60 = number(f[2], "avg60=");
      Double a300 = number(f[3], "avg300=");
      Long total = f[4].startsWith("total=") ? Values.parseLong(f[4].substring(6)) : null;
      if (a10 == null || a60 == null || a300 == null || total == null || total < 0) {
        continue;
      }
      MemoryPressure.Stall s = new MemoryPressure.Stall(a10, a60, a300, total);
      if (f[0].equals("some")) {
        some = some == null ? s : some;
      } else {
        full = full == null ? s : full;
      }
    }
    return some == null ? null : new MemoryPressure(some, full);
  }

  private static @Nullable Double number(String field, String prefix) {
    if (!field.startsWith(prefix)) {
      return null;
    }
    String v = field.substring(prefix.length());
    if (v.isEmpty() || v.length() > 12) {
      return null;
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (!(c >= '0' && c <= '9' || c == '.')) {
        return null;
      }
    }
    try {
      double d = Double.parseDouble(v);
      return Double.isFinite(d) ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
