package io.hutong.exchange.subscribe;

import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_SYSTEM;
import static io.hutong.deploy.server.LocalIdentity.HUMAN_RESOURCES_SYSTEM;
import static io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY_SYSTEM;
import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.deploy.server.LocalIdentity;
import io.hutong.exchange.ExchangeITBase;
import io.hutong.schemas.catalog.CatalogTopics;
import io.hutong.schemas.catalog.DatasetStatus;
import io.hutong.schemas.catalog.GrantRevoked;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Subscriptions against real Kafka and PostgreSQL: fields by grant, at-least-once, commit, seek,
 * SSE, revocation.
 */
class SubscribeIT extends ExchangeITBase {

  private String publish(String code, int from, int count) {
    StringBuilder batch = new StringBuilder("{\"records\":[");
    for (int i = from; i < from + count; i++) {
      batch
          .append(i == from ? "" : ",")
          .append("{\"key\":\"C-")
          .append(i)
          .append("\",\"value\":{\"certificateNo\":\"C-")
          .append(i)
          .append("\",\"husbandName\":\"张三\",\"wifeName\":\"李四\"}}");
    }
    Response r =
        send(
            CIVIL_AFFAIRS_SYSTEM,
            "POST",
            "/api/exchange/v1/datasets/" + code + "/records",
            batch.append("]}").toString());
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r.text();
  }

  private String subscribe(LocalIdentity who, String code, String startFrom) {
    Response r =
        send(
            who,
            "POST",
            "/api/exchange/v1/subscriptions",
            "{\"dataset\":\"" + code + "\",\"startFrom\":\"" + startFrom + "\"}");
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r.body().path("id").asString();
  }

