package io.hutong.catalog.statistics;

import io.hutong.catalog.config.StatisticsProperties;
import io.hutong.schemas.audit.AuditEvent;
import io.hutong.schemas.audit.AuditEvents;
import io.hutong.schemas.audit.AuditTopics;
import io.hutong.service.kafka.KafkaFollower;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
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
class UsageFollower extends KafkaFollower {

  private static final Logger log = LoggerFactory.getLogger(UsageFollower.class);

  private final KafkaProperties kafka;
  private final UsageLedger ledger;
  private final StatisticsProperties properties;

  UsageFollower(KafkaProperties kafka, UsageLedger ledger, StatisticsProperties properties) {
    super("usage-follower", properties.pollTimeout(), properties.retryBackoff());
    this.kafka = kafka;
    this.ledger = ledger;
    this.properties = properties;
  }

  @Override
  protected boolean enabled() {
    return properties.followUsage();
  }

  @Override
  protected KafkaConsumer<String, byte[]> newConsumer() {
    return consumer(
        readCommitted(
            kafka.buildConsumerProperties(),
            AuditTopics.CATALOG_USAGE_GROUP,
            "catalog-usage",
            properties.maxPollRecords()));
  }

  @Override
  protected void subscribe(KafkaConsumer<String, byte[]> consumer) {
    consumer.subscribe(
        List.of(AuditTopics.EVENTS), new StoredPositions(consumer, ledger::positions));
  }

  @Override
  protected void apply(
      KafkaConsumer<String, byte[]> consumer, ConsumerRecords<String, byte[]> records) {
    int counted = ledger.count(AuditTopics.EVENTS, polled(records));
    log.debug("counted {} usage event(s) of {} audit event(s)", counted, records.count());
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
}
