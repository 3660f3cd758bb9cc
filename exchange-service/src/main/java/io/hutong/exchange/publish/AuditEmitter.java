package io.hutong.exchange.publish;

import io.hutong.schemas.audit.AuditAction;
import io.hutong.schemas.audit.AuditEvent;
import io.hutong.schemas.audit.Outcome;
import io.hutong.service.audit.AuditSink;
import io.hutong.service.audit.AuditTrail;
import io.hutong.service.audit.CallContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The exchange's audit events, each about one call: built by the shared {@link AuditTrail} (so they
 * look like every other service's) with the exchange's own details — records moved, the
 * subscription acted on. A publish writes its event inside its own Kafka transaction; every other
 * event goes through the service's {@link AuditSink}.
 */
@Component
public class AuditEmitter {

  private static final Logger log = LoggerFactory.getLogger(AuditEmitter.class);

  private final AuditTrail trail;
  private final AuditSink sink;

  AuditEmitter(AuditTrail trail, AuditSink sink) {
    this.trail = trail;
    this.sink = sink;
  }

  /**
   * An event for {@code action} on {@code call}; the call counts as audited from here on, since the
   * exchange records each outcome (allowed, denied, failed) itself.
   */
  public AuditEvent event(
      CallContext call,
      AuditAction action,
      Outcome outcome,
      String dataset,
      String resource,
      Long recordCount,
      String reason) {
    call.markAudited();
    var event = trail.event(call, action, outcome).recordCount(recordCount).reason(reason);
    if (dataset != null) {
      event.dataset(dataset);
    }
    if (resource != null) {
      event.resource(resource);
    }
    return event.build();
  }

  /**
   * The shared builder for {@code action} on {@code call}, for events with more than the usual
   * details (a lookup's keys, fields and result); the call counts as audited from here on.
   */
  public io.hutong.schemas.audit.AuditEvents.Builder builder(
      CallContext call, AuditAction action, Outcome outcome) {
    call.markAudited();
    return trail.event(call, action, outcome);
  }

  /**
   * Sends an event and returns once Kafka acknowledged it: for answers that disclose something.
   * Throws a 503 refusal when it cannot be recorded, so the call is not answered unrecorded.
   */
  public void acknowledged(AuditEvent event) {
    sink.appendAcknowledged(event);
  }

  /** Sends an event on its own; failures are logged (the call's answer does not wait for it). */
  public void send(AuditEvent event) {
    try {
      sink.append(event);
    } catch (RuntimeException e) {
      log.error("audit event {} could not be sent: {}", event.getId(), e.toString());
    }
  }
}
