package io.hutong.exchange.lookup;

import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_SYSTEM;
import static io.hutong.deploy.server.LocalIdentity.HUMAN_RESOURCES_SYSTEM;
import static io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY_SYSTEM;
import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.deploy.server.LocalIdentity;
import io.hutong.exchange.ExchangeITBase;
import io.hutong.exchange.publish.PublishIT;
import io.hutong.schemas.audit.AuditEvent;
import io.hutong.schemas.catalog.CatalogTopics;
import io.hutong.schemas.catalog.DatasetStatus;
import io.hutong.schemas.catalog.DatasetUpdated;
import io.hutong.schemas.catalog.GrantRevoked;
import io.hutong.schemas.catalog.SchemaVersionAdded;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Lookups and verifications against real Kafka and PostgreSQL: read fields disclosed, verify-only
 * fields never (by any call), tombstones, records of older schema versions, the daily quota,
 * revocation within a second, one audit event per call naming its keys, and every refusal a
 * problem.
 */
class LookupIT extends ExchangeITBase {

  private static final List<String> READ = List.of("certificateNo", "husbandName");

  @org.springframework.beans.factory.annotation.Autowired LatestRecords store;
  @org.springframework.beans.factory.annotation.Autowired LookupQuota quota;
  @org.springframework.beans.factory.annotation.Autowired LatestStateIngestor ingestor;
  private static final List<String> VERIFY = List.of("wifeName");

  @Test
  void aLookupDisclosesTheReadFieldsOfTheLatestRecordAndNeverAVerifyOnlyField() {
    String code = datasetAnnounced(DatasetStatus.ACTIVE);
    grantAnnounced(code, "public-security", READ, VERIFY, null, null);
    publish(code, record("L-1", "张三", "李四", null), record("L-2", "王五", "赵六", "海淀区"));
    publish(code, record("L-1", "张三丰", "李四", null)); // a newer record of L-1

    JsonNode found = awaitFound(code, "L-1", "张三丰");

    assertThat(found.path("key").asString()).isEqualTo("L-1");
    assertThat(names(found.path("value"))).containsExactly("certificateNo", "husbandName");
    assertThat(found.path("value").path("husbandName").asString()).isEqualTo("张三丰");
    assertThat(found.path("schemaVersion").asInt()).isEqualTo(1);
    assertThat(found.has("partition") && found.has("offset") && found.has("timestamp")).isTrue();

    Response batch = lookups(PUBLIC_SECURITY_SYSTEM, code, "L-2", "L-1", "L-404", "L-2");
    assertThat(batch.status()).as(batch.text()).isEqualTo(200);
    assertThat(batch.body().path("items")).hasSize(2);
    assertThat(batch.body().path("items").get(0).path("key").asString()).isEqualTo("L-2");
    assertThat(batch.body().path("missing").get(0).asString()).isEqualTo("L-404");
    for (JsonNode item : batch.body().path("items")) {
      assertThat(names(item.path("value"))).containsExactly("certificateNo", "husbandName");
    }
    // A subscription of the same grant does not show the verify-only field either.
    Response sub =
        send(
            PUBLIC_SECURITY_SYSTEM,
            "POST",
            "/api/exchange/v1/subscriptions",
            "{\"dataset\":\"" + code + "\",\"startFrom\":\"earliest\"}");
    assertThat(sub.status()).as(sub.text()).isEqualTo(201);
    Response page =
        send(
            PUBLIC_SECURITY_SYSTEM,
            "GET",
            "/api/exchange/v1/subscriptions/"
                + sub.body().path("id").asString()
                + "/records?max=10",
            null);
    assertThat(page.body().path("records")).hasSize(3);
    assertThat(page.text()).doesNotContain("wifeName").doesNotContain("李四");
    assertThat(batch.text() + found).doesNotContain("wifeName").doesNotContain("李四");
  }

