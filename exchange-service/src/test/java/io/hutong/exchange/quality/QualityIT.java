package io.hutong.exchange.quality;

import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_SYSTEM;
import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.deploy.junit.HutongStack;
import io.hutong.exchange.ExchangeITBase;
import io.hutong.schemas.catalog.CatalogTopics;
import io.hutong.schemas.catalog.DatasetStandards;
import io.hutong.schemas.catalog.DatasetStatus;
import io.hutong.schemas.catalog.FieldStandardSpec;
import io.hutong.schemas.catalog.ViolationMode;
import io.hutong.schemas.data.DataTopics;
import io.hutong.schemas.quality.QualityBucket;
import io.hutong.schemas.quality.QualityCount;
import io.hutong.schemas.quality.QualityMeasure;
import io.hutong.schemas.quality.QualityTopics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Data quality measured from what really reaches Kafka: completeness per field, standards in
 * measure mode (counted) and reject mode (refused with field-level details, nothing written, the
 * refusal counted), consistency of keys within a day, and the snapshots the catalogue receives.
 */
class QualityIT extends ExchangeITBase {

  @Autowired QualityStore store;

  @Test
  void completenessCountsEmptyFieldsOfEveryCommittedRecord() {
    String code = datasetAnnounced(DatasetStatus.ACTIVE);
    List<String> records = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      // 7 records with an empty husbandName, 7 blank; every other one without a district.
      String husband = i < 7 ? "" : i < 14 ? "  " : "张" + i;
      records.add(record("C-" + i, husband, "李" + i, i % 2 == 0 ? null : "海淀区"));
    }
    publish(code, records);

    awaitTotal(code, QualityMeasure.RECORDS, "", "", 100);
    assertThat(store.total(code, QualityMeasure.EMPTY, "husbandName", "")).isEqualTo(14);
    assertThat(store.total(code, QualityMeasure.EMPTY, "district", "")).isEqualTo(50);
    assertThat(store.total(code, QualityMeasure.EMPTY, "wifeName", "")).isZero();

