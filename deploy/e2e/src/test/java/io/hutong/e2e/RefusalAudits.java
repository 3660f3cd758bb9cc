package io.hutong.e2e;

import static io.hutong.deploy.server.LocalIdentity.AUDITOR;
import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.e2e.E2ePlatform.Reply;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * "All refused, all audited": collects the refusals a test class caused and then finds each one's
 * event in the audit log, as the auditor through the gateway, checking what it says. Events travel
 * through Kafka (the catalogue's through its outbox first), so the search is repeated until every
 * refusal found its event or the patience ran out.
 */
final class RefusalAudits {

  /**
   * A refusal and what its audit event must say.
   *
   * @param what the refused call, for messages
   * @param service the {@code service} that must record it
   * @param action the {@code action} it must carry; null accepts any
   * @param actor the {@code actor} it must carry (null when the caller was not authenticated)
   * @param status the HTTP status of the refusal; the gateway's reasons start with it
   * @param detail the problem's {@code detail}, which the {@code reason} must contain
   * @param requestId the request id the refused call carried ({@code X-Request-Id} of the answer,
   *     or the one sent directly to a service); null if the answer had none, which is a failure
   * @param marker a random token in the refused call's query (or path), to find a gateway event
   *     even when the request id is missing; null when not needed
   * @param stoppedAtGateway true when no service may have seen the call at all
   */
  record Expected(
      String what,
      String service,
      String action,
      String actor,
      int status,
      String detail,
      String requestId,
      String marker,
      boolean stoppedAtGateway) {}

  private final E2ePlatform platform;
  private final Instant since;

  /** For refusals made from {@code since} on. */
  RefusalAudits(E2ePlatform platform, Instant since) {
    this.platform = platform;
    this.since = since;
  }

  /**
   * Whether the gateway records {@code r} in a counted event rather than one of its own: refusals
   * before authentication are counted per source address, reason and second ({@code
   * REQUESTS_REJECTED} with the count in {@code recordCount}), so a flood of bad tokens cannot
   * become a flood of audit events.
   */
  private static boolean counted(Expected r) {
    return E2ePlatform.GATEWAY.equals(r.service()) && r.actor() == null;
  }

  /** Fails, listing every refusal whose audit event is missing or wrong. */
  void assertAudited(Collection<Expected> refusals, Duration patience)
      throws IOException, InterruptedException {
    assertThat(refusals).as("refusals to look for").isNotEmpty();
    List<Expected> individual = refusals.stream().filter(r -> !counted(r)).toList();
    Map<Integer, Long> countedByStatus =
        refusals.stream()
            .filter(RefusalAudits::counted)
            .collect(Collectors.groupingBy(Expected::status, Collectors.counting()));
    Instant deadline = Instant.now().plus(patience);
    List<JsonNode> events = eventsSince();
    while (!(allFound(individual, events) && allCounted(countedByStatus, events))
        && Instant.now().isBefore(deadline)) {
      Thread.sleep(1_000);
      events = eventsSince();
    }
    List<String> problems = new ArrayList<>();
    for (Expected refusal : individual) {
      problems.addAll(check(refusal, events));
    }
    for (Expected refusal : refusals) {
      if (counted(refusal)) {
        problems.addAll(checkStoppedAtGateway(refusal, events));
      }
    }
    List<JsonNode> seen = events;
    countedByStatus.forEach(
        (status, expected) -> {
          long recorded = countedAt(status, seen);
          if (recorded < expected) {
            problems.add(
                expected
                    + " refusals with status "
                    + status
                    + " before authentication, but the gateway's counted events add up to "
                    + recorded);
          }
        });
    assertThat(problems)
        .as("%d refusals, %d events since %s", refusals.size(), events.size(), since)
        .isEmpty();
  }

  private static boolean allFound(Collection<Expected> refusals, List<JsonNode> events) {
    return refusals.stream().allMatch(r -> find(r, events) != null);
  }

  private static boolean allCounted(Map<Integer, Long> expected, List<JsonNode> events) {
    return expected.entrySet().stream()
        .allMatch(e -> countedAt(e.getKey(), events) >= e.getValue());
  }

  /** The sum of the gateway's counted refusals with {@code status}. */
  private static long countedAt(int status, List<JsonNode> events) {
    return events.stream()
        .filter(e -> E2ePlatform.GATEWAY.equals(text(e, "service")))
        .filter(e -> "REQUESTS_REJECTED".equals(text(e, "action")))
        .filter(e -> String.valueOf(text(e, "reason")).startsWith(status + " "))
        .mapToLong(e -> e.path("recordCount").asLong(0))
        .sum();
  }

  private static List<String> checkStoppedAtGateway(Expected r, List<JsonNode> events) {
    List<String> problems = new ArrayList<>();
    if (r.requestId() == null) {
      problems.add(r.what() + ": the refusal's answer carried no X-Request-Id");
    }
    if (r.stoppedAtGateway()) {
      events.stream()
          .filter(e -> !E2ePlatform.GATEWAY.equals(text(e, "service")))
          .filter(e -> sameCall(r, e))
          .forEach(e -> problems.add(r.what() + ": reached a service although refused: " + e));
    }
    return problems;
  }

  private List<String> check(Expected r, List<JsonNode> events) {
    List<String> problems = new ArrayList<>();
    if (r.requestId() == null) {
      problems.add(r.what() + ": the refusal's answer carried no X-Request-Id");
    }
    JsonNode event = find(r, events);
    if (event == null) {
      problems.add(r.what() + ": no event of " + r.service() + " found");
      return problems;
    }
    String found = r.what() + ": event " + event;
    if (!"DENIED".equals(text(event, "outcome"))) {
      problems.add(found + " — outcome should be DENIED");
    }
    if (r.action() != null && !r.action().equals(text(event, "action"))) {
      problems.add(found + " — action should be " + r.action());
    }
    if (!Objects.equals(r.actor(), text(event, "actor"))) {
      problems.add(found + " — actor should be " + r.actor());
    }
    String reason = text(event, "reason");
    if (r.detail() == null || reason == null || !reason.contains(r.detail())) {
      problems.add(found + " — reason should contain the answer's detail: " + r.detail());
    }
    if (r.requestId() != null && !r.requestId().equals(text(event, "requestId"))) {
      problems.add(found + " — requestId should be " + r.requestId());
    }
    if (r.stoppedAtGateway()) {
      events.stream()
          .filter(e -> !E2ePlatform.GATEWAY.equals(text(e, "service")))
          .filter(e -> sameCall(r, e))
          .forEach(e -> problems.add(r.what() + ": reached a service although refused: " + e));
    }
    return problems;
  }

  /** The event of {@code r}, or null. */
  private static JsonNode find(Expected r, List<JsonNode> events) {
    return events.stream()
        .filter(e -> r.service().equals(text(e, "service")))
        .filter(e -> sameCall(r, e))
        // At the gateway, a 429 before the final answer is another refusal of the same call.
        .filter(
            e ->
                !E2ePlatform.GATEWAY.equals(r.service())
                    || String.valueOf(text(e, "reason")).startsWith(r.status() + " "))
        .findFirst()
        .orElse(null);
  }

  private static boolean sameCall(Expected r, JsonNode event) {
    String resource = text(event, "resource");
    return (r.requestId() != null && r.requestId().equals(text(event, "requestId")))
        || (r.marker() != null && resource != null && resource.contains(r.marker()));
  }

  /**
   * Every event since {@link #since}, following the pages: refusals are DENIED, but a call that
   * should have been refused and was forwarded may have been ALLOWED by the service.
   */
  private List<JsonNode> eventsSince() throws IOException, InterruptedException {
    List<JsonNode> events = new ArrayList<>();
    String cursor = null;
    do {
      Reply page =
          platform.call(
              AUDITOR,
              "GET",
              "/api/audit/v1/events?limit=500&from="
                  + since
                  + (cursor == null ? "" : "&cursor=" + cursor),
              null);
      assertThat(page.status()).as("audit search: " + page.text()).isEqualTo(200);
      for (JsonNode item : page.body().path("items")) {
        JsonNode event = item.path("event");
        if (event.isObject()) {
          events.add(event);
        }
      }
      cursor = text(page.body(), "nextCursor");
    } while (cursor != null);
    return events;
  }

  /** A string member, or null when it is absent or JSON null. */
  static String text(JsonNode node, String member) {
    JsonNode value = node.path(member);
    return value.isMissingNode() || value.isNull() ? null : value.asString();
  }
}
