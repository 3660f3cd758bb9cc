package io.hutong.service.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class CallContextsTest {

  @Test
  void sourceAddress_takesAForwardedAddressLiteral() {
    MockHttpServletRequest request = new MockHttpServletRequest();
    request.addHeader("X-Forwarded-For", "10.1.2.3, 127.0.0.1");
    assertThat(CallContexts.sourceAddress(request)).isEqualTo("10.1.2.3");
    request = new MockHttpServletRequest();
    request.addHeader("X-Forwarded-For", "2001:db8::1");
    assertThat(CallContexts.sourceAddress(request)).isEqualTo("2001:db8::1");
  }

  @Test
  void sourceAddress_ignoresAForwardedValueThatIsNoAddress() {
    MockHttpServletRequest request = new MockHttpServletRequest();
    request.setRemoteAddr("192.0.2.7");
    request.addHeader("X-Forwarded-For", "<script>the auditor</script>");
    assertThat(CallContexts.sourceAddress(request)).isEqualTo("192.0.2.7");
    request.removeHeader("X-Forwarded-For");
    request.addHeader("X-Forwarded-For", "999.1.1.1");
    assertThat(CallContexts.sourceAddress(request)).isEqualTo("192.0.2.7");
  }
}
