package io.hutong.e2e;

import static io.hutong.deploy.server.LocalIdentity.AUDITOR;
import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS;
import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_SYSTEM;
import static io.hutong.deploy.server.LocalIdentity.PLATFORM_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY_SYSTEM;

import io.hutong.deploy.server.LocalIdentity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every endpoint of the API contract (catalogue, exchange, audit) as the hostile-input suite sees
 * it: the caller whose request reaches input validation — the provider's data-admin for catalogue
 * writes, the consumer's for its requests, a department system for the exchange, the auditor for
 * the audit API — a valid request on {@link MatrixFixture}'s resources, and what each query
 * parameter, path variable and body field holds.
 */
final class ContractEndpoints {

  private static final String CATALOG = "/api/catalog/v1";
  private static final String EXCHANGE = "/api/exchange/v1";
  private static final String AUDIT = "/api/audit/v1";
  private static final String CATALOG_SERVICE = E2ePlatform.CATALOG;
  private static final String EXCHANGE_SERVICE = E2ePlatform.EXCHANGE;
  private static final String AUDIT_SERVICE = E2ePlatform.AUDIT;

  /** Values no number parameter takes. */
  private static final List<String> NOT_NUMBERS =
      List.of("-1", "2147483648", "9223372036854775808", "1e400", "abc", "1.5", "%00", "%FF");

  private ContractEndpoints() {}

  /** What a query parameter, path variable or body field holds. */
  enum Kind {
    TEXT,
    INSTANT,
    INT,
    LIST,
    OBJECT,
    ARRAY,
    BOOL,
    SCHEMA
  }

  /**
   * A query parameter.
   *
   * @param value sent with every request of the endpoint (null: only when attacked)
   * @param badNumbers for {@link Kind#INT}: the values that must be refused
   */
  record Param(String name, Kind kind, String value, List<String> badNumbers) {

    static Param text(String name) {
      return new Param(name, Kind.TEXT, null, List.of());
    }

    static Param text(String name, String value) {
      return new Param(name, Kind.TEXT, value, List.of());
    }

    static Param instant(String name) {
      return new Param(name, Kind.INSTANT, null, List.of());
    }

    /** A number sent as {@code value} (null: only when attacked), refused for {@code bad} too. */
    static Param number(String name, String value, String... bad) {
      List<String> all = new ArrayList<>(NOT_NUMBERS);
      all.addAll(List.of(bad));
      return new Param(name, Kind.INT, value, all);
    }
  }

  /** A body field at a JSON pointer (without the leading slash, e.g. {@code records/0/key}). */
  record Field(String pointer, Kind kind) {}

  /**
   * One endpoint of the contract.
   *
   * @param template the path with {@code {variables}}
   * @param vars the variables' valid values
   * @param intVars variables that are numbers
   * @param body a fresh valid body for each request (null: the endpoint takes none)
   * @param bodyOptional an empty body is valid
   * @param headers valid extra headers
   * @param attackedHeaders headers whose hostile values the endpoint must refuse
   */
  record Endpoint(
      String service,
      String method,
      String template,
      Map<String, String> vars,
      Set<String> intVars,
      LocalIdentity caller,
      List<Param> query,
      Supplier<ObjectNode> body,
      String contentType,
      boolean bodyOptional,
      List<Field> fields,
      Map<String, String> headers,
      List<String> attackedHeaders,
      boolean stream) {

    String name() {
      return method + " " + template;
    }

    /** The path with every variable at its valid value. */
    String path() {
      return pathWith(null, null);
    }

    /** The path with {@code var} set to {@code raw}, the others at their valid values. */
    String pathWith(String var, String raw) {
      String path = template;
      for (Map.Entry<String, String> v : vars.entrySet()) {
        path = path.replace("{" + v.getKey() + "}", v.getKey().equals(var) ? raw : v.getValue());
      }
      return path;
    }

    /** The query every request of the endpoint sends: the required parameters. */
    String baseQuery() {
      return queryWith(null, null);
    }

    /** The query with {@code attacked} set to {@code raw}, the required values otherwise. */
    String queryWith(String attacked, String raw) {
      List<String> parts = new ArrayList<>();
      for (Param p : query) {
        if (p.name().equals(attacked)) {
          parts.add(p.name() + "=" + raw);
        } else if (p.value() != null) {
          parts.add(p.name() + "=" + p.value());
        }
      }
      return parts.isEmpty() ? "" : "?" + String.join("&", parts);
    }
  }

