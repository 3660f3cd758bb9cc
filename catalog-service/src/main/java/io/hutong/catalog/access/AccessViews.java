package io.hutong.catalog.access;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** JSON shapes of access requests and grants. */
final class AccessViews {

  private AccessViews() {}

  /**
   * An access request; {@code overdue} flags a pending request past its reply deadline. {@code
   * fields} are asked to be read and {@code verifyFields} to be verified only; the {@code
   * approved…} lists and {@code lookupQuota} are the provider's decision.
   */
  record AccessRequestView(
      UUID id,
      String dataset,
      String provider,
      String consumer,
      String purpose,
      List<String> fields,
      List<String> verifyFields,
      String status,
      String requestedBy,
      Instant requestedAt,
      Instant replyDeadline,
      boolean overdue,
      String decidedBy,
      Instant decidedAt,
      String decisionReason,
      List<String> approvedFields,
      List<String> approvedVerifyFields,
      Integer lookupQuota,
      Instant validUntil,
      UUID grantId) {

    static AccessRequestView of(AccessRequest r, Instant now) {
      return new AccessRequestView(
          r.id(),
          r.dataset(),
          r.provider(),
          r.consumer(),
          r.purpose(),
          r.fields(),
          r.verifyFields(),
          r.status().name(),
          r.requestedBy(),
          r.requestedAt(),
          r.replyDeadline(),
          r.overdue(now),
          r.decidedBy(),
          r.decidedAt(),
          r.decisionReason(),
          r.approvedFields(),
          r.approvedVerifyFields(),
          r.lookupQuota(),
          r.validUntil(),
          r.grantId());
    }
  }

  /**
   * A grant; {@code state} is LIVE, REVOKED or EXPIRED now. {@code fields} may be read, {@code
   * verifyFields} only verified; {@code lookupQuota} (lookups plus verifications per UTC day) is
   * null when there is no quota.
   */
  record GrantView(
      UUID id,
      String dataset,
      String provider,
      String consumer,
      List<String> fields,
      List<String> verifyFields,
      Integer lookupQuota,
      String purpose,
      UUID requestId,
      Instant validFrom,
      Instant validUntil,
      String state,
      String issuedBy,
      Instant revokedAt,
      String revokedBy,
      String revokeReason,
      Instant expiredAt) {

    static GrantView of(Grant g, Instant now) {
      return new GrantView(
          g.id(),
          g.dataset(),
          g.provider(),
          g.consumer(),
          g.fields(),
          g.verifyFields(),
          g.lookupQuota(),
          g.purpose(),
          g.requestId(),
          g.validFrom(),
          g.validUntil(),
          g.state(now),
          g.issuedBy(),
          g.revokedAt(),
          g.revokedBy(),
          g.revokeReason(),
          g.expiredAt());
    }
  }
}
