package io.hutong.catalog;

import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY_SYSTEM;
import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.schemas.catalog.CatalogEvent;
import io.hutong.schemas.catalog.CatalogTopics;
import io.hutong.schemas.catalog.DatasetTimeliness;
import io.hutong.schemas.catalog.Timeliness;
import io.hutong.schemas.quality.QualityBucket;
import io.hutong.schemas.quality.QualityCount;
import io.hutong.schemas.quality.QualityTopics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Quality per dataset (issue 15), catalogue side: snapshots the exchange would send are produced to
 * {@code hutong.quality.buckets} as fixtures, and the report, the timeliness feed and events, and
 * the DCAT catalogue are read back. Against real PostgreSQL, Kafka and Keycloak.
 *
 * <p>Every fixture goes to partition 0, so a snapshot produced after another is applied after it:
 * seeing the later one applied proves the earlier one was processed.
 */
class QualityIT extends CatalogITBase {

  private static final String PERSON_SCHEMA =
      """
      {"type":"record","name":"Person","namespace":"gov.civil_affairs","fields":[
        {"name":"id","type":"string"},
        {"name":"name","type":["null","string"],"default":null},
        {"name":"idNo","type":"string"}
      ]}
      """;

  private static final String FEED = "/api/catalog/v1/quality/timeliness-changes";

  @BeforeEach
  void departments() {
    departmentsRegistered();
  }

  @Test
  void report_countsBothWindowsFromTheLatestRevisionOfEachBucket() {
    String code = personDataset("DAILY");
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
    Instant previousHour = hour.minus(1, ChronoUnit.HOURS);
    Instant lastRecord = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);

    // The current hour: revision 1, then the whole snapshot again as revision 2.
    send(bucket(code, hour, 1, lastRecord, count("RECORDS", 40), empty("name", 7)));
    send(
        bucket(
            code,
            hour,
            2,
            lastRecord,
            count("RECORDS", 60),
            count("TOMBSTONES", 2),
            empty("name", 4),
            violation("idNo", "ID_CARD", 3),
            count("FIRST_OF_DAY", 50),
            count("DUPLICATE", 6),
            count("CHANGE", 4),
            rejected("schema", 5),
            rejected("standard", 2),
            count("REJECTED_BATCHES", 2)));
    // The hour before: revision 7; a stale revision 6 arriving afterwards is ignored.
    send(
        bucket(
            code,
            previousHour,
            7,
            previousHour.plusSeconds(600),
            count("RECORDS", 40),
            empty("name", 3),
            violation("idNo", "ID_CARD", 1),
            count("FIRST_OF_DAY", 40)));
    send(bucket(code, previousHour, 6, previousHour, count("RECORDS", 999), empty("name", 999)));
    // Two days ago: counts in 30 days only. 33 days ago: stored, but in neither window.
    send(
        bucket(
            code,
            hour.minus(48, ChronoUnit.HOURS),
            1,
            hour.minus(48, ChronoUnit.HOURS),
            count("RECORDS", 100),
            empty("name", 10)));
    send(
        bucket(
            code,
            hour.minus(800, ChronoUnit.HOURS),
            1,
            hour.minus(800, ChronoUnit.HOURS),
            count("RECORDS", 1000)));

    JsonNode report =
        awaitReport(
            code, r -> r.path("windows").path("last30Days").path("records").asLong() == 200);

