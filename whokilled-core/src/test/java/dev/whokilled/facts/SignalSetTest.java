package dev.whokilled.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.event.Signal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class SignalSetTest {

  @Test
  void parse_masksOfRealProcesses() {
    // SigCgt of this machine's PID 1 (process_api), as /proc/1/status wrote it: the fault signals it handles
    SignalSet init = SignalSet.parse("00000000000004e8").orElseThrow();
    assertEquals(List.of("SIGILL", "SIGABRT", "SIGBUS", "SIGFPE", "SIGSEGV"), init.names());
    assertEquals(List.of(4, 6, 7, 8, 11), init.numbers());
    // a mask built bit by bit: bit n-1 is signal n
    SignalSet sshd = new SignalSet(1L << 0 | 1L << 1 | 1L << 14 | 1L << 16);
    assertEquals("0000000000014003", sshd.hex());
    assertEquals(List.of("SIGHUP", "SIGINT", "SIGTERM", "SIGCHLD"), sshd.names());
    assertTrue(sshd.contains(Signal.SIGTERM));
    assertFalse(sshd.contains(Signal.SIGKILL));
    SignalSet rt = SignalSet.parse("0000000380000000").orElseThrow();
    assertEquals(List.of("SIGRTMIN", "SIGRT_1", "SIGRT_2"), rt.names());
    assertEquals(List.of(32, 33, 34), rt.numbers());
    assertEquals("SIGRT_32", SignalSet.name(64));
    assertEquals("0000000380000000", rt.hex());
  }

  @Test
  void parse_notAMask_isEmpty() {
    assertEquals(Optional.empty(), SignalSet.parse(""));
    assertEquals(Optional.empty(), SignalSet.parse("00000000000000000"));
    assertEquals(Optional.empty(), SignalSet.parse("000000000000004g"));
    assertEquals(Optional.of(SignalSet.EMPTY), SignalSet.parse(" 0000000000000000 "));
    assertTrue(SignalSet.EMPTY.isEmpty());
    assertFalse(SignalSet.EMPTY.contains(0));
    assertFalse(SignalSet.EMPTY.contains(65));
  }

  @Test
  void name_outOfRange_throws() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SignalSet.name(0));
    assertEquals("signal number must be 1 to 64: 0", e.getMessage());
  }
}
