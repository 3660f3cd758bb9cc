package io.hutong.catalog;

import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_SYSTEM;
import static io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY_ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hutong.deploy.server.LocalIdentity;
import io.hutong.schemas.audit.AuditEvent;
import io.hutong.schemas.catalog.CatalogEvent;
import io.hutong.schemas.catalog.CatalogTopics;
import io.hutong.schemas.catalog.DatasetStandards;
import io.hutong.schemas.catalog.FieldStandardSpec;
import io.hutong.schemas.catalog.ViolationMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.databind.JsonNode;

/**
 * Field standards (issue 15): the provider's data administrator sets them per field and schema
 * version with a violation mode; anyone reads them, in their own call and in the catalogue entry;
 * the whole set reaches Kafka as {@code DatasetStandards} with an audit event; a new schema version
 * leaves older versions' standards alone; no body, however wrong, is answered with a 500; and
 * Flyway V4 lets datasets registered before it measure violations without standards. Against real
 * PostgreSQL, Kafka and Keycloak.
 */
class StandardsIT extends CatalogITBase {

  @BeforeEach
  void departments() {
    departmentsRegistered();
  }

  @Test
  void setStandards_areStoredShownInTheEntryPublishedAndAudited() {
    String code = datasetWithTwoVersions();

    Response set =
        put(
            CIVIL_AFFAIRS_ADMIN,
            code,
            body(
                "REJECT",
                standard(1, "certificateNo", "PATTERN", Map.of("pattern", "[A-Z]\\d{6}")),
                standard(null, "certificateNo", "REQUIRED", Map.of()),
                standard(null, "husbandName", "LENGTH", Map.of("min", "1", "max", "50")),
                standard(
                    null, "district", "CODE_LIST", Map.of("codes", List.of("110101", "110102"))),
                standard(2, "registeredOn", "DATE_RANGE", Map.of("min", "1950-01-01"))));

    assertThat(set.status()).as(set.raw().body()).isEqualTo(200);
    assertThat(set.body().path("dataset").asString()).isEqualTo(code);
    assertThat(set.body().path("violationMode").asString()).isEqualTo("REJECT");
    assertThat(set.body().path("standards")).hasSize(5);
    assertThat(set.body().path("standards").get(1).path("schemaVersion").asInt()).isEqualTo(2);
    assertThat(set.body().path("standards").get(3).path("codes").toString())
        .isEqualTo("[\"110101\",\"110102\"]");

    Response read = get(PUBLIC_SECURITY_ADMIN, standardsPath(code));
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.body()).isEqualTo(set.body());

    JsonNode entry = get(PUBLIC_SECURITY_ADMIN, "/api/catalog/v1/datasets/" + code).body();
    assertThat(entry.path("violationMode").asString()).isEqualTo("REJECT");
    assertThat(kindsOf(item(entry, "certificateNo"))).containsExactly("REQUIRED");
    assertThat(item(entry, "husbandName").path("standards").get(0).path("max").asString())
        .isEqualTo("50");
    assertThat(kindsOf(item(entry, "wifeName"))).isEmpty();
    assertThat(item(entry, "wifeName").path("description").asString()).isEqualTo("女方姓名");

