package dev.whokilled.parsers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.Cause;
import dev.whokilled.KillForensics;
import dev.whokilled.Report;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Kernel-looking lines that user processes wrote, captured on the project's VM ({@code corpus/spoof/}): none is a
 * death, and each is a warning that names its writer when the framing does.
 */
final class SpoofedLinesTest {

  @Test
  void loggerTaggedKernel_warningsNotDeaths() throws Exception {
    Report r = KillForensics.analyze(corpus("spoof/vm-logger-udp-kernel-tag.log"));
    assertEquals(List.of(), r.deaths());
    List<String> spoofs = r.warnings().stream().filter(w -> w.contains("user process")).toList();
    // the RFC 3164 lines with and without -i and the kern.err one; the RFC 5424 line is not framed as syslog
    assertEquals(4, spoofs.size(), r.warnings().toString());
    assertTrue(spoofs.stream().anyMatch(w -> w.contains("(kernel[8856])")), spoofs.toString());
  }

  @Test
  void kmsgWrites_everyRendering_onlyTheKernelsKill() throws Exception {
    for (String name : List.of("vm-kmsg-write.kmsg.log", "vm-kmsg-write.dmesg-r.log", "vm-kmsg-write.dmesg.log")) {
      Report r = KillForensics.analyze(corpus("spoof/" + name));
      assertEquals(1, r.deaths().size(), name + ": " + r.deaths());
      assertEquals(8216L, r.deaths().get(0).victim().pid(), name);
      assertEquals(Cause.CGROUP_OOM, r.deaths().get(0).cause(), name);
      assertEquals(2, r.warnings().stream().filter(w -> w.contains("Killed process 1 (systemd)")).count(),
          name + ": " + r.warnings());
    }
  }

  @Test
  void journalLoggerRecord_namesTheCommand() throws Exception {
    Report r = KillForensics.analyze(corpus("witnesses/vm-journal-late-import/journal.json"));
    assertEquals(1, r.deaths().size(), r.deaths().toString());
    assertEquals(8216L, r.deaths().get(0).victim().pid());
    List<String> spoofs = r.warnings().stream().filter(w -> w.contains("Killed process 1 (systemd)")).toList();
    assertEquals(1, spoofs.size(), r.warnings().toString());
    assertTrue(spoofs.get(0).contains("logger[13667] as 'kernel'"), spoofs.get(0));
  }

  static Path corpus(String name) throws URISyntaxException {
    return Path.of(Objects.requireNonNull(SpoofedLinesTest.class.getResource("/corpus/" + name)).toURI());
  }
}
