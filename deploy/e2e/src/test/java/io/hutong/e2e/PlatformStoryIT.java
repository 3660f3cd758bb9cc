package io.hutong.e2e;

import static io.hutong.deploy.server.LocalIdentity.AUDITOR;
import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_SYSTEM;
import static io.hutong.deploy.server.LocalIdentity.PLATFORM_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY_SYSTEM;
import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.audit.verifier.Checkpoint;
import io.hutong.audit.verifier.Rfc9162;
import io.hutong.deploy.junit.HutongStack;
import io.hutong.deploy.server.LocalIdentity;
import io.hutong.deploy.server.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The story of the platform, end to end through the gateway with real Keycloak, PostgreSQL and
 * Kafka and the four services as separate processes: departments registered; a conditional dataset
 * registered; two fields requested, one approved; 10,000 records published and received with only
 * the approved field; revocation stops delivery within a second; the auditor finds every step and
 * every refusal and verifies the log's proofs.
 */
@ExtendWith(HutongStack.class)
class PlatformStoryIT {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static int gateway;
  static Tokens tokens;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void platform() {
    E2ePlatform platform = E2ePlatform.get();
    gateway = platform.gatewayPort();
    tokens = platform.tokens();
  }

  record Reply(int status, JsonNode body, String text) {}

  Reply call(LocalIdentity who, String method, String path, Object body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + gateway + path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json");
    if (who != null) {
      request.header("Authorization", "Bearer " + tokens.accessToken(who));
    }
    String text =
        body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
    request.method(
        method,
        text == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(text));
    HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode parsed =
        r.body().startsWith("{") || r.body().startsWith("[")
            ? JSON.readTree(r.body())
            : JSON.missingNode();
    return new Reply(r.statusCode(), parsed, r.body());
  }

  /**
   * Retries until {@code expected}: the exchange learns the catalogue through Kafka, a moment
   * later.
   */
  Reply until(int expected, LocalIdentity who, String method, String path, Object body)
      throws Exception {
    Instant deadline = Instant.now().plusSeconds(30);
    Reply r;
    do {
      r = call(who, method, path, body);
      if (r.status() == expected) {
        return r;
      }
      Thread.sleep(200);
    } while (Instant.now().isBefore(deadline));
    throw new AssertionError(
        method + " " + path + " never answered " + expected + ": " + r.status() + " " + r.text());
  }

