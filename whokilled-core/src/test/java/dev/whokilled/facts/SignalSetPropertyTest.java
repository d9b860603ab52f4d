package dev.whokilled.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property tests of the signal masks of {@code /proc/PID/status}: sets generated from structure (the classic signals,
 * the real-time ones, both, every one, masks of real processes, any 64 bits) written as the kernel writes them (and as
 * a hand or a tool might: fewer digits, capitals, blanks around) read back to the same set, and their names back to
 * the same mask; arbitrary strings never throw, and whatever they give holds together. Jazzer replays the seeds in
 * {@code src/test/resources/dev/whokilled/facts/SignalSetPropertyTestInputs} in every build and fuzzes with
 * {@code JAZZER_FUZZ=1}.
 */
final class SignalSetPropertyTest {

  /**
   * Masks of real processes, from whokilled-procfs's captured trees and this project's VM: the VM's init's SigCgt,
   * systemd's SigBlk and SigCgt (v2-public), kthreadd's SigIgn, bash's SigCgt, a python3 child's SigIgn.
   */
  static final long[] REAL = {0x4e8L, 0x7be3c0fe28014a03L, 0x1000004ecL, 0xffffffffffffffffL, 0x43817efbL,
    0x1001007L};

  @FuzzTest(maxDuration = "30s")
  void generatedMasks_roundTrip(FuzzedDataProvider data) {
    SignalSet set = new SignalSet(mask(data));
    String hex = String.format("%016x", set.mask());

    assertEquals(hex, set.hex());
    assertEquals(Optional.of(set), SignalSet.parse(rendered(data, hex)), hex);
    List<Integer> numbers = set.numbers();
    List<String> names = set.names();
    assertEquals(Long.bitCount(set.mask()), names.size(), hex);
    assertEquals(names.size(), new HashSet<>(names).size(), "each name once: " + names);
    for (int i = 0; i < names.size(); i++) {
      int n = numbers.get(i);
      assertTrue(i == 0 || numbers.get(i - 1) < n, "ascending: " + numbers);
      assertTrue(set.contains(n), hex + " holds " + n);
      assertEquals(SignalSet.name(n), names.get(i));
      assertEquals(OptionalInt.of(n), SignalSet.number(names.get(i)), names.get(i));
    }
    for (int n = 1; n <= 64; n++) {
      assertEquals((set.mask() >>> (n - 1) & 1) != 0, set.contains(n), hex + " and signal " + n);
    }
    assertEquals(Optional.of(set), SignalSet.ofNames(names), "names back to the mask: " + names);
    assertEquals(Optional.of(set), SignalSet.ofNames(spelledOtherwise(data, names)), "in any order and case");
  }

  /** A mask: of one class of signals, of real processes, or any. */
  private static long mask(FuzzedDataProvider data) {
    return switch (data.consumeInt(0, 6)) {
      case 0 -> 0;
      case 1 -> -1L; // every signal, as kthreadd ignores them
      case 2 -> data.consumeLong() & 0x7fffffffL; // signals 1 to 31
      case 3 -> data.consumeLong() & 0xffffffff80000000L; // the real-time signals, 32 to 64
      case 4 -> data.pickValue(toObjects(REAL));
      case 5 -> {
        long m = 0;
        for (int k = data.consumeInt(1, 5); k > 0; k--) {
          m |= 1L << data.consumeInt(0, 63);
        }
        yield m;
      }
      default -> data.consumeLong();
    };
  }

  /** The 16 digits as the kernel writes them after {@code SigCgt:}, or with leading zeros dropped, capitals, blanks. */
  private static String rendered(FuzzedDataProvider data, String hex) {
    String h = hex;
    if (data.consumeBoolean()) {
      h = h.replaceFirst("^0+(?=.)", "");
    }
    if (data.consumeBoolean()) {
      h = h.toUpperCase(Locale.ROOT);
    }
    return switch (data.consumeInt(0, 3)) {
      case 0 -> "\t" + h;
      case 1 -> h + "\n";
      case 2 -> " " + h + " \t";
      default -> h;
    };
  }

  /** The names shuffled, some in lower case, the classic ones maybe without {@code SIG}. */
  private static List<String> spelledOtherwise(FuzzedDataProvider data, List<String> names) {
    List<String> out = new ArrayList<>();
    for (String n : names) {
      String s = n;
      if (data.consumeBoolean() && !n.startsWith("SIGRT")) {
        s = s.substring(3);
      }
      out.add(data.consumeBoolean() ? s.toLowerCase(Locale.ROOT) : s);
    }
    Collections.shuffle(out, new Random(data.consumeLong()));
    return out;
  }

