package io.hutong.service.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RequestIdsTest {

  private final RequestIds filter = new RequestIds();

  private MockHttpServletResponse run(MockHttpServletRequest request, boolean[] passed)
      throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    FilterChain chain = (req, res) -> passed[0] = true;
    filter.doFilter(request, response, chain);
    return response;
  }

  @Test
  void aValidRequestIdIsKeptAndEchoed() throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/x/v1/me");
    request.addHeader("X-Request-Id", "abc-123");
    boolean[] passed = {false};
    MockHttpServletResponse response = run(request, passed);
    assertThat(passed[0]).isTrue();
    assertThat(response.getHeader("X-Request-Id")).isEqualTo("abc-123");
  }

  @Test
  void aMissingRequestIdIsCreated() throws Exception {
    boolean[] passed = {false};
    MockHttpServletResponse response =
        run(new MockHttpServletRequest("GET", "/api/x/v1/me"), passed);
    assertThat(response.getHeader("X-Request-Id")).hasSize(36);
  }

  @Test
  void aHostileRequestIdOrIdempotencyKeyIsRefusedWith400Problem() throws Exception {
    for (String[] header :
        new String[][] {
          {"X-Request-Id", "has spaces"},
          {"Idempotency-Key", "k".repeat(300)},
          {"Idempotency-Key", "naïve"},
          {"Last-Event-ID", "a\u0001b"}
        }) {
      MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/x/v1/y");
      request.addHeader(header[0], header[1]);
      boolean[] passed = {false};
      MockHttpServletResponse response = run(request, passed);
      assertThat(passed[0]).as(header[0]).isFalse();
      assertThat(response.getStatus()).isEqualTo(400);
      assertThat(response.getContentType()).isEqualTo("application/problem+json");
      assertThat(response.getContentAsString())
          .contains("urn:hutong:problem:malformed-request")
          .contains(header[0]);
      assertThat(response.getHeader("X-Request-Id")).isNotBlank();
    }
  }
}
