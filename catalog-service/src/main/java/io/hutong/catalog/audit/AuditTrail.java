package io.hutong.catalog.audit;

import io.hutong.catalog.events.Outbox;
import io.hutong.catalog.rules.Times;
import io.hutong.schemas.audit.AuditAction;
import io.hutong.schemas.audit.AuditEvent;
import io.hutong.schemas.audit.AuditLimits;
import io.hutong.schemas.audit.AuditTopics;
import io.hutong.schemas.audit.Outcome;
import io.hutong.schemas.identity.HutongRole;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes {@link AuditEvent}s through the outbox, so an audit event is as durable as the change it
 * records: a change's event commits in the change's own transaction; reads and refusals are written
 * in a short transaction of their own when the call completes.
 */
@Component
public class AuditTrail {

  static final String SERVICE = "catalog-service";

  private final Outbox outbox;
  private final Clock clock;
  private final TransactionTemplate transactions;

  AuditTrail(Outbox outbox, Clock clock, TransactionTemplate transactions) {
    this.outbox = outbox;
    this.clock = clock;
    this.transactions = transactions;
  }

  /**
   * Records, inside the current transaction, that the call succeeded. If that transaction rolls
   * back, the event goes with it and the call's failure is recorded instead.
   */
  public void allowed(CallContext call) {
    append(call, call.action(), Outcome.ALLOWED, null);
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              call.markAudited();
            }
          });
    } else {
      call.markAudited();
    }
  }

  /** Records a call the service did not audit itself, from its HTTP status. */
  void completed(CallContext call, int status) {
    if (call.audited() || (call.action() == null && status < 400)) {
      return;
    }
    AuditAction action = call.action() == null ? AuditAction.REQUEST_REJECTED : call.action();
    Outcome outcome =
        status < 400 ? Outcome.ALLOWED : status >= 500 ? Outcome.FAILED : Outcome.DENIED;
    String reason = outcome == Outcome.ALLOWED ? null : call.refusalReason();
    transactions.executeWithoutResult(tx -> append(call, action, outcome, reason));
    call.markAudited();
  }

  /** Records a refusal by the security filters, before any controller ran. */
  void rejectedBySecurity(CallContext call, String reason) {
    transactions.executeWithoutResult(
        tx -> append(call, AuditAction.REQUEST_REJECTED, Outcome.DENIED, reason));
  }

  /**
   * Records something the catalogue did on its own (e.g. a grant expiring), in the current
   * transaction.
   */
  public void bySystem(AuditAction action, String dataset, String resource, String reason) {
    AuditEvent event =
        AuditEvent.newBuilder()
            .setId(UUID.randomUUID())
            .setTime(Times.now(clock))
            .setService(SERVICE)
            .setActor(SERVICE)
            .setDepartment(null)
            .setRoles(List.of())
            .setAction(action.name())
            .setDataset(dataset)
            .setResource(resource)
            .setOutcome(Outcome.ALLOWED)
            .setRecordCount(null)
            .setRequestId(null)
            .setSourceAddress(null)
            .setReason(reason)
            .build();
    write(event);
  }

  private void append(CallContext call, AuditAction action, Outcome outcome, String reason) {
    AuditEvent event =
        AuditEvent.newBuilder()
            .setId(UUID.randomUUID())
            .setTime(Times.now(clock))
            .setService(SERVICE)
            .setActor(call.caller() == null ? null : call.actor())
            .setDepartment(call.caller() == null ? null : call.department())
            .setRoles(
                call.caller() == null
                    ? List.of()
                    : call.caller().roles().stream().map(HutongRole::claimValue).sorted().toList())
            .setAction(action.name())
            .setDataset(AuditLimits.datasetOrNull(call.dataset()))
            .setResource(AuditLimits.bound(call.resource(), AuditLimits.RESOURCE))
            .setOutcome(outcome)
            .setRecordCount(null)
            .setRequestId(call.requestId())
            .setSourceAddress(AuditLimits.bound(call.sourceAddress(), AuditLimits.NAME))
            .setReason(AuditLimits.bound(reason, AuditLimits.REASON))
            .build();
    write(event);
  }

  private void write(AuditEvent event) {
    try {
      ByteBuffer bytes = event.toByteBuffer();
      byte[] payload = new byte[bytes.remaining()];
      bytes.get(payload);
      outbox.append(AuditTopics.EVENTS, event.getId().toString(), payload);
    } catch (IOException e) {
      throw new UncheckedIOException("could not encode audit event", e);
    }
  }
}
