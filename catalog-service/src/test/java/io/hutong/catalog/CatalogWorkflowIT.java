package io.hutong.catalog;

import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_SYSTEM;
import static io.hutong.deploy.server.LocalIdentity.HUMAN_RESOURCES_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY_ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.schemas.audit.AuditEvent;
import io.hutong.schemas.audit.Outcome;
import io.hutong.schemas.catalog.CatalogEvent;
import io.hutong.schemas.catalog.CatalogTopics;
import io.hutong.schemas.catalog.DatasetPublished;
import io.hutong.schemas.catalog.GrantIssued;
import io.hutong.schemas.catalog.GrantRevoked;
import io.hutong.schemas.catalog.SchemaVersionAdded;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The catalogue's stories end to end, against real PostgreSQL, Kafka and Keycloak. */
class CatalogWorkflowIT extends CatalogITBase {

  @BeforeEach
  void departments() {
    departmentsRegistered();
  }

  @Test
  void conditionalDataset_requestedReviewedGrantedAndRevoked_withEventsAndAuditTrail() {
    String code = "civil-affairs." + unique("marriage");

    Response registered =
        post(
            CIVIL_AFFAIRS_ADMIN,
            "/api/catalog/v1/datasets",
            Datasets.marriageRegistrations(code, "CONDITIONAL"));
    assertThat(registered.status()).isEqualTo(201);
    assertThat(registered.header("Location")).isEqualTo("/api/catalog/v1/datasets/" + code);
    assertThat(registered.body().path("currentSchemaVersion").asInt()).isEqualTo(1);

    Response found =
        get(CIVIL_AFFAIRS_SYSTEM, "/api/catalog/v1/datasets?q=" + q("婚姻") + "&limit=500");
    assertThat(codes(found.body())).contains(code);

    JsonNode entry = get(PUBLIC_SECURITY_ADMIN, "/api/catalog/v1/datasets/" + code).body();
    assertThat(entry.path("legalBasis").asString()).isEqualTo("《婚姻登记条例》第十八条");
    assertThat(entry.path("dataItems").get(0).path("name").asString()).isEqualTo("certificateNo");
    assertThat(entry.path("dataItems").get(0).path("description").asString()).isEqualTo("结婚证字号");

    Response requested =
        post(
            PUBLIC_SECURITY_ADMIN,
            "/api/catalog/v1/datasets/" + code + "/access-requests",
            Map.of(
                "purpose",
                "verify marital status in residence registration",
                "fields",
                List.of("husbandName", "wifeName")));
    assertThat(requested.status()).isEqualTo(201);
    assertThat(requested.body().path("status").asString()).isEqualTo("PENDING");
    Instant deadline = Instant.parse(requested.body().path("replyDeadline").asString());
    assertThat(deadline).isAfter(Instant.now().plusSeconds(10 * 24 * 3600L));
    String requestId = requested.body().path("id").asString();

    Response queue =
        get(
            CIVIL_AFFAIRS_ADMIN,
            "/api/catalog/v1/access-requests?side=provider&status=PENDING&limit=500");
    assertThat(queue.status()).isEqualTo(200);
    assertThat(ids(queue.body())).contains(requestId);
    assertThat(
            get(PUBLIC_SECURITY_ADMIN, "/api/catalog/v1/access-requests?side=consumer")
                .body()
                .path("items"))
        .anyMatch(r -> r.path("id").asString().equals(requestId) && !r.path("overdue").asBoolean());

    Response approved =
        post(
            CIVIL_AFFAIRS_ADMIN,
            "/api/catalog/v1/access-requests/" + requestId + "/approve",
            Map.of("fields", List.of("wifeName")));
    assertThat(approved.status()).isEqualTo(200);
    assertThat(approved.body().path("fields").toString()).isEqualTo("[\"wifeName\"]");
    assertThat(approved.body().path("state").asString()).isEqualTo("LIVE");
    String grantId = approved.body().path("id").asString();

    Response again =
        post(
            CIVIL_AFFAIRS_ADMIN,
            "/api/catalog/v1/access-requests/" + requestId + "/approve",
            Map.of());
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.type()).isEqualTo("urn:hutong:problem:already-decided");

    assertThat(ids(get(PUBLIC_SECURITY_ADMIN, "/api/catalog/v1/grants?dataset=" + code).body()))
        .containsExactly(grantId);
    assertThat(ids(get(CIVIL_AFFAIRS_ADMIN, "/api/catalog/v1/grants?dataset=" + code).body()))
        .containsExactly(grantId);
    assertThat(ids(get(HUMAN_RESOURCES_ADMIN, "/api/catalog/v1/grants?dataset=" + code).body()))
        .isEmpty();

