package io.hutong.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.hutong.deploy.junit.HutongStack;
import io.hutong.deploy.junit.PrometheusScrape;
import io.hutong.deploy.server.LocalIdentity;
import io.hutong.deploy.server.ServiceDatabase;
import io.hutong.deploy.server.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway's Prometheus endpoint: only the monitoring client's token opens it; routed calls are
 * timed per route, and each 429 of a rate limit is counted under its limit. The routes lead to a
 * stub; the limits are tiny so that refusals come cheaply.
 */
@ExtendWith(HutongStack.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsIT {

  private static final HttpServer upstream = startUpstream();

  @DynamicPropertySource
  static void stack(DynamicPropertyRegistry registry) {
    Map<String, String> properties =
        new HashMap<>(HutongStack.infrastructure().springProperties(ServiceDatabase.GATEWAY));
    String routes = "http://localhost:" + upstream.getAddress().getPort();
    properties.put("hutong.gateway.catalog-uri", routes);
    properties.put("hutong.gateway.exchange-uri", routes);
    properties.put("hutong.gateway.audit-uri", routes);
    properties.put(
        "hutong.gateway.rate-limit.clients.human-resources-system.requests-per-second", "0.5");
    properties.put("hutong.gateway.rate-limit.clients.human-resources-system.burst", "2");
    properties.put("hutong.gateway.unauthenticated-limit.requests-per-second", "0.5");
    properties.put("hutong.gateway.unauthenticated-limit.burst", "3");
    properties.forEach((key, value) -> registry.add(key, () -> value));
  }

  @AfterAll
  static void stop() {
    upstream.stop(0);
  }

  @LocalServerPort int port;

  private final HttpClient http = HttpClient.newHttpClient();
  private final Tokens tokens = new Tokens(HutongStack.infrastructure().keycloak());

  private PrometheusScrape scrape() {
    return PrometheusScrape.asMonitoring(port, tokens);
  }

  @Test
  @Order(1)
  void onlyTheMetricsReaderRoleOpensTheEndpoint() {
    assertThat(PrometheusScrape.of(port, null).refusedWith(401)).as("no token").isTrue();
    assertThat(
            PrometheusScrape.of(port, tokens.accessToken(LocalIdentity.CIVIL_AFFAIRS_SYSTEM))
                .refusedWith(403))
        .as("a department's token")
        .isTrue();

    PrometheusScrape monitoring = scrape();
    assertThat(monitoring.contentType()).startsWith("text/plain");
    assertThat(monitoring.has("jvm_memory_used_bytes", "application", "gateway")).isTrue();
  }

  @Test
  @Order(2)
  void routedCallsAreTimedPerRouteAndClientRefusalsCounted() throws Exception {
    String token = tokens.accessToken(LocalIdentity.HUMAN_RESOURCES_SYSTEM);
    double before = scrape().sum("hutong_gateway_rate_limit_refusals_total", "limit", "client");
    int ok = 0;
    int refused = 0;
    for (int i = 0; i < 6; i++) {
      int status = get("/api/catalog/v1/me", token).statusCode();
      if (status == 429) {
        refused++;
      } else {
        assertThat(status).isEqualTo(200);
        ok++;
      }
    }
    assertThat(ok).isPositive();
    assertThat(refused).isPositive();

    PrometheusScrape after = scrape();
    assertThat(after.sum("hutong_gateway_rate_limit_refusals_total", "limit", "client") - before)
        .isEqualTo(refused);
    assertThat(
            after.sum(
                "spring_cloud_gateway_requests_seconds_count",
                "application",
                "gateway",
                "routeId",
                "catalog"))
        .isGreaterThanOrEqualTo(ok);
    assertThat(after.has("spring_cloud_gateway_requests_seconds_bucket", "routeId", "catalog"))
        .isTrue();
    assertThat(after.has("http_server_requests_seconds_bucket")).isTrue();
  }

  @Test
  @Order(3)
  void refusalsOfAnAddressThatKeepsFailingAreCounted() throws Exception {
    double before = scrape().sum("hutong_gateway_rate_limit_refusals_total", "limit", "address");
    int refused = 0;
    for (int i = 0; i < 8; i++) {
      int status = get("/api/catalog/v1/me", "not-a-token").statusCode();
      if (status == 429) {
        refused++;
      } else {
        assertThat(status).isEqualTo(401);
      }
    }
    assertThat(refused).isPositive();
    assertThat(
            scrape().sum("hutong_gateway_rate_limit_refusals_total", "limit", "address") - before)
        .isEqualTo(refused);
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Authorization", "Bearer " + token)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpServer startUpstream() {
    return StandInUpstream.start(exchange -> "{}");
  }
}
