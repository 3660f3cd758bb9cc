package io.hutong.exchange;

import io.hutong.deploy.bench.HttpLoad;
import io.hutong.deploy.bench.ProcessStats;
import io.hutong.deploy.junit.HutongStack;
import io.hutong.deploy.process.ChildProcess;
import io.hutong.deploy.process.FreePorts;
import io.hutong.deploy.server.Infrastructure;
import io.hutong.deploy.server.LocalIdentity;
import io.hutong.deploy.server.ServiceDatabase;
import io.hutong.deploy.server.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Lookups and verifications on one dataset of a million keys ({@code -Dhutong.bench.keys=}): the
 * keys are published through the exchange, materialised into the latest-state table, then looked up
 * and verified one at a time, on one connection and on 16 at once, in interleaved rounds after a
 * warm-up; then the freshness of a publish (acknowledged → visible to a lookup). Load comes from
 * {@link HttpLoad}, whose CPU share is reported beside the exchange's; the exchange runs as its own
 * process, its memory is reported with the store loaded ({@code -Dhutong.bench.jfr=<file>} records
 * it with JFR). Not in the suite: {@code ./hutong bench lookup}.
 */
@ExtendWith(HutongStack.class)
class LookupBenchmark {

  static final int KEYS = Integer.getInteger("hutong.bench.keys", 1_000_000);
  static final int BATCH = 1000;
  static final int ROUNDS = 3;
  static final int SEQUENTIAL = 5_000;
  static final int CONCURRENT = 20_000;
  static final int CONNECTIONS = 16;
  static final int FRESHNESS_SAMPLES = 200;

  private final List<String> report = new ArrayList<>();
  private Infrastructure stack;
  private ChildProcess exchange;
  private int port;
  private Tokens tokens;
  private String code;

  @Test
  void lookupsAndVerificationsOnAMillionKeys() throws Exception {
    stack = HutongStack.infrastructure();
    port = FreePorts.next();
    exchange = ExchangeBenchmark.startExchange(stack, port, "exchange-lookup.log");
    try {
      tokens = new Tokens(stack.keycloak());
      code = ExchangeBenchmark.Announce.dataset(port, tokens);
      UUID grant = UUID.randomUUID();
      ExchangeITBase.feed(
          io.hutong.schemas.catalog.CatalogTopics.grantKey(grant.toString()),
          io.hutong.schemas.catalog.GrantIssued.newBuilder()
              .setGrantId(grant)
              .setDataset(code)
              .setProvider("civil-affairs")
              .setConsumer("human-resources")
              .setFields(List.of("certificateNo", "district"))
              .setVerifyFields(List.of("husbandName", "wifeName"))
              .setPurpose("bench")
              .setValidFrom(Instant.now().truncatedTo(ChronoUnit.MICROS))
              .build());
      Thread.sleep(1_000);
      load();
      note(memory());
      note(tableSize());
      measure();
      freshness();
    } finally {
      exchange.stop(Duration.ofSeconds(20));
    }
    System.out.println("\n=== lookups and verifications (one broker, SASL_SSL, 2 cores) ===");
    report.forEach(System.out::println);
    System.out.println();
  }

