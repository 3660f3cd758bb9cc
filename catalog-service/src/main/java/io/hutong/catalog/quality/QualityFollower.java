package io.hutong.catalog.quality;

import io.hutong.catalog.config.QualityProperties;
import io.hutong.catalog.rules.Times;
import io.hutong.schemas.data.DatasetCode;
import io.hutong.schemas.quality.QualityBucket;
import io.hutong.schemas.quality.QualityCount;
import io.hutong.schemas.quality.QualityTopics;
import io.hutong.service.kafka.KafkaFollower;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * Follows {@code hutong.quality.buckets} — the quality figures the exchange measures — into
 * PostgreSQL. The catalogue instances share the topic as one consumer group ({@link
 * QualityTopics#CATALOG_GROUP}); positions are Kafka's group offsets, committed only after a batch
 * is stored, so after an outage or a restart snapshots are read again from the last commit, which
 * is harmless: a snapshot replaces its bucket only when its revision is higher. Only committed
 * messages are read. While Kafka or PostgreSQL is down the follower retries; nothing it has not
 * stored is committed.
 */
@Component
class QualityFollower extends KafkaFollower {

  private static final Logger log = LoggerFactory.getLogger(QualityFollower.class);

  private final KafkaProperties kafka;
  private final QualityBuckets buckets;
  private final QualityProperties properties;
  private final Clock clock;

  QualityFollower(
      KafkaProperties kafka, QualityBuckets buckets, QualityProperties properties, Clock clock) {
    super("quality-follower", properties.pollTimeout(), properties.retryBackoff());
    this.kafka = kafka;
    this.buckets = buckets;
    this.properties = properties;
    this.clock = clock;
  }

  @Override
  protected KafkaConsumer<String, byte[]> newConsumer() {
    return consumer(
        readCommitted(
            kafka.buildConsumerProperties(),
            QualityTopics.CATALOG_GROUP,
            "catalog-quality-follower",
            500));
  }

  @Override
  protected void subscribe(KafkaConsumer<String, byte[]> consumer) {
    consumer.subscribe(List.of(QualityTopics.BUCKETS));
  }

  /** Stores the batch, then commits its offsets: nothing not stored is ever committed. */
  @Override
  protected void apply(
      KafkaConsumer<String, byte[]> consumer, ConsumerRecords<String, byte[]> records) {
    for (ConsumerRecord<String, byte[]> record : records) {
      store(record);
    }
    consumer.commitSync();
  }

  /**
   * Stores one snapshot. A message that is no snapshot (a tombstone, or bytes that do not decode)
   * is logged and passed over: it can never become one, and stopping on it would stop every
   * dataset's figures. Snapshots of hours past the retention are not stored (pruning would only
   * delete them again), but their last record still counts for timeliness.
   */
  private void store(ConsumerRecord<String, byte[]> record) {
    if (record.value() == null) {
      return;
    }
    QualityBucket bucket;
    try {
      bucket = QualityBucket.getDecoder().decode(record.value());
    } catch (Exception e) {
      log.warn(
          "quality follower: passing over undecodable message at {}-{}@{}: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.toString());
      return;
    }
    String unstorable = unstorable(bucket);
    if (unstorable != null) {
      log.warn(
          "quality follower: passing over snapshot at {}-{}@{}: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          unstorable);
      return;
    }
    Instant now = Times.now(clock);
    if (bucket.getHour().isBefore(now.minus(properties.retention()))) {
      buckets.rememberLastRecord(bucket);
      return;
    }
    buckets.apply(bucket, now);
  }

  /**
   * Why a decoded snapshot cannot be stored, or null when it can. Checked before PostgreSQL sees
   * it: a snapshot PostgreSQL refused would be retried forever and hold up every later one.
   */
  static String unstorable(QualityBucket bucket) {
    try {
      DatasetCode.parse(bucket.getDataset());
    } catch (IllegalArgumentException e) {
      return "dataset is no dataset code: " + e.getMessage();
    }
    if (outOfRange(bucket.getHour())) {
      return "hour lies outside the years 0001-9999";
    }
    if (bucket.getLastRecordAt() != null && outOfRange(bucket.getLastRecordAt())) {
      return "lastRecordAt lies outside the years 0001-9999";
    }
    for (QualityCount count : bucket.getCounts()) {
      if (count.getMeasure().isEmpty()
          || hasNul(count.getMeasure())
          || hasNul(count.getField())
          || hasNul(count.getDetail())) {
        return "a counter has no measure, or NUL in its measure, field or detail";
      }
    }
    return null;
  }

  private static boolean outOfRange(Instant instant) {
    return instant.isBefore(Times.MIN) || instant.isAfter(Times.MAX);
  }

  private static boolean hasNul(String text) {
    return text.indexOf(0) >= 0;
  }
}
