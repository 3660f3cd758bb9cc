package io.hutong.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/** The services resolve every Authorization header exactly as Spring's own resolver does. */
class BearerTokensTest {

  @Test
  void everyHeaderResolvesOrFailsAsWithSpringsResolver() {
    String[] headers = {
      "Bearer abc.DEF-ghi_jkl~mno+pqr/stu==",
      "bearer abc",
      "BEARER abc=",
      "Bearer ",
      "Bearer  abc",
      "Bearer abc ",
      "Bearer abc=def",
      "Bearer ab\u00e9",
      "Basic abc",
      "Bearerabc",
      "",
      null
    };
    DefaultBearerTokenResolver spring = new DefaultBearerTokenResolver();
    BearerTokens ours = new BearerTokens();
    for (String header : headers) {
      MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/exchange/v1/me");
      if (header != null) {
        request.addHeader("Authorization", header);
      }
      assertThat(outcome(() -> ours.resolve(request)))
          .as(String.valueOf(header))
          .isEqualTo(outcome(() -> spring.resolve(request)));
    }
  }

  /** The token, or the class and message of what was thrown instead. */
  private static String outcome(java.util.function.Supplier<String> resolve) {
    try {
      return "token " + resolve.get();
    } catch (RuntimeException e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }
}
