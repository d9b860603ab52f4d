package dev.whokilled.facts;

import java.util.Optional;

/**
 * The resource limits of {@code /proc/PID/limits}, in the kernel's order, with the label the kernel writes.
 *
 * @since 0.1
 */
public enum Rlimit {
  CPU("Max cpu time", "seconds"),
  FSIZE("Max file size", "bytes"),
  DATA("Max data size", "bytes"),
  STACK("Max stack size", "bytes"),
  CORE("Max core file size", "bytes"),
  RSS("Max resident set", "bytes"),
  NPROC("Max processes", "processes"),
  NOFILE("Max open files", "files"),
  MEMLOCK("Max locked memory", "bytes"),
  AS("Max address space", "bytes"),
  LOCKS("Max file locks", "locks"),
  SIGPENDING("Max pending signals", "signals"),
  MSGQUEUE("Max msgqueue size", "bytes"),
  NICE("Max nice priority", ""),
  RTPRIO("Max realtime priority", ""),
  RTTIME("Max realtime timeout", "us");

  private final String label;
  private final String unit;

  Rlimit(String label, String unit) {
    this.label = label;
    this.unit = unit;
  }

  /** The row's label in {@code /proc/PID/limits}: {@code Max core file size}. */
  public String label() {
    return label;
  }

  /** The unit the kernel writes in the row's last column ({@code bytes}, {@code seconds}, {@code us}), or empty. */
  public String unit() {
    return unit;
  }

  /**
   * The limit of a row label, as the kernel writes it (case and surrounding blanks ignored).
   *
   * @param label such as {@code Max core file size}
   * @return the limit, or empty for a label the kernel does not write
   */
  public static Optional<Rlimit> fromLabel(String label) {
    String l = label.strip();
    for (Rlimit r : values()) {
      if (r.label.equalsIgnoreCase(l)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
