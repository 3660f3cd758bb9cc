package io.hutong.exchange.lookup;

import io.hutong.exchange.quality.QualityCounts;
import io.hutong.exchange.quality.QualityMeter;
import io.hutong.exchange.quality.QualityStore;
import io.hutong.schemas.data.DataTopics;
import io.hutong.service.kafka.KafkaFollower;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * Materialises the latest record per key of every data topic into {@link LatestRecords}. The
 * exchange instances share the work as one consumer group ({@link DataTopics#LOOKUP_GROUP}), each
 * applying the partitions it is assigned; positions are kept with the rows in PostgreSQL, not in
 * Kafka, so a partition moving to another instance resumes exactly where the rows stand. Only
 * committed records are read (the exchange publishes in transactions), so an aborted batch never
 * becomes visible to a lookup. The same pass measures each record's quality ({@link QualityMeter})
 * in the transaction that moves the positions, so every committed record is counted exactly once.
 */
@Component
public class LatestStateIngestor extends KafkaFollower {

  private static final Pattern DATA_TOPICS =
      Pattern.compile(Pattern.quote(DataTopics.PREFIX) + ".+");

  private final KafkaProperties kafka;
  private final LatestRecords store;
  private final QualityMeter meter;
  private final QualityStore quality;
  private volatile long applied;
  private volatile long skipped;

  LatestStateIngestor(
      KafkaProperties kafka, LatestRecords store, QualityMeter meter, QualityStore quality) {
    super("latest-state", Duration.ofMillis(500), Duration.ofSeconds(1));
    this.kafka = kafka;
    this.store = store;
    this.meter = meter;
    this.quality = quality;
  }

  /** Records applied since start (values and tombstones). */
  public long applied() {
    return applied;
  }

  /** Records that cannot be looked up (no key, or a key over the length stored), since start. */
  public long skipped() {
    return skipped;
  }

  @Override
  protected KafkaConsumer<String, byte[]> newConsumer() {
    Map<String, Object> config =
        readCommitted(
            kafka.buildConsumerProperties(),
            DataTopics.LOOKUP_GROUP,
            "exchange-latest-state",
            5_000);
    // Freshness: a publish is visible to lookups within a second, so a fetch waits briefly ...
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
    // ... and a new dataset's topic is found within seconds, not the default five minutes.
    config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 5_000);
    return consumer(config);
  }

  @Override
  protected void subscribe(KafkaConsumer<String, byte[]> consumer) {
    consumer.subscribe(DATA_TOPICS, new StoredPositions(consumer, store::positions));
  }

  @Override
  protected void apply(
      KafkaConsumer<String, byte[]> consumer, ConsumerRecords<String, byte[]> records) {
    List<LatestRecords.Change> changes = new ArrayList<>(records.count());
    Map<LatestRecords.TopicPosition, Long> next = new HashMap<>();
    long unkeyed = 0;
    for (ConsumerRecord<String, byte[]> r : records) {
      next.put(new LatestRecords.TopicPosition(r.topic(), r.partition()), r.offset() + 1);
      if (r.key() == null || r.key().length() > LatestRecords.MAX_KEY_LENGTH) {
        unkeyed++;
      }
      changes.add(
          new LatestRecords.Change(
              r.topic(),
              r.topic().substring(DataTopics.PREFIX.length()),
              r.key(),
              r.partition(),
              r.offset(),
              Instant.ofEpochMilli(r.timestamp()),
              r.value()));
    }
    store.apply(changes, next, this::measure);
    applied += changes.size() - unkeyed;
    skipped += unkeyed;
  }

  /** Counts the batch's new records for data quality, in the transaction that applies them. */
  private void measure(
      java.sql.Connection c,
      List<LatestRecords.Change> fresh,
      Map<String, LatestRecords.Stored> stored)
      throws java.sql.SQLException {
    List<QualityMeter.Measured> measured = new ArrayList<>(fresh.size());
    for (LatestRecords.Change change : fresh) {
      boolean keyed = change.key() != null && change.key().length() <= LatestRecords.MAX_KEY_LENGTH;
      measured.add(
          new QualityMeter.Measured(
              change.dataset(), keyed ? change.key() : null, change.timestamp(), change.value()));
    }
    Map<String, QualityMeter.Previous> previous = new HashMap<>();
    stored.forEach(
        (key, record) ->
            previous.put(key, new QualityMeter.Previous(record.timestamp(), record.value())));
    QualityCounts counts = new QualityCounts();
    meter.measure(measured, previous, counts);
    quality.add(c, counts);
  }
}
