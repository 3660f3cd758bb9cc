package io.hutong.exchange;

import io.hutong.deploy.junit.HutongStack;
import io.hutong.deploy.platform.ServiceProcess;
import io.hutong.deploy.process.ChildProcess;
import io.hutong.deploy.process.FreePorts;
import io.hutong.deploy.server.Infrastructure;
import io.hutong.deploy.server.LocalIdentity;
import io.hutong.deploy.server.ServiceDatabase;
import io.hutong.deploy.server.Tokens;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

/**
 * Exchange throughput and latency against Kafka's own clients on the same broker, in one run:
 * publish (batches of 500 records of ~200 bytes JSON, 4 concurrent clients, acks=all), fetch of one
 * subscription, and publish → SSE delivery latency at 1,000 records/s; with the exchange's heap and
 * resident memory. The exchange runs as its own process. Not in the suite: {@code ./hutong bench
 * exchange}.
 */
@ExtendWith(HutongStack.class)
class ExchangeBenchmark {

  static final int RECORDS = 200_000;
  static final int BATCH = 500;
  static final int CLIENTS = 4;
  static final int WARMUP = 100_000;
  static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void throughputAndLatencyAgainstRawKafka() throws Exception {
    Infrastructure stack = HutongStack.infrastructure();
    int port = FreePorts.next();
    Path logs = Path.of("target", "hutong-bench-logs");
    ChildProcess exchange =
        ServiceProcess.start(
            "exchange-bench",
            Path.of("target", "exchange-service.jar"),
            port,
            stack.springProperties(ServiceDatabase.EXCHANGE),
            logs,
            logs.resolve("exchange.log"));
    List<String> report = new ArrayList<>();
    try {
      ServiceProcess.awaitHealthy("exchange-service", port, exchange, Duration.ofSeconds(120));
      Tokens tokens = new Tokens(stack.keycloak());
      String code = Announce.dataset(port, tokens);
      String[] bodies = new String[RECORDS / BATCH];
      List<byte[]> avro = new ArrayList<>(RECORDS);
      Schema schema = new Schema.Parser().parse(ExchangeITBase.MARRIAGE_SCHEMA);
      BinaryMessageEncoder<GenericRecord> encoder =
          new BinaryMessageEncoder<>(GenericData.get(), schema);
      for (int b = 0; b < bodies.length; b++) {
        StringBuilder body = new StringBuilder(BATCH * 220).append("{\"records\":[");
        for (int r = 0; r < BATCH; r++) {
          int n = b * BATCH + r;
          String cert = String.format("J440-2026-%08d", n);
          String value =
              "{\"certificateNo\":\""
                  + cert
                  + "\",\"husbandName\":\"张三丰-"
                  + n
                  + "\",\"wifeName\":\"李四娘-"
                  + n
                  + "\",\"district\":\"广州市天河区天河路"
                  + (n % 997)
                  + "号婚姻登记处第一窗口\"}";
          body.append(r == 0 ? "" : ",")
              .append("{\"key\":\"")
              .append(cert)
              .append("\",\"value\":")
              .append(value)
              .append('}');
          GenericRecord rec = new GenericData.Record(schema);
          rec.put("certificateNo", cert);
          rec.put("husbandName", "张三丰-" + n);
          rec.put("wifeName", "李四娘-" + n);
          rec.put("district", "广州市天河区天河路" + (n % 997) + "号婚姻登记处第一窗口");
          ByteBuffer buffer = encoder.encode(rec);
          byte[] bytes = new byte[buffer.remaining()];
          buffer.get(bytes);
          avro.add(bytes);
        }
        bodies[b] = body.append("]}").toString();
      }
      report.add(
          String.format(
              Locale.ROOT,
              "record JSON ≈ %d bytes; Avro value ≈ %d bytes",
              bodies[0].length() / BATCH,
              avro.getFirst().length));

      byte[][] payloads = new byte[bodies.length][];
      for (int b = 0; b < bodies.length; b++) {
        payloads[b] = bodies[b].getBytes(StandardCharsets.UTF_8);
      }
      // Warm-up: the exchange has just started; let every JVM compile its hot paths first, as
      // a service running all day would have.
      long warmStart = System.nanoTime();
      rawProduce(stack, "hutong.bench.warmup", avro.subList(0, WARMUP));
      exchangePublish(port, code, Arrays.copyOf(payloads, WARMUP / BATCH), tokens);
      exchangeFetch(port, code, tokens, WARMUP);
      rawConsume(stack, "hutong.bench.warmup", WARMUP);
      report.add(
          String.format(
              Locale.ROOT,
              "warm-up: %,d records published and fetched each way in %.1f s (not measured)",
              WARMUP,
              (System.nanoTime() - warmStart) / 1e9));

      // 1. publish
      double raw = rawProduce(stack, "hutong.bench.raw", avro);
      double viaExchange = exchangePublish(port, code, payloads, tokens);
      report.add(
          String.format(
              Locale.ROOT,
              "publish: raw producer %,.0f rec/s; exchange %,.0f rec/s; ratio %.2f",
              raw,
              viaExchange,
              viaExchange / raw));
      report.add(memory(exchange, port, tokens, "after publish"));

      // 2. fetch
      double rawFetch = rawConsume(stack, "hutong.bench.raw", RECORDS);
      double fetched = exchangeFetch(port, code, tokens, RECORDS);
      report.add(
          String.format(
              Locale.ROOT,
              "fetch: raw consumer %,.0f rec/s; exchange %,.0f rec/s; ratio %.2f",
              rawFetch,
              fetched,
              fetched / rawFetch));
      report.add(memory(exchange, port, tokens, "after fetch"));

      // 3. publish -> stream latency at 1,000 records/s
      report.add(rawTransactions(stack, avro));
      report.add(roundTrip(port, tokens));
      report.add(latency(port, code, tokens));
      report.add(memory(exchange, port, tokens, "after latency run"));
    } finally {
      exchange.stop(Duration.ofSeconds(20));
    }
    System.out.println("\n=== exchange vs raw Kafka (one broker, acks=all, 2-core machine) ===");
    report.forEach(System.out::println);
    System.out.println();
  }

