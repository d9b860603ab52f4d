package dev.whokilled.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Inputs of the JMH benchmarks, made by the generator from the same real captures. */
final class Samples {

  private Samples() {}

  /** About {@code bytes} of generated log. */
  static byte[] log(long bytes, long seed) {
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) bytes + (1 << 16));
    try {
      new LogGenerator(seed).write(bytes, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The lines of some bytes. */
  static List<String> lines(byte[] log) {
    return new ArrayList<>(new String(log, StandardCharsets.UTF_8).lines().toList());
  }

  /** This VM's memory cgroup OOM report, as dmesg lines with fresh times. */
  static List<String> oomBlock() {
    List<String> out = new ArrayList<>();
    for (String l : lines(log(1, 7))) {
      if (!out.isEmpty() || l.contains("invoked oom-killer")) {
        out.add(l);
        if (l.contains("Killed process")) {
          break;
        }
      }
    }
    return out;
  }
}
