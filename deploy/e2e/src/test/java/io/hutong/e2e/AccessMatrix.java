package io.hutong.e2e;

import static io.hutong.deploy.server.LocalIdentity.AUDITOR;
import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS;
import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_SYSTEM;
import static io.hutong.deploy.server.LocalIdentity.HUMAN_RESOURCES_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.PLATFORM_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY_SYSTEM;

import io.hutong.deploy.server.LocalIdentity;
import io.hutong.schemas.audit.AuditAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Who may call what, through the gateway: every call of the API contract (ARCHITECTURE.md, and the
 * {@code /me} each service added) with, for each local identity, the probe to send and the outcome
 * the contract expects — the catalogue's rows agree with catalog-service's AuthorizationMatrixIT.
 * Provider is civil-affairs, consumer public-security, human-resources a third party.
 */
final class AccessMatrix {

  private static final String CATALOG = "/api/catalog/v1";
  private static final String EXCHANGE = "/api/exchange/v1";
  private static final String AUDIT = "/api/audit/v1";

  private AccessMatrix() {}

  /** What a cell must get: ALLOWED with the probe's exact status, DENIED 403, HIDDEN 404. */
  record Expect(String label, int status) {
    static final Expect DENIED = new Expect("DENIED", 403);

    /** Another department's or client's resource whose existence is private (contract). */
    static final Expect HIDDEN = new Expect("HIDDEN", 404);

    static Expect allowed(int status) {
      return new Expect("ALLOWED", status);
    }

    boolean refused() {
      return this.equals(DENIED) || this.equals(HIDDEN);
    }
  }

  /** A request to send: path (query included), JSON body or null, extra headers. */
  record Probe(String path, Object body, Map<String, String> headers) {

    Probe(String path, Object body) {
      this(path, body, Map.of());
    }
  }

  /**
   * One call of the contract.
   *
   * @param name method and path template, e.g. {@code PATCH /api/catalog/v1/datasets/{code}}
   * @param method HTTP method
   * @param stream true for {@code text/event-stream}, which is opened and closed at once
   * @param refusedBy who answers a refusal and audits it: {@link E2ePlatform#GATEWAY} for the audit
   *     routes, else the service
   * @param refusalAction the action of the refusal's audit event; null when the service records
   *     none of its own (any action is then accepted)
   * @param probe the request each identity sends
   * @param expect the outcome each identity must get
   */
  record Endpoint(
      String name,
      String method,
      boolean stream,
      String refusedBy,
      AuditAction refusalAction,
      Function<LocalIdentity, Probe> probe,
      Function<LocalIdentity, Expect> expect) {}

  /** Every endpoint, acting on {@code f}'s resources. */
  static List<Endpoint> endpoints(MatrixFixture f) {
    List<Endpoint> all = new ArrayList<>();
    all.addAll(catalog(f));
    all.addAll(access(f));
    all.addAll(exchange(f));
    all.addAll(audit(f));
    return all;
  }

