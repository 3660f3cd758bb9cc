package io.hutong.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.hutong.deploy.junit.HutongStack;
import io.hutong.deploy.process.FreePorts;
import io.hutong.deploy.server.LocalIdentity;
import io.hutong.deploy.server.Tokens;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With tracing switched on (the one switch, {@code management.tracing.export.enabled}), the gateway
 * continues the caller's trace and forwards it to the service as {@code traceparent}; its server
 * span names the request id. The service is a recording HTTP server, as in {@link GatewayIT}.
 */
@ExtendWith(HutongStack.class)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.tracing.export.enabled=true",
      "management.tracing.sampling.probability=1.0",
      "management.opentelemetry.tracing.export.schedule-delay=50ms"
    })
@Import(GatewayTracingIT.Spans.class)
class GatewayTracingIT {

  private static final AtomicReference<String> upstreamTraceparent = new AtomicReference<>();
  private static final AtomicReference<String> upstreamRequestId = new AtomicReference<>();
  private static final HttpServer upstream = startUpstream();

  @TestConfiguration(proxyBeanMethods = false)
  static class Spans {
    @Bean
    InMemorySpanExporter inMemorySpans() {
      return InMemorySpanExporter.create();
    }
  }

  @DynamicPropertySource
  static void stack(DynamicPropertyRegistry registry) {
    HutongStack.infrastructure()
        .springProperties(io.hutong.deploy.server.ServiceDatabase.GATEWAY)
        .forEach((key, value) -> registry.add(key, () -> value));
    String recorder = "http://localhost:" + upstream.getAddress().getPort();
    registry.add("hutong.gateway.catalog-uri", () -> recorder);
    registry.add("hutong.gateway.exchange-uri", () -> "http://localhost:" + FreePorts.next());
    registry.add("hutong.gateway.audit-uri", () -> recorder);
    registry.add("hutong.gateway.console-uri", () -> recorder);
  }

  @LocalServerPort int port;
  @Autowired InMemorySpanExporter spans;

  private final HttpClient http = HttpClient.newHttpClient();
  private final Tokens tokens = new Tokens(HutongStack.infrastructure().keycloak());

  @AfterAll
  static void stopUpstream() {
    upstream.stop(0);
  }

  @Test
  void theCallersTraceIsForwardedToTheServiceAndTheServerSpanNamesTheRequestId() throws Exception {
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    String callerSpan = "00f067aa0ba902b7";

    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/catalog/v1/me"))
                .header(
                    "Authorization",
                    "Bearer " + tokens.accessToken(LocalIdentity.CIVIL_AFFAIRS_SYSTEM))
                .header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
                .header("X-Request-Id", "gateway-tracing-it")
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(upstreamRequestId.get()).isEqualTo("gateway-tracing-it");
    String forwarded = upstreamTraceparent.get();
    assertThat(forwarded).startsWith("00-" + traceId + "-").endsWith("-01");
    // The service's parent is a span of the gateway, not the caller's own.
    assertThat(forwarded).doesNotContain(callerSpan);

    SpanData server = await(traceId, SpanKind.SERVER);
    assertThat(server.getParentSpanId()).isEqualTo(callerSpan);
    assertThat(server.getAttributes().get(AttributeKey.stringKey("hutong.request_id")))
        .isEqualTo("gateway-tracing-it");
  }

  private SpanData await(String traceId, SpanKind kind) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(15);
    while (Instant.now().isBefore(deadline)) {
      for (SpanData span : spans.getFinishedSpanItems()) {
        if (span.getTraceId().equals(traceId) && span.getKind() == kind) {
          return span;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no " + kind + " span in " + spans.getFinishedSpanItems());
  }

  private static HttpServer startUpstream() {
    return StandInUpstream.start(
        exchange -> {
          upstreamTraceparent.set(exchange.getRequestHeaders().getFirst("traceparent"));
          upstreamRequestId.set(exchange.getRequestHeaders().getFirst("X-Request-Id"));
          return "{\"upstream\":\"catalog\"}";
        });
  }
}
