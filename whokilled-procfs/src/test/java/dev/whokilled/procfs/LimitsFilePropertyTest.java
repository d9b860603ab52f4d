package dev.whokilled.procfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.whokilled.facts.ResourceLimit;
import dev.whokilled.facts.Rlimit;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Property tests of the {@code /proc/PID/limits} parser: tables generated from structure (which rows: today's
 * sixteen, the fifteen of Linux 2.6.24, another architecture's order; which values: unlimited, 0, page and
 * power-of-two sizes, any unsigned long) and written in the kernel's exact column layout ({@link Trees#limitsRow})
 * parse back to the generated values; arbitrary bytes, mixed with the table's fragments, never throw and give only
 * well-formed rows. Jazzer replays the seeds in {@code src/test/resources/dev/whokilled/procfs/
 * LimitsFilePropertyTestInputs} in every build and fuzzes with {@code JAZZER_FUZZ=1}.
 */
final class LimitsFilePropertyTest {

  /** A generated row: its limit, and the values written ({@code null} for {@code unlimited}). */
  record Row(Rlimit limit, @Nullable String soft, @Nullable String hard) {}

  /** Values a limit takes on real machines, besides any number. */
  static final long[] USUAL = {0, 1, 4096, 8 << 20, 1024, 4096 * 1024, 20000, 96555, 819200, 65536, 1 << 20,
    -2 /* 2^64 - 2, the largest value below RLIM_INFINITY */, Long.MAX_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE};

  @FuzzTest(maxDuration = "30s")
  void generatedTables_parseBack(FuzzedDataProvider data) {
    List<Rlimit> order = rows(data);
    List<Row> rows = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    if (data.consumeInt(0, 7) != 0) {
      text.append(Trees.LIMITS_HEADER);
    }
    for (Rlimit r : order) {
      Row row = new Row(r, value(data), value(data));
      rows.add(row);
      text.append(Trees.limitsRow(r, row.soft() == null ? "unlimited" : row.soft(),
          row.hard() == null ? "unlimited" : row.hard()));
    }
    LimitsFile parsed = LimitsFile.parse(text.toString());

    List<ResourceLimit> expected = new ArrayList<>();
    for (Row row : rows) {
      expected.add(new ResourceLimit(row.limit(), expected(row.soft()), expected(row.hard())));
    }
    assertEquals(expected, parsed.limits(), text.toString());
    assertEquals(List.of(), parsed.problems(), text.toString());
  }

  /** The rows of one table: every limit in the kernel's order, the first ones (an older kernel), or shuffled. */
  private static List<Rlimit> rows(FuzzedDataProvider data) {
    List<Rlimit> all = List.of(Rlimit.values());
    switch (data.consumeInt(0, 3)) {
      case 0 -> {
        // Linux 2.6.24 brought the file, and RLIMIT_RTTIME came with 2.6.25
        return all.subList(0, Rlimit.RTTIME.ordinal());
      }
      case 1 -> {
        // MIPS, SPARC and Alpha number some limits otherwise, and the kernel writes them in its numbers' order
        List<Rlimit> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, new Random(data.consumeLong()));
        return shuffled;
      }
      default -> {
        return all;
      }
    }
  }

  /** A value as the kernel prints it ({@code %lu}), or {@code null} for {@code unlimited}. */
  private static @Nullable String value(FuzzedDataProvider data) {
    return switch (data.consumeInt(0, 3)) {
      case 0 -> null;
      case 1 -> Long.toUnsignedString(data.pickValue(toObjects(USUAL)));
      case 2 -> Long.toUnsignedString(data.consumeLong());
      default -> Long.toString(data.consumeLong(0, 1L << 40));
    };
  }

  /**
   * What the parser gives for a value written: the number, or {@code null} for {@code unlimited} and for values of
   * {@code 2^63 - 1} and more, as good as unlimited (the kernel's RLIM_INFINITY is {@code 2^64 - 1}).
   */
  private static @Nullable Long expected(@Nullable String written) {
    if (written == null) {
      return null;
    }
    long v = Long.parseUnsignedLong(written);
    return v < 0 || v == Long.MAX_VALUE ? null : v;
  }

  private static Long[] toObjects(long[] values) {
    Long[] o = new Long[values.length];
    for (int i = 0; i < values.length; i++) {
      o[i] = values[i];
    }
    return o;
  }

  /** Pieces of real tables, to put arbitrary input near the parser's branches. */
  static final String[] FRAGMENTS = {Trees.LIMITS_HEADER, "Limit", "Max ", "Max cpu time", "Max core file size",
    "Max realtime timeout", "Max nice priority", "MAX CORE FILE SIZE", "unlimited", "Unlimited", "0", "-1", "4096",
    "18446744073709551615", "18446744073709551616", "9223372036854775807", "9223372036854775808", " ", "     ",
    "\t", "\n", "\r\n", "bytes", "seconds", "us", "\u0000", "\u00a0", "\u0663", "\uff10", "Max\u2028core"};

  @FuzzTest(maxDuration = "30s")
  void anyBytes_neverThrow(FuzzedDataProvider data) {
    String text;
    if (data.consumeBoolean()) {
      text = new String(data.consumeRemainingAsBytes(), StandardCharsets.UTF_8);
    } else {
      StringBuilder b = new StringBuilder();
      while (data.remainingBytes() > 0 && b.length() < 8000) {
        b.append(data.consumeBoolean() ? data.pickValue(FRAGMENTS) : data.consumeString(30));
      }
      text = b.toString();
    }
    wellFormed(LimitsFile.parse(text), text);
  }

  private static void wellFormed(LimitsFile parsed, String text) {
    assertNotNull(parsed);
    Set<Rlimit> seen = EnumSet.noneOf(Rlimit.class);
    for (ResourceLimit l : parsed.limits()) {
      assertTrue(seen.add(l.limit()), "each limit once: " + parsed.limits());
      assertTrue(l.soft() == null || l.soft() >= 0, text);
      assertTrue(l.hard() == null || l.hard() >= 0, text);
    }
    assertTrue(!parsed.limits().isEmpty() || !parsed.problems().isEmpty(), "nothing read is said: " + text);
    assertEquals(parsed, LimitsFile.parse(text), "the same text parses the same");
  }

  @Test
  void unicodeDigits_areNoNumber() {
    // Character.isDigit holds for these, the kernel never writes them
    LimitsFile parsed = LimitsFile.parse(Trees.limitsRow(Rlimit.CORE, "\u0663", "\uff10"));

    assertEquals(List.of(), parsed.limits());
    assertEquals(List.of("limits: Max core file size unreadable"), parsed.problems());
  }
}
