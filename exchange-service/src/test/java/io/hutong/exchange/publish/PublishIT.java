package io.hutong.exchange.publish;

import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_SYSTEM;
import static io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY_SYSTEM;
import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.deploy.junit.HutongStack;
import io.hutong.exchange.ExchangeITBase;
import io.hutong.schemas.audit.AuditEvent;
import io.hutong.schemas.audit.AuditTopics;
import io.hutong.schemas.catalog.DatasetStatus;
import io.hutong.schemas.data.DataRecords;
import io.hutong.schemas.data.DataTopics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Publishing against real Kafka: validated, all-or-nothing, Avro single-object encoded, audited.
 */
public class PublishIT extends ExchangeITBase {

  static String record(String certificate, String district) {
    return "{\"key\":\""
        + certificate
        + "\",\"value\":{\"certificateNo\":\""
        + certificate
        + "\",\"husbandName\":\"张三\",\"wifeName\":\"李四\",\"district\":"
        + (district == null ? "null" : "\"" + district + "\"")
        + "}}";
  }

  @Test
  void aValidBatchIsWrittenAsAvroWithHeadersAndAudited() throws Exception {
    String code = datasetAnnounced(DatasetStatus.ACTIVE);

    Response r =
        send(
            CIVIL_AFFAIRS_SYSTEM,
            "POST",
            "/api/exchange/v1/datasets/" + code + "/records",
            "{\"records\":["
                + record("C-1", "天河区")
                + ","
                + record("C-2", null)
                + ","
                + record("C-3", "越秀区")
                + "]}");

    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(r.body().path("results").size()).isEqualTo(3);
    assertThat(r.body().path("results").get(2).path("index").asInt()).isEqualTo(2);

    List<ConsumerRecord<String, byte[]>> written = read(DataTopics.forDataset(code), 3);
    Schema schema = new Schema.Parser().parse(MARRIAGE_SCHEMA);
    ConsumerRecord<String, byte[]> first =
        written.stream().filter(w -> w.key().equals("C-1")).findFirst().orElseThrow();
    ByteBuffer value = ByteBuffer.wrap(first.value()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    assertThat(value.get(0)).isEqualTo((byte) 0xC3);
    assertThat(value.get(1)).isEqualTo((byte) 0x01);
    assertThat(value.getLong(2)).isEqualTo(SchemaNormalization.parsingFingerprint64(schema));
    GenericRecord decoded =
        new BinaryMessageDecoder<GenericRecord>(GenericData.get(), schema).decode(first.value());
    assertThat(decoded.get("wifeName").toString()).isEqualTo("李四");
    assertThat(decoded.get("district").toString()).isEqualTo("天河区");
    assertThat(
            new String(
                first.headers().lastHeader(DataRecords.HEADER_SCHEMA_VERSION).value(),
                StandardCharsets.UTF_8))
        .isEqualTo("1");
    assertThat(
            new String(
                first.headers().lastHeader(DataRecords.HEADER_PUBLISHER).value(),
                StandardCharsets.UTF_8))
        .isEqualTo("civil-affairs-system");

    List<AuditEvent> audit =
        audit(e -> code.equals(e.getDataset()) && e.getAction().equals("RECORDS_PUBLISHED"), 1);
    assertThat(audit.getFirst().getRecordCount()).isEqualTo(3L);
    assertThat(audit.getFirst().getActor()).isEqualTo("civil-affairs-system");
    assertThat(audit.getFirst().getOutcome().name()).isEqualTo("ALLOWED");
  }

  @Test
  void concurrentBatchesEachGetTheirOwnOffsetsAndAuditEvent() throws Exception {
    // More callers than producers: batches wait and are committed together (group commit); each
    // caller must still learn exactly where its own records went, and audit one event per batch.
    String code = datasetAnnounced(DatasetStatus.ACTIVE);
    int callers = 12;
    int perBatch = 50;
    List<java.util.concurrent.CompletableFuture<Response>> answers = new ArrayList<>();
    try (var threads = java.util.concurrent.Executors.newFixedThreadPool(callers)) {
      for (int c = 0; c < callers; c++) {
        StringBuilder batch = new StringBuilder("{\"records\":[");
        for (int r = 0; r < perBatch; r++) {
          batch.append(r == 0 ? "" : ",").append(record("G-" + c + "-" + r, null));
        }
        String body = batch.append("]}").toString();
        answers.add(
            java.util.concurrent.CompletableFuture.supplyAsync(
                () ->
                    send(
                        CIVIL_AFFAIRS_SYSTEM,
                        "POST",
                        "/api/exchange/v1/datasets/" + code + "/records",
                        body),
                threads));
      }
    }
    java.util.Set<String> positions = new java.util.HashSet<>();
    for (int c = 0; c < callers; c++) {
      Response r = answers.get(c).get();
      assertThat(r.status()).as(r.text()).isEqualTo(200);
      assertThat(r.body().path("results").size()).isEqualTo(perBatch);
      r.body()
          .path("results")
          .forEach(
              x -> positions.add(x.path("partition").asInt() + ":" + x.path("offset").asLong()));
    }
    assertThat(positions).hasSize(callers * perBatch);

    List<ConsumerRecord<String, byte[]>> written =
        read(DataTopics.forDataset(code), callers * perBatch);
    assertThat(written).hasSize(callers * perBatch);
    for (ConsumerRecord<String, byte[]> w : written) {
      assertThat(positions).contains(w.partition() + ":" + w.offset());
    }
    for (int c = 0; c < callers; c++) {
      Response r = answers.get(c).get();
      String firstKey = "G-" + c + "-0";
      var first = r.body().path("results").get(0);
      assertThat(
              written.stream()
                  .filter(
                      w ->
                          w.partition() == first.path("partition").asInt()
                              && w.offset() == first.path("offset").asLong())
                  .map(ConsumerRecord::key))
          .containsExactly(firstKey);
    }
    List<AuditEvent> audit =
        audit(
            e -> code.equals(e.getDataset()) && e.getAction().equals("RECORDS_PUBLISHED"), callers);
    assertThat(audit).hasSize(callers);
    assertThat(audit).allSatisfy(e -> assertThat(e.getRecordCount()).isEqualTo((long) perBatch));
  }

  @Test
  void oneInvalidRecordRejectsTheWholeBatchWithFieldLevelErrors() throws Exception {
    String code = datasetAnnounced(DatasetStatus.ACTIVE);

    Response r =
        send(
            CIVIL_AFFAIRS_SYSTEM,
            "POST",
            "/api/exchange/v1/datasets/" + code + "/records",
            "{\"records\":["
                + record("C-1", null)
                + ",{\"key\":\"C-2\",\"value\":{\"certificateNo\":7,\"wifeName\":\"x\"}}]}");

    assertThat(r.status()).isEqualTo(422);
    assertThat(r.body().path("type").asString()).isEqualTo("urn:hutong:problem:invalid-records");
    assertThat(r.body().path("errors").toString())
        .contains("{\"index\":1,\"field\":\"certificateNo\",\"reason\":\"must be a string\"}")
        .contains("{\"index\":1,\"field\":\"husbandName\",\"reason\":\"is required\"}");
    assertThat(read(DataTopics.forDataset(code), 0)).as("nothing written").isEmpty();
    assertThat(audit(e -> code.equals(e.getDataset()) && e.getOutcome().name().equals("DENIED"), 1))
        .isNotEmpty();
  }

  @Test
  void onlySystemsOfTheProviderMayPublish() {
    String code = datasetAnnounced(DatasetStatus.ACTIVE);
    String batch = "{\"records\":[" + record("C-1", null) + "]}";

    assertThat(
            send(
                    PUBLIC_SECURITY_SYSTEM,
                    "POST",
                    "/api/exchange/v1/datasets/" + code + "/records",
                    batch)
                .status())
        .isEqualTo(403);
    assertThat(
            send(
                    CIVIL_AFFAIRS_ADMIN,
                    "POST",
                    "/api/exchange/v1/datasets/" + code + "/records",
                    batch)
                .status())
        .isEqualTo(403);
    assertThat(send(null, "POST", "/api/exchange/v1/datasets/" + code + "/records", batch).status())
        .isEqualTo(401);
  }

  @Test
  void badInputGetsAProblemNeverA500() {
    String code = datasetAnnounced(DatasetStatus.ACTIVE);
    String path = "/api/exchange/v1/datasets/" + code + "/records";
    StringBuilder huge = new StringBuilder("{\"records\":[");
    for (int i = 0; i < 1001; i++) {
      huge.append(i == 0 ? "" : ",").append(record("C-" + i, null));
    }
    huge.append("]}");

    assertThat(send(CIVIL_AFFAIRS_SYSTEM, "POST", path, "{\"records\": [").status()).isEqualTo(400);
    assertThat(send(CIVIL_AFFAIRS_SYSTEM, "POST", path, "{\"records\": []}").status())
        .isEqualTo(422);
    assertThat(send(CIVIL_AFFAIRS_SYSTEM, "POST", path, "{\"rows\": 1}").status()).isEqualTo(422);
    assertThat(send(CIVIL_AFFAIRS_SYSTEM, "POST", path, huge.toString()).status()).isEqualTo(413);
    String bigValue =
        "{\"records\":[{\"key\":\"k\",\"value\":{\"certificateNo\":\""
            + "x".repeat(300 * 1024)
            + "\",\"husbandName\":\"a\",\"wifeName\":\"b\"}}]}";
    assertThat(send(CIVIL_AFFAIRS_SYSTEM, "POST", path, bigValue).status()).isEqualTo(413);
    assertThat(
            send(
                    CIVIL_AFFAIRS_SYSTEM,
                    "POST",
                    "/api/exchange/v1/datasets/civil-affairs.nothing-here/records",
                    "{\"records\":[" + record("C-1", null) + "]}")
                .status())
        .isEqualTo(404);
    String retired = datasetAnnounced(DatasetStatus.RETIRED);
    assertThat(
            send(
                    CIVIL_AFFAIRS_SYSTEM,
                    "POST",
                    "/api/exchange/v1/datasets/" + retired + "/records",
                    "{\"records\":[" + record("C-1", null) + "]}")
                .status())
        .isEqualTo(409);
  }

  public static List<ConsumerRecord<String, byte[]>> read(String topic, int expected) {
    return readTopic(topic, expected, r -> true);
  }

  public static List<AuditEvent> audit(Predicate<AuditEvent> filter, int expected) {
    List<AuditEvent> found = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r :
        readTopic(AuditTopics.EVENTS, Integer.MAX_VALUE, r -> true)) {
      try {
        AuditEvent e = AuditEvent.fromByteBuffer(ByteBuffer.wrap(r.value()));
        if (filter.test(e)) {
          found.add(e);
        }
      } catch (java.io.IOException ex) {
        throw new IllegalStateException(ex);
      }
    }
    return found;
  }

  private static List<ConsumerRecord<String, byte[]>> readTopic(
      String topic, int expected, Predicate<ConsumerRecord<String, byte[]>> keep) {
    Properties props = new Properties();
    props.putAll(HutongStack.infrastructure().kafka().operatorClient());
    props.put("isolation.level", "read_committed");
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      var infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
      if (infos == null || infos.isEmpty()) {
        return out;
      }
      List<TopicPartition> partitions =
          infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Instant deadline = Instant.now().plusSeconds(expected == 0 ? 3 : 15);
      while (Instant.now().isBefore(deadline) && out.size() < expected) {
        consumer
            .poll(Duration.ofMillis(200))
            .forEach(
                r -> {
                  if (keep.test(r)) {
                    out.add(r);
                  }
                });
        if (expected == Integer.MAX_VALUE
            && consumer.endOffsets(partitions).entrySet().stream()
                .allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
          break;
        }
      }
    }
    return out;
  }
}