    Response revoked =
        post(
            CIVIL_AFFAIRS_ADMIN,
            "/api/catalog/v1/grants/" + grantId + "/revoke",
            Map.of("reason", "purpose fulfilled"));
    assertThat(revoked.status()).isEqualTo(200);
    assertThat(revoked.body().path("state").asString()).isEqualTo("REVOKED");
    assertThat(ids(get(PUBLIC_SECURITY_ADMIN, "/api/catalog/v1/grants?dataset=" + code).body()))
        .isEmpty();

    // Every change reached hutong.catalog.events through the outbox, keyed for compaction.
    List<CatalogEvent> events =
        catalogEvents(
            key ->
                key.equals(CatalogTopics.datasetKey(code))
                    || key.equals(CatalogTopics.schemaKey(code, 1))
                    || key.equals(CatalogTopics.grantKey(grantId)),
            found2 -> found2.size() >= 4);
    assertThat(events)
        .extracting(e -> e.getPayload().getClass().getSimpleName())
        .containsExactly("SchemaVersionAdded", "DatasetPublished", "GrantIssued", "GrantRevoked");
    assertThat(((GrantIssued) events.get(2).getPayload()).getFields()).containsExactly("wifeName");
    assertThat(((GrantIssued) events.get(2).getPayload()).getVerifyFields()).isEmpty();
    assertThat(((GrantRevoked) events.get(3).getPayload()).getExpired()).isFalse();
    assertThat(((SchemaVersionAdded) events.get(0).getPayload()).getFingerprint()).isNotZero();
    assertThat(((DatasetPublished) events.get(1).getPayload()).getDataset().getName())
        .isEqualTo("婚姻登记信息");

