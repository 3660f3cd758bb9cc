package io.hutong.exchange.subscribe;

import io.hutong.schemas.data.DataTopics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Gauge {@code hutong_subscription_lag_records{dataset,subscription}}: how many records of its
 * dataset's topic a subscription has not committed yet.
 *
 * <p>Worked out every {@value #PERIOD_MS} ms by one task, never per scrape: the live subscriptions
 * from the database (at most {@value #MAX_SUBSCRIPTIONS}, oldest first), their committed positions
 * from their Kafka consumer groups (where a subscription's position lives), and the topics' first
 * and last read-committed offsets — four Kafka admin requests a round, however many subscriptions.
 * A partition without a commit counts from its first offset, as a fetch would start there. The last
 * offset includes the commit marker of the last transaction, so a fully read partition may show one
 * record of lag. Every exchange instance reports the same values; dashboards take the maximum.
 */
@Component
class SubscriptionLag {

  static final long PERIOD_MS = 15_000;
  static final int MAX_SUBSCRIPTIONS = 2_000;

  private static final Logger log = LoggerFactory.getLogger(SubscriptionLag.class);
  private static final long TIMEOUT_SECONDS = 10;

  private final SubscriptionRepository subscriptions;
  private final Admin admin;
  private final MultiGauge gauge;

  SubscriptionLag(SubscriptionRepository subscriptions, Admin admin, MeterRegistry registry) {
    this.subscriptions = subscriptions;
    this.admin = admin;
    this.gauge =
        MultiGauge.builder("hutong.subscription.lag.records")
            .description("Records of the dataset's topic not yet committed by the subscription")
            .register(registry);
  }

  @Scheduled(initialDelay = 5_000, fixedDelay = PERIOD_MS)
  void measure() {
    try {
      gauge.register(rows(lags()), true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      // The last values stay; the next round tries again.
      log.warn("subscription lag not measured: {}", e.toString());
    }
  }

  /** One measured subscription. */
  record Lag(String dataset, String subscription, long records) {}

  List<Lag> lags() throws InterruptedException, ExecutionException, TimeoutException {
    List<Subscription> live = subscriptions.live(MAX_SUBSCRIPTIONS);
    if (live.isEmpty()) {
      return List.of();
    }
    Set<String> topics = new HashSet<>();
    for (Subscription s : live) {
      topics.add(DataTopics.forDataset(s.dataset()));
    }
    Map<String, List<TopicPartition>> partitions = partitions(topics);
    if (partitions.isEmpty()) {
      return List.of();
    }
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
    for (List<TopicPartition> of : partitions.values()) {
      for (TopicPartition p : of) {
        latest.put(p, OffsetSpec.latest());
        earliest.put(p, OffsetSpec.earliest());
      }
    }
    ListOffsetsOptions committedOnly = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
    var ends = admin.listOffsets(latest, committedOnly).all();
    var starts = admin.listOffsets(earliest, committedOnly).all();
    Map<String, ListConsumerGroupOffsetsSpec> groups = new HashMap<>();
    for (Subscription s : live) {
      if (partitions.containsKey(DataTopics.forDataset(s.dataset()))) {
        groups.put(s.group(), new ListConsumerGroupOffsetsSpec());
      }
    }
    var committed = admin.listConsumerGroupOffsets(groups).all();
    var end = ends.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    var start = starts.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    Map<String, Map<TopicPartition, OffsetAndMetadata>> positions =
        committed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    List<Lag> lags = new ArrayList<>(live.size());
    for (Subscription s : live) {
      List<TopicPartition> of = partitions.get(DataTopics.forDataset(s.dataset()));
      if (of == null) {
        continue;
      }
      Map<TopicPartition, OffsetAndMetadata> position = positions.getOrDefault(s.group(), Map.of());
      long lag = 0;
      for (TopicPartition p : of) {
        OffsetAndMetadata at = position.get(p);
        long from = at != null ? at.offset() : start.get(p).offset();
        lag += Math.max(0, end.get(p).offset() - from);
      }
      lags.add(new Lag(s.dataset(), s.id().toString(), lag));
    }
    return lags;
  }

  /** The partitions of each topic that exists (a dataset's topic may not be created yet). */
  private Map<String, List<TopicPartition>> partitions(Set<String> topics)
      throws InterruptedException {
    Map<String, List<TopicPartition>> partitions = new HashMap<>();
    for (Map.Entry<String, KafkaFuture<TopicDescription>> topic :
        admin.describeTopics(topics).topicNameValues().entrySet()) {
      try {
        TopicDescription description = topic.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        partitions.put(
            topic.getKey(),
            description.partitions().stream()
                .map(p -> new TopicPartition(topic.getKey(), p.partition()))
                .toList());
      } catch (ExecutionException | TimeoutException e) {
        log.debug("topic {} not measured: {}", topic.getKey(), e.toString());
      }
    }
    return partitions;
  }

  private static List<MultiGauge.Row<?>> rows(List<Lag> lags) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>(lags.size());
    for (Lag lag : lags) {
      rows.add(
          MultiGauge.Row.of(
              Tags.of("dataset", lag.dataset(), "subscription", lag.subscription()),
              lag.records()));
    }
    return rows;
  }
}
