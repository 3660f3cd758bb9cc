package io.hutong.exchange.lookup;

import io.hutong.exchange.quality.QualityCounts;
import io.hutong.exchange.quality.QualityMeter;
import io.hutong.exchange.quality.QualityStore;
import io.hutong.schemas.data.DataTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
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
public class LatestStateIngestor implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(LatestStateIngestor.class);
  private static final Pattern DATA_TOPICS =
      Pattern.compile(Pattern.quote(DataTopics.PREFIX) + ".+");

  private final KafkaProperties kafka;
  private final LatestRecords store;
  private final QualityMeter meter;
  private final QualityStore quality;
  private volatile boolean running;
  private volatile long applied;
  private volatile long skipped;
  private volatile KafkaConsumer<String, byte[]> current;
  private Thread thread;

  LatestStateIngestor(
      KafkaProperties kafka, LatestRecords store, QualityMeter meter, QualityStore quality) {
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
  public void start() {
    running = true;
    thread = Thread.ofPlatform().name("latest-state").daemon().start(this::follow);
  }

  @Override
  public void stop() {
    running = false;
    KafkaConsumer<String, byte[]> consumer = current;
    if (consumer != null) {
      consumer.wakeup();
    }
    if (thread != null) {
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void follow() {
    while (running) {
      try (KafkaConsumer<String, byte[]> consumer = consumer()) {
        current = consumer;
        consumer.subscribe(DATA_TOPICS, new Resume(consumer));
        while (running) {
          ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
          if (!records.isEmpty()) {
            apply(records);
          }
        }
      } catch (org.apache.kafka.common.errors.WakeupException e) {
        // stop() woke the consumer up
      } catch (RuntimeException e) {
        if (running) {
          log.warn(
              "latest-state ingest interrupted: {}; resuming from the stored positions",
              e.toString());
          sleep(1_000);
        }
      }
    }
  }

  private void apply(ConsumerRecords<String, byte[]> records) {
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

  /** On assignment, every partition starts where its stored position says, else at the start. */
  private final class Resume implements ConsumerRebalanceListener {
    private final KafkaConsumer<String, byte[]> consumer;

    Resume(KafkaConsumer<String, byte[]> consumer) {
      this.consumer = consumer;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      Map<String, Map<Integer, Long>> stored = new HashMap<>();
      List<TopicPartition> fresh = new ArrayList<>();
      for (TopicPartition p : partitions) {
        Long position = stored.computeIfAbsent(p.topic(), store::positions).get(p.partition());
        if (position == null) {
          fresh.add(p);
        } else {
          consumer.seek(p, position);
        }
      }
      if (!fresh.isEmpty()) {
        consumer.seekToBeginning(fresh);
      }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      // Nothing to commit: positions are stored with the rows they cover.
    }
  }

  private KafkaConsumer<String, byte[]> consumer() {
    Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, DataTopics.LOOKUP_GROUP);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "exchange-latest-state");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    // Freshness: a publish is visible to lookups within a second, so a fetch waits briefly ...
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
    // ... and a new dataset's topic is found within seconds, not the default five minutes.
    config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 5_000);
    return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
