package io.hutong.console.instance;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class InstanceCookieTest {

  private final InstanceCookie filter = new InstanceCookie("console-2");

  @Test
  void aBrowserWithoutTheCookie_isToldWhichInstanceHoldsItsSession() throws Exception {
    MockHttpServletResponse response = run(new MockHttpServletRequest("GET", "/console/"));

    Cookie cookie = response.getCookie(InstanceCookie.NAME);
    assertThat(cookie).isNotNull();
    assertThat(cookie.getValue()).isEqualTo("console-2");
    assertThat(cookie.getPath()).isEqualTo("/console");
    assertThat(cookie.isHttpOnly()).isTrue();
    assertThat(cookie.getAttribute("SameSite")).isEqualTo("Lax");
  }

  @Test
  void aBrowserSentByAnotherInstance_isMovedToThisOne() throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/console/");
    request.setCookies(new Cookie(InstanceCookie.NAME, "console-1"));

    assertThat(run(request).getCookie(InstanceCookie.NAME).getValue()).isEqualTo("console-2");
  }

  @Test
  void aBrowserAlreadyHere_getsNoNewCookie() throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/console/");
    request.setCookies(new Cookie(InstanceCookie.NAME, "console-2"));

    assertThat(run(request).getCookie(InstanceCookie.NAME)).isNull();
  }

  private MockHttpServletResponse run(MockHttpServletRequest request) throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    MockFilterChain chain = new MockFilterChain();
    filter.doFilter(request, response, chain);
    assertThat(chain.getRequest()).as("the request goes on").isSameAs(request);
    return response;
  }
}
