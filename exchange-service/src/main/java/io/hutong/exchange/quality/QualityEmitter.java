package io.hutong.exchange.quality;

import io.hutong.schemas.quality.QualityBucket;
import io.hutong.schemas.quality.QualityTopics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Hands the measured buckets to the catalogue: every changed bucket's whole snapshot goes to {@link
 * QualityTopics#BUCKETS} about once a second, and is marked sent only once Kafka has acknowledged
 * it. Snapshots are idempotent (the catalogue keeps the highest revision), so two instances sending
 * the same bucket, or a resend after a crash, change nothing.
 */
@Component
public class QualityEmitter implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(QualityEmitter.class);
  private static final int BATCH = 500;
  private static final Duration KEPT = Duration.ofDays(35);

  private final QualityStore store;
  private final Clock clock;
  private final KafkaProducer<String, byte[]> producer;

  QualityEmitter(KafkaProperties kafka, QualityStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
    Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "exchange-quality");
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  /** Sends every dirty bucket; what Kafka did not acknowledge stays dirty for the next round. */
  @Scheduled(
      fixedDelayString = "${hutong.exchange.quality.emit-interval:PT1S}",
      initialDelayString = "${hutong.exchange.quality.emit-interval:PT1S}")
  public void emit() {
    try {
      List<QualityBucket> buckets;
      do {
        buckets = store.dirty(BATCH);
        send(buckets);
      } while (buckets.size() == BATCH);
    } catch (RuntimeException e) {
      log.warn("quality snapshots not sent this round: {}", e.toString());
    }
  }

  private void send(List<QualityBucket> buckets) {
    List<Future<RecordMetadata>> acks = new ArrayList<>(buckets.size());
    for (QualityBucket bucket : buckets) {
      acks.add(
          producer.send(
              new ProducerRecord<>(
                  QualityTopics.BUCKETS,
                  QualityTopics.bucketKey(bucket.getDataset(), bucket.getHour()),
                  bytes(bucket))));
    }
    for (int i = 0; i < buckets.size(); i++) {
      try {
        acks.get(i).get(30, TimeUnit.SECONDS);
        store.sent(buckets.get(i));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        log.warn(
            "quality snapshot of {} not acknowledged: {}",
            buckets.get(i).getDataset(),
            e.toString());
      }
    }
  }

  private static byte[] bytes(QualityBucket bucket) {
    try {
      ByteBuffer buffer = QualityBucket.getEncoder().encode(bucket);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Forgets buckets past the longest window the catalogue reports, with a margin. */
  @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
  public void prune() {
    try {
      store.prune(clock.instant().minus(KEPT));
    } catch (RuntimeException e) {
      log.warn("quality buckets not pruned: {}", e.toString());
    }
  }

  @Override
  public void destroy() {
    producer.close(Duration.ofSeconds(5));
  }
}
