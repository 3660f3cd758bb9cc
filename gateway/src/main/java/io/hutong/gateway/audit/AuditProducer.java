package io.hutong.gateway.audit;

import io.hutong.schemas.audit.AuditEvent;
import io.hutong.schemas.audit.AuditEvents;
import io.hutong.schemas.audit.AuditTopics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Sends the gateway's audit events to {@code hutong.audit.events}, acknowledged by all replicas and
 * idempotent, never making an answer wait: a lost connection to Kafka is logged, not felt by the
 * caller.
 */
@Configuration
class AuditProducer {

  private static final Logger log = LoggerFactory.getLogger(AuditProducer.class);

  private final KafkaProducer<String, byte[]> producer;
  private final KafkaClientMetrics producerMetrics;

  AuditProducer(KafkaProperties kafka, MeterRegistry registry) {
    Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "gateway-audit");
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    // The producer's own metrics (kafka_producer_*): Boot binds only Spring Kafka's factories.
    this.producerMetrics = new KafkaClientMetrics(producer);
    producerMetrics.bindTo(registry);
  }

  /**
   * The gateway writes to the audit topic; it declares it with the agreed spec like every writer.
   */
  @Bean
  NewTopic auditEventsTopic() {
    return new NewTopic(AuditTopics.EVENTS, AuditTopics.EVENTS_SPEC.partitions(), (short) -1)
        .configs(AuditTopics.EVENTS_SPEC.configs());
  }

  void send(AuditEvent event) {
    try {
      producer.send(
          new ProducerRecord<>(
              AuditTopics.EVENTS, event.getId().toString(), AuditEvents.encode(event)),
          (metadata, error) -> {
            if (error != null) {
              log.error("gateway audit event {} not sent: {}", event.getId(), error.toString());
            }
          });
    } catch (RuntimeException e) {
      log.error("gateway audit event {} not sent: {}", event.getId(), e.toString());
    }
  }

  @PreDestroy
  void close() {
    producerMetrics.close();
    producer.close(Duration.ofSeconds(5));
  }
}
