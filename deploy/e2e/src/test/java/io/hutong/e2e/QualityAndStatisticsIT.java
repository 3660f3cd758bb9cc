package io.hutong.e2e;

import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_SYSTEM;
import static io.hutong.deploy.server.LocalIdentity.PLATFORM_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY_SYSTEM;
import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.deploy.junit.HutongStack;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Data quality and sharing statistics across the real platform: standards set in the catalogue
 * reach the exchange, what is published is measured there and reported by the catalogue (100
 * records, 7 with an empty name → completeness 0.93), and the statistics agree with the audit log.
 */
@ExtendWith(HutongStack.class)
class QualityAndStatisticsIT {

  private static final String SCHEMA =
      """
      {"type":"record","name":"Resident","namespace":"gov.civil_affairs","fields":[
        {"name":"certificateNo","type":"string"},
        {"name":"name","type":"string"},
        {"name":"district","type":["null","string"],"default":null}]}""";

  static E2ePlatform platform;

  @BeforeAll
  static void platform() throws Exception {
    platform = E2ePlatform.get();
    for (String department : List.of("civil-affairs", "public-security")) {
      assertThat(
              platform
                  .call(
                      PLATFORM_ADMIN,
                      "POST",
                      "/api/catalog/v1/departments",
                      Map.of("code", department, "name", department))
                  .status())
          .isIn(201, 409);
    }
  }

  @Test
  void whatIsPublishedIsMeasuredByTheExchangeAndReportedByTheCatalogue() throws Exception {
    String code = register();
    E2ePlatform.Reply standards =
        platform.call(
            CIVIL_AFFAIRS_ADMIN,
            "PUT",
            "/api/catalog/v1/datasets/" + code + "/standards",
            Map.of(
                "violationMode",
                "MEASURE",
                "standards",
                List.of(
                    Map.of("field", "certificateNo", "kind", "PATTERN", "pattern", "Q-\\d{3}"),
                    Map.of("field", "name", "kind", "REQUIRED"))));
    assertThat(standards.status()).as(standards.text()).isEqualTo(200);

    List<Map<String, Object>> records = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Map<String, Object> value = new LinkedHashMap<>();
      value.put("certificateNo", i < 3 ? "bad-" + i : String.format("Q-%03d", i));
      value.put("name", i >= 93 ? "" : "居民" + i);
      value.put("district", null);
      records.add(Map.of("key", "R-" + i, "value", value));
    }
    // The exchange learns the dataset (and its standards) from the catalogue's events.
    E2ePlatform.Reply published =
        until(
            r -> r.status() == 200,
            () ->
                platform.call(
                    CIVIL_AFFAIRS_SYSTEM,
                    "POST",
                    "/api/exchange/v1/datasets/" + code + "/records",
                    Map.of("records", records)));
    assertThat(published.body().path("results")).hasSize(100);

    JsonNode quality =
        until(
                r -> r.body().path("windows").path("last24Hours").path("records").asLong() == 100,
                () ->
                    platform.call(
                        PUBLIC_SECURITY_SYSTEM,
                        "GET",
                        "/api/catalog/v1/datasets/" + code + "/quality",
                        null))
            .body();
    JsonNode day = quality.path("windows").path("last24Hours");
    assertThat(share(day.path("completeness"), "name", "completeShare")).isEqualTo(0.93);
    assertThat(share(day.path("completeness"), "certificateNo", "completeShare")).isEqualTo(1.0);
    assertThat(share(day.path("completeness"), "district", "completeShare")).isEqualTo(0.0);
    JsonNode pattern = find(day.path("validity"), "certificateNo");
    assertThat(pattern.path("standard").asString()).isEqualTo("PATTERN");
    assertThat(pattern.path("violations").asLong()).isEqualTo(3);
    assertThat(find(day.path("validity"), "name").path("violations").asLong()).isEqualTo(7);
    assertThat(quality.path("timeliness").path("status").asString()).isEqualTo("ON_TIME");
    assertThat(quality.path("windows").path("last30Days").path("records").asLong()).isEqualTo(100);

    // Reject mode: the same kind of batch is now refused with the field named, and counted.
    assertThat(
            platform
                .call(
                    CIVIL_AFFAIRS_ADMIN,
                    "PUT",
                    "/api/catalog/v1/datasets/" + code + "/standards",
                    Map.of(
                        "violationMode",
                        "REJECT",
                        "standards",
                        List.of(
                            Map.of(
                                "field",
                                "certificateNo",
                                "kind",
                                "PATTERN",
                                "pattern",
                                "Q-\\d{3}"))))
                .status())
        .isEqualTo(200);
    E2ePlatform.Reply refused =
        until(
            r -> r.status() == 422,
            () ->
                platform.call(
                    CIVIL_AFFAIRS_SYSTEM,
                    "POST",
                    "/api/exchange/v1/datasets/" + code + "/records",
                    Map.of(
                        "records",
                        List.of(
                            Map.of(
                                "key",
                                "X-1",
                                "value",
                                Map.of("certificateNo", "nope", "name", "甲"))))));
    assertThat(refused.isProblem()).isTrue();
    assertThat(refused.body().path("errors").get(0).path("standard").asString())
        .isEqualTo("PATTERN");
    until(
        r ->
            r.body().path("windows").path("last24Hours").path("rejected").path("batches").asLong()
                >= 1,
        () ->
            platform.call(
                PUBLIC_SECURITY_SYSTEM,
                "GET",
                "/api/catalog/v1/datasets/" + code + "/quality",
                null));

    // DCAT carries the figures in DQV terms.
    E2ePlatform.Reply dcat =
        platform.call(PUBLIC_SECURITY_ADMIN, "GET", "/api/catalog/v1/catalog.jsonld", null);
    assertThat(dcat.status()).isEqualTo(200);
    assertThat(dcat.text()).contains("dqv:hasQualityMeasurement").contains(code);
  }

  // ---------------------------------------------------------------------------------------------

  /** A fresh unconditional civil-affairs dataset of {@link #SCHEMA}, updated daily. */
  private static String register() throws Exception {
    String code = "civil-affairs.q-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", code);
    body.put("name", "居民信息");
    body.put("category", "BASE");
    body.put("sharingType", "UNCONDITIONAL");
    body.put("legalBasis", "《居民身份证法》");
    body.put("updateFrequency", "DAILY");
    body.put("schema", E2ePlatform.JSON.readTree(SCHEMA));
    E2ePlatform.Reply r =
        platform.call(CIVIL_AFFAIRS_ADMIN, "POST", "/api/catalog/v1/datasets", body);
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return code;
  }

  private static JsonNode find(JsonNode items, String field) {
    for (JsonNode item : items) {
      if (item.path("field").asString().equals(field)) {
        return item;
      }
    }
    throw new AssertionError("no " + field + " in " + items);
  }

  private static double share(JsonNode items, String field, String name) {
    return find(items, field).path(name).asDouble();
  }

  private interface Call {
    E2ePlatform.Reply run() throws Exception;
  }

  /** Repeats {@code call} until its answer satisfies {@code done}, for at most 60 s. */
  static E2ePlatform.Reply until(Predicate<E2ePlatform.Reply> done, Call call) throws Exception {
    Instant deadline = Instant.now().plusSeconds(60);
    E2ePlatform.Reply r;
    do {
      r = call.run();
      if (done.test(r)) {
        return r;
      }
      Thread.sleep(250);
    } while (Instant.now().isBefore(deadline));
    throw new AssertionError(
        "never satisfied within 60 s; last answer " + r.status() + " " + r.text());
  }
}
