package io.hutong.e2e;

import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_SYSTEM;
import static io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY_ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.deploy.junit.HutongStack;
import io.hutong.deploy.junit.PrometheusScrape;
import io.hutong.deploy.process.Supervised;
import io.hutong.deploy.server.KafkaBroker;
import io.hutong.schemas.data.DataTopics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * The scale-out shape under failure: three Kafka brokers and two instances of every service behind
 * the gateway ({@code ./hutong run --cluster}), each test SIGKILLing one process while department
 * systems publish and read through it with retrying clients ({@link ClusterClients}), then counting
 * exactly: every acknowledged record reaches every reader, none twice; the audit log holds every
 * event once and verifies. Runs in its own JVM ({@code ./hutong test-cluster}, {@code
 * -Dhutong.stack.brokers=3}); each test brings back what it killed.
 */
@ExtendWith(HutongStack.class)
@Tag("cluster")
class ClusterFailoverIT {

  private static E2ePlatform platform;
  private static ClusterClients clients;

  @BeforeAll
  static void cluster() {
    platform = E2ePlatform.get();
    assertThat(platform.stack().kafkaBrokers()).as("brokers of the cluster JVM").hasSize(3);
    clients = new ClusterClients(platform);
  }

  @Test
  void leaderBrokerKilledWhilePublishingAndSubscribing_losesAndDoublesNothing() throws Exception {
    ClusterClients.Granted dataset = clients.grantedDataset();
    String subscription = clients.subscribe(dataset.code());
    ClusterClients.Received received = new ClusterClients.Received();
    AtomicBoolean stop = new AtomicBoolean();
    CompletableFuture<Void> reader = reading(() -> clients.longPoll(subscription, received, stop));

    KafkaBroker[] killed = new KafkaBroker[1];
    Set<String> acknowledged =
        clients.publish(
            dataset.code(),
            "B",
            30,
            200,
            batch -> {
              if (batch == 9) {
                killed[0] = leaderOf(DataTopics.forDataset(dataset.code()));
                ClusterClients.sigkill(killed[0]);
              }
            });
    ClusterClients.awaitAll(received, acknowledged);
    stop.set(true);
    reader.get(60, TimeUnit.SECONDS);
    killed[0].restart();

    assertThat(received.keys).containsExactlyInAnyOrderElementsOf(acknowledged);
    assertThat(received.deliveries.get()).as("deliveries to a committing reader").isEqualTo(6_000);
    long published =
        clients.auditEvents(dataset.code(), "RECORDS_PUBLISHED").values().stream()
            .filter(e -> e.path("event").path("outcome").asString().equals("ALLOWED"))
            .mapToLong(e -> e.path("event").path("recordCount").asLong())
            .sum();
    assertThat(published).as("records the audit log says were published").isEqualTo(6_000);
    assertThat(clients.auditLogVerifies()).isTrue();
  }

  @Test
  void exchangeInstanceKilledWithOpenStreamsAndLongPolls_readersResumeOnTheOther()
      throws Exception {
    ClusterClients.Granted dataset = clients.grantedDataset();
    AtomicBoolean stop = new AtomicBoolean();
    List<ClusterClients.Received> readers = new ArrayList<>();
    List<CompletableFuture<Void>> running = new ArrayList<>();
    List<String> subscriptions = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      subscriptions.add(clients.subscribe(dataset.code()));
      readers.add(new ClusterClients.Received());
    }
    // Two streams through the gateway. Its round robin usually puts one on each instance, but only
    // over the instances its health check found ready, so the test asks the instances which holds
    // one (their open-streams gauge) and kills that one.
    for (int i = 0; i < 2; i++) {
      String subscription = subscriptions.get(i);
      ClusterClients.Received received = readers.get(i);
      running.add(reading(() -> clients.stream(subscription, received, stop)));
      java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
      while (received.connections.get() == 0 && java.time.Instant.now().isBefore(deadline)) {
        Thread.sleep(50);
      }
      assertThat(received.connections.get()).as("event stream " + i + " open").isPositive();
    }
    for (int i = 2; i < 4; i++) {
      String subscription = subscriptions.get(i);
      ClusterClients.Received received = readers.get(i);
      running.add(reading(() -> clients.longPoll(subscription, received, stop)));
    }
    Supervised exchange = unit(exchangeHoldingAStream());
    Set<String> acknowledged =
        clients.publish(
            dataset.code(),
            "X",
            20,
            100,
            batch -> {
              if (batch == 5) {
                ClusterClients.sigkill(exchange);
              }
            });
    for (ClusterClients.Received received : readers) {
      ClusterClients.awaitAll(received, acknowledged);
    }
    stop.set(true);
    for (CompletableFuture<Void> reader : running) {
      reader.get(60, TimeUnit.SECONDS);
    }
    exchange.restart();