  private static Long[] toObjects(long[] values) {
    Long[] o = new Long[values.length];
    for (int i = 0; i < values.length; i++) {
      o[i] = values[i];
    }
    return o;
  }

  /** Pieces of masks and names, to put arbitrary input near the decoders' branches. */
  static final String[] FRAGMENTS = {"0000000000000000", "ffffffffffffffff", "FFFFFFFFFFFFFFFF", "00000000",
    "4a02", "0", "f", "x", "0x", "-", "+", " ", "\t", "\n", "SIG", "sig", "SIGRT_", "SIGRT_0", "SIGRT_32", "SIGRT_33",
    "SIGRT_01", "SIGRTMIN", "RTMIN", "SIGRTMAX", "SIGTERM", "TERM", "SIGIOT", "SIGPOLL", "SIGCLD", "SIGKILL9",
    "\u0663", "\uff10", "\uff46", "\u00df", "\u0130", "\u00a0", "\u2028", "\u0000"};

  @FuzzTest(maxDuration = "30s")
  void anyString_neverThrows(FuzzedDataProvider data) {
    List<String> strings = new ArrayList<>();
    while (data.remainingBytes() > 0 && strings.size() < 40) {
      StringBuilder b = new StringBuilder();
      for (int k = data.consumeInt(1, 4); k > 0; k--) {
        b.append(data.consumeBoolean() ? data.pickValue(FRAGMENTS) : data.consumeString(20));
      }
      strings.add(b.toString());
    }
    for (String s : strings) {
      holdsTogether(s);
    }
    Optional<SignalSet> all = SignalSet.ofNames(strings);
    assertNotNull(all);
    assertEquals(strings.stream().allMatch(s -> SignalSet.number(s).isPresent()), all.isPresent(), strings.toString());
  }

  private static void holdsTogether(String s) {
    Optional<SignalSet> parsed = SignalSet.parse(s);
    assertNotNull(parsed);
    if (parsed.isPresent()) {
      String digits = s.strip();
      assertTrue(digits.matches("[0-9a-fA-F]{1,16}"), "only the kernel's digits read as a mask: " + s);
      assertTrue(parsed.get().hex().endsWith(digits.toLowerCase(Locale.ROOT)), s);
    }
    OptionalInt n = SignalSet.number(s);
    if (n.isPresent()) {
      assertTrue(n.getAsInt() >= 1 && n.getAsInt() <= 64, s);
      assertEquals(n, SignalSet.number(SignalSet.name(n.getAsInt())), s);
    }
  }

  @Test
  void otherScriptsDigits_areNoMask() {
    // Character.digit reads these as 3, 0 and 15; /proc never writes them, and a mask of them is garbage
    assertEquals(Optional.empty(), SignalSet.parse("\u0663"));
    assertEquals(Optional.empty(), SignalSet.parse("\uff10\uff10"));
    assertEquals(Optional.empty(), SignalSet.parse("\uff46"));
  }

  @Test
  void number_namesAsWrittenAndAsRead() {
    assertEquals(OptionalInt.of(15), SignalSet.number("SIGTERM"));
    assertEquals(OptionalInt.of(15), SignalSet.number("term"));
    assertEquals(OptionalInt.of(6), SignalSet.number("SIGIOT"));
    assertEquals(OptionalInt.of(32), SignalSet.number("SIGRTMIN"));
    assertEquals(OptionalInt.of(33), SignalSet.number("rt_1"));
    assertEquals(OptionalInt.of(64), SignalSet.number("SIGRT_32"));
    assertEquals(OptionalInt.empty(), SignalSet.number("SIGRT_33"));
    assertEquals(OptionalInt.empty(), SignalSet.number("SIGRT_01"));
    assertEquals(OptionalInt.empty(), SignalSet.number("SIGRT_"));
    assertEquals(Optional.empty(), SignalSet.ofNames(List.of("SIGTERM", "SIGNOPE")));
    assertEquals(Optional.of(new SignalSet(1L << 14 | 1L << 32)), SignalSet.ofNames(List.of("SIGRT_1", "TERM")));
  }
}
