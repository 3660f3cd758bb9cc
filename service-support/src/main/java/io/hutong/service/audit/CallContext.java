package io.hutong.service.audit;

import io.hutong.schemas.audit.AuditAction;
import io.hutong.schemas.identity.Caller;
import io.hutong.schemas.identity.HutongRole;
import io.hutong.service.failure.Refusal;

/**
 * One API call: who makes it, under which request id, from where — and what it is about, so that
 * its audit event can be written whatever the outcome. Controllers take it as a parameter and name
 * the action ({@link Audited} or {@link #about}); services below them receive it instead of any
 * HTTP type, and audit through {@link AuditTrail}.
 */
public final class CallContext {

  private final Caller caller;
  private final String requestId;
  private final String sourceAddress;
  private final String path;
  private AuditAction action;
  private String dataset;
  private String resource;
  private String refusalReason;
  private volatile boolean audited;

  public CallContext(Caller caller, String requestId, String sourceAddress, String path) {
    this.caller = caller;
    this.requestId = requestId;
    this.sourceAddress = sourceAddress;
    this.path = path;
  }

  /** Names what this call does; its audit event carries these. Returns this for chaining. */
  public CallContext about(AuditAction action, String dataset, String resource) {
    this.action = action;
    this.dataset = dataset;
    this.resource = resource;
    return this;
  }

  /** Refines the dataset or resource once known (e.g. after a request was looked up). */
  public void concerning(String dataset, String resource) {
    if (dataset != null) {
      this.dataset = dataset;
    }
    if (resource != null) {
      this.resource = resource;
    }
  }

  /** The authenticated caller; null only on refusals before authentication. */
  public Caller caller() {
    return caller;
  }

  public String department() {
    return caller.department();
  }

  public String actor() {
    return caller.actor();
  }

  public String requestId() {
    return requestId;
  }

  public String sourceAddress() {
    return sourceAddress;
  }

  public String path() {
    return path;
  }

  public AuditAction action() {
    return action;
  }

  public String dataset() {
    return dataset;
  }

  public String resource() {
    return resource == null ? path : resource;
  }

  /** Requires the data-admin role; a refusal otherwise. */
  public void requireDataAdmin() {
    require(HutongRole.DATA_ADMIN, "Only data administrators may do this.");
  }

  /** Requires {@code role}; a 403 refusal with {@code detail} otherwise. */
  public void require(HutongRole role, String detail) {
    if (caller == null || !caller.has(role)) {
      throw Refusal.forbidden(detail);
    }
  }

  /** Requires the caller to be a data-admin of {@code department}. */
  public void requireDataAdminOf(String department, String what) {
    requireDataAdmin();
    if (!caller.belongsTo(department)) {
      throw Refusal.forbidden(
          "Only data administrators of "
              + department
              + " may "
              + what
              + "; you act for "
              + caller.department()
              + ".");
    }
  }

  String refusalReason() {
    return refusalReason;
  }

  /** Set by the error handling: the detail of the problem this call was answered with. */
  public void refusedBecause(String reason) {
    this.refusalReason = reason;
  }

  /** Whether the call's event was written already (by the service, in its transaction). */
  public boolean audited() {
    return audited;
  }

  /** Marks the call's event as written, so completion does not write a second one. */
  public void markAudited() {
    this.audited = true;
  }
}