  /** Every endpoint of the contract, acting on {@code f}'s resources as the right caller. */
  static List<Endpoint> all(MatrixFixture f) {
    List<Endpoint> all = new ArrayList<>();
    all.addAll(catalog(f));
    all.addAll(exchange(f));
    all.addAll(audit(f));
    return all;
  }

  private static List<Endpoint> catalog(MatrixFixture f) {
    String dataset = CATALOG + "/datasets/{code}";
    String request = CATALOG + "/access-requests/{id}";
    return List.of(
        post(CATALOG_SERVICE, CATALOG + "/departments", PLATFORM_ADMIN)
            .body(() -> object(Map.of("code", "hx-" + random(), "name", "Hostile")))
            .field("code", Kind.TEXT)
            .field("name", Kind.TEXT)
            .build(),
        list(CATALOG_SERVICE, CATALOG + "/departments", CIVIL_AFFAIRS_ADMIN).build(),
        post(CATALOG_SERVICE, CATALOG + "/datasets", CIVIL_AFFAIRS_ADMIN)
            .body(() -> object(Marriages.registration(Marriages.code(CIVIL_AFFAIRS))))
            .fields(
                Kind.TEXT,
                "code",
                "name",
                "description",
                "category",
                "sharingType",
                "sharingConditions",
                "legalBasis",
                "updateFrequency",
                "schema/name",
                "schema/doc",
                "schema/fields/0/doc")
            .field("tags", Kind.LIST)
            .field("openToPublic", Kind.BOOL)
            .field("schema", Kind.SCHEMA)
            .build(),
        list(CATALOG_SERVICE, CATALOG + "/datasets", CIVIL_AFFAIRS_ADMIN)
            .query(
                Param.text("q"),
                Param.text("provider"),
                Param.text("sharingType"),
                Param.text("status"))
            .build(),
        get(CATALOG_SERVICE, dataset, CIVIL_AFFAIRS_ADMIN).var("code", f.dataset()).build(),
        call("PATCH", CATALOG_SERVICE, dataset, CIVIL_AFFAIRS_ADMIN)
            .var("code", f.dataset())
            .contentType("application/merge-patch+json")
            .body(() -> object(Map.of("description", "patched", "tags", List.of("a"), "name", "n")))
            .fields(Kind.TEXT, "description", "name")
            .field("tags", Kind.LIST)
            .field("openToPublic", Kind.BOOL)
            .build(),
        post(CATALOG_SERVICE, dataset + "/retire", CIVIL_AFFAIRS_ADMIN)
            .var("code", f.retirable())
            .body(() -> object(Map.of("reason", "hostile")))
            .field("reason", Kind.TEXT)
            .build(),
        post(CATALOG_SERVICE, dataset + "/schemas", CIVIL_AFFAIRS_ADMIN)
            .var("code", f.evolvable())
            .body(() -> object(Marriages.schemaWithDistrict()))
            .field("schema", Kind.SCHEMA)
            .fields(Kind.TEXT, "schema/doc", "schema/fields/3/doc", "schema/fields/3/name")
            .build(),
        list(CATALOG_SERVICE, dataset + "/schemas", CIVIL_AFFAIRS_ADMIN)
            .var("code", f.dataset())
            .build(),
        get(CATALOG_SERVICE, dataset + "/schemas/{version}", CIVIL_AFFAIRS_ADMIN)
            .var("code", f.dataset())
            .numberVar("version", "1")
            .build(),
        call("PUT", CATALOG_SERVICE, dataset + "/standards", CIVIL_AFFAIRS_ADMIN)
            .var("code", f.dataset())
            .body(() -> object(Marriages.standards()))
            .field("violationMode", Kind.TEXT)
            .field("standards", Kind.ARRAY)
            .field("standards/0", Kind.OBJECT)
            .fields(Kind.TEXT, "standards/0/field", "standards/0/kind", "standards/0/min")
            .field("standards/0/schemaVersion", Kind.INT)
            .field("standards/0/codes", Kind.LIST)
            .build(),
        get(CATALOG_SERVICE, dataset + "/standards", CIVIL_AFFAIRS_ADMIN)
            .var("code", f.dataset())
            .build(),
        get(CATALOG_SERVICE, dataset + "/quality", CIVIL_AFFAIRS_ADMIN)
            .var("code", f.dataset())
            .build(),
        list(CATALOG_SERVICE, CATALOG + "/quality/timeliness-changes", CIVIL_AFFAIRS_ADMIN)
            .query(Param.text("dataset"))
            .build(),
        get(CATALOG_SERVICE, CATALOG + "/statistics", PLATFORM_ADMIN)
            .query(Param.text("department", "civil-affairs"), Param.text("from"), Param.text("to"))
            .build(),
        get(CATALOG_SERVICE, CATALOG + "/statistics/report", PLATFORM_ADMIN)
            .query(
                Param.text("month", "2026-11"),
                Param.text("format", "json"),
                Param.text("department"))
            .build(),
        get(CATALOG_SERVICE, CATALOG + "/catalog.jsonld", CIVIL_AFFAIRS_ADMIN).build(),
        get(CATALOG_SERVICE, CATALOG + "/me", CIVIL_AFFAIRS_ADMIN).build(),
        post(CATALOG_SERVICE, dataset + "/access-requests", PUBLIC_SECURITY_ADMIN)
            .var("code", f.requestable())
            .body(() -> object(Marriages.accessRequest()))
            .field("purpose", Kind.TEXT)
            .field("fields", Kind.LIST)
            .build(),
        list(CATALOG_SERVICE, CATALOG + "/access-requests", CIVIL_AFFAIRS_ADMIN)
            .query(Param.text("side", "provider"), Param.text("status"))
            .build(),
        post(CATALOG_SERVICE, request + "/approve", CIVIL_AFFAIRS_ADMIN)
            .var("id", f.approvable())
            .body(
                () ->
                    object(
                        Map.of(
                            "fields",
                            List.of("certificateNo"),
                            "validUntil",
                            "2099-01-01T00:00:00Z")))
            .bodyOptional()
            .field("fields", Kind.LIST)
            .field("validUntil", Kind.INSTANT)
            .build(),
        post(CATALOG_SERVICE, request + "/reject", CIVIL_AFFAIRS_ADMIN)
            .var("id", f.rejectable())
            .body(() -> object(Map.of("reason", "hostile")))
            .field("reason", Kind.TEXT)
            .build(),
        post(CATALOG_SERVICE, request + "/withdraw", PUBLIC_SECURITY_ADMIN)
            .var("id", f.withdrawable())
            .build(),
        list(CATALOG_SERVICE, CATALOG + "/grants", CIVIL_AFFAIRS_ADMIN)
            .query(Param.text("dataset"), Param.text("consumer"), Param.text("state"))
            .build(),
        post(CATALOG_SERVICE, CATALOG + "/grants/{id}/revoke", CIVIL_AFFAIRS_ADMIN)
            .var("id", f.revocableGrant())
            .body(() -> object(Map.of("reason", "hostile")))
            .field("reason", Kind.TEXT)
            .build());
  }

