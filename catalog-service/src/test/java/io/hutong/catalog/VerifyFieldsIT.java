package io.hutong.catalog;

import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.HUMAN_RESOURCES_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY_ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.schemas.catalog.CatalogEvent;
import io.hutong.schemas.catalog.CatalogTopics;
import io.hutong.schemas.catalog.GrantIssued;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.databind.JsonNode;

/**
 * Access to verify (issue 14): requests name fields to read and fields to verify only, approval
 * narrows each and may set a daily lookup quota, and the grant carries both — in its views and in
 * the {@code GrantIssued} event the exchange learns it from. Against real PostgreSQL, Kafka and
 * Keycloak.
 */
class VerifyFieldsIT extends CatalogITBase {

  private static final String QUEUE = "/api/catalog/v1/access-requests";
  private static final String REQUESTS = QUEUE + "/";

  @BeforeEach
  void departments() {
    departmentsRegistered();
  }

  @Test
  void requestToReadAndVerify_approvedNarrowedWithAQuota_carriedByViewsAndTheEvent() {
    String code = conditionalDataset();

    Response requested =
        requestAccess(
            PUBLIC_SECURITY_ADMIN,
            code,
            List.of("husbandName", "wifeName"),
            List.of("certificateNo", "registeredOn"));
    assertThat(requested.status()).as(requested.raw().body()).isEqualTo(201);
    assertThat(requested.body().path("fields").toString())
        .isEqualTo("[\"husbandName\",\"wifeName\"]");
    assertThat(requested.body().path("verifyFields").toString())
        .isEqualTo("[\"certificateNo\",\"registeredOn\"]");
    assertThat(requested.body().path("lookupQuota").isNull()).isTrue();
    String requestId = requested.body().path("id").asString();

    JsonNode queued = item(get(CIVIL_AFFAIRS_ADMIN, QUEUE + "?side=provider&limit=500"), requestId);
    assertThat(queued.path("verifyFields").toString())
        .isEqualTo("[\"certificateNo\",\"registeredOn\"]");

    Response approved =
        post(
            CIVIL_AFFAIRS_ADMIN,
            REQUESTS + requestId + "/approve",
            Map.of(
                "fields", List.of("wifeName"),
                "verifyFields", List.of("certificateNo"),
                "lookupQuota", 200));
    assertThat(approved.status()).as(approved.raw().body()).isEqualTo(200);
    assertThat(approved.body().path("fields").toString()).isEqualTo("[\"wifeName\"]");
    assertThat(approved.body().path("verifyFields").toString()).isEqualTo("[\"certificateNo\"]");
    assertThat(approved.body().path("lookupQuota").asInt()).isEqualTo(200);
    String grantId = approved.body().path("id").asString();

    JsonNode listed =
        item(get(PUBLIC_SECURITY_ADMIN, "/api/catalog/v1/grants?dataset=" + code), grantId);
    assertThat(listed.path("verifyFields").toString()).isEqualTo("[\"certificateNo\"]");
    assertThat(listed.path("lookupQuota").asInt()).isEqualTo(200);

    JsonNode decided =
        item(get(PUBLIC_SECURITY_ADMIN, QUEUE + "?side=consumer&limit=500"), requestId);
    assertThat(decided.path("status").asString()).isEqualTo("APPROVED");
    assertThat(decided.path("verifyFields").toString())
        .isEqualTo("[\"certificateNo\",\"registeredOn\"]");
    assertThat(decided.path("approvedFields").toString()).isEqualTo("[\"wifeName\"]");
    assertThat(decided.path("approvedVerifyFields").toString()).isEqualTo("[\"certificateNo\"]");
    assertThat(decided.path("lookupQuota").asInt()).isEqualTo(200);

    GrantIssued issued = issuedEvent(grantId);
    assertThat(issued.getFields()).containsExactly("wifeName");
    assertThat(issued.getVerifyFields()).containsExactly("certificateNo");
    assertThat(issued.getLookupQuota()).isEqualTo(200);
  }

  @Test
  void verifyOnlyRequestOfAnUnconditionalDataset_isGrantedAtOnceWithoutQuota() {
    String code = "civil-affairs." + unique("open-marriage");
    assertThat(
            post(
                    CIVIL_AFFAIRS_ADMIN,
                    "/api/catalog/v1/datasets",
                    Datasets.marriageRegistrations(code, "UNCONDITIONAL"))
                .status())
        .isEqualTo(201);

    Response requested =
        requestAccess(HUMAN_RESOURCES_ADMIN, code, null, List.of("certificateNo", "wifeName"));

    assertThat(requested.status()).as(requested.raw().body()).isEqualTo(201);
    assertThat(requested.body().path("status").asString()).isEqualTo("APPROVED");
    assertThat(requested.body().path("fields").toString()).isEqualTo("[]");
    assertThat(requested.body().path("approvedVerifyFields").toString())
        .isEqualTo("[\"certificateNo\",\"wifeName\"]");
    String grantId = requested.body().path("grantId").asString();
    GrantIssued issued = issuedEvent(grantId);
    assertThat(issued.getFields()).isEmpty();
    assertThat(issued.getVerifyFields()).containsExactly("certificateNo", "wifeName");
    assertThat(issued.getLookupQuota()).isNull();
  }

