package io.hutong.schemas.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BearerHeaderTest {

  /** Spring Security's own expression (ServerBearerTokenAuthenticationConverter). */
  private static final Pattern SPRING =
      Pattern.compile("^Bearer (?<token>[a-zA-Z0-9-._~+/]+=*)$", Pattern.CASE_INSENSITIVE);

  @Test
  void acceptsExactlyWhatSpringsExpressionAccepts() {
    String[] headers = {
      "Bearer abc.DEF-ghi_jkl~mno+pqr/stu==",
      "bearer abc",
      "BEARER abc=",
      "BeArEr a",
      "Bearer ",
      "Bearer",
      "Bearer  abc",
      "Bearer abc ",
      "Bearer abc=def",
      "Bearer =",
      "Bearer abc\n",
      "Bearer ab\u00e9",
      "Bearer a%2Fb",
      "Basic abc",
      "Bearerabc",
      "Bearer\tabc",
      "\u212Aearer abc",
      "",
    };
    for (String header : headers) {
      var m = SPRING.matcher(header);
      String expected = m.matches() ? m.group("token") : null;
      assertThat(BearerHeader.token(header)).as(header).isEqualTo(expected);
    }
    assertThat(BearerHeader.token(null)).isNull();
  }
}
