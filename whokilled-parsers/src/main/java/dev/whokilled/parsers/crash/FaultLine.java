package dev.whokilled.parsers.crash;

import dev.whokilled.event.CrashType;
import dev.whokilled.event.Signal;
import org.jspecify.annotations.Nullable;

/**
 * Reads one kernel fault line: {@code comm[pid]: segfault at …} ({@code arch/x86/mm/fault.c}) and
 * {@code traps: comm[pid] trap NAME ip:…} / {@code general protection ip:…} ({@code arch/x86/kernel/traps.c}),
 * of every era.
 *
 * <p>The comm may hold spaces, dots, colons, brackets, even {@code [1]:}; it is read from the structure: the
 * pid is the {@code [digits]} right before the marker, and a marker only counts when what follows it parses.
 * The kernel prints the faulting thread's id and name there, so {@link Fault#pid()} is a thread id.
 */
final class FaultLine {

  private FaultLine() {}

  /**
   * A fault line, read.
   *
   * @param type the kind of fault
   * @param signal the signal the kernel sends for it, or {@code null} for an unknown trap name
   * @param comm the faulting thread's name, or {@code null} when the line has none
   * @param pid the faulting thread's id, as printed
   * @param address the faulting address (segfaults only), or {@code null}
   * @param ip the instruction pointer, or {@code null}
   * @param sp the stack pointer, or {@code null}
   * @param error the error code (hex in the line), or {@code null}
   * @param module the mapping that held the instruction pointer, or {@code null}
   * @param moduleOffset the instruction pointer's offset in it, or {@code null}
   * @param trap the trap's name as printed ({@code invalid opcode}), or {@code null} for a segfault
   */
  record Fault(
      CrashType type,
      @Nullable Signal signal,
      @Nullable String comm,
      long pid,
      @Nullable Long address,
      @Nullable Long ip,
      @Nullable Long sp,
      @Nullable Long error,
      @Nullable String module,
      @Nullable Long moduleOffset,
      @Nullable String trap) {}

  /** The segfault marker: the end of {@code comm[pid]} and the start of the fault. */
  static final String SEGFAULT = "]: segfault at ";
  private static final String TRAPS = "traps: ";
  private static final String[] TRAP_MARKERS = {"] trap ", "] general protection", "] control protection"};

  /** Cheap test before any parsing: does the message hold a fault marker at all. */
  static boolean mayBeFault(String m) {
    return m.indexOf(SEGFAULT) >= 0 || m.indexOf("] trap ") >= 0 || m.indexOf("] general protection") >= 0
        || m.indexOf("] control protection") >= 0;
  }

  /** How many occurrences of a marker are tried in one line: a real line has one, a hostile comm two. */
  private static final int MAX_TRIES = 8;

  /** The line as a segfault or a trap, or {@code null} when it is neither. */
  static @Nullable Fault read(String m) {
    Fault f = segfault(m);
    return f != null ? f : trap(m);
  }

