package io.hutong.exchange.publish;

import io.hutong.schemas.audit.AuditAction;
import io.hutong.schemas.audit.AuditEvent;
import io.hutong.schemas.audit.AuditLimits;
import io.hutong.schemas.audit.AuditTopics;
import io.hutong.schemas.audit.Outcome;
import io.hutong.schemas.identity.Caller;
import io.hutong.schemas.identity.HutongRole;
import jakarta.annotation.PreDestroy;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * Builds the exchange's {@link AuditEvent}s, and sends those that are not part of a publish
 * transaction (fetches, subscription changes, refusals) with an idempotent producer.
 */
@Component
public class AuditEmitter {

  static final String SERVICE = "exchange-service";
  private static final Logger log = LoggerFactory.getLogger(AuditEmitter.class);

  private final KafkaProducer<String, byte[]> producer;
  private final Clock clock;

  AuditEmitter(KafkaProperties kafka, Clock clock) {
    Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "exchange-audit");
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    this.clock = clock;
  }

  /** An event for {@code action} by {@code caller} on {@code request}. */
  public AuditEvent event(
      Caller caller,
      HttpServletRequest request,
      AuditAction action,
      Outcome outcome,
      String dataset,
      String resource,
      Long recordCount,
      String reason) {
    String forwarded = request.getHeader("X-Forwarded-For");
    String requestId = request.getHeader("X-Request-Id");
    return AuditEvent.newBuilder()
        .setId(UUID.randomUUID())
        .setTime(clock.instant().truncatedTo(ChronoUnit.MICROS))
        .setService(SERVICE)
        .setActor(caller == null ? null : caller.actor())
        .setDepartment(caller == null ? null : caller.department())
        .setRoles(
            caller == null
                ? List.of()
                : caller.roles().stream().map(HutongRole::claimValue).sorted().toList())
        .setAction(action.name())
        .setDataset(AuditLimits.datasetOrNull(dataset))
        .setResource(
            AuditLimits.bound(
                resource == null ? request.getRequestURI() : resource, AuditLimits.RESOURCE))
        .setOutcome(outcome)
        .setRecordCount(recordCount)
        .setRequestId(AuditLimits.requestIdOrNull(requestId))
        .setSourceAddress(
            forwarded != null && !forwarded.isBlank()
                ? forwarded.split(",")[0].trim()
                : request.getRemoteAddr())
        .setReason(AuditLimits.bound(reason, AuditLimits.REASON))
        .build();
  }

  /** Sends an event on its own; failures are logged (the call's answer does not wait for it). */
  public void send(AuditEvent event) {
    producer.send(
        new ProducerRecord<>(
            AuditTopics.EVENTS, event.getId().toString(), RecordWriter.encode(event)),
        (metadata, error) -> {
          if (error != null) {
            log.error("audit event {} could not be sent: {}", event.getId(), error.toString());
          }
        });
  }

  @PreDestroy
  void close() {
    producer.close(java.time.Duration.ofSeconds(5));
  }
}
