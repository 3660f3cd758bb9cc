package io.hutong.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.deploy.junit.HutongStack;
import io.hutong.deploy.platform.ServiceProcess;
import io.hutong.deploy.process.ChildProcess;
import io.hutong.deploy.process.FreePorts;
import io.hutong.deploy.server.Infrastructure;
import io.hutong.deploy.server.LocalIdentity;
import io.hutong.deploy.server.ServiceDatabase;
import io.hutong.deploy.server.Tokens;
import io.hutong.schemas.catalog.CatalogTopics;
import io.hutong.schemas.catalog.DatasetPublished;
import io.hutong.schemas.catalog.DatasetState;
import io.hutong.schemas.catalog.DatasetStatus;
import io.hutong.schemas.catalog.GrantIssued;
import io.hutong.schemas.catalog.SchemaVersionAdded;
import io.hutong.schemas.catalog.SharingType;
import io.hutong.schemas.data.DataTopics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SIGKILL of the exchange (a real separate process) in the middle of a publishing load with
 * retrying clients: every acknowledged record is in Kafka exactly once, and a committing subscriber
 * receives each exactly once.
 */
@ExtendWith(HutongStack.class)
class ExchangeKillIT {

  static final int CLIENTS = 4;
  static final int BATCHES = 25;
  static final int RECORDS = 20;
  static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void sigkillDuringPublishingLosesNothingAndDuplicatesNothing() throws Exception {
    Infrastructure stack = HutongStack.infrastructure();
    int port = FreePorts.next();
    ChildProcess first = start(stack, port, "exchange-1");
    ServiceProcess.awaitHealthy("exchange-service", port, first, Duration.ofSeconds(120));
    String code = announce(); // the exchange created the catalogue topic on start
    Tokens tokens = new Tokens(stack.keycloak());
    awaitKnown(port, code, tokens);

    AtomicInteger acknowledged = new AtomicInteger();
    List<String> acknowledgedKeys = Collections.synchronizedList(new ArrayList<>());
    List<CompletableFuture<Void>> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      int client = c;
      clients.add(
          CompletableFuture.runAsync(
              () -> {
                for (int b = 0; b < BATCHES; b++) {
                  List<String> keys = new ArrayList<>();
                  StringBuilder body = new StringBuilder("{\"records\":[");
                  for (int r = 0; r < RECORDS; r++) {
                    String key = "c" + client + "-b" + b + "-r" + r;
                    keys.add(key);
                    body.append(r == 0 ? "" : ",")
                        .append("{\"key\":\"")
                        .append(key)
                        .append("\",\"value\":{\"certificateNo\":\"")
                        .append(key)
                        .append("\",\"husbandName\":\"a\",\"wifeName\":\"b\"}}");
                  }
                  publishUntilAcknowledged(
                      port,
                      code,
                      "c" + client + "-b" + b + "-" + code,
                      body.append("]}").toString(),
                      tokens);
                  acknowledgedKeys.addAll(keys);
                  acknowledged.incrementAndGet();
                }
              }));
    }
    while (acknowledged.get() < 20) {
      Thread.sleep(50);
    }
    first.kill();
    ChildProcess second = start(stack, port, "exchange-2");
    try {
      CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new))
          .get(240, java.util.concurrent.TimeUnit.SECONDS);

      // Kafka holds every acknowledged record exactly once.
      Map<String, Integer> inKafka = new HashMap<>();
      for (var record :
          io.hutong.exchange.publish.PublishIT.read(
              DataTopics.forDataset(code), CLIENTS * BATCHES * RECORDS)) {
        inKafka.merge(record.key(), 1, Integer::sum);
      }
      assertThat(acknowledgedKeys).hasSize(CLIENTS * BATCHES * RECORDS);
      assertThat(inKafka.keySet()).containsExactlyInAnyOrderElementsOf(acknowledgedKeys);
      assertThat(inKafka.values()).allMatch(n -> n == 1);

      // A committing subscriber receives each exactly once.
      String subscription = subscribe(port, code, tokens);
      Map<String, Integer> received = new HashMap<>();
      Instant deadline = Instant.now().plusSeconds(120);
      while (received.size() < acknowledgedKeys.size() && Instant.now().isBefore(deadline)) {
        JsonNode page =
            call(
                    port,
                    "GET",
                    "/api/exchange/v1/subscriptions/"
                        + subscription
                        + "/records?max=1000&waitMs=1000",
                    null,
                    tokens.accessToken(LocalIdentity.PUBLIC_SECURITY_SYSTEM),
                    null)
                .body();
        for (JsonNode r : page.path("records")) {
          received.merge(r.path("key").asString(), 1, Integer::sum);
        }
        call(
            port,
            "POST",
            "/api/exchange/v1/subscriptions/" + subscription + "/commit",
            "{\"cursor\":\"" + page.path("cursor").asString() + "\"}",
            tokens.accessToken(LocalIdentity.PUBLIC_SECURITY_SYSTEM),
            null);
      }
      assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(acknowledgedKeys);
      assertThat(received.values()).allMatch(n -> n == 1);
    } finally {
      second.stop(Duration.ofSeconds(20));
    }
  }

  private static void publishUntilAcknowledged(
      int port, String code, String key, String body, Tokens tokens) {
    Instant deadline = Instant.now().plusSeconds(200);
    while (Instant.now().isBefore(deadline)) {
      try {
        Reply r =
            call(
                port,
                "POST",
                "/api/exchange/v1/datasets/" + code + "/records",
                body,
                tokens.accessToken(LocalIdentity.CIVIL_AFFAIRS_SYSTEM),
                key);
        if (r.status() == 200) {
          return;
        }
        if (r.status() < 500 && r.status() != 409) {
          throw new AssertionError("publish refused: " + r.status() + " " + r.body());
        }
      } catch (java.io.IOException e) {
        // the instance is down or restarting: retry with the same key
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new AssertionError("batch " + key + " never acknowledged");
  }

  record Reply(int status, JsonNode body) {}

  static Reply call(
      int port, String method, String path, String body, String token, String idempotencyKey)
      throws java.io.IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(
          r.statusCode(),
          r.body().isEmpty() || !r.body().startsWith("{")
              ? JSON.missingNode()
              : JSON.readTree(r.body()));
    }
  }

  private static String subscribe(int port, String code, Tokens tokens) throws Exception {
    Reply r =
        call(
            port,
            "POST",
            "/api/exchange/v1/subscriptions",
            "{\"dataset\":\"" + code + "\",\"startFrom\":\"earliest\"}",
            tokens.accessToken(LocalIdentity.PUBLIC_SECURITY_SYSTEM),
            null);
    assertThat(r.status()).isEqualTo(201);
    return r.body().path("id").asString();
  }

  private static ChildProcess start(Infrastructure stack, int port, String name) {
    Map<String, String> properties =
        new HashMap<>(stack.springProperties(ServiceDatabase.EXCHANGE));
    properties.put("hutong.exchange.publish.transaction-timeout", "4s");
    // > transaction timeout (4 s) + the local broker's abort-check interval (1 s) + margin
    properties.put("hutong.exchange.idempotency.claim-timeout", "8s");
    Path logs = Path.of("target", "hutong-kill-logs");
    return ServiceProcess.start(
        name,
        Path.of("target", "exchange-service.jar"),
        port,
        properties,
        logs,
        logs.resolve(name + ".log"));
  }

  /** An empty batch is a 422 once the exchange knows the dataset (404/503 before). */
  private static void awaitKnown(int port, String code, Tokens tokens) throws Exception {
    Instant deadline = Instant.now().plusSeconds(60);
    while (call(
                port,
                "POST",
                "/api/exchange/v1/datasets/" + code + "/records",
                "{\"records\":[]}",
                tokens.accessToken(LocalIdentity.CIVIL_AFFAIRS_SYSTEM),
                null)
            .status()
        != 422) {
      assertThat(Instant.now()).isBefore(deadline);
      Thread.sleep(200);
    }
  }

  private static String announce() {
    String code = "civil-affairs.kill-" + UUID.randomUUID().toString().substring(0, 8);
    Schema schema = new Schema.Parser().parse(ExchangeITBase.MARRIAGE_SCHEMA);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    ExchangeITBase.feed(
        CatalogTopics.schemaKey(code, 1),
        SchemaVersionAdded.newBuilder()
            .setDataset(code)
            .setVersion(1)
            .setSchema$(schema.toString())
            .setFingerprint(SchemaNormalization.parsingFingerprint64(schema))
            .build());
    ExchangeITBase.feed(
        CatalogTopics.datasetKey(code),
        DatasetPublished.newBuilder()
            .setDataset(
                DatasetState.newBuilder()
                    .setCode(code)
                    .setProvider("civil-affairs")
                    .setName("kill")
                    .setSharingType(SharingType.CONDITIONAL)
                    .setStatus(DatasetStatus.ACTIVE)
                    .setCurrentSchemaVersion(1)
                    .setCompatibility("BACKWARD")
                    .setUpdatedAt(now)
                    .build())
            .build());
    UUID grant = UUID.randomUUID();
    ExchangeITBase.feed(
        CatalogTopics.grantKey(grant.toString()),
        GrantIssued.newBuilder()
            .setGrantId(grant)
            .setDataset(code)
            .setProvider("civil-affairs")
            .setConsumer("public-security")
            .setFields(List.of("certificateNo"))
            .setPurpose("kill test")
            .setValidFrom(now)
            .setValidUntil(null)
            .build());
    return code;
  }
}
