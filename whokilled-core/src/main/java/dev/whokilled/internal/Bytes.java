package dev.whokilled.internal;

/** Tests on raw line bytes, for the readers that look at lines before decoding them. */
public final class Bytes {

  private Bytes() {}

  /**
   * Whether {@code b[at, end)} starts with {@code prefix}.
   *
   * @param b the bytes
   * @param at where to look
   * @param end where the line ends
   * @param prefix the bytes to find there
   * @return true if they are there
   */
  public static boolean startsWith(byte[] b, int at, int end, byte[] prefix) {
    if (end - at < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[at + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The length of the well-formed UTF-8 sequence that starts at {@code b[i]} and ends before {@code end}: 1 for an
   * ASCII byte, 2 to 4 for a sequence (no overlong forms, no surrogates, nothing above U+10FFFF), 0 when none starts
   * there, as the UTF-8 decoder judges it before it puts U+FFFD.
   *
   * @param b the bytes
   * @param i where the sequence would start
   * @param end where the bytes end
   * @return the sequence's length, or 0
   */
  public static int utf8Length(byte[] b, int i, int end) {
    int b0 = b[i] & 0xff;
    if (b0 < 0x80) {
      return 1;
    }
    int need;
    int min2 = 0x80;
    int max2 = 0xbf;
    if (b0 >= 0xc2 && b0 <= 0xdf) {
      need = 1;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      need = 2;
      if (b0 == 0xe0) {
        min2 = 0xa0;
      } else if (b0 == 0xed) {
        max2 = 0x9f;
      }
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      need = 3;
      if (b0 == 0xf0) {
        min2 = 0x90;
      } else if (b0 == 0xf4) {
        max2 = 0x8f;
      }
    } else {
      return 0;
    }
    if (i + need >= end) {
      return 0;
    }
    for (int k = 1; k <= need; k++) {
      int bk = b[i + k] & 0xff;
      if (bk < (k == 1 ? min2 : 0x80) || bk > (k == 1 ? max2 : 0xbf)) {
        return 0;
      }
    }
    return need + 1;
  }
}