    for (int i = 0; i < readers.size(); i++) {
      ClusterClients.Received received = readers.get(i);
      System.out.printf(
          "[cluster] reader %d: %d records, %d deliveries, %d resumptions%n",
          i, received.keys.size(), received.deliveries.get(), received.resumes.get());
      String kind = i < 2 ? "event stream " : "long poll ";
      assertThat(received.keys).as(kind + i).containsExactlyInAnyOrderElementsOf(acknowledged);
      assertThat(received.deliveries.get()).as(kind + i + " deliveries").isEqualTo(2_000);
    }
    assertThat(readers.get(0).resumes.get() + readers.get(1).resumes.get())
        .as("event streams that resumed on the other instance from their Last-Event-ID")
        .isPositive();
    assertThat(clients.auditLogVerifies()).isTrue();
  }

  @Test
  void catalogInstancesKilledDuringApprovals_everyApprovalReachesTheExchangeOnce()
      throws Exception {
    // Datasets and requests first; then approvals while each catalogue instance in turn dies, so
    // the outbox relay — held by one instance at a time — must move at least once.
    List<String> codes = new ArrayList<>();
    List<String> requests = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String code = Marriages.code("civil-affairs");
      assertThat(
              clients
                  .retrying(
                      CIVIL_AFFAIRS_ADMIN,
                      "POST",
                      "/api/catalog/v1/datasets",
                      Marriages.registration(code))
                  .status())
          .isEqualTo(201);
      codes.add(code);
      requests.add(
          clients
              .retrying(
                  PUBLIC_SECURITY_ADMIN,
                  "POST",
                  "/api/catalog/v1/datasets/" + code + "/access-requests",
                  Marriages.accessRequest())
              .body()
              .path("id")
              .asString());
    }
    for (int i = 0; i < requests.size(); i++) {
      if (i == 3) {
        ClusterClients.sigkill(unit("catalog-service"));
      } else if (i == 6) {
        unit("catalog-service").restart();
      } else if (i == 8) {
        ClusterClients.sigkill(unit("catalog-service-2"));
      }
      E2ePlatform.Reply approved =
          clients.retrying(
              CIVIL_AFFAIRS_ADMIN,
              "POST",
              "/api/catalog/v1/access-requests/" + requests.get(i) + "/approve",
              Map.of("fields", List.of("certificateNo", "wifeName")));
      // A 409 after a retry: an earlier attempt was decided before its answer was lost.
      assertThat(approved.status()).as("approval " + i + ": " + approved.text()).isIn(200, 409);
      if (approved.status() == 409) {
        assertThat(approved.text()).contains("already-decided").contains("APPROVED");
      }
    }
    unit("catalog-service-2").restart();

    for (String code : codes) {
      // The exchange learns of each grant only through the outbox relay's events.
      clients.subscribe(code);
      Map<String, JsonNode> approvals = clients.auditEvents(code, "ACCESS_APPROVED");
      assertThat(approvals).as("approvals of " + code + " in the audit log").hasSize(1);
    }
    assertThat(clients.auditLogVerifies()).isTrue();
  }

  @Test
  void auditInstancesKilledInTurn_theOtherTakesOverTheIngestExactlyOnce() throws Exception {
    ClusterClients.Granted dataset = clients.grantedDataset();
    Set<String> acknowledged =
        clients.publish(
            dataset.code(),
            "A",
            60,
            5,
            batch -> {
              if (batch == 10) {
                ClusterClients.sigkill(unit("audit-service"));
              } else if (batch == 25) {
                unit("audit-service").restart();
              } else if (batch == 35) {
                ClusterClients.sigkill(unit("audit-service-2"));
              }
            });
    unit("audit-service-2").restart();
    assertThat(acknowledged).hasSize(300);

    Map<String, JsonNode> published = Map.of();
    java.time.Instant deadline = java.time.Instant.now().plusSeconds(90);
    while (java.time.Instant.now().isBefore(deadline)) {
      published = clients.auditEvents(dataset.code(), "RECORDS_PUBLISHED");
      if (published.size() >= 60) {
        break;
      }
      Thread.sleep(500);
    }
    assertThat(published).as("one audit event per acknowledged publish, none twice").hasSize(60);
    assertThat(clients.auditLogVerifies()).isTrue();
    // A publish by the same caller afterwards is still recorded: the ingest runs on.
    clients.retrying(
        CIVIL_AFFAIRS_SYSTEM,
        "POST",
        "/api/exchange/v1/datasets/" + dataset.code() + "/records",
        Marriages.batch("A-after"));
    E2ePlatform.eventually(
        r -> r.status() == 200,
        () -> {
          int size = clients.auditEvents(dataset.code(), "RECORDS_PUBLISHED").size();
          return new E2ePlatform.Reply(size == 61 ? 200 : 404, null, "" + size, null);
        });
  }

  /** The service instance (or Kafka broker) called {@code name}. */
  private static Supervised unit(String name) {
    return platform.platform().supervised().stream()
        .filter(u -> u.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no unit " + name));
  }

  /** An exchange instance with at least one Server-Sent Event stream open, by its own gauge. */
  private static String exchangeHoldingAStream() {
    Map<String, Double> open = new java.util.LinkedHashMap<>();
    for (String instance : List.of("exchange-service", "exchange-service-2")) {
      PrometheusScrape scrape =
          PrometheusScrape.asMonitoring(platform.port(instance), platform.tokens());
      open.put(instance, scrape.sum("hutong_subscription_streams_open"));
    }
    System.out.println("[cluster] open streams per exchange instance: " + open);
    return open.entrySet().stream()
        .filter(e -> e.getValue() >= 1)
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no exchange instance holds a stream: " + open));
  }

  /** The broker leading partition 0 of {@code topic} now. */
  private static KafkaBroker leaderOf(String topic) throws Exception {
    try (Admin admin = Admin.create(platform.stack().kafka().operatorClient())) {
      TopicDescription description =
          admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
      int leader = description.partitions().getFirst().leader().id();
      return platform.stack().kafkaBrokers().stream()
          .filter(b -> b.nodeId() == leader)
          .findFirst()
          .orElseThrow();
    }
  }

  private interface Reading {
    void run() throws Exception;
  }

  private static CompletableFuture<Void> reading(Reading reading) {
    return CompletableFuture.runAsync(
        () -> {
          try {
            reading.run();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
  }
}
