package io.hutong.service.audit;

import io.hutong.schemas.audit.AuditEvent;
import io.hutong.schemas.audit.AuditEvents;
import io.hutong.schemas.audit.AuditTopics;
import io.hutong.service.ServiceProperties;
import io.hutong.service.failure.Refusal;
import io.hutong.service.kafka.KafkaClientMeters;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * The default {@link AuditSink}: an idempotent producer ({@code acks=all}) onto {@code
 * hutong.audit.events}. Either fire-and-log, for services whose answers need not wait for their
 * event, or acknowledged, for calls that must not be answered unrecorded (the audit service's own
 * queries).
 */
public class KafkaAuditSink implements AuditSink, DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(KafkaAuditSink.class);

  private final KafkaProducer<String, byte[]> producer;
  private final KafkaClientMeters.Binding meters;
  private final boolean waitForAcknowledgement;
  private final Duration timeout;

  /** {@code registry} (null: none) gets the producer's metrics. */
  public KafkaAuditSink(
      Map<String, Object> producerProperties, ServiceProperties service, MeterRegistry registry) {
    Map<String, Object> config = new HashMap<>(producerProperties);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // Short: an acknowledged append (a lookup's event) waits for its batch to leave.
    config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) service.audit().timeout().toMillis());
    config.put(ProducerConfig.CLIENT_ID_CONFIG, service.name() + "-audit");
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    this.meters = KafkaClientMeters.bind(registry, producer);
    this.waitForAcknowledgement = service.audit().waitForAcknowledgement();
    this.timeout = service.audit().timeout();
  }

  @Override
  public void append(AuditEvent event) {
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(
            AuditTopics.EVENTS, event.getId().toString(), AuditEvents.encode(event));
    if (waitForAcknowledgement) {
      sendAndWait(record, event);
      return;
    }
    producer.send(
        record,
        (metadata, error) -> {
          if (error != null) {
            log.error("audit event {} could not be sent: {}", event.getId(), error.toString());
          }
        });
  }

  @Override
  public void appendAcknowledged(AuditEvent event) {
    sendAndWait(
        new ProducerRecord<>(
            AuditTopics.EVENTS, event.getId().toString(), AuditEvents.encode(event)),
        event);
  }

  private void sendAndWait(ProducerRecord<String, byte[]> record, AuditEvent event) {
    try {
      Future<RecordMetadata> sent = producer.send(record);
      sent.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unrecorded();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      log.warn("audit event {} not acknowledged: {}", event.getId(), e.toString());
      throw unrecorded();
    }
  }

  private static Refusal unrecorded() {
    return Refusal.unavailable(
        "audit-unavailable",
        "The call could not be recorded in the audit log, so it is not answered; retry later.",
        Duration.ofSeconds(5));
  }

  @Override
  public void destroy() {
    meters.close();
    producer.close(Duration.ofSeconds(5));
  }
}
