package dev.whokilled.facts;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Whether a crash of a process would leave a core, and where: what the kernel's {@code do_coredump} does with the
 * host's {@code core_pattern} and the process's {@code RLIMIT_CORE}.
 *
 * <ul>
 *   <li>A file pattern: no core when the soft limit is below a page (the ELF minimum; {@code ulimit -c 0} is the
 *       usual case); else a core, cut at the limit, in the named directory or the process's working directory.
 *   <li>A piped pattern: the kernel hands the core to the helper whatever the limit (except a limit of 1, which
 *       aborts the dump), and the helper decides: systemd-coredump logs the crash but keeps no core when the limit
 *       it is given ({@code %c}) is 0; apport and ABRT keep their own reports; of other helpers nothing is known.
 * </ul>
 *
 * @param wouldWrite whether a core would be kept; {@code null} when that cannot be known from here
 * @param why one sentence saying why
 * @param where where it would go (a file name template, or the helper), or {@code null}
 * @since 0.1
 */
public record CoreDumpOutlook(@Nullable Boolean wouldWrite, String why, @Nullable String where) {

  /** The smallest {@code RLIMIT_CORE} with which the ELF loader writes a core: one page. */
  private static final long MIN_CORE = 4096;

  /** Checks the components. */
  public CoreDumpOutlook {
    Objects.requireNonNull(why, "why");
  }

  /**
   * The outlook of one process.
   *
   * @param settings the host's core dump settings
   * @param core the process's {@code RLIMIT_CORE}, or {@code null} when not read
   * @return the outlook
   * @throws IllegalArgumentException if {@code settings} is null
   */
  public static CoreDumpOutlook of(CoreDumpSettings settings, @Nullable ResourceLimit core) {
    if (settings == null) {
      throw new IllegalArgumentException("settings must not be null");
    }
    Long soft = core == null ? null : core.soft();
    boolean limitKnown = core != null;
    String pattern = settings.pattern();
    if (pattern == null) {
      return new CoreDumpOutlook(null, "core_pattern could not be read", null);
    }
    if (settings.piped()) {
      String helper = Objects.requireNonNull(settings.helper());
      String name = helper.substring(helper.lastIndexOf('/') + 1);
      if (limitKnown && soft != null && soft == 1) {
        return new CoreDumpOutlook(false, "RLIMIT_CORE is 1, with which the kernel aborts a dump to a helper",
            helper);
      }
      if (name.equals("systemd-coredump")) {
        if (limitKnown && soft != null && soft == 0) {
          return new CoreDumpOutlook(false, "cores go to systemd-coredump, which logs the crash but keeps no core "
              + "when RLIMIT_CORE is 0", helper);
        }
        return new CoreDumpOutlook(limitKnown ? Boolean.TRUE : null, "cores go to systemd-coredump; coredumpctl "
            + "lists them" + (limitKnown ? "" : " (RLIMIT_CORE was not read; a limit of 0 keeps none)"), helper);
      }
      if (name.equals("apport")) {
        return new CoreDumpOutlook(null, "cores go to apport, which writes a crash report to /var/crash when it is "
            + "enabled and the program is packaged, and a core file only as RLIMIT_CORE allows", helper);
      }
      if (name.startsWith("abrt-hook-ccpp")) {
        return new CoreDumpOutlook(true, "cores go to ABRT, which keeps its own dump under /var/spool/abrt whatever "
            + "RLIMIT_CORE is", helper);
      }
      return new CoreDumpOutlook(null, "cores go to " + helper + ", which decides whether to keep them", helper);
    }
    String where = fileName(settings);
    if (!limitKnown) {
      return new CoreDumpOutlook(null, "cores are written to " + where + ", if RLIMIT_CORE allows (not read)",
          where);
    }
    if (soft != null && soft < MIN_CORE) {
      return new CoreDumpOutlook(false, "RLIMIT_CORE is " + soft + (soft == 0 ? " (ulimit -c 0)" : " bytes, below a "
          + "page") + ", so the kernel writes no core", where);
    }
    return new CoreDumpOutlook(true, "cores are written to " + where
        + (soft == null ? "" : ", cut at " + soft + " bytes (RLIMIT_CORE)"), where);
  }

  private static String fileName(CoreDumpSettings settings) {
    String p = Objects.requireNonNull(settings.pattern());
    String name = p.isEmpty() ? "core" : p;
    if (Boolean.TRUE.equals(settings.usesPid()) && !name.contains("%p")) {
      name += ".%p";
    }
    return name.startsWith("/") ? name : name + " in the process's working directory";
  }
}