  private static List<Endpoint> catalog(MatrixFixture f) {
    String dataset = CATALOG + "/datasets/" + f.dataset();
    return List.of(
        catalog(
            "POST /departments",
            AuditAction.DEPARTMENT_CREATED,
            who ->
                new Probe(CATALOG + "/departments", Map.of("code", "mx-" + random(), "name", "x")),
            only(201, PLATFORM_ADMIN)),
        catalog(
            "GET /departments",
            AuditAction.CATALOG_SEARCHED,
            at(CATALOG + "/departments"),
            everyone(200)),
        catalog(
            "POST /datasets [civil-affairs.*]",
            AuditAction.DATASET_REGISTERED,
            who ->
                new Probe(
                    CATALOG + "/datasets", Marriages.registration(Marriages.code(CIVIL_AFFAIRS))),
            only(201, CIVIL_AFFAIRS_ADMIN)),
        catalog(
            "POST /datasets [own department's]",
            AuditAction.DATASET_REGISTERED,
            who ->
                new Probe(
                    CATALOG + "/datasets",
                    Marriages.registration(Marriages.code(who.department()))),
            dataAdmins(201)),
        catalog(
            "GET /datasets?q=",
            AuditAction.CATALOG_SEARCHED,
            at(CATALOG + "/datasets?q=security-matrix&provider=civil-affairs"),
            everyone(200)),
        catalog("GET /datasets/{code}", AuditAction.DATASET_READ, at(dataset), everyone(200)),
        catalog(
            "PATCH /datasets/{code}",
            AuditAction.DATASET_UPDATED,
            who -> new Probe(dataset, Map.of("description", "edited by " + who.name())),
            only(200, CIVIL_AFFAIRS_ADMIN)),
        catalog(
            "POST /datasets/{code}/retire",
            AuditAction.DATASET_RETIRED,
            who ->
                new Probe(
                    CATALOG + "/datasets/" + f.retirable() + "/retire",
                    Map.of("reason", "security matrix")),
            only(200, CIVIL_AFFAIRS_ADMIN)),
        catalog(
            "POST /datasets/{code}/schemas",
            AuditAction.SCHEMA_VERSION_ADDED,
            who ->
                new Probe(
                    CATALOG + "/datasets/" + f.evolvable() + "/schemas",
                    Marriages.schemaWithDistrict()),
            only(201, CIVIL_AFFAIRS_ADMIN)),
        catalog(
            "GET /datasets/{code}/schemas",
            AuditAction.DATASET_READ,
            at(dataset + "/schemas"),
            everyone(200)),
        catalog(
            "GET /datasets/{code}/schemas/{version}",
            AuditAction.DATASET_READ,
            at(dataset + "/schemas/1"),
            everyone(200)),
        catalog(
            "PUT /datasets/{code}/standards",
            AuditAction.STANDARDS_SET,
            who -> new Probe(dataset + "/standards", Marriages.standards()),
            only(200, CIVIL_AFFAIRS_ADMIN)),
        catalog(
            "GET /datasets/{code}/standards",
            AuditAction.DATASET_READ,
            at(dataset + "/standards"),
            everyone(200)),
        catalog(
            "GET /datasets/{code}/quality",
            AuditAction.QUALITY_READ,
            at(dataset + "/quality"),
            everyone(200)),
        catalog(
            "GET /quality/timeliness-changes",
            AuditAction.QUALITY_READ,
            at(CATALOG + "/quality/timeliness-changes?dataset=" + f.dataset()),
            everyone(200)),
        // Statistics: the platform office and auditors see every department, a data-admin only
        // their own; department systems none.
        catalog(
            "GET /statistics",
            AuditAction.STATISTICS_READ,
            at(CATALOG + "/statistics?department=civil-affairs"),
            only(200, PLATFORM_ADMIN, AUDITOR, CIVIL_AFFAIRS_ADMIN)),
        catalog(
            "GET /statistics/report",
            AuditAction.STATISTICS_READ,
            at(CATALOG + "/statistics/report?month=2026-11&format=json&department=civil-affairs"),
            only(200, PLATFORM_ADMIN, AUDITOR, CIVIL_AFFAIRS_ADMIN)),
        catalog(
            "GET /catalog.jsonld",
            AuditAction.CATALOG_SEARCHED,
            at(CATALOG + "/catalog.jsonld"),
            everyone(200)),
        catalog("GET /me", null, at(CATALOG + "/me"), everyone(200)));
  }

  private static List<Endpoint> access(MatrixFixture f) {
    String requests = CATALOG + "/access-requests/";
    return List.of(
        catalog(
            "POST /datasets/{code}/access-requests",
            AuditAction.ACCESS_REQUESTED,
            who ->
                new Probe(
                    CATALOG + "/datasets/" + f.requestable() + "/access-requests",
                    Marriages.accessRequest()),
            // Any data-admin may ask; the provider's own is refused by a rule (422), not a role.
            who ->
                who.equals(CIVIL_AFFAIRS_ADMIN)
                    ? Expect.allowed(422)
                    : isDataAdmin(who) ? Expect.allowed(201) : Expect.DENIED),
        catalog(
            "GET /access-requests?side=",
            AuditAction.CATALOG_SEARCHED,
            at(CATALOG + "/access-requests?side=provider"),
            dataAdmins(200)),
        catalog(
            "POST /access-requests/{id}/approve",
            AuditAction.ACCESS_APPROVED,
            who -> new Probe(requests + f.approvable() + "/approve", Map.of()),
            partyDecides(CIVIL_AFFAIRS_ADMIN)),
        catalog(
            "POST /access-requests/{id}/reject",
            AuditAction.ACCESS_REJECTED,
            who -> new Probe(requests + f.rejectable() + "/reject", Map.of("reason", "matrix")),
            partyDecides(CIVIL_AFFAIRS_ADMIN)),
        catalog(
            "POST /access-requests/{id}/withdraw",
            AuditAction.ACCESS_WITHDRAWN,
            who -> new Probe(requests + f.withdrawable() + "/withdraw", null),
            partyDecides(PUBLIC_SECURITY_ADMIN)),
        catalog(
            "GET /grants",
            AuditAction.CATALOG_SEARCHED,
            at(CATALOG + "/grants?dataset=" + f.dataset()),
            dataAdmins(200)),
        catalog(
            "POST /grants/{id}/revoke",
            AuditAction.GRANT_REVOKED,
            who ->
                new Probe(
                    CATALOG + "/grants/" + f.revocableGrant() + "/revoke",
                    Map.of("reason", "matrix")),
            partyDecides(CIVIL_AFFAIRS_ADMIN)));
  }

