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
}