  private static List<Endpoint> exchange(MatrixFixture f) {
    String subscription = EXCHANGE + "/subscriptions/{id}";
    return List.of(
        post(EXCHANGE_SERVICE, EXCHANGE + "/datasets/{code}/records", CIVIL_AFFAIRS_SYSTEM)
            .var("code", f.dataset())
            .body(ContractEndpoints::batch)
            .field("records", Kind.ARRAY)
            .fields(Kind.OBJECT, "records/0", "records/0/value", "records/0/headers")
            .fields(
                Kind.TEXT,
                "records/0/key",
                "records/0/value/certificateNo",
                "records/0/value/wifeName",
                "records/0/headers/origin")
            .attacked("Idempotency-Key")
            .build(),
        post(EXCHANGE_SERVICE, EXCHANGE + "/subscriptions", PUBLIC_SECURITY_SYSTEM)
            .body(() -> object(Map.of("dataset", f.dataset(), "startFrom", "latest")))
            .field("dataset", Kind.TEXT)
            .field("startFrom", Kind.INSTANT)
            .build(),
        // The contract: every list pages with limit and cursor.
        list(EXCHANGE_SERVICE, EXCHANGE + "/subscriptions", PUBLIC_SECURITY_SYSTEM).build(),
        call("DELETE", EXCHANGE_SERVICE, subscription, PUBLIC_SECURITY_SYSTEM)
            .var("id", f.deletableSubscription())
            .build(),
        get(EXCHANGE_SERVICE, subscription + "/records", PUBLIC_SECURITY_SYSTEM)
            .var("id", f.subscription())
            .query(
                Param.number("max", "1", "0", "5001"),
                Param.number("waitMs", "0", "30001"),
                Param.text("cursor"))
            .build(),
        post(EXCHANGE_SERVICE, subscription + "/commit", PUBLIC_SECURITY_SYSTEM)
            .var("id", f.subscription())
            .body(() -> object(Map.of("cursor", f.cursor())))
            .field("cursor", Kind.TEXT)
            .build(),
        post(EXCHANGE_SERVICE, subscription + "/seek", PUBLIC_SECURITY_SYSTEM)
            .var("id", f.subscription())
            .body(() -> object(Map.of("to", "earliest")))
            .field("to", Kind.INSTANT)
            .build(),
        get(EXCHANGE_SERVICE, subscription + "/stream", PUBLIC_SECURITY_SYSTEM)
            .var("id", f.subscription())
            .header("Last-Event-ID", f.cursor())
            .attacked("Last-Event-ID")
            .stream()
            .build(),
        get(EXCHANGE_SERVICE, EXCHANGE + "/datasets/{code}/records/{key}", PUBLIC_SECURITY_SYSTEM)
            .var("code", f.dataset())
            .var("key", "matrix-1")
            .build(),
        post(EXCHANGE_SERVICE, EXCHANGE + "/datasets/{code}/lookups", PUBLIC_SECURITY_SYSTEM)
            .var("code", f.dataset())
            .body(() -> object(Map.of("keys", List.of("matrix-1", "matrix-2"))))
            .field("keys", Kind.ARRAY)
            .field("keys/0", Kind.TEXT)
            .build(),
        post(EXCHANGE_SERVICE, EXCHANGE + "/datasets/{code}/verifications", PUBLIC_SECURITY_SYSTEM)
            .var("code", f.dataset())
            .body(() -> object(Map.of("key", "matrix-1", "fields", Map.of("wifeName", "李四"))))
            .field("key", Kind.TEXT)
            .field("fields", Kind.OBJECT)
            .field("fields/wifeName", Kind.TEXT)
            .build(),
        get(EXCHANGE_SERVICE, EXCHANGE + "/me", PUBLIC_SECURITY_SYSTEM).build());
  }