  /**
   * {@code comm[pid]: segfault at ADDR ip IP sp SP error CODE[ in MODULE[…]][ likely on CPU …]}, with
   * {@code rip}/{@code rsp} (2.6 x86_64) or {@code eip}/{@code esp} (2.6 i386) in older kernels.
   */
  static @Nullable Fault segfault(String m) {
    int tries = 0;
    for (int at = m.indexOf(SEGFAULT); at >= 0 && tries++ < MAX_TRIES; at = m.indexOf(SEGFAULT, at + 1)) {
      int open = Hex.pidBracket(m, at);
      if (open < 0) {
        continue;
      }
      Long pid = Hex.decimal(m, open + 1, at);
      int p = Hex.skipSpaces(m, at + SEGFAULT.length());
      int e = Hex.tokenEnd(m, p);
      Long address = Hex.parse(m, p, e);
      if (pid == null || address == null) {
        continue;
      }
      Long ip = null;
      Long sp = null;
      Long error = null;
      p = Hex.skipSpaces(m, e);
      // the named fields, in the order the kernel prints them; a cut line keeps what it has
      String[] keys = {"ip", "sp", "error"};
      for (String key : keys) {
        int ke = Hex.tokenEnd(m, p);
        String k = m.substring(p, ke);
        boolean match = key.equals("error") ? k.equals("error")
            : k.equals(key) || k.equals("r" + key) || k.equals("e" + key);
        if (!match) {
          break;
        }
        int v = Hex.skipSpaces(m, ke);
        int ve = Hex.tokenEnd(m, v);
        Long value = Hex.parse(m, v, ve);
        if (value == null) {
          break;
        }
        switch (key) {
          case "ip" -> ip = value;
          case "sp" -> sp = value;
          default -> error = value;
        }
        p = Hex.skipSpaces(m, ve);
      }
      Mapping map = error == null ? null : mapping(m, p, ip);
      return new Fault(CrashType.SEGFAULT, Signal.SIGSEGV, comm(m, 0, open), pid, address, ip, sp, error,
          map == null ? null : map.name, map == null ? null : map.offset, null);
    }
    return null;
  }

  /**
   * {@code [traps: ]comm[pid] trap NAME ip:IP sp:SP error:CODE[ in MODULE[…]]}, {@code … general protection[
   * fault] ip:…}, {@code … control protection ip:… ssp:… error:…}, with {@code rip:}/{@code rsp:} in 2.6.
   */
  static @Nullable Fault trap(String m) {
    int start = m.startsWith(TRAPS) ? TRAPS.length() : 0;
    for (String marker : TRAP_MARKERS) {
      int tries = 0;
      for (int at = m.indexOf(marker, start); at >= 0 && tries++ < MAX_TRIES; at = m.indexOf(marker, at + 1)) {
        int open = Hex.pidBracket(m, at);
        if (open < start) {
          continue;
        }
        Fault f = trapTail(m, marker, at, open, start);
        if (f != null) {
          return f;
        }
      }
    }
    return null;
  }

  private static @Nullable Fault trapTail(String m, String marker, int at, int open, int start) {
    Long pid = Hex.decimal(m, open + 1, at);
    if (pid == null) {
      return null;
    }
    int nameStart = marker.equals("] trap ") ? at + marker.length() : at + 2;
    int ipAt = fieldStart(m, nameStart, "ip:");
    if (ipAt < 0) {
      return null;
    }
    String name = m.substring(nameStart, ipAt).trim();
    if (marker.equals("] general protection") && name.equals("general protection fault")) {
      name = "general protection";
    }
    if (!plainName(name)) {
      return null;
    }
    Long ip = null;
    Long sp = null;
    Long error = null;
    int p = ipAt;
    int end = m.length();
    // key:value tokens until the first that is not one ("in", or the end)
    while (p < end) {
      int te = Hex.tokenEnd(m, p);
      int colon = m.indexOf(':', p);
      if (colon < 0 || colon >= te) {
        break;
      }
      String key = m.substring(p, colon);
      int ve = colon + 1;
      while (ve < te && Character.digit(m.charAt(ve), 16) >= 0 && m.charAt(ve) <= 'f') {
        ve++;
      }
      Long value = Hex.parse(m, colon + 1, ve);
      switch (key) {
        case "ip", "rip", "eip" -> ip = value;
        case "sp", "rsp", "esp" -> sp = value;
        case "error" -> error = value;
        default -> {
          // ssp: and other fields a newer kernel adds
        }
      }
      p = Hex.skipSpaces(m, te);
    }
    Mapping map = mapping(m, p, ip);
    Trap t = Trap.of(name);
    return new Fault(t.type, t.signal, comm(m, start, open), pid, null, ip, sp, error,
        map == null ? null : map.name, map == null ? null : map.offset, name);
  }

