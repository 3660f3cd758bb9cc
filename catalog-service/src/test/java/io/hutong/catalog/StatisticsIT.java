package io.hutong.catalog;

import static io.hutong.deploy.server.LocalIdentity.AUDITOR;
import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS;
import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_SYSTEM;
import static io.hutong.deploy.server.LocalIdentity.HUMAN_RESOURCES;
import static io.hutong.deploy.server.LocalIdentity.HUMAN_RESOURCES_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.PLATFORM_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY;
import static io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY_ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.catalog.access.WorkingDays;
import io.hutong.deploy.server.LocalIdentity;
import io.hutong.schemas.audit.AuditAction;
import io.hutong.schemas.audit.AuditEvent;
import io.hutong.schemas.audit.AuditEvents;
import io.hutong.schemas.audit.AuditTopics;
import io.hutong.schemas.audit.Outcome;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Sharing statistics (issue 15) over a scripted month of activity. The month is a random one in the
 * past, so the figures of requests and usage are exactly this test's even when other tests share
 * the database: requests and decisions are made through the API now, then moved into that month in
 * the database (requested, decided and deadline instants, with deadlines computed by the
 * catalogue's own {@link WorkingDays}); usage is audit events this test produces to {@code
 * hutong.audit.events} the way the exchange does, dated in that month. Dataset counts are the
 * catalogue as it stands, so they are asserted as the change this test made.
 */
class StatisticsIT extends CatalogITBase {

  private static final String STATISTICS = "/api/catalog/v1/statistics";
  private static final String REQUESTS = "/api/catalog/v1/access-requests/";

  @Autowired JdbcClient jdbc;
  @Autowired WorkingDays workingDays;
  @Autowired ApplicationContext context;

  private YearMonth month;

  @BeforeEach
  void scriptedMonth() {
    departmentsRegistered();
    // A month no earlier run left requests or usage in (the database may outlive a run).
    do {
      month =
          YearMonth.of(
              2001 + ThreadLocalRandom.current().nextInt(20),
              1 + ThreadLocalRandom.current().nextInt(12));
    } while (jdbc.sql(
                "select (select count(*) from access_request where requested_at >= ? and requested_at < ?)"
                    + " + (select count(*) from usage_daily where day >= ? and day < ?)")
            .params(
                ts(month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant()),
                ts(month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant()),
                month.atDay(1),
                month.plusMonths(1).atDay(1))
            .query(Long.class)
            .single()
        > 0);
  }

