package dev.whokilled.parsers.crash;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the x86 page fault error code that the kernel prints in {@code segfault at … error 6} (in hex) and
 * that {@link dev.whokilled.event.Crash#errorCode()} keeps as a number.
 *
 * <p>The bits are the CPU's ({@code arch/x86/include/asm/trap_pf.h}): 1 the page was present and the access
 * violated its protection (else the page was not present), 2 a write (else a read), 4 from user mode (else
 * kernel mode), 8 a reserved bit was set in a page table entry, 16 an instruction fetch, 32 a protection-key
 * violation, 64 a shadow-stack access, 0x8000 an SGX violation. So {@code error 6} is a user-mode write to a page
 * that is not mapped (the classic NULL pointer write), {@code error 4} a user-mode read of one,
 * {@code error 14} (0x14) a user-mode jump to an unmapped address, {@code error 15} (0x15) a jump into a mapped
 * page that may not be executed.
 *
 * <p>This is a static utility of the parser package: the event model keeps only the number, and a reader who
 * wants words asks here. The {@code error:} field of {@code traps:} lines is a different code (a segment
 * selector error code, usually 0) and is not decoded here.
 *
 * @since 0.1
 */
public final class PageFaultCode {

  /** The page was present and the access violated its protection; clear: the page was not present. */
  public static final long PROTECTION = 1;
  /** A write; clear: a read. */
  public static final long WRITE = 2;
  /** From user mode; clear: from kernel mode. */
  public static final long USER = 4;
  /** A reserved bit was set in a page table entry. */
  public static final long RESERVED = 8;
  /** An instruction fetch. */
  public static final long INSTRUCTION_FETCH = 16;
  /** A protection-key violation. */
  public static final long PROTECTION_KEY = 32;
  /** A shadow-stack access. */
  public static final long SHADOW_STACK = 64;
  /** An SGX violation. */
  public static final long SGX = 0x8000;

  private PageFaultCode() {}

  /**
   * The code in words, one per aspect, in a fixed order: the mode, the access, the page, then any special bits.
   * For example {@code 6} gives {@code [user mode, write, page not present]} and {@code 0x15} gives
   * {@code [user mode, instruction fetch, protection violation]}.
   *
   * @param code the error code as a number (the kernel prints it in hex: {@code error 14} is 0x14)
   * @return the words
   */
  public static List<String> words(long code) {
    List<String> w = new ArrayList<>(6);
    w.add((code & USER) != 0 ? "user mode" : "kernel mode");
    if ((code & INSTRUCTION_FETCH) != 0) {
      w.add("instruction fetch");
    } else {
      w.add((code & WRITE) != 0 ? "write" : "read");
    }
    w.add((code & PROTECTION) != 0 ? "protection violation" : "page not present");
    if ((code & RESERVED) != 0) {
      w.add("reserved bit set");
    }
    if ((code & PROTECTION_KEY) != 0) {
      w.add("protection key");
    }
    if ((code & SHADOW_STACK) != 0) {
      w.add("shadow stack");
    }
    if ((code & SGX) != 0) {
      w.add("SGX");
    }
    return w;
  }

  /**
   * The code as one phrase: {@code 6} gives {@code "user-mode write to a page that is not present"},
   * {@code 0x15} gives {@code "user-mode instruction fetch from a page that forbids it"}.
   *
   * @param code the error code as a number
   * @return the phrase
   */
  public static String describe(long code) {
    StringBuilder b = new StringBuilder();
    b.append((code & USER) != 0 ? "user-mode " : "kernel-mode ");
    boolean fetch = (code & INSTRUCTION_FETCH) != 0;
    boolean write = !fetch && (code & WRITE) != 0;
    b.append(fetch ? "instruction fetch from" : write ? "write to" : "read of");
    b.append((code & PROTECTION) != 0 ? " a page that forbids it" : " a page that is not present");
    if ((code & RESERVED) != 0) {
      b.append(", reserved bit set");
    }
    if ((code & PROTECTION_KEY) != 0) {
      b.append(", protection key");
    }
    if ((code & SHADOW_STACK) != 0) {
      b.append(", shadow stack");
    }
    if ((code & SGX) != 0) {
      b.append(", SGX");
    }
    return b.toString();
  }

  /** Whether the access was a write. */
  public static boolean isWrite(long code) {
    return (code & WRITE) != 0;
  }

  /** Whether the access came from user mode. */
  public static boolean isUserMode(long code) {
    return (code & USER) != 0;
  }

  /** Whether the access was an instruction fetch. */
  public static boolean isInstructionFetch(long code) {
    return (code & INSTRUCTION_FETCH) != 0;
  }

  /** Whether the page was present and the access violated its protection. */
  public static boolean isProtectionViolation(long code) {
    return (code & PROTECTION) != 0;
  }

  /** Whether a reserved bit was set in a page table entry. */
  public static boolean isReservedBit(long code) {
    return (code & RESERVED) != 0;
  }
}
