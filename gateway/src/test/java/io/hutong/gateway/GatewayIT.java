package io.hutong.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.hutong.deploy.junit.HutongStack;
import io.hutong.deploy.process.FreePorts;
import io.hutong.deploy.server.LocalIdentity;
import io.hutong.deploy.server.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway against real Keycloak tokens. The catalogue route points at a recording HTTP server
 * standing in for catalog-service (the services have their own ITs); the exchange route points at a
 * port where nothing listens, to see how a service outage is reported.
 */
@ExtendWith(HutongStack.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayIT {

  private static final AtomicReference<String> upstreamAuthorization = new AtomicReference<>();
  private static final AtomicReference<String> upstreamPath = new AtomicReference<>();
  private static final AtomicReference<String> upstreamRequestId = new AtomicReference<>();
  private static final AtomicReference<String> upstreamForwarded = new AtomicReference<>();
  private static final AtomicReference<String> upstreamTraceparent = new AtomicReference<>();
  private static final HttpServer upstream = startUpstream();

  @DynamicPropertySource
  static void stack(DynamicPropertyRegistry registry) {
    HutongStack.infrastructure()
        .springProperties(io.hutong.deploy.server.ServiceDatabase.GATEWAY)
        .forEach((key, value) -> registry.add(key, () -> value));
    registry.add(
        "hutong.gateway.catalog-uri", () -> "http://localhost:" + upstream.getAddress().getPort());
    registry.add("hutong.gateway.exchange-uri", () -> "http://localhost:" + FreePorts.next());
    registry.add(
        "hutong.gateway.audit-uri", () -> "http://localhost:" + upstream.getAddress().getPort());
    registry.add(
        "hutong.gateway.console-uri", () -> "http://localhost:" + upstream.getAddress().getPort());
  }

  @LocalServerPort int port;

  private final HttpClient http = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();
  private final Tokens tokens = new Tokens(HutongStack.infrastructure().keycloak());

  @BeforeEach
  void reset() {
    upstreamAuthorization.set(null);
    upstreamPath.set(null);
  }

  @AfterAll
  static void stopUpstream() {
    upstream.stop(0);
  }

  @Test
  void withoutTokenTheGatewayRefuses401AndForwardsNothing() throws Exception {
    HttpResponse<String> response = get("/api/catalog/v1/me", null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertThat(json.readTree(response.body()).get("type").asString())
        .isEqualTo("urn:hutong:problem:unauthenticated");
    assertThat(upstreamPath.get()).isNull();
  }

  @Test
  void theConsoleIsRoutedWithoutATokenAndSeesTheHostTheBrowserUsed() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/console/catalog?q=%E5%A9%9A"))
                .header("X-Forwarded-Host", "evil.example")
                .header("X-Forwarded-Prefix", "/elsewhere")
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(upstreamPath.get()).isEqualTo("/console/catalog?q=%E5%A9%9A");
    assertThat(upstreamAuthorization.get()).isNull();
    // The browser's Host reaches the console; a client's X-Forwarded-* never does.
    assertThat(upstreamForwarded.get()).isEqualTo("localhost:" + port + " null null");
    // The console sets its own policy; the gateway's API policy would forbid its pages.
    assertThat(response.headers().firstValue("Content-Security-Policy")).isEmpty();
  }

  @Test
  void aValidTokenIsRoutedWithThePathUnchangedAndTheTokenRelayed() throws Exception {
    String token = tokens.accessToken(LocalIdentity.CIVIL_AFFAIRS_SYSTEM);

    HttpResponse<String> response = get("/api/catalog/v1/me?x=1", token);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"upstream\":\"catalog\"}");
    assertThat(upstreamPath.get()).isEqualTo("/api/catalog/v1/me?x=1");
    assertThat(upstreamAuthorization.get()).isEqualTo("Bearer " + token);
  }

  @Test
  void withTracingOffByDefaultTheGatewayStartsNoTrace() throws Exception {
    HttpResponse<String> response =
        get("/api/catalog/v1/me", tokens.accessToken(LocalIdentity.CIVIL_AFFAIRS_SYSTEM));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(upstreamTraceparent.get()).isNull();
  }

  @Test
  void everyForwardedCallCarriesARequestIdThatTheClientAlsoSees() throws Exception {
    String token = tokens.accessToken(LocalIdentity.CIVIL_AFFAIRS_SYSTEM);

    HttpResponse<String> generated = get("/api/catalog/v1/me", token);
    assertThat(upstreamRequestId.get()).isNotBlank();
    assertThat(generated.headers().firstValue("X-Request-Id")).hasValue(upstreamRequestId.get());

    HttpResponse<String> kept =
        http.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/catalog/v1/me"))
                .header("Authorization", "Bearer " + token)
                .header("X-Request-Id", "client-trace-42")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(upstreamRequestId.get()).isEqualTo("client-trace-42");
    assertThat(kept.headers().firstValue("X-Request-Id")).hasValue("client-trace-42");

    http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/catalog/v1/me"))
            .header("Authorization", "Bearer " + token)
            .header("X-Request-Id", "bad id with spaces and <script>")
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(upstreamRequestId.get()).doesNotContain(" ").hasSizeLessThanOrEqualTo(100);
  }

  @Test
  void rawUtf8InTheQuery_asCurlSendsIt_isForwardedPercentEncoded() throws Exception {
    String token = tokens.accessToken(LocalIdentity.CIVIL_AFFAIRS_SYSTEM);
    RawHttp.Answer answer =
        new RawHttp(port, java.net.InetAddress.getLoopbackAddress())
            .send(
                ("GET /api/catalog/v1/datasets?q=婚姻 HTTP/1.1\r\nHost: localhost\r\n"
                        + "Authorization: Bearer "
                        + token
                        + "\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));

    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    assertThat(upstreamPath.get()).isEqualTo("/api/catalog/v1/datasets?q=%E5%A9%9A%E5%A7%BB");
  }

  @Test
  void aTamperedTokenIsRefused() throws Exception {
    String token = tokens.accessToken(LocalIdentity.CIVIL_AFFAIRS_SYSTEM);
    String[] parts = token.split("\\.");
    String tampered =
        parts[0] + "." + parts[1].substring(0, parts[1].length() - 4) + "AAAA." + parts[2];

    HttpResponse<String> response = get("/api/catalog/v1/me", tampered);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(upstreamPath.get()).isNull();
  }

  @Test
  void theAuditRouteIsForAuditorsOnly() throws Exception {
    HttpResponse<String> denied =
        get("/api/audit/v1/me", tokens.accessToken(LocalIdentity.PLATFORM_ADMIN));
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(json.readTree(denied.body()).get("type").asString())
        .isEqualTo("urn:hutong:problem:forbidden");
    assertThat(upstreamPath.get()).isNull();

    HttpResponse<String> allowed =
        get("/api/audit/v1/me", tokens.accessToken(LocalIdentity.AUDITOR));
    assertThat(allowed.statusCode()).isEqualTo(200);
  }

  @Test
  void aServiceThatIsDownIsA503ProblemNotAStackTrace() throws Exception {
    HttpResponse<String> response =
        get("/api/exchange/v1/me", tokens.accessToken(LocalIdentity.CIVIL_AFFAIRS_SYSTEM));

    assertThat(response.statusCode()).isEqualTo(503);
    JsonNode problem = json.readTree(response.body());
    assertThat(problem.get("type").asString()).isEqualTo("urn:hutong:problem:service-unavailable");
    assertThat(response.body()).doesNotContain("Exception");
  }

  @Test
  void anUnroutedPathIsA404Problem() throws Exception {
    HttpResponse<String> response =
        get("/api/nowhere", tokens.accessToken(LocalIdentity.CIVIL_AFFAIRS_SYSTEM));

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }

  @Test
  void refusalsOfKnownCallersAreAuditedOneByOneThoseOfStrangersAreCounted() throws Exception {
    String marker = java.util.UUID.randomUUID().toString();
    HttpResponse<String> forbidden =
        get("/api/audit/v1/me?m=" + marker, tokens.accessToken(LocalIdentity.PLATFORM_ADMIN));
    assertThat(forbidden.statusCode()).isEqualTo(403);

    java.net.InetAddress stranger = AuditTopic.ownLoopbackAddress();
    RawHttp raw = new RawHttp(port, stranger);
    RawHttp.Answer noToken =
        raw.send("GET /api/catalog/v1/me?m=" + marker + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
    assertThat(noToken.status()).isEqualTo(401);
    RawHttp.Answer tooLarge =
        raw.send(
            "POST /api/exchange/v1/datasets/x.y/records?m="
                + marker
                + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 9437184\r\n\r\n");
    assertThat(tooLarge.status()).isEqualTo(413);

    // The platform admin is known: one event, naming them. (The stranger's counted events below
    // quote the marker too, in their sample resource, and may already have arrived.)
    assertThat(AuditTopic.rejectedMentioning(marker, 1))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getAction()).isEqualTo("REQUEST_REJECTED");
              assertThat(e.getService()).isEqualTo("gateway");
              assertThat(e.getActor()).isEqualTo("platform-admin");
              assertThat(e.getReason()).startsWith("403 ");
              assertThat(e.getRequestId())
                  .isEqualTo(forbidden.headers().firstValue("X-Request-Id").orElseThrow());
            });
    // The stranger is not: each reason counted per second, the first call named as a sample.
    java.util.List<io.hutong.schemas.audit.AuditEvent> counted =
        AuditTopic.countedFrom(stranger.getHostAddress(), 2);
    assertThat(counted)
        .extracting(
            io.hutong.schemas.audit.AuditEvent::getReason,
            io.hutong.schemas.audit.AuditEvent::getRecordCount,
            io.hutong.schemas.audit.AuditEvent::getRequestId)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                "401 no bearer token", 1L, noToken.header("X-Request-Id")),
            org.assertj.core.groups.Tuple.tuple(
                "413 request body larger than the limit", 1L, tooLarge.header("X-Request-Id")));
    assertThat(counted)
        .allMatch(
            e ->
                e.getService().equals("gateway")
                    && e.getActor() == null
                    && e.getResource().contains(marker));
  }

  @Test
  void theApiBrowserAtDocsRendersInABrowserWithItsScriptsStylesAndConfiguration() throws Exception {
    HttpClient browser =
        HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    HttpResponse<String> page =
        browser.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/docs"))
                .header("Accept", "text/html")
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(page.statusCode()).as(page.uri() + " after redirects").isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(page.body()).contains("<div id=\"swagger-ui\">");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'self'")
        .doesNotContain("*");

    // Everything the page loads, resolved against where the browser ended up.
    java.util.List<String> assets =
        java.util.regex.Pattern.compile("(?:src|href)=\"([^\"]+)\"")
            .matcher(page.body())
            .results()
            .map(m -> m.group(1))
            .toList();
    assertThat(assets)
        .anyMatch(a -> a.endsWith(".js"))
        .anyMatch(a -> a.endsWith(".css"))
        .contains("./swagger-initializer.js");
    String initializer = null;
    for (String asset : assets) {
      HttpResponse<String> loaded =
          browser.send(
              HttpRequest.newBuilder(page.uri().resolve(asset)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(loaded.statusCode()).as(asset).isEqualTo(200);
      if (asset.endsWith("swagger-initializer.js")) {
        initializer = loaded.body();
      }
    }
    java.util.regex.Matcher configUrl =
        java.util.regex.Pattern.compile("\"configUrl\"\\s*:\\s*\"([^\"]+)\"").matcher(initializer);
    assertThat(configUrl.find()).as("configUrl in " + initializer).isTrue();
    HttpResponse<String> config =
        browser.send(
            HttpRequest.newBuilder(page.uri().resolve(configUrl.group(1))).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(config.statusCode()).isEqualTo(200);
    assertThat(json.readTree(config.body()).get("urls").findValuesAsString("url"))
        .containsExactlyInAnyOrder(
            "/api/catalog/v1/openapi", "/api/exchange/v1/openapi", "/api/audit/v1/openapi");

    // The descriptions are public: forwarded without a token, even on the auditors' route.
    assertThat(get("/api/audit/v1/openapi", null).statusCode()).isEqualTo(200);
    assertThat(upstreamPath.get()).isEqualTo("/api/audit/v1/openapi");
    assertThat(upstreamAuthorization.get()).isNull();
  }

  @Test
  void browserConsolesOfAllowedOriginsPassCorsOthersDoNot() throws Exception {
    HttpResponse<String> allowed = preflight("http://localhost:3000");
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue("http://localhost:3000");
    assertThat(
            allowed.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
        .contains("authorization")
        .contains("idempotency-key");

    HttpResponse<String> refused = preflight("https://evil.example");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(json.readTree(refused.body()).get("type").asString())
        .isEqualTo("urn:hutong:problem:forbidden");
    assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void responsesCarrySecurityHeaders() throws Exception {
    HttpResponse<String> response = get("/api/catalog/v1/me", null);

    assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(response.headers().firstValue("Content-Security-Policy"))
        .get()
        .asString()
        .contains("default-src 'none'");
    assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
  }

  @Test
  void hostileTokensAreRefusedBeforeReachingAService() throws Exception {
    String real = tokens.accessToken(LocalIdentity.CIVIL_AFFAIRS_SYSTEM);
    String[] parts = real.split("\\.");
    String none =
        java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    "{\"alg\":\"none\",\"typ\":\"JWT\"}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))
            + "."
            + parts[1]
            + ".";
    var admin = new io.hutong.deploy.server.KeycloakAdmin(HutongStack.infrastructure().keycloak());
    String elsewhere = "elsewhere-" + java.util.UUID.randomUUID().toString().substring(0, 6);
    admin.createRealm(elsewhere);
    admin.createClient(elsewhere, "intruder", true, java.util.Map.of());
    String otherRealm = admin.clientToken(elsewhere, "intruder");
    String noAudienceClient =
        "no-audience-" + java.util.UUID.randomUUID().toString().substring(0, 6);
    admin.createClient("hutong", noAudienceClient, false, java.util.Map.of());
    String noAudience = admin.clientToken("hutong", noAudienceClient);

    for (var entry :
        java.util.Map.of(
                "alg none", none, "another realm", otherRealm, "no hutong-api audience", noAudience)
            .entrySet()) {
      HttpResponse<String> response =
          get("/api/catalog/v1/me?attack=" + entry.getKey().replace(' ', '-'), entry.getValue());
      assertThat(response.statusCode()).as(entry.getKey()).isEqualTo(401);
      assertThat(upstreamPath.get()).as(entry.getKey() + " never forwarded").isNull();
    }
  }

  private HttpResponse<String> preflight(String origin) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/catalog/v1/me"))
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "GET")
            .header("Access-Control-Request-Headers", "authorization,idempotency-key")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpServer startUpstream() {
    return StandInUpstream.start(
        exchange -> {
          upstreamAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
          upstreamPath.set(exchange.getRequestURI().toString());
          upstreamRequestId.set(exchange.getRequestHeaders().getFirst("X-Request-Id"));
          upstreamTraceparent.set(exchange.getRequestHeaders().getFirst("traceparent"));
          upstreamForwarded.set(
              exchange.getRequestHeaders().getFirst("Host")
                  + " "
                  + exchange.getRequestHeaders().getFirst("X-Forwarded-Host")
                  + " "
                  + exchange.getRequestHeaders().getFirst("X-Forwarded-Prefix"));
          String service = exchange.getRequestURI().getPath().split("/")[2];
          return "{\"upstream\":\"" + service + "\"}";
        });
  }
}