  /** Publishes {@link #KEYS} records in batches of {@link #BATCH} and waits until all are found. */
  private void load() throws Exception {
    String publisher = tokens.accessToken(LocalIdentity.CIVIL_AFFAIRS_SYSTEM);
    List<byte[]> requests = new ArrayList<>(KEYS / BATCH);
    for (int b = 0; b < KEYS / BATCH; b++) {
      StringBuilder body = new StringBuilder(BATCH * 200).append("{\"records\":[");
      for (int r = 0; r < BATCH; r++) {
        int n = b * BATCH + r;
        body.append(r == 0 ? "" : ",")
            .append("{\"key\":\"")
            .append(key(n))
            .append("\",\"value\":{\"certificateNo\":\"")
            .append(key(n))
            .append("\",\"husbandName\":\"")
            .append(husband(n))
            .append("\",\"wifeName\":\"李四娘-")
            .append(n)
            .append("\",\"district\":\"广州市天河区天河路")
            .append(n % 997)
            .append("号\"}}");
      }
      requests.add(
          HttpLoad.request(
              "POST",
              "/api/exchange/v1/datasets/" + code + "/records",
              port,
              HttpLoad.headers(
                  "Authorization", "Bearer " + publisher, "Content-Type", "application/json"),
              body.append("]}").toString().getBytes(StandardCharsets.UTF_8)));
    }
    long start = System.nanoTime();
    HttpLoad.Result published = HttpLoad.run(port, 4, requests, requests.size(), 200);
    double publishSeconds = (System.nanoTime() - start) / 1e9;
    String reader = tokens.accessToken(LocalIdentity.HUMAN_RESOURCES_SYSTEM);
    try (HttpClient http = HttpClient.newHttpClient()) {
      for (int probe : new int[] {0, KEYS / 3, KEYS / 2, 2 * KEYS / 3, KEYS - 1}) {
        while (lookupStatus(http, reader, key(probe)) != 200) {
          Thread.sleep(100);
        }
      }
    }
    double visibleSeconds = (System.nanoTime() - start) / 1e9;
    note(
        String.format(
            Locale.ROOT,
            "loaded %,d keys: published in %.1f s (%,.0f rec/s, generator %.1f %%), all visible to"
                + " lookups after %.1f s (%,.0f rec/s materialised)",
            KEYS,
            publishSeconds,
            published.requests() * BATCH / published.seconds(),
            100 * published.cpuShare(),
            visibleSeconds,
            KEYS / visibleSeconds));
  }