  private static List<Endpoint> exchange(MatrixFixture f) {
    String subscription = EXCHANGE + "/subscriptions/" + f.subscription();
    return List.of(
        exchange(
            "POST /datasets/{code}/records",
            AuditAction.RECORDS_PUBLISHED,
            who ->
                new Probe(
                    EXCHANGE + "/datasets/" + f.dataset() + "/records",
                    Marriages.batch("matrix-" + who.name())),
            only(200, CIVIL_AFFAIRS_SYSTEM)),
        exchange(
            "POST /subscriptions",
            AuditAction.SUBSCRIPTION_CREATED,
            who ->
                new Probe(
                    EXCHANGE + "/subscriptions",
                    Map.of("dataset", f.dataset(), "startFrom", "latest")),
            // Only the system of a granted consumer; civil-affairs provides but holds no grant.
            only(201, PUBLIC_SECURITY_SYSTEM)),
        // Contract: "system of a granted consumer" — people have no subscriptions to list.
        exchange("GET /subscriptions", null, at(EXCHANGE + "/subscriptions"), systems(200)),
        exchange(
            "GET /subscriptions/{id}/records",
            AuditAction.RECORDS_FETCHED,
            at(subscription + "/records?max=1"),
            owner(200)),
        exchange(
            "POST /subscriptions/{id}/commit",
            AuditAction.OFFSETS_COMMITTED,
            who -> new Probe(subscription + "/commit", Map.of("cursor", f.cursor())),
            owner(204)),
        exchange(
            "POST /subscriptions/{id}/seek",
            AuditAction.SUBSCRIPTION_SEEK,
            who -> new Probe(subscription + "/seek", Map.of("to", "latest")),
            owner(200)),
        new Endpoint(
            "GET " + EXCHANGE + "/subscriptions/{id}/stream",
            "GET",
            true,
            E2ePlatform.EXCHANGE,
            AuditAction.RECORDS_STREAMED,
            // From a cursor with a record after it: the first event comes at once, not with the
            // heartbeat 15 s later, so the answer's headers cannot wait for data.
            who -> new Probe(subscription + "/stream", null, Map.of("Last-Event-ID", f.cursor())),
            owner(200)),
        new Endpoint(
            "DELETE " + EXCHANGE + "/subscriptions/{id}",
            "DELETE",
            false,
            E2ePlatform.EXCHANGE,
            AuditAction.SUBSCRIPTION_DELETED,
            at(EXCHANGE + "/subscriptions/" + f.deletableSubscription()),
            owner(204)),
        // Lookups: systems of a granted consumer; another system is refused (its department holds
        // no grant), people are not department systems.
        exchange(
            "GET /datasets/{code}/records/{key}",
            AuditAction.RECORD_LOOKED_UP,
            at(EXCHANGE + "/datasets/" + f.dataset() + "/records/matrix-1"),
            only(200, PUBLIC_SECURITY_SYSTEM)),
        exchange(
            "POST /datasets/{code}/lookups",
            AuditAction.RECORD_LOOKED_UP,
            who ->
                new Probe(
                    EXCHANGE + "/datasets/" + f.dataset() + "/lookups",
                    Map.of("keys", List.of("matrix-1", "matrix-404"))),
            only(200, PUBLIC_SECURITY_SYSTEM)),
        exchange(
            "POST /datasets/{code}/verifications",
            AuditAction.RECORD_VERIFIED,
            who ->
                new Probe(
                    EXCHANGE + "/datasets/" + f.dataset() + "/verifications",
                    Map.of("key", "matrix-1", "fields", Map.of("wifeName", "李四"))),
            only(200, PUBLIC_SECURITY_SYSTEM)),
        exchange("GET /me", null, at(EXCHANGE + "/me"), everyone(200)));
  }

