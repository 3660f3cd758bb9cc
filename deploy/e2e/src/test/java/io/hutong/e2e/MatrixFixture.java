package io.hutong.e2e;

import static io.hutong.deploy.server.LocalIdentity.AUDITOR;
import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS;
import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_SYSTEM;
import static io.hutong.deploy.server.LocalIdentity.HUMAN_RESOURCES;
import static io.hutong.deploy.server.LocalIdentity.MARKET_REGULATION;
import static io.hutong.deploy.server.LocalIdentity.PLATFORM_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY;
import static io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY_SYSTEM;
import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.deploy.server.LocalIdentity;
import io.hutong.e2e.E2ePlatform.Reply;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the access matrix's probes act on, made once through the gateway by the identities the
 * contract says may make it, so that an ALLOWED cell acts on a real resource. Provider is
 * civil-affairs, consumer public-security, human-resources a third party. A destructive call
 * (retire, approve, reject, withdraw, revoke, delete) gets a resource of its own, so it cannot
 * spoil another row.
 *
 * @param dataset conditional, granted to public-security, two records published
 * @param retirable for {@code POST /datasets/{code}/retire}
 * @param evolvable for {@code POST /datasets/{code}/schemas}
 * @param requestable nobody has asked for it yet
 * @param approvable a pending request of public-security
 * @param rejectable another pending request of public-security
 * @param withdrawable another pending request of public-security
 * @param revocableGrant a live grant to public-security of its own dataset
 * @param subscription public-security-system's subscription of {@code dataset}
 * @param deletableSubscription another one, for {@code DELETE}
 * @param cursor a cursor of {@code subscription} with a record after it, for commit and stream
 * @param auditEventId an event of the audit log, for the audit API's per-event calls
 */
record MatrixFixture(
    String dataset,
    String retirable,
    String evolvable,
    String requestable,
    String approvable,
    String rejectable,
    String withdrawable,
    String revocableGrant,
    String subscription,
    String deletableSubscription,
    String cursor,
    String auditEventId) {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  /** Sets everything up; the exchange learns the catalogue through Kafka, so it is awaited. */
  static MatrixFixture create(E2ePlatform platform) throws IOException, InterruptedException {
    for (String department :
        List.of(CIVIL_AFFAIRS, PUBLIC_SECURITY, HUMAN_RESOURCES, MARKET_REGULATION)) {
      Reply r =
          platform.call(
              PLATFORM_ADMIN,
              "POST",
              "/api/catalog/v1/departments",
              Map.of("code", department, "name", department));
      assertThat(r.status()).as("register " + department + ": " + r.text()).isIn(201, 409);
    }
    String dataset = register(platform);
    String grantOfDataset = approve(platform, requestAccess(platform, dataset));
    assertThat(grantOfDataset).isNotBlank();
    String approvable = requestAccess(platform, register(platform));
    String rejectable = requestAccess(platform, register(platform));
    String withdrawable = requestAccess(platform, register(platform));
    String revocableGrant = approve(platform, requestAccess(platform, register(platform)));

    await(
        platform,
        CIVIL_AFFAIRS_SYSTEM,
        "POST",
        "/api/exchange/v1/datasets/" + dataset + "/records",
        Marriages.batch("matrix-1", "matrix-2"),
        r -> r.status() == 200);
    String subscription = subscribe(platform, dataset, "earliest");
    String deletable = subscribe(platform, dataset, "latest");
    Reply fetched =
        platform.call(
            PUBLIC_SECURITY_SYSTEM,
            "GET",
            "/api/exchange/v1/subscriptions/" + subscription + "/records?max=1&waitMs=5000",
            null);
    assertThat(fetched.status()).as("first fetch: " + fetched.text()).isEqualTo(200);
    assertThat(fetched.body().path("records")).as("first fetch: one of two records").hasSize(1);
    String cursor = fetched.body().path("cursor").asString();
    assertThat(cursor).isNotBlank();

    Reply events =
        await(
            platform,
            AUDITOR,
            "GET",
            "/api/audit/v1/events?limit=1",
            null,
            r -> r.status() == 200 && !r.body().path("items").isEmpty());
    String auditEventId = events.body().path("items").get(0).path("event").path("id").asString();

    return new MatrixFixture(
        dataset,
        register(platform),
        register(platform),
        register(platform),
        approvable,
        rejectable,
        withdrawable,
        revocableGrant,
        subscription,
        deletable,
        cursor,
        auditEventId);
  }

  private static String register(E2ePlatform platform) throws IOException, InterruptedException {
    String code = Marriages.code(CIVIL_AFFAIRS);
    Reply r =
        platform.call(
            CIVIL_AFFAIRS_ADMIN, "POST", "/api/catalog/v1/datasets", Marriages.registration(code));
    assertThat(r.status()).as("register " + code + ": " + r.text()).isEqualTo(201);
    return code;
  }

  /** public-security-admin asks for {@code code}; returns the pending request's id. */
  private static String requestAccess(E2ePlatform platform, String code)
      throws IOException, InterruptedException {
    Reply r =
        platform.call(
            PUBLIC_SECURITY_ADMIN,
            "POST",
            "/api/catalog/v1/datasets/" + code + "/access-requests",
            Marriages.accessRequest());
    assertThat(r.status()).as("request " + code + ": " + r.text()).isEqualTo(201);
    return r.body().path("id").asString();
  }

  /** civil-affairs-admin approves; returns the grant's id. */
  private static String approve(E2ePlatform platform, String request)
      throws IOException, InterruptedException {
    Reply r =
        platform.call(
            CIVIL_AFFAIRS_ADMIN,
            "POST",
            "/api/catalog/v1/access-requests/" + request + "/approve",
            Map.of());
    assertThat(r.status()).as("approve " + request + ": " + r.text()).isEqualTo(200);
    return r.body().path("id").asString();
  }

  private static String subscribe(E2ePlatform platform, String dataset, String startFrom)
      throws IOException, InterruptedException {
    return await(
            platform,
            PUBLIC_SECURITY_SYSTEM,
            "POST",
            "/api/exchange/v1/subscriptions",
            Map.of("dataset", dataset, "startFrom", startFrom),
            r -> r.status() == 201)
        .body()
        .path("id")
        .asString();
  }

  /** Repeats the call until {@code done}, for at most {@link #PATIENCE}. */
  private static Reply await(
      E2ePlatform platform,
      LocalIdentity who,
      String method,
      String path,
      Object body,
      Predicate<Reply> done)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(PATIENCE);
    Reply r = platform.call(who, method, path, body);
    while (!done.test(r) && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
      r = platform.call(who, method, path, body);
    }
    assertThat(done.test(r))
        .as("%s %s %s never succeeded: %d %s", who.name(), method, path, r.status(), r.text())
        .isTrue();
    return r;
  }
}
