package dev.whokilled.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

final class CoreDumpOutlookTest {

  // core_pattern of Debian 12 / Fedora 39 (systemd 252+), Ubuntu 22.04 (apport), RHEL 7 (ABRT), as each writes it
  static final String SYSTEMD = "|/usr/lib/systemd/systemd-coredump %P %u %g %s %t %c %h";
  static final String APPORT = "|/usr/share/apport/apport -p%p -s%s -c%c -d%d -P%P -u%u -g%g -- %E";
  static final String ABRT = "|/usr/libexec/abrt-hook-ccpp %s %c %p %u %g %t e %P %I %h";

  static ResourceLimit core(Long soft) {
    return new ResourceLimit(Rlimit.CORE, soft, null);
  }

  static CoreDumpSettings pattern(String p, Boolean usesPid) {
    return new CoreDumpSettings(p, usesPid, 0, 0);
  }

  @Test
  void filePattern_limitZero_noCore() {
    CoreDumpOutlook o = CoreDumpOutlook.of(pattern("core", false), core(0L));
    assertEquals(false, o.wouldWrite());
    assertEquals("RLIMIT_CORE is 0 (ulimit -c 0), so the kernel writes no core", o.why());
    assertEquals(false, CoreDumpOutlook.of(pattern("core", false), core(1000L)).wouldWrite(), "below a page");
  }

  @Test
  void filePattern_unlimited_whereAndPid() {
    CoreDumpOutlook o = CoreDumpOutlook.of(pattern("core", true), core(null));
    assertEquals(true, o.wouldWrite());
    assertEquals("core.%p in the process's working directory", o.where());
    CoreDumpOutlook abs = CoreDumpOutlook.of(pattern("/var/crash/core.%e.%p", true), core(1L << 30));
    assertEquals("cores are written to /var/crash/core.%e.%p, cut at 1073741824 bytes (RLIMIT_CORE)", abs.why());
    assertNull(CoreDumpOutlook.of(pattern("core", false), null).wouldWrite(), "the limit was not read");
  }

  @Test
  void systemdCoredump_honoursTheLimit() {
    assertEquals(false, CoreDumpOutlook.of(pattern(SYSTEMD, false), core(0L)).wouldWrite());
    CoreDumpOutlook o = CoreDumpOutlook.of(pattern(SYSTEMD, false), core(null));
    assertEquals(true, o.wouldWrite());
    assertEquals("/usr/lib/systemd/systemd-coredump", o.where());
    assertNull(CoreDumpOutlook.of(pattern(SYSTEMD, false), null).wouldWrite());
  }

  @Test
  void otherHelpers() {
    assertNull(CoreDumpOutlook.of(pattern(APPORT, false), core(0L)).wouldWrite());
    assertEquals(true, CoreDumpOutlook.of(pattern(ABRT, false), core(0L)).wouldWrite());
    assertEquals(false, CoreDumpOutlook.of(pattern(SYSTEMD, false), core(1L)).wouldWrite(), "1 aborts a piped dump");
    CoreDumpOutlook unknown = CoreDumpOutlook.of(pattern("|/opt/dumper", false), core(null));
    assertNull(unknown.wouldWrite());
    assertEquals("cores go to /opt/dumper, which decides whether to keep them", unknown.why());
    assertNull(CoreDumpOutlook.of(CoreDumpSettings.UNKNOWN, core(0L)).wouldWrite());
  }

  @Test
  void of_nullSettings_throws() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CoreDumpOutlook.of(null, null));
    assertEquals("settings must not be null", e.getMessage());
  }
}
