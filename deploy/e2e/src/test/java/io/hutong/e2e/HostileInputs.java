package io.hutong.e2e;

import static io.hutong.deploy.server.LocalIdentity.AUDITOR;
import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS;
import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_SYSTEM;
import static io.hutong.deploy.server.LocalIdentity.PLATFORM_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY_SYSTEM;

import io.hutong.deploy.server.LocalIdentity;
import io.hutong.e2e.RawHttp.Header;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The hostile-input catalogue: every endpoint of the API contract with the caller whose request
 * reaches input validation, and every class of hostile input an attacker or a buggy client sends,
 * turned into raw requests ({@link RawHttp}). Each request must be refused with a 4xx problem; none
 * may be accepted or crash the service. Provider is civil-affairs, consumer public-security.
 */
final class HostileInputs {

  private static final String CATALOG = "/api/catalog/v1";
  private static final String EXCHANGE = "/api/exchange/v1";
  private static final String AUDIT = "/api/audit/v1";

  /** Stands for the hostile value in a body before it is spliced in as raw JSON. */
  private static final String SLOT = "\u2603HOSTILE\u2603";

  private HostileInputs() {}

  /** The classes of hostile input; the suite counts sent and refused requests per class. */
  enum Hostile {
    BAD_UTF8_PATH("percent-encoding that is not UTF-8, in the path"),
    BAD_UTF8_QUERY("percent-encoding that is not UTF-8, in the query"),
    CONTROL_PATH("NUL and control characters in the path"),
    CONTROL_QUERY("NUL and control characters in query parameters"),
    CONTROL_BODY("NUL, control characters and lone surrogates in body fields"),
    PATH_TRICKS("encoded dot-segments, slashes, backslashes, semicolons, over-long ids"),
    INSTANT_RANGE("instants outside 0001..9999"),
    WRONG_JSON_TYPE("JSON values of the wrong type"),
    BROKEN_BODY("broken, empty, non-UTF-8, too deep or non-object JSON bodies"),
    NUMBERS("numbers out of range or not numbers"),
    HEADERS("over-long or non-ASCII Idempotency-Key / Last-Event-ID"),
    AUTHORIZATION("over-long or non-ASCII Authorization"),
    REQUEST_ID("over-long or non-ASCII X-Request-Id"),
    MEDIA_TYPE("bodies of the wrong media type (415)"),
    METHOD("wrong methods (405)"),
    UNKNOWN_PATH("unknown paths (404)");

    final String description;

    Hostile(String description) {
      this.description = description;
    }
  }

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

    String path() {
      String path = template;
      for (Map.Entry<String, String> var : vars.entrySet()) {
        path = path.replace("{" + var.getKey() + "}", var.getValue());
      }
      return path;
    }

    String baseQuery() {
      return query(null, null);
    }

