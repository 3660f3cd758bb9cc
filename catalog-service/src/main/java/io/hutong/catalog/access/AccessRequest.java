package io.hutong.catalog.access;

import io.hutong.catalog.rules.Text;
import io.hutong.service.failure.Refusal;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A consumer department's request to read some fields of a dataset, and its review by the provider.
 * The rules live here: a decided request cannot be decided again, approved fields are a subset of
 * the requested ones, a rejection needs a reason, an expiry must lie in the future.
 */
public final class AccessRequest {

  private final UUID id;
  private final String dataset;
  private final String provider;
  private final String consumer;
  private final String purpose;
  private final List<String> fields;
  private final String requestedBy;
  private final Instant requestedAt;
  private final Instant replyDeadline;
  private RequestStatus status;
  private String decidedBy;
  private Instant decidedAt;
  private String decisionReason;
  private List<String> approvedFields;
  private Instant validUntil;
  private UUID grantId;

  AccessRequest(
      UUID id,
      String dataset,
      String provider,
      String consumer,
      String purpose,
      List<String> fields,
      RequestStatus status,
      String requestedBy,
      Instant requestedAt,
      Instant replyDeadline,
      String decidedBy,
      Instant decidedAt,
      String decisionReason,
      List<String> approvedFields,
      Instant validUntil,
      UUID grantId) {
    this.id = id;
    this.dataset = dataset;
    this.provider = provider;
    this.consumer = consumer;
    this.purpose = purpose;
    this.fields = List.copyOf(fields);
    this.status = status;
    this.requestedBy = requestedBy;
    this.requestedAt = requestedAt;
    this.replyDeadline = replyDeadline;
    this.decidedBy = decidedBy;
    this.decidedAt = decidedAt;
    this.decisionReason = decisionReason;
    this.approvedFields = approvedFields == null ? null : List.copyOf(approvedFields);
    this.validUntil = validUntil;
    this.grantId = grantId;
  }

  /**
   * Opens a pending request.
   *
   * @param available the dataset's current top-level fields; requested ones must be among them
   */
  static AccessRequest open(
      String dataset,
      String provider,
      String consumer,
      String purpose,
      List<String> fields,
      List<String> available,
      String by,
      Instant now,
      Instant replyDeadline) {
    if (purpose == null || purpose.isBlank()) {
      throw Refusal.invalid("purpose is required: say what the data will be used for.");
    }
    Text.freeText("purpose", purpose);
    if (purpose.length() > 2000) {
      throw Refusal.invalid("purpose is limited to 2000 characters.");
    }
    if (fields == null || fields.isEmpty()) {
      throw Refusal.invalid("fields is required: name the fields of the dataset you need.");
    }
    fields.forEach(field -> Text.line("fields", field));
    Set<String> unique = new LinkedHashSet<>(fields);
    List<String> unknown = unique.stream().filter(f -> !available.contains(f)).toList();
    if (!unknown.isEmpty()) {
      throw Refusal.invalid(
          "fields " + unknown + " are not fields of " + dataset + "; it has " + available + ".");
    }
    return new AccessRequest(
        UUID.randomUUID(),
        dataset,
        provider,
        consumer,
        purpose.strip(),
        List.copyOf(unique),
        RequestStatus.PENDING,
        by,
        now,
        replyDeadline,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /**
   * Approves, issuing a grant.
   *
   * @param grantFields fields to grant; null grants every requested field
   * @param until when the grant ends; null for until revoked
   */
  Grant approve(String by, List<String> grantFields, Instant until, Instant now) {
    requirePending("approved");
    List<String> granted =
        grantFields == null ? fields : List.copyOf(new LinkedHashSet<>(grantFields));
    if (granted.isEmpty()) {
      throw Refusal.invalid("Approve at least one field, or reject the request.");
    }
    List<String> notRequested = granted.stream().filter(f -> !fields.contains(f)).toList();
    if (!notRequested.isEmpty()) {
      throw Refusal.invalid(
          "fields " + notRequested + " were not requested; approve a subset of " + fields + ".");
    }
    if (until != null && !until.isAfter(now)) {
      throw Refusal.invalid("validUntil must be in the future.");
    }
    Grant grant = Grant.issue(this, granted, until, by, now);
    this.status = RequestStatus.APPROVED;
    this.decidedBy = by;
    this.decidedAt = now;
    this.approvedFields = granted;
    this.validUntil = until;
    this.grantId = grant.id();
    return grant;
  }

  void reject(String by, String reason, Instant now) {
    requirePending("rejected");
    if (reason == null || reason.isBlank()) {
      throw Refusal.invalid("A reason is required to reject a request.");
    }
    Text.freeText("reason", reason);
    this.status = RequestStatus.REJECTED;
    this.decidedBy = by;
    this.decidedAt = now;
    this.decisionReason = reason.strip();
  }

  void withdraw(String by, Instant now) {
    requirePending("withdrawn");
    this.status = RequestStatus.WITHDRAWN;
    this.decidedBy = by;
    this.decidedAt = now;
  }

  /** A pending request past its reply deadline. */
  public boolean overdue(Instant now) {
    return status == RequestStatus.PENDING && replyDeadline != null && now.isAfter(replyDeadline);
  }

  /** 409 unless still pending: a decided request cannot be decided again. */
  void requirePending(String what) {
    if (status != RequestStatus.PENDING) {
      throw Refusal.conflict(
          "already-decided", "Request " + id + " is " + status + " and cannot be " + what + ".");
    }
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

  public String purpose() {
    return purpose;
  }

  public List<String> fields() {
    return fields;
  }

  public RequestStatus status() {
    return status;
  }

  public String requestedBy() {
    return requestedBy;
  }

  public Instant requestedAt() {
    return requestedAt;
  }

  public Instant replyDeadline() {
    return replyDeadline;
  }

  public String decidedBy() {
    return decidedBy;
  }

  public Instant decidedAt() {
    return decidedAt;
  }

  public String decisionReason() {
    return decisionReason;
  }

  public List<String> approvedFields() {
    return approvedFields;
  }

  public Instant validUntil() {
    return validUntil;
  }

  public UUID grantId() {
    return grantId;
  }
}