  private static List<Endpoint> audit(MatrixFixture f) {
    Param[] filters = {
      Param.text("department"),
      Param.text("dataset"),
      Param.text("actor"),
      Param.text("action"),
      Param.text("outcome"),
      Param.instant("from"),
      Param.instant("to")
    };
    String event = AUDIT + "/events/{id}";
    return List.of(
        list(AUDIT_SERVICE, AUDIT + "/events", AUDITOR).query(filters).build(),
        get(AUDIT_SERVICE, event, AUDITOR).var("id", f.auditEventId()).build(),
        get(AUDIT_SERVICE, event + "/proof", AUDITOR)
            .var("id", f.auditEventId())
            .query(Param.number("treeSize", null, "0", "9223372036854775807"))
            .build(),
        get(AUDIT_SERVICE, AUDIT + "/tree-head", AUDITOR).build(),
        get(AUDIT_SERVICE, AUDIT + "/consistency", AUDITOR)
            .query(
                Param.number("from", "1", "0", "9223372036854775807"),
                Param.number("to", "1", "0", "9223372036854775807"))
            .build(),
        // Nothing matches the valid part of the filter: an export wrongly accepted streams nothing.
        get(AUDIT_SERVICE, AUDIT + "/events/export", AUDITOR)
            .query(filters)
            .query(Param.text("format", "jsonl"))
            .replace(Param.text("actor", "nobody-" + random()))
            .build(),
        get(AUDIT_SERVICE, AUDIT + "/verify", AUDITOR).build(),
        get(AUDIT_SERVICE, AUDIT + "/me", AUDITOR).build());
  }

