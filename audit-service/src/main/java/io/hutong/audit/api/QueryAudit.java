package io.hutong.audit.api;

import io.hutong.schemas.audit.AuditAction;
import io.hutong.schemas.identity.Caller;
import io.hutong.service.audit.AuditTrail;
import io.hutong.service.audit.CallContext;
import io.hutong.service.audit.CallContexts;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;

/**
 * Audits the auditors: every query of the log is itself an audit event ({@code AUDIT_QUERIED}) that
 * lands in the log. The audit service's sink waits for Kafka's acknowledgement ({@code
 * hutong.service.audit.wait-for-acknowledgement}), so a query is answered only once its event is
 * recorded, and refused with 503 when it cannot be.
 */
@Component
class QueryAudit {

  private final AuditTrail trail;

  QueryAudit(AuditTrail trail) {
    this.trail = trail;
  }

  /** Records an allowed auditor query before it is answered. */
  void queried(Caller caller, HttpServletRequest request, String dataset) {
    String query = request.getQueryString();
    CallContext call =
        CallContexts.of(request)
            .about(
                AuditAction.AUDIT_QUERIED,
                dataset,
                request.getRequestURI() + (query == null ? "" : "?" + query));
    trail.allowed(call);
  }
}