  @Test
  void aScriptedMonth_everyFigureCountedOnce_inTheStatisticsAndTheReport() throws Exception {
    JsonNode before = civilAffairs(get(PLATFORM_ADMIN, statisticsOfMonth(CIVIL_AFFAIRS)));

    String unconditional = dataset("UNCONDITIONAL");
    String conditional = dataset("CONDITIONAL");
    String second = dataset("CONDITIONAL");
    dataset("NOT_SHARED");

    // The first working day on or after the 2nd, 10:00 in the review zone.
    LocalDate first = month.atDay(2);
    while (!workingDays.isWorkingDay(first)) {
      first = first.plusDays(1);
    }
    Instant monday = first.atTime(LocalTime.of(10, 0)).atZone(workingDays.zone()).toInstant();

    // r1: granted at once (unconditional): received and approved, no review time.
    String r1 = request(PUBLIC_SECURITY_ADMIN, unconditional);
    moveTo(r1, monday, monday, null);
    // r2: approved 3 working days after it was asked.
    String r2 = request(HUMAN_RESOURCES_ADMIN, conditional);
    assertThat(post(CIVIL_AFFAIRS_ADMIN, REQUESTS + r2 + "/approve", Map.of()).status())
        .isEqualTo(200);
    moveTo(r2, monday, onWorkingDay(monday, 3), deadline(monday));
    // r3: rejected on the 12th working day, after its 10-working-day deadline: overdue.
    String r3 = request(PUBLIC_SECURITY_ADMIN, conditional);
    assertThat(
            post(CIVIL_AFFAIRS_ADMIN, REQUESTS + r3 + "/reject", Map.of("reason", "no basis"))
                .status())
        .isEqualTo(200);
    moveTo(r3, monday, onWorkingDay(monday, 12), deadline(monday));
    // r4: withdrawn by the consumer two working days in.
    String r4 = request(HUMAN_RESOURCES_ADMIN, second);
    assertThat(post(HUMAN_RESOURCES_ADMIN, REQUESTS + r4 + "/withdraw", null).status())
        .isEqualTo(200);
    moveTo(r4, monday, onWorkingDay(monday, 2), deadline(monday));
    // r5: left pending past its deadline: overdue.
    String r5 = request(PUBLIC_SECURITY_ADMIN, second);
    moveTo(r5, monday, null, deadline(monday));

    Instant day = first.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(3600);
    AuditEvent published =
        usage(AuditAction.RECORDS_PUBLISHED, CIVIL_AFFAIRS, unconditional, day)
            .recordCount(100L)
            .build();
    AuditEvent fetched =
        usage(AuditAction.RECORDS_FETCHED, PUBLIC_SECURITY, unconditional, day)
            .recordCount(30L)
            .build();
    List<AuditEvent> events =
        List.of(
            published,
            usage(AuditAction.RECORDS_PUBLISHED, CIVIL_AFFAIRS, conditional, day)
                .recordCount(50L)
                .build(),
            // refused: not counted
            usage(AuditAction.RECORDS_PUBLISHED, CIVIL_AFFAIRS, conditional, day, Outcome.DENIED)
                .recordCount(999L)
                .build(),
            // the day before the month: not counted in it
            usage(
                    AuditAction.RECORDS_PUBLISHED,
                    CIVIL_AFFAIRS,
                    conditional,
                    month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1))
                .recordCount(7000L)
                .build(),
            fetched,
            fetched, // the same event twice (a resend by an outbox relay): counted once
            usage(AuditAction.RECORDS_STREAMED, PUBLIC_SECURITY, unconditional, day)
                .recordCount(0L)
                .reason("stream opened")
                .build(),
            usage(AuditAction.RECORDS_STREAMED, PUBLIC_SECURITY, unconditional, day)
                .recordCount(12L)
                .reason("stream closed: client disconnected")
                .build(),
            usage(AuditAction.RECORDS_FETCHED, HUMAN_RESOURCES, conditional, day)
                .recordCount(7L)
                .build(),
            usage(AuditAction.RECORD_LOOKED_UP, PUBLIC_SECURITY, unconditional, day)
                .keys(List.of("k1", "k2", "k3"))
                .build(),
            usage(AuditAction.RECORD_LOOKED_UP, PUBLIC_SECURITY, unconditional, day)
                .keys(List.of("k4"))
                .build(),
            usage(AuditAction.RECORD_VERIFIED, HUMAN_RESOURCES, conditional, day)
                .keys(List.of("k5"))
                .build(),
            usage(AuditAction.RECORD_VERIFIED, HUMAN_RESOURCES, conditional, day, Outcome.FAILED)
                .keys(List.of("k6"))
                .build());
    produceAndAwaitCounted(events);

    JsonNode figures = civilAffairs(get(PLATFORM_ADMIN, statisticsOfMonth(CIVIL_AFFAIRS)));
    assertMonth(before, figures);

    // Resent again later, in a batch of its own, while the follower is stopped and restarted:
    // positions and ids stored in PostgreSQL keep every figure as it was.
    SmartLifecycle follower = context.getBean("usageFollower", SmartLifecycle.class);
    follower.stop();
    assertThat(follower.isRunning()).isFalse();
    follower.start();
    produceAndAwaitCounted(List.of(published, fetched));
    assertMonth(before, civilAffairs(get(PLATFORM_ADMIN, statisticsOfMonth(CIVIL_AFFAIRS))));