  // ---------------------------------------------------------------- building blocks

  private static Builder get(String service, String template, LocalIdentity caller) {
    return call("GET", service, template, caller);
  }

  private static Builder post(String service, String template, LocalIdentity caller) {
    return call("POST", service, template, caller);
  }

  /** A list: pages with {@code limit} and {@code cursor}, as every list of the contract does. */
  private static Builder list(String service, String template, LocalIdentity caller) {
    return get(service, template, caller)
        .query(Param.number("limit", null, "0", "501"), Param.text("cursor"));
  }

  private static Builder call(
      String method, String service, String template, LocalIdentity caller) {
    return new Builder(method, service, template, caller);
  }

  /** Builds an {@link Endpoint}; everything not set is absent. */
  private static final class Builder {

    private final String method;
    private final String service;
    private final String template;
    private final LocalIdentity caller;
    private final Map<String, String> vars = new LinkedHashMap<>();
    private final Set<String> intVars = new java.util.HashSet<>();
    private final List<Param> query = new ArrayList<>();
    private Supplier<ObjectNode> body;
    private String contentType;
    private boolean bodyOptional;
    private final List<Field> fields = new ArrayList<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final List<String> attacked = new ArrayList<>();
    private boolean stream;

    private Builder(String method, String service, String template, LocalIdentity caller) {
      this.method = method;
      this.service = service;
      this.template = template;
      this.caller = caller;
    }

    Builder var(String name, String value) {
      vars.put(name, value);
      return this;
    }

    Builder numberVar(String name, String value) {
      intVars.add(name);
      return var(name, value);
    }

    Builder query(Param... params) {
      query.addAll(List.of(params));
      return this;
    }

    /** Puts {@code param} in place of the parameter of the same name. */
    Builder replace(Param param) {
      query.replaceAll(p -> p.name().equals(param.name()) ? param : p);
      return this;
    }

    Builder body(Supplier<ObjectNode> valid) {
      this.body = valid;
      return this;
    }

    Builder bodyOptional() {
      this.bodyOptional = true;
      return this;
    }

    Builder contentType(String type) {
      this.contentType = type;
      return this;
    }

    Builder field(String pointer, Kind kind) {
      fields.add(new Field(pointer, kind));
      return this;
    }

    Builder fields(Kind kind, String... pointers) {
      for (String pointer : pointers) {
        field(pointer, kind);
      }
      return this;
    }

    Builder header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    Builder attacked(String header) {
      attacked.add(header);
      return this;
    }

    Builder stream() {
      this.stream = true;
      return this;
    }

    Endpoint build() {
      return new Endpoint(
          service,
          method,
          template,
          java.util.Collections.unmodifiableMap(new LinkedHashMap<>(vars)),
          Set.copyOf(intVars),
          caller,
          List.copyOf(query),
          body,
          contentType,
          bodyOptional,
          List.copyOf(fields),
          java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers)),
          List.copyOf(attacked),
          stream);
    }
  }

  private static ObjectNode object(Map<String, ?> body) {
    return (ObjectNode) E2ePlatform.JSON.valueToTree(body);
  }

  /** A valid one-record batch with a header, under a fresh key. */
  private static ObjectNode batch() {
    ObjectNode body = object(Marriages.batch("hostile-" + random()));
    ((ObjectNode) body.get("records").get(0)).putObject("headers").put("origin", "hostile-suite");
    return body;
  }

  private static String random() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