  @Test
  void aReadOnlyGrant_carriesNoVerifyFieldsAndNoQuota() {
    String code = conditionalDataset();
    String requestId =
        requestAccess(PUBLIC_SECURITY_ADMIN, code, List.of("wifeName"), null)
            .body()
            .path("id")
            .asString();

    Response approved = post(CIVIL_AFFAIRS_ADMIN, REQUESTS + requestId + "/approve", Map.of());

    assertThat(approved.status()).isEqualTo(200);
    assertThat(approved.body().path("verifyFields").toString()).isEqualTo("[]");
    assertThat(approved.body().path("lookupQuota").isNull()).isTrue();
    GrantIssued issued = issuedEvent(approved.body().path("id").asString());
    assertThat(issued.getVerifyFields()).isEmpty();
    assertThat(issued.getLookupQuota()).isNull();
  }

  @Test
  void badRequests_areProblems_andOpenNothing() {
    String code = conditionalDataset();

    assertInvalid(
        requestAccess(PUBLIC_SECURITY_ADMIN, code, List.of("wifeName"), List.of("wifeName")),
        "both");
    assertInvalid(
        requestAccess(PUBLIC_SECURITY_ADMIN, code, List.of("wifeName"), List.of("salary")),
        "verifyFields [salary]");
    assertInvalid(
        requestAccess(PUBLIC_SECURITY_ADMIN, code, List.of(), List.of()),
        "fields or verifyFields is required");
    assertThat(get(PUBLIC_SECURITY_ADMIN, QUEUE + "?side=consumer&limit=500").body().path("items"))
        .noneMatch(r -> r.path("dataset").asString().equals(code));
  }

  @Test
  void badApprovals_areProblems_andLeaveTheRequestPending() {
    String code = conditionalDataset();
    String requestId =
        requestAccess(PUBLIC_SECURITY_ADMIN, code, List.of("wifeName"), List.of("certificateNo"))
            .body()
            .path("id")
            .asString();
    String approve = REQUESTS + requestId + "/approve";

    assertInvalid(post(CIVIL_AFFAIRS_ADMIN, approve, Map.of("lookupQuota", 0)), "lookupQuota");
    assertInvalid(post(CIVIL_AFFAIRS_ADMIN, approve, Map.of("lookupQuota", -1)), "lookupQuota");
    assertInvalid(post(CIVIL_AFFAIRS_ADMIN, approve, Map.of("lookupQuota", 2.5)), "lookupQuota");
    assertInvalid(post(CIVIL_AFFAIRS_ADMIN, approve, Map.of("lookupQuota", "10")), "lookupQuota");
    assertInvalid(
        post(CIVIL_AFFAIRS_ADMIN, approve, Map.of("lookupQuota", 3_000_000_000L)), "lookupQuota");
    assertInvalid(
        post(CIVIL_AFFAIRS_ADMIN, approve, Map.of("verifyFields", List.of("wifeName"))),
        "verifyFields [wifeName] were not requested");
    assertInvalid(
        post(CIVIL_AFFAIRS_ADMIN, approve, Map.of("fields", List.of(), "verifyFields", List.of())),
        "at least one field");

    JsonNode request =
        item(get(PUBLIC_SECURITY_ADMIN, QUEUE + "?side=consumer&limit=500"), requestId);
    assertThat(request.path("status").asString()).isEqualTo("PENDING");
    assertThat(ids(get(PUBLIC_SECURITY_ADMIN, "/api/catalog/v1/grants?dataset=" + code).body()))
        .isEmpty();
  }

  @Test
  void theApiDescription_saysTheQuotaIsAnInteger() {
    Response openapi = get(null, "/api/catalog/v1/openapi");

    assertThat(openapi.status()).isEqualTo(200);
    JsonNode quota =
        openapi.body().path("components").path("schemas").path("Approve").path("properties");
    assertThat(quota.toString()).contains("verifyFields");
    assertThat(quota.path("lookupQuota").toString()).contains("integer").contains("\"minimum\":1");
  }

