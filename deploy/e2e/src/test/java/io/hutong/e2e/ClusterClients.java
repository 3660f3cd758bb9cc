package io.hutong.e2e;

import static io.hutong.deploy.server.LocalIdentity.AUDITOR;
import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_SYSTEM;
import static io.hutong.deploy.server.LocalIdentity.PLATFORM_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY_SYSTEM;

import io.hutong.deploy.process.Supervised;
import io.hutong.deploy.server.LocalIdentity;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * The retrying clients of the cluster failure tests, written as a department system would write
 * them against the API's contract: a publish is sent again under the same {@code Idempotency-Key}
 * until it is acknowledged; a reader fetches from its own cursor and commits it, or follows an
 * event stream and resumes from the {@code Last-Event-ID} it saw last. Each counts exactly what it
 * got, so a test can say that nothing acknowledged was lost and nothing was delivered twice.
 */
final class ClusterClients {

  /** How long a client keeps retrying one call through an outage. */
  static final Duration PATIENCE = Duration.ofSeconds(90);

  private final E2ePlatform platform;

  ClusterClients(E2ePlatform platform) {
    this.platform = platform;
  }

  /** A conditional dataset of civil affairs, granted to public security, with its grant id. */
  record Granted(String code, String grant) {}

  /** Registers a fresh marriages dataset and grants public security all three fields. */
  Granted grantedDataset() throws Exception {
    for (String department : List.of("civil-affairs", "public-security")) {
      platform.call(
          PLATFORM_ADMIN,
          "POST",
          "/api/catalog/v1/departments",
          Map.of("code", department, "name", department));
    }
    String code = Marriages.code("civil-affairs");
    expect(
        201,
        retrying(
            CIVIL_AFFAIRS_ADMIN, "POST", "/api/catalog/v1/datasets", Marriages.registration(code)));
    E2ePlatform.Reply requested =
        retrying(
            PUBLIC_SECURITY_ADMIN,
            "POST",
            "/api/catalog/v1/datasets/" + code + "/access-requests",
            Map.of(
                "purpose",
                "cluster failure test",
                "fields",
                List.of("certificateNo", "husbandName", "wifeName")));
    expect(201, requested);
    E2ePlatform.Reply approved =
        retrying(
            CIVIL_AFFAIRS_ADMIN,
            "POST",
            "/api/catalog/v1/access-requests/"
                + requested.body().path("id").asString()
                + "/approve",
            Map.of("fields", List.of("certificateNo", "husbandName", "wifeName")));
    expect(200, approved);
    return new Granted(code, approved.body().path("id").asString());
  }

  /** A subscription of public security to {@code code}, once the exchange knows the grant. */
  String subscribe(String code) throws Exception {
    return E2ePlatform.eventually(
            r -> r.status() == 201,
            () ->
                platform.call(
                    PUBLIC_SECURITY_SYSTEM,
                    "POST",
                    "/api/exchange/v1/subscriptions",
                    Map.of("dataset", code, "startFrom", "earliest")))
        .body()
        .path("id")
        .asString();
  }

  /**
   * {@code method path} until it is answered with anything but a 5xx or a broken connection — what
   * a client does through an outage.
   */
  E2ePlatform.Reply retrying(LocalIdentity who, String method, String path, Object body)
      throws Exception {
    return retrying(who, method, path, body, Map.of(), false);
  }

