package io.hutong.e2e;

import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.hutong.deploy.junit.HutongStack;
import io.hutong.deploy.server.KeycloakAdmin;
import io.hutong.deploy.server.LocalIdentity;
import io.hutong.e2e.AccessMatrix.Endpoint;
import io.hutong.e2e.AccessMatrix.Expect;
import io.hutong.e2e.AccessMatrix.Probe;
import io.hutong.e2e.E2ePlatform.Reply;
import io.hutong.e2e.HostileTokens.ShortLived;
import io.hutong.e2e.RefusalAudits.Expected;
import io.hutong.schemas.audit.AuditAction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Defence in depth, end to end: every local identity against every call of the API contract through
 * the gateway, each allowed or refused as the contract says; no token and hostile tokens (tampered,
 * {@code alg: none}, a stranger's key, another realm, no audience, expired) refused with 401 by the
 * gateway before any service sees them, and by each service when called directly; and every refusal
 * found in the audit log with its reason, actor and request id. Runs on the shared {@link
 * E2ePlatform}; the expired token is tested last, once Spring Security's 60 s clock skew has
 * passed.
 */
@ExtendWith(HutongStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityMatrixIT {

  private static final String UNAUTHENTICATED = "urn:hutong:problem:unauthenticated";
  private static final String REQUEST_REJECTED = AuditAction.REQUEST_REJECTED.name();
  private static final Duration AUDIT_PATIENCE = Duration.ofSeconds(60);

  private static E2ePlatform platform;
  private static RefusalAudits audits;
  private static HostileTokens hostile;
  private static MatrixFixture fixture;

  /** The short-lived token's answers while it was fresh: proof that only expiry refuses it. */
  private static final Map<String, Integer> freshShortLived = new LinkedHashMap<>();

  private static final List<Expected> matrixRefusals = new CopyOnWriteArrayList<>();
  private static final List<Expected> authenticationRefusals = new CopyOnWriteArrayList<>();

  /**
   * One call per service that a bad token must not get through; {@code %s} in the path is the
   * probe's marker, so that the catalogue, which audits paths without their query, records it too.
   */
  private record Target(String service, String method, String pathFormat, Object body) {

    String path(String marker) {
      return withMarker(pathFormat.formatted(marker), marker);
    }
  }

  /** The exchange's is a publish to {@code dataset}: what a forged system token would be for. */
  private static List<Target> targets(String dataset) {
    return List.of(
        new Target(
            E2ePlatform.CATALOG, "GET", "/api/catalog/v1/datasets/civil-affairs.probe-%s", null),
        new Target(
            E2ePlatform.EXCHANGE,
            "POST",
            "/api/exchange/v1/datasets/" + dataset + "/records",
            Marriages.batch("hostile")),
        new Target(E2ePlatform.AUDIT, "GET", "/api/audit/v1/events", null));
  }

  @BeforeAll
  static void platformTokensAndFixture() throws Exception {
    Instant start = Instant.now();
    platform = E2ePlatform.get();
    audits = new RefusalAudits(platform, start.minusSeconds(5));
    hostile =
        HostileTokens.make(platform, new KeycloakAdmin(HutongStack.infrastructure().keycloak()));
    String fresh = "Bearer " + hostile.shortLived().token();
    for (Target target : targets(Marriages.code(CIVIL_AFFAIRS))) {
      String marker = marker();
      freshShortLived.put(
          "gateway → " + target.service(),
          platform
              .callWithAuthorization(fresh, target.method(), target.path(marker), target.body())
              .status());
      freshShortLived.put(
          target.service() + " directly",
          platform
              .callPort(
                  platform.port(target.service()),
                  fresh,
                  target.method(),
                  target.path(marker),
                  target.body(),
                  Map.of())
              .status());
    }
    fixture = MatrixFixture.create(platform);
  }

  @TestFactory
  @Order(1)
  Stream<DynamicTest> everyIdentityOnEveryEndpointThroughTheGateway() {
    return AccessMatrix.endpoints(fixture).stream().flatMap(SecurityMatrixIT::cells);
  }

  /**
   * One cell per identity, refusals first: the one identity allowed a destructive call then acts on
   * a resource nobody touched, and a refusal that wrongly succeeded shows as its own failure.
   */
  private static Stream<DynamicTest> cells(Endpoint endpoint) {
    return LocalIdentity.all().stream()
        .sorted(
            Comparator.comparing((LocalIdentity who) -> !endpoint.expect().apply(who).refused()))
        .map(
            who -> {
              Expect expect = endpoint.expect().apply(who);
              return dynamicTest(
                  who.name() + " " + endpoint.name() + " → " + expect.label(),
                  () -> cell(endpoint, who, expect));
            });
  }

  private static void cell(Endpoint endpoint, LocalIdentity who, Expect expect) throws Exception {
    String what = who.name() + " " + endpoint.name();
    String marker = marker();
    Probe probe = endpoint.probe().apply(who);
    String path = withMarker(probe.path(), marker);
    String bearer = "Bearer " + platform.tokens().accessToken(who);
    int gateway = platform.gatewayPort();
    Reply r =
        endpoint.stream()
            ? platform.openStream(gateway, bearer, path, probe.headers())
            : platform.callPort(
                gateway, bearer, endpoint.method(), path, probe.body(), probe.headers());

    assertThat(r.status()).as("%s → %s: %s", what, expect, r.text()).isEqualTo(expect.status());
    if (expect.refused()) {
      assertThat(r.isProblem()).as(what + " answers problem+json").isTrue();
      AuditAction action = endpoint.refusalAction();
      matrixRefusals.add(
          new Expected(
              what,
              endpoint.refusedBy(),
              action == null ? null : action.name(),
              who.name(),
              r.status(),
              detail(r),
              r.header("X-Request-Id"),
              marker,
              endpoint.refusedBy().equals(E2ePlatform.GATEWAY)));
    } else if (endpoint.stream()) {
      assertThat(r.header("Content-Type")).as(what).startsWith("text/event-stream");
    }
  }

  @TestFactory
  @Order(2)
  Stream<DynamicTest> withoutATokenTheGatewayAnswers401ForEveryService() {
    return Stream.of(
            new Probe("/api/catalog/v1/datasets", null),
            new Probe("/api/catalog/v1/departments", Map.of("code", "mx-anonymous", "name", "x")),
            new Probe(
                "/api/exchange/v1/datasets/" + fixture.dataset() + "/records",
                Marriages.batch("anonymous")),
            new Probe("/api/exchange/v1/subscriptions", null),
            new Probe("/api/audit/v1/events", null),
            new Probe("/api/audit/v1/verify", null))
        .map(
            probe -> {
              String method = probe.body() == null ? "GET" : "POST";
              String what = "no token " + method + " " + probe.path();
              return dynamicTest(
                  what + " → 401",
                  () -> {
                    String marker = marker();
                    Reply r =
                        platform.callWithAuthorization(
                            null, method, withMarker(probe.path(), marker), probe.body());
                    assertUnauthenticated(r, what);
                    authenticationRefusals.add(refusedAtGateway(what, r, marker));
                  });
            });
  }

  @TestFactory
  @Order(3)
  Stream<DynamicTest> hostileTokensAreRefusedAtTheGatewayBeforeAnyService() {
    return hostile.byFlaw().entrySet().stream()
        .flatMap(
            flaw ->
                targets(fixture.dataset()).stream()
                    .map(
                        target ->
                            dynamicTest(
                                flaw.getKey() + " → gateway → " + target.service() + " → 401",
                                () ->
                                    throughGateway(
                                        flaw.getKey(),
                                        "Bearer " + flaw.getValue(),
                                        target,
                                        authenticationRefusals))));
  }

  @TestFactory
  @Order(4)
  Stream<DynamicTest> hostileTokensAndNoTokenAreRefusedByEachServiceCalledDirectly() {
    Map<String, String> authorizations = new LinkedHashMap<>();
    authorizations.put("no token", null);
    hostile.byFlaw().forEach((flaw, token) -> authorizations.put(flaw, "Bearer " + token));
    return authorizations.entrySet().stream()
        .flatMap(
            authorization ->
                targets(fixture.dataset()).stream()
                    .map(
                        target ->
                            dynamicTest(
                                authorization.getKey() + " → " + target.service() + " → 401",
                                () ->
                                    direct(
                                        authorization.getKey(),
                                        authorization.getValue(),
                                        target,
                                        authenticationRefusals))));
  }

  @Test
  @Order(5)
  void everyRefusalOfTheMatrixIsAuditedWithItsReasonActorAndRequestId() throws Exception {
    audits.assertAudited(matrixRefusals, AUDIT_PATIENCE);
  }

  @Test
  @Order(6)
  void everyAuthenticationRefusalIsAuditedAndNoneReachedAServiceThroughTheGateway()
      throws Exception {
    audits.assertAudited(authenticationRefusals, AUDIT_PATIENCE);
  }

  @Test
  @Order(7)
  void anExpiredTokenIsRefusedByTheGatewayAndByEachService() throws Exception {
    ShortLived token = hostile.shortLived();
    assertThat(Duration.between(token.issuedAt(), token.expiresAt()))
        .as("lifespan of the short-lived client's tokens (client attribute access.token.lifespan)")
        .isLessThanOrEqualTo(Duration.ofSeconds(5));
    assertThat(freshShortLived)
        .as("while fresh, the token passed authentication everywhere, else expiry proves nothing")
        .hasSize(6)
        .doesNotContainValue(401);
    // Spring Security accepts a token up to 60 s past its exp (default clock skew).
    Instant refusedFrom =
        latest(token.issuedAt().plusSeconds(62), token.expiresAt().plusSeconds(61));
    Duration remaining = Duration.between(Instant.now(), refusedFrom);
    if (remaining.isPositive()) {
      System.out.println("[e2e] waiting " + remaining.toSeconds() + " s for the token to expire");
      Thread.sleep(remaining);
    }

    List<Expected> refusals = new ArrayList<>();
    String bearer = "Bearer " + token.token();
    for (Target target : targets(fixture.dataset())) {
      throughGateway("expired token", bearer, target, refusals);
      direct("expired token", bearer, target, refusals);
    }
    audits.assertAudited(refusals, AUDIT_PATIENCE);
  }

  /**
   * The metrics endpoint of the gateway and of each service called directly: without a token 401,
   * with any local identity's token 403 (both problem+json), and only the monitoring client's token
   * (role metrics-reader) reads the metrics.
   */
  @TestFactory
  @Order(8)
  Stream<DynamicTest> onlyTheMonitoringClientReadsTheMetricsOfEachService() {
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put(E2ePlatform.GATEWAY, platform.gatewayPort());
    for (String service : List.of(E2ePlatform.CATALOG, E2ePlatform.EXCHANGE, E2ePlatform.AUDIT)) {
      ports.put(service, platform.port(service));
    }
    return ports.entrySet().stream()
        .map(
            service ->
                dynamicTest(
                    service.getKey() + " /actuator/prometheus",
                    () -> metricsOnlyForMonitoring(service.getKey(), service.getValue())));
  }

  private static void metricsOnlyForMonitoring(String service, int port) throws Exception {
    String path = "/actuator/prometheus";
    Reply anonymous = platform.callPort(port, null, "GET", path, null, Map.of());
    assertThat(anonymous.status()).as(service + " without a token").isEqualTo(401);
    assertThat(anonymous.isProblem()).as(service + " without a token").isTrue();
    for (LocalIdentity who : LocalIdentity.all()) {
      Reply refused =
          platform.callPort(
              port, "Bearer " + platform.tokens().accessToken(who), "GET", path, null, Map.of());
      assertThat(refused.status()).as(service + " as " + who.name()).isEqualTo(403);
      assertThat(refused.isProblem()).as(service + " as " + who.name()).isTrue();
    }
    Reply monitoring =
        platform.callPort(
            port,
            "Bearer "
                + platform
                    .tokens()
                    .monitoringToken(HutongStack.infrastructure().monitoringClient()),
            "GET",
            path,
            null,
            Map.of());
    assertThat(monitoring.status()).as(service + " as hutong-monitoring").isEqualTo(200);
    assertThat(monitoring.text()).contains("jvm_memory_used_bytes{application=\"" + service);
  }

  /**
   * Calls {@code target} through the gateway with {@code authorization} (none when null), expects
   * 401, and records the refusal the gateway must audit.
   */
  private static void throughGateway(
      String flaw, String authorization, Target target, List<Expected> refusals) throws Exception {
    String what = flaw + " → gateway → " + target.service();
    String marker = marker();
    Reply r =
        platform.callWithAuthorization(
            authorization, target.method(), target.path(marker), target.body());
    assertUnauthenticated(r, what);
    refusals.add(refusedAtGateway(what, r, marker));
  }

  /**
   * Calls {@code target} on the service's own port with {@code authorization} (none when null) and
   * its own request id, expects 401, and records the refusal where the service audits it.
   */
  private static void direct(
      String flaw, String authorization, Target target, List<Expected> refusals) throws Exception {
    String what = flaw + " → " + target.service() + " directly";
    String marker = marker();
    String requestId = "direct-" + marker;
    Reply r =
        platform.callPort(
            platform.port(target.service()),
            authorization,
            target.method(),
            target.path(marker),
            target.body(),
            Map.of("X-Request-Id", requestId));
    assertUnauthenticated(r, what);
    // exchange-service's security handlers write no audit event: nothing to look for there.
    if (!target.service().equals(E2ePlatform.EXCHANGE)) {
      refusals.add(
          new Expected(
              what,
              target.service(),
              REQUEST_REJECTED,
              null,
              401,
              detail(r),
              requestId,
              null,
              false));
    }
  }

  private static Expected refusedAtGateway(String what, Reply r, String marker) {
    return new Expected(
        what,
        E2ePlatform.GATEWAY,
        REQUEST_REJECTED,
        null,
        r.status(),
        detail(r),
        r.header("X-Request-Id"),
        marker,
        true);
  }

  private static void assertUnauthenticated(Reply r, String what) {
    assertThat(r.status()).as(what + ": " + r.text()).isEqualTo(401);
    assertThat(r.isProblem()).as(what + " answers problem+json").isTrue();
    assertThat(r.body().path("type").asString()).as(what).isEqualTo(UNAUTHENTICATED);
    assertThat(r.header("WWW-Authenticate")).as(what + " challenge").startsWith("Bearer");
  }

  private static String detail(Reply r) {
    return RefusalAudits.text(r.body(), "detail");
  }

  /** A random token to find a call in the audit log by: valid in dataset codes and request ids. */
  private static String marker() {
    return "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  private static String withMarker(String path, String marker) {
    return path + (path.contains("?") ? "&" : "?") + "probe=" + marker;
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
