package io.hutong.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.hutong.deploy.junit.HutongStack;
import io.hutong.deploy.platform.ServiceProcess;
import io.hutong.deploy.process.ChildProcess;
import io.hutong.deploy.process.FreePorts;
import io.hutong.deploy.server.LocalIdentity;
import io.hutong.deploy.server.ServiceDatabase;
import io.hutong.deploy.server.Tokens;
import io.hutong.schemas.audit.AuditEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Per-client limits hold across gateway instances: this test's gateway and a second one started as
 * its own process share market-regulation-system's bucket of 6 requests with 2 more a second, so
 * together they let through what one would, and refuse the rest with an audited 429.
 */
@ExtendWith(HutongStack.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RateLimitIT {

  private static final HttpServer upstream = startUpstream();
  private static final Map<String, String> LIMITS =
      Map.of(
          "hutong.gateway.rate-limit.clients.market-regulation-system.requests-per-second", "2",
          "hutong.gateway.rate-limit.clients.market-regulation-system.burst", "6");
  private static ChildProcess second;
  private static int secondPort;

  @DynamicPropertySource
  static void stack(DynamicPropertyRegistry registry) {
    properties().forEach((key, value) -> registry.add(key, () -> value));
  }

  private static Map<String, String> properties() {
    Map<String, String> properties =
        new HashMap<>(HutongStack.infrastructure().springProperties(ServiceDatabase.GATEWAY));
    String routes = "http://localhost:" + upstream.getAddress().getPort();
    properties.put("hutong.gateway.catalog-uri", routes);
    properties.put("hutong.gateway.exchange-uri", routes);
    properties.put("hutong.gateway.audit-uri", routes);
    properties.putAll(LIMITS);
    return properties;
  }

  @BeforeAll
  static void startSecondGateway() {
    secondPort = FreePorts.next();
    Path logs = Path.of("target", "rate-limit-it");
    second =
        ServiceProcess.start(
            "gateway-2",
            Path.of("target", "gateway.jar"),
            secondPort,
            properties(),
            logs,
            logs.resolve("gateway-2.log"));
    ServiceProcess.awaitHealthy("gateway-2", secondPort, second, Duration.ofSeconds(120));
  }

  @AfterAll
  static void stop() {
    if (second != null) {
      second.stop(Duration.ofSeconds(20));
    }
    upstream.stop(0);
  }

  @LocalServerPort int port;

  private final HttpClient http = HttpClient.newHttpClient();
  private final Tokens tokens = new Tokens(HutongStack.infrastructure().keycloak());

  @Test
  void twoInstancesShareOneBucketPerClientAndRefuseTheRestWithAnAudited429() throws Exception {
    String token = tokens.accessToken(LocalIdentity.MARKET_REGULATION_SYSTEM);
    String marker = UUID.randomUUID().toString();
    int allowed = 0;
    HttpResponse<String> refused = null;
    long start = System.nanoTime();
    for (int i = 0; i < 30; i++) {
      HttpResponse<String> r = get(i % 2 == 0 ? port : secondPort, marker, token);
      if (r.statusCode() == 200) {
        allowed++;
      } else {
        assertThat(r.statusCode()).isEqualTo(429);
        refused = r;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    // One bucket: the burst of 6 plus 2 a second while the calls ran — not 6 per instance.
    assertThat(allowed).isGreaterThanOrEqualTo(6).isLessThanOrEqualTo(6 + (int) (2 * seconds) + 1);
    assertThat(refused).isNotNull();
    assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()))
        .isBetween(1L, 2L);
    assertThat(JsonMapper.builder().build().readTree(refused.body()).get("type").asString())
        .isEqualTo("urn:hutong:problem:too-many-requests");

    List<AuditEvent> audited = AuditTopic.mentioning(marker, 30 - allowed);
    assertThat(audited).hasSize(30 - allowed);
    assertThat(audited)
        .allMatch(
            e ->
                e.getAction().equals("REQUEST_REJECTED")
                    && e.getReason().startsWith("429")
                    && "market-regulation-system".equals(e.getActor()));

    // Another client has its own bucket.
    assertThat(get(port, marker, tokens.accessToken(LocalIdentity.HUMAN_RESOURCES_SYSTEM)))
        .extracting(HttpResponse::statusCode)
        .isEqualTo(200);

    // After waiting as told, the client is served again.
    Thread.sleep(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()) * 1000);
    assertThat(get(secondPort, marker, token).statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> get(int gateway, String marker, String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create("http://localhost:" + gateway + "/api/catalog/v1/me?m=" + marker))
            .header("Authorization", "Bearer " + token)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpServer startUpstream() {
    return StandInUpstream.start(exchange -> "{}");
  }
}
