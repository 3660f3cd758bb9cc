package io.hutong.catalog.access;

import io.hutong.catalog.dataset.Dataset;
import io.hutong.catalog.dataset.DatasetRepository;
import io.hutong.catalog.dataset.DatasetService;
import io.hutong.catalog.dataset.SharingType;
import io.hutong.catalog.department.DepartmentRepository;
import io.hutong.catalog.rules.Enums;
import io.hutong.catalog.rules.Page;
import io.hutong.catalog.rules.Text;
import io.hutong.catalog.rules.Times;
import io.hutong.schemas.audit.AuditAction;
import io.hutong.service.audit.AuditTrail;
import io.hutong.service.audit.CallContext;
import io.hutong.service.failure.Refusal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Access requests and grants: a consumer's data-admin asks, the provider's data-admin decides.
 * Changes to one dataset's grants are serialized by locking the dataset row, so there is never more
 * than one live grant per dataset and consumer.
 */
@Service
class AccessReviewService {

  private static final java.util.regex.Pattern QUEUE_CURSOR =
      java.util.regex.Pattern.compile(
          "^\\d{4}-\\d{2}-\\d{2}T[0-9:.]+Z/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

  /** The actor of decisions the catalogue makes itself (unconditional grants, expiry). */
  static final String SYSTEM = "catalog-service";

  private final AccessRepository access;
  private final DatasetRepository datasets;
  private final DatasetService datasetService;
  private final DepartmentRepository departments;
  private final GrantEvents events;
  private final AuditTrail audit;
  private final WorkingDays workingDays;
  private final int replyWorkingDays;
  private final Clock clock;

  AccessReviewService(
      AccessRepository access,
      DatasetRepository datasets,
      DatasetService datasetService,
      DepartmentRepository departments,
      GrantEvents events,
      AuditTrail audit,
      WorkingDays workingDays,
      io.hutong.catalog.config.CatalogProperties properties,
      Clock clock) {
    this.access = access;
    this.datasets = datasets;
    this.datasetService = datasetService;
    this.departments = departments;
    this.events = events;
    this.audit = audit;
    this.workingDays = workingDays;
    this.replyWorkingDays = properties.review().replyWorkingDays();
    this.clock = clock;
  }

  @Transactional
  AccessRequest request(
      CallContext call,
      String code,
      String purpose,
      List<String> fields,
      List<String> verifyFields) {
    call.requireDataAdmin();
    String consumer = call.department();
    Dataset dataset = datasets.lock(code).orElseThrow(() -> Refusal.notFound("Dataset " + code));
    dataset.requireActive("requested");
    if (dataset.provider().equals(consumer)) {
      throw Refusal.invalid("A department does not request its own dataset.");
    }
    if (departments.find(consumer).isEmpty()) {
      throw Refusal.invalid(
          "Your department " + consumer + " is not registered with the exchange.");
    }
    if (dataset.metadata().sharingType() == SharingType.NOT_SHARED) {
      throw new Refusal(
          Refusal.Kind.UNPROCESSABLE,
          "not-shared",
          code + " is not shared. Legal basis: " + dataset.metadata().legalBasis(),
          Map.of("legalBasis", dataset.metadata().legalBasis()));
    }
    if (access.hasPending(code, consumer)) {
      throw Refusal.conflict(
          "request-pending", consumer + " already has a pending request for " + code + ".");
    }
    Instant now = Times.now(clock);
    requireNoLiveGrant(code, consumer, now);
    List<String> available = datasetService.read(code).schema().fieldNames();
    boolean unconditional = dataset.metadata().sharingType() == SharingType.UNCONDITIONAL;
    AccessRequest request =
        AccessRequest.open(
            code,
            dataset.provider(),
            consumer,
            purpose,
            fields,
            verifyFields,
            available,
            call.actor(),
            now,
            unconditional ? null : workingDays.deadline(now, replyWorkingDays));
    call.concerning(code, "access-request:" + request.id());
    if (unconditional) {
      Grant grant = request.approve(SYSTEM, Approval.asRequested(), now);
      access.insert(request);
      access.insert(grant);
      events.issued(grant, SYSTEM);
      audit.bySystem(
          AuditAction.ACCESS_APPROVED, code, "grant:" + grant.id(), "unconditional sharing");
    } else {
      access.insert(request);
    }
    audit.allowed(call);
    return request;
  }

  @Transactional
  Grant approve(CallContext call, UUID id, Approval decision) {
    AccessRequest request = lockVisible(call, id);
    call.requireDataAdminOf(
        request.provider(), "decide requests for datasets of " + request.provider());
    request.requirePending("approved");
    Dataset dataset =
        datasets
            .lock(request.dataset())
            .orElseThrow(() -> Refusal.notFound("Dataset " + request.dataset()));
    // The dataset may have changed since the request: no grants for retired or unshared data.
    dataset.requireActive("granted");
    if (dataset.metadata().sharingType() == SharingType.NOT_SHARED) {
      throw new Refusal(
          Refusal.Kind.CONFLICT,
          "not-shared",
          request.dataset()
              + " is no longer shared; reject the request instead. Legal basis: "
              + dataset.metadata().legalBasis());
    }
    Instant now = Times.now(clock);
    requireNoLiveGrant(request.dataset(), request.consumer(), now);
    Grant grant = request.approve(call.actor(), decision, now);
    access.updateDecision(request);
    access.insert(grant);
    events.issued(grant, call.actor());
    call.concerning(null, "access-request:" + id + " grant:" + grant.id());
    audit.allowed(call);
    return grant;
  }

  @Transactional
  AccessRequest reject(CallContext call, UUID id, String reason) {
    AccessRequest request = lockVisible(call, id);
    call.requireDataAdminOf(
        request.provider(), "decide requests for datasets of " + request.provider());
    request.reject(call.actor(), reason, Times.now(clock));
    access.updateDecision(request);
    audit.allowed(call);
    return request;
  }

  @Transactional
  AccessRequest withdraw(CallContext call, UUID id) {
    AccessRequest request = lockVisible(call, id);
    call.requireDataAdminOf(request.consumer(), "withdraw requests of " + request.consumer());
    request.withdraw(call.actor(), Times.now(clock));
    access.updateDecision(request);
    audit.allowed(call);
    return request;
  }

  @Transactional
  Grant revoke(CallContext call, UUID id, String reason) {
    call.requireDataAdmin();
    Grant grant = access.lockGrant(id).orElseThrow(() -> Refusal.notFound("Grant " + id));
    if (!call.caller().belongsTo(grant.provider()) && !call.caller().belongsTo(grant.consumer())) {
      throw Refusal.notFound("Grant " + id);
    }
    call.concerning(grant.dataset(), "grant:" + id);
    call.requireDataAdminOf(grant.provider(), "revoke grants of " + grant.provider());
    grant.revoke(call.actor(), reason, Times.now(clock));
    access.updateEnd(grant);
    events.revoked(grant, call.actor());
    audit.allowed(call);
    return grant;
  }

  /**
   * Records the expiry of grants whose validity has passed. They already stopped counting at {@code
   * validUntil}; this publishes the fact. Returns how many it recorded.
   */
  @Transactional
  int recordExpiries(int limit) {
    Instant now = Times.now(clock);
    List<Grant> due = access.lockDueForExpiry(now, limit);
    for (Grant grant : due) {
      expire(grant, now);
    }
    return due.size();
  }

  /** 409 if the pair has a live grant; records the expiry of one whose validity has passed. */
  private void requireNoLiveGrant(String dataset, String consumer, Instant now) {
    access
        .lockUnended(dataset, consumer)
        .ifPresent(
            grant -> {
              if (grant.isLive(now)) {
                throw Refusal.conflict(
                    "already-granted",
                    consumer + " already holds live grant " + grant.id() + " for " + dataset + ".");
              }
              expire(grant, now);
            });
  }

  private void expire(Grant grant, Instant now) {
    if (grant.markExpired(now)) {
      access.updateEnd(grant);
      events.expired(grant, SYSTEM);
      audit.bySystem(
          AuditAction.GRANT_EXPIRED, grant.dataset(), "grant:" + grant.id(), "validUntil passed");
    }
  }

  /** The request, if the caller's department is a party to it; 404 otherwise (it is private). */
  private AccessRequest lockVisible(CallContext call, UUID id) {
    call.requireDataAdmin();
    AccessRequest request =
        access.lockRequest(id).orElseThrow(() -> Refusal.notFound("Access request " + id));
    if (!call.caller().belongsTo(request.provider())
        && !call.caller().belongsTo(request.consumer())) {
      throw Refusal.notFound("Access request " + id);
    }
    call.concerning(request.dataset(), "access-request:" + id);
    return request;
  }

  /** A data-admin's queue: requests where their department is the provider or the consumer. */
  Page<AccessRequest> queue(
      CallContext call, String side, String status, Integer limit, String cursor) {
    call.requireDataAdmin();
    if (!"provider".equals(side) && !"consumer".equals(side)) {
      throw Refusal.invalid("side must be provider or consumer.");
    }
    RequestStatus wanted = Enums.parseOptional(RequestStatus.class, status, "status");
    int size = Page.limit(limit);
    String after = Page.decode(cursor);
    if (after != null && !QUEUE_CURSOR.matcher(after).matches()) {
      throw new Refusal(Refusal.Kind.MALFORMED, "malformed-request", "cursor is not valid.");
    }
    List<AccessRequest> rows = access.queue(side, call.department(), wanted, after, size + 1);
    return Page.of(rows, size, r -> r.requestedAt() + "/" + r.id());
  }

  /** Grants where the caller's department is provider or consumer; live ones unless {@code all}. */
  Page<Grant> grants(
      CallContext call,
      String dataset,
      String consumer,
      boolean all,
      Integer limit,
      String cursor) {
    call.requireDataAdmin();
    Text.line("dataset", dataset);
    Text.line("consumer", consumer);
    int size = Page.limit(limit);
    String after = Page.decode(cursor);
    if (after != null) {
      try {
        UUID.fromString(after);
      } catch (IllegalArgumentException e) {
        throw Refusal.invalid("cursor is not valid.");
      }
    }
    List<Grant> rows =
        access.grants(
            call.department(), dataset, consumer, all ? null : Times.now(clock), after, size + 1);
    return Page.of(rows, size, g -> g.id().toString());
  }

  Instant now() {
    return Times.now(clock);
  }
}