    // The catalogue's copy: the bucket's snapshot on the quality topic, whole.
    QualityBucket bucket = awaitSnapshot(code, 100);
    assertThat(count(bucket, QualityMeasure.EMPTY, "husbandName", "")).isEqualTo(14);
    assertThat(bucket.getLastRecordAt()).isNotNull();
    assertThat(bucket.getHour()).isBeforeOrEqualTo(bucket.getLastRecordAt());
  }

  @Test
  void consistencyTellsDuplicatesFromChangesWithinTheDay() {
    String code = datasetAnnounced(DatasetStatus.ACTIVE);
    publish(code, List.of(record("K-1", "甲", "乙", null), record("K-2", "丙", "丁", null)));
    publish(code, List.of(record("K-1", "甲", "乙", null))); // byte-identical: a duplicate
    publish(
        code,
        List.of(
            record("K-1", "甲", "乙改", null), // a change
            record("K-2", "丙", "丁", null), // a duplicate within the batch's own pass
            "{\"key\":\"K-2\",\"value\":null}", // withdrawn
            record("K-2", "丙", "丁", null))); // after the tombstone: first again

    awaitTotal(code, QualityMeasure.TOMBSTONES, "", "", 1);
    assertThat(store.total(code, QualityMeasure.RECORDS, "", "")).isEqualTo(6);
    assertThat(store.total(code, QualityMeasure.FIRST_OF_DAY, "", "")).isEqualTo(3);
    assertThat(store.total(code, QualityMeasure.DUPLICATE, "", "")).isEqualTo(2);
    assertThat(store.total(code, QualityMeasure.CHANGE, "", "")).isEqualTo(1);
  }

  @Test
  void inMeasureModeViolationsAreAcceptedAndCounted() {
    String code = datasetAnnounced(DatasetStatus.ACTIVE);
    standards(
        code,
        ViolationMode.MEASURE,
        spec("certificateNo", "RESIDENT_IDENTITY", null, null, List.of()),
        spec("district", "CODE_LIST", null, null, List.of("海淀区", "朝阳区")));
    publish(
        code,
        List.of(
            keyed("A-1", "11010519491231002X", "海淀区"),
            keyed("A-2", "110105194912310021", "朝阳区"), // wrong check character
            keyed("A-3", "11010519491231002X", "西城区"), // not in the code list
            keyed("A-4", "11010519491231002X", null))); // null passes a code list

    awaitTotal(code, QualityMeasure.RECORDS, "", "", 4);
    assertThat(store.total(code, QualityMeasure.VIOLATION, "certificateNo", "RESIDENT_IDENTITY"))
        .isEqualTo(1);
    assertThat(store.total(code, QualityMeasure.VIOLATION, "district", "CODE_LIST")).isEqualTo(1);
    assertThat(store.total(code, QualityMeasure.REJECTED, "", "standard")).isZero();
  }

  @Test
  void inRejectModeAViolatingBatchIsRefusedWithFieldDetailsAndCounted() throws Exception {
    String code = datasetAnnounced(DatasetStatus.ACTIVE);
    standards(
        code,
        ViolationMode.REJECT,
        spec("certificateNo", "RESIDENT_IDENTITY", null, null, List.of()),
        spec("husbandName", "LENGTH", "1", "4", List.of()),
        spec("wifeName", "REQUIRED", null, null, List.of()));

    Response refused =
        sendBatch(
            code,
            List.of(
                keyed("R-1", "11010519491231002X", null),
                record("R-2", "一个很长的名字", " ", null),
                keyed("R-3", "11010519490230002X", null)));

    assertThat(refused.status()).as(refused.text()).isEqualTo(422);
    assertThat(refused.body().path("type").asString())
        .isEqualTo("urn:hutong:problem:invalid-records");
    String errors = refused.body().path("errors").toString();
    assertThat(errors)
        .contains("\"index\":1,\"field\":\"husbandName\"")
        .contains("\"standard\":\"LENGTH\"")
        .contains("\"index\":1,\"field\":\"wifeName\"")
        .contains("\"standard\":\"REQUIRED\"")
        .contains("\"index\":2,\"field\":\"certificateNo\"")
        .contains("\"standard\":\"RESIDENT_IDENTITY\"")
        .doesNotContain("\"index\":0");
    assertThat(endOffset(code)).as("nothing of the batch written").isZero();
    awaitTotal(code, QualityMeasure.REJECTED, "", "standard", 2);
    assertThat(store.total(code, QualityMeasure.REJECTED_BATCHES, "", "")).isEqualTo(1);

    // A schema error is counted under its own reason; a conforming batch passes.
    Response schema = sendBatch(code, List.of("{\"key\":\"S\",\"value\":{\"certificateNo\":7}}"));
    assertThat(schema.status()).isEqualTo(422);
    awaitTotal(code, QualityMeasure.REJECTED, "", "schema", 1);
    publish(code, List.of(keyed("R-4", "11010519491231002X", "海淀区")));
    awaitTotal(code, QualityMeasure.RECORDS, "", "", 1);
    assertThat(store.total(code, QualityMeasure.VIOLATION, "certificateNo", "RESIDENT_IDENTITY"))
        .isZero();
  }

  @Test
  void everyKindOfStandardRefusesItsOwnViolationAtPublish() {
    String code = "civil-affairs.kinds-" + UUID.randomUUID().toString().substring(0, 8);
    announce(code, KINDS_SCHEMA);
    standards(
        code,
        ViolationMode.REJECT,
        spec("required", "REQUIRED", null, null, List.of()),
        specPattern("pattern", "[A-Z]{2}-\\d{4}"),
        spec("length", "LENGTH", "2", "4", List.of()),
        spec("number", "NUMBER_RANGE", "0", "150", List.of()),
        spec("date", "DATE_RANGE", "1949-10-01", "2099-12-31", List.of()),
        spec("code", "CODE_LIST", null, null, List.of("1", "2", "9")),
        spec("identity", "RESIDENT_IDENTITY", null, null, List.of()),
        spec("credit", "SOCIAL_CREDIT_CODE", null, null, List.of()),
        spec("division", "ADMINISTRATIVE_DIVISION", null, null, List.of()),
        spec("mobile", "MOBILE_NUMBER", null, null, List.of()),
        spec("iso", "ISO_DATE", null, null, List.of()));
    Map<String, Object> valid = new java.util.LinkedHashMap<>();
    valid.put("required", "x");
    valid.put("pattern", "BJ-2024");
    valid.put("length", "abc");
    valid.put("number", 42);
    valid.put("date", "2000-01-01");
    valid.put("code", "9");
    valid.put("identity", "11010519491231002X");
    valid.put("credit", "91350100M000100Y43");
    valid.put("division", "440100");
    valid.put("mobile", "13800138000");
    valid.put("iso", "2024-02-29");
    Map<String, Object> broken = new java.util.LinkedHashMap<>();
    broken.put("required", " ");
    broken.put("pattern", "bj-2024");
    broken.put("length", "abcde");
    broken.put("number", 151);
    broken.put("date", "1949-09-30");
    broken.put("code", "3");
    broken.put("identity", "110105194912310021");
    broken.put("credit", "91350100M000100Y44");
    broken.put("division", "110001");
    broken.put("mobile", "12800138000");
    broken.put("iso", "2023-02-29");
    List<String> batch = new ArrayList<>();
    batch.add(kindsRecord("ok", valid));
    List<String> fields = new ArrayList<>(broken.keySet());
    for (String field : fields) {
      Map<String, Object> one = new java.util.LinkedHashMap<>(valid);
      one.put(field, broken.get(field));
      batch.add(kindsRecord(field, one));
    }

    Response refused = sendBatch(code, batch);

    assertThat(refused.status()).as(refused.text()).isEqualTo(422);
    var errors = refused.body().path("errors");
    assertThat(errors).hasSize(fields.size());
    for (int i = 0; i < fields.size(); i++) {
      var error = errors.get(i);
      assertThat(error.path("index").asInt()).as(error.toString()).isEqualTo(i + 1);
      assertThat(error.path("field").asString()).isEqualTo(fields.get(i));
      assertThat(error.path("reason").asString()).isNotBlank();
    }
    assertThat(errors.toString())
        .contains("\"standard\":\"SOCIAL_CREDIT_CODE\"")
        .contains("\"standard\":\"ADMINISTRATIVE_DIVISION\"")
        .contains("\"standard\":\"NUMBER_RANGE\"");
    publish(code, List.of(kindsRecord("ok", valid)));
    awaitTotal(code, QualityMeasure.REJECTED, "", "standard", fields.size());
  }

  // ---------------------------------------------------------------------------------------------

  private static String record(String key, String husband, String wife, String district) {
    return "{\"key\":\""
        + key
        + "\",\"value\":{\"certificateNo\":\""
        + key
        + "\",\"husbandName\":\""
        + husband
        + "\",\"wifeName\":\""
        + wife
        + "\",\"district\":"
        + (district == null ? "null" : "\"" + district + "\"")
        + "}}";
  }

  private static final String KINDS_SCHEMA =
      """
      {"type":"record","name":"Kinds","namespace":"gov.test","fields":[
        {"name":"required","type":"string"},
        {"name":"pattern","type":"string"},
        {"name":"length","type":"string"},
        {"name":"number","type":"int"},
        {"name":"date","type":"string"},
        {"name":"code","type":"string"},
        {"name":"identity","type":"string"},
        {"name":"credit","type":"string"},
        {"name":"division","type":"string"},
        {"name":"mobile","type":["null","string"],"default":null},
        {"name":"iso","type":"string"}
      ]}
      """;

  private static String kindsRecord(String key, Map<String, Object> value) {
    return "{\"key\":\"" + key + "\",\"value\":" + JSON.writeValueAsString(value) + "}";
  }

  private void announce(String code, String schemaText) {
    org.apache.avro.Schema schema = new org.apache.avro.Schema.Parser().parse(schemaText);
    feed(
        CatalogTopics.schemaKey(code, 1),
        io.hutong.schemas.catalog.SchemaVersionAdded.newBuilder()
            .setDataset(code)
            .setVersion(1)
            .setSchema$(schema.toString())
            .setFingerprint(org.apache.avro.SchemaNormalization.parsingFingerprint64(schema))
            .build());
    feed(
        CatalogTopics.datasetKey(code),
        io.hutong.schemas.catalog.DatasetPublished.newBuilder()
            .setDataset(
                io.hutong.schemas.catalog.DatasetState.newBuilder()
                    .setCode(code)
                    .setProvider("civil-affairs")
                    .setName("kinds")
                    .setSharingType(io.hutong.schemas.catalog.SharingType.CONDITIONAL)
                    .setStatus(DatasetStatus.ACTIVE)
                    .setCurrentSchemaVersion(1)
                    .setCompatibility("BACKWARD")
                    .setUpdatedAt(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS))
                    .build())
            .build());
    awaitView(() -> view.currentSchema(code).isPresent());
  }

  private static FieldStandardSpec specPattern(String field, String pattern) {
    return FieldStandardSpec.newBuilder()
        .setSchemaVersion(1)
        .setField(field)
        .setKind("PATTERN")
        .setPattern(pattern)
        .build();
  }

  private static String keyed(String key, String certificate, String district) {
    return "{\"key\":\""
        + key
        + "\",\"value\":{\"certificateNo\":\""
        + certificate
        + "\",\"husbandName\":\"张三\",\"wifeName\":\"李四\",\"district\":"
        + (district == null ? "null" : "\"" + district + "\"")
        + "}}";
  }

  private Response sendBatch(String code, List<String> records) {
    return send(
        CIVIL_AFFAIRS_SYSTEM,
        "POST",
        "/api/exchange/v1/datasets/" + code + "/records",
        "{\"records\":[" + String.join(",", records) + "]}");
  }

  private void publish(String code, List<String> records) {
    Response r = sendBatch(code, records);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
  }

  private static FieldStandardSpec spec(
      String field, String kind, String min, String max, List<String> codes) {
    return FieldStandardSpec.newBuilder()
        .setSchemaVersion(1)
        .setField(field)
        .setKind(kind)
        .setMin(min)
        .setMax(max)
        .setCodes(codes)
        .build();
  }

  private void standards(String code, ViolationMode mode, FieldStandardSpec... specs) {
    feed(
        CatalogTopics.standardsKey(code),
        DatasetStandards.newBuilder()
            .setDataset(code)
            .setViolationMode(mode)
            .setStandards(List.of(specs))
            .build());
    awaitView(
        () ->
            !view.standards(code).isEmpty()
                && view.standards(code).reject() == (mode == ViolationMode.REJECT));
  }

  private void awaitTotal(
      String code, QualityMeasure measure, String field, String detail, long expected) {
    Instant deadline = Instant.now().plusSeconds(30);
    long seen;
    while ((seen = store.total(code, measure, field, detail)) != expected) {
      assertThat(Instant.now())
          .as("%s %s=%d, expected %d", code, measure, seen, expected)
          .isBefore(deadline);
      sleep(100);
    }
  }

  private static QualityBucket awaitSnapshot(String code, long records) {
    Properties props = new Properties();
    props.putAll(HutongStack.infrastructure().kafka().operatorClient());
    props.put("group.id", "quality-it-" + UUID.randomUUID());
    props.put("auto.offset.reset", "earliest");
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(QualityTopics.BUCKETS));
      Map<String, QualityBucket> latest = new HashMap<>();
      Instant deadline = Instant.now().plusSeconds(30);
      while (Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          QualityBucket bucket = QualityBucket.getDecoder().decode(ByteBuffer.wrap(r.value()));
          if (bucket.getDataset().equals(code)) {
            latest.merge(r.key(), bucket, (a, b) -> a.getRevision() > b.getRevision() ? a : b);
          }
        }
        for (QualityBucket bucket : latest.values()) {
          if (count(bucket, QualityMeasure.RECORDS, "", "") == records) {
            return bucket;
          }
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    throw new AssertionError("no snapshot of " + code + " with " + records + " records");
  }

  private static long count(
      QualityBucket bucket, QualityMeasure measure, String field, String detail) {
    for (QualityCount count : bucket.getCounts()) {
      if (count.getMeasure().equals(measure.name())
          && count.getField().equals(field)
          && count.getDetail().equals(detail)) {
        return count.getCount();
      }
    }
    return 0;
  }

  private static long endOffset(String code) {
    Properties props = new Properties();
    props.putAll(HutongStack.infrastructure().kafka().operatorClient());
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(DataTopics.forDataset(code)).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
