package dev.whokilled.parsers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    // every line is one: the RFC 3164 lines with and without -i, the kern.err one, and the RFC 5424 line, which is
    // not framed as syslog (so no writer is named) but is no kernel record either
    List<String> spoofs = r.warnings().stream()
        .map(w -> w.substring(0, w.indexOf("; not taken as the kernel's word")))
        .toList();
    assertEquals(List.of(
        "vm-logger-udp-kernel-tag.log:3: a kernel OOM message written by a user process (kernel)",
        "vm-logger-udp-kernel-tag.log:4: a kernel OOM message written by a user process (kernel[8856])",
        "vm-logger-udp-kernel-tag.log:5: a kernel OOM message written by a user process",
        "vm-logger-udp-kernel-tag.log:6: a kernel OOM message written by a user process (kernel)"), spoofs);
  }

  @Test
  void kmsgWrites_everyRendering_onlyTheKernelsKill() throws Exception {
    for (String name : List.of("vm-kmsg-write.kmsg.log", "vm-kmsg-write.dmesg-r.log", "vm-kmsg-write.dmesg.log")) {
      // the one death each is in the file's .expected (DeathCorpusTest); here, the two writes warned of
      Report r = KillForensics.analyze(corpus("spoof/" + name));
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
