package io.hutong.console.access;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The catalogue's JSON shapes of access requests and grants. */
public final class AccessViews {

  private AccessViews() {}

  /** An access request; {@code overdue} flags a pending one past its working-day deadline. */
  public record AccessRequest(
      UUID id,
      String dataset,
      String provider,
      String consumer,
      String purpose,
      List<String> fields,
      String status,
      String requestedBy,
      Instant requestedAt,
      Instant replyDeadline,
      boolean overdue,
      String decidedBy,
      Instant decidedAt,
      String decisionReason,
      List<String> approvedFields,
      Instant validUntil,
      UUID grantId) {

    public AccessRequest {
      fields = fields == null ? List.of() : List.copyOf(fields);
      approvedFields = approvedFields == null ? List.of() : List.copyOf(approvedFields);
    }

    public boolean pending() {
      return "PENDING".equals(status);
    }
  }

  /** A grant; {@code state} is LIVE, REVOKED or EXPIRED. */
  public record Grant(
      UUID id,
      String dataset,
      String provider,
      String consumer,
      List<String> fields,
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
    }

    public boolean live() {
      return "LIVE".equals(state);
    }
  }
}