    /** The query with {@code attacked} set to {@code raw}, the required values otherwise. */
    String query(String attacked, String raw) {
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

  /** One hostile request. {@code authorization} null: the caller's token. */
  record Case(
      Hostile hostile,
      String endpoint,
      String service,
      String label,
      String method,
      String target,
      LocalIdentity caller,
      byte[] authorization,
      List<Header> headers,
      Supplier<byte[]> body,
      boolean stream,
      byte[] requestId) {}

  // ---------------------------------------------------------------- values

  private static final List<String> NOT_NUMBERS =
      List.of("-1", "2147483648", "9223372036854775808", "1e400", "abc", "1.5", "%00", "%FF");

  private static final List<String> BAD_UTF8 =
      List.of("%C3%28", "%FF", "%C0%AF", "%ED%A0%80", "%E4%BD", "\u00ff\u00fe");

  private static final List<String> CONTROLS_ENCODED =
      List.of("%00", "a%00b", "%01", "%1B%5B31m", "%7F", "%0D%0ASet-Cookie:%20x=1");

  private static final List<String> PATH_TRICKS =
      List.of(
          "%2e%2e",
          ".%2e",
          "%2e%2e%2f%2e%2e%2fme",
          "..%2f..%2fme",
          "..%5c..%5cme",
          "%5c",
          "a%2fb",
          "a%252fb",
          "x;y=z",
          "x%3by",
          "a".repeat(3000));

  /** JSON string literals with NUL, control characters or a lone surrogate. */
  private static final List<String> CONTROL_JSON =
      List.of(
          "\"\\u0000\"",
          "\"a\\u0000b\"",
          "\"\\u0001\"",
          "\"\\u001b[31mred\"",
          "\"\\u007f\"",
          "\"\\ud800\"");

  private static final List<String> OUT_OF_RANGE_INSTANTS =
      List.of(
          "+10000-01-01T00:00:00Z",
          "-0001-01-01T00:00:00Z",
          "0000-01-01T00:00:00Z",
          "+999999999-12-31T23:59:59Z");

  // ---------------------------------------------------------------- the contract

  /** Every endpoint of the contract, acting on {@code f}'s resources as the right caller. */
  static List<Endpoint> endpoints(MatrixFixture f) {
    List<Endpoint> all = new ArrayList<>();
    String ds = f.dataset();
    // catalog-service
    all.add(
        body(
            "catalog-service",
            "POST",
            CATALOG + "/departments",
            PLATFORM_ADMIN,
            () -> object(Map.of("code", "hx-" + random(), "name", "Hostile")),
            fields("code", Kind.TEXT, "name", Kind.TEXT)));
    all.add(list("catalog-service", CATALOG + "/departments", CIVIL_AFFAIRS_ADMIN));
    all.add(
        body(
            "catalog-service",
            "POST",
            CATALOG + "/datasets",
            CIVIL_AFFAIRS_ADMIN,
            () -> object(Marriages.registration(Marriages.code(CIVIL_AFFAIRS))),
            fields(
                "code", Kind.TEXT,
                "name", Kind.TEXT,
                "description", Kind.TEXT,
                "category", Kind.TEXT,
                "tags", Kind.LIST,
                "sharingType", Kind.TEXT,
                "sharingConditions", Kind.TEXT,
                "legalBasis", Kind.TEXT,
                "openToPublic", Kind.BOOL,
                "updateFrequency", Kind.TEXT,
                "schema", Kind.SCHEMA,
                "schema/name", Kind.TEXT,
                "schema/doc", Kind.TEXT,
                "schema/fields/0/doc", Kind.TEXT)));
    all.add(
        get(
            "catalog-service",
            CATALOG + "/datasets",
            CIVIL_AFFAIRS_ADMIN,
            Map.of(),
            List.of(
                Param.text("q"),
                Param.text("provider"),
                Param.text("sharingType"),
                Param.text("status"),
                Param.number("limit", null, "0", "501"),
                Param.text("cursor"))));
    all.add(
        get(
            "catalog-service",
            CATALOG + "/datasets/{code}",
            CIVIL_AFFAIRS_ADMIN,
            Map.of("code", ds),
            List.of()));
    Endpoint patch =
        body(
            "catalog-service",
            "PATCH",
            CATALOG + "/datasets/{code}",
            CIVIL_AFFAIRS_ADMIN,
            () -> object(Map.of("description", "patched", "tags", List.of("a"), "name", "n")),
            fields(
                "description",
                Kind.TEXT,
                "name",
                Kind.TEXT,
                "tags",
                Kind.LIST,
                "openToPublic",
                Kind.BOOL));
    all.add(withVars(patch, Map.of("code", ds), "application/merge-patch+json"));
    all.add(
        withVars(
            body(
                "catalog-service",
                "POST",
                CATALOG + "/datasets/{code}/retire",
                CIVIL_AFFAIRS_ADMIN,
                () -> object(Map.of("reason", "hostile")),
                fields("reason", Kind.TEXT)),
            Map.of("code", f.retirable()),
            null));
    all.add(
        withVars(
            body(
                "catalog-service",
                "POST",
                CATALOG + "/datasets/{code}/schemas",
                CIVIL_AFFAIRS_ADMIN,
                () -> object(Marriages.schemaWithDistrict()),
                fields(
                    "schema",
                    Kind.SCHEMA,
                    "schema/doc",
                    Kind.TEXT,
                    "schema/fields/3/doc",
                    Kind.TEXT,
                    "schema/fields/3/name",
                    Kind.TEXT)),
            Map.of("code", f.evolvable()),
            null));
    all.add(
        get(
            "catalog-service",
            CATALOG + "/datasets/{code}/schemas",
            CIVIL_AFFAIRS_ADMIN,
            Map.of("code", ds),
            List.of(Param.number("limit", null, "0", "501"), Param.text("cursor"))));
    Endpoint version =
        get(
            "catalog-service",
            CATALOG + "/datasets/{code}/schemas/{version}",
            CIVIL_AFFAIRS_ADMIN,
            Map.of("code", ds, "version", "1"),
            List.of());
    all.add(
        new Endpoint(
            version.service(),
            version.method(),
            version.template(),
            version.vars(),
            Set.of("version"),
            version.caller(),
            version.query(),
            null,
            null,
            false,
            List.of(),
            Map.of(),
            List.of(),
            false));
    all.add(get("catalog-service", CATALOG + "/catalog.jsonld", CIVIL_AFFAIRS_ADMIN, Map.of()));
    all.add(get("catalog-service", CATALOG + "/me", CIVIL_AFFAIRS_ADMIN, Map.of()));
    all.add(
        withVars(
            body(
                "catalog-service",
                "POST",
                CATALOG + "/datasets/{code}/access-requests",
                PUBLIC_SECURITY_ADMIN,
                () -> object(Marriages.accessRequest()),
                fields("purpose", Kind.TEXT, "fields", Kind.LIST)),
            Map.of("code", f.requestable()),
            null));
    all.add(
        get(
            "catalog-service",
            CATALOG + "/access-requests",
            CIVIL_AFFAIRS_ADMIN,
            Map.of(),
            List.of(
                Param.text("side", "provider"),
                Param.text("status"),
                Param.number("limit", null, "0", "501"),
                Param.text("cursor"))));
    Endpoint approve =
        withVars(
            body(
                "catalog-service",
                "POST",
                CATALOG + "/access-requests/{id}/approve",
                CIVIL_AFFAIRS_ADMIN,
                () ->
                    object(
                        Map.of(
                            "fields",
                            List.of("certificateNo"),
                            "validUntil",
                            "2099-01-01T00:00:00Z")),
                fields("fields", Kind.LIST, "validUntil", Kind.INSTANT)),
            Map.of("id", f.approvable()),
            null);
    all.add(optionalBody(approve));
    all.add(
        withVars(
            body(
                "catalog-service",
                "POST",
                CATALOG + "/access-requests/{id}/reject",
                CIVIL_AFFAIRS_ADMIN,
                () -> object(Map.of("reason", "hostile")),
                fields("reason", Kind.TEXT)),
            Map.of("id", f.rejectable()),
            null));
    all.add(
        withVars(
            new Endpoint(
                "catalog-service",
                "POST",
                CATALOG + "/access-requests/{id}/withdraw",
                Map.of(),
                Set.of(),
                PUBLIC_SECURITY_ADMIN,
                List.of(),
                null,
                null,
                false,
                List.of(),
                Map.of(),
                List.of(),
                false),
            Map.of("id", f.withdrawable()),
            null));
    all.add(
        get(
            "catalog-service",
            CATALOG + "/grants",
            CIVIL_AFFAIRS_ADMIN,
            Map.of(),
            List.of(
                Param.text("dataset"),
                Param.text("consumer"),
                Param.text("state"),
                Param.number("limit", null, "0", "501"),
                Param.text("cursor"))));
    all.add(
        withVars(
            body(
                "catalog-service",
                "POST",
                CATALOG + "/grants/{id}/revoke",
                CIVIL_AFFAIRS_ADMIN,
                () -> object(Map.of("reason", "hostile")),
                fields("reason", Kind.TEXT)),
            Map.of("id", f.revocableGrant()),
            null));
    // exchange-service
    Endpoint publish =
        withVars(
            body(
                "exchange-service",
                "POST",
                EXCHANGE + "/datasets/{code}/records",
                CIVIL_AFFAIRS_SYSTEM,
                HostileInputs::batch,
                fields(
                    "records", Kind.ARRAY,
                    "records/0", Kind.OBJECT,
                    "records/0/key", Kind.TEXT,
                    "records/0/value", Kind.OBJECT,
                    "records/0/value/certificateNo", Kind.TEXT,
                    "records/0/value/wifeName", Kind.TEXT,
                    "records/0/headers", Kind.OBJECT,
                    "records/0/headers/origin", Kind.TEXT)),
            Map.of("code", ds),
            null);
    all.add(withHeaders(publish, List.of("Idempotency-Key")));
    all.add(
        body(
            "exchange-service",
            "POST",
            EXCHANGE + "/subscriptions",
            PUBLIC_SECURITY_SYSTEM,
            () -> object(Map.of("dataset", ds, "startFrom", "latest")),
            fields("dataset", Kind.TEXT, "startFrom", Kind.INSTANT)));
    all.add(list("exchange-service", EXCHANGE + "/subscriptions", PUBLIC_SECURITY_SYSTEM));
    all.add(
        new Endpoint(
            "exchange-service",
            "DELETE",
            EXCHANGE + "/subscriptions/{id}",
            Map.of("id", f.deletableSubscription()),
            Set.of(),
            PUBLIC_SECURITY_SYSTEM,
            List.of(),
            null,
            null,
            false,
            List.of(),
            Map.of(),
            List.of(),
            false));
    all.add(
        get(
            "exchange-service",
            EXCHANGE + "/subscriptions/{id}/records",
            PUBLIC_SECURITY_SYSTEM,
            Map.of("id", f.subscription()),
            List.of(
                Param.number("max", "1", "0", "5001"),
                Param.number("waitMs", "0", "30001"),
                Param.text("cursor"))));
    all.add(
        withVars(
            body(
                "exchange-service",
                "POST",
                EXCHANGE + "/subscriptions/{id}/commit",
                PUBLIC_SECURITY_SYSTEM,
                () -> object(Map.of("cursor", f.cursor())),
                fields("cursor", Kind.TEXT)),
            Map.of("id", f.subscription()),
            null));
    all.add(
        withVars(
            body(
                "exchange-service",
                "POST",
                EXCHANGE + "/subscriptions/{id}/seek",
                PUBLIC_SECURITY_SYSTEM,
                () -> object(Map.of("to", "earliest")),
                fields("to", Kind.INSTANT)),
            Map.of("id", f.subscription()),
            null));
    all.add(
        new Endpoint(
            "exchange-service",
            "GET",
            EXCHANGE + "/subscriptions/{id}/stream",
            Map.of("id", f.subscription()),
            Set.of(),
            PUBLIC_SECURITY_SYSTEM,
            List.of(),
            null,
            null,
            false,
            List.of(),
            Map.of("Last-Event-ID", f.cursor()),
            List.of("Last-Event-ID"),
            true));
    all.add(get("exchange-service", EXCHANGE + "/me", PUBLIC_SECURITY_SYSTEM, Map.of()));
    // audit-service
    List<Param> filters =
        List.of(
            Param.text("department"),
            Param.text("dataset"),
            Param.text("actor"),
            Param.text("action"),
            Param.text("outcome"),
            Param.instant("from"),
            Param.instant("to"));
    List<Param> search = new ArrayList<>(filters);
    search.add(Param.number("limit", null, "0", "501"));
    search.add(Param.text("cursor"));
    all.add(get("audit-service", AUDIT + "/events", AUDITOR, Map.of(), search));
    all.add(
        get(
            "audit-service",
            AUDIT + "/events/{id}",
            AUDITOR,
            Map.of("id", f.auditEventId()),
            List.of()));
    all.add(
        get(
            "audit-service",
            AUDIT + "/events/{id}/proof",
            AUDITOR,
            Map.of("id", f.auditEventId()),
            List.of(Param.number("treeSize", null, "0", "9223372036854775807"))));
    all.add(get("audit-service", AUDIT + "/tree-head", AUDITOR, Map.of()));
    all.add(
        get(
            "audit-service",
            AUDIT + "/consistency",
            AUDITOR,
            Map.of(),
            List.of(
                Param.number("from", "1", "0", "9223372036854775807"),
                Param.number("to", "1", "0", "9223372036854775807"))));
    List<Param> export = new ArrayList<>(filters);
    export.add(Param.text("format", "jsonl"));
    // Nothing matches the valid part of the filter: an accepted export streams nothing.
    export.set(2, Param.text("actor", "nobody-" + random()));
    all.add(get("audit-service", AUDIT + "/events/export", AUDITOR, Map.of(), export));
    all.add(get("audit-service", AUDIT + "/verify", AUDITOR, Map.of()));
    all.add(get("audit-service", AUDIT + "/me", AUDITOR, Map.of()));
    return all;
  }

  // ---------------------------------------------------------------- cases

  /** Every hostile request against {@code e}. {@code all} gives the methods each path maps. */
  static List<Case> cases(Endpoint e, List<Endpoint> all) {
    List<Case> cases = new ArrayList<>();
    String base = e.path() + e.baseQuery();
    for (String var : e.vars().keySet()) {
      for (String raw : BAD_UTF8) {
        cases.add(request(e, Hostile.BAD_UTF8_PATH, var + "=" + raw, onVar(e, var, raw)));
      }
      for (String raw : CONTROLS_ENCODED) {
        cases.add(request(e, Hostile.CONTROL_PATH, var + "=" + raw, onVar(e, var, raw)));
      }
      for (String raw : PATH_TRICKS) {
        cases.add(request(e, Hostile.PATH_TRICKS, var + "=" + abbreviate(raw), onVar(e, var, raw)));
      }
      if (e.intVars().contains(var)) {
        for (String raw : List.of("0", "-1", "2147483648", "9223372036854775808", "1e400", "abc")) {
          cases.add(request(e, Hostile.NUMBERS, var + "=" + raw, onVar(e, var, raw)));
        }
      }
    }
    for (Param p : e.query()) {
      for (String raw : BAD_UTF8) {
        cases.add(
            request(e, Hostile.BAD_UTF8_QUERY, p.name() + "=" + raw, onParam(e, p.name(), raw)));
      }
      switch (p.kind()) {
        case INT -> {
          for (String raw : p.badNumbers()) {
            cases.add(request(e, Hostile.NUMBERS, p.name() + "=" + raw, onParam(e, p.name(), raw)));
          }
        }
        case INSTANT -> {
          for (String instant : OUT_OF_RANGE_INSTANTS) {
            String raw = instant.replace("+", "%2B");
            cases.add(
                request(e, Hostile.INSTANT_RANGE, p.name() + "=" + raw, onParam(e, p.name(), raw)));
          }
          for (String raw : CONTROLS_ENCODED) {
            cases.add(
                request(e, Hostile.CONTROL_QUERY, p.name() + "=" + raw, onParam(e, p.name(), raw)));
          }
        }
        default -> {
          for (String raw : CONTROLS_ENCODED) {
            cases.add(
                request(e, Hostile.CONTROL_QUERY, p.name() + "=" + raw, onParam(e, p.name(), raw)));
          }
        }
      }
    }
    if (!e.query().isEmpty()) {
      Param first = e.query().stream().filter(p -> p.kind() == Kind.INT).findFirst().orElse(null);
      if (first != null) {
        cases.add(
            request(
                e,
                Hostile.NUMBERS,
                first.name() + " twice",
                base
                    + (base.contains("?") ? "&" : "?")
                    + first.name()
                    + "=1&"
                    + first.name()
                    + "=2"));
      }
    }
    if (e.body() != null) {
      bodyCases(e, base, cases);
    }
    for (String header : e.attackedHeaders()) {
      for (Map.Entry<String, byte[]> value : hostileHeaderValues().entrySet()) {
        cases.add(withHeader(e, Hostile.HEADERS, header, value.getKey(), value.getValue(), base));
      }
    }
    for (Map.Entry<String, byte[]> value : hostileHeaderValues().entrySet()) {
      byte[] bearer = concat("Bearer ".getBytes(StandardCharsets.ISO_8859_1), value.getValue());
      cases.add(
          new Case(
              Hostile.AUTHORIZATION,
              e.name(),
              e.service(),
              "Authorization: Bearer " + value.getKey(),
              e.method(),
              base,
              null,
              bearer,
              validHeaders(e),
              () -> validBody(e),
              e.stream(),
              null));
    }
    Set<String> mapped = new LinkedHashSet<>();
    all.stream()
        .filter(other -> other.template().equals(e.template()))
        .forEach(other -> mapped.add(other.method()));
    for (String method : List.of("PUT", "DELETE", "POST", "GET", "TRACE")) {
      if (!mapped.contains(method)) {
        cases.add(
            new Case(
                Hostile.METHOD,
                e.name(),
                e.service(),
                method + " " + e.template(),
                method,
                e.path(),
                e.caller(),
                null,
                List.of(),
                NO_BODY,
                false,
                null));
      }
    }
    // A hostile X-Request-Id on a request refused for another reason (wrong method).
    String wrong = mapped.contains("PUT") ? "TRACE" : "PUT";
    for (Map.Entry<String, byte[]> value : hostileHeaderValues().entrySet()) {
      cases.add(
          new Case(
              Hostile.REQUEST_ID,
              e.name(),
              e.service(),
              wrong + " with X-Request-Id " + value.getKey(),
              wrong,
              e.path(),
              e.caller(),
              null,
              List.of(new Header("X-Request-Id", value.getValue())),
              NO_BODY,
              false,
              value.getValue()));
    }
    return cases;
  }

  private static void bodyCases(Endpoint e, String base, List<Case> cases) {
    for (Field field : e.fields()) {
      for (String literal : wrongTypes(field.kind())) {
        cases.add(
            withBody(
                e, Hostile.WRONG_JSON_TYPE, field.pointer() + " = " + literal, field, literal));
      }
      if (field.kind() == Kind.TEXT || field.kind() == Kind.INSTANT) {
        for (String literal : CONTROL_JSON) {
          cases.add(
              withBody(e, Hostile.CONTROL_BODY, field.pointer() + " = " + literal, field, literal));
        }
      }
      if (field.kind() == Kind.LIST) {
        for (String literal : CONTROL_JSON) {
          cases.add(
              withBody(
                  e,
                  Hostile.CONTROL_BODY,
                  field.pointer() + " = [" + literal + "]",
                  field,
                  "[" + literal + "]"));
        }
      }
      if (field.kind() == Kind.INSTANT) {
        for (String instant : OUT_OF_RANGE_INSTANTS) {
          String literal = "\"" + instant + "\"";
          cases.add(
              withBody(
                  e, Hostile.INSTANT_RANGE, field.pointer() + " = " + literal, field, literal));
        }
      }
    }
    Map<String, Function<String, byte[]>> broken = new LinkedHashMap<>();
    broken.put("truncated JSON", valid -> utf8(valid.substring(0, valid.length() / 2)));
    broken.put("valid object then garbage", valid -> utf8(valid + "}{\"x\":"));
    broken.put("single quotes", valid -> utf8(valid.replace('"', '\'')));
    broken.put("a JSON array of the valid object", valid -> utf8("[" + valid + "]"));
    broken.put("an empty JSON array", valid -> utf8("[]"));
    broken.put("a JSON string", valid -> utf8("\"text\""));
    broken.put("a JSON number", valid -> utf8("12"));
    broken.put("20,000 nested arrays", valid -> utf8("[".repeat(20_000) + "]".repeat(20_000)));
    broken.put(
        "20,000 nested objects",
        valid -> utf8("{\"a\":".repeat(20_000) + "1" + "}".repeat(20_000)));
    broken.put(
        "bytes that are not UTF-8 inside a string",
        valid ->
            concat(
                utf8(valid.substring(0, valid.length() - 1) + ",\"x\":\""),
                new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) 0xC3, '"', '}'}));
    if (!e.bodyOptional()) {
      broken.put("an empty body", valid -> new byte[0]);
      broken.put("JSON null", valid -> utf8("null"));
      broken.put("whitespace only", valid -> utf8("  \n "));
    }
    broken.forEach(
        (label, bytes) ->
            cases.add(
                new Case(
                    Hostile.BROKEN_BODY,
                    e.name(),
                    e.service(),
                    label,
                    e.method(),
                    base,
                    e.caller(),
                    null,
                    withContentType(e, contentType(e)),
                    () -> bytes.apply(json(e)),
                    false,
                    null)));
    Map<String, Function<String, byte[]>> media = new LinkedHashMap<>();
    media.put("text/plain", valid -> utf8(valid));
    media.put("application/xml", valid -> utf8("<body><reason>x</reason></body>"));
    media.put("application/x-www-form-urlencoded", valid -> utf8("reason=x&code=y"));
    media.put("application/octet-stream", valid -> utf8(valid));
    media.put(null, valid -> utf8(valid));
    media.forEach(
        (type, bytes) ->
            cases.add(
                new Case(
                    Hostile.MEDIA_TYPE,
                    e.name(),
                    e.service(),
                    type == null ? "no Content-Type" : "Content-Type: " + type,
                    e.method(),
                    base,
                    e.caller(),
                    null,
                    withContentType(e, type),
                    () -> bytes.apply(json(e)),
                    false,
                    null)));
  }

  /** A fresh valid body of {@code e} as JSON text. */
  private static String json(Endpoint e) {
    return E2ePlatform.JSON.writeValueAsString(e.body().get());
  }

  private static List<String> wrongTypes(Kind kind) {
    return switch (kind) {
      case TEXT, INSTANT -> List.of("{}", "[]", "[\"x\"]", "{\"$gt\":\"\"}");
      case LIST -> List.of("\"x\"", "{}", "[{}]", "[[]]");
      case OBJECT -> List.of("[]", "\"x\"", "1e400", "true");
      case ARRAY -> List.of("\"x\"", "{}", "1e400", "[null]", "[[]]");
      case BOOL -> List.of("\"yes\"", "{}", "[]", "1e400");
      case SCHEMA -> List.of("[]", "1e400", "true", "{}", "\"\"", "\"{\"");
      case INT -> List.of("\"abc\"", "{}", "[]", "1e400");
    };
  }

  /** Hostile values of a header, by label: over-long, not ASCII, control characters. */
  private static Map<String, byte[]> hostileHeaderValues() {
    Map<String, byte[]> values = new LinkedHashMap<>();
    values.put("of 1,000 characters", "k".repeat(1000).getBytes(StandardCharsets.ISO_8859_1));
    values.put("of 9,000 characters", "k".repeat(9000).getBytes(StandardCharsets.ISO_8859_1));
    values.put("in UTF-8 (键值)", "键值".getBytes(StandardCharsets.UTF_8));
    values.put("with byte 0xFF", new byte[] {'k', (byte) 0xFF, 'k'});
    values.put("with control character 0x01", new byte[] {'k', 0x01, 'k'});
    values.put("with NUL", new byte[] {'k', 0x00, 'k'});
    return values;
  }

  private static Case request(Endpoint e, Hostile hostile, String label, String target) {
    return new Case(
        hostile,
        e.name(),
        e.service(),
        label,
        e.method(),
        target,
        e.caller(),
        null,
        validHeaders(e),
        () -> validBody(e),
        e.stream(),
        null);
  }

  private static Case withHeader(
      Endpoint e, Hostile hostile, String header, String label, byte[] value, String target) {
    List<Header> headers = new ArrayList<>();
    for (Header h : validHeaders(e)) {
      if (!h.name().equalsIgnoreCase(header)) {
        headers.add(h);
      }
    }
    headers.add(new Header(header, value));
    return new Case(
        hostile,
        e.name(),
        e.service(),
        header + " " + label,
        e.method(),
        target,
        e.caller(),
        null,
        headers,
        () -> validBody(e),
        e.stream(),
        null);
  }

  private static Case withBody(
      Endpoint e, Hostile hostile, String label, Field field, String literal) {
    Supplier<byte[]> body =
        () -> {
          ObjectNode fresh = e.body().get();
          set(fresh, field.pointer());
          return utf8(
              E2ePlatform.JSON.writeValueAsString(fresh).replace("\"" + SLOT + "\"", literal));
        };
    return new Case(
        hostile,
        e.name(),
        e.service(),
        label,
        e.method(),
        e.path() + e.baseQuery(),
        e.caller(),
        null,
        validHeaders(e),
        body,
        false,
        null);
  }

  /** Puts the slot at {@code pointer}, creating the last member when it is missing. */
  private static void set(ObjectNode body, String pointer) {
    String[] steps = pointer.split("/");
    JsonNode parent = body;
    for (int i = 0; i < steps.length - 1; i++) {
      parent = parent.isArray() ? parent.get(Integer.parseInt(steps[i])) : parent.get(steps[i]);
    }
    String last = steps[steps.length - 1];
    if (parent instanceof ArrayNode array) {
      array.set(Integer.parseInt(last), SLOT);
    } else {
      ((ObjectNode) parent).put(last, SLOT);
    }
  }

  private static String onVar(Endpoint e, String var, String raw) {
    String path = e.template();
    for (Map.Entry<String, String> v : e.vars().entrySet()) {
      path = path.replace("{" + v.getKey() + "}", v.getKey().equals(var) ? raw : v.getValue());
    }
    return path + e.baseQuery();
  }

  private static String onParam(Endpoint e, String param, String raw) {
    return e.path() + e.query(param, raw);
  }

  private static List<Header> validHeaders(Endpoint e) {
    List<Header> headers = new ArrayList<>();
    e.headers().forEach((name, value) -> headers.add(Header.of(name, value)));
    if (e.body() != null) {
      headers.add(Header.of("Content-Type", contentType(e)));
    }
    return headers;
  }

  private static List<Header> withContentType(Endpoint e, String type) {
    List<Header> headers = new ArrayList<>();
    e.headers().forEach((name, value) -> headers.add(Header.of(name, value)));
    if (type != null) {
      headers.add(Header.of("Content-Type", type));
    }
    return headers;
  }

  private static String contentType(Endpoint e) {
    return e.contentType() == null ? "application/json" : e.contentType();
  }

  private static byte[] validBody(Endpoint e) {
    return e.body() == null ? null : utf8(json(e));
  }

  private static final Supplier<byte[]> NO_BODY = () -> null;

  /** Unknown paths, per service; {@code null} service: the gateway's own. */
  static List<Case> unknownPaths() {
    List<Case> cases = new ArrayList<>();
    Map<String, LocalIdentity> services = new LinkedHashMap<>();
    services.put("catalog-service", CIVIL_AFFAIRS_ADMIN);
    services.put("exchange-service", PUBLIC_SECURITY_SYSTEM);
    services.put("audit-service", AUDITOR);
    services.forEach(
        (service, caller) -> {
          String prefix = "/api/" + service.substring(0, service.indexOf('-'));
          for (String path :
              List.of(
                  prefix + "/v1/nope",
                  prefix + "/v1/nope/deeper/still",
                  prefix + "/v2/me",
                  prefix + "/V1/me",
                  prefix + "/v1/me/",
                  prefix + "/v1/me.json",
                  "/error",
                  "/actuator/env",
                  "/actuator/heapdump",
                  "/nope")) {
            cases.add(
                new Case(
                    Hostile.UNKNOWN_PATH,
                    "unknown paths of " + service,
                    service,
                    "GET " + path,
                    "GET",
                    path,
                    caller,
                    null,
                    List.of(),
                    NO_BODY,
                    false,
                    null));
          }
        });
    return cases;
  }

  // ---------------------------------------------------------------- building blocks

  private static Endpoint get(
      String service, String template, LocalIdentity caller, Map<String, String> vars) {
    return get(service, template, caller, vars, List.of());
  }

  private static Endpoint get(
      String service,
      String template,
      LocalIdentity caller,
      Map<String, String> vars,
      List<Param> query) {
    return new Endpoint(
        service, "GET", template, vars, Set.of(), caller, query, null, null, false, List.of(),
        Map.of(), List.of(), false);
  }

  /** A list: pages with {@code limit} and {@code cursor}, as every list of the contract does. */
  private static Endpoint list(String service, String template, LocalIdentity caller) {
    return get(
        service,
        template,
        caller,
        Map.of(),
        List.of(Param.number("limit", null, "0", "501"), Param.text("cursor")));
  }

  private static Endpoint body(
      String service,
      String method,
      String template,
      LocalIdentity caller,
      Supplier<ObjectNode> body,
      List<Field> fields) {
    return new Endpoint(
        service, method, template, Map.of(), Set.of(), caller, List.of(), body, null, false, fields,
        Map.of(), List.of(), false);
  }

  private static Endpoint withVars(Endpoint e, Map<String, String> vars, String contentType) {
    return new Endpoint(
        e.service(),
        e.method(),
        e.template(),
        vars,
        e.intVars(),
        e.caller(),
        e.query(),
        e.body(),
        contentType,
        e.bodyOptional(),
        e.fields(),
        e.headers(),
        e.attackedHeaders(),
        e.stream());
  }

  private static Endpoint optionalBody(Endpoint e) {
    return new Endpoint(
        e.service(),
        e.method(),
        e.template(),
        e.vars(),
        e.intVars(),
        e.caller(),
        e.query(),
        e.body(),
        e.contentType(),
        true,
        e.fields(),
        e.headers(),
        e.attackedHeaders(),
        e.stream());
  }

  private static Endpoint withHeaders(Endpoint e, List<String> attacked) {
    return new Endpoint(
        e.service(),
        e.method(),
        e.template(),
        e.vars(),
        e.intVars(),
        e.caller(),
        e.query(),
        e.body(),
        e.contentType(),
        e.bodyOptional(),
        e.fields(),
        e.headers(),
        attacked,
        e.stream());
  }

  private static List<Field> fields(Object... pairs) {
    List<Field> fields = new ArrayList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      fields.add(new Field((String) pairs[i], (Kind) pairs[i + 1]));
    }
    return fields;
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

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static String abbreviate(String raw) {
    return raw.length() > 40 ? raw.substring(0, 8) + "…(" + raw.length() + " chars)" : raw;
  }

  private static String random() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
