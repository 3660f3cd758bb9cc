package io.hutong.catalog.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hutong.service.failure.Refusal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TextTest {

  @Test
  void isClean_acceptsAnyScriptAndPairedSurrogates() {
    assertThat(Text.isClean("婚姻登记信息 — marriage 😀", false)).isTrue();
  }

  @Test
  void isClean_refusesNulControlCharactersAndUnpairedSurrogates() {
    for (String hostile :
        new String[] {
          "a\u0000b", "\u0001", "\u001b[31m", "\u007f", "\u0085", "\ud800", "x\udc00"
        }) {
      assertThat(Text.isClean(hostile, true)).as(hostile).isFalse();
    }
  }

  @Test
  void lineBreaksAndTabsAreFreeTextOnly() {
    assertThat(Text.freeText("reason", "one\r\ntwo\tthree")).isEqualTo("one\r\ntwo\tthree");
    assertThatThrownBy(() -> Text.line("name", "one\ntwo"))
        .isInstanceOf(Refusal.class)
        .extracting(r -> ((Refusal) r).kind())
        .isEqualTo(Refusal.Kind.UNPROCESSABLE);
    assertThat(Text.line("name", null)).isNull();
  }

  @Test
  void times_parse_refusesInstantsOutsideYears0001To9999() {
    assertThat(Times.parse("validUntil", "9999-12-31T23:59:59Z"))
        .isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
    for (String far :
        new String[] {"+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "0000-12-31T00:00:00Z"}) {
      assertThatThrownBy(() -> Times.parse("validUntil", far))
          .as(far)
          .isInstanceOf(Refusal.class)
          .hasMessageContaining("0001 and 9999");
    }
    assertThat(Times.parse("validUntil", null)).isNull();
  }

  @Test
  void page_decode_refusesCursorsThatAreNotPlainUtf8() {
    assertThat(Page.decode(Page.encode("civil-affairs.marriages")))
        .isEqualTo("civil-affairs.marriages");
    for (byte[] key :
        new byte[][] {{'a', 0, 'b'}, {(byte) 0xFF, (byte) 0xFE}, {(byte) 0xC3, '('}, {'\n'}}) {
      String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(key);
      assertThatThrownBy(() -> Page.decode(cursor))
          .as(new String(key, StandardCharsets.ISO_8859_1))
          .isInstanceOf(Refusal.class)
          .extracting(r -> ((Refusal) r).kind())
          .isEqualTo(Refusal.Kind.MALFORMED);
    }
  }
}