  /**
   * V3 on a database written by V2: earlier requests and grants become read-only ones without a
   * quota. Run on a schema of its own so the service's schema is untouched.
   */
  @Test
  void migration_makesEarlierRequestsAndGrantsReadOnlyWithoutQuota() throws Exception {
    String schema = "catalog_v3_" + unique("m").substring(2).replace('-', '_');
    try (Connection c = stack().postgres().superuserConnection()) {
      SingleConnectionDataSource source = new SingleConnectionDataSource(c, true);
      Flyway.configure()
          .dataSource(source)
          .schemas(schema)
          .defaultSchema(schema)
          .target("2")
          .load()
          .migrate();
      try (Statement sql = c.createStatement()) {
        sql.execute("set search_path to " + schema);
        sql.execute(
            "insert into department (code, name, created_by) values ('pp', 'P', 'x'), ('cc', 'C', 'x')");
        sql.execute(
            "insert into dataset (code, provider, name, category, sharing_type, update_frequency,"
                + " compatibility, status, current_schema_version, search_text, created_at,"
                + " created_by, updated_at) values ('pp.d', 'pp', 'D', 'BASE', 'UNCONDITIONAL',"
                + " 'DAILY', 'BACKWARD', 'ACTIVE', 1, 'd', now(), 'x', now())");
        sql.execute(
            "insert into access_request (id, dataset, provider, consumer, purpose, fields, status,"
                + " requested_by, requested_at, approved_fields) values"
                + " ('00000000-0000-0000-0000-000000000001', 'pp.d', 'pp', 'cc', 'x', '{a,b}',"
                + " 'APPROVED', 'x', now(), '{a}'),"
                + " ('00000000-0000-0000-0000-000000000002', 'pp.d', 'pp', 'cc', 'x', '{a}',"
                + " 'REJECTED', 'x', now(), null)");
        sql.execute(
            "insert into dataset_grant (id, dataset, provider, consumer, fields, purpose,"
                + " request_id, valid_from, issued_by) values"
                + " ('00000000-0000-0000-0000-000000000003', 'pp.d', 'pp', 'cc', '{a}', 'x',"
                + " '00000000-0000-0000-0000-000000000001', now(), 'x')");
      }
      Flyway.configure().dataSource(source).schemas(schema).defaultSchema(schema).load().migrate();
      try (Statement sql = c.createStatement()) {
        sql.execute("set search_path to " + schema);
        assertThat(
                rows(
                    sql,
                    "select id, verify_fields, approved_verify_fields, lookup_quota"
                        + " from access_request order by id"))
            .containsExactly(
                "00000000-0000-0000-0000-000000000001|{}|{}|null",
                "00000000-0000-0000-0000-000000000002|{}|null|null");
        assertThat(rows(sql, "select id, verify_fields, null, lookup_quota from dataset_grant"))
            .containsExactly("00000000-0000-0000-0000-000000000003|{}|null|null");
        sql.execute("drop schema " + schema + " cascade");
      }
    }
  }

  private String conditionalDataset() {
    String code = "civil-affairs." + unique("marriage");
    assertThat(
            post(
                    CIVIL_AFFAIRS_ADMIN,
                    "/api/catalog/v1/datasets",
                    Datasets.marriageRegistrations(code, "CONDITIONAL"))
                .status())
        .isEqualTo(201);
    return code;
  }

  private Response requestAccess(
      io.hutong.deploy.server.LocalIdentity who,
      String code,
      List<String> fields,
      List<String> verifyFields) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("purpose", "check identity documents presented at the counter");
    if (fields != null) {
      body.put("fields", fields);
    }
    if (verifyFields != null) {
      body.put("verifyFields", verifyFields);
    }
    return post(who, "/api/catalog/v1/datasets/" + code + "/access-requests", body);
  }

  private GrantIssued issuedEvent(String grantId) {
    List<CatalogEvent> events =
        catalogEvents(
            key -> key.equals(CatalogTopics.grantKey(grantId)), found -> !found.isEmpty());
    assertThat(events).as("events of grant %s", grantId).isNotEmpty();
    return (GrantIssued) events.getFirst().getPayload();
  }

  private static JsonNode item(Response page, String id) {
    assertThat(page.status()).as(page.raw().body()).isEqualTo(200);
    for (JsonNode item : page.body().path("items")) {
      if (item.path("id").asString().equals(id)) {
        return item;
      }
    }
    throw new AssertionError(id + " not in " + page.raw().body());
  }

  private static List<String> ids(JsonNode page) {
    return CatalogWorkflowIT.ids(page);
  }

  private static void assertInvalid(Response r, String detail) {
    assertThat(r.status()).as(r.raw().body()).isEqualTo(422);
    assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(r.type()).isEqualTo("urn:hutong:problem:invalid-request");
    assertThat(r.body().path("detail").asString()).contains(detail);
  }

  private static List<String> rows(Statement sql, String query) throws java.sql.SQLException {
    List<String> rows = new java.util.ArrayList<>();
    try (ResultSet rs = sql.executeQuery(query)) {
      while (rs.next()) {
        rows.add(
            rs.getString(1)
                + "|"
                + rs.getString(2)
                + "|"
                + rs.getString(3)
                + "|"
                + rs.getString(4));
      }
    }
    return rows;
  }
}