  /**
   * As {@link #retrying(LocalIdentity, String, String, Object)}, with extra headers; a 409 is
   * retried too when {@code conflictsPass} (an idempotency key still claimed by an instance that
   * died is released within seconds).
   */
  E2ePlatform.Reply retrying(
      LocalIdentity who,
      String method,
      String path,
      Object body,
      Map<String, String> headers,
      boolean conflictsPass)
      throws Exception {
    Instant deadline = Instant.now().plus(PATIENCE);
    String last = "";
    while (Instant.now().isBefore(deadline)) {
      try {
        E2ePlatform.Reply reply =
            platform.callPort(
                platform.gatewayPort(),
                "Bearer " + platform.tokens().accessToken(who),
                method,
                path,
                body,
                headers);
        if (reply.status() < 500 && !(conflictsPass && reply.status() == 409)) {
          return reply;
        }
        last = reply.status() + " " + reply.text();
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(250);
    }
    throw new AssertionError(method + " " + path + " never succeeded; last: " + last);
  }

  private static void expect(int status, E2ePlatform.Reply reply) {
    if (reply.status() != status) {
      throw new AssertionError(
          "expected " + status + ", got " + reply.status() + " " + reply.text());
    }
  }

  /**
   * Publishes {@code batches} batches of {@code size} records (keys {@code <prefix>-<n>}), each
   * under its own idempotency key, retried until acknowledged; returns the acknowledged keys. The
   * callback runs after each acknowledged batch (a test kills something mid-way).
   */
  Set<String> publish(String code, String prefix, int batches, int size, BatchDone afterBatch)
      throws Exception {
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    for (int b = 0; b < batches; b++) {
      List<String> keys = new ArrayList<>();
      for (int r = 0; r < size; r++) {
        keys.add(prefix + "-" + (b * size + r));
      }
      E2ePlatform.Reply reply =
          retrying(
              CIVIL_AFFAIRS_SYSTEM,
              "POST",
              "/api/exchange/v1/datasets/" + code + "/records",
              Marriages.batch(keys.toArray(String[]::new)),
              Map.of("Idempotency-Key", prefix + "-batch-" + b),
              true);
      expect(200, reply);
      acknowledged.addAll(keys);
      afterBatch.done(b);
    }
    return acknowledged;
  }

  /** Called after each acknowledged batch. */
  interface BatchDone {
    void done(int batch) throws Exception;
  }

  /** What one reader got: every key, and how many deliveries (a key twice counts twice). */
  static final class Received {
    final Set<String> keys = ConcurrentHashMap.newKeySet();
    final AtomicInteger deliveries = new AtomicInteger();
    final AtomicInteger resumes = new AtomicInteger();
    final AtomicInteger connections = new AtomicInteger();

    void add(String key) {
      keys.add(key);
      deliveries.incrementAndGet();
    }
  }

  /**
   * Long-polls {@code subscription} from its own cursor, committing each page, until {@code stop};
   * a page that failed is fetched again from the same cursor (so nothing is skipped or doubled).
   */
  void longPoll(String subscription, Received into, AtomicBoolean stop) throws Exception {
    String cursor = null;
    while (!stop.get()) {
      E2ePlatform.Reply page;
      try {
        page =
            platform.call(
                PUBLIC_SECURITY_SYSTEM,
                "GET",
                "/api/exchange/v1/subscriptions/"
                    + subscription
                    + "/records?max=1000&waitMs=2000"
                    + (cursor == null ? "" : "&cursor=" + cursor),
                null);
      } catch (IOException e) {
        into.resumes.incrementAndGet();
        Thread.sleep(250);
        continue;
      }
      if (page.status() != 200) {
        into.resumes.incrementAndGet();
        Thread.sleep(250);
        continue;
      }
      for (JsonNode record : page.body().path("records")) {
        into.add(record.path("key").asString());
      }
      cursor = page.body().path("cursor").asString();
      retrying(
          PUBLIC_SECURITY_SYSTEM,
          "POST",
          "/api/exchange/v1/subscriptions/" + subscription + "/commit",
          Map.of("cursor", cursor));
    }
  }

  /**
   * Follows {@code subscription}'s event stream through the gateway until {@code stop}; when the
   * stream breaks it reconnects with the last event id it saw.
   */
  void stream(String subscription, Received into, AtomicBoolean stop) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String lastEventId = null;
    while (!stop.get()) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(
                  URI.create(
                      "http://localhost:"
                          + platform.gatewayPort()
                          + "/api/exchange/v1/subscriptions/"
                          + subscription
                          + "/stream"))
              .header("Accept", "text/event-stream")
              .header(
                  "Authorization",
                  "Bearer " + platform.tokens().accessToken(PUBLIC_SECURITY_SYSTEM));
      if (lastEventId != null) {
        request.header("Last-Event-ID", lastEventId);
      }
      try {
        HttpResponse<java.io.InputStream> response =
            http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
          response.body().close();
          into.resumes.incrementAndGet();
          Thread.sleep(250);
          continue;
        }
        into.connections.incrementAndGet();
        try (BufferedReader lines =
            new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
          String id = null;
          String data = null;
          String line;
          while (!stop.get() && (line = lines.readLine()) != null) {
            if (line.startsWith("id:")) {
              id = line.substring(3).trim();
            } else if (line.startsWith("data:")) {
              data = line.substring(5).trim();
            } else if (line.isEmpty() && data != null) {
              // An event is complete: count it, then remember where to resume.
              into.add(E2ePlatform.JSON.readTree(data).path("key").asString());
              if (id != null) {
                lastEventId = id;
              }
              id = null;
              data = null;
            }
          }
        }
      } catch (IOException e) {
        // the instance serving the stream died: resume on another
      }
      if (!stop.get()) {
        into.resumes.incrementAndGet();
        Thread.sleep(250);
      }
    }
  }

  /** Waits until {@code received} holds every key of {@code expected}, for at most two minutes. */
  static void awaitAll(Received received, Set<String> expected) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(120);
    while (!received.keys.containsAll(expected) && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
    }
  }

  /** SIGKILLs {@code unit}'s process (no shutdown hook runs). */
  static void sigkill(Supervised unit) {
    System.out.println("[cluster] SIGKILL " + unit.name() + " (pid " + unit.process().pid() + ")");
    unit.process().kill();
  }

  /** The audit events of {@code dataset} with {@code action}, each event id once. */
  Map<String, JsonNode> auditEvents(String dataset, String action) throws Exception {
    Map<String, JsonNode> events = new java.util.LinkedHashMap<>();
    String cursor = null;
    int items = 0;
    do {
      E2ePlatform.Reply page =
          retrying(
              AUDITOR,
              "GET",
              "/api/audit/v1/events?dataset="
                  + dataset
                  + "&action="
                  + action
                  + "&limit=500"
                  + (cursor == null ? "" : "&cursor=" + cursor),
              null);
      expect(200, page);
      for (JsonNode item : page.body().path("items")) {
        events.put(item.path("event").path("id").asString(), item);
        items++;
      }
      cursor =
          page.body().path("nextCursor").isNull()
              ? null
              : page.body().path("nextCursor").asString();
    } while (cursor != null);
    if (items != events.size()) {
      throw new AssertionError(
          (items - events.size()) + " audit event(s) of " + dataset + " appear twice in the log");
    }
    return events;
  }

  /** The auditor's verification of the whole log. */
  boolean auditLogVerifies() throws Exception {
    E2ePlatform.Reply verified = retrying(AUDITOR, "GET", "/api/audit/v1/verify", null);
    return verified.status() == 200 && verified.body().path("ok").asBoolean();
  }
}
