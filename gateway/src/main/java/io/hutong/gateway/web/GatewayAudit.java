package io.hutong.gateway.web;

import io.hutong.schemas.audit.AuditAction;
import io.hutong.schemas.audit.AuditEvent;
import io.hutong.schemas.audit.AuditLimits;
import io.hutong.schemas.audit.AuditTopics;
import io.hutong.schemas.audit.Outcome;
import io.hutong.schemas.identity.Caller;
import io.hutong.schemas.identity.HutongRole;
import jakarta.annotation.PreDestroy;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Turns every refusal at the gateway (401, 403, 413, 429) into an {@link AuditEvent} on {@code
 * hutong.audit.events}, so auditors see calls that never reached a service.
 */
@Configuration
public class GatewayAudit {

  static final String SERVICE = "gateway";
  private static final Logger log = LoggerFactory.getLogger(GatewayAudit.class);

  private final KafkaProducer<String, byte[]> producer;

  GatewayAudit(KafkaProperties kafka) {
    Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "gateway-audit");
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  /**
   * The gateway writes to the audit topic; it declares it with the agreed spec like every writer.
   */
  @Bean
  NewTopic auditEventsTopic() {
    return new NewTopic(AuditTopics.EVENTS, AuditTopics.EVENTS_SPEC.partitions(), (short) -1)
        .configs(AuditTopics.EVENTS_SPEC.configs());
  }

  /** Records a refusal; the answer never waits for it. */
  Mono<Void> rejected(ServerWebExchange exchange, int status, String reason) {
    return exchange
        .getPrincipal()
        .filter(JwtAuthenticationToken.class::isInstance)
        .map(p -> Caller.fromClaims(((JwtAuthenticationToken) p).getToken().getClaims()))
        .map(java.util.Optional::of)
        .defaultIfEmpty(java.util.Optional.empty())
        .doOnNext(caller -> send(event(exchange, caller.orElse(null), status, reason)))
        .onErrorResume(e -> Mono.empty())
        .then();
  }

  private AuditEvent event(ServerWebExchange exchange, Caller caller, int status, String reason) {
    var request = exchange.getRequest();
    InetSocketAddress remote = request.getRemoteAddress();
    String query = request.getURI().getRawQuery();
    return AuditEvent.newBuilder()
        .setId(UUID.randomUUID())
        .setTime(Instant.now().truncatedTo(ChronoUnit.MICROS))
        .setService(SERVICE)
        .setActor(caller == null ? null : caller.actor())
        .setDepartment(caller == null ? null : caller.department())
        .setRoles(
            caller == null
                ? List.of()
                : caller.roles().stream().map(HutongRole::claimValue).sorted().toList())
        .setAction(AuditAction.REQUEST_REJECTED.name())
        .setDataset(null)
        .setResource(
            AuditLimits.bound(
                request.getMethod()
                    + " "
                    + request.getPath().value()
                    + (query == null ? "" : "?" + query),
                AuditLimits.RESOURCE))
        .setOutcome(Outcome.DENIED)
        .setRecordCount(null)
        .setRequestId(exchange.getResponse().getHeaders().getFirst("X-Request-Id"))
        .setSourceAddress(remote == null ? null : remote.getAddress().getHostAddress())
        .setReason(AuditLimits.bound(status + " " + reason, AuditLimits.REASON))
        .build();
  }

  private void send(AuditEvent event) {
    try {
      ByteBuffer buffer = event.toByteBuffer();
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      producer.send(
          new ProducerRecord<>(AuditTopics.EVENTS, event.getId().toString(), bytes),
          (metadata, error) -> {
            if (error != null) {
              log.error("gateway audit event {} not sent: {}", event.getId(), error.toString());
            }
          });
    } catch (Exception e) {
      log.error("gateway audit event {} not sent: {}", event.getId(), e.toString());
    }
  }

  @PreDestroy
  void close() {
    producer.close(java.time.Duration.ofSeconds(5));
  }
}
