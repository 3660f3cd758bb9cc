package io.hutong.catalog;

import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY_ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad input gets a clear problem+json and leaves nothing half-written — never a 500. */
class BadInputIT extends CatalogITBase {

  @BeforeEach
  void departments() {
    departmentsRegistered();
  }

  @Test
  void malformedJsonIs400() {
    String code = "civil-affairs." + unique("broken");
    Response r =
        send(
            CIVIL_AFFAIRS_ADMIN,
            "POST",
            "/api/catalog/v1/datasets",
            "{\"code\": \"" + code + "\", ",
            "application/json");

    assertProblem(r, 400, "urn:hutong:problem:malformed-request");
    assertNothingWritten(code);
  }

  @Test
  void unknownSharingTypeIs422ListingTheAllowedOnes() {
    String code = "civil-affairs." + unique("x");
    Map<String, Object> body =
        new LinkedHashMap<>(Datasets.marriageRegistrations(code, "CONDITIONAL"));
    body.put("sharingType", "SOMETIMES");

    Response r = post(CIVIL_AFFAIRS_ADMIN, "/api/catalog/v1/datasets", body);

    assertProblem(r, 422, "urn:hutong:problem:invalid-request");
    assertThat(r.body().path("detail").asString())
        .contains("UNCONDITIONAL, CONDITIONAL, NOT_SHARED");
    assertNothingWritten(code);
  }

  @Test
  void invalidAvroIs422AndNothingIsWritten() {
    String code = "civil-affairs." + unique("x");
    Map<String, Object> body =
        new LinkedHashMap<>(Datasets.marriageRegistrations(code, "CONDITIONAL"));
    body.put(
        "schema",
        "{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\",\"type\":\"strin\"}]}");

    Response r = post(CIVIL_AFFAIRS_ADMIN, "/api/catalog/v1/datasets", body);

    assertProblem(r, 422, "urn:hutong:problem:invalid-schema");
    assertThat(r.body().path("detail").asString()).contains("strin");
    assertNothingWritten(code);
  }

  @Test
  void missingLegalBasisForAConditionalDatasetIs422() {
    String code = "civil-affairs." + unique("x");
    Map<String, Object> body =
        new LinkedHashMap<>(Datasets.marriageRegistrations(code, "CONDITIONAL"));
    body.remove("legalBasis");

    assertProblem(
        post(CIVIL_AFFAIRS_ADMIN, "/api/catalog/v1/datasets", body),
        422,
        "urn:hutong:problem:invalid-request");
    assertNothingWritten(code);
  }

  @Test
  void aCodeNotPrefixedByTheCallersDepartmentIs403() {
    String code = "public-security." + unique("x");

    Response r =
        post(
            CIVIL_AFFAIRS_ADMIN,
            "/api/catalog/v1/datasets",
            Datasets.marriageRegistrations(code, "CONDITIONAL"));

    assertProblem(r, 403, "urn:hutong:problem:forbidden");
    assertNothingWritten(code);
  }

  @Test
  void aCodeOutsideTheGrammarIs422() {
    Response r =
        post(
            CIVIL_AFFAIRS_ADMIN,
            "/api/catalog/v1/datasets",
            Datasets.marriageRegistrations("civil-affairs.Bad_Name", "CONDITIONAL"));

    assertProblem(r, 422, "urn:hutong:problem:invalid-request");
  }

  @Test
  void aDuplicateIs409AndTheFirstStaysIntact() {
    String code = "civil-affairs." + unique("dup");
    assertThat(
            post(
                    CIVIL_AFFAIRS_ADMIN,
                    "/api/catalog/v1/datasets",
                    Datasets.marriageRegistrations(code, "CONDITIONAL"))
                .status())
        .isEqualTo(201);
    Map<String, Object> second =
        new LinkedHashMap<>(Datasets.marriageRegistrations(code, "UNCONDITIONAL"));
    second.put("name", "changed");

    assertProblem(
        post(CIVIL_AFFAIRS_ADMIN, "/api/catalog/v1/datasets", second),
        409,
        "urn:hutong:problem:duplicate");
    assertThat(
            get(PUBLIC_SECURITY_ADMIN, "/api/catalog/v1/datasets/" + code)
                .body()
                .path("name")
                .asString())
        .isEqualTo("婚姻登记信息");
  }

  @Test
  void anOversizedBodyIs413() {
    String huge =
        "{\"code\":\"civil-affairs.huge\",\"description\":\"" + "x".repeat(9 * 1024 * 1024) + "\"}";

    Response r =
        send(CIVIL_AFFAIRS_ADMIN, "POST", "/api/catalog/v1/datasets", huge, "application/json");

    assertThat(r.status()).isEqualTo(413);
    assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
  }

