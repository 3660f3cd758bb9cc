package io.hutong.catalog.access;

import io.hutong.catalog.rules.Text;
import io.hutong.service.failure.Refusal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Permission for a consumer department to read some fields of a dataset ({@code fields}) and to
 * verify others ({@code verifyFields}: check a value it holds against the provider's record without
 * receiving the provider's value), optionally within a daily lookup quota that the exchange
 * enforces. A grant is live until it is revoked or its {@code validUntil} passes — the latter needs
 * nobody to act.
 */
public final class Grant {

  private final UUID id;
  private final String dataset;
  private final String provider;
  private final String consumer;
  private final List<String> fields;
  private final List<String> verifyFields;
  private final Integer lookupQuota;
  private final String purpose;
  private final UUID requestId;
  private final Instant validFrom;
  private final Instant validUntil;
  private final String issuedBy;
  private Instant revokedAt;
  private String revokedBy;
  private String revokeReason;
  private Instant expiredAt;

  Grant(
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
      String issuedBy,
      Instant revokedAt,
      String revokedBy,
      String revokeReason,
      Instant expiredAt) {
    this.id = id;
    this.dataset = dataset;
    this.provider = provider;
    this.consumer = consumer;
    this.fields = List.copyOf(fields);
    this.verifyFields = List.copyOf(verifyFields);
    this.lookupQuota = lookupQuota;
    this.purpose = purpose;
    this.requestId = requestId;
    this.validFrom = validFrom;
    this.validUntil = validUntil;
    this.issuedBy = issuedBy;
    this.revokedAt = revokedAt;
    this.revokedBy = revokedBy;
    this.revokeReason = revokeReason;
    this.expiredAt = expiredAt;
  }

  static Grant issue(
      AccessRequest request,
      List<String> fields,
      List<String> verifyFields,
      Integer lookupQuota,
      Instant until,
      String by,
      Instant now) {
    return new Grant(
        UUID.randomUUID(),
        request.dataset(),
        request.provider(),
        request.consumer(),
        fields,
        verifyFields,
        lookupQuota,
        request.purpose(),
        request.id(),
        now,
        until,
        by,
        null,
        null,
        null,
        null);
  }

  /** Live: neither revoked nor expired at {@code now}. */
  public boolean isLive(Instant now) {
    return revokedAt == null
        && expiredAt == null
        && (validUntil == null || now.isBefore(validUntil));
  }

  void revoke(String by, String reason, Instant now) {
    if (reason == null || reason.isBlank()) {
      throw Refusal.invalid("A reason is required to revoke a grant.");
    }
    Text.freeText("reason", reason);
    if (!isLive(now)) {
      throw Refusal.conflict(
          "grant-not-live",
          "Grant " + id + " is already " + (revokedAt != null ? "revoked" : "expired") + ".");
    }
    this.revokedAt = now;
    this.revokedBy = by;
    this.revokeReason = reason.strip();
  }

  /** Records that the validity ended; true if this changed anything. */
  boolean markExpired(Instant now) {
    if (revokedAt != null || expiredAt != null || validUntil == null || now.isBefore(validUntil)) {
      return false;
    }
    this.expiredAt = now;
    return true;
  }

  public UUID id() {
    return id;
  }

  public String dataset() {
    return dataset;
  }

  public String provider() {
    return provider;
  }

  public String consumer() {
    return consumer;
  }

  public List<String> fields() {
    return fields;
  }

  /** Fields the consumer may verify but not read. */
  public List<String> verifyFields() {
    return verifyFields;
  }

  /** Lookups plus verifications allowed per UTC day; null for no quota. */
  public Integer lookupQuota() {
    return lookupQuota;
  }

  public String purpose() {
    return purpose;
  }

  public UUID requestId() {
    return requestId;
  }

  public Instant validFrom() {
    return validFrom;
  }

  public Instant validUntil() {
    return validUntil;
  }

  public String issuedBy() {
    return issuedBy;
  }

  public Instant revokedAt() {
    return revokedAt;
  }

  public String revokedBy() {
    return revokedBy;
  }

  public String revokeReason() {
    return revokeReason;
  }

  public Instant expiredAt() {
    return expiredAt;
  }

  /** LIVE, REVOKED or EXPIRED at {@code now}. */
  public String state(Instant now) {
    if (revokedAt != null) {
      return "REVOKED";
    }
    return isLive(now) ? "LIVE" : "EXPIRED";
  }
}
