package io.hutong.catalog.events;

import io.hutong.schemas.audit.AuditEvent;
import io.hutong.schemas.audit.AuditEvents;
import io.hutong.schemas.audit.AuditTopics;
import io.hutong.service.audit.AuditSink;
import org.springframework.stereotype.Component;

/**
 * The catalogue's audit sink: events go through the transactional outbox, so an audit event is as
 * durable as the change it records — a change's event commits in the change's own transaction, and
 * reads and refusals commit on their own when the call completes.
 */
@Component
class OutboxAuditSink implements AuditSink {

  private final Outbox outbox;

  OutboxAuditSink(Outbox outbox) {
    this.outbox = outbox;
  }

  @Override
  public void append(AuditEvent event) {
    outbox.append(AuditTopics.EVENTS, event.getId().toString(), AuditEvents.encode(event));
  }
}
