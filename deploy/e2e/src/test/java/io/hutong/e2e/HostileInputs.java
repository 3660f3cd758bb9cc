package io.hutong.e2e;

import static io.hutong.deploy.server.LocalIdentity.AUDITOR;
import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY_SYSTEM;

import io.hutong.deploy.server.LocalIdentity;
import io.hutong.e2e.ContractEndpoints.Endpoint;
import io.hutong.e2e.ContractEndpoints.Field;
import io.hutong.e2e.ContractEndpoints.Kind;
import io.hutong.e2e.ContractEndpoints.Param;
import io.hutong.e2e.RawHttp.Header;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The classes of hostile input an attacker or a buggy client sends, and the raw requests ({@link
 * RawHttp}) each makes of an endpoint of the contract ({@link ContractEndpoints}): every path
 * variable, query parameter, body field and attacked header gets every value of its kind's classes,
 * each on an otherwise valid request. Each must be refused with a 4xx problem; none may be accepted
 * or crash the service.
 */
final class HostileInputs {

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

  // ---------------------------------------------------------------- cases

  /** Every hostile request against {@code e}. {@code all} gives the methods each path maps. */
  static List<Case> cases(Endpoint e, List<Endpoint> all) {
    List<Case> cases = new ArrayList<>();
    pathCases(e, cases);
    queryCases(e, cases);
    if (e.body() != null) {
      bodyCases(e, e.path() + e.baseQuery(), cases);
    }
    headerCases(e, cases);
    Set<String> mapped = new LinkedHashSet<>();
    all.stream()
        .filter(other -> other.template().equals(e.template()))
        .forEach(other -> mapped.add(other.method()));
    methodCases(e, mapped, cases);
    return cases;
  }

  /** Every path variable with every bad encoding, control character and path trick. */
  private static void pathCases(Endpoint e, List<Case> cases) {
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
  }

  /** Every query parameter with every value of its kind's classes; a number given twice. */
  private static void queryCases(Endpoint e, List<Case> cases) {
    for (Param p : e.query()) {
      List<Map.Entry<Hostile, String>> values = new ArrayList<>();
      BAD_UTF8.forEach(raw -> values.add(Map.entry(Hostile.BAD_UTF8_QUERY, raw)));
      if (p.kind() == Kind.INT) {
        p.badNumbers().forEach(raw -> values.add(Map.entry(Hostile.NUMBERS, raw)));
      } else {
        CONTROLS_ENCODED.forEach(raw -> values.add(Map.entry(Hostile.CONTROL_QUERY, raw)));
      }
      if (p.kind() == Kind.INSTANT) {
        OUT_OF_RANGE_INSTANTS.forEach(
            instant -> values.add(Map.entry(Hostile.INSTANT_RANGE, instant.replace("+", "%2B"))));
      }
      for (Map.Entry<Hostile, String> value : values) {
        String raw = value.getValue();
        cases.add(
            request(
                e, value.getKey(), p.name() + "=" + raw, e.path() + e.queryWith(p.name(), raw)));
      }
    }
    e.query().stream()
        .filter(p -> p.kind() == Kind.INT)
        .findFirst()
        .ifPresent(
            number -> {
              String base = e.path() + e.baseQuery();
              String twice = number.name() + "=1&" + number.name() + "=2";
              cases.add(
                  request(
                      e,
                      Hostile.NUMBERS,
                      number.name() + " twice",
                      base + (base.contains("?") ? "&" : "?") + twice));
            });
  }

  /** The endpoint's attacked headers, and {@code Authorization}, with every hostile value. */
  private static void headerCases(Endpoint e, List<Case> cases) {
    String base = e.path() + e.baseQuery();
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
  }

  /**
   * Every method the path does not map ({@code mapped}); and a hostile {@code X-Request-Id} on a
   * request refused for another reason (a wrong method), whose answer must not echo it.
   */
  private static void methodCases(Endpoint e, Set<String> mapped, List<Case> cases) {
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
    return e.pathWith(var, raw) + e.baseQuery();
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
}