    // The monthly report, JSON: the same figures, a row per department and the totals.
    Response json = get(AUDITOR, STATISTICS + "/report?format=json&month=" + month);
    assertThat(json.status()).as(json.raw().body()).isEqualTo(200);
    assertThat(json.body().path("month").asString()).isEqualTo(month.toString());
    long departments = jdbc.sql("select count(*) from department").query(Long.class).single();
    assertThat(json.body().path("departments")).hasSize((int) departments);
    JsonNode row = row(json.body().path("departments"), CIVIL_AFFAIRS);
    assertThat(row.path("requests")).isEqualTo(figures.path("requests"));
    assertThat(row.path("usage")).isEqualTo(figures.path("usage"));
    JsonNode totals = json.body().path("totals");
    assertThat(totals.path("department").asString()).isEqualTo("TOTAL");
    long publishedAll = 0;
    for (JsonNode d : json.body().path("departments")) {
      publishedAll += d.path("usage").path("recordsPublished").asLong();
    }
    assertThat(totals.path("usage").path("recordsPublished").asLong()).isEqualTo(publishedAll);
    assertThat(totals.path("requests").path("received").asLong()).isGreaterThanOrEqualTo(5);

    // The monthly report, CSV: BOM, header, a row per department, the totals row last.
    Response csv = get(PLATFORM_ADMIN, STATISTICS + "/report?format=csv&month=" + month);
    assertThat(csv.status()).as(csv.raw().body()).isEqualTo(200);
    assertThat(csv.header("Content-Type")).startsWith("text/csv");
    assertThat(csv.header("Content-Disposition"))
        .isEqualTo("attachment; filename=\"hutong-sharing-report-" + month + ".csv\"");
    String text = csv.raw().body();
    assertThat(text).startsWith("\uFEFF");
    List<String> lines = List.of(text.substring(1).split("\r\n"));
    assertThat(lines).hasSize((int) departments + 2);
    List<String> header = List.of(lines.getFirst().split(","));
    assertThat(header)
        .startsWith("month", "department", "name", "datasets unconditional")
        .contains("delivered to " + PUBLIC_SECURITY, "delivered to " + HUMAN_RESOURCES)
        .endsWith("lookups", "lookup keys", "verifications");
    Map<String, String> civil = cells(header, line(lines, "," + CIVIL_AFFAIRS + ","));
    assertThat(civil)
        .containsEntry("month", month.toString())
        .containsEntry("requests received", "5")
        .containsEntry("requests approved", "2")
        .containsEntry("requests rejected", "1")
        .containsEntry("requests withdrawn", "1")
        .containsEntry("requests overdue", "2")
        .containsEntry("median decision working days", "7.5")
        .containsEntry("records published", "150")
        .containsEntry("records delivered", "49")
        .containsEntry("delivered to " + PUBLIC_SECURITY, "42")
        .containsEntry("delivered to " + HUMAN_RESOURCES, "7")
        .containsEntry("lookups", "2")
        .containsEntry("lookup keys", "4")
        .containsEntry("verifications", "1");
    Map<String, String> total = cells(header, lines.getLast());
    assertThat(total).containsEntry("department", "TOTAL");
    assertThat(total.get("records published")).isEqualTo(Long.toString(publishedAll));

