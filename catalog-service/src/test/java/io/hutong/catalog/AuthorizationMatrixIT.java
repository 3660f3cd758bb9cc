package io.hutong.catalog;

import static io.hutong.deploy.server.LocalIdentity.AUDITOR;
import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_SYSTEM;
import static io.hutong.deploy.server.LocalIdentity.HUMAN_RESOURCES_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.PLATFORM_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY_SYSTEM;
import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.deploy.server.LocalIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Who may call what: every catalogue endpoint × role × own or other department, against the
 * expected status. Each case gets fresh fixtures, so a case's outcome never depends on another's.
 * Provider is civil-affairs; consumer is public-security; human-resources is a third party.
 */
class AuthorizationMatrixIT extends CatalogITBase {

  /** A call to make as {@code who} on fresh fixtures, and the status it must get. */
  record Case(String endpoint, LocalIdentity who, int expected, Function<Fixture, Response> call) {}

  /** Fresh dataset, pending request and live grant of one case. */
  record Fixture(String code, String pendingRequest, String grant) {}

  @TestFactory
  Stream<DynamicTest> everyEndpointByRoleAndDepartment() {
    departmentsRegistered();
    List<Case> cases = new ArrayList<>();
    // departments
    for (var who : List.of(CIVIL_AFFAIRS_ADMIN, CIVIL_AFFAIRS_SYSTEM, AUDITOR)) {
      cases.add(
          new Case(
              "POST /departments",
              who,
              403,
              f ->
                  post(
                      who,
                      "/api/catalog/v1/departments",
                      Map.of("code", unique("dept"), "name", "x"))));
    }
    cases.add(
        new Case(
            "POST /departments",
            PLATFORM_ADMIN,
            201,
            f ->
                post(
                    PLATFORM_ADMIN,
                    "/api/catalog/v1/departments",
                    Map.of("code", unique("dept"), "name", "New bureau"))));
    // reading the catalogue: anyone authenticated
    for (var who :
        List.of(
            CIVIL_AFFAIRS_SYSTEM,
            PUBLIC_SECURITY_SYSTEM,
            AUDITOR,
            PLATFORM_ADMIN,
            HUMAN_RESOURCES_ADMIN)) {
      cases.add(
          new Case("GET /departments", who, 200, f -> get(who, "/api/catalog/v1/departments")));
      cases.add(
          new Case(
              "GET /datasets", who, 200, f -> get(who, "/api/catalog/v1/datasets?q=" + q("婚姻"))));
      cases.add(
          new Case(
              "GET /datasets/{code}",
              who,
              200,
              f -> get(who, "/api/catalog/v1/datasets/" + f.code())));
      cases.add(
          new Case(
              "GET /datasets/{code}/schemas",
              who,
              200,
              f -> get(who, "/api/catalog/v1/datasets/" + f.code() + "/schemas")));
      cases.add(
          new Case(
              "GET /catalog.jsonld", who, 200, f -> get(who, "/api/catalog/v1/catalog.jsonld")));
    }
    // registering: data-admin of the provider only
    cases.add(
        new Case(
            "POST /datasets own department",
            CIVIL_AFFAIRS_ADMIN,
            201,
            f ->
                post(
                    CIVIL_AFFAIRS_ADMIN,
                    "/api/catalog/v1/datasets",
                    Datasets.marriageRegistrations(
                        "civil-affairs." + unique("m"), "CONDITIONAL"))));
    for (var who : List.of(PUBLIC_SECURITY_ADMIN, CIVIL_AFFAIRS_SYSTEM, PLATFORM_ADMIN, AUDITOR)) {
      cases.add(
          new Case(
              "POST /datasets of civil-affairs",
              who,
              403,
              f ->
                  post(
                      who,
                      "/api/catalog/v1/datasets",
                      Datasets.marriageRegistrations(
                          "civil-affairs." + unique("m"), "CONDITIONAL"))));
    }
    // editing, retiring, evolving: data-admin of the provider only
    for (var entry :
        Map.of(
                CIVIL_AFFAIRS_ADMIN,
                200,
                PUBLIC_SECURITY_ADMIN,
                403,
                CIVIL_AFFAIRS_SYSTEM,
                403,
                PLATFORM_ADMIN,
                403)
            .entrySet()) {
      var who = entry.getKey();
      cases.add(
          new Case(
              "PATCH /datasets/{code}",
              who,
              entry.getValue(),
              f ->
                  patch(
                      who,
                      "/api/catalog/v1/datasets/" + f.code(),
                      Map.of("description", "edited"))));
      cases.add(
          new Case(
              "POST /datasets/{code}/retire",
              who,
              entry.getValue(),
              f ->
                  post(
                      who,
                      "/api/catalog/v1/datasets/" + f.code() + "/retire",
                      Map.of("reason", "r"))));
      cases.add(
          new Case(
              "POST /datasets/{code}/schemas",
              who,
              entry.getValue() == 200 ? 201 : 403,
              f ->
                  post(
                      who,
                      "/api/catalog/v1/datasets/" + f.code() + "/schemas",
                      Map.of("schema", Datasets.marriageSchemaWithDistrict()))));
    }
    // requesting access: a data-admin of another department
    cases.add(
        new Case(
            "POST access-requests other department",
            HUMAN_RESOURCES_ADMIN,
            201,
            f -> requestAccess(HUMAN_RESOURCES_ADMIN, f)));
    cases.add(
        new Case(
            "POST access-requests own department",
            CIVIL_AFFAIRS_ADMIN,
            422,
            f -> requestAccess(CIVIL_AFFAIRS_ADMIN, f)));
    cases.add(
        new Case(
            "POST access-requests as a system",
            PUBLIC_SECURITY_SYSTEM,
            403,
            f -> requestAccess(PUBLIC_SECURITY_SYSTEM, f)));
    cases.add(
        new Case(
            "POST access-requests as platform-admin",
            PLATFORM_ADMIN,
            403,
            f -> requestAccess(PLATFORM_ADMIN, f)));
    // queues: data-admins only
    for (var entry :
        Map.of(
                CIVIL_AFFAIRS_ADMIN,
                200,
                PUBLIC_SECURITY_ADMIN,
                200,
                CIVIL_AFFAIRS_SYSTEM,
                403,
                AUDITOR,
                403,
                PLATFORM_ADMIN,
                403)
            .entrySet()) {
      var who = entry.getKey();
      cases.add(
          new Case(
              "GET /access-requests",
              who,
              entry.getValue(),
              f -> get(who, "/api/catalog/v1/access-requests?side=provider")));
      cases.add(
          new Case("GET /grants", who, entry.getValue(), f -> get(who, "/api/catalog/v1/grants")));
    }
    // deciding: the provider's data-admin; the consumer may not; a third party does not see it
    for (var entry :
        Map.of(
                CIVIL_AFFAIRS_ADMIN,
                200,
                PUBLIC_SECURITY_ADMIN,
                403,
                HUMAN_RESOURCES_ADMIN,
                404,
                CIVIL_AFFAIRS_SYSTEM,
                403)
            .entrySet()) {
      var who = entry.getKey();
      cases.add(
          new Case(
              "POST approve",
              who,
              entry.getValue(),
              f ->
                  post(
                      who,
                      "/api/catalog/v1/access-requests/" + f.pendingRequest() + "/approve",
                      Map.of())));
      cases.add(
          new Case(
              "POST reject",
              who,
              entry.getValue(),
              f ->
                  post(
                      who,
                      "/api/catalog/v1/access-requests/" + f.pendingRequest() + "/reject",
                      Map.of("reason", "no"))));
      cases.add(
          new Case(
              "POST revoke",
              who,
              entry.getValue(),
              f ->
                  post(
                      who,
                      "/api/catalog/v1/grants/" + f.grant() + "/revoke",
                      Map.of("reason", "done"))));
    }
    // withdrawing: the consumer's data-admin
    for (var entry :
        Map.of(PUBLIC_SECURITY_ADMIN, 200, CIVIL_AFFAIRS_ADMIN, 403, HUMAN_RESOURCES_ADMIN, 404)
            .entrySet()) {
      var who = entry.getKey();
      cases.add(
          new Case(
              "POST withdraw",
              who,
              entry.getValue(),
              f ->
                  post(
                      who,
                      "/api/catalog/v1/access-requests/" + f.pendingRequest() + "/withdraw",
                      null)));
    }
    // no token at all
    cases.add(
        new Case(
            "GET /datasets without a token",
            null,
            401,
            f -> get(null, "/api/catalog/v1/datasets")));

    return cases.stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.endpoint()
                        + " as "
                        + (c.who() == null ? "anonymous" : c.who().name())
                        + " → "
                        + c.expected(),
                    () -> {
                      Response r = c.call().apply(fixture());
                      assertThat(r.status()).as(r.raw().body()).isEqualTo(c.expected());
                      if (r.status() >= 400) {
                        assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
                      }
                    }));
  }

  private Response requestAccess(LocalIdentity who, Fixture f) {
    return post(
        who,
        "/api/catalog/v1/datasets/" + f.code() + "/access-requests",
        Map.of("purpose", "matrix", "fields", List.of("certificateNo")));
  }

  /**
   * A conditional civil-affairs dataset with a pending request and a live grant (public-security).
   */
  private Fixture fixture() {
    String code = "civil-affairs." + unique("matrix");
    assertThat(
            post(
                    CIVIL_AFFAIRS_ADMIN,
                    "/api/catalog/v1/datasets",
                    Datasets.marriageRegistrations(code, "CONDITIONAL"))
                .status())
        .isEqualTo(201);
    String granted =
        post(
                PUBLIC_SECURITY_ADMIN,
                "/api/catalog/v1/datasets/" + code + "/access-requests",
                Map.of("purpose", "matrix", "fields", List.of("certificateNo")))
            .body()
            .path("id")
            .asString();
    String grant =
        post(
                CIVIL_AFFAIRS_ADMIN,
                "/api/catalog/v1/access-requests/" + granted + "/approve",
                Map.of())
            .body()
            .path("id")
            .asString();
    String second = "civil-affairs." + unique("matrix");
    post(
        CIVIL_AFFAIRS_ADMIN,
        "/api/catalog/v1/datasets",
        Datasets.marriageRegistrations(second, "CONDITIONAL"));
    String pending =
        post(
                PUBLIC_SECURITY_ADMIN,
                "/api/catalog/v1/datasets/" + second + "/access-requests",
                Map.of("purpose", "matrix", "fields", List.of("certificateNo")))
            .body()
            .path("id")
            .asString();
    return new Fixture(code, pending, grant);
  }
}
