package io.hutong.e2e;

import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY_SYSTEM;

import io.hutong.deploy.server.LocalIdentity;
import io.hutong.e2e.E2ePlatform.Reply;
import io.hutong.schemas.data.DataTopics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.databind.JsonNode;

/**
 * What the hostile-input suite must find unchanged after each endpoint's hostile requests, read
 * cheaply and directly from each service (no gateway, so no rate limit): counts of departments,
 * datasets, schema versions, access requests, grants and subscriptions, the fixture's datasets as
 * they stand, and the end offsets of its data topic. (The exchange does not show a subscription's
 * committed position, so hostile commits and seeks are judged by their answers alone.)
 */
final class WrittenState implements AutoCloseable {

  private final E2ePlatform platform;
  private final MatrixFixture fixture;
  private final Admin kafka;

  WrittenState(E2ePlatform platform, MatrixFixture fixture, Map<String, Object> kafkaClient) {
    this.platform = platform;
    this.fixture = fixture;
    this.kafka = Admin.create(kafkaClient);
  }

  /** Every fact, by name. */
  Map<String, String> read() throws Exception {
    Map<String, String> facts = new LinkedHashMap<>();
    String catalog = "/api/catalog/v1";
    facts.put(
        "departments", count(E2ePlatform.CATALOG, CIVIL_AFFAIRS_ADMIN, catalog + "/departments"));
    facts.put("datasets", count(E2ePlatform.CATALOG, CIVIL_AFFAIRS_ADMIN, catalog + "/datasets"));
    for (String code : List.of(fixture.dataset(), fixture.retirable(), fixture.evolvable())) {
      JsonNode d = get(E2ePlatform.CATALOG, CIVIL_AFFAIRS_ADMIN, catalog + "/datasets/" + code);
      facts.put(
          "dataset " + code,
          String.join(
              " | ",
              d.path("status").asString(),
              "v" + d.path("currentSchemaVersion").asInt(),
              d.path("name").asString(),
              d.path("description").asString(),
              d.path("tags").toString(),
              d.path("updatedAt").asString()));
    }
    facts.put(
        "schema versions of " + fixture.evolvable(),
        count(
            E2ePlatform.CATALOG,
            CIVIL_AFFAIRS_ADMIN,
            catalog + "/datasets/" + fixture.evolvable() + "/schemas"));
    facts.put(
        "requests to civil-affairs",
        count(
            E2ePlatform.CATALOG, CIVIL_AFFAIRS_ADMIN, catalog + "/access-requests?side=provider"));
    facts.put(
        "pending requests to civil-affairs",
        count(
            E2ePlatform.CATALOG,
            CIVIL_AFFAIRS_ADMIN,
            catalog + "/access-requests?side=provider&status=PENDING"));
    facts.put(
        "requests of public-security",
        count(
            E2ePlatform.CATALOG,
            PUBLIC_SECURITY_ADMIN,
            catalog + "/access-requests?side=consumer"));
    facts.put(
        "grants of civil-affairs",
        count(E2ePlatform.CATALOG, CIVIL_AFFAIRS_ADMIN, catalog + "/grants?state=all"));
    facts.put(
        "live grants of civil-affairs",
        count(E2ePlatform.CATALOG, CIVIL_AFFAIRS_ADMIN, catalog + "/grants"));
    facts.put(
        "subscriptions of public-security-system",
        count(E2ePlatform.EXCHANGE, PUBLIC_SECURITY_SYSTEM, "/api/exchange/v1/subscriptions"));
    facts.put("end offsets of " + DataTopics.PREFIX + fixture.dataset(), endOffsets());
    return facts;
  }

  private String endOffsets() throws InterruptedException, ExecutionException {
    String topic = DataTopics.PREFIX + fixture.dataset();
    var description = kafka.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
    Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
    description
        .partitions()
        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
    Map<Integer, Long> ends = new java.util.TreeMap<>();
    kafka
        .listOffsets(latest)
        .all()
        .get()
        .forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
    return ends.toString();
  }

  /** How many items the list at {@code path} holds, following its pages. */
  private String count(String service, LocalIdentity who, String path) throws Exception {
    int count = 0;
    String cursor = null;
    int pages = 0;
    do {
      String page =
          path
              + (path.contains("?") ? "&" : "?")
              + "limit=500"
              + (cursor == null ? "" : "&cursor=" + cursor);
      JsonNode body = get(service, who, page);
      JsonNode items = body.isArray() ? body : body.path("items");
      count += items.size();
      JsonNode next = body.path("nextCursor");
      cursor = next.isString() && !next.asString().isEmpty() ? next.asString() : null;
    } while (cursor != null && ++pages < 100);
    return Integer.toString(count);
  }

  private JsonNode get(String service, LocalIdentity who, String path) throws Exception {
    Reply r =
        platform.callPort(
            platform.port(service),
            "Bearer " + platform.tokens().accessToken(who),
            "GET",
            path,
            null,
            Map.of());
    if (r.status() != 200) {
      throw new IllegalStateException(
          "GET " + path + " as " + who.name() + ": " + r.status() + " " + r.text());
    }
    return r.body();
  }

  @Override
  public void close() {
    kafka.close();
  }
}