  @Test
  void aVerificationAnswersMatchesOnlyComparingStringsAfterNfcNormalisation() {
    String code = datasetAnnounced(DatasetStatus.ACTIVE);
    grantAnnounced(code, "public-security", READ, VERIFY, null, null);
    publish(code, record("V-1", "José", "Zoë", "朝阳区"));
    awaitFound(code, "V-1", "José");

    // Decomposed accents (e + U+0301) equal the composed ones stored.
    Response same =
        verify(code, "V-1", Map.of("wifeName", "Zoe\u0308", "husbandName", "Jose\u0301"));
    assertThat(same.status()).as(same.text()).isEqualTo(200);
    assertThat(same.body().path("found").asBoolean()).isTrue();
    assertThat(same.body().path("matches").path("wifeName").asBoolean()).isTrue();
    assertThat(same.body().path("matches").path("husbandName").asBoolean()).isTrue();
    assertThat(same.text()).doesNotContain("Zoë").doesNotContain("José");

    Response other = verify(code, "V-1", Map.of("wifeName", "zoë"));
    assertThat(other.body().path("matches").path("wifeName").asBoolean()).isFalse();

    Response absent = verify(code, "V-404", Map.of("wifeName", "Zoë"));
    assertThat(absent.status()).isEqualTo(200);
    assertThat(absent.body().path("found").asBoolean()).isFalse();
    assertThat(absent.body().path("matches").size()).isZero();

    // district is neither read nor verify: refused, and nothing compared.
    assertProblem(verify(code, "V-1", Map.of("district", "朝阳区")), 403, "field-not-granted");
    assertProblem(verify(code, "V-1", Map.of("nickname", "x")), 422, "invalid-request");
    assertProblem(verify(code, "V-1", Map.of("wifeName", 42)), 422, "invalid-request");
  }

  @Test
  void aTombstoneWithdrawsTheKeyFromLookupsAndReachesSubscribersAsANullValue() {
    String code = datasetAnnounced(DatasetStatus.ACTIVE);
    grantAnnounced(code, "public-security", READ, VERIFY, null, null);
    publish(code, record("T-1", "甲", "乙", null));
    awaitFound(code, "T-1", "甲");

    Response tombstone =
        send(
            CIVIL_AFFAIRS_SYSTEM,
            "POST",
            "/api/exchange/v1/datasets/" + code + "/records",
            "{\"records\":[{\"key\":\"T-1\",\"value\":null}]}");
    assertThat(tombstone.status()).as(tombstone.text()).isEqualTo(200);
    awaitStatus(code, "T-1", 404);
    assertProblem(lookup(code, "T-1"), 404, "not-found");
    Response batch = lookups(PUBLIC_SECURITY_SYSTEM, code, "T-1");
    assertThat(batch.body().path("missing").get(0).asString()).isEqualTo("T-1");
    assertThat(verify(code, "T-1", Map.of("wifeName", "乙")).body().path("found").asBoolean())
        .isFalse();

    Response sub =
        send(
            PUBLIC_SECURITY_SYSTEM,
            "POST",
            "/api/exchange/v1/subscriptions",
            "{\"dataset\":\"" + code + "\",\"startFrom\":\"earliest\"}");
    Response page =
        send(
            PUBLIC_SECURITY_SYSTEM,
            "GET",
            "/api/exchange/v1/subscriptions/"
                + sub.body().path("id").asString()
                + "/records?max=10",
            null);
    assertThat(page.status()).as(page.text()).isEqualTo(200);
    JsonNode last = page.body().path("records").get(1);
    assertThat(last.path("key").asString()).isEqualTo("T-1");
    assertThat(last.path("value").isNull()).isTrue();

    Response keyless =
        send(
            CIVIL_AFFAIRS_SYSTEM,
            "POST",
            "/api/exchange/v1/datasets/" + code + "/records",
            "{\"records\":[{\"value\":null}]}");
    assertThat(keyless.status()).isEqualTo(422);
  }