    JsonNode day = report.path("windows").path("last24Hours");
    assertThat(day.path("records").asLong()).isEqualTo(100);
    assertThat(day.path("tombstones").asLong()).isEqualTo(2);
    assertThat(day.path("to").asString()).isEqualTo(hour.plus(1, ChronoUnit.HOURS).toString());
    assertThat(day.path("from").asString()).isEqualTo(hour.minus(23, ChronoUnit.HOURS).toString());
    JsonNode name = field(day.path("completeness"), "name");
    assertThat(name.path("empty").asLong()).isEqualTo(7);
    assertThat(name.path("completeShare").asDouble()).isEqualTo(0.93);
    assertThat(field(day.path("completeness"), "id").path("completeShare").asDouble())
        .isEqualTo(1.0);
    assertThat(day.path("completeness")).hasSize(3);
    JsonNode idNo = field(day.path("validity"), "idNo");
    assertThat(idNo.path("standard").asString()).isEqualTo("ID_CARD");
    assertThat(idNo.path("violations").asLong()).isEqualTo(4);
    assertThat(idNo.path("violationShare").asDouble()).isEqualTo(0.04);
    assertThat(day.path("rejected").path("batches").asLong()).isEqualTo(2);
    assertThat(day.path("rejected").path("records").path("schema").asLong()).isEqualTo(5);
    assertThat(day.path("rejected").path("records").path("standard").asLong()).isEqualTo(2);
    JsonNode consistency = day.path("consistency");
    assertThat(consistency.path("firstOfDay").asLong()).isEqualTo(90);
    assertThat(consistency.path("duplicates").asLong()).isEqualTo(6);
    assertThat(consistency.path("changes").asLong()).isEqualTo(4);
    assertThat(consistency.path("duplicateShare").asDouble()).isEqualTo(0.06);

    JsonNode month = report.path("windows").path("last30Days");
    assertThat(month.path("records").asLong()).isEqualTo(200);
    assertThat(field(month.path("completeness"), "name").path("completeShare").asDouble())
        .isEqualTo(0.915);
    assertThat(month.path("from").asString())
        .isEqualTo(hour.minus(719, ChronoUnit.HOURS).toString());

