package io.hutong.console;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.hutong.schemas.identity.HutongRole;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The console's Prometheus endpoint takes a bearer token with role {@code metrics-reader} and
 * nothing else: no token is 401 and another role 403, both problem+json, never a login redirect.
 */
@SpringBootTest
@AutoConfigureMockMvc
@Import(TestLogins.class)
class MetricsEndpointTest {

  @DynamicPropertySource
  static void secrets(DynamicPropertyRegistry registry) {
    registry.add(
        "spring.security.oauth2.client.registration.keycloak.client-secret",
        () -> "generated-for-this-test-" + System.nanoTime());
  }

  @Autowired MockMvc mvc;

  @Test
  void withoutATokenIs401ProblemNotALoginRedirect() throws Exception {
    mvc.perform(get("/actuator/prometheus"))
        .andExpect(status().isUnauthorized())
        .andExpect(header().string("Content-Type", "application/problem+json"))
        .andExpect(content().string(containsString("urn:hutong:problem:unauthenticated")));
  }

  @Test
  void anotherRoleIs403Problem() throws Exception {
    mvc.perform(
            get("/actuator/prometheus")
                .with(
                    jwt()
                        .authorities(
                            new SimpleGrantedAuthority(HutongRole.DATA_ADMIN.authority()))))
        .andExpect(status().isForbidden())
        .andExpect(header().string("Content-Type", "application/problem+json"));
  }

  @Test
  void theMetricsReaderGetsPrometheusText() throws Exception {
    mvc.perform(
            get("/actuator/prometheus")
                .with(
                    jwt()
                        .authorities(
                            new SimpleGrantedAuthority(HutongRole.METRICS_READER.authority()))))
        .andExpect(status().isOk())
        .andExpect(header().string("Content-Type", containsString("text/plain")))
        .andExpect(
            content().string(containsString("jvm_memory_used_bytes{application=\"console\"")));
  }
}