  @Test
  void theFirstFetchOfANewSubscriptionReturnsWaitingRecordsEvenWithoutWaiting() {
    String code = datasetAnnounced(DatasetStatus.ACTIVE);
    grantAnnounced(code, "public-security", List.of("wifeName"), null);
    publish(code, 0, 20);
    String id = subscribe(PUBLIC_SECURITY_SYSTEM, code, "earliest");

    Response first =
        send(
            PUBLIC_SECURITY_SYSTEM,
            "GET",
            "/api/exchange/v1/subscriptions/" + id + "/records?max=100&waitMs=0",
            null);

    assertThat(first.status()).as(first.text()).isEqualTo(200);
    assertThat(first.body().path("records").size()).isPositive();

    Response list =
        send(PUBLIC_SECURITY_SYSTEM, "GET", "/api/exchange/v1/subscriptions?limit=1", null);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body().path("items").size()).isEqualTo(1);
    assertThat(list.body().has("nextCursor")).isTrue();
  }

  @Test
  void aGrantedSystemReceivesOnlyGrantedFieldsAtLeastOnceUntilItCommits() {
    String code = datasetAnnounced(DatasetStatus.ACTIVE);
    grantAnnounced(code, "public-security", List.of("wifeName"), null);
    String id = subscribe(PUBLIC_SECURITY_SYSTEM, code, "earliest");
    publish(code, 0, 5);

    JsonNode first =
        send(
                PUBLIC_SECURITY_SYSTEM,
                "GET",
                "/api/exchange/v1/subscriptions/" + id + "/records?max=3&waitMs=5000",
                null)
            .body();
    assertThat(first.path("records").size()).isEqualTo(3);
    JsonNode value = first.path("records").get(0).path("value");
    assertThat(value.toString()).isEqualTo("{\"wifeName\":\"李四\"}");
    assertThat(first.path("records").get(0).path("schemaVersion").asInt()).isEqualTo(1);

    // not committed: the same records again
    JsonNode again =
        send(
                PUBLIC_SECURITY_SYSTEM,
                "GET",
                "/api/exchange/v1/subscriptions/" + id + "/records?max=3&waitMs=5000",
                null)
            .body();
    assertThat(keys(again)).isEqualTo(keys(first));

    assertThat(
            send(
                    PUBLIC_SECURITY_SYSTEM,
                    "POST",
                    "/api/exchange/v1/subscriptions/" + id + "/commit",
                    "{\"cursor\":\"" + first.path("cursor").asString() + "\"}")
                .status())
        .isEqualTo(204);
    JsonNode rest =
        send(
                PUBLIC_SECURITY_SYSTEM,
                "GET",
                "/api/exchange/v1/subscriptions/" + id + "/records?max=100&waitMs=5000",
                null)
            .body();
    List<String> all = new ArrayList<>(keys(first));
    all.addAll(keys(rest));
    assertThat(all).containsExactlyInAnyOrder("C-0", "C-1", "C-2", "C-3", "C-4");

    // seek back to the beginning redelivers everything
    assertThat(
            send(
                    PUBLIC_SECURITY_SYSTEM,
                    "POST",
                    "/api/exchange/v1/subscriptions/" + id + "/seek",
                    "{\"to\":\"earliest\"}")
                .status())
        .isEqualTo(200);
    JsonNode rewound =
        send(
                PUBLIC_SECURITY_SYSTEM,
                "GET",
                "/api/exchange/v1/subscriptions/" + id + "/records?max=100&waitMs=5000",
                null)
            .body();
    assertThat(rewound.path("records").size()).isEqualTo(5);
  }

  @Test
  void onlyGrantedSystemsSubscribeAndOnlyOwnersTouchASubscription() {
    String code = datasetAnnounced(DatasetStatus.ACTIVE);
    grantAnnounced(code, "public-security", List.of("wifeName"), null);

    assertThat(
            send(
                    HUMAN_RESOURCES_SYSTEM,
                    "POST",
                    "/api/exchange/v1/subscriptions",
                    "{\"dataset\":\"" + code + "\"}")
                .status())
        .isEqualTo(403);
    assertThat(
            send(
                    PUBLIC_SECURITY_ADMIN,
                    "POST",
                    "/api/exchange/v1/subscriptions",
                    "{\"dataset\":\"" + code + "\"}")
                .status())
        .isEqualTo(403);
    String id = subscribe(PUBLIC_SECURITY_SYSTEM, code, "latest");

    assertThat(
            send(
                    HUMAN_RESOURCES_SYSTEM,
                    "GET",
                    "/api/exchange/v1/subscriptions/" + id + "/records",
                    null)
                .status())
        .isEqualTo(404);
    assertThat(
            send(HUMAN_RESOURCES_SYSTEM, "DELETE", "/api/exchange/v1/subscriptions/" + id, null)
                .status())
        .isEqualTo(404);
    assertThat(
            send(PUBLIC_SECURITY_SYSTEM, "GET", "/api/exchange/v1/subscriptions", null)
                .body()
                .path("items")
                .toString())
        .contains(id);
    assertThat(
            send(HUMAN_RESOURCES_SYSTEM, "GET", "/api/exchange/v1/subscriptions", null)
                .body()
                .path("items")
                .toString())
        .doesNotContain(id);
    // Subscriptions belong to systems: a person, even the consumer's data admin, is refused.
    assertThat(
            send(
                    io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY_ADMIN,
                    "GET",
                    "/api/exchange/v1/subscriptions",
                    null)
                .status())
        .isEqualTo(403);
    assertThat(
            send(
                    PUBLIC_SECURITY_SYSTEM,
                    "GET",
                    "/api/exchange/v1/subscriptions/" + id + "/records?max=5001",
                    null)
                .status())
        .isEqualTo(422);
    assertThat(
            send(
                    PUBLIC_SECURITY_SYSTEM,
                    "GET",
                    "/api/exchange/v1/subscriptions/" + id + "/records?waitMs=30001",
                    null)
                .status())
        .isEqualTo(422);
    assertThat(
            send(
                    PUBLIC_SECURITY_SYSTEM,
                    "GET",
                    "/api/exchange/v1/subscriptions/" + id + "/records?cursor=%21%21",
                    null)
                .status())
        .isEqualTo(400);
    assertThat(
            send(PUBLIC_SECURITY_SYSTEM, "DELETE", "/api/exchange/v1/subscriptions/" + id, null)
                .status())
        .isEqualTo(204);
    assertThat(
            send(
                    PUBLIC_SECURITY_SYSTEM,
                    "GET",
                    "/api/exchange/v1/subscriptions/" + id + "/records",
                    null)
                .status())
        .isEqualTo(404);
  }

  @Test
  void revocationRefusesFetchesAndClosesAnOpenStreamWithinASecond() throws Exception {
    String code = datasetAnnounced(DatasetStatus.ACTIVE);
    UUID grant =
        grantAnnounced(code, "public-security", List.of("certificateNo", "wifeName"), null);
    String id = subscribe(PUBLIC_SECURITY_SYSTEM, code, "earliest");
    publish(code, 0, 3);

    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://localhost:"
                        + port
                        + "/api/exchange/v1/subscriptions/"
                        + id
                        + "/stream"))
            .header("Authorization", "Bearer " + tokens.accessToken(PUBLIC_SECURITY_SYSTEM))
            .build();
    HttpResponse<java.io.InputStream> stream =
        http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
    List<String> ids = new ArrayList<>();
    List<String> data = new ArrayList<>();
    while (data.size() < 3) {
      String line = lines.readLine();
      if (line.startsWith("id:")) {
        ids.add(line.substring(3).strip());
      } else if (line.startsWith("data:")) {
        data.add(line.substring(5).strip());
      }
    }
    List<String> streamed =
        data.stream().map(d -> JSON.readTree(d).path("key").asString()).toList();
    assertThat(streamed).containsExactlyInAnyOrder("C-0", "C-1", "C-2");
    assertThat(data).allMatch(d -> d.contains("certificateNo") && !d.contains("husbandName"));

    // resume after the first event: only what came after it is sent again
    HttpResponse<java.io.InputStream> resumed =
        http.send(
            HttpRequest.newBuilder(request.uri())
                .header("Authorization", "Bearer " + tokens.accessToken(PUBLIC_SECURITY_SYSTEM))
                .header("Last-Event-ID", ids.getFirst())
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    BufferedReader resumedLines =
        new BufferedReader(new InputStreamReader(resumed.body(), StandardCharsets.UTF_8));
    List<String> again = new ArrayList<>();
    while (again.size() < 2) {
      String line = resumedLines.readLine();
      if (line.startsWith("data:")) {
        again.add(JSON.readTree(line.substring(5).strip()).path("key").asString());
      }
    }
    assertThat(again).containsExactlyInAnyOrderElementsOf(streamed.subList(1, 3));
    resumed.body().close();

    Instant revokedAt = Instant.now();
    feed(
        CatalogTopics.grantKey(grant.toString()),
        GrantRevoked.newBuilder()
            .setGrantId(grant)
            .setDataset(code)
            .setConsumer("public-security")
            .setReason("purpose fulfilled")
            .setRevokedBy("civil-affairs-admin")
            .setRevokedAt(Instant.now().truncatedTo(ChronoUnit.MICROS))
            .setExpired(false)
            .build());
    CompletableFuture<String> ended =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                for (String line; (line = lines.readLine()) != null; ) {
                  if (line.contains("grant-ended")) {
                    return line;
                  }
                }
                return "closed";
              } catch (java.io.IOException e) {
                return "closed";
              }
            });
    assertThat(ended.get(5, TimeUnit.SECONDS)).isNotNull();
    Duration took = Duration.between(revokedAt, Instant.now());
    assertThat(took).isLessThan(Duration.ofMillis(1_500));
    assertThat(
            send(
                    PUBLIC_SECURITY_SYSTEM,
                    "GET",
                    "/api/exchange/v1/subscriptions/" + id + "/records",
                    null)
                .status())
        .isEqualTo(403);
  }

  @Test
  void openStreamsAreCappedPerClientAndAClosedOneFreesItsPlace() throws Exception {
    String code = datasetAnnounced(DatasetStatus.ACTIVE);
    grantAnnounced(code, "human-resources", List.of("certificateNo"), null);
    String id = subscribe(HUMAN_RESOURCES_SYSTEM, code, "latest");
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://localhost:"
                        + port
                        + "/api/exchange/v1/subscriptions/"
                        + id
                        + "/stream"))
            .header("Authorization", "Bearer " + tokens.accessToken(HUMAN_RESOURCES_SYSTEM))
            .build();
    List<HttpResponse<java.io.InputStream>> streams = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      streams.add(http.send(request, HttpResponse.BodyHandlers.ofInputStream()));
      assertThat(streams.getLast().statusCode()).isEqualTo(200);
    }

    HttpResponse<String> fifth = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(fifth.statusCode()).isEqualTo(429);
    assertThat(fifth.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(JSON.readTree(fifth.body()).path("type").asString()).endsWith("too-many-streams");

    // A client that goes away frees its place once the stream notices (at its next send).
    streams.forEach(s -> closeQuietly(s.body()));
    Instant deadline = Instant.now().plusSeconds(30);
    int status;
    int n = 0;
    do {
      publish(code, 1000 + n, 1);
      n++;
      HttpResponse<java.io.InputStream> again =
          http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      status = again.statusCode();
      closeQuietly(again.body());
      if (status != 200) {
        Thread.sleep(300);
      }
    } while (status != 200 && Instant.now().isBefore(deadline));
    assertThat(status).isEqualTo(200);
  }

  private static void closeQuietly(java.io.InputStream in) {
    try {
      in.close();
    } catch (java.io.IOException e) {
      // already closed
    }
  }

  @Test
  void aBrokerRestartDuringASubscriptionSkipsNothing() throws Exception {
    String code = datasetAnnounced(DatasetStatus.ACTIVE);
    grantAnnounced(code, "public-security", List.of("certificateNo"), null);
    String id = subscribe(PUBLIC_SECURITY_SYSTEM, code, "earliest");
    publish(code, 0, 50);
    List<String> received = new ArrayList<>(drain(id, 50));

    io.hutong.deploy.junit.HutongStack.infrastructure().kafka().restart();

    Instant deadline = Instant.now().plusSeconds(60);
    while (true) {
      StringBuilder batch = new StringBuilder("{\"records\":[");
      for (int i = 50; i < 100; i++) {
        batch
            .append(i == 50 ? "" : ",")
            .append("{\"key\":\"C-")
            .append(i)
            .append("\",\"value\":{\"certificateNo\":\"C-")
            .append(i)
            .append("\",\"husbandName\":\"a\",\"wifeName\":\"b\"}}");
      }
      Response r =
          send(
              CIVIL_AFFAIRS_SYSTEM,
              "POST",
              "/api/exchange/v1/datasets/" + code + "/records",
              batch.append("]}").toString());
      if (r.status() == 200) {
        break;
      }
      assertThat(Instant.now())
          .as("publishing again after the restart: " + r.text())
          .isBefore(deadline);
      Thread.sleep(500);
    }
    received.addAll(drain(id, 50));

    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      expected.add("C-" + i);
    }
    assertThat(received).containsExactlyInAnyOrderElementsOf(expected);
  }

  /** Fetches and commits until {@code count} records came, retrying through a broker outage. */
  private List<String> drain(String id, int count) throws InterruptedException {
    List<String> keys = new ArrayList<>();
    Instant deadline = Instant.now().plusSeconds(90);
    while (keys.size() < count && Instant.now().isBefore(deadline)) {
      Response r =
          send(
              PUBLIC_SECURITY_SYSTEM,
              "GET",
              "/api/exchange/v1/subscriptions/" + id + "/records?max=500&waitMs=2000",
              null);
      if (r.status() != 200) {
        Thread.sleep(500);
        continue;
      }
      List<String> page = keys(r.body());
      Response commit =
          send(
              PUBLIC_SECURITY_SYSTEM,
              "POST",
              "/api/exchange/v1/subscriptions/" + id + "/commit",
              "{\"cursor\":\"" + r.body().path("cursor").asString() + "\"}");
      if (commit.status() == 204) {
        keys.addAll(page);
      }
    }
    return keys;
  }

  static List<String> keys(JsonNode fetch) {
    List<String> keys = new ArrayList<>();
    for (JsonNode r : fetch.path("records")) {
      keys.add(r.path("key").asString());
    }
    return keys;
  }
}
