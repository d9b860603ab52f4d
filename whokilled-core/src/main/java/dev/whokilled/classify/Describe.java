package dev.whokilled.classify;

import dev.whokilled.event.ContainerRef;
import dev.whokilled.framing.LogRecord;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Words for summaries: sizes, containers, citations. */
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

  /** {@code docker container 3f2a1b2c3d4e}, {@code pod 5c1e…}, {@code podman pod 3f2a1b2c3d4e}. */
  static String container(ContainerRef c) {
    if (c.id() == null && c.name() == null && c.podUid() == null && c.pod() != null) {
      String pod = c.pod().length() == 64 ? c.pod().substring(0, 12) : c.pod(); // a Podman pod's id
      return (c.runtime() == null ? "pod " : c.runtime().jsonName() + " pod ") + pod;
    }
    StringBuilder b = new StringBuilder();
    b.append(c.runtime() == null ? "container" : c.runtime().jsonName() + " container");
    if (c.name() != null) {
      b.append(' ').append(c.name());
    } else if (c.id() != null) {
      b.append(' ').append(c.id(), 0, Math.min(12, c.id().length()));
    }
    if (c.pod() != null) {
      b.append(" of pod ").append(c.pod().length() == 64 ? c.pod().substring(0, 12) : c.pod());
    } else if (c.podUid() != null) {
      b.append(" of pod ").append(c.podUid());
    }
    if (c.id() == null && c.name() == null && c.podUid() != null) {
      return "pod " + c.podUid();
    }
    return b.toString();
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