  /** Where {@code key} (or its {@code r}/{@code e} 2.6 forms) starts as a token at or after {@code from}. */
  private static int fieldStart(String m, int from, String key) {
    for (int i = m.indexOf(key, from); i >= 0; i = m.indexOf(key, i + 1)) {
      int s = i;
      if (s > from && (m.charAt(s - 1) == 'r' || m.charAt(s - 1) == 'e')) {
        s--;
      }
      if (s == from || m.charAt(s - 1) == ' ') {
        return s;
      }
    }
    return -1;
  }

  /** Trap names are plain words ({@code invalid TSS}): anything else means the marker was inside a comm. */
  private static boolean plainName(String name) {
    if (name.isEmpty() || name.length() > 40) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ' ')) {
        return false;
      }
    }
    return true;
  }

  private static @Nullable String comm(String m, int start, int open) {
    return open > start ? m.substring(start, open) : null;
  }

  /** A mapping named after {@code in}: its name and the instruction pointer's offset in it. */
  private record Mapping(String name, @Nullable Long offset) {}

  /**
   * {@code in libc.so.6[167ad8,7f70c7ea5000+156000]} (6.x: offset, base+size), {@code in
   * libc-2.31.so[7f5f0a1b2000+1b2000]} (base+size: the offset is ip - base), or a bare name; a trailing
   * {@code likely on CPU …} is not part of it.
   */
  private static @Nullable Mapping mapping(String m, int p, @Nullable Long ip) {
    if (!m.startsWith("in ", p)) {
      return null;
    }
    int from = p + 3;
    int end = m.lastIndexOf(" likely on CPU ");
    if (end < from) {
      end = m.length();
    }
    while (end > from && m.charAt(end - 1) == ' ') {
      end--;
    }
    if (end <= from) {
      return null;
    }
    if (m.charAt(end - 1) == ']') {
      int open = m.lastIndexOf('[', end - 1);
      if (open > from) {
        int plus = m.lastIndexOf('+', end - 1);
        int comma = m.lastIndexOf(',', end - 1);
        if (plus > open) {
          Long base = Hex.parse(m, comma > open ? comma + 1 : open + 1, plus);
          Long size = Hex.parse(m, plus + 1, end - 1);
          Long offset = comma > open ? Hex.parse(m, open + 1, comma) : null;
          if (base != null && size != null && (comma < open || offset != null)) {
            if (offset == null && ip != null && Long.compareUnsigned(ip, base) >= 0
                && Long.compareUnsigned(ip - base, size) < 0) {
              offset = ip - base;
            }
            return new Mapping(m.substring(from, open), offset);
          }
        }
      }
    }
    return new Mapping(m.substring(from, end), null);
  }

  /** A trap name's fault kind and signal ({@code do_trap} calls in {@code arch/x86/kernel/traps.c}). */
  private record Trap(CrashType type, @Nullable Signal signal) {

    static Trap of(String name) {
      return switch (name) {
        case "divide error" -> new Trap(CrashType.DIVIDE_ERROR, Signal.SIGFPE);
        case "invalid opcode" -> new Trap(CrashType.INVALID_OPCODE, Signal.SIGILL);
        case "int3" -> new Trap(CrashType.INT3, Signal.SIGTRAP);
        case "general protection" -> new Trap(CrashType.GENERAL_PROTECTION, Signal.SIGSEGV);
        case "overflow", "bounds", "invalid TSS", "control protection" ->
            new Trap(CrashType.OTHER_TRAP, Signal.SIGSEGV);
        case "segment not present", "stack segment", "alignment check" ->
            new Trap(CrashType.OTHER_TRAP, Signal.SIGBUS);
        case "coprocessor segment overrun" -> new Trap(CrashType.OTHER_TRAP, Signal.SIGFPE);
        default -> new Trap(CrashType.OTHER_TRAP, null);
      };
    }
  }
}