  /** Interleaved rounds of the four ways of asking, after a warm-up; medians of the rounds. */
  private void measure() {
    String reader = tokens.accessToken(LocalIdentity.HUMAN_RESOURCES_SYSTEM);
    Random random = new Random(14);
    List<byte[]> lookups = new ArrayList<>();
    List<byte[]> verifications = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      int n = random.nextInt(KEYS);
      lookups.add(
          HttpLoad.request(
              "GET",
              "/api/exchange/v1/datasets/" + code + "/records/" + key(n),
              port,
              HttpLoad.headers("Authorization", "Bearer " + reader),
              null));
      String body =
          "{\"key\":\""
              + key(n)
              + "\",\"fields\":{\"husbandName\":\""
              + (i % 2 == 0 ? husband(n) : "someone else")
              + "\"}}";
      verifications.add(
          HttpLoad.request(
              "POST",
              "/api/exchange/v1/datasets/" + code + "/verifications",
              port,
              HttpLoad.headers(
                  "Authorization", "Bearer " + reader, "Content-Type", "application/json"),
              body.getBytes(StandardCharsets.UTF_8)));
    }
    HttpLoad.run(port, CONNECTIONS, lookups, 20_000, 200); // warm-up
    HttpLoad.run(port, CONNECTIONS, verifications, 20_000, 200);
    Map<String, List<HttpLoad.Result>> results = new LinkedHashMap<>();
    Map<String, List<Double>> exchangeCpu = new LinkedHashMap<>();
    for (int round = 0; round < ROUNDS; round++) {
      run("lookup, 1 connection", lookups, 1, SEQUENTIAL, results, exchangeCpu);
      run("lookup, 16 connections", lookups, CONNECTIONS, CONCURRENT, results, exchangeCpu);
      run("verification, 1 connection", verifications, 1, SEQUENTIAL, results, exchangeCpu);
      run(
          "verification, 16 connections",
          verifications,
          CONNECTIONS,
          CONCURRENT,
          results,
          exchangeCpu);
    }
    note(
        "median of "
            + ROUNDS
            + " interleaved rounds: rate, p50 / p99 ms, exchange CPU, generator CPU");
    results.forEach(
        (what, rounds) ->
            note(
                String.format(
                    Locale.ROOT,
                    "  %-30s %,8.0f /s   %.2f / %.2f ms   exchange %.0f %%   generator %.1f %%",
                    what,
                    median(rounds.stream().mapToDouble(HttpLoad.Result::rate)),
                    median(rounds.stream().mapToDouble(r -> r.latencyMs(0.5))),
                    median(rounds.stream().mapToDouble(r -> r.latencyMs(0.99))),
                    median(exchangeCpu.get(what).stream().mapToDouble(Double::doubleValue)),
                    median(rounds.stream().mapToDouble(r -> 100 * r.cpuShare())))));
  }

  private void run(
      String what,
      List<byte[]> requests,
      int connections,
      int total,
      Map<String, List<HttpLoad.Result>> results,
      Map<String, List<Double>> exchangeCpu) {
    long cpu = ProcessStats.cpuNanos(exchange.pid());
    HttpLoad.Result r = HttpLoad.run(port, connections, requests, total, 200);
    cpu = ProcessStats.cpuNanos(exchange.pid()) - cpu;
    results.computeIfAbsent(what, k -> new ArrayList<>()).add(r);
    exchangeCpu
        .computeIfAbsent(what, k -> new ArrayList<>())
        .add(100 * ProcessStats.share(cpu, r.seconds()));
    System.out.printf(
        Locale.ROOT, "[bench] %s: %,.0f /s, p99 %.2f ms%n", what, r.rate(), r.latencyMs(0.99));
  }

  /** Acknowledged publish of one new key → first lookup that finds it, one sample at a time. */
  private void freshness() throws Exception {
    String publisher = tokens.accessToken(LocalIdentity.CIVIL_AFFAIRS_SYSTEM);
    String reader = tokens.accessToken(LocalIdentity.HUMAN_RESOURCES_SYSTEM);
    long[] nanos = new long[FRESHNESS_SAMPLES];
    try (HttpClient http = HttpClient.newHttpClient()) {
      for (int i = 0; i < FRESHNESS_SAMPLES; i++) {
        String key = "FRESH-" + i + "-" + System.nanoTime();
        String body =
            "{\"records\":[{\"key\":\""
                + key
                + "\",\"value\":{\"certificateNo\":\""
                + key
                + "\",\"husbandName\":\"h\",\"wifeName\":\"w\",\"district\":null}}]}";
        HttpResponse<Void> published =
            http.send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://localhost:"
                                + port
                                + "/api/exchange/v1/datasets/"
                                + code
                                + "/records"))
                    .header("Authorization", "Bearer " + publisher)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        long acknowledged = System.nanoTime();
        if (published.statusCode() != 200) {
          throw new IllegalStateException("publish: HTTP " + published.statusCode());
        }
        while (lookupStatus(http, reader, key) != 200) {
          if (System.nanoTime() - acknowledged > Duration.ofSeconds(30).toNanos()) {
            throw new IllegalStateException(key + " not visible within 30 s");
          }
        }
        nanos[i] = System.nanoTime() - acknowledged;
        Thread.sleep(20);
      }
    }
    Arrays.sort(nanos);
    note(
        String.format(
            Locale.ROOT,
            "freshness (acknowledged publish → found by a lookup), %d samples: p50 %.0f ms, p99"
                + " %.0f ms, max %.0f ms",
            FRESHNESS_SAMPLES,
            nanos[FRESHNESS_SAMPLES / 2] / 1e6,
            nanos[(int) (FRESHNESS_SAMPLES * 0.99)] / 1e6,
            nanos[FRESHNESS_SAMPLES - 1] / 1e6));
  }

  private int lookupStatus(HttpClient http, String token, String key) throws Exception {
    return http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://localhost:"
                            + port
                            + "/api/exchange/v1/datasets/"
                            + code
                            + "/records/"
                            + key))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private String memory() throws Exception {
    return "exchange memory with the store loaded: "
        + ExchangeBenchmark.memory(
            port, tokens.accessToken(LocalIdentity.CIVIL_AFFAIRS_SYSTEM), exchange.pid());
  }

  /** The latest-state table's size on disk (rows, indexes, TOAST). */
  private String tableSize() throws Exception {
    Map<String, String> spring = stack.springProperties(ServiceDatabase.EXCHANGE);
    try (Connection c =
            DriverManager.getConnection(
                spring.get("spring.datasource.url"),
                spring.get("spring.datasource.username"),
                spring.get("spring.datasource.password"));
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "select count(*), pg_total_relation_size('exchange.latest_record')"
                        + " from exchange.latest_record")) {
      rs.next();
      return String.format(
          Locale.ROOT,
          "latest-state table: %,d rows, %.0f MB on disk (PostgreSQL, not the exchange's heap)",
          rs.getLong(1),
          rs.getLong(2) / 1024.0 / 1024.0);
    }
  }

  private static double median(java.util.stream.DoubleStream values) {
    double[] sorted = values.sorted().toArray();
    return sorted[sorted.length / 2];
  }

  static String key(int n) {
    return String.format(Locale.ROOT, "K%07d", n);
  }

  static String husband(int n) {
    return "张三丰-" + n;
  }

  private void note(String line) {
    report.add(line);
    System.out.println("[bench] " + line);
  }
}
