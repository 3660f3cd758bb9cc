package io.hutong.catalog.access;

import io.hutong.catalog.access.AccessViews.AccessRequestView;
import io.hutong.catalog.access.AccessViews.GrantView;
import io.hutong.catalog.rules.Page;
import io.hutong.catalog.rules.Times;
import io.hutong.schemas.audit.AuditAction;
import io.hutong.service.audit.Audited;
import io.hutong.service.audit.CallContext;
import io.hutong.service.failure.Refusal;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Access requests and grants of {@code /api/catalog/v1}. */
@RestController
@RequestMapping("/api/catalog/v1")
class AccessController {

  private final AccessReviewService review;

  AccessController(AccessReviewService review) {
    this.review = review;
  }

  @PostMapping("/datasets/{code}/access-requests")
  @Audited(AuditAction.ACCESS_REQUESTED)
  ResponseEntity<AccessRequestView> request(
      CallContext call, @PathVariable String code, @RequestBody RequestAccess body) {
    AccessRequest request =
        review.request(call, code, body.purpose(), body.fields(), body.verifyFields());
    return ResponseEntity.status(HttpStatus.CREATED)
        .location(URI.create("/api/catalog/v1/access-requests/" + request.id()))
        .body(AccessRequestView.of(request, review.now()));
  }

  @GetMapping("/access-requests")
  @Audited(AuditAction.CATALOG_SEARCHED)
  Page<AccessRequestView> queue(
      CallContext call,
      @RequestParam(required = false) String side,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    Instant now = review.now();
    return review.queue(call, side, status, limit, cursor).map(r -> AccessRequestView.of(r, now));
  }

  @PostMapping("/access-requests/{id}/approve")
  @Audited(AuditAction.ACCESS_APPROVED)
  GrantView approve(
      CallContext call, @PathVariable String id, @RequestBody(required = false) Approve body) {
    Approve decision = body == null ? new Approve(null, null, null, null) : body;
    return GrantView.of(
        review.approve(
            call,
            uuid(id),
            new Approval(
                decision.fields(),
                decision.verifyFields(),
                quota(decision.lookupQuota()),
                instant(decision.validUntil()))),
        review.now());
  }

  @PostMapping("/access-requests/{id}/reject")
  @Audited(AuditAction.ACCESS_REJECTED)
  AccessRequestView reject(CallContext call, @PathVariable String id, @RequestBody Reject body) {
    return AccessRequestView.of(review.reject(call, uuid(id), body.reason()), review.now());
  }

  @PostMapping("/access-requests/{id}/withdraw")
  @Audited(AuditAction.ACCESS_WITHDRAWN)
  AccessRequestView withdraw(CallContext call, @PathVariable String id) {
    return AccessRequestView.of(review.withdraw(call, uuid(id)), review.now());
  }

  @GetMapping("/grants")
  @Audited(AuditAction.CATALOG_SEARCHED)
  Page<GrantView> grants(
      CallContext call,
      @RequestParam(required = false) String dataset,
      @RequestParam(required = false) String consumer,
      @RequestParam(required = false) String state,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    if (state != null && !state.equals("live") && !state.equals("all")) {
      throw Refusal.invalid("state must be live (default) or all.");
    }
    Instant now = review.now();
    return review
        .grants(call, dataset, consumer, "all".equals(state), limit, cursor)
        .map(g -> GrantView.of(g, now));
  }

  @PostMapping("/grants/{id}/revoke")
  @Audited(AuditAction.GRANT_REVOKED)
  GrantView revoke(CallContext call, @PathVariable String id, @RequestBody Revoke body) {
    return GrantView.of(review.revoke(call, uuid(id), body.reason()), review.now());
  }

  private static UUID uuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw Refusal.notFound("'" + id + "'");
    }
  }

  private static Instant instant(String value) {
    return Times.parse("validUntil", value);
  }

  /**
   * The quota as a whole number; 422 for anything else (a fraction, a string), which Jackson would
   * otherwise truncate or coerce into a quota nobody set. Its range is the aggregate's rule.
   */
  private static Integer quota(JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw Refusal.invalid(Approval.QUOTA_RULE);
    }
    return value.intValue();
  }

  /**
   * Body of a request for access: fields to read and fields to verify only (either may be absent).
   */
  record RequestAccess(String purpose, List<String> fields, List<String> verifyFields) {}

  /**
   * Body of an approval: fields and verifyFields (each default: all requested in that mode),
   * lookupQuota (default: none) and validUntil (default: until revoked).
   */
  record Approve(
      List<String> fields,
      List<String> verifyFields,
      @Schema(
              implementation = Integer.class,
              minimum = "1",
              description = "Lookups plus verifications per UTC day; absent for no quota.")
          JsonNode lookupQuota,
      String validUntil) {}

  /** Body of a rejection. */
  record Reject(String reason) {}

  /** Body of a revocation. */
  record Revoke(String reason) {}
}
