package dev.whokilled.classify;

import dev.whokilled.framing.LogRecord;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Words for summaries: sizes, citations. */
final class Describe {

  private Describe() {}

  /** {@code 64.0 MiB}. */
  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** {@code 'Killed process 1742 (python3) …' (dmesg:370)}. */
  static String cite(@Nullable LogRecord r) {
    if (r == null) {
      return "";
    }
    String m = r.message();
    if (m.length() > 100) {
      m = m.substring(0, 97) + "...";
    }
    return "'" + m + "' (" + r.location() + ")";
  }
}