    // Every statistics call is audited like any other read.
    String resource = "statistics:*:" + month.atDay(1) + ".." + month.atEndOfMonth();
    List<AuditEvent> audited =
        auditEvents(
            e ->
                e.getAction().equals(AuditAction.STATISTICS_READ.name())
                    && resource.equals(e.getResource()),
            found -> found.size() >= 2);
    assertThat(audited).extracting(AuditEvent::getOutcome).contains(Outcome.ALLOWED);
    assertThat(audited).extracting(AuditEvent::getActor).contains("auditor", "platform-admin");
  }

  @Test
  void kafkaDownForAWhile_countingResumesOnceItIsBack() throws Exception {
    stack().kafka().stop();
    try {
      Thread.sleep(3_000); // the follower's consumer loses the broker
    } finally {
      stack().kafka().restart();
    }
    Instant day = month.atDay(10).atStartOfDay(ZoneOffset.UTC).toInstant();
    produceAndAwaitCounted(
        List.of(
            usage(
                    AuditAction.RECORDS_PUBLISHED,
                    CIVIL_AFFAIRS,
                    CIVIL_AFFAIRS + "." + unique("outage"),
                    day)
                .recordCount(77L)
                .build()));

    JsonNode figures = civilAffairs(get(PLATFORM_ADMIN, statisticsOfMonth(CIVIL_AFFAIRS)));
    assertThat(figures.path("usage").path("recordsPublished").asLong()).isEqualTo(77);
  }

  @Test
  void access_adminsAndAuditorsSeeAll_dataAdminsTheirOwn_systemsNone() {
    Response all = get(AUDITOR, STATISTICS);
    assertThat(all.status()).as(all.raw().body()).isEqualTo(200);
    assertThat(all.body().path("departments").size()).isGreaterThanOrEqualTo(3);
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    assertThat(all.body().path("from").asString()).isEqualTo(today.withDayOfMonth(1).toString());
    assertThat(all.body().path("to").asString()).isEqualTo(today.toString());

    Response own = get(CIVIL_AFFAIRS_ADMIN, STATISTICS);
    assertThat(own.status()).as(own.raw().body()).isEqualTo(200);
    assertThat(own.body().path("departments")).hasSize(1);
    assertThat(own.body().path("departments").get(0).path("department").asString())
        .isEqualTo(CIVIL_AFFAIRS);
    assertThat(get(CIVIL_AFFAIRS_ADMIN, STATISTICS + "?department=" + CIVIL_AFFAIRS).status())
        .isEqualTo(200);

    assertForbidden(get(PUBLIC_SECURITY_ADMIN, STATISTICS + "?department=" + CIVIL_AFFAIRS));
    assertForbidden(
        get(
            PUBLIC_SECURITY_ADMIN,
            STATISTICS + "/report?month=2026-01&department=" + CIVIL_AFFAIRS));
    assertForbidden(get(CIVIL_AFFAIRS_SYSTEM, STATISTICS));
    assertForbidden(get(CIVIL_AFFAIRS_SYSTEM, STATISTICS + "/report?month=2026-01"));

    Response report = get(PUBLIC_SECURITY_ADMIN, STATISTICS + "/report?month=2026-01&format=json");
    assertThat(report.status()).as(report.raw().body()).isEqualTo(200);
    assertThat(report.body().path("departments")).hasSize(1);
    assertThat(report.body().path("totals").path("department").asString()).isEqualTo("TOTAL");

    assertThat(get(PLATFORM_ADMIN, STATISTICS + "?department=no-such-department").status())
        .isEqualTo(404);
    assertThat(get(null, STATISTICS).status()).isEqualTo(401);
  }

  @Test
  void badParameters_are422Problems() {
    for (String query :
        List.of(
            "?from=2026-13-01",
            "?to=yesterday",
            "?from=2026-02-30",
            "?from=2026-05-02&to=2026-05-01",
            "?from=2025-01-01&to=2026-01-02",
            "?department=Not%20A%20Code")) {
      Response r = get(PLATFORM_ADMIN, STATISTICS + query);
      assertThat(r.status()).as(query + ": " + r.raw().body()).isEqualTo(422);
      assertThat(r.type()).isEqualTo("urn:hutong:problem:invalid-request");
    }
    assertThat(get(PLATFORM_ADMIN, STATISTICS + "?from=2025-01-01&to=2026-01-01").status())
        .as("366 days")
        .isEqualTo(200);
    for (String query :
        List.of("", "?month=2026-1", "?month=2026-13", "?month=2026-01&format=xml")) {
      Response r = get(PLATFORM_ADMIN, STATISTICS + "/report" + query);
      assertThat(r.status()).as(query + ": " + r.raw().body()).isEqualTo(422);
      assertThat(r.type()).isEqualTo("urn:hutong:problem:invalid-request");
    }
  }

  private void assertMonth(JsonNode before, JsonNode figures) {
    JsonNode datasets = figures.path("datasets");
    JsonNode was = before.path("datasets");
    assertThat(datasets.path("unconditional").asLong())
        .isEqualTo(was.path("unconditional").asLong() + 1);
    assertThat(datasets.path("conditional").asLong())
        .isEqualTo(was.path("conditional").asLong() + 2);
    assertThat(datasets.path("notShared").asLong()).isEqualTo(was.path("notShared").asLong() + 1);
    assertThat(datasets.path("total").asLong()).isEqualTo(was.path("total").asLong() + 4);
    long total = datasets.path("total").asLong();
    long shared = datasets.path("unconditional").asLong() + datasets.path("conditional").asLong();
    assertThat(datasets.path("sharedPercent").decimalValue().doubleValue())
        .isCloseTo(100.0 * shared / total, org.assertj.core.data.Offset.offset(0.05));

    JsonNode requests = figures.path("requests");
    assertThat(requests.path("received").asLong()).isEqualTo(5);
    assertThat(requests.path("approved").asLong()).isEqualTo(2);
    assertThat(requests.path("rejected").asLong()).isEqualTo(1);
    assertThat(requests.path("withdrawn").asLong()).isEqualTo(1);
    assertThat(requests.path("overdue").asLong()).isEqualTo(2);
    assertThat(requests.path("medianDecisionWorkingDays").decimalValue())
        .isEqualByComparingTo("7.5");

    JsonNode usage = figures.path("usage");
    assertThat(usage.path("recordsPublished").asLong()).isEqualTo(150);
    assertThat(usage.path("recordsDelivered").asLong()).isEqualTo(49);
    assertThat(usage.path("deliveredTo").toString())
        .isEqualTo(
            "[{\"department\":\""
                + HUMAN_RESOURCES
                + "\",\"records\":7},{\"department\":\""
                + PUBLIC_SECURITY
                + "\",\"records\":42}]");
    assertThat(usage.path("lookups").asLong()).isEqualTo(2);
    assertThat(usage.path("lookupKeys").asLong()).isEqualTo(4);
    assertThat(usage.path("verifications").asLong()).isEqualTo(1);
  }

  private String statisticsOfMonth(String department) {
    return STATISTICS
        + "?department="
        + department
        + "&from="
        + month.atDay(1)
        + "&to="
        + month.atEndOfMonth();
  }

  private static JsonNode civilAffairs(Response response) {
    assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
    assertThat(response.body().path("departments")).hasSize(1);
    return row(response.body().path("departments"), CIVIL_AFFAIRS);
  }

  private static JsonNode row(JsonNode departments, String code) {
    for (JsonNode d : departments) {
      if (d.path("department").asString().equals(code)) {
        return d;
      }
    }
    throw new AssertionError(code + " not in " + departments);
  }

  private static String line(List<String> lines, String containing) {
    return lines.stream()
        .filter(l -> l.contains(containing))
        .findFirst()
        .orElseThrow(() -> new AssertionError(containing + " not in " + lines));
  }

  /** A CSV line of plain cells (the local department names hold no comma) by header name. */
  private static Map<String, String> cells(List<String> header, String line) {
    String[] values = line.split(",", -1);
    assertThat(values).hasSize(header.size());
    Map<String, String> cells = new HashMap<>();
    for (int i = 0; i < values.length; i++) {
      cells.put(header.get(i), values[i]);
    }
    return cells;
  }

  private static void assertForbidden(Response response) {
    assertThat(response.status()).as(response.raw().body()).isEqualTo(403);
    assertThat(response.type()).isEqualTo("urn:hutong:problem:forbidden");
  }

  private String dataset(String sharingType) {
    String code = CIVIL_AFFAIRS + "." + unique("stats");
    Response r =
        post(
            CIVIL_AFFAIRS_ADMIN,
            "/api/catalog/v1/datasets",
            Datasets.marriageRegistrations(code, sharingType));
    assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
    return code;
  }

  private String request(LocalIdentity who, String code) {
    Response r =
        post(
            who,
            "/api/catalog/v1/datasets/" + code + "/access-requests",
            Map.of("purpose", "counter checks", "fields", List.of("wifeName")));
    assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
    return r.body().path("id").asString();
  }

  /** The end of the N-th working day after {@code from}, less an hour: on that working day. */
  private Instant onWorkingDay(Instant from, int n) {
    return workingDays.deadline(from, n).minus(Duration.ofHours(1));
  }

  private Instant deadline(Instant requested) {
    return workingDays.deadline(requested, 10);
  }

  /** Moves a request (made now through the API) into the scripted month. */
  private void moveTo(String id, Instant requested, Instant decided, Instant deadline) {
    jdbc.sql(
            "update access_request set requested_at = ?, decided_at = ?, reply_deadline = ?"
                + " where id = ?::uuid")
        .params(ts(requested), ts(decided), ts(deadline), id)
        .update();
  }

  private static Timestamp ts(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  private static AuditEvents.Builder usage(
      AuditAction action, String department, String dataset, Instant time) {
    return usage(action, department, dataset, time, Outcome.ALLOWED);
  }

  /** An audit event as the exchange writes it for a call of a department's system. */
  private static AuditEvents.Builder usage(
      AuditAction action, String department, String dataset, Instant time, Outcome outcome) {
    return AuditEvents.by("exchange-service", time)
        .caller(
            new io.hutong.schemas.identity.Caller(
                department + "-system",
                department,
                java.util.Set.of(io.hutong.schemas.identity.HutongRole.DEPARTMENT_SYSTEM),
                true))
        .action(action, outcome)
        .dataset(dataset)
        .resource("dataset:" + dataset);
  }

  /**
   * Produces the events to the audit topic (single-object encoded, keyed by id) and waits until the
   * catalogue's stored positions cover every partition's end: all of them counted or skipped.
   */
  private void produceAndAwaitCounted(List<AuditEvent> events) throws Exception {
    Properties props = new Properties();
    props.putAll(stack().kafka().operatorClient());
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      for (AuditEvent event : events) {
        producer
            .send(
                new ProducerRecord<>(
                    AuditTopics.EVENTS, event.getId().toString(), AuditEvents.encode(event)))
            .get();
      }
    }
    Map<TopicPartition, Long> ends;
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(AuditTopics.EVENTS, Duration.ofSeconds(10))
          .forEach(p -> partitions.add(new TopicPartition(AuditTopics.EVENTS, p.partition())));
      ends = consumer.endOffsets(partitions);
    }
    Instant deadline = Instant.now().plusSeconds(60);
    while (true) {
      Map<Integer, Long> stored = new HashMap<>();
      jdbc.sql("select partition, next_offset from usage_position where topic = ?")
          .param(AuditTopics.EVENTS)
          .query(
              (org.springframework.jdbc.core.RowCallbackHandler)
                  rs -> stored.put(rs.getInt(1), rs.getLong(2)));
      boolean caughtUp =
          ends.entrySet().stream()
              .allMatch(
                  e ->
                      e.getValue() == 0
                          || stored.getOrDefault(e.getKey().partition(), 0L) >= e.getValue());
      if (caughtUp) {
        return;
      }
      assertThat(Instant.now())
          .as("usage counted up to %s, stored %s", ends, stored)
          .isBefore(deadline);
      Thread.sleep(200);
    }
  }
}