    // Every call, allowed or refused, is in the audit stream.
    List<String> expected =
        List.of(
            "DATASET_REGISTERED:ALLOWED",
            "DATASET_READ:ALLOWED",
            "ACCESS_REQUESTED:ALLOWED",
            "ACCESS_APPROVED:ALLOWED",
            "ACCESS_APPROVED:DENIED",
            "GRANT_REVOKED:ALLOWED");
    List<AuditEvent> audit =
        auditEvents(
            e -> code.equals(e.getDataset()),
            found3 ->
                found3.stream()
                    .map(e -> e.getAction() + ":" + e.getOutcome())
                    .toList()
                    .containsAll(expected));
    assertThat(audit)
        .extracting(e -> e.getAction() + ":" + e.getOutcome())
        .contains(
            "DATASET_REGISTERED:ALLOWED",
            "DATASET_READ:ALLOWED",
            "ACCESS_REQUESTED:ALLOWED",
            "ACCESS_APPROVED:ALLOWED",
            "ACCESS_APPROVED:DENIED",
            "GRANT_REVOKED:ALLOWED");
    AuditEvent registeredEvent =
        audit.stream()
            .filter(e -> e.getAction().equals("DATASET_REGISTERED"))
            .findFirst()
            .orElseThrow();
    assertThat(registeredEvent.getActor()).isEqualTo("civil-affairs-admin");
    assertThat(registeredEvent.getDepartment()).isEqualTo("civil-affairs");
    assertThat(registeredEvent.getRoles()).containsExactly("data-admin");
    assertThat(registeredEvent.getRequestId()).isNotBlank();
    AuditEvent refused =
        audit.stream().filter(e -> e.getOutcome() == Outcome.DENIED).findFirst().orElseThrow();
    assertThat(refused.getReason()).contains("APPROVED");
  }

  @Test
  void unconditionalDataset_isGrantedAtOnce() {
    String code = "civil-affairs." + unique("open-marriage");
    post(
        CIVIL_AFFAIRS_ADMIN,
        "/api/catalog/v1/datasets",
        Datasets.marriageRegistrations(code, "UNCONDITIONAL"));

    Response requested =
        post(
            HUMAN_RESOURCES_ADMIN,
            "/api/catalog/v1/datasets/" + code + "/access-requests",
            Map.of("purpose", "benefit eligibility", "fields", List.of("certificateNo")));

    assertThat(requested.status()).isEqualTo(201);
    assertThat(requested.body().path("status").asString()).isEqualTo("APPROVED");
    assertThat(requested.body().path("grantId").isNull()).isFalse();
    JsonNode grants = get(HUMAN_RESOURCES_ADMIN, "/api/catalog/v1/grants?dataset=" + code).body();
    assertThat(grants.path("items").get(0).path("fields").toString())
        .isEqualTo("[\"certificateNo\"]");

    Response twice =
        post(
            HUMAN_RESOURCES_ADMIN,
            "/api/catalog/v1/datasets/" + code + "/access-requests",
            Map.of("purpose", "again", "fields", List.of("certificateNo")));
    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.type()).isEqualTo("urn:hutong:problem:already-granted");
  }

  @Test
  void notSharedDataset_isRefusedQuotingTheLegalBasis() {
    String code = "civil-affairs." + unique("adoptions");
    post(
        CIVIL_AFFAIRS_ADMIN,
        "/api/catalog/v1/datasets",
        Datasets.marriageRegistrations(code, "NOT_SHARED"));

    Response refused =
        post(
            PUBLIC_SECURITY_ADMIN,
            "/api/catalog/v1/datasets/" + code + "/access-requests",
            Map.of("purpose", "curiosity", "fields", List.of("certificateNo")));

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.type()).isEqualTo("urn:hutong:problem:not-shared");
    assertThat(refused.body().path("detail").asString()).contains("《婚姻登记条例》第十八条");
    assertThat(refused.body().path("legalBasis").asString()).isEqualTo("《婚姻登记条例》第十八条");
    // It is still listed, so departments know it exists.
    assertThat(
            codes(
                get(
                        PUBLIC_SECURITY_ADMIN,
                        "/api/catalog/v1/datasets?sharingType=NOT_SHARED&limit=500")
                    .body()))
        .contains(code);
  }

  @Test
  void ownDatasetCannotBeRequested_andWithdrawEndsAPendingRequest() {
    String code = "civil-affairs." + unique("marriage");
    post(
        CIVIL_AFFAIRS_ADMIN,
        "/api/catalog/v1/datasets",
        Datasets.marriageRegistrations(code, "CONDITIONAL"));

    Response own =
        post(
            CIVIL_AFFAIRS_ADMIN,
            "/api/catalog/v1/datasets/" + code + "/access-requests",
            Map.of("purpose", "x", "fields", List.of("certificateNo")));
    assertThat(own.status()).isEqualTo(422);

    String id =
        post(
                PUBLIC_SECURITY_ADMIN,
                "/api/catalog/v1/datasets/" + code + "/access-requests",
                Map.of("purpose", "checks", "fields", List.of("certificateNo")))
            .body()
            .path("id")
            .asString();
    Response duplicate =
        post(
            PUBLIC_SECURITY_ADMIN,
            "/api/catalog/v1/datasets/" + code + "/access-requests",
            Map.of("purpose", "checks", "fields", List.of("certificateNo")));
    assertThat(duplicate.status()).isEqualTo(409);

    assertThat(
            post(CIVIL_AFFAIRS_ADMIN, "/api/catalog/v1/access-requests/" + id + "/withdraw", null)
                .status())
        .isEqualTo(403);
    Response withdrawn =
        post(PUBLIC_SECURITY_ADMIN, "/api/catalog/v1/access-requests/" + id + "/withdraw", null);
    assertThat(withdrawn.status()).isEqualTo(200);
    assertThat(withdrawn.body().path("status").asString()).isEqualTo("WITHDRAWN");
    Response reject =
        post(
            CIVIL_AFFAIRS_ADMIN,
            "/api/catalog/v1/access-requests/" + id + "/reject",
            Map.of("reason", "late"));
    assertThat(reject.status()).isEqualTo(409);
  }

  @Test
  void schemaVersions_followTheCompatibilityMode() {
    String code = "civil-affairs." + unique("marriage");
    post(
        CIVIL_AFFAIRS_ADMIN,
        "/api/catalog/v1/datasets",
        Datasets.marriageRegistrations(code, "CONDITIONAL"));

    Response compatible =
        post(
            CIVIL_AFFAIRS_ADMIN,
            "/api/catalog/v1/datasets/" + code + "/schemas",
            Map.of("schema", Datasets.marriageSchemaWithDistrict()));
    assertThat(compatible.status()).isEqualTo(201);
    assertThat(compatible.body().path("version").asInt()).isEqualTo(2);
    assertThat(compatible.header("Location")).endsWith("/schemas/2");

    Response breaking =
        post(
            CIVIL_AFFAIRS_ADMIN,
            "/api/catalog/v1/datasets/" + code + "/schemas",
            Map.of("schema", JSON.readTree(Datasets.marriageSchemaWithRequiredOffice())));
    assertThat(breaking.status()).isEqualTo(409);
    assertThat(breaking.type()).isEqualTo("urn:hutong:problem:schema-incompatible");
    assertThat(breaking.body().path("incompatibilities").get(0).asString())
        .contains("'office'")
        .contains("default");

    Response other =
        post(
            PUBLIC_SECURITY_ADMIN,
            "/api/catalog/v1/datasets/" + code + "/schemas",
            Map.of("schema", Datasets.marriageSchemaWithDistrict()));
    assertThat(other.status()).isEqualTo(403);

    JsonNode versions =
        get(PUBLIC_SECURITY_ADMIN, "/api/catalog/v1/datasets/" + code + "/schemas").body();
    assertThat(versions.path("items").size()).isEqualTo(2);
    assertThat(versions.path("nextCursor").isNull()).isTrue();
    JsonNode first =
        get(PUBLIC_SECURITY_ADMIN, "/api/catalog/v1/datasets/" + code + "/schemas?limit=1").body();
    assertThat(first.path("items").get(0).path("version").asInt()).isEqualTo(1);
    JsonNode second =
        get(
                PUBLIC_SECURITY_ADMIN,
                "/api/catalog/v1/datasets/"
                    + code
                    + "/schemas?limit=1&cursor="
                    + first.path("nextCursor").asString())
            .body();
    assertThat(second.path("items").get(0).path("version").asInt()).isEqualTo(2);
    assertThat(second.path("nextCursor").isNull()).isTrue();
    assertThat(
            get(CIVIL_AFFAIRS_SYSTEM, "/api/catalog/v1/datasets/" + code + "/schemas/2")
                .body()
                .path("schema")
                .asString())
        .contains("district");
    assertThat(
            get(CIVIL_AFFAIRS_SYSTEM, "/api/catalog/v1/datasets/" + code)
                .body()
                .path("dataItems")
                .size())
        .isEqualTo(5);
  }

  @Test
  void editingAndRetiring() {
    String code = "civil-affairs." + unique("marriage");
    post(
        CIVIL_AFFAIRS_ADMIN,
        "/api/catalog/v1/datasets",
        Datasets.marriageRegistrations(code, "CONDITIONAL"));

    Response edited =
        patch(
            CIVIL_AFFAIRS_ADMIN,
            "/api/catalog/v1/datasets/" + code,
            Map.of("name", "婚姻登记信息（全省）", "updateFrequency", "HOURLY"));
    assertThat(edited.status()).isEqualTo(200);
    assertThat(edited.body().path("name").asString()).isEqualTo("婚姻登记信息（全省）");
    assertThat(edited.body().path("updateFrequency").asString()).isEqualTo("HOURLY");
    assertThat(
            codes(
                get(PUBLIC_SECURITY_ADMIN, "/api/catalog/v1/datasets?q=" + q("全省") + "&limit=500")
                    .body()))
        .contains(code);

    Response retired =
        post(
            CIVIL_AFFAIRS_ADMIN,
            "/api/catalog/v1/datasets/" + code + "/retire",
            Map.of("reason", "merged into the national dataset"));
    assertThat(retired.status()).isEqualTo(200);
    assertThat(retired.body().path("status").asString()).isEqualTo("RETIRED");

    assertThat(
            patch(CIVIL_AFFAIRS_ADMIN, "/api/catalog/v1/datasets/" + code, Map.of("name", "x"))
                .status())
        .isEqualTo(409);
    assertThat(
            post(
                    PUBLIC_SECURITY_ADMIN,
                    "/api/catalog/v1/datasets/" + code + "/access-requests",
                    Map.of("purpose", "x", "fields", List.of("certificateNo")))
                .status())
        .isEqualTo(409);

    List<CatalogEvent> events =
        catalogEvents(
            key -> key.equals(CatalogTopics.datasetKey(code)), found -> found.size() >= 3);
    assertThat(events)
        .extracting(e -> e.getPayload().getClass().getSimpleName())
        .containsExactly("DatasetPublished", "DatasetUpdated", "DatasetRetired");
  }

  @Test
  void aRequestCannotBeApprovedOnceTheDatasetStoppedBeingShared() {
    String code = "civil-affairs." + unique("marriage");
    post(
        CIVIL_AFFAIRS_ADMIN,
        "/api/catalog/v1/datasets",
        Datasets.marriageRegistrations(code, "CONDITIONAL"));
    String id =
        post(
                PUBLIC_SECURITY_ADMIN,
                "/api/catalog/v1/datasets/" + code + "/access-requests",
                Map.of("purpose", "checks", "fields", List.of("certificateNo")))
            .body()
            .path("id")
            .asString();
    patch(
        CIVIL_AFFAIRS_ADMIN,
        "/api/catalog/v1/datasets/" + code,
        Map.of("sharingType", "NOT_SHARED"));

    Response approve =
        post(CIVIL_AFFAIRS_ADMIN, "/api/catalog/v1/access-requests/" + id + "/approve", Map.of());

    assertThat(approve.status()).isEqualTo(409);
    assertThat(approve.type()).isEqualTo("urn:hutong:problem:not-shared");
    assertThat(ids(get(PUBLIC_SECURITY_ADMIN, "/api/catalog/v1/grants?dataset=" + code).body()))
        .isEmpty();
  }

  @Test
  void grantsExpireWithoutAnyoneActing() throws InterruptedException {
    String code = "civil-affairs." + unique("marriage");
    post(
        CIVIL_AFFAIRS_ADMIN,
        "/api/catalog/v1/datasets",
        Datasets.marriageRegistrations(code, "CONDITIONAL"));
    String id =
        post(
                PUBLIC_SECURITY_ADMIN,
                "/api/catalog/v1/datasets/" + code + "/access-requests",
                Map.of("purpose", "short check", "fields", List.of("certificateNo")))
            .body()
            .path("id")
            .asString();
    Instant until = Instant.now().plusSeconds(2);
    Response approved =
        post(
            CIVIL_AFFAIRS_ADMIN,
            "/api/catalog/v1/access-requests/" + id + "/approve",
            Map.of("validUntil", until.toString()));
    assertThat(approved.status()).isEqualTo(200);
    String grantId = approved.body().path("id").asString();

    Thread.sleep(java.time.Duration.between(Instant.now(), until).toMillis() + 200);

    assertThat(ids(get(PUBLIC_SECURITY_ADMIN, "/api/catalog/v1/grants?dataset=" + code).body()))
        .isEmpty();
    List<CatalogEvent> events =
        catalogEvents(
            key -> key.equals(CatalogTopics.grantKey(grantId)), found -> found.size() >= 2);
    assertThat(events.get(1).getPayload()).isInstanceOf(GrantRevoked.class);
    assertThat(((GrantRevoked) events.get(1).getPayload()).getExpired())
        .as(events.toString())
        .isTrue();
    assertThat(
            auditEvents(
                e -> e.getAction().equals("GRANT_EXPIRED") && code.equals(e.getDataset()),
                found -> !found.isEmpty()))
        .isNotEmpty();
  }

  @Test
  void dcatViewListsActiveDatasetsForHarvesting() {
    String code = "civil-affairs." + unique("marriage");
    post(
        CIVIL_AFFAIRS_ADMIN,
        "/api/catalog/v1/datasets",
        Datasets.marriageRegistrations(code, "CONDITIONAL"));

    Response dcat = get(PUBLIC_SECURITY_ADMIN, "/api/catalog/v1/catalog.jsonld");

    assertThat(dcat.status()).isEqualTo(200);
    assertThat(dcat.header("Content-Type")).startsWith("application/ld+json");
    assertThat(dcat.body().path("@type").asString()).isEqualTo("dcat:Catalog");
    JsonNode entry = null;
    for (JsonNode d : dcat.body().path("dcat:dataset")) {
      if (d.path("dct:identifier").asString().equals(code)) {
        entry = d;
      }
    }
    assertThat(entry).isNotNull();
    assertThat(entry.path("dct:title").asString()).isEqualTo("婚姻登记信息");
    assertThat(entry.path("dct:publisher").path("dct:identifier").asString())
        .isEqualTo("civil-affairs");
    assertThat(entry.path("dct:accrualPeriodicity").path("@id").asString())
        .isEqualTo("http://purl.org/cld/freq/daily");
    assertThat(entry.path("dct:accessRights").path("@id").asString()).endsWith("/RESTRICTED");
    assertThat(entry.path("hutong:accessModes").toString()).isEqualTo("[\"read\",\"verify\"]");
    assertThat(dcat.body().path("@context").path("hutong").asString())
        .isEqualTo("urn:hutong:vocab:");
  }

  static List<String> codes(JsonNode page) {
    return java.util.stream.StreamSupport.stream(page.path("items").spliterator(), false)
        .map(d -> d.path("code").asString())
        .toList();
  }

  static List<String> ids(JsonNode page) {
    return java.util.stream.StreamSupport.stream(page.path("items").spliterator(), false)
        .map(d -> d.path("id").asString())
        .toList();
  }
}