  @Test
  void aRecordOfAnOlderSchemaVersionIsReadWithItsWriterSchema() {
    String code = datasetAnnounced(DatasetStatus.ACTIVE);
    grantAnnounced(
        code,
        "public-security",
        List.of("certificateNo", "husbandName", "registeredOn"),
        VERIFY,
        null,
        null);
    publish(code, record("E-1", "老", "旧", null));
    awaitFound(code, "E-1", "老");
    Schema v2 =
        new Schema.Parser()
            .parse(
                MARRIAGE_SCHEMA.replace(
                    "{\"name\":\"district\",\"type\":[\"null\",\"string\"],\"default\":null}",
                    "{\"name\":\"district\",\"type\":[\"null\",\"string\"],\"default\":null},"
                        + "{\"name\":\"registeredOn\",\"type\":[\"null\",{\"type\":\"int\",\"logicalType\":\"date\"}],\"default\":null}"));
    feed(
        CatalogTopics.schemaKey(code, 2),
        SchemaVersionAdded.newBuilder()
            .setDataset(code)
            .setVersion(2)
            .setSchema$(v2.toString())
            .setFingerprint(SchemaNormalization.parsingFingerprint64(v2))
            .build());
    var state =
        io.hutong.schemas.catalog.DatasetState.newBuilder(view.dataset(code).orElseThrow())
            .setCurrentSchemaVersion(2)
            .build();
    feed(CatalogTopics.datasetKey(code), DatasetUpdated.newBuilder().setDataset(state).build());
    awaitView(() -> view.currentSchema(code).map(v -> v.version() == 2).orElse(false));
    publish(
        code,
        "{\"key\":\"E-2\",\"value\":{\"certificateNo\":\"E-2\",\"husbandName\":\"新\","
            + "\"wifeName\":\"今\",\"district\":null,\"registeredOn\":\"2024-02-29\"}}");

    JsonNode fresh = awaitFound(code, "E-2", "新");
    assertThat(fresh.path("schemaVersion").asInt()).isEqualTo(2);
    assertThat(fresh.path("value").path("registeredOn").asString()).isEqualTo("2024-02-29");
    JsonNode old = lookup(code, "E-1").body();
    assertThat(old.path("schemaVersion").asInt()).isEqualTo(1);
    assertThat(names(old.path("value"))).containsExactly("certificateNo", "husbandName");

    // Dates compare by value; the old record has no such field, so it cannot match.
    assertThat(
            verify(code, "E-2", Map.of("registeredOn", "2024-02-29"))
                .body()
                .path("matches")
                .path("registeredOn")
                .asBoolean())
        .isTrue();
    assertThat(
            verify(code, "E-1", Map.of("registeredOn", "2024-02-29"))
                .body()
                .path("matches")
                .path("registeredOn")
                .asBoolean())
        .isFalse();
    assertProblem(
        verify(code, "E-2", Map.of("registeredOn", "29.02.2024")), 422, "invalid-request");
  }

