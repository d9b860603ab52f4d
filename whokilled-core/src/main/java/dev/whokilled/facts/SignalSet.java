package dev.whokilled.facts;

import dev.whokilled.event.Signal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A set of signals as {@code /proc/PID/status} writes it ({@code SigCgt}, {@code SigIgn}, {@code SigBlk},
 * {@code SigPnd}, {@code ShdPnd}): 16 hex digits, bit {@code n-1} for signal {@code n}.
 *
 * <p>Signals 1 to 31 are named as on x86, ARM and most architectures ({@link Signal}); real-time signals are
 * named as strace names them, by the kernel's numbering: 32 is {@code SIGRTMIN}, 33 {@code SIGRT_1}, up to 64,
 * {@code SIGRT_32} (glibc keeps 32 and 33 for itself, so its {@code SIGRTMIN} is the kernel's 34).
 *
 * @param mask the mask; bit {@code n-1} is signal {@code n}
 * @since 0.1
 */
public record SignalSet(long mask) {

  /** No signal. */
  public static final SignalSet EMPTY = new SignalSet(0);

  /**
   * Reads a mask as {@code /proc/PID/status} writes it.
   *
   * @param hex up to 16 hex digits, such as {@code 0000000000004a02}; blanks around it are ignored
   * @return the set, or empty when the text is not such a mask
   */
  public static Optional<SignalSet> parse(String hex) {
    String h = hex.strip();
    if (h.isEmpty() || h.length() > 16) {
      return Optional.empty();
    }
    long mask = 0;
    for (int i = 0; i < h.length(); i++) {
      char c = h.charAt(i);
      // ASCII only: Character.digit also reads other scripts' digits, which the kernel never writes
      int d = c < 0x80 ? Character.digit(c, 16) : -1;
      if (d < 0) {
        return Optional.empty();
      }
      mask = mask << 4 | d;
    }
    return Optional.of(new SignalSet(mask));
  }

  /**
   * Whether the set holds a signal.
   *
   * @param number 1 to 64
   * @return whether it is in the set; {@code false} for numbers out of range
   */
  public boolean contains(int number) {
    return number >= 1 && number <= 64 && (mask >>> (number - 1) & 1) != 0;
  }

  /** Whether the set holds a signal. */
  public boolean contains(Signal signal) {
    return contains(signal.number());
  }

  /** Whether the set is empty. */
  public boolean isEmpty() {
    return mask == 0;
  }

  /** The signal numbers in the set, ascending. */
  public List<Integer> numbers() {
    List<Integer> n = new ArrayList<>(Long.bitCount(mask));
    for (int i = 1; i <= 64; i++) {
      if (contains(i)) {
        n.add(i);
      }
    }
    return n;
  }

  /** The signals' names in ascending number: {@code SIGHUP}, {@code SIGTERM}, {@code SIGRTMIN}, {@code SIGRT_1}. */
  public List<String> names() {
    List<String> names = new ArrayList<>(Long.bitCount(mask));
    for (int n : numbers()) {
      names.add(name(n));
    }
    return names;
  }

  /** The mask as the kernel writes it: 16 hex digits. */
  public String hex() {
    return String.format("%016x", mask);
  }

  /**
   * The set of some signals named as {@link #names()} names them (or as {@link #number(String)} reads them): the
   * inverse of {@link #names()}.
   *
   * @param names such as {@code SIGHUP}, {@code SIGTERM}, {@code SIGRT_1}
   * @return the set, or empty when a name is not a signal's
   * @throws IllegalArgumentException if {@code names} is null
   */
  public static Optional<SignalSet> ofNames(Collection<String> names) {
    if (names == null) {
      throw new IllegalArgumentException("names must not be null");
    }
    long mask = 0;
    for (String name : names) {
      OptionalInt n = name == null ? OptionalInt.empty() : number(name);
      if (n.isEmpty()) {
        return Optional.empty();
      }
      mask |= 1L << (n.getAsInt() - 1);
    }
    return Optional.of(new SignalSet(mask));
  }

  /**
   * A signal's number by its name: a name {@link #names()} writes ({@code SIGTERM}, {@code SIGRTMIN},
   * {@code SIGRT_5}), or one {@link Signal#fromName(String)} reads ({@code TERM}, {@code sigterm}, {@code SIGIOT}).
   *
   * @param name the name, with or without {@code SIG}, in any case
   * @return 1 to 64, or empty when it is no signal's name
   * @throws IllegalArgumentException if {@code name} is null
   */
  public static OptionalInt number(String name) {
    if (name == null) {
      throw new IllegalArgumentException("name must not be null");
    }
    String n = name.strip().toUpperCase(Locale.ROOT);
    n = n.startsWith("SIG") ? n : "SIG" + n;
    if (n.equals("SIGRTMIN")) {
      return OptionalInt.of(32);
    }
    if (n.startsWith("SIGRT_") && n.length() <= 8) {
      int k = 0;
      for (int i = 6; i < n.length(); i++) {
        int d = n.charAt(i) - '0';
        if (d < 0 || d > 9 || i == 6 && d == 0) {
          return OptionalInt.empty();
        }
        k = k * 10 + d;
      }
      return k >= 1 && k <= 32 ? OptionalInt.of(32 + k) : OptionalInt.empty();
    }
    return Signal.fromName(n).map(s -> OptionalInt.of(s.number())).orElse(OptionalInt.empty());
  }

  /**
   * A signal's name by its number, as {@link #names()} writes it.
   *
   * @param number 1 to 64
   * @return the name
   * @throws IllegalArgumentException if the number is out of range
   */
  public static String name(int number) {
    if (number < 1 || number > 64) {
      throw new IllegalArgumentException("signal number must be 1 to 64: " + number);
    }
    if (number < 32) {
      return Signal.fromNumber(number).map(Signal::name).orElseThrow();
    }
    return number == 32 ? "SIGRTMIN" : "SIGRT_" + (number - 32);
  }
}
