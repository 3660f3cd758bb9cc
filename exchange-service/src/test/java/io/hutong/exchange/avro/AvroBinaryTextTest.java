package io.hutong.exchange.avro;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.service.web.JsonInputGuard;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The byte-level text check agrees with a strict UTF-8 decoder plus {@code isRefused}. */
class AvroBinaryTextTest {

  private static final int[] INTERESTING = {
    0x00, 0x09, 0x0a, 0x0d, 0x1f, 0x20, 'a', 0x7e, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0,
    0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xf8, 0xff
  };

  @Test
  void agreesWithAStrictDecoderAndTheInputGuard() {
    Random random = new Random(9);
    int accepted = 0;
    for (int i = 0; i < 300_000; i++) {
      byte[] bytes = new byte[random.nextInt(7)];
      for (int j = 0; j < bytes.length; j++) {
        bytes[j] =
            (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : INTERESTING[random.nextInt(32)]);
      }
      boolean expected = acceptable(bytes);
      accepted += expected ? 1 : 0;
      assertThat(Utf8Text.problem(bytes, 0, bytes.length) == null)
          .as("%s", java.util.HexFormat.of().formatHex(bytes))
          .isEqualTo(expected);
    }
    assertThat(accepted).isGreaterThan(10_000);
  }

  private static boolean acceptable(byte[] bytes) {
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      return !JsonInputGuard.isRefused(text);
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
