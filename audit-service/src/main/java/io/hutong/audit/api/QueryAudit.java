package io.hutong.audit.api;

import io.hutong.audit.config.AuditProperties;
import io.hutong.schemas.audit.AuditAction;
import io.hutong.schemas.audit.AuditEvent;
import io.hutong.schemas.audit.AuditLimits;
import io.hutong.schemas.audit.AuditTopics;
import io.hutong.schemas.audit.Outcome;
import io.hutong.schemas.identity.Caller;
import io.hutong.schemas.identity.HutongRole;
import jakarta.annotation.PreDestroy;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Audits the auditors: every query of the log is itself an {@link AuditEvent} ({@code
 * AUDIT_QUERIED}) that lands in the log. A query is answered only after Kafka acknowledged its
 * event; if it cannot be recorded, it is refused (503), so no query goes unrecorded.
 */
@Component
public class QueryAudit {

  static final String SERVICE = "audit-service";

  private final KafkaProducer<String, byte[]> producer;
  private final AuditProperties properties;
  private final Clock clock;

  QueryAudit(KafkaProperties kafka, AuditProperties properties, Clock clock) {
    Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) properties.queryAuditTimeout().toMillis());
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "audit-query-audit");
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    this.properties = properties;
    this.clock = clock;
  }

  /** Records an allowed auditor query; throws 503 when it cannot be recorded. */
  public void queried(Caller caller, HttpServletRequest request, String dataset) {
    send(event(caller, request, AuditAction.AUDIT_QUERIED, Outcome.ALLOWED, dataset, null), true);
  }

  /** Records a refused call to the audit API (best effort: the refusal itself needs no answer). */
  public void refused(Caller caller, HttpServletRequest request, String reason) {
    send(event(caller, request, AuditAction.REQUEST_REJECTED, Outcome.DENIED, null, reason), false);
  }

  private void send(AuditEvent event, boolean wait) {
    try {
      ByteBuffer buffer = event.toByteBuffer();
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      var sent =
          producer.send(new ProducerRecord<>(AuditTopics.EVENTS, event.getId().toString(), bytes));
      if (wait) {
        sent.get(properties.queryAuditTimeout().toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (IOException
        | RuntimeException
        | java.util.concurrent.ExecutionException
        | java.util.concurrent.TimeoutException e) {
      if (wait) {
        throw new ResponseStatusException(
            HttpStatus.SERVICE_UNAVAILABLE,
            "The query could not be recorded in the audit log, so it is not answered; retry later.");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "interrupted");
    }
  }

  private AuditEvent event(
      Caller caller,
      HttpServletRequest request,
      AuditAction action,
      Outcome outcome,
      String dataset,
      String reason) {
    String query = request.getQueryString();
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
                request.getRequestURI() + (query == null ? "" : "?" + query), AuditLimits.RESOURCE))
        .setOutcome(outcome)
        .setRecordCount(null)
        .setRequestId(io.hutong.schemas.audit.AuditLimits.requestIdOrNull(requestId))
        .setSourceAddress(
            forwarded != null && !forwarded.isBlank()
                ? forwarded.split(",")[0].trim()
                : request.getRemoteAddr())
        .setReason(AuditLimits.bound(reason, AuditLimits.REASON))
        .build();
  }

  @PreDestroy
  void close() {
    producer.close(java.time.Duration.ofSeconds(5));
  }
}
