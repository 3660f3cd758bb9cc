package io.hutong.console.access;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The catalogue's JSON shapes of access requests and grants. */
public final class AccessViews {

  private AccessViews() {}

  /**
   * An access request; {@code overdue} flags a pending one past its working-day deadline. {@code
   * fields} are asked to be read, {@code verifyFields} to be verified only (a value the consumer
   * holds checked against the provider's record, the provider's value never delivered); the {@code
   * approved…} lists and {@code lookupQuota} are the provider's decision.
   */
  public record AccessRequest(
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

    public AccessRequest {
      fields = fields == null ? List.of() : List.copyOf(fields);
      verifyFields = verifyFields == null ? List.of() : List.copyOf(verifyFields);
      approvedFields = approvedFields == null ? List.of() : List.copyOf(approvedFields);
      approvedVerifyFields =
          approvedVerifyFields == null ? List.of() : List.copyOf(approvedVerifyFields);
    }

    public boolean pending() {
      return "PENDING".equals(status);
    }
  }

  /**
   * A grant; {@code state} is LIVE, REVOKED or EXPIRED. {@code fields} may be read, {@code
   * verifyFields} only verified; {@code lookupQuota} (lookups plus verifications per UTC day) is
   * null when there is no quota.
   */
  public record Grant(
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

    public Grant {
      fields = fields == null ? List.of() : List.copyOf(fields);
      verifyFields = verifyFields == null ? List.of() : List.copyOf(verifyFields);
    }

    public boolean live() {
      return "LIVE".equals(state);
    }
  }
}
