package io.hutong.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The loops let through exactly what Spring's expressions let through, code point by code point.
 */
class HeaderCharactersTest {

  private static final Pattern NAME = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
  private static final Pattern VALUE =
      Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

  @Test
  void everyCodePointIsJudgedAsSpringJudgesIt() {
    for (int c = 0; c <= 0x10FFFF; c += c < 0x30000 ? 1 : 97) {
      String one = new String(Character.toChars(c));
      assertThat(HeaderCharacters.NAME.test(one))
          .as("name U+%04X", c)
          .isEqualTo(NAME.matcher(one).matches());
      assertThat(HeaderCharacters.VALUE.test(one))
          .as("value U+%04X", c)
          .isEqualTo(VALUE.matcher(one).matches());
    }
  }

  @Test
  void wholeValuesAsWell() {
    String[] values = {
      "",
      "Bearer abc.def",
      "a\tb",
      "a\nb",
      "中文 value",
      "\uD83D\uDE00 emoji",
      "\uD800 lone",
      "x\u0085y",
      "\u00A0nbsp",
      "a|b",
      "\u0378 unassigned"
    };
    for (String value : values) {
      assertThat(HeaderCharacters.VALUE.test(value))
          .as(value)
          .isEqualTo(VALUE.matcher(value).matches());
      assertThat(HeaderCharacters.NAME.test(value))
          .as(value)
          .isEqualTo(NAME.matcher(value).matches());
    }
  }
}
