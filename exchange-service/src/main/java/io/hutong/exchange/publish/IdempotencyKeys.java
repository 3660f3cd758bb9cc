package io.hutong.exchange.publish;

import io.hutong.exchange.config.ExchangeProperties;
import io.hutong.exchange.metrics.DatasetMeters;
import io.hutong.schemas.data.DataRecords;
import io.hutong.service.failure.Refusal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * All of a publish under an {@code Idempotency-Key}, in one place: the claim in PostgreSQL before
 * publishing and the answer stored after; same key and body → the stored answer; different body →
 * 422; claimed and still fresh → 409; claimed by an owner that died → what that owner did is read
 * from Kafka itself (its attempt's records are all there, committed, or absent, aborted by the
 * transaction timeout) before the claim is completed or taken over. A claim is re-stamped right
 * before its transaction begins, so a slow owner is never taken over.
 */
@Component
class IdempotencyKeys {

  private final JdbcClient jdbc;
  private final Clock clock;
  private final ExchangeProperties.Idempotency settings;
  private final ExchangeProperties.Publish publishing;
  private final RecordWriter writer;
  private final KafkaProperties kafka;
  private final JsonMapper json;
  private final DatasetMeters meters;

  IdempotencyKeys(
      JdbcClient jdbc,
      Clock clock,
      ExchangeProperties properties,
      RecordWriter writer,
      KafkaProperties kafka,
      JsonMapper json,
      DatasetMeters meters) {
    this.meters = meters;
    this.jdbc = jdbc;
    this.clock = clock;
    this.settings = properties.idempotency();
    this.publishing = properties.publish();
    this.writer = writer;
    this.kafka = kafka;
    this.json = json;
  }

  /** Publishes {@code batch} once for {@code client}'s {@code key}, whatever the retries. */
  List<PublishService.Result> publish(
      String client, String key, String code, String body, PublishService.Batch batch) {
    if (key.isBlank() || key.length() > 200 || !key.chars().allMatch(c -> c >= 0x21 && c < 0x7f)) {
      throw new Refusal(
          Refusal.Kind.MALFORMED,
          "invalid-idempotency-key",
          "Idempotency-Key must be 1 to 200 visible ASCII characters.");
    }
    byte[] hash = sha256(code + "\n" + body);
    String start = positions(batch.topic());
    return switch (claim(client, key, code, hash, start)) {
      case Replay replay ->
          List.of(json.readValue(replay.response(), PublishService.Result[].class));
      case Publish first -> writeClaimed(client, key, first.attempt(), batch);
      case Recover recover -> recover(client, key, recover.claim(), batch, start);
    };
  }

  private List<PublishService.Result> recover(
      String client, String key, Claim stale, PublishService.Batch batch, String start) {
    var committed =
        findAttempt(batch.topic(), stale.startCursor(), stale.attempt(), batch.records().size());
    if (committed.isPresent()) {
      List<PublishService.Result> results = PublishService.Result.of(committed.get());
      complete(client, key, stale.attempt(), json.writeValueAsString(results));
      return results;
    }
    UUID attempt = UUID.randomUUID();
    if (!takeOver(stale, attempt, start)) {
      throw new Refusal(
          Refusal.Kind.CONFLICT,
          "request-in-flight",
          "A request with this Idempotency-Key is being processed; retry shortly.");
    }
    return writeClaimed(client, key, attempt, batch);
  }

  /** Writes the batch under {@code attempt}, each record tagged so recovery can find it. */
  private List<PublishService.Result> writeClaimed(
      String client, String key, UUID attempt, PublishService.Batch batch) {
    List<RecordWriter.Outgoing> tagged = new ArrayList<>(batch.records().size());
    for (int i = 0; i < batch.records().size(); i++) {
      RecordWriter.Outgoing record = batch.records().get(i);
      tagged.add(
          new RecordWriter.Outgoing(
              record.key(),
              record.value(),
              DataRecords.tagged(record.headers(), attempt.toString(), i)));
    }
    List<PublishService.Result> results;
    try (RecordWriter.Held producer = writer.hold(batch.topic())) {
      // Re-stamped right before the transaction: a slow owner is never taken over.
      if (!touch(client, key, attempt)) {
        throw new Refusal(
            Refusal.Kind.CONFLICT,
            "request-in-flight",
            "Another request took over this Idempotency-Key; retry to get its answer.");
      }
      results = PublishService.Result.of(producer.write(tagged, batch.audit()));
      meters.published(batch.dataset(), tagged.size(), batch.valueBytes());
    } catch (RecordWriter.OutcomeUnknown unknown) {
      throw PublishService.failure(unknown, true); // the claim stays: recovery settles it
    } catch (Exception e) {
      release(client, key, attempt);
      throw PublishService.failure(e, true);
    }
    complete(client, key, attempt, json.writeValueAsString(results));
    return results;
  }

