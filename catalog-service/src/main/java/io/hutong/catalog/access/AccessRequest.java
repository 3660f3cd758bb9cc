package io.hutong.catalog.access;

import io.hutong.catalog.rules.Text;
import io.hutong.service.failure.Refusal;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A consumer department's request for some fields of a dataset, and its review by the provider.
 * Each field is asked for in one of two modes: to <em>read</em> ({@code fields}: the values are
 * delivered) or to <em>verify</em> ({@code verifyFields}: the consumer may check a value it already
 * holds against the provider's record but never receives the provider's value). The rules live
 * here: a field is named in one mode only, a decided request cannot be decided again, approved
 * fields of each mode are a subset of the ones requested in that mode, a lookup quota is positive,
 * a rejection needs a reason, an expiry must lie in the future.
 */
public final class AccessRequest {

  private final UUID id;
  private final String dataset;
  private final String provider;
  private final String consumer;
  private final String purpose;
  private final List<String> fields;
  private final List<String> verifyFields;
  private final String requestedBy;
  private final Instant requestedAt;
  private final Instant replyDeadline;
  private RequestStatus status;
  private String decidedBy;
  private Instant decidedAt;
  private String decisionReason;
  private List<String> approvedFields;
  private List<String> approvedVerifyFields;
  private Integer lookupQuota;
  private Instant validUntil;
  private UUID grantId;

  AccessRequest(
      UUID id,
      String dataset,
      String provider,
      String consumer,
      String purpose,
      List<String> fields,
      List<String> verifyFields,
      RequestStatus status,
      String requestedBy,
      Instant requestedAt,
      Instant replyDeadline,
      String decidedBy,
      Instant decidedAt,
      String decisionReason,
      List<String> approvedFields,
      List<String> approvedVerifyFields,
      Integer lookupQuota,
      Instant validUntil,
      UUID grantId) {
    this.id = id;
    this.dataset = dataset;
    this.provider = provider;
    this.consumer = consumer;
    this.purpose = purpose;
    this.fields = List.copyOf(fields);
    this.verifyFields = List.copyOf(verifyFields);
    this.status = status;
    this.requestedBy = requestedBy;
    this.requestedAt = requestedAt;
    this.replyDeadline = replyDeadline;
    this.decidedBy = decidedBy;
    this.decidedAt = decidedAt;
    this.decisionReason = decisionReason;
    this.approvedFields = approvedFields == null ? null : List.copyOf(approvedFields);
    this.approvedVerifyFields =
        approvedVerifyFields == null ? null : List.copyOf(approvedVerifyFields);
    this.lookupQuota = lookupQuota;
    this.validUntil = validUntil;
    this.grantId = grantId;
  }

  /**
   * Opens a pending request.
   *
   * @param fields fields to read; null or empty when only verifying
   * @param verifyFields fields to verify only; null or empty when only reading
   * @param available the dataset's current top-level fields; requested ones must be among them
   */
  static AccessRequest open(
      String dataset,
      String provider,
      String consumer,
      String purpose,
      List<String> fields,
      List<String> verifyFields,
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
    List<String> read = distinct("fields", fields);
    List<String> verify = distinct("verifyFields", verifyFields);
    if (read.isEmpty() && verify.isEmpty()) {
      throw Refusal.invalid(
          "fields or verifyFields is required: name the fields of the dataset you need to read,"
              + " or to verify against the provider's record.");
    }
    requireKnown("fields", read, dataset, available);
    requireKnown("verifyFields", verify, dataset, available);
    List<String> both = read.stream().filter(verify::contains).toList();
    if (!both.isEmpty()) {
      throw Refusal.invalid(
          "fields "
              + both
              + " are named in both fields and verifyFields; ask to read a field or to verify it,"
              + " not both.");
    }
    return new AccessRequest(
        UUID.randomUUID(),
        dataset,
        provider,
        consumer,
        purpose.strip(),
        read,
        verify,
        RequestStatus.PENDING,
        by,
        now,
        replyDeadline,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** Approves, issuing a grant of the decided subsets of the requested fields of each mode. */
  Grant approve(String by, Approval decision, Instant now) {
    requirePending("approved");
    List<String> read = granted("fields", decision.fields(), fields);
    List<String> verify = granted("verifyFields", decision.verifyFields(), verifyFields);
    if (read.isEmpty() && verify.isEmpty()) {
      throw Refusal.invalid("Approve at least one field, or reject the request.");
    }
    Integer quota = decision.lookupQuota();
    if (quota != null && quota < 1) {
      throw Refusal.invalid(Approval.QUOTA_RULE);
    }
    Instant until = decision.validUntil();
    if (until != null && !until.isAfter(now)) {
      throw Refusal.invalid("validUntil must be in the future.");
    }
    Grant grant = Grant.issue(this, read, verify, quota, until, by, now);
    this.status = RequestStatus.APPROVED;
    this.decidedBy = by;
    this.decidedAt = now;
    this.approvedFields = read;
    this.approvedVerifyFields = verify;
    this.lookupQuota = quota;
    this.validUntil = until;
    this.grantId = grant.id();
    return grant;
  }

  /** The approved subset of one mode's requested fields: all of them when none were chosen. */
  private static List<String> granted(String what, List<String> chosen, List<String> requested) {
    if (chosen == null) {
      return requested;
    }
    List<String> granted = distinct(what, chosen);
    List<String> notRequested = granted.stream().filter(f -> !requested.contains(f)).toList();
    if (!notRequested.isEmpty()) {
      throw Refusal.invalid(
          what
              + " "
              + notRequested
              + " were not requested in "
              + what
              + "; approve a subset of "
              + requested
              + ", the fields requested in that mode.");
    }
    return granted;
  }

  /** The names once each, in order; a 422 for a null or unclean name. */
  private static List<String> distinct(String what, List<String> names) {
    if (names == null) {
      return List.of();
    }
    Set<String> unique = new LinkedHashSet<>();
    for (String name : names) {
      if (name == null) {
        throw Refusal.invalid(what + " may not hold null.");
      }
      unique.add(Text.line(what, name));
    }
    return List.copyOf(unique);
  }

  private static void requireKnown(
      String what, List<String> names, String dataset, List<String> available) {
    List<String> unknown = names.stream().filter(f -> !available.contains(f)).toList();
    if (!unknown.isEmpty()) {
      throw Refusal.invalid(
          what + " " + unknown + " are not fields of " + dataset + "; it has " + available + ".");
    }
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

  public List<String> verifyFields() {
    return verifyFields;
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

  public List<String> approvedVerifyFields() {
    return approvedVerifyFields;
  }

  public Integer lookupQuota() {
    return lookupQuota;
  }

  public Instant validUntil() {
    return validUntil;
  }

  public UUID grantId() {
    return grantId;
  }
}
