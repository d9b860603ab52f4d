package dev.whokilled.parsers.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The page fault error code in words, for the codes this project's VM produced. */
final class PageFaultCodeTest {

  @Test
  void words_commonCodes() {
    assertEquals(List.of("user mode", "write", "page not present"), PageFaultCode.words(6));
    assertEquals(List.of("user mode", "read", "page not present"), PageFaultCode.words(4));
    assertEquals(List.of("user mode", "read", "protection violation"), PageFaultCode.words(5));
    assertEquals(List.of("user mode", "instruction fetch", "page not present"), PageFaultCode.words(0x14));
    assertEquals(List.of("user mode", "instruction fetch", "protection violation"), PageFaultCode.words(0x15));
    assertEquals(List.of("kernel mode", "write", "page not present"), PageFaultCode.words(2));
    assertEquals(List.of("user mode", "write", "protection violation", "reserved bit set", "protection key",
        "shadow stack", "SGX"), PageFaultCode.words(0x806f));
  }

  @Test
  void describe_onePhrase() {
    assertEquals("user-mode write to a page that is not present", PageFaultCode.describe(6));
    assertEquals("user-mode instruction fetch from a page that forbids it", PageFaultCode.describe(0x15));
    assertEquals("kernel-mode read of a page that is not present, reserved bit set", PageFaultCode.describe(8));
  }

  @Test
  void flags() {
    assertTrue(PageFaultCode.isWrite(7));
    assertTrue(PageFaultCode.isUserMode(4));
    assertTrue(PageFaultCode.isInstructionFetch(0x14));
    assertTrue(PageFaultCode.isProtectionViolation(5));
    assertTrue(PageFaultCode.isReservedBit(8));
    assertFalse(PageFaultCode.isWrite(4));
    assertFalse(PageFaultCode.isUserMode(2));
  }
}
