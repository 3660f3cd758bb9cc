package io.hutong.exchange.avro;

/**
 * Checks Avro string bytes without building a String: they must be well-formed UTF-8 (no overlongs,
 * no encoded surrogates, nothing above U+10FFFF) and the text they decode to must pass {@link
 * io.hutong.service.web.JsonInputGuard#isRefused(String)}. For well-formed UTF-8 that check reduces
 * to the ASCII bytes it names: control characters other than tab, line feed and carriage return,
 * and DEL; surrogates cannot appear in well-formed UTF-8 at all.
 */
final class Utf8Text {

  private Utf8Text() {}

  /** Why {@code [p, end)} is refused, or {@code null} when it is acceptable text. */
  static String problem(byte[] d, int p, int end) {
    int i = p;
    while (i < end) {
      int b = d[i];
      if (b >= 0x20 && b != 0x7f) {
        i++;
        continue;
      }
      if (b >= 0) {
        if (b == '\t' || b == '\n' || b == '\r') {
          i++;
          continue;
        }
        return "text must not contain NUL or other control characters";
      }
      int n = sequence(d, i, end);
      if (n < 0) {
        return "text is not valid UTF-8";
      }
      i += n;
    }
    return null;
  }

  /** The length of the multi-byte sequence at {@code i}, or -1 when it is malformed. */
  private static int sequence(byte[] d, int i, int end) {
    int b0 = d[i] & 0xff;
    if (b0 < 0xc2) {
      return -1; // continuation byte, or an overlong two-byte lead
    }
    if (b0 < 0xe0) {
      return i + 1 < end && continuation(d[i + 1]) ? 2 : -1;
    }
    if (b0 < 0xf0) {
      if (i + 2 >= end || !continuation(d[i + 2])) {
        return -1;
      }
      int b1 = d[i + 1] & 0xff;
      int low = b0 == 0xe0 ? 0xa0 : 0x80; // overlong
      int high = b0 == 0xed ? 0x9f : 0xbf; // surrogates U+D800..U+DFFF
      return b1 >= low && b1 <= high ? 3 : -1;
    }
    if (b0 < 0xf5) {
      if (i + 3 >= end || !continuation(d[i + 2]) || !continuation(d[i + 3])) {
        return -1;
      }
      int b1 = d[i + 1] & 0xff;
      int low = b0 == 0xf0 ? 0x90 : 0x80; // overlong
      int high = b0 == 0xf4 ? 0x8f : 0xbf; // above U+10FFFF
      return b1 >= low && b1 <= high ? 4 : -1;
    }
    return -1;
  }

  private static boolean continuation(byte b) {
    return (b & 0xc0) == 0x80;
  }
}