  /** The audit API is the auditor's alone; the gateway refuses everyone else before routing. */
  private static List<Endpoint> audit(MatrixFixture f) {
    return List.of(
            "/events?action=REQUEST_REJECTED&limit=5",
            "/events/" + f.auditEventId(),
            "/events/" + f.auditEventId() + "/proof",
            "/tree-head",
            "/consistency?from=1&to=1",
            "/events/export?format=jsonl&actor=nobody-" + random(),
            "/verify",
            "/me")
        .stream()
        .map(
            path ->
                new Endpoint(
                    "GET " + AUDIT + template(path, f.auditEventId()),
                    "GET",
                    false,
                    E2ePlatform.GATEWAY,
                    AuditAction.REQUEST_REJECTED,
                    at(AUDIT + path),
                    only(200, AUDITOR)))
        .toList();
  }

  /** The path as the contract writes it: ids as {@code {id}}, no query. */
  private static String template(String path, String id) {
    int query = path.indexOf('?');
    return (query < 0 ? path : path.substring(0, query)).replace(id, "{id}");
  }

  private static Endpoint catalog(
      String call,
      AuditAction action,
      Function<LocalIdentity, Probe> probe,
      Function<LocalIdentity, Expect> expect) {
    return endpoint(call, CATALOG, E2ePlatform.CATALOG, action, probe, expect);
  }

  private static Endpoint exchange(
      String call,
      AuditAction action,
      Function<LocalIdentity, Probe> probe,
      Function<LocalIdentity, Expect> expect) {
    return endpoint(call, EXCHANGE, E2ePlatform.EXCHANGE, action, probe, expect);
  }

  private static Endpoint endpoint(
      String call,
      String prefix,
      String service,
      AuditAction action,
      Function<LocalIdentity, Probe> probe,
      Function<LocalIdentity, Expect> expect) {
    int space = call.indexOf(' ');
    String method = call.substring(0, space);
    return new Endpoint(
        method + " " + prefix + call.substring(space + 1),
        method,
        false,
        service,
        action,
        probe,
        expect);
  }

  private static Function<LocalIdentity, Probe> at(String path) {
    return who -> new Probe(path, null);
  }

  private static Function<LocalIdentity, Expect> everyone(int status) {
    return who -> Expect.allowed(status);
  }

  private static Function<LocalIdentity, Expect> only(int status, LocalIdentity... allowed) {
    Set<LocalIdentity> may = Set.of(allowed);
    return who -> may.contains(who) ? Expect.allowed(status) : Expect.DENIED;
  }

  private static Function<LocalIdentity, Expect> dataAdmins(int status) {
    return who -> isDataAdmin(who) ? Expect.allowed(status) : Expect.DENIED;
  }

  private static Function<LocalIdentity, Expect> systems(int status) {
    return who -> who.system() ? Expect.allowed(status) : Expect.DENIED;
  }

  /**
   * A decision on a civil-affairs ⇄ public-security request or grant: {@code decider} may (200);
   * the other party's data-admin may not (403); a third department's does not learn it exists
   * (404); no other role may decide anything (403).
   */
  private static Function<LocalIdentity, Expect> partyDecides(LocalIdentity decider) {
    return who ->
        who.equals(decider)
            ? Expect.allowed(200)
            : who.equals(HUMAN_RESOURCES_ADMIN) ? Expect.HIDDEN : Expect.DENIED;
  }

  /**
   * A call on public-security-system's subscription: the owner may; another system does not learn
   * it exists (404); anyone who is not a department system is refused (403).
   */
  private static Function<LocalIdentity, Expect> owner(int status) {
    return who ->
        who.equals(PUBLIC_SECURITY_SYSTEM)
            ? Expect.allowed(status)
            : who.system() ? Expect.HIDDEN : Expect.DENIED;
  }

  private static boolean isDataAdmin(LocalIdentity who) {
    return who.role().equals("data-admin");
  }

  private static String random() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