  @Test
  void theDailyQuotaCountsEveryKeyAndEveryVerificationAndRefusesPastIt() {
    String code = datasetAnnounced(DatasetStatus.ACTIVE);
    UUID grant = grantAnnounced(code, "public-security", READ, VERIFY, 4, null);
    publish(code, record("Q-1", "一", "二", null));
    awaitStored(code, "Q-1"); // without a lookup: waiting must not spend the quota

    int used = 0;
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      int status = verify(code, "Q-1", Map.of("wifeName", "二")).status();
      statuses.add(status);
      if (status == 200) {
        used++;
      }
    }
    assertThat(statuses).containsExactly(200, 200, 200, 200, 429, 429);
    Response refused = lookups(PUBLIC_SECURITY_SYSTEM, code, "Q-1", "Q-2");
    assertProblem(refused, 429, "lookup-quota-exceeded");
    List<AuditEvent> denied =
        PublishIT.audit(
            e ->
                code.equals(e.getDataset())
                    && e.getAction().equals("RECORD_LOOKED_UP")
                    && e.getOutcome().name().equals("DENIED")
                    && e.getKeys().contains("Q-2"),
            1);
    assertThat(denied).isNotEmpty();
    assertThat(denied.getFirst().getReason()).contains("quota");
    assertThat(used).isEqualTo(4);
    assertThat(quota.used(grant, java.time.LocalDate.now(java.time.ZoneOffset.UTC))).isEqualTo(4);
  }

  @Test
  void aRevokedGrantStopsLookupsWithinOneSecond() {
    String code = datasetAnnounced(DatasetStatus.ACTIVE);
    UUID grant = grantAnnounced(code, "public-security", READ, VERIFY, null, null);
    publish(code, record("R-1", "丙", "丁", null));
    awaitFound(code, "R-1", "丙");

    Instant revoked = Instant.now();
    feed(
        CatalogTopics.grantKey(grant.toString()),
        GrantRevoked.newBuilder()
            .setGrantId(grant)
            .setDataset(code)
            .setConsumer("public-security")
            .setReason("purpose fulfilled")
            .setRevokedBy("civil-affairs-admin")
            .setRevokedAt(revoked.truncatedTo(ChronoUnit.MICROS))
            .setExpired(false)
            .build());
    Instant refusedAt = null;
    while (Duration.between(revoked, Instant.now()).toMillis() < 5_000) {
      if (lookup(code, "R-1").status() == 403) {
        refusedAt = Instant.now();
        break;
      }
    }
    assertThat(refusedAt).as("refused after revocation").isNotNull();
    assertThat(Duration.between(revoked, refusedAt)).isLessThan(Duration.ofSeconds(1));
    assertProblem(lookup(code, "R-1"), 403, "not-granted");
    assertProblem(verify(code, "R-1", Map.of("wifeName", "丁")), 403, "not-granted");
  }

  @Test
  void everyCallIsOneAuditEventNamingItsKeysFieldsAndWhatTheCallerLearned() {
    String code = datasetAnnounced(DatasetStatus.ACTIVE);
    grantAnnounced(code, "public-security", READ, VERIFY, null, null);
    publish(code, record("A-1", "戊", "己", null));
    awaitFound(code, "A-1", "戊");
    String marker = "A-" + UUID.randomUUID().toString().substring(0, 8);

    lookups(PUBLIC_SECURITY_SYSTEM, code, "A-1", marker);
    verify(code, "A-1", Map.of("wifeName", "己"));

    AuditEvent looked =
        awaitAudit(e -> e.getAction().equals("RECORD_LOOKED_UP") && e.getKeys().contains(marker));
    assertThat(looked.getKeys()).containsExactly("A-1", marker);
    assertThat(looked.getFields()).containsExactly("certificateNo", "husbandName");
    assertThat(looked.getResult()).contains("found 1 of 2").contains("missing: " + marker);
    assertThat(looked.getActor()).isEqualTo("public-security-system");
    assertThat(looked.getOutcome().name()).isEqualTo("ALLOWED");
    AuditEvent verified =
        awaitAudit(
            e ->
                e.getAction().equals("RECORD_VERIFIED")
                    && code.equals(e.getDataset())
                    && e.getKeys().contains("A-1"));
    assertThat(verified.getFields()).containsExactly("wifeName");
    assertThat(verified.getResult()).contains("wifeName=match");
  }

  @Test
  void theLatestStateIsRebuiltFromKafkaAlone() {
    String code = datasetAnnounced(DatasetStatus.ACTIVE);
    grantAnnounced(code, "public-security", READ, VERIFY, null, null);
    publish(code, record("B-1", "旧", "甲", null), record("B-2", "留", "乙", null));
    publish(code, record("B-1", "新", "甲", null));
    publish(code, "{\"key\":\"B-2\",\"value\":null}");
    awaitFound(code, "B-1", "新");
    awaitStatus(code, "B-2", 404);

    // The operator's rebuild: stop the ingest, forget rows and positions, start again.
    ingestor.stop();
    store.clear();
    assertThat(store.find(code, "B-1")).isEmpty();
    ingestor.start();

    JsonNode rebuilt = awaitFound(code, "B-1", "新");
    assertThat(rebuilt.path("value").path("husbandName").asString()).isEqualTo("新");
    assertProblem(lookup(code, "B-2"), 404, "not-found");
  }

  @Test
  void everyRefusalIsAProblem() {
    String code = datasetAnnounced(DatasetStatus.ACTIVE);
    grantAnnounced(code, "public-security", READ, VERIFY, null, null);

    assertProblem(
        send(HUMAN_RESOURCES_SYSTEM, "GET", recordPath(code, "K"), null), 403, "not-granted");
    assertProblem(send(CIVIL_AFFAIRS_ADMIN, "GET", recordPath(code, "K"), null), 403, "forbidden");
    assertProblem(
        send(PUBLIC_SECURITY_SYSTEM, "GET", recordPath("civil-affairs.no-such-dataset", "K"), null),
        404,
        "not-found");
    assertProblem(send(null, "GET", recordPath(code, "K"), null), 401, "unauthenticated");
    String[] many = new String[101];
    for (int i = 0; i < many.length; i++) {
      many[i] = "K-" + i;
    }
    assertProblem(lookups(PUBLIC_SECURITY_SYSTEM, code, many), 422, "invalid-request");
    assertProblem(lookups(PUBLIC_SECURITY_SYSTEM, code), 422, "invalid-request");
    assertProblem(
        send(
            PUBLIC_SECURITY_SYSTEM,
            "POST",
            "/api/exchange/v1/datasets/" + code + "/lookups",
            "{\"keys\":[1]}"),
        422,
        "invalid-request");
    assertProblem(
        send(
            PUBLIC_SECURITY_SYSTEM,
            "POST",
            "/api/exchange/v1/datasets/" + code + "/lookups",
            "{\"keys\":"),
        400,
        null);
    assertProblem(
        send(
            PUBLIC_SECURITY_SYSTEM,
            "POST",
            "/api/exchange/v1/datasets/" + code + "/verifications",
            "{\"key\":\"K\"}"),
        422,
        "invalid-request");
    assertProblem(
        send(PUBLIC_SECURITY_SYSTEM, "GET", recordPath(code, "x".repeat(501)), null),
        422,
        "invalid-request");
  }

  // ---------------------------------------------------------------------------------------------

  static String record(String certificate, String husband, String wife, String district) {
    return "{\"key\":\""
        + certificate
        + "\",\"value\":{\"certificateNo\":\""
        + certificate
        + "\",\"husbandName\":\""
        + husband
        + "\",\"wifeName\":\""
        + wife
        + "\",\"district\":"
        + (district == null ? "null" : "\"" + district + "\"")
        + "}}";
  }

  private void publish(String code, String... records) {
    Response r =
        send(
            CIVIL_AFFAIRS_SYSTEM,
            "POST",
            "/api/exchange/v1/datasets/" + code + "/records",
            "{\"records\":[" + String.join(",", records) + "]}");
    assertThat(r.status()).as(r.text()).isEqualTo(200);
  }

  private static String recordPath(String code, String key) {
    return "/api/exchange/v1/datasets/" + code + "/records/" + key;
  }

  private Response lookup(String code, String key) {
    return send(PUBLIC_SECURITY_SYSTEM, "GET", recordPath(code, key), null);
  }

  private Response lookups(LocalIdentity who, String code, String... keys) {
    return send(
        who,
        "POST",
        "/api/exchange/v1/datasets/" + code + "/lookups",
        JSON.writeValueAsString(Map.of("keys", List.of(keys))));
  }

  private Response verify(String code, String key, Map<String, Object> fields) {
    return send(
        PUBLIC_SECURITY_SYSTEM,
        "POST",
        "/api/exchange/v1/datasets/" + code + "/verifications",
        JSON.writeValueAsString(Map.of("key", key, "fields", fields)));
  }

  /** The lookup of {@code key} once its latest record shows {@code husband} (ingest is async). */
  private JsonNode awaitFound(String code, String key, String husband) {
    Instant deadline = Instant.now().plusSeconds(30);
    Response last = null;
    while (Instant.now().isBefore(deadline)) {
      last = lookup(code, key);
      if (last.status() == 200
          && husband.equals(last.body().path("value").path("husbandName").asString())) {
        return last.body();
      }
      sleep(100);
    }
    throw new AssertionError("lookup of " + key + " never showed " + husband + ": " + last.text());
  }

  private void awaitStored(String code, String key) {
    Instant deadline = Instant.now().plusSeconds(30);
    while (store.find(code, key).isEmpty()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(key + " never reached the latest-record store");
      }
      sleep(50);
    }
  }

  private void awaitStatus(String code, String key, int status) {
    Instant deadline = Instant.now().plusSeconds(30);
    while (lookup(code, key).status() != status) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("lookup of " + key + " never answered " + status);
      }
      sleep(100);
    }
  }

  private static AuditEvent awaitAudit(Predicate<AuditEvent> match) {
    Instant deadline = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(deadline)) {
      List<AuditEvent> found = PublishIT.audit(match, 1);
      if (!found.isEmpty()) {
        return found.getFirst();
      }
      sleep(200);
    }
    throw new AssertionError("no such audit event within 30 s");
  }

  private static void assertProblem(Response r, int status, String type) {
    assertThat(r.status()).as(r.text()).isEqualTo(status);
    assertThat(r.body().path("status").asInt()).as(r.text()).isEqualTo(status);
    if (type != null) {
      assertThat(r.body().path("type").asString()).isEqualTo("urn:hutong:problem:" + type);
    } else {
      assertThat(r.body().path("type").asString()).startsWith("urn:hutong:problem:");
    }
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.propertyNames().forEach(names::add);
    return names;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
