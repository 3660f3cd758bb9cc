package io.hutong.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.hutong.deploy.junit.HutongStack;
import io.hutong.deploy.server.LocalIdentity;
import io.hutong.e2e.ContractEndpoints.Endpoint;
import io.hutong.e2e.HostileInputs.Case;
import io.hutong.e2e.HostileInputs.Hostile;
import io.hutong.e2e.RawHttp.Header;
import io.hutong.e2e.RawHttp.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Hostile input, end to end: every endpoint of the contract ({@link ContractEndpoints}), with every
 * class of hostile input ({@link HostileInputs}), through the gateway and directly at each service,
 * sent byte for byte by {@link RawHttp}. Each request must be refused with a 4xx {@code
 * application/problem+json} answer whose {@code type}, {@code title}, {@code status}, {@code
 * detail} and {@code instance} are set, carrying an {@code X-Request-Id}; and after each endpoint's
 * requests nothing may have been written ({@link WrittenState}). The numbers — sent, refused
 * correctly, by class and by target — are printed at the end and every answer is written to {@code
 * target/hostile-input-outcomes.tsv}.
 */
@ExtendWith(HutongStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {

  private static final String PROBLEM_TYPE_PREFIX = "urn:hutong:problem:";
  private static final Duration RATE_LIMIT_PATIENCE = Duration.ofSeconds(30);
  private static final String GATEWAY = "gateway";
  private static final Duration AUDIT_PATIENCE = Duration.ofSeconds(60);

  private static E2ePlatform platform;
  private static MatrixFixture fixture;
  private static WrittenState state;

  /** One answer to one hostile request. */
  private record Outcome(
      Hostile hostile,
      String target,
      String endpoint,
      String label,
      boolean refused,
      int status,
      String contentType,
      String violations,
      String body) {}

  private static final List<Outcome> outcomes = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void platformAndFixture() throws Exception {
    platform = E2ePlatform.get();
    fixture = MatrixFixture.create(platform);
    state =
        new WrittenState(platform, fixture, HutongStack.infrastructure().kafka().operatorClient());
  }

  @AfterAll
  static void report() throws IOException {
    if (state != null) {
      state.close();
    }
    Map<String, int[]> byClass = new TreeMap<>();
    Map<String, int[]> byTarget = new TreeMap<>();
    List<String> lines = new ArrayList<>();
    lines.add("class\ttarget\tendpoint\tcase\trefused\tstatus\tcontent-type\tviolations\tbody");
    int refused = 0;
    for (Outcome o : outcomes) {
      tally(byClass, o.hostile().name(), o.refused());
      tally(byTarget, o.target(), o.refused());
      refused += o.refused() ? 1 : 0;
      lines.add(
          String.join(
              "\t",
              o.hostile().name(),
              o.target(),
              o.endpoint(),
              clean(o.label()),
              Boolean.toString(o.refused()),
              Integer.toString(o.status()),
              clean(o.contentType()),
              clean(o.violations()),
              clean(o.body())));
    }
    Files.write(Path.of("target", "hostile-input-outcomes.tsv"), lines, StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "%n[hostile] %d hostile requests sent, %d refused correctly, %d not%n",
            outcomes.size(), refused, outcomes.size() - refused));
    out.append("[hostile] by class:\n");
    byClass.forEach(
        (name, n) ->
            out.append(
                String.format(
                    "[hostile]   %-16s %5d sent %5d refused correctly  (%s)%n",
                    name, n[0], n[1], Hostile.valueOf(name).description)));
    out.append("[hostile] by target:\n");
    byTarget.forEach(
        (name, n) ->
            out.append(
                String.format(
                    "[hostile]   %-26s %5d sent %5d refused correctly%n", name, n[0], n[1])));
    System.out.println(out);
  }

  @TestFactory
  @Order(1)
  Stream<DynamicNode> everyEndpointRefusesEveryHostileInputAndWritesNothing() {
    List<Endpoint> all = ContractEndpoints.all(fixture);
    Stream<DynamicNode> endpoints =
        all.stream().map(e -> endpoint(e.name(), HostileInputs.cases(e, all)));
    Stream<DynamicNode> unknown =
        HostileInputs.unknownPaths().stream()
            .collect(
                java.util.stream.Collectors.groupingBy(
                    Case::endpoint,
                    java.util.LinkedHashMap::new,
                    java.util.stream.Collectors.toList()))
            .entrySet()
            .stream()
            .map(e -> endpoint(e.getKey(), e.getValue()));
    return Stream.concat(endpoints, unknown);
  }

  /**
   * Hostile input quoted in audit events (paths, codes, reasons) must not stall the audit log:
   * after all of it, a fresh call is still found there.
   */
  @Test
  @Order(2)
  void theAuditLogStillIngestsAfterAllHostileInput() throws Exception {
    Instant since = Instant.now();
    String dataset = fixture.dataset();
    E2ePlatform.Reply read =
        platform.call(
            LocalIdentity.HUMAN_RESOURCES_ADMIN,
            "GET",
            "/api/catalog/v1/datasets/" + dataset,
            null);
    assertThat(read.status()).as(read.text()).isEqualTo(200);
    String search =
        "/api/audit/v1/events?actor=human-resources-admin&action=DATASET_READ&dataset="
            + dataset
            + "&from="
            + since;
    Instant deadline = Instant.now().plus(AUDIT_PATIENCE);
    E2ePlatform.Reply found = platform.call(LocalIdentity.AUDITOR, "GET", search, null);
    while (found.body().path("items").isEmpty() && Instant.now().isBefore(deadline)) {
      Thread.sleep(500);
      found = platform.call(LocalIdentity.AUDITOR, "GET", search, null);
    }
    assertThat(found.body().path("items"))
        .as(
            "a call made after the hostile input, in the audit log within %s: %s",
            AUDIT_PATIENCE, found.text())
        .isNotEmpty();
  }

  /** The cases of one endpoint at every target, between two readings of the written state. */
  private static DynamicNode endpoint(String name, List<Case> cases) {
    AtomicReference<Map<String, String>> before = new AtomicReference<>();
    Stream<DynamicNode> first =
        Stream.of(dynamicTest("state before", () -> before.set(state.read())));
    Stream<DynamicNode> requests =
        cases.stream()
            .flatMap(
                c ->
                    Stream.of(GATEWAY, c.service())
                        .map(
                            target ->
                                dynamicTest(
                                    "[" + c.hostile() + "] " + c.label() + " → " + where(target),
                                    () -> refused(c, target))));
    Stream<DynamicNode> last =
        Stream.of(
            dynamicTest(
                "nothing was written",
                () -> {
                  assertThat(before.get()).as("state before was read").isNotNull();
                  assertThat(state.read()).as(name + ": state after").isEqualTo(before.get());
                }));
    return dynamicContainer(name, Stream.of(first, requests, last).flatMap(s -> s));
  }

  private static String where(String target) {
    return target.equals(GATEWAY) ? "gateway" : target + " directly";
  }

  private static void refused(Case c, String target) throws Exception {
    int port = target.equals(GATEWAY) ? platform.gatewayPort() : platform.port(target);
    List<Header> headers = new ArrayList<>();
    if (c.authorization() != null) {
      headers.add(new Header("Authorization", c.authorization()));
    } else if (c.caller() != null) {
      headers.add(
          Header.of("Authorization", "Bearer " + platform.tokens().accessToken(c.caller())));
    }
    headers.addAll(c.headers());
    Response r;
    try {
      r = patiently(port, c, headers);
    } catch (IOException e) {
      outcomes.add(
          new Outcome(
              c.hostile(),
              where(target),
              c.endpoint(),
              c.label(),
              false,
              0,
              null,
              "no answer: " + e,
              ""));
      throw new AssertionError(
          c.endpoint() + " " + c.label() + " → " + where(target) + ": no answer", e);
    }
    List<String> violations = violations(r, c);
    String body = r.text();
    outcomes.add(
        new Outcome(
            c.hostile(),
            where(target),
            c.endpoint(),
            c.label(),
            violations.isEmpty(),
            r.status(),
            r.header("Content-Type"),
            String.join("; ", violations),
            body.length() > 300 ? body.substring(0, 300) + "…" : body));
    assertThat(violations)
        .as(
            "%s %s → %s: %d %s %s",
            c.endpoint(),
            c.label(),
            where(target),
            r.status(),
            r.header("Content-Type"),
            body.length() > 500 ? body.substring(0, 500) : body)
        .isEmpty();
  }

  /** Sends {@code c}, waiting out the gateway's 429s for at most 30 s. */
  private static Response patiently(int port, Case c, List<Header> headers)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(RATE_LIMIT_PATIENCE);
    byte[] body = c.body().get();
    Response r = RawHttp.send(port, c.method(), c.target(), headers, body, c.stream());
    while (r.status() == 429 && Instant.now().isBefore(deadline)) {
      Thread.sleep(1000);
      r = RawHttp.send(port, c.method(), c.target(), headers, body, c.stream());
    }
    return r;
  }

  /** What is wrong with {@code r} as the refusal of {@code c}; empty when it is right. */
  private static List<String> violations(Response r, Case c) {
    List<String> wrong = new ArrayList<>();
    if (r.status() < 400 || r.status() > 499) {
      wrong.add("status " + r.status() + " is not 4xx");
    }
    String type = r.header("Content-Type");
    if (type == null || !type.startsWith("application/problem+json")) {
      wrong.add("Content-Type " + type + " is not application/problem+json");
    }
    JsonNode body = r.json();
    if (!body.isObject()) {
      wrong.add("body is not a JSON object");
    } else {
      if (!body.path("type").asString("").startsWith(PROBLEM_TYPE_PREFIX)) {
        wrong.add("type " + body.path("type") + " does not start with " + PROBLEM_TYPE_PREFIX);
      }
      for (String member : List.of("title", "detail", "instance")) {
        if (!body.path(member).isString() || body.path(member).asString().isBlank()) {
          wrong.add(member + " missing");
        }
      }
      if (!body.path("status").isNumber() || body.path("status").asInt() != r.status()) {
        wrong.add("status member " + body.path("status") + " is not " + r.status());
      }
    }
    String requestId = r.header("X-Request-Id");
    if (requestId == null || requestId.isBlank()) {
      wrong.add("no X-Request-Id");
    } else if (c.requestId() != null
        && requestId.equals(new String(c.requestId(), StandardCharsets.ISO_8859_1))) {
      wrong.add("the hostile X-Request-Id was echoed");
    }
    return wrong;
  }

  private static void tally(Map<String, int[]> counts, String key, boolean refused) {
    int[] n = counts.computeIfAbsent(key, k -> new int[2]);
    n[0]++;
    n[1] += refused ? 1 : 0;
  }

  private static String clean(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .forEach(
            cp -> {
              if (cp < 0x20 || cp == 0x7f) {
                out.append(String.format("\\x%02x", cp));
              } else {
                out.appendCodePoint(cp);
              }
            });
    return out.length() > 400 ? out.substring(0, 400) + "…" : out.toString();
  }
}
