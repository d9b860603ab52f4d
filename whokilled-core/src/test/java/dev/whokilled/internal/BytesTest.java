package dev.whokilled.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The UTF-8 sequence lengths that the byte reader's count of bytes that are not text and the kmsg decoding share. */
final class BytesTest {

  private static int length(int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return Bytes.utf8Length(b, 0, b.length);
  }

  @Test
  void utf8Length_wellFormed() {
    assertEquals(1, length('a'));
    assertEquals(2, length(0xc3, 0xa9)); // é
    assertEquals(3, length(0xe6, 0xbc, 0xa2)); // 漢
    assertEquals(4, length(0xf0, 0x9f, 0x98, 0x80)); // an emoji
    byte[] text = "é漢\uD83D\uDE00".getBytes(StandardCharsets.UTF_8);
    assertEquals(2, Bytes.utf8Length(text, 0, text.length));
    assertEquals(3, Bytes.utf8Length(text, 2, text.length));
    assertEquals(4, Bytes.utf8Length(text, 5, text.length));
  }

  /** What the JDK's decoder replaces with U+FFFD is no sequence here either. */
  @Test
  void utf8Length_malformed_zero() {
    int[][] bad = {
      {0x80}, {0xbf}, // a continuation byte alone
      {0xc0, 0xaf}, {0xc1, 0xbf}, {0xe0, 0x80, 0xaf}, {0xf0, 0x80, 0x80, 0xaf}, // overlong forms
      {0xed, 0xa0, 0x80}, // a surrogate
      {0xf4, 0x90, 0x80, 0x80}, {0xf5, 0x80, 0x80, 0x80}, {0xff}, // above U+10FFFF, never UTF-8
      {0xe2, 0x82}, {0xe2, 0x82, 0x20}, {0xc3, 'a'}, // cut short
    };
    for (int[] b : bad) {
      assertEquals(0, length(b), () -> java.util.Arrays.toString(b));
      byte[] bytes = new byte[b.length];
      for (int i = 0; i < b.length; i++) {
        bytes[i] = (byte) b[i];
      }
      assertEquals('\uFFFD', new String(bytes, StandardCharsets.UTF_8).charAt(0), "the JDK agrees");
    }
  }
}
