package io.hutong.schemas.audit;

/** Topic names owned by the audit service; every service produces {@link AuditEvent}s to them. */
public final class AuditTopics {

  /** Every access decision of every service, as {@link AuditEvent}, keyed by event id. */
  public static final String EVENTS = "hutong.audit.events";

  private AuditTopics() {}
}
