package io.hutong.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.sun.net.httpserver.HttpServer;
import io.hutong.deploy.junit.HutongStack;
import io.hutong.deploy.server.LocalIdentity;
import io.hutong.deploy.server.ServiceDatabase;
import io.hutong.deploy.server.Tokens;
import io.hutong.schemas.audit.AuditEvent;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a hostile or broken client gets from the gateway: requests sent byte for byte from a raw
 * socket (Java's HttpClient refuses to send most of them), each answered with problem+json, the
 * right 4xx and an {@code X-Request-Id}, none forwarded, and each counted in the audit log; and a
 * flood of bad tokens, stopped per address before authentication and counted, not recorded one by
 * one. Every test calls from a loopback address of its own, so its audit counts are its own.
 */
@ExtendWith(HutongStack.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileCallsIT {

  private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
  private static final Queue<String> forwardedFrom = new ConcurrentLinkedQueue<>();
  private static final HttpServer upstream = startUpstream();
  private static InetAddress hostile;
  private static int edgeRefusals;

  @DynamicPropertySource
  static void stack(DynamicPropertyRegistry registry) {
    HutongStack.infrastructure()
        .springProperties(ServiceDatabase.GATEWAY)
        .forEach((key, value) -> registry.add(key, () -> value));
    String routes = "http://localhost:" + upstream.getAddress().getPort();
    registry.add("hutong.gateway.catalog-uri", () -> routes);
    registry.add("hutong.gateway.exchange-uri", () -> routes);
    registry.add("hutong.gateway.audit-uri", () -> routes);
  }

  @BeforeAll
  static void ownAddress() throws Exception {
    hostile = AuditTopic.ownLoopbackAddress();
  }

  @AfterAll
  static void stopUpstream() {
    upstream.stop(0);
  }

  @LocalServerPort int port;

  private final JsonMapper json = JsonMapper.builder().build();
  private final Tokens tokens = new Tokens(HutongStack.infrastructure().keycloak());

  /** A request refused at the edge of the gateway, and the status it must get. */
  private record Hostile(String what, byte[] request, int status) {}

  private static List<Hostile> refusedAtTheEdge() {
    return List.of(
        new Hostile("percent-encoding not UTF-8 in the path", get("/api/catalog/v1/%ff"), 400),
        new Hostile("invalid UTF-8 sequence in the path", get("/api/catalog/v1/%C3%28"), 400),
        new Hostile(
            "percent-encoding not UTF-8 in the query",
            get("/api/catalog/v1/datasets?q=%ff%fe"),
            400),
        new Hostile("'%' without two hex digits", get("/api/catalog/v1/%zz"), 400),
        new Hostile("encoded dot-segment", get("/api/audit/v1/openapi/%2e%2e/events"), 400),
        new Hostile("plain dot-segment", get("/api/audit/v1/openapi/../events"), 400),
        new Hostile("encoded slash", get("/api/catalog%2Fv1/me"), 400),
        new Hostile("encoded NUL in the path", get("/api/catalog/v1/me%00"), 400),
        new Hostile("encoded NUL in the query", get("/api/catalog/v1/me?x=%00"), 400),
        new Hostile(
            "encoded CR LF in the query", get("/api/catalog/v1/me?x=%0d%0aSet-Cookie:%20a=b"), 400),
        new Hostile("raw space in the target", get("/api/catalog/v1/m e"), 400),
        new Hostile(
            "raw bytes that are not UTF-8 in the target",
            get("/api/catalog/v1/datasets?q=\u00ff\u00fe"),
            400),
        new Hostile("raw control byte in the target", get("/api/catalog/\u0001"), 400),
        new Hostile("URI of 10,000 characters", get("/api/catalog/v1/" + "a".repeat(10_000)), 414),
        new Hostile(
            "12 KiB of headers",
            get("/api/catalog/v1/me", "X-Padding-%d: " + "p".repeat(1000), 12),
            431),
        new Hostile(
            "Authorization not ASCII",
            bytes(
                "GET /api/catalog/v1/me HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer caf"
                    + "é\r\n\r\n"),
            400),
        new Hostile(
            "Authorization of 7,000 characters",
            get("/api/catalog/v1/me", "Authorization: Bearer " + "a".repeat(7000), 1),
            431),
        new Hostile(
            "X-Request-Id not ASCII",
            bytes("GET /api/catalog/v1/me HTTP/1.1\r\nHost: localhost\r\nX-Request-Id: 请求\r\n\r\n"),
            400),
        new Hostile(
            "X-Request-Id of 150 characters",
            get("/api/catalog/v1/me", "X-Request-Id: " + "r".repeat(150), 1),
            431),
        new Hostile(
            "Idempotency-Key not ASCII",
            bytes(
                "POST /api/exchange/v1/datasets/a.b/records HTTP/1.1\r\nHost: localhost\r\n"
                    + "Idempotency-Key: ключ\r\nContent-Length: 0\r\n\r\n"),
            400),
        new Hostile(
            "Idempotency-Key of 300 characters",
            get("/api/exchange/v1/subscriptions", "Idempotency-Key: " + "k".repeat(300), 1),
            431),
        new Hostile(
            "Last-Event-ID not ASCII",
            bytes(
                "GET /api/exchange/v1/subscriptions/s/stream HTTP/1.1\r\nHost: localhost\r\n"
                    + "Last-Event-ID: ü\r\n\r\n"),
            400),
        new Hostile(
            "Last-Event-ID of 2,000 characters",
            get("/api/exchange/v1/subscriptions/s/stream", "Last-Event-ID: " + "e".repeat(2000), 1),
            431),
        new Hostile("NUL in a header value", get("/api/catalog/v1/me", "X-Note: a\u0000b", 1), 400),
        new Hostile(
            "two Authorization headers",
            bytes(
                "GET /api/catalog/v1/me HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer a\r\n"
                    + "Authorization: Bearer b\r\n\r\n"),
            400),
        new Hostile("space in a header name", get("/api/catalog/v1/me", "X Bad: y", 1), 400),
        new Hostile(
            "two different Content-Length",
            bytes(
                "POST /api/catalog/v1/departments HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}"),
            400),
        new Hostile(
            "Content-Type that is not a media type",
            bytes(
                "POST /api/catalog/v1/departments HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: json\r\nContent-Length: 2\r\n\r\n{}"),
            415),
        new Hostile(
            "TRACE", bytes("TRACE /api/catalog/v1/me HTTP/1.1\r\nHost: localhost\r\n\r\n"), 405),
        new Hostile(
            "CONNECT", bytes("CONNECT localhost:443 HTTP/1.1\r\nHost: localhost:443\r\n\r\n"), 405),
        new Hostile(
            "Content-Length that is no number",
            bytes(
                "POST /api/catalog/v1/departments HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Length: two\r\n\r\n{}"),
            400),
        new Hostile(
            "Host that is no host",
            bytes("GET /api/catalog/v1/me HTTP/1.1\r\nHost: [::1\r\n\r\n"),
            400),
        new Hostile("not HTTP at all", bytes("HELLO\r\n\r\n"), 400));
  }

  @TestFactory
  @Order(1)
  Stream<DynamicTest> hostileRequestsGetAProblemBeforeAnyRouteOrTokenCheck() {
    RawHttp raw = new RawHttp(port, hostile);
    List<Hostile> cases = refusedAtTheEdge();
    edgeRefusals = cases.size();
    return cases.stream()
        .map(
            c ->
                dynamicTest(
                    c.what() + " → " + c.status(),
                    () -> assertProblem(c.what(), raw.send(c.request()), c.status())));
  }

  @Test
  @Order(2)
  void aSaneRequestIdSurvivesTheRefusal_anInsaneOneIsReplaced_headGetsTheHeaders()
      throws Exception {
    RawHttp raw = new RawHttp(port, hostile);
    RawHttp.Answer kept = raw.send(get("/api/catalog/v1/%ff", "X-Request-Id: edge-trace-1", 1));
    assertProblem("sane id", kept, 400);
    assertThat(kept.header("X-Request-Id")).isEqualTo("edge-trace-1");

    RawHttp.Answer head =
        raw.send(bytes("HEAD /api/catalog/v1/%ff HTTP/1.1\r\nHost: localhost\r\n\r\n"));
    assertThat(head.status()).isEqualTo(400);
    assertThat(head.header("Content-Type"))
        .as("HEAD: the problem's headers, no body")
        .isEqualTo("application/problem+json");
    assertThat(head.header("X-Request-Id")).matches(REQUEST_ID);

    RawHttp.Answer replaced = raw.send(get("/api/catalog/v1/%ff", "X-Request-Id: <script>", 1));
    assertProblem("insane id", replaced, 400);
    assertThat(replaced.header("X-Request-Id")).isNotEqualTo("<script>");
    edgeRefusals += 3;
  }

  @Test
  @Order(3)
  void mistakesFoundAfterAuthenticationAreProblemsToo_neverHtmlOrEmpty() throws Exception {
    RawHttp raw = new RawHttp(port, hostile);
    String token = tokens.accessToken(LocalIdentity.CIVIL_AFFAIRS_SYSTEM);

    RawHttp.Answer unknown =
        raw.send(
            get(
                "/api/nowhere",
                "Authorization: Bearer " + token + "\r\nAccept: text/html,application/xhtml+xml",
                1));
    assertProblem("unknown path, as a browser asks", unknown, 404);

    RawHttp.Answer wrongMethod =
        raw.send(
            bytes(
                "DELETE /v3/api-docs/swagger-config HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer "
                    + token
                    + "\r\n\r\n"));
    assertProblem("DELETE on the API browser's configuration", wrongMethod, 405);
    assertThat(wrongMethod.header("Allow")).contains("GET");

    // From an address of its own: whether this one is audited is CORS's business, not counted here.
    RawHttp.Answer badOrigin =
        new RawHttp(port, AuditTopic.ownLoopbackAddress())
            .send(
                get(
                    "/api/catalog/v1/me",
                    "Authorization: Bearer " + token + "\r\nOrigin: http://[x",
                    1));
    assertThat(badOrigin.status()).as("a malformed Origin: " + badOrigin).isBetween(400, 499);
    assertProblem("a malformed Origin", badOrigin, badOrigin.status());

    // A body that breaks chunked encoding, from a caller the gateway lets through.
    RawHttp.Answer badChunks =
        new RawHttp(port, AuditTopic.ownLoopbackAddress())
            .send(
                bytes(
                    "POST /api/catalog/v1/departments HTTP/1.1\r\nHost: localhost\r\n"
                        + "Authorization: Bearer "
                        + token
                        + "\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"));
    assertProblem("a chunked body that is not chunked encoding", badChunks, 400);

    RawHttp.Answer noToken = raw.send(get("/api/nowhere"));
    assertProblem("unknown path without a token", noToken, 401);
    edgeRefusals += 1; // the 401 is counted; 404 and 405 are no refusal of anyone
  }

  @Test
  @Order(4)
  void nothingHostileWasForwarded_andEveryRefusalIsCountedInTheAuditLog() throws Exception {
    assertThat(forwardedFrom).doesNotContain(hostile.getHostAddress());

    List<AuditEvent> counted = AuditTopic.countedFrom(hostile.getHostAddress(), edgeRefusals);
    assertThat(AuditTopic.total(counted)).isEqualTo(edgeRefusals);
    assertThat(counted)
        .allSatisfy(
            e -> {
              assertThat(e.getService()).isEqualTo("gateway");
              assertThat(e.getOutcome().name()).isEqualTo("DENIED");
              assertThat(e.getReason()).matches("4\\d\\d .+");
            });
    assertThat(counted)
        .extracting(AuditEvent::getReason)
        .contains(
            "400 encoded slash in path",
            "400 percent-encoding not UTF-8 in path",
            "414 request line too long",
            "431 headers too large",
            "415 Content-Type not a media type",
            "405 method not allowed",
            "401 no bearer token");
  }

  @Test
  @Order(5)
  void aFloodOfBadTokensIsStoppedPerAddressBeforeAuthentication_andCountedNotRecorded()
      throws Exception {
    InetAddress flooder = AuditTopic.ownLoopbackAddress();
    HttpClient http = HttpClient.newBuilder().localAddress(flooder).build();
    String valid = tokens.accessToken(LocalIdentity.CIVIL_AFFAIRS_SYSTEM);
    assertThat(call(http, valid).statusCode()).as("a valid token, before the flood").isEqualTo(200);

    int calls = 500;
    int unauthorized = 0;
    HttpResponse<String> limited = null;
    long start = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      HttpResponse<String> r = call(http, "not-a-token-" + i);
      if (r.statusCode() == 401) {
        unauthorized++;
      } else {
        assertThat(r.statusCode()).isEqualTo(429);
        limited = r;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    // Defaults: 50 failures at once, then 10 a second.
    assertThat(unauthorized).isBetween(50, 50 + (int) Math.ceil(10 * seconds) + 1);
    assertThat(limited).isNotNull();
    JsonNode problem = json.readTree(limited.body());
    assertThat(problem.get("type").asString()).isEqualTo("urn:hutong:problem:too-many-requests");
    assertThat(limited.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow()))
        .isPositive();
    assertThat(limited.headers().firstValue("X-Request-Id")).isPresent();

    // A caller whose token the gateway already accepted is not locked out with the flooder.
    assertThat(call(http, valid).statusCode())
        .as("the valid token, during the flood")
        .isEqualTo(200);

    List<AuditEvent> counted = AuditTopic.countedFrom(flooder.getHostAddress(), calls);
    assertThat(AuditTopic.total(counted)).isEqualTo(calls);
    assertThat(counted)
        .as("at most one event per reason and second, not one per call")
        .hasSizeLessThanOrEqualTo(2 * ((int) Math.ceil(seconds) + 2));
    assertThat(counted)
        .extracting(AuditEvent::getReason)
        .containsOnly(
            "401 bearer token rejected", "429 too many failed authentications from this address");
    long countedUnauthorized =
        counted.stream()
            .filter(e -> e.getReason().startsWith("401"))
            .mapToLong(AuditEvent::getRecordCount)
            .sum();
    assertThat(countedUnauthorized).isEqualTo(unauthorized);
  }

  private HttpResponse<String> call(HttpClient http, String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/catalog/v1/me"))
            .header("Authorization", "Bearer " + token)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void assertProblem(String what, RawHttp.Answer answer, int status) {
    assertThat(answer.status()).as(what + ": " + answer).isEqualTo(status);
    assertThat(answer.header("Content-Type")).as(what).isEqualTo("application/problem+json");
    assertThat(answer.header("X-Request-Id")).as(what + " X-Request-Id").matches(REQUEST_ID);
    JsonNode problem = json.readTree(answer.body());
    assertThat(problem.get("type").asString()).as(what).startsWith("urn:hutong:problem:");
    assertThat(problem.get("title").asString()).as(what).isNotBlank();
    assertThat(problem.get("status").asInt()).as(what).isEqualTo(status);
    assertThat(problem.get("detail").asString()).as(what).isNotBlank();
    assertThat(problem.get("instance").asString()).as(what).isNotBlank();
  }

  private static byte[] get(String target) {
    return get(target, null, 0);
  }

  /** A GET of {@code target} with {@code header} repeated {@code times} ({@code %d} numbered). */
  private static byte[] get(String target, String header, int times) {
    StringBuilder request =
        new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\nHost: localhost\r\n");
    for (int i = 0; i < times; i++) {
      request.append(header.formatted(i)).append("\r\n");
    }
    return request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] bytes(String request) {
    return request.getBytes(StandardCharsets.UTF_8);
  }

  private static HttpServer startUpstream() {
    return StandInUpstream.start(
        exchange -> {
          forwardedFrom.add(
              String.valueOf(exchange.getRequestHeaders().getFirst("X-Forwarded-For")));
          exchange.getRequestBody().transferTo(java.io.OutputStream.nullOutputStream());
          return "{}";
        });
  }
}