  @Test
  void theWholeStory() throws Exception {
    // platform-admin registers departments
    for (String department : List.of("civil-affairs", "public-security")) {
      assertThat(
              call(
                      PLATFORM_ADMIN,
                      "POST",
                      "/api/catalog/v1/departments",
                      Map.of("code", department, "name", department))
                  .status())
          .isIn(201, 409);
    }
    // civil-affairs-admin registers a conditional dataset with a schema
    String code = "civil-affairs.marriages-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> dataset = new HashMap<>();
    dataset.put("code", code);
    dataset.put("name", "婚姻登记信息");
    dataset.put("category", "BASE");
    dataset.put("sharingType", "CONDITIONAL");
    dataset.put("legalBasis", "《婚姻登记条例》");
    dataset.put("updateFrequency", "DAILY");
    dataset.put(
        "schema",
        JSON.readTree(
            """
        {"type":"record","name":"Marriage","fields":[
          {"name":"certificateNo","type":"string"},
          {"name":"husbandName","type":"string"},
          {"name":"wifeName","type":"string"}]}"""));
    assertThat(call(CIVIL_AFFAIRS_ADMIN, "POST", "/api/catalog/v1/datasets", dataset).status())
        .isEqualTo(201);

    // public-security-admin requests two fields; civil-affairs-admin approves one
    Reply requested =
        call(
            PUBLIC_SECURITY_ADMIN,
            "POST",
            "/api/catalog/v1/datasets/" + code + "/access-requests",
            Map.of(
                "purpose", "verify marital status", "fields", List.of("husbandName", "wifeName")));
    assertThat(requested.status()).isEqualTo(201);
    Reply approved =
        call(
            CIVIL_AFFAIRS_ADMIN,
            "POST",
            "/api/catalog/v1/access-requests/"
                + requested.body().path("id").asString()
                + "/approve",
            Map.of("fields", List.of("wifeName")));
    assertThat(approved.status()).isEqualTo(200);
    String grant = approved.body().path("id").asString();

    // the public-security system subscribes (once the exchange has seen the grant)
    String subscription =
        until(
                201,
                PUBLIC_SECURITY_SYSTEM,
                "POST",
                "/api/exchange/v1/subscriptions",
                Map.of("dataset", code, "startFrom", "earliest"))
            .body()
            .path("id")
            .asString();

    // the civil-affairs system publishes 10,000 records
    for (int b = 0; b < 20; b++) {
      StringBuilder batch = new StringBuilder("{\"records\":[");
      for (int r = 0; r < 500; r++) {
        int n = b * 500 + r;
        batch
            .append(r == 0 ? "" : ",")
            .append("{\"key\":\"M-")
            .append(n)
            .append("\",\"value\":{\"certificateNo\":\"M-")
            .append(n)
            .append("\",\"husbandName\":\"张")
            .append(n)
            .append("\",\"wifeName\":\"李")
            .append(n)
            .append("\"}}");
      }
      assertThat(
              until(
                      200,
                      CIVIL_AFFAIRS_SYSTEM,
                      "POST",
                      "/api/exchange/v1/datasets/" + code + "/records",
                      batch.append("]}").toString())
                  .status())
          .isEqualTo(200);
    }

    // the subscriber receives exactly 10,000 records carrying only the approved field
    Set<String> received = new HashSet<>();
    int deliveries = 0;
    Instant deadline = Instant.now().plusSeconds(120);
    while (received.size() < 10_000 && Instant.now().isBefore(deadline)) {
      Reply page =
          call(
              PUBLIC_SECURITY_SYSTEM,
              "GET",
              "/api/exchange/v1/subscriptions/" + subscription + "/records?max=5000&waitMs=1000",
              null);
      assertThat(page.status()).isEqualTo(200);
      for (JsonNode record : page.body().path("records")) {
        assertThat(record.path("value").propertyNames()).containsExactly("wifeName");
        received.add(record.path("key").asString());
        deliveries++;
      }
      assertThat(
              call(
                      PUBLIC_SECURITY_SYSTEM,
                      "POST",
                      "/api/exchange/v1/subscriptions/" + subscription + "/commit",
                      Map.of("cursor", page.body().path("cursor").asString()))
                  .status())
          .isEqualTo(204);
    }
    assertThat(received).hasSize(10_000);
    assertThat(deliveries).isEqualTo(10_000);

    // civil-affairs-admin revokes: delivery stops within a second
    assertThat(
            call(
                    CIVIL_AFFAIRS_ADMIN,
                    "POST",
                    "/api/catalog/v1/grants/" + grant + "/revoke",
                    Map.of("reason", "purpose fulfilled"))
                .status())
        .isEqualTo(200);
    Instant revoked = Instant.now();
    Reply refused;
    do {
      refused =
          call(
              PUBLIC_SECURITY_SYSTEM,
              "GET",
              "/api/exchange/v1/subscriptions/" + subscription + "/records",
              null);
    } while (refused.status() == 200
        && Duration.between(revoked, Instant.now()).toMillis() < 5_000);
    long stoppedAfter = Duration.between(revoked, Instant.now()).toMillis();
    assertThat(refused.status()).isEqualTo(403);
    assertThat(stoppedAfter).as("ms from revocation to refusal").isLessThan(1_000);
    System.out.println("[e2e] delivery stopped " + stoppedAfter + " ms after the revocation");

    // the auditor finds every step and every refusal ...
    List<String> expected =
        List.of(
            "DATASET_REGISTERED:ALLOWED",
            "ACCESS_REQUESTED:ALLOWED",
            "ACCESS_APPROVED:ALLOWED",
            "SUBSCRIPTION_CREATED:ALLOWED",
            "RECORDS_PUBLISHED:ALLOWED",
            "RECORDS_FETCHED:ALLOWED",
            "OFFSETS_COMMITTED:ALLOWED",
            "GRANT_REVOKED:ALLOWED",
            "RECORDS_FETCHED:DENIED");
    Set<String> seen = new HashSet<>();
    long published = 0;
    deadline = Instant.now().plusSeconds(60);
    while (!seen.containsAll(expected) && Instant.now().isBefore(deadline)) {
      seen.clear();
      published = 0;
      String cursor = null;
      do {
        Reply page =
            call(
                AUDITOR,
                "GET",
                "/api/audit/v1/events?dataset="
                    + code
                    + "&limit=500"
                    + (cursor == null ? "" : "&cursor=" + cursor),
                null);
        assertThat(page.status()).isEqualTo(200);
        for (JsonNode item : page.body().path("items")) {
          JsonNode event = item.path("event");
          seen.add(event.path("action").asString() + ":" + event.path("outcome").asString());
          if (event.path("action").asString().equals("RECORDS_PUBLISHED")
              && event.path("outcome").asString().equals("ALLOWED")) {
            published += event.path("recordCount").asLong();
          }
        }
        cursor =
            page.body().path("nextCursor").isNull()
                ? null
                : page.body().path("nextCursor").asString();
      } while (cursor != null);
      if (!seen.containsAll(expected)) {
        Thread.sleep(500);
      }
    }
    assertThat(seen).containsAll(expected);
    assertThat(published).isEqualTo(10_000);

    // ... and verifies the tree's proofs with no Hutong service code
    assertThat(call(AUDITOR, "GET", "/api/audit/v1/verify", null).body().path("ok").asBoolean())
        .isTrue();
    JsonNode head = call(AUDITOR, "GET", "/api/audit/v1/tree-head", null).body();
    Checkpoint checkpoint =
        Checkpoint.verify(head.path("checkpoint").asString(), head.path("publicKey").asString());
    JsonNode someEvent =
        call(AUDITOR, "GET", "/api/audit/v1/events?dataset=" + code + "&action=GRANT_REVOKED", null)
            .body()
            .path("items")
            .get(0);
    JsonNode proof =
        call(
                AUDITOR,
                "GET",
                "/api/audit/v1/events/"
                    + someEvent.path("event").path("id").asString()
                    + "/proof?treeSize="
                    + checkpoint.size(),
                null)
            .body();
    List<byte[]> path = new ArrayList<>();
    proof.path("path").forEach(p -> path.add(Base64.getDecoder().decode(p.asString())));
    assertThat(
            Rfc9162.verifyInclusion(
                proof.path("leafIndex").asLong(),
                checkpoint.size(),
                Base64.getDecoder().decode(proof.path("leafHash").asString()),
                path,
                checkpoint.rootHash()))
        .isTrue();
  }
}
