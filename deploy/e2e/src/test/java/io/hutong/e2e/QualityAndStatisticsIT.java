package io.hutong.e2e;

import static io.hutong.deploy.server.LocalIdentity.AUDITOR;
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
        E2ePlatform.eventually(
            r -> r.status() == 200,
            () ->
                platform.call(
                    CIVIL_AFFAIRS_SYSTEM,
                    "POST",
                    "/api/exchange/v1/datasets/" + code + "/records",
                    Map.of("records", records)));
    assertThat(published.body().path("results")).hasSize(100);

    JsonNode quality =
        E2ePlatform.eventually(
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
        E2ePlatform.eventually(
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
    E2ePlatform.eventually(
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

  @Test
  void theSharingStatisticsAgreeWithTheAuditLog() throws Exception {
    String code = register();
    E2ePlatform.Reply granted =
        platform.call(
            PUBLIC_SECURITY_ADMIN,
            "POST",
            "/api/catalog/v1/datasets/" + code + "/access-requests",
            Map.of("purpose", "statistics", "fields", List.of("certificateNo", "name")));
    assertThat(granted.status()).as(granted.text()).isEqualTo(201);
    List<Map<String, Object>> records = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      records.add(
          Map.of("key", "S-" + i, "value", Map.of("certificateNo", "Q-" + i, "name", "甲" + i)));
    }
    E2ePlatform.eventually(
        r -> r.status() == 200,
        () ->
            platform.call(
                CIVIL_AFFAIRS_SYSTEM,
                "POST",
                "/api/exchange/v1/datasets/" + code + "/records",
                Map.of("records", records)));
    String subscription =
        E2ePlatform.eventually(
                r -> r.status() == 201,
                () ->
                    platform.call(
                        PUBLIC_SECURITY_SYSTEM,
                        "POST",
                        "/api/exchange/v1/subscriptions",
                        Map.of("dataset", code, "startFrom", "earliest")))
            .body()
            .path("id")
            .asString();
    E2ePlatform.eventually(
        r -> r.body().path("records").size() == 20,
        () ->
            platform.call(
                PUBLIC_SECURITY_SYSTEM,
                "GET",
                "/api/exchange/v1/subscriptions/" + subscription + "/records?max=100&waitMs=2000",
                null));
    E2ePlatform.eventually(
        r -> r.status() == 200 && r.body().path("items").size() == 2,
        () ->
            platform.call(
                PUBLIC_SECURITY_SYSTEM,
                "POST",
                "/api/exchange/v1/datasets/" + code + "/lookups",
                Map.of("keys", List.of("S-1", "S-2", "S-404"))));

    // Statistics (counted by the catalogue) and the audit log (counted by the audit service) are
    // filled from the same events by two consumers: once both have caught up, they agree exactly.
    String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
    Instant dayStart = Instant.parse(today + "T00:00:00Z");
    Map<String, Long> audit = Map.of();
    Map<String, Long> statistics = Map.of();
    Instant deadline = Instant.now().plusSeconds(90);
    while (Instant.now().isBefore(deadline)) {
      audit = auditCounts(dayStart);
      statistics = statisticsCounts(today);
      if (audit.equals(statistics) && statistics.get("published") >= 20) {
        break;
      }
      Thread.sleep(1_000);
    }
    assertThat(statistics).as("statistics vs audit log").isEqualTo(audit);
    assertThat(statistics.get("published")).isGreaterThanOrEqualTo(20);
    assertThat(statistics.get("delivered")).isGreaterThanOrEqualTo(20);
    assertThat(statistics.get("lookupKeys")).isGreaterThanOrEqualTo(3);

    // The monthly report carries the department, and reading statistics is itself audited.
    String month = today.substring(0, 7);
    E2ePlatform.Reply report =
        platform.call(
            AUDITOR,
            "GET",
            "/api/catalog/v1/statistics/report?month=" + month + "&format=csv",
            null);
    assertThat(report.status()).isEqualTo(200);
    assertThat(report.text()).startsWith("\uFEFF").contains("civil-affairs");
    assertThat(
            platform.call(CIVIL_AFFAIRS_SYSTEM, "GET", "/api/catalog/v1/statistics", null).status())
        .isEqualTo(403);
    E2ePlatform.eventually(
        r -> r.status() == 200 && r.body().path("items").size() > 0,
        () ->
            platform.call(
                AUDITOR,
                "GET",
                "/api/audit/v1/events?action=STATISTICS_READ&outcome=DENIED&department=civil-affairs"
                    + "&from="
                    + dayStart
                    + "&limit=5",
                null));
  }

  /** Civil-affairs' usage today as the catalogue's statistics count it. */
  private static Map<String, Long> statisticsCounts(String today) throws Exception {
    E2ePlatform.Reply r =
        platform.call(
            PLATFORM_ADMIN,
            "GET",
            "/api/catalog/v1/statistics?department=civil-affairs&from=" + today + "&to=" + today,
            null);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    JsonNode usage = r.body().path("departments").get(0).path("usage");
    return Map.of(
        "published", usage.path("recordsPublished").asLong(),
        "delivered", usage.path("recordsDelivered").asLong(),
        "lookups", usage.path("lookups").asLong(),
        "lookupKeys", usage.path("lookupKeys").asLong(),
        "verifications", usage.path("verifications").asLong());
  }

  /** The same figures summed from the audit log's allowed events of civil-affairs' datasets. */
  private static Map<String, Long> auditCounts(Instant from) throws Exception {
    long published = 0;
    long delivered = 0;
    long lookups = 0;
    long keys = 0;
    long verifications = 0;
    for (String action :
        List.of(
            "RECORDS_PUBLISHED",
            "RECORDS_FETCHED",
            "RECORDS_STREAMED",
            "RECORD_LOOKED_UP",
            "RECORD_VERIFIED")) {
      String cursor = null;
      do {
        E2ePlatform.Reply page =
            platform.call(
                AUDITOR,
                "GET",
                "/api/audit/v1/events?action="
                    + action
                    + "&outcome=ALLOWED&from="
                    + from
                    + "&limit=500"
                    + (cursor == null ? "" : "&cursor=" + cursor),
                null);
        assertThat(page.status()).as(page.text()).isEqualTo(200);
        for (JsonNode item : page.body().path("items")) {
          JsonNode event = item.path("event");
          if (!event.path("dataset").asString("").startsWith("civil-affairs.")) {
            continue;
          }
          long count = event.path("recordCount").asLong(0);
          switch (action) {
            case "RECORDS_PUBLISHED" -> published += count;
            case "RECORDS_FETCHED", "RECORDS_STREAMED" -> delivered += count;
            case "RECORD_LOOKED_UP" -> {
              lookups++;
              keys += event.path("keys").size();
            }
            default -> verifications++;
          }
        }
        JsonNode next = page.body().path("nextCursor");
        cursor = next.isNull() || next.isMissingNode() ? null : next.asString();
      } while (cursor != null);
    }
    return Map.of(
        "published", published,
        "delivered", delivered,
        "lookups", lookups,
        "lookupKeys", keys,
        "verifications", verifications);
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
}