  @Test
  void badPagingAndUnknownIdsAreClearProblems() {
    assertProblem(
        get(PUBLIC_SECURITY_ADMIN, "/api/catalog/v1/datasets?limit=501"),
        422,
        "urn:hutong:problem:invalid-request");
    assertProblem(
        get(PUBLIC_SECURITY_ADMIN, "/api/catalog/v1/datasets?cursor=%25%25"),
        400,
        "urn:hutong:problem:malformed-request");
    assertProblem(
        get(PUBLIC_SECURITY_ADMIN, "/api/catalog/v1/datasets/civil-affairs.no-such-thing"),
        404,
        "urn:hutong:problem:not-found");
    assertProblem(
        post(CIVIL_AFFAIRS_ADMIN, "/api/catalog/v1/access-requests/not-a-uuid/approve", Map.of()),
        404,
        "urn:hutong:problem:not-found");
    assertProblem(
        get(CIVIL_AFFAIRS_ADMIN, "/api/catalog/v1/access-requests?side=both"),
        422,
        "urn:hutong:problem:invalid-request");
    assertProblem(
        send(CIVIL_AFFAIRS_ADMIN, "DELETE", "/api/catalog/v1/datasets", null, null),
        405,
        "urn:hutong:problem:method-not-allowed");
    assertProblem(
        send(CIVIL_AFFAIRS_ADMIN, "POST", "/api/catalog/v1/datasets", "<xml/>", "application/xml"),
        415,
        "urn:hutong:problem:unsupported-media-type");
  }

  @Test
  void nullTagsAndTamperedQueueCursorsAreClientErrors() {
    String code = "civil-affairs." + unique("x");
    Map<String, Object> body =
        new LinkedHashMap<>(Datasets.marriageRegistrations(code, "CONDITIONAL"));
    body.put("tags", java.util.Arrays.asList("ok", null));

    assertProblem(
        post(CIVIL_AFFAIRS_ADMIN, "/api/catalog/v1/datasets", body),
        422,
        "urn:hutong:problem:invalid-request");
    String cursor =
        java.util.Base64.getUrlEncoder()
            .encodeToString("x".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertProblem(
        get(CIVIL_AFFAIRS_ADMIN, "/api/catalog/v1/access-requests?side=provider&cursor=" + cursor),
        400,
        "urn:hutong:problem:malformed-request");
  }

  @Test
  void anOversizedCodeIsRefusedAndDoesNotPoisonTheEventStream() {
    String code = "civil-affairs." + "x".repeat(2_000_000);

    Response r =
        send(
            CIVIL_AFFAIRS_ADMIN,
            "POST",
            "/api/catalog/v1/datasets",
            "{\"code\":\"" + code + "\",\"name\":\"n\"}",
            "application/json");
    assertThat(r.status()).isIn(413, 422);

    // Later events still flow: a fresh registration reaches hutong.catalog.events.
    String next = "civil-affairs." + unique("after");
    post(
        CIVIL_AFFAIRS_ADMIN,
        "/api/catalog/v1/datasets",
        Datasets.marriageRegistrations(next, "UNCONDITIONAL"));
    assertThat(
            catalogEvents(
                k -> k.equals(io.hutong.schemas.catalog.CatalogTopics.datasetKey(next)),
                f -> !f.isEmpty()))
        .hasSize(1);
  }

  @Test
  void approvingWithAPastValidUntilIs422() {
    String code = "civil-affairs." + unique("x");
    post(
        CIVIL_AFFAIRS_ADMIN,
        "/api/catalog/v1/datasets",
        Datasets.marriageRegistrations(code, "CONDITIONAL"));
    String id =
        post(
                PUBLIC_SECURITY_ADMIN,
                "/api/catalog/v1/datasets/" + code + "/access-requests",
                Map.of("purpose", "p", "fields", java.util.List.of("certificateNo")))
            .body()
            .path("id")
            .asString();

    assertProblem(
        post(
            CIVIL_AFFAIRS_ADMIN,
            "/api/catalog/v1/access-requests/" + id + "/approve",
            Map.of("validUntil", "2020-01-01T00:00:00Z")),
        422,
        "urn:hutong:problem:invalid-request");
    assertProblem(
        post(
            CIVIL_AFFAIRS_ADMIN,
            "/api/catalog/v1/access-requests/" + id + "/approve",
            Map.of("validUntil", "tomorrow")),
        422,
        "urn:hutong:problem:invalid-request");
    assertProblem(
        post(
            CIVIL_AFFAIRS_ADMIN,
            "/api/catalog/v1/access-requests/" + id + "/approve",
            Map.of("fields", java.util.List.of("wifeName"))),
        422,
        "urn:hutong:problem:invalid-request");
    assertProblem(
        post(CIVIL_AFFAIRS_ADMIN, "/api/catalog/v1/access-requests/" + id + "/reject", Map.of()),
        422,
        "urn:hutong:problem:invalid-request");
  }

  private static void assertProblem(Response r, int status, String type) {
    assertThat(r.status()).as(r.raw().body()).isEqualTo(status);
    assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(r.type()).isEqualTo(type);
    assertThat(r.body().path("detail").asString()).isNotBlank();
  }

  private static void assertNothingWritten(String code) {
    try (Connection c = stack().postgres().superuserConnection();
        PreparedStatement q =
            c.prepareStatement(
                "select (select count(*) from catalog.dataset where code = ?) + (select count(*) from catalog.dataset_schema where dataset = ?)")) {
      q.setString(1, code);
      q.setString(2, code);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        assertThat(rs.getLong(1)).as("rows of %s", code).isZero();
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