    List<CatalogEvent> events =
        catalogEvents(CatalogTopics.standardsKey(code)::equals, found -> !found.isEmpty());
    assertThat(events).hasSize(1);
    DatasetStandards published = (DatasetStandards) events.getFirst().getPayload();
    assertThat(published.getDataset()).isEqualTo(code);
    assertThat(published.getViolationMode()).isEqualTo(ViolationMode.REJECT);
    assertThat(published.getStandards())
        .extracting(
            FieldStandardSpec::getSchemaVersion,
            FieldStandardSpec::getField,
            FieldStandardSpec::getKind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "certificateNo", "PATTERN"),
            org.assertj.core.groups.Tuple.tuple(2, "certificateNo", "REQUIRED"),
            org.assertj.core.groups.Tuple.tuple(2, "husbandName", "LENGTH"),
            org.assertj.core.groups.Tuple.tuple(2, "district", "CODE_LIST"),
            org.assertj.core.groups.Tuple.tuple(2, "registeredOn", "DATE_RANGE"));
    assertThat(published.getStandards().getFirst().getPattern()).isEqualTo("[A-Z]\\d{6}");
    assertThat(published.getStandards().get(2).getMax()).isEqualTo("50");

    List<AuditEvent> audit =
        auditEvents(
            e -> code.equals(e.getDataset()) && e.getAction().equals("STANDARDS_SET"),
            found -> !found.isEmpty());
    assertThat(audit)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getOutcome().name()).isEqualTo("ALLOWED");
              assertThat(e.getActor()).isNotNull();
            });
  }

  @Test
  void aNewSchemaVersion_leavesOlderStandardsAsTheyAre_andStartsWithoutAny() {
    String code = datasetWithTwoVersions();
    assertThat(
            put(
                    CIVIL_AFFAIRS_ADMIN,
                    code,
                    body("MEASURE", standard(null, "husbandName", "REQUIRED", Map.of())))
                .status())
        .isEqualTo(200);

    Response added =
        post(
            CIVIL_AFFAIRS_ADMIN,
            "/api/catalog/v1/datasets/" + code + "/schemas",
            Map.of("schema", schemaWithDistrictAndOffice()));
    assertThat(added.status()).as(added.raw().body()).isEqualTo(201);

    JsonNode standards = get(CIVIL_AFFAIRS_ADMIN, standardsPath(code)).body().path("standards");
    assertThat(standards).hasSize(1);
    assertThat(standards.get(0).path("schemaVersion").asInt()).isEqualTo(2);
    JsonNode entry = get(CIVIL_AFFAIRS_ADMIN, "/api/catalog/v1/datasets/" + code).body();
    assertThat(entry.path("currentSchemaVersion").asInt()).isEqualTo(3);
    assertThat(kindsOf(item(entry, "husbandName"))).isEmpty();
    assertThat(entry.path("violationMode").asString()).isEqualTo("MEASURE");
  }

  @Test
  void onlyTheProvidersDataAdmin_setsStandards_andAnyoneSignedInReadsThem() {
    String code = datasetWithTwoVersions();
    Map<String, Object> body = body("REJECT", standard(null, "wifeName", "REQUIRED", Map.of()));

    assertThat(put(PUBLIC_SECURITY_ADMIN, code, body).status()).isEqualTo(403);
    assertThat(put(CIVIL_AFFAIRS_SYSTEM, code, body).status()).isEqualTo(403);
    assertThat(put(LocalIdentity.AUDITOR, code, body).status()).isEqualTo(403);
    assertThat(put(null, code, body).status()).isEqualTo(401);
    assertThat(get(PUBLIC_SECURITY_ADMIN, standardsPath(code)).body().path("standards")).isEmpty();

    Response unset = get(CIVIL_AFFAIRS_SYSTEM, standardsPath(code));
    assertThat(unset.status()).isEqualTo(200);
    assertThat(unset.body().path("violationMode").asString()).isEqualTo("MEASURE");
    assertThat(get(LocalIdentity.AUDITOR, standardsPath(code)).status()).isEqualTo(200);
    assertThat(get(null, standardsPath(code)).status()).isEqualTo(401);
    assertThat(get(PUBLIC_SECURITY_ADMIN, standardsPath("civil-affairs.nothing-here")).status())
        .isEqualTo(404);
    assertThat(put(CIVIL_AFFAIRS_ADMIN, "civil-affairs.nothing-here", body).status())
        .isEqualTo(404);

    List<AuditEvent> denied =
        auditEvents(
            e -> code.equals(e.getDataset()) && e.getAction().equals("STANDARDS_SET"),
            found -> found.size() >= 3);
    assertThat(denied).extracting(e -> e.getOutcome().name()).containsOnly("DENIED");
  }

  @Test
  void aRetiredDataset_takesNoStandards() {
    String code = datasetWithTwoVersions();
    assertThat(
            post(
                    CIVIL_AFFAIRS_ADMIN,
                    "/api/catalog/v1/datasets/" + code + "/retire",
                    Map.of("reason", "replaced"))
                .status())
        .isEqualTo(200);

    Response refused =
        put(
            CIVIL_AFFAIRS_ADMIN,
            code,
            body("REJECT", standard(null, "wifeName", "REQUIRED", Map.of())));

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.type()).isEqualTo("urn:hutong:problem:dataset-retired");
  }

  @Test
  void everyBrokenRule_isA422ProblemWithFieldLevelErrors_andChangesNothing() {
    String code = datasetWithTwoVersions();
    Map<String, Object> kept = body("REJECT", standard(null, "wifeName", "REQUIRED", Map.of()));
    assertThat(put(CIVIL_AFFAIRS_ADMIN, code, kept).status()).isEqualTo(200);

    Map<String, Object> bad = new LinkedHashMap<>();
    bad.put("unknown version", body("MEASURE", standard(7, "wifeName", "REQUIRED", Map.of())));
    bad.put("unknown field", body("MEASURE", standard(null, "salary", "REQUIRED", Map.of())));
    bad.put(
        "field of another version", body("MEASURE", standard(1, "district", "REQUIRED", Map.of())));
    bad.put("unknown kind", body("MEASURE", standard(null, "wifeName", "SPELLING", Map.of())));
    bad.put(
        "unusable pattern",
        body("MEASURE", standard(null, "wifeName", "PATTERN", Map.of("pattern", "(["))));
    bad.put("empty code list", body("MEASURE", standard(null, "wifeName", "CODE_LIST", Map.of())));
    bad.put(
        "bounds not numbers",
        body("MEASURE", standard(null, "wifeName", "LENGTH", Map.of("min", "one"))));
    bad.put(
        "parameters of no use",
        body("MEASURE", standard(null, "wifeName", "MOBILE_NUMBER", Map.of("min", "1"))));
    bad.put(
        "text kind on a date",
        body("MEASURE", standard(null, "registeredOn", "RESIDENT_IDENTITY", Map.of())));
    bad.put(
        "number range on text",
        body("MEASURE", standard(null, "wifeName", "NUMBER_RANGE", Map.of("min", "1"))));
    bad.put(
        "same kind twice",
        body(
            "MEASURE",
            standard(null, "wifeName", "REQUIRED", Map.of()),
            standard(2, "wifeName", "REQUIRED", Map.of())));
    List<Map<String, Object>> many = new ArrayList<>();
    for (int i = 0; i < 51; i++) {
      many.add(standard(null, "wifeName", "LENGTH", Map.of("max", Integer.toString(i + 1))));
    }
    bad.put("51 standards", body("MEASURE", many.toArray(Map[]::new)));
    bad.put(
        "1001 codes",
        body(
            "MEASURE",
            standard(
                null, "wifeName", "CODE_LIST", Map.of("codes", Collections.nCopies(1001, "x")))));
    bad.put(
        "huge pattern",
        body(
            "MEASURE",
            standard(null, "wifeName", "PATTERN", Map.of("pattern", "a".repeat(200_000)))));
    bad.put(
        "NUL in a code",
        body(
            "MEASURE",
            standard(null, "wifeName", "CODE_LIST", Map.of("codes", List.of("a\u0000")))));
    bad.put("unknown mode", body("SOMETIMES"));
    bad.put("array body", "[]");
    bad.put("array of arrays", "{\"violationMode\":\"MEASURE\",\"standards\":[[1]]}");
    bad.put("nulls", "{\"violationMode\":null,\"standards\":null}");
    bad.put("null standard", "{\"violationMode\":\"MEASURE\",\"standards\":[null]}");
    bad.put(
        "object for standards",
        "{\"violationMode\":\"MEASURE\",\"standards\":{\"field\":\"wifeName\"}}");
    bad.put(
        "fractional version",
        "{\"violationMode\":\"MEASURE\",\"standards\":[{\"schemaVersion\":1.5,\"field\":\"wifeName\",\"kind\":\"REQUIRED\"}]}");
    bad.put(
        "huge version",
        "{\"violationMode\":\"MEASURE\",\"standards\":[{\"schemaVersion\":99999999999999999999,\"field\":\"wifeName\",\"kind\":\"REQUIRED\"}]}");
    bad.put(
        "object bound",
        "{\"violationMode\":\"MEASURE\",\"standards\":[{\"field\":\"wifeName\",\"kind\":\"LENGTH\",\"min\":{\"a\":1}}]}");
    bad.put(
        "infinite bound",
        "{\"violationMode\":\"MEASURE\",\"standards\":[{\"field\":\"wifeName\",\"kind\":\"LENGTH\",\"max\":1e999}]}");
    bad.put(
        "huge field name",
        "{\"violationMode\":\"MEASURE\",\"standards\":[{\"field\":\""
            + "f".repeat(100_000)
            + "\",\"kind\":\"REQUIRED\"}]}");

    for (Map.Entry<String, Object> each : bad.entrySet()) {
      Response r =
          send(
              CIVIL_AFFAIRS_ADMIN, "PUT", standardsPath(code), each.getValue(), "application/json");
      assertThat(r.status()).as(each.getKey() + ": " + r.raw().body()).isEqualTo(422);
      assertThat(r.header("Content-Type")).as(each.getKey()).startsWith("application/problem+json");
      assertThat(r.type()).as(each.getKey()).isEqualTo("urn:hutong:problem:invalid-request");
      assertThat(r.body().path("errors").isArray() && !r.body().path("errors").isEmpty())
          .as(each.getKey() + ": " + r.raw().body())
          .isTrue();
      assertThat(r.body().path("errors").get(0).path("reason").asString())
          .as(each.getKey())
          .isNotBlank();
    }

    Response malformed =
        send(
            CIVIL_AFFAIRS_ADMIN,
            "PUT",
            standardsPath(code),
            "{\"violationMode\":",
            "application/json");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.type()).isEqualTo("urn:hutong:problem:malformed-request");
    Response none =
        send(CIVIL_AFFAIRS_ADMIN, "PUT", standardsPath(code), "null", "application/json");
    assertThat(none.status()).isBetween(400, 499);

    Response after = get(CIVIL_AFFAIRS_ADMIN, standardsPath(code));
    assertThat(after.body().path("violationMode").asString()).isEqualTo("REJECT");
    assertThat(after.body().path("standards")).hasSize(1);
  }

  @Test
  void theErrors_nameTheIndexAndTheFieldOfEachBrokenStandard() {
    String code = datasetWithTwoVersions();

    Response r =
        put(
            CIVIL_AFFAIRS_ADMIN,
            code,
            body(
                "MEASURE",
                standard(null, "wifeName", "REQUIRED", Map.of()),
                standard(null, "registeredOn", "MOBILE_NUMBER", Map.of()),
                standard(null, "salary", "REQUIRED", Map.of())));

    assertThat(r.status()).isEqualTo(422);
    JsonNode errors = r.body().path("errors");
    assertThat(errors).hasSize(2);
    assertThat(errors.get(0).path("index").asInt()).isEqualTo(1);
    assertThat(errors.get(0).path("field").asString()).isEqualTo("registeredOn");
    assertThat(errors.get(0).path("reason").asString()).contains("does not fit");
    assertThat(errors.get(1).path("index").asInt()).isEqualTo(2);
    assertThat(errors.get(1).path("reason").asString()).contains("no top-level field salary");
  }

  /**
   * V4 on a database written by V3: existing datasets measure violations and have no standards, and
   * a standard can only name a schema version that exists. Run on a schema of its own.
   */
  @Test
  void migration_letsExistingDatasetsMeasureWithoutStandards() throws Exception {
    String schema = "catalog_v4_" + unique("m").substring(2).replace('-', '_');
    try (Connection c = stack().postgres().superuserConnection()) {
      SingleConnectionDataSource source = new SingleConnectionDataSource(c, true);
      Flyway.configure()
          .dataSource(source)
          .schemas(schema)
          .defaultSchema(schema)
          .target("3")
          .load()
          .migrate();
      try (Statement sql = c.createStatement()) {
        sql.execute("set search_path to " + schema);
        sql.execute("insert into department (code, name, created_by) values ('pp', 'P', 'x')");
        sql.execute(
            "insert into dataset (code, provider, name, category, sharing_type, update_frequency,"
                + " compatibility, status, current_schema_version, search_text, created_at,"
                + " created_by, updated_at) values ('pp.d', 'pp', 'D', 'BASE', 'UNCONDITIONAL',"
                + " 'DAILY', 'BACKWARD', 'ACTIVE', 1, 'd', now(), 'x', now())");
        sql.execute(
            "insert into dataset_schema (dataset, version, schema_json, fingerprint, created_at,"
                + " created_by) values ('pp.d', 1, '{}', 1, now(), 'x')");
      }
      Flyway.configure()
          .dataSource(source)
          .schemas(schema)
          .defaultSchema(schema)
          .target("4")
          .load()
          .migrate();
      try (Statement sql = c.createStatement()) {
        sql.execute("set search_path to " + schema);
        try (ResultSet rs = sql.executeQuery("select violation_mode from dataset")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("MEASURE");
        }
        sql.execute(
            "insert into field_standard (dataset, schema_version, field, position, kind)"
                + " values ('pp.d', 1, 'a', 0, 'REQUIRED')");
        assertThatThrownBy(
                () ->
                    sql.execute(
                        "insert into field_standard (dataset, schema_version, field, position,"
                            + " kind) values ('pp.d', 2, 'a', 1, 'REQUIRED')"))
            .isInstanceOf(SQLException.class);
        sql.execute("drop schema " + schema + " cascade");
      }
    }
  }

  private Response put(LocalIdentity who, String code, Object body) {
    return send(who, "PUT", standardsPath(code), body, "application/json");
  }

  private static String standardsPath(String code) {
    return "/api/catalog/v1/datasets/" + code + "/standards";
  }

  @SafeVarargs
  private static Map<String, Object> body(String mode, Map<String, Object>... standards) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("violationMode", mode);
    body.put("standards", List.of(standards));
    return body;
  }

  private static Map<String, Object> standard(
      Integer version, String field, String kind, Map<String, Object> parameters) {
    Map<String, Object> standard = new LinkedHashMap<>();
    if (version != null) {
      standard.put("schemaVersion", version);
    }
    standard.put("field", field);
    standard.put("kind", kind);
    standard.putAll(parameters);
    return standard;
  }

  private static JsonNode item(JsonNode entry, String name) {
    for (JsonNode item : entry.path("dataItems")) {
      if (item.path("name").asString().equals(name)) {
        return item;
      }
    }
    throw new AssertionError("no data item " + name + " in " + entry);
  }

  private static List<String> kindsOf(JsonNode item) {
    List<String> kinds = new ArrayList<>();
    item.path("standards").forEach(s -> kinds.add(s.path("kind").asString()));
    return kinds;
  }

  /** A conditional marriage dataset whose version 2 adds the optional {@code district}. */
  private String datasetWithTwoVersions() {
    String code = "civil-affairs." + unique("standards");
    Response registered =
        post(
            CIVIL_AFFAIRS_ADMIN,
            "/api/catalog/v1/datasets",
            Datasets.marriageRegistrations(code, "CONDITIONAL"));
    assertThat(registered.status()).as(registered.raw().body()).isEqualTo(201);
    Response added =
        post(
            CIVIL_AFFAIRS_ADMIN,
            "/api/catalog/v1/datasets/" + code + "/schemas",
            Map.of("schema", Datasets.marriageSchemaWithDistrict()));
    assertThat(added.status()).as(added.raw().body()).isEqualTo(201);
    return code;
  }

  private static String schemaWithDistrictAndOffice() {
    return Datasets.marriageSchemaWithDistrict()
        .replace(
            "\"default\":null}",
            "\"default\":null},\n  {\"name\":\"office\",\"type\":[\"null\",\"string\"],\"default\":null}");
  }
}