  private static double rawProduce(Infrastructure stack, String topic, List<byte[]> values)
      throws Exception {
    Properties props = new Properties();
    props.putAll(stack.kafka().operatorClient());
    try (Admin admin = Admin.create(props)) {
      admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
    }
    props.put("acks", "all");
    props.put("enable.idempotence", "true");
    props.put("linger.ms", "5");
    props.put("batch.size", String.valueOf(64 * 1024));
    long start = System.nanoTime();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < values.size(); i++) {
        producer.send(
            new ProducerRecord<>(topic, String.format("J440-2026-%08d", i), values.get(i)));
      }
      producer.flush();
    }
    return values.size() / ((System.nanoTime() - start) / 1e9);
  }

  /** The floor under publish latency: Kafka's own transactional producer, 10 records a commit. */
  private static String rawTransactions(Infrastructure stack, List<byte[]> values) {
    Properties props = new Properties();
    props.putAll(stack.kafka().operatorClient());
    props.put("acks", "all");
    props.put("enable.idempotence", "true");
    props.put("transactional.id", "hutong-bench-raw-tx");
    long[] commits = new long[2_000];
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      for (int t = 0; t < commits.length; t++) {
        long start = System.nanoTime();
        producer.beginTransaction();
        for (int r = 0; r < 10; r++) {
          producer.send(new ProducerRecord<>("hutong.bench.raw", "k" + r, values.get(r)));
        }
        producer.commitTransaction();
        commits[t] = System.nanoTime() - start;
      }
    }
    Arrays.sort(commits);
    return String.format(
        Locale.ROOT,
        "raw transactional producer, 10 records per transaction: commit p50 %.1f ms, p99 %.1f ms",
        commits[commits.length / 2] / 1e6,
        commits[(int) (commits.length * 0.99)] / 1e6);
  }

  /** The floor under any call: an authenticated GET that does no work, 1,000 times. */
  private static String roundTrip(int port, Tokens tokens) throws Exception {
    String token = tokens.accessToken(LocalIdentity.CIVIL_AFFAIRS_SYSTEM);
    long[] calls = new long[1_000];
    try (HttpClient http = HttpClient.newHttpClient()) {
      for (int i = 0; i < calls.length; i++) {
        long start = System.nanoTime();
        http.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/exchange/v1/me"))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.discarding());
        calls[i] = System.nanoTime() - start;
        Thread.sleep(5);
      }
    }
    Arrays.sort(calls);
    return String.format(
        Locale.ROOT,
        "authenticated GET /me round trip: p50 %.2f ms, p99 %.2f ms",
        calls[calls.length / 2] / 1e6,
        calls[(int) (calls.length * 0.99)] / 1e6);
  }

  private static double exchangePublish(int port, String code, byte[][] bodies, Tokens tokens)
      throws Exception {
    String token = tokens.accessToken(LocalIdentity.CIVIL_AFFAIRS_SYSTEM);
    AtomicLong next = new AtomicLong();
    long start = System.nanoTime();
    List<CompletableFuture<Void>> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      clients.add(
          CompletableFuture.runAsync(
              () -> {
                try (HttpClient http = HttpClient.newHttpClient()) {
                  for (long b; (b = next.getAndIncrement()) < bodies.length; ) {
                    HttpResponse<String> r =
                        http.send(
                            HttpRequest.newBuilder(
                                    URI.create(
                                        "http://localhost:"
                                            + port
                                            + "/api/exchange/v1/datasets/"
                                            + code
                                            + "/records"))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bodies[(int) b]))
                                .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                      throw new IllegalStateException(r.statusCode() + " " + r.body());
                    }
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }));
    }
    CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get();
    return (double) bodies.length * BATCH / ((System.nanoTime() - start) / 1e9);
  }

  private static double rawConsume(Infrastructure stack, String topic, int records) {
    Properties props = new Properties();
    props.putAll(stack.kafka().operatorClient());
    props.put("isolation.level", "read_committed");
    props.put("max.poll.records", "5000");
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          List.of(0, 1, 2).stream().map(p -> new TopicPartition(topic, p)).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long start = System.nanoTime();
      long count = 0;
      while (count < records) {
        count += consumer.poll(Duration.ofMillis(500)).count();
      }
      return count / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static double exchangeFetch(int port, String code, Tokens tokens, int records)
      throws Exception {
    String token = tokens.accessToken(LocalIdentity.PUBLIC_SECURITY_SYSTEM);
    String id = Announce.subscribe(port, code, token, "earliest");
    long count = 0;
    long start = System.nanoTime();
    try (HttpClient http = HttpClient.newHttpClient()) {
      while (count < records) {
        HttpResponse<byte[]> r =
            http.send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://localhost:"
                                + port
                                + "/api/exchange/v1/subscriptions/"
                                + id
                                + "/records?max=5000&waitMs=1000"))
                    .header("Authorization", "Bearer " + token)
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        var page = JSON.readTree(r.body());
        count += page.path("records").size();
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://localhost:"
                            + port
                            + "/api/exchange/v1/subscriptions/"
                            + id
                            + "/commit"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"cursor\":\"" + page.path("cursor").asString() + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.discarding());
      }
    }
    return count / ((System.nanoTime() - start) / 1e9);
  }

  private static String latency(int port, String code, Tokens tokens) throws Exception {
    String consumerToken = tokens.accessToken(LocalIdentity.PUBLIC_SECURITY_SYSTEM);
    String id = Announce.subscribe(port, code, consumerToken, "latest");
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<java.io.InputStream> stream =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://localhost:"
                            + port
                            + "/api/exchange/v1/subscriptions/"
                            + id
                            + "/stream"))
                .header("Authorization", "Bearer " + consumerToken)
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    int seconds = 20;
    int perSecond = 1_000;
    long[] latencies = new long[seconds * perSecond];
    AtomicLong received = new AtomicLong();
    AtomicBoolean running = new AtomicBoolean(true);
    Thread reader =
        Thread.ofPlatform()
            .start(
                () -> {
                  try (BufferedReader lines =
                      new BufferedReader(
                          new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                    for (String line; running.get() && (line = lines.readLine()) != null; ) {
                      if (line.startsWith("data:")) {
                        long sent =
                            Long.parseLong(JSON.readTree(line.substring(5)).path("key").asString());
                        int i = (int) received.getAndIncrement();
                        if (i < latencies.length) {
                          latencies[i] = System.nanoTime() - sent;
                        }
                      }
                    }
                  } catch (Exception e) {
                    // stream closed at the end
                  }
                });
    String token = tokens.accessToken(LocalIdentity.CIVIL_AFFAIRS_SYSTEM);
    long start = System.nanoTime();
    int perTick = 10;
    long[] calls = new long[latencies.length / perTick];
    for (int i = 0; i < latencies.length; i += perTick) {
      long due = start + (long) (i * 1e9 / perSecond);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      StringBuilder body = new StringBuilder("{\"records\":[");
      for (int r = 0; r < perTick; r++) {
        body.append(r == 0 ? "" : ",")
            .append("{\"key\":\"")
            .append(System.nanoTime())
            .append(
                "\",\"value\":{\"certificateNo\":\"L\",\"husbandName\":\"a\",\"wifeName\":\"b\"}}");
      }
      long called = System.nanoTime();
      http.send(
          HttpRequest.newBuilder(
                  URI.create(
                      "http://localhost:"
                          + port
                          + "/api/exchange/v1/datasets/"
                          + code
                          + "/records"))
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body.append("]}").toString()))
              .build(),
          HttpResponse.BodyHandlers.discarding());
      calls[i / perTick] = System.nanoTime() - called;
    }
    Arrays.sort(calls);
    double offered = latencies.length / ((System.nanoTime() - start) / 1e9);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (received.get() < latencies.length && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    running.set(false);
    stream.body().close();
    int n = (int) Math.min(received.get(), latencies.length);
    long[] sorted = Arrays.copyOf(latencies, n);
    Arrays.sort(sorted);
    return String.format(
        Locale.ROOT,
        "publish -> SSE latency at %,.0f rec/s (batches of %d every %d ms): %,d delivered, p50 %.1f ms, p99 %.1f ms, max %.1f ms"
            + " (of which the publish call: p50 %.1f ms, p99 %.1f ms)",
        offered,
        perTick,
        1000 * perTick / perSecond,
        n,
        sorted[n / 2] / 1e6,
        sorted[(int) (n * 0.99)] / 1e6,
        sorted[n - 1] / 1e6,
        calls[calls.length / 2] / 1e6,
        calls[(int) (calls.length * 0.99)] / 1e6);
  }

  private static String memory(ChildProcess exchange, int port, Tokens tokens, String when)
      throws Exception {
    long rssKb = 0;
    for (String line :
        Files.readAllLines(Path.of("/proc", Long.toString(exchange.pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        rssKb = Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    try (HttpClient http = HttpClient.newHttpClient()) {
      String body =
          http.send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://localhost:"
                                  + port
                                  + "/actuator/metrics/jvm.memory.used?tag=area:heap"))
                      .header(
                          "Authorization",
                          "Bearer " + tokens.accessToken(LocalIdentity.CIVIL_AFFAIRS_SYSTEM))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      double heap = JSON.readTree(body).path("measurements").get(0).path("value").asDouble();
      return String.format(
          Locale.ROOT,
          "memory %s: heap used %.0f MB, RSS %d MB",
          when,
          heap / 1024 / 1024,
          rssKb / 1024);
    }
  }

  /** Announces a dataset and a grant through the catalogue topic, as the catalogue would. */
  static final class Announce {
    static String dataset(int port, Tokens tokens) throws Exception {
      String code = "civil-affairs.bench-" + Long.toHexString(System.nanoTime());
      var schema = new Schema.Parser().parse(ExchangeITBase.MARRIAGE_SCHEMA);
      var now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
      ExchangeITBase.feed(
          io.hutong.schemas.catalog.CatalogTopics.schemaKey(code, 1),
          io.hutong.schemas.catalog.SchemaVersionAdded.newBuilder()
              .setDataset(code)
              .setVersion(1)
              .setSchema$(schema.toString())
              .setFingerprint(org.apache.avro.SchemaNormalization.parsingFingerprint64(schema))
              .build());
      ExchangeITBase.feed(
          io.hutong.schemas.catalog.CatalogTopics.datasetKey(code),
          io.hutong.schemas.catalog.DatasetPublished.newBuilder()
              .setDataset(
                  io.hutong.schemas.catalog.DatasetState.newBuilder()
                      .setCode(code)
                      .setProvider("civil-affairs")
                      .setName("bench")
                      .setSharingType(io.hutong.schemas.catalog.SharingType.CONDITIONAL)
                      .setStatus(io.hutong.schemas.catalog.DatasetStatus.ACTIVE)
                      .setCurrentSchemaVersion(1)
                      .setCompatibility("BACKWARD")
                      .setUpdatedAt(now)
                      .build())
              .build());
      var grant = java.util.UUID.randomUUID();
      ExchangeITBase.feed(
          io.hutong.schemas.catalog.CatalogTopics.grantKey(grant.toString()),
          io.hutong.schemas.catalog.GrantIssued.newBuilder()
              .setGrantId(grant)
              .setDataset(code)
              .setProvider("civil-affairs")
              .setConsumer("public-security")
              .setFields(List.of("certificateNo", "wifeName", "district"))
              .setPurpose("bench")
              .setValidFrom(now)
              .setValidUntil(null)
              .build());
      try (HttpClient http = HttpClient.newHttpClient()) {
        String token = tokens.accessToken(LocalIdentity.CIVIL_AFFAIRS_SYSTEM);
        while (http.send(
                    HttpRequest.newBuilder(
                            URI.create(
                                "http://localhost:"
                                    + port
                                    + "/api/exchange/v1/datasets/"
                                    + code
                                    + "/records"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"records\":[]}"))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            != 422) {
          Thread.sleep(200);
        }
      }
      Thread.sleep(1_000); // let the grant arrive too
      return code;
    }

    static String subscribe(int port, String code, String token, String from) throws Exception {
      try (HttpClient http = HttpClient.newHttpClient()) {
        Map<String, String> body = new HashMap<>(Map.of("dataset", code, "startFrom", from));
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/exchange/v1/subscriptions"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
          throw new IllegalStateException("subscribe: " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).path("id").asString();
      }
    }
  }
}