  private String positions(String topic) {
    try {
      return writer.endPositions(topic);
    } catch (Exception e) {
      throw new Refusal(
          Refusal.Kind.UNAVAILABLE,
          "kafka-unavailable",
          "Kafka is not reachable; nothing was published. Retry with the same Idempotency-Key.");
    }
  }

  /** A plain consumer of {@code config} (keys as strings, values as bytes) for recovery reads. */
  private static org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]> consumer(
      Map<String, Object> config) {
    return new org.apache.kafka.clients.consumer.KafkaConsumer<>(
        config,
        new org.apache.kafka.common.serialization.StringDeserializer(),
        new org.apache.kafka.common.serialization.ByteArrayDeserializer());
  }

  private static byte[] sha256(String text) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The committed records of {@code attempt} written after {@code positions}, by batch index; empty
   * when that attempt committed nothing (Kafka aborted or never received it).
   */
  private Optional<List<RecordWriter.Written>> findAttempt(
      String topic, String positions, UUID attempt, int count) {
    Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
    config.remove(org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_ID_CONFIG);
    config.put(org.apache.kafka.clients.consumer.ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(
        org.apache.kafka.clients.consumer.ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (var consumer = consumer(config)) {
      List<org.apache.kafka.common.TopicPartition> partitions = new ArrayList<>();
      Map<org.apache.kafka.common.TopicPartition, Long> from = new HashMap<>();
      for (String part : positions.split(",")) {
        String[] pair = part.split(":");
        var tp = new org.apache.kafka.common.TopicPartition(topic, Integer.parseInt(pair[0]));
        partitions.add(tp);
        from.put(tp, Long.parseLong(pair[1]));
      }
      consumer.assign(partitions);
      from.forEach(consumer::seek);
      Map<org.apache.kafka.common.TopicPartition, Long> end = settledEnd(partitions);
      RecordWriter.Written[] found = new RecordWriter.Written[count];
      int seen = 0;
      byte[] wanted = attempt.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (var record : consumer.poll(java.time.Duration.ofMillis(200))) {
          var header = record.headers().lastHeader(DataRecords.HEADER_ATTEMPT);
          var indexHeader = record.headers().lastHeader(DataRecords.HEADER_INDEX);
          if (header != null
              && indexHeader != null
              && java.util.Arrays.equals(header.value(), wanted)) {
            Integer index = DataRecords.number(indexHeader.value());
            if (index != null && index >= 0 && index < count && found[index] == null) {
              found[index] = new RecordWriter.Written(record.partition(), record.offset());
              seen++;
            }
          }
        }
      }
      if (seen == 0) {
        return Optional.empty();
      }
      if (seen != count) {
        throw new IllegalStateException(
            "attempt " + attempt + " committed " + seen + " of " + count + " records");
      }
      return Optional.of(List.of(found));
    }
  }

  /**
   * The read_committed end (last stable offset) once it has reached the high-water mark seen now: a
   * transaction still open below it (a slow, not a dead, owner) is decided before we look.
   */
  private Map<org.apache.kafka.common.TopicPartition, Long> settledEnd(
      List<org.apache.kafka.common.TopicPartition> partitions) {
    Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
    config.remove(org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_ID_CONFIG);
    Map<org.apache.kafka.common.TopicPartition, Long> highWater;
    config.put(
        org.apache.kafka.clients.consumer.ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        "read_uncommitted");
    try (var uncommitted = consumer(config)) {
      highWater = uncommitted.endOffsets(partitions, java.time.Duration.ofSeconds(10));
    }
    config.put(
        org.apache.kafka.clients.consumer.ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (var committed = consumer(config)) {
      long deadline = System.nanoTime() + publishing.transactionTimeout().toNanos() * 3;
      while (true) {
        Map<org.apache.kafka.common.TopicPartition, Long> stable =
            committed.endOffsets(partitions, java.time.Duration.ofSeconds(10));
        if (partitions.stream().allMatch(p -> stable.get(p) >= highWater.get(p))) {
          return stable;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("open transactions did not resolve in time");
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
  }

  /** A key's row. */
  record Claim(
      String client,
      String key,
      String dataset,
      byte[] requestHash,
      UUID attempt,
      String status,
      String startCursor,
      String response,
      Instant claimedAt) {

    boolean done() {
      return status.equals("DONE");
    }
  }

  /** What to do with a keyed request. */
  sealed interface Decision {}

  /** First time: publish under {@code attempt}. */
  record Publish(UUID attempt) implements Decision {}

  /** Answered before: return {@code response}. */
  record Replay(String response) implements Decision {}

  /** A dead owner's claim: find its attempt in Kafka before deciding. */
  record Recover(Claim claim) implements Decision {}

  Decision claim(String client, String key, String dataset, byte[] hash, String startCursor) {
    Instant now = clock.instant();
    UUID attempt = UUID.randomUUID();
    int inserted =
        jdbc.sql(
                "insert into idempotency_key (client, idem_key, dataset, request_hash, attempt, status,"
                    + " start_cursor, claimed_at) values (?, ?, ?, ?, ?, 'IN_FLIGHT', ?, ?)"
                    + " on conflict (client, idem_key) do nothing")
            .params(client, key, dataset, hash, attempt, startCursor, Timestamp.from(now))
            .update();
    if (inserted == 1) {
      return new Publish(attempt);
    }
    Claim existing =
        find(client, key).orElseThrow(() -> new IllegalStateException("idempotency row vanished"));
    if (!existing.dataset().equals(dataset) || !Arrays.equals(existing.requestHash(), hash)) {
      throw new Refusal(
          Refusal.Kind.UNPROCESSABLE,
          "idempotency-key-reused",
          "This Idempotency-Key was used for a different request; use a new key.");
    }
    if (existing.done()) {
      return new Replay(existing.response());
    }
    if (existing.claimedAt().plus(settings.claimTimeout()).isAfter(now)) {
      throw new Refusal(
          Refusal.Kind.CONFLICT,
          "request-in-flight",
          "A request with this Idempotency-Key is still being processed; retry shortly.");
    }
    return new Recover(existing);
  }

  /** Takes over a stale claim with a fresh attempt; false if another caller took it first. */
  boolean takeOver(Claim stale, UUID attempt, String startCursor) {
    return jdbc.sql(
                "update idempotency_key set attempt = ?, start_cursor = ?, claimed_at = ?"
                    + " where client = ? and idem_key = ? and attempt = ? and status = 'IN_FLIGHT'")
            .params(
                attempt,
                startCursor,
                Timestamp.from(clock.instant()),
                stale.client(),
                stale.key(),
                stale.attempt())
            .update()
        == 1;
  }

  /** Re-stamps a claim still held by {@code attempt}; false if it was taken over or completed. */
  boolean touch(String client, String key, UUID attempt) {
    return jdbc.sql(
                "update idempotency_key set claimed_at = ? where client = ? and idem_key = ?"
                    + " and attempt = ? and status = 'IN_FLIGHT'")
            .params(Timestamp.from(clock.instant()), client, key, attempt)
            .update()
        == 1;
  }

  void complete(String client, String key, UUID attempt, String response) {
    jdbc.sql(
            "update idempotency_key set status = 'DONE', response = ?, completed_at = ?"
                + " where client = ? and idem_key = ? and attempt = ?")
        .params(response, Timestamp.from(clock.instant()), client, key, attempt)
        .update();
  }

  /** The publish failed before Kafka committed: the key may be used again right away. */
  void release(String client, String key, UUID attempt) {
    jdbc.sql(
            "delete from idempotency_key where client = ? and idem_key = ? and attempt = ? and status = 'IN_FLIGHT'")
        .params(client, key, attempt)
        .update();
  }

  Optional<Claim> find(String client, String key) {
    return jdbc.sql(
            "select client, idem_key, dataset, request_hash, attempt, status, start_cursor, response,"
                + " claimed_at from idempotency_key where client = ? and idem_key = ?")
        .params(client, key)
        .query(
            (rs, i) ->
                new Claim(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getBytes(4),
                    rs.getObject(5, UUID.class),
                    rs.getString(6),
                    rs.getString(7),
                    rs.getString(8),
                    rs.getTimestamp(9).toInstant()))
        .optional();
  }

  /** Keys are kept at least 24 hours, then forgotten. */
  @Scheduled(fixedDelayString = "PT10M")
  void expire() {
    jdbc.sql("delete from idempotency_key where claimed_at < ? and status = 'DONE'")
        .param(Timestamp.from(clock.instant().minus(settings.retention())))
        .update();
  }
}
