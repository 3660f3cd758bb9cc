package io.hutong.catalog.statistics;

import io.hutong.catalog.config.StatisticsProperties;
import io.hutong.schemas.audit.AuditEvent;
import io.hutong.schemas.audit.AuditEvents;
import io.hutong.schemas.audit.AuditTopics;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Follows {@code hutong.audit.events} and counts usage (records published and delivered, lookups,
 * verifications) into {@link UsageLedger}, so the sharing statistics are computed from the very
 * events the audit log holds. Catalogue instances share the topic as consumer group {@link
 * AuditTopics#CATALOG_USAGE_GROUP}; only committed events are read ({@code read_committed}: a
 * publish's event belongs to the exchange's transaction and is counted only if its records were
 * written). Positions live in PostgreSQL beside the counts, never in Kafka, and every partition
 * resumes from them on assignment. Kafka or PostgreSQL being down only delays counting: the loop
 * retries from the stored positions.
 */
@Component
class UsageFollower implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(UsageFollower.class);

  private final KafkaProperties kafka;
  private final UsageLedger ledger;
  private final StatisticsProperties properties;
  private volatile boolean running;
  private volatile KafkaConsumer<String, byte[]> current;
  private Thread thread;

  UsageFollower(KafkaProperties kafka, UsageLedger ledger, StatisticsProperties properties) {
    this.kafka = kafka;
    this.ledger = ledger;
    this.properties = properties;
  }

  @Override
  public void start() {
    if (!properties.followUsage() || running) {
      return;
    }
    running = true;
    thread = Thread.ofPlatform().name("usage-follower").daemon().start(this::follow);
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
      thread = null;
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
        consumer.subscribe(List.of(AuditTopics.EVENTS), new Resume(consumer));
        while (running) {
          ConsumerRecords<String, byte[]> records = consumer.poll(properties.pollTimeout());
          if (!records.isEmpty()) {
            int counted = ledger.count(AuditTopics.EVENTS, polled(records));
            log.debug("counted {} usage event(s) of {} audit event(s)", counted, records.count());
          }
        }
      } catch (WakeupException e) {
        // stop() woke the consumer up
      } catch (RuntimeException e) {
        if (running) {
          log.warn(
              "usage counting interrupted: {}; resuming from the stored positions", e.toString());
          sleep(properties.retryBackoff().toMillis());
        }
      } finally {
        current = null;
      }
    }
  }

  private static List<UsageLedger.Polled> polled(ConsumerRecords<String, byte[]> records) {
    List<UsageLedger.Polled> polled = new ArrayList<>(records.count());
    for (ConsumerRecord<String, byte[]> r : records) {
      polled.add(new UsageLedger.Polled(r.partition(), r.offset(), usage(r)));
    }
    return polled;
  }

  /** The usage a record holds; null for other events and for bytes that are no audit event. */
  private static UsageEvent usage(ConsumerRecord<String, byte[]> record) {
    if (record.value() == null) {
      return null;
    }
    try {
      AuditEvent event = AuditEvents.decode(ByteBuffer.wrap(record.value()));
      return UsageEvent.of(event).orElse(null);
    } catch (Exception e) {
      log.warn(
          "audit event at {}-{}@{} cannot be decoded, not counted: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.toString());
      return null;
    }
  }

  /** On assignment, every partition starts at its stored position, else at the beginning. */
  private final class Resume implements ConsumerRebalanceListener {
    private final KafkaConsumer<String, byte[]> consumer;

    Resume(KafkaConsumer<String, byte[]> consumer) {
      this.consumer = consumer;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      Map<Integer, Long> stored = ledger.positions(AuditTopics.EVENTS);
      List<TopicPartition> fresh = new ArrayList<>();
      for (TopicPartition p : partitions) {
        Long position = stored.get(p.partition());
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
      // Nothing to commit: positions are stored with the counts they cover.
    }
  }

  private KafkaConsumer<String, byte[]> consumer() {
    Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, AuditTopics.CATALOG_USAGE_GROUP);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "catalog-usage");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.maxPollRecords());
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