    JsonNode timeliness = report.path("timeliness");
    assertThat(timeliness.path("status").asString()).isEqualTo("ON_TIME");
    assertThat(timeliness.path("updateFrequency").asString()).isEqualTo("DAILY");
    assertThat(Instant.parse(timeliness.path("lastPublishedAt").asString())).isEqualTo(lastRecord);
    assertThat(Instant.parse(timeliness.path("dueAt").asString()))
        .isEqualTo(lastRecord.plus(Duration.ofHours(26).plusMinutes(24)));
    assertThat(timeliness.path("lateBy").isNull()).isTrue();
  }

  @Test
  void aDailyDatasetLastPublishedTwoDaysAgo_turnsLate_thenOnTimeAgain_inTheFeedAndEvents() {
    String code = personDataset("DAILY");
    Instant twoDaysAgo = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
    send(
        bucket(
            code, twoDaysAgo.truncatedTo(ChronoUnit.HOURS), 1, twoDaysAgo, count("RECORDS", 10)));

    JsonNode late = awaitFeed(code, items -> !items.isEmpty());
    assertThat(late.path("status").asString()).isEqualTo("LATE");
    assertThat(Instant.parse(late.path("lastPublishedAt").asString())).isEqualTo(twoDaysAgo);
    assertThat(Instant.parse(late.path("dueAt").asString()))
        .isEqualTo(twoDaysAgo.plus(Duration.ofHours(26).plusMinutes(24)));
    JsonNode report = get(PUBLIC_SECURITY_SYSTEM, quality(code)).body();
    assertThat(report.path("timeliness").path("status").asString()).isEqualTo("LATE");
    Duration lateBy = Duration.parse(report.path("timeliness").path("lateBy").asString());
    assertThat(lateBy).isBetween(Duration.ofHours(21), Duration.ofHours(22));
    assertThat(report.path("timeliness").path("since").asString())
        .isEqualTo(late.path("dueAt").asString());

    List<CatalogEvent> events =
        catalogEvents(CatalogTopics.timelinessKey(code)::equals, found -> !found.isEmpty());
    DatasetTimeliness event = (DatasetTimeliness) events.getFirst().getPayload();
    assertThat(event.getDataset()).isEqualTo(code);
    assertThat(event.getStatus()).isEqualTo(Timeliness.LATE);
    assertThat(event.getLastPublishedAt()).isEqualTo(twoDaysAgo);

    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    send(bucket(code, now.truncatedTo(ChronoUnit.HOURS), 1, now, count("RECORDS", 1)));

    JsonNode back = awaitFeed(code, items -> items.size() == 2);
    assertThat(back.path("status").asString()).isEqualTo("ON_TIME");
    assertThat(back.path("previousStatus").asString()).isEqualTo("LATE");
    Response firstPage = get(PUBLIC_SECURITY_SYSTEM, FEED + "?limit=1&dataset=" + q(code));
    assertThat(firstPage.body().path("items").get(0).path("status").asString())
        .isEqualTo("ON_TIME");
    String cursor = firstPage.body().path("nextCursor").asString();
    Response secondPage =
        get(PUBLIC_SECURITY_SYSTEM, FEED + "?limit=1&dataset=" + q(code) + "&cursor=" + q(cursor));
    assertThat(secondPage.body().path("items").get(0).path("status").asString()).isEqualTo("LATE");
    assertThat(
            catalogEvents(CatalogTopics.timelinessKey(code)::equals, found -> found.size() == 2)
                .stream()
                .map(e -> ((DatasetTimeliness) e.getPayload()).getStatus())
                .toList())
        .containsExactly(Timeliness.LATE, Timeliness.ON_TIME);
  }

  @Test
  void aFreshDataset_isNeverPublished_withEmptyWindows() {
    String code = personDataset("HOURLY");

    Response r = get(PUBLIC_SECURITY_SYSTEM, quality(code));

    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    JsonNode timeliness = r.body().path("timeliness");
    assertThat(timeliness.path("status").asString()).isEqualTo("NEVER_PUBLISHED");
    assertThat(timeliness.path("lastPublishedAt").isNull()).isTrue();
    assertThat(timeliness.path("dueAt").isNull()).isTrue();
    assertThat(timeliness.path("since").isNull()).isFalse();
    JsonNode day = r.body().path("windows").path("last24Hours");
    assertThat(day.path("records").asLong()).isZero();
    assertThat(field(day.path("completeness"), "name").path("completeShare").isNull()).isTrue();
    assertThat(day.path("consistency").path("duplicateShare").isNull()).isTrue();
  }

  @Test
  void unknownDataset_is404_noToken_is401_badPaging_isAProblem() {
    Response unknown = get(PUBLIC_SECURITY_SYSTEM, quality("civil-affairs." + unique("none")));
    assertProblem(unknown, 404, "urn:hutong:problem:not-found");

    Response anonymous = get(null, quality("civil-affairs.anything"));
    assertProblem(anonymous, 401, "urn:hutong:problem:unauthenticated");
    assertProblem(get(null, FEED), 401, "urn:hutong:problem:unauthenticated");

    assertProblem(
        get(PUBLIC_SECURITY_SYSTEM, FEED + "?limit=0"), 422, "urn:hutong:problem:invalid-request");
    assertProblem(
        get(PUBLIC_SECURITY_SYSTEM, FEED + "?cursor=%21%21"),
        400,
        "urn:hutong:problem:malformed-request");
    assertProblem(
        get(
            PUBLIC_SECURITY_SYSTEM,
            FEED + "?cursor=" + q(java.util.Base64.getUrlEncoder().encodeToString("x".getBytes()))),
        400,
        "urn:hutong:problem:malformed-request");
    assertProblem(
        get(PUBLIC_SECURITY_SYSTEM, FEED + "?dataset=" + q("not a code")),
        422,
        "urn:hutong:problem:invalid-request");
  }

  @Test
  void readingQuality_isAuditedAsQualityRead() {
    String code = personDataset("WEEKLY");

    assertThat(get(PUBLIC_SECURITY_SYSTEM, quality(code)).status()).isEqualTo(200);

    assertThat(
            auditEvents(
                e -> e.getAction().equals("QUALITY_READ") && code.equals(e.getDataset()),
                found -> !found.isEmpty()))
        .singleElement()
        .satisfies(e -> assertThat(e.getOutcome().name()).isEqualTo("ALLOWED"));
  }

  @Test
  void dcatCatalogue_carriesDqvMeasurementsAndMetricDefinitions() {
    String code = personDataset("DAILY");
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
    send(
        bucket(
            code,
            hour,
            1,
            Instant.now().truncatedTo(ChronoUnit.MILLIS),
            count("RECORDS", 100),
            empty("name", 7),
            violation("idNo", "ID_CARD", 5)));
    awaitReport(code, r -> r.path("windows").path("last30Days").path("records").asLong() == 100);

    Response r = get(PUBLIC_SECURITY_SYSTEM, "/api/catalog/v1/catalog.jsonld");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().path("@context").path("dqv").asString())
        .isEqualTo("http://www.w3.org/ns/dqv#");
    assertThat(r.body().path("@context").path("prov").asString())
        .isEqualTo("http://www.w3.org/ns/prov#");
    JsonNode dataset = null;
    for (JsonNode node : r.body().path("dcat:dataset")) {
      if (node.path("dct:identifier").asString().equals(code)) {
        dataset = node;
      }
    }
    assertThat(dataset).as("dataset %s in the catalogue", code).isNotNull();
    Map<String, JsonNode> byMetric = new java.util.HashMap<>();
    for (JsonNode m : dataset.path("dqv:hasQualityMeasurement")) {
      assertThat(m.path("@type").asString()).isEqualTo("dqv:QualityMeasurement");
      assertThat(m.path("dqv:computedOn").path("@id").asString())
          .isEqualTo("urn:hutong:dataset:" + code);
      assertThat(m.path("prov:generatedAtTime").path("@type").asString()).isEqualTo("xsd:dateTime");
      byMetric.put(m.path("dqv:isMeasurementOf").path("@id").asString(), m);
    }
    assertThat(byMetric.get("hutong:completeness-name").path("dqv:value").asDouble())
        .isEqualTo(0.93);
    assertThat(byMetric.get("hutong:completeness-id").path("dqv:value").asDouble()).isEqualTo(1.0);
    assertThat(byMetric.get("hutong:validity-idNo-ID_CARD").path("dqv:value").asDouble())
        .isEqualTo(0.95);
    assertThat(byMetric.get("hutong:timeliness").path("dqv:value").asString()).isEqualTo("ON_TIME");

    Map<String, JsonNode> definitions = new java.util.HashMap<>();
    r.body().path("@included").forEach(n -> definitions.put(n.path("@id").asString(), n));
    assertThat(definitions.get("hutong:completeness-name").path("@type").asString())
        .isEqualTo("dqv:Metric");
    assertThat(
            definitions
                .get("hutong:completeness-name")
                .path("dqv:inDimension")
                .path("@id")
                .asString())
        .isEqualTo("hutong:completeness");
    assertThat(definitions.get("hutong:currentness").path("@type").asString())
        .isEqualTo("dqv:Dimension");
    assertThat(r.body().path("@type").asString()).isEqualTo("dcat:Catalog");
  }

  @Test
  void messagesThatAreNoStorableSnapshot_arePassedOver_andLaterSnapshotsStillApply() {
    String code = personDataset("DAILY");
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
    sendRaw(code + "|garbage", new byte[] {1, 2, 3});
    send(bucket("not a dataset code", hour, 1, null, count("RECORDS", 5)));
    send(
        bucket(
            code, hour, 1, null, count("RECORDS", 5), new QualityCount("EMPTY", "na\0me", "", 1L)));
    send(bucket(code, hour, 2, null, count("RECORDS", 12)));

    JsonNode report =
        awaitReport(
            code,
            r -> r.path("windows").path("last24Hours").path("records").asLong() == 12,
            Duration.ofSeconds(30));

    assertThat(
            field(report.path("windows").path("last24Hours").path("completeness"), "name")
                .path("empty")
                .asLong())
        .isZero();
  }

  @Test
  void theFollowerCarriesOnAfterAKafkaOutage() throws Exception {
    String code = personDataset("DAILY");
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
    send(bucket(code, hour, 1, null, count("RECORDS", 1)));
    awaitReport(
        code,
        r -> r.path("windows").path("last24Hours").path("records").asLong() == 1,
        Duration.ofSeconds(30));

    stack().kafka().stop();
    try {
      Thread.sleep(3_000);
    } finally {
      stack().kafka().restart();
    }
    send(bucket(code, hour, 2, null, count("RECORDS", 2)));

    awaitReport(
        code,
        r -> r.path("windows").path("last24Hours").path("records").asLong() == 2,
        Duration.ofSeconds(120));
  }

  // --- fixtures ---

  /** A registered dataset of civil-affairs with fields id, name (optional) and idNo. */
  private String personDataset(String updateFrequency) {
    String code = "civil-affairs." + unique("persons");
    Map<String, Object> body =
        new java.util.LinkedHashMap<>(Datasets.marriageRegistrations(code, "UNCONDITIONAL"));
    body.put("name", "Persons");
    body.put("updateFrequency", updateFrequency);
    body.put("schema", JSON.readTree(PERSON_SCHEMA));
    Response r = post(CIVIL_AFFAIRS_ADMIN, "/api/catalog/v1/datasets", body);
    assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
    return code;
  }

  private static QualityBucket bucket(
      String dataset, Instant hour, long revision, Instant lastRecordAt, QualityCount... counts) {
    return QualityBucket.newBuilder()
        .setDataset(dataset)
        .setHour(hour)
        .setRevision(revision)
        .setLastRecordAt(lastRecordAt)
        .setCounts(List.of(counts))
        .build();
  }

  private static QualityCount count(String measure, long n) {
    return new QualityCount(measure, "", "", n);
  }

  private static QualityCount empty(String field, long n) {
    return new QualityCount("EMPTY", field, "", n);
  }

  private static QualityCount violation(String field, String kind, long n) {
    return new QualityCount("VIOLATION", field, kind, n);
  }

  private static QualityCount rejected(String reason, long n) {
    return new QualityCount("REJECTED", "", reason, n);
  }

  /** Produces a snapshot as the exchange would, to partition 0 (see the class comment). */
  private static void send(QualityBucket bucket) {
    try {
      ByteBuffer encoded = bucket.toByteBuffer();
      byte[] bytes = new byte[encoded.remaining()];
      encoded.get(bytes);
      sendRaw(QualityTopics.bucketKey(bucket.getDataset(), bucket.getHour()), bytes);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("could not encode a quality bucket", e);
    }
  }

  /** Produces {@code bytes} under {@code key} to partition 0 of the buckets topic. */
  private static void sendRaw(String key, byte[] bytes) {
    Properties props = new Properties();
    props.putAll(stack().kafka().operatorClient());
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(QualityTopics.BUCKETS, 0, key, bytes)).get();
    } catch (Exception e) {
      throw new IllegalStateException("could not produce to " + QualityTopics.BUCKETS, e);
    }
  }

  private static String quality(String code) {
    return "/api/catalog/v1/datasets/" + code + "/quality";
  }

  private JsonNode awaitReport(String code, Predicate<JsonNode> until) {
    return awaitReport(code, until, Duration.ofSeconds(30));
  }

  private JsonNode awaitReport(String code, Predicate<JsonNode> until, Duration patience) {
    Instant deadline = Instant.now().plus(patience);
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      Response r = get(PUBLIC_SECURITY_SYSTEM, quality(code));
      assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
      last = r.body();
      if (until.test(last)) {
        return last;
      }
      pause();
    }
    throw new AssertionError("quality report never matched; last: " + last);
  }

  /** The newest change of {@code code} once the feed's items satisfy {@code until}. */
  private JsonNode awaitFeed(String code, Predicate<List<JsonNode>> until) {
    Instant deadline = Instant.now().plusSeconds(30);
    List<JsonNode> items = new ArrayList<>();
    while (Instant.now().isBefore(deadline)) {
      Response r = get(PUBLIC_SECURITY_SYSTEM, FEED + "?dataset=" + q(code));
      assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
      items = new ArrayList<>();
      r.body().path("items").forEach(items::add);
      if (until.test(items)) {
        return items.getFirst();
      }
      pause();
    }
    throw new AssertionError("timeliness feed never matched; last: " + items);
  }

  private static JsonNode field(JsonNode list, String name) {
    for (JsonNode item : list) {
      if (item.path("field").asString().equals(name)) {
        return item;
      }
    }
    throw new AssertionError("no entry for field " + name + " in " + list);
  }

  private static void assertProblem(Response r, int status, String type) {
    assertThat(r.status()).as(r.raw().body()).isEqualTo(status);
    assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(r.type()).isEqualTo(type);
  }

  private static void pause() {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
