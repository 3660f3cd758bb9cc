package io.hutong.service.audit;

import io.hutong.schemas.audit.AuditEvent;

/**
 * Where a service's audit events go. The port every service plugs its own delivery into: the
 * catalogue writes to its transactional outbox (an event commits with its change), the exchange and
 * the audit service to Kafka. An implementation that cannot accept an event it must not lose throws
 * a {@link io.hutong.service.failure.Refusal} of kind {@code UNAVAILABLE}, so the call is refused
 * rather than answered unrecorded.
 */
@FunctionalInterface
public interface AuditSink {

  void append(AuditEvent event);

  /**
   * Appends {@code event} and returns only once it is durably recorded, for calls that disclose
   * something and must not be answered unrecorded (a lookup of a person's record). Sinks whose
   * {@link #append} already waits (an outbox in the caller's transaction) need not override it.
   */
  default void appendAcknowledged(AuditEvent event) {
    append(event);
  }
}
