package io.hutong.service.audit;

import io.hutong.schemas.audit.AuditAction;
import io.hutong.schemas.audit.AuditEvent;
import io.hutong.schemas.audit.AuditEvents;
import io.hutong.schemas.audit.Outcome;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The one way a service records what happened: builds each {@link AuditEvent} from the call (who,
 * what, where from, under which request id) and hands it to the service's {@link AuditSink}. A
 * refusal is recorded on a best-effort basis (the refusal needs no further answer); an allowed call
 * is recorded before it is answered, or inside its transaction when the sink is transactional.
 */
public class AuditTrail {

  private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

  private final AuditSink sink;
  private final String service;
  private final Clock clock;

  public AuditTrail(AuditSink sink, String service, Clock clock) {
    this.sink = sink;
    this.service = service;
    this.clock = clock;
  }

  /**
   * Records that the call succeeded. Inside a transaction, the call counts as audited once that
   * transaction commits; if it rolls back, the event (when the sink is transactional) goes with it
   * and the call's failure is recorded instead.
   */
  public void allowed(CallContext call) {
    allowed(call, null);
  }

  /** As {@link #allowed(CallContext)}, with the number of records that moved. */
  public void allowed(CallContext call, Long recordCount) {
    sink.append(event(call, call.action(), Outcome.ALLOWED).recordCount(recordCount).build());
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

  /**
   * An event about {@code call}, for a service that writes it itself (the exchange writes a publish
   * event in the publish's own Kafka transaction); the caller marks the call audited.
   */
  public AuditEvents.Builder event(CallContext call, AuditAction action, Outcome outcome) {
    return AuditEvents.by(service, clock.instant())
        .caller(call.caller())
        .action(action, outcome)
        .dataset(call.dataset())
        .resource(call.resource())
        .requestId(call.requestId())
        .sourceAddress(call.sourceAddress());
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
    call.markAudited();
    bestEffort(event(call, action, outcome).reason(reason).build());
  }

  /** Records a refusal by the security filters, before any controller ran. */
  public void rejectedBySecurity(HttpServletRequest request, String reason) {
    CallContext call = CallContexts.of(request);
    call.markAudited();
    bestEffort(
        event(call, AuditAction.REQUEST_REJECTED, Outcome.DENIED)
            .resource(request.getMethod() + " " + call.path())
            .reason(reason)
            .build());
  }

  /** Records something the service did on its own (e.g. a grant expiring). */
  public void bySystem(AuditAction action, String dataset, String resource, String reason) {
    sink.append(
        AuditEvents.by(service, clock.instant())
            .actor(service)
            .action(action, Outcome.ALLOWED)
            .dataset(dataset)
            .resource(resource)
            .reason(reason)
            .build());
  }

  private void bestEffort(AuditEvent event) {
    try {
      sink.append(event);
    } catch (RuntimeException e) {
      log.error("audit event {} not recorded: {}", event.getId(), e.toString());
    }
  }
}
