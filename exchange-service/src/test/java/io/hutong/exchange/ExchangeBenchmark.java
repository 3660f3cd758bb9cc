package io.hutong.exchange;

import io.hutong.deploy.bench.HttpLoad;
import io.hutong.deploy.bench.ProcessStats;
import io.hutong.deploy.junit.HutongStack;
import io.hutong.deploy.platform.ServiceProcess;
import io.hutong.deploy.process.ChildProcess;
import io.hutong.deploy.process.FreePorts;
import io.hutong.deploy.server.Infrastructure;
import io.hutong.deploy.server.LocalIdentity;
import io.hutong.deploy.server.ServiceDatabase;
import io.hutong.deploy.server.Tokens;
import io.hutong.schemas.data.AvroBatches;
import io.hutong.schemas.data.DataTopics;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
 * The exchange against Kafka's own clients on the same broker, in one run: every ratio is the
 * median of interleaved rounds after a warm-up. Load comes from {@link HttpLoad} (kept-alive
 * sockets, pre-built bodies, answers not parsed), whose CPU share is reported beside the
 * exchange's. Publish (JSON and Avro) against the raw producer (acks=all) and a raw transactional
 * producer; fetch (JSON pages, NDJSON, Avro) against a raw read_committed consumer reading the very
 * same topic; publish → SSE latency against raw transactional produce → read_committed consume at
 * the same rate; then throughput, latency and memory by batch size and record size. The exchange
 * runs as its own process. Not in the suite: {@code ./hutong bench exchange}.
 */
@ExtendWith(HutongStack.class)
class ExchangeBenchmark {

  static final int BATCH = 500;

  /** Concurrent publishers: each a connection to the exchange, or a raw transactional producer. */
  static final int CONNECTIONS = 4;

  static final int ROUNDS = 5;
  static final int FETCH_ROUNDS = 3;
  static final Duration WARMUP = Duration.ofSeconds(60);
  static final Duration MAX_WARMUP = Duration.ofSeconds(180);
  static final int PER_ROUND = 200_000;
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final Schema SCHEMA = new Schema.Parser().parse(ExchangeITBase.MARRIAGE_SCHEMA);

  /** Formats measured ({@code -Dhutong.bench.formats=json,ndjson,avro}); all by default. */
  static final List<String> FORMATS =
      List.of(System.getProperty("hutong.bench.formats", "json,ndjson,avro").split(","));

  /** Parts run ({@code -Dhutong.bench.parts=publish,fetch,latency,curves}); all by default. */
  static final List<String> PARTS =
      List.of(System.getProperty("hutong.bench.parts", "publish,fetch,latency,curves").split(","));

  private final List<String> report = new ArrayList<>();
  private Infrastructure stack;
  private ChildProcess exchange;
  private int port;
  private Tokens tokens;
  private String publisher;
  private String consumer;

  @Test
  void theExchangeAgainstKafkasOwnClients() throws Exception {
    stack = HutongStack.infrastructure();
    port = FreePorts.next();
    exchange = startExchange(stack, port, "exchange.log");
    try {
      tokens = new Tokens(stack.keycloak());
      publisher = tokens.accessToken(LocalIdentity.CIVIL_AFFAIRS_SYSTEM);
      consumer = tokens.accessToken(LocalIdentity.PUBLIC_SECURITY_SYSTEM);
      String code = Announce.dataset(port, tokens);
      Records records = new Records(PER_ROUND, 150);
      note(
          String.format(
              Locale.ROOT,
              "records: JSON ≈ %d bytes each in the batch body; Avro value ≈ %d bytes",
              records.json[0].length / BATCH,
              records.avro.get(0).length));
      if (PARTS.contains("publish")) {
        publishRounds(code, records);
      }
      if (PARTS.contains("fetch")) {
        fetchRounds(code);
      }
      if (PARTS.contains("latency")) {
        latency(code);
      }
      if (PARTS.contains("curves")) {
        curves(code);
      }
    } finally {
      exchange.stop(Duration.ofSeconds(20));
    }
    System.out.println("\n=== exchange vs Kafka's own clients (one broker, SASL_SSL, 2 cores) ===");
    report.forEach(System.out::println);
    System.out.println();
  }

  /**
   * The packaged exchange as its own process on {@code port}, healthy, logging to {@code log} under
   * {@code target/hutong-bench-logs}; recorded with JFR into {@code -Dhutong.bench.jfr=<file>}.
   */
  static ChildProcess startExchange(Infrastructure stack, int port, String log) throws Exception {
    Path logs = Path.of("target", "hutong-bench-logs");
    ChildProcess process =
        ServiceProcess.start(
            "exchange-bench",
            Path.of("target", "exchange-service.jar"),
            port,
            stack.springProperties(ServiceDatabase.EXCHANGE),
            logs,
            logs.resolve(log),
            System.getProperty("hutong.bench.jfr") == null
                ? List.of()
                : List.of(
                    "-XX:FlightRecorderOptions=stackdepth=256",
                    "-XX:StartFlightRecording=settings=profile,filename="
                        + System.getProperty("hutong.bench.jfr")));
    try {
      ServiceProcess.awaitHealthy("exchange-service", port, process, Duration.ofSeconds(120));
      return process;
    } catch (Exception | AssertionError e) {
      process.stop(Duration.ofSeconds(20));
      throw e;
    }
  }

  // ---------------------------------------------------------------- publish

  private void publishRounds(String code, Records records) throws Exception {
    createTopic("hutong.bench.raw");
    createTopic("hutong.bench.raw-tx");
    String path = "/api/exchange/v1/datasets/" + code + "/records";
    List<byte[]> json = requests(path, "application/json", records.json);
    List<byte[]> avro = requests(path, AvroBatches.CONTENT_TYPE, records.container);
    // Warm-up: every JVM compiles its hot paths first, as a service running all day would have.
    // A Spring service's JIT takes minutes of this load to settle, not seconds: passes go on
    // until the exchange's JSON rate stops climbing (two passes within 5 %), at least WARMUP.
    long warm = System.nanoTime();
    int passes = 0;
    double last = 0;
    double previous = 0;
    while (System.nanoTime() - warm < WARMUP.toNanos()
        || Math.abs(last - previous) > 0.05 * last
        || passes < 3) {
      if (System.nanoTime() - warm > MAX_WARMUP.toNanos()) {
        break;
      }
      rawProduce("hutong.bench.raw", records.avro);
      rawTransactional("hutong.bench.raw-tx", records.avro);
      previous = last;
      last = publish(json).rate() * BATCH;
      if (FORMATS.contains("avro")) {
        publish(avro);
      }
      passes++;
    }
    note(
        String.format(
            Locale.ROOT,
            "warm-up: %d passes of every publish path in %.0f s, the last two at %,.0f and %,.0f"
                + " rec/s (not measured)",
            passes,
            (System.nanoTime() - warm) / 1e9,
            previous,
            last));

    Map<String, List<Double>> rates = new LinkedHashMap<>();
    Map<String, List<String>> costs = new LinkedHashMap<>();
    Map<String, String> perRecord = new LinkedHashMap<>();
    for (int round = 0; round < ROUNDS; round++) {
      Cpu rawCpu = new Cpu();
      rates
          .computeIfAbsent("raw", k -> new ArrayList<>())
          .add(rawProduce("hutong.bench.raw", records.avro));
      perRecord.put("raw producer", rawCpu.perRecord(PER_ROUND));
      Cpu txCpu = new Cpu();
      rates
          .computeIfAbsent("raw-tx", k -> new ArrayList<>())
          .add(rawTransactional("hutong.bench.raw-tx", records.avro));
      perRecord.put("raw transactional", txCpu.perRecord(PER_ROUND));
      for (var run : List.of(Map.entry("json", json), Map.entry("avro", avro))) {
        if (!FORMATS.contains(run.getKey())) {
          rates.computeIfAbsent(run.getKey(), k -> new ArrayList<>()).add(Double.NaN);
          costs.computeIfAbsent(run.getKey(), k -> new ArrayList<>()).add("not measured");
          continue;
        }
        long cpu = ProcessStats.cpuNanos(exchange.pid());
        Cpu pathCpu = new Cpu();
        HttpLoad.Result r = publish(run.getValue());
        perRecord.put("exchange " + run.getKey(), pathCpu.perRecord(PER_ROUND));
        cpu = ProcessStats.cpuNanos(exchange.pid()) - cpu;
        rates.computeIfAbsent(run.getKey(), k -> new ArrayList<>()).add(r.rate() * BATCH);
        costs
            .computeIfAbsent(run.getKey(), k -> new ArrayList<>())
            .add(
                String.format(
                    Locale.ROOT,
                    "generator %.1f%%, exchange %.0f%% of the machine, batch p50 %.1f ms p99 %.1f ms",
                    100 * r.cpuShare(),
                    100 * ProcessStats.share(cpu, r.seconds()),
                    r.latencyMs(0.5),
                    r.latencyMs(0.99)));
      }
      note(
          String.format(
              Locale.ROOT,
              "publish round %d: raw %,.0f, raw transactional %,.0f, exchange JSON %,.0f, exchange"
                  + " Avro %,.0f rec/s",
              round + 1,
              rates.get("raw").get(round),
              rates.get("raw-tx").get(round),
              rates.get("json").get(round),
              rates.get("avro").get(round)));
    }
    note(
        String.format(
            Locale.ROOT,
            "PUBLISH (batches of %d, %d connections, %,d records a run, median of %d rounds):"
                + " raw producer %,.0f rec/s; raw transactional %,.0f; exchange JSON %,.0f (%.2f×"
                + " raw, %.2f× raw tx; %s); exchange Avro %,.0f (%.2f× raw; %s)",
            BATCH,
            CONNECTIONS,
            PER_ROUND,
            ROUNDS,
            median(rates.get("raw")),
            median(rates.get("raw-tx")),
            median(rates.get("json")),
            medianRatio(rates.get("json"), rates.get("raw")),
            medianRatio(rates.get("json"), rates.get("raw-tx")),
            costs.get("json").getLast(),
            median(rates.get("avro")),
            medianRatio(rates.get("avro"), rates.get("raw")),
            costs.get("avro").getLast()));
    perRecord.forEach((run, line) -> note("publish, " + run + " (last round): " + line));
    note(memory("after publishing"));
  }

  private HttpLoad.Result publish(List<byte[]> requests) {
    return HttpLoad.run(port, CONNECTIONS, requests, requests.size(), 200);
  }

  private List<byte[]> requests(String path, String type, byte[][] bodies) {
    List<byte[]> out = new ArrayList<>(bodies.length);
    for (byte[] body : bodies) {
      out.add(
          HttpLoad.request(
              "POST",
              path,
              port,
              HttpLoad.headers("Authorization", "Bearer " + publisher, "Content-Type", type),
              body));
    }
    return out;
  }

  private double rawProduce(String topic, List<byte[]> values) {
    Properties props = kafkaClient();
    props.put("acks", "all");
    props.put("enable.idempotence", "true");
    props.put("linger.ms", "5");
    props.put("batch.size", String.valueOf(256 * 1024));
    long start = System.nanoTime();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < values.size(); i++) {
        producer.send(new ProducerRecord<>(topic, Records.key(i), values.get(i)));
      }
      producer.flush();
    }
    return values.size() / ((System.nanoTime() - start) / 1e9);
  }

  /**
   * Kafka's transactional producer as the exchange uses it: {@link #CONNECTIONS} producers, one
   * transaction per batch of {@link #BATCH}.
   */
  private double rawTransactional(String topic, List<byte[]> values) throws Exception {
    AtomicLong next = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < CONNECTIONS; c++) {
      int id = c;
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    Properties props = kafkaClient();
                    props.put("transactional.id", "hutong-bench-raw-tx-" + id);
                    props.put("linger.ms", "2");
                    props.put("batch.size", String.valueOf(256 * 1024));
                    try (KafkaProducer<String, byte[]> producer =
                        new KafkaProducer<>(
                            props, new StringSerializer(), new ByteArraySerializer())) {
                      producer.initTransactions();
                      for (long b; (b = next.getAndIncrement()) < values.size() / BATCH; ) {
                        producer.beginTransaction();
                        for (int i = (int) b * BATCH; i < (b + 1) * BATCH; i++) {
                          producer.send(new ProducerRecord<>(topic, Records.key(i), values.get(i)));
                        }
                        producer.commitTransaction();
                      }
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    return values.size() / ((System.nanoTime() - start) / 1e9);
  }

  // ---------------------------------------------------------------- fetch

  private void fetchRounds(String code) throws Exception {
    String topic = DataTopics.forDataset(code);
    String id = Announce.subscribe(port, code, consumer, "earliest");
    String start = seek(id, "earliest");
    Map<String, String> accepts =
        new LinkedHashMap<>(
            Map.of(
                "json", "application/json",
                "ndjson", "application/x-ndjson",
                "avro", AvroBatches.CONTENT_TYPE));
    accepts.keySet().retainAll(FORMATS);
    long total = countRaw(topic); // also the warm-up of the raw consumer
    for (String accept : accepts.values()) {
      fetch(id, start, accept); // warm-up
    }
    Map<String, List<Double>> rates = new LinkedHashMap<>();
    Map<String, String> perRecord = new LinkedHashMap<>();
    String cost = "";
    for (int round = 0; round < FETCH_ROUNDS; round++) {
      long began = System.nanoTime();
      Cpu rawCpu = new Cpu();
      long read = countRaw(topic);
      perRecord.put("raw consumer", rawCpu.perRecord(read));
      rates
          .computeIfAbsent("raw", k -> new ArrayList<>())
          .add(read / ((System.nanoTime() - began) / 1e9));
      StringBuilder line =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "fetch round %d: raw %,.0f",
                  round + 1,
                  rates.get("raw").get(round)));
      for (var accept : accepts.entrySet()) {
        long cpu = ProcessStats.cpuNanos(exchange.pid());
        Cpu pathCpu = new Cpu();
        HttpLoad.Result r = fetch(id, start, accept.getValue());
        perRecord.put(accept.getKey(), pathCpu.perRecord(total));
        cpu = ProcessStats.cpuNanos(exchange.pid()) - cpu;
        double rate = total / r.seconds();
        rates.computeIfAbsent(accept.getKey(), k -> new ArrayList<>()).add(rate);
        line.append(String.format(Locale.ROOT, ", %s %,.0f", accept.getKey(), rate));
        if (accept.getKey().equals("json")) {
          cost =
              String.format(
                  Locale.ROOT,
                  "generator %.1f%%, exchange %.0f%% of the machine; page of 5,000 p50 %.0f ms",
                  100 * r.cpuShare(),
                  100 * ProcessStats.share(cpu, r.seconds()),
                  r.latencyMs(0.5));
        }
      }
      note(line.append(" rec/s").toString());
    }
    note(
        String.format(
            Locale.ROOT,
            "FETCH (%,d records of one subscription, pages of 5,000 chained by cursor, median of %d"
                + " rounds): raw read_committed consumer %,.0f rec/s; JSON pages %,.0f (%.2f×; %s);"
                + " NDJSON %,.0f (%.2f×); Avro %,.0f (%.2f×)",
            total,
            FETCH_ROUNDS,
            median(rates.get("raw")),
            median(rates.get("json")),
            medianRatio(rates.get("json"), rates.get("raw")),
            cost,
            median(rates.getOrDefault("ndjson", List.of(Double.NaN))),
            medianRatio(rates.getOrDefault("ndjson", nan(FETCH_ROUNDS)), rates.get("raw")),
            median(rates.getOrDefault("avro", List.of(Double.NaN))),
            medianRatio(rates.getOrDefault("avro", nan(FETCH_ROUNDS)), rates.get("raw"))));
    perRecord.forEach((run, line) -> note("fetch, " + run + " (last round): " + line));
    note(memory("after fetching"));
  }

  private HttpLoad.Result fetch(String id, String start, String accept) {
    Map<String, String> headers =
        HttpLoad.headers("Authorization", "Bearer " + consumer, "Accept", accept);
    return HttpLoad.chain(
        port,
        start,
        "Hutong-Cursor",
        cursor ->
            HttpLoad.request(
                "GET",
                "/api/exchange/v1/subscriptions/" + id + "/records?max=5000&cursor=" + cursor,
                port,
                headers,
                null),
        200);
  }

  private long countRaw(String topic) {
    Properties props = kafkaClient();
    props.put("isolation.level", "read_committed");
    props.put("max.poll.records", "5000");
    props.put("max.partition.fetch.bytes", String.valueOf(4 * 1024 * 1024));
    try (KafkaConsumer<String, byte[]> reader =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          reader.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      reader.assign(partitions);
      reader.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = reader.endOffsets(partitions);
      long count = 0;
      while (partitions.stream().anyMatch(p -> reader.position(p) < end.get(p))) {
        for (ConsumerRecord<String, byte[]> r : reader.poll(Duration.ofMillis(200))) {
          count += r.value().length > 0 ? 1 : 0;
        }
      }
      return count;
    }
  }

  private String seek(String id, String to) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://localhost:"
                              + port
                              + "/api/exchange/v1/subscriptions/"
                              + id
                              + "/seek"))
                  .header("Authorization", "Bearer " + consumer)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"" + to + "\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(r.body()).path("cursor").asString();
    }
  }

  // ---------------------------------------------------------------- latency

  /**
   * Publish → SSE delivery at 1,000 records/s (10 records every 10 ms), against Kafka's own
   * transactional producer → read_committed consumer at the same rate, interleaved.
   */
  private void latency(String code) throws Exception {
    createTopic("hutong.bench.latency");
    rawLatency(5); // warm-up
    sseLatency(code, 5);
    List<double[]> raw = new ArrayList<>();
    List<double[]> sse = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      raw.add(rawLatency(10));
      sse.add(sseLatency(code, 10));
    }
    double rawP99 = median(raw.stream().map(l -> l[1]).toList());
    double sseP99 = median(sse.stream().map(l -> l[1]).toList());
    note(
        String.format(
            Locale.ROOT,
            "LATENCY at 1,000 rec/s (10 records a transaction every 10 ms, %d rounds of 10 s):"
                + " raw transactional produce → read_committed consume p50 %.1f ms, p99 %.1f ms;"
                + " exchange publish → SSE p50 %.1f ms, p99 %.1f ms (publish call p99 %.1f ms);"
                + " p99 difference %+.1f ms",
            ROUNDS,
            median(raw.stream().map(l -> l[0]).toList()),
            rawP99,
            median(sse.stream().map(l -> l[0]).toList()),
            sseP99,
            median(sse.stream().map(l -> l[2]).toList()),
            sseP99 - rawP99));
  }

  private double[] rawLatency(int seconds) throws Exception {
    int total = seconds * 1_000;
    long[] latencies = new long[total];
    AtomicLong received = new AtomicLong();
    AtomicBoolean running = new AtomicBoolean(true);
    Properties consumerProps = kafkaClient();
    consumerProps.put("isolation.level", "read_committed");
    consumerProps.put("fetch.max.wait.ms", "50");
    Thread reader;
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          c.partitionsFor("hutong.bench.latency").stream()
              .map(p -> new TopicPartition("hutong.bench.latency", p.partition()))
              .toList();
      c.assign(partitions);
      c.seekToEnd(partitions);
      partitions.forEach(c::position);
      reader =
          Thread.ofPlatform()
              .start(
                  () -> {
                    while (running.get()) {
                      for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(50))) {
                        int i = (int) received.getAndIncrement();
                        if (i < total) {
                          latencies[i] = System.nanoTime() - Long.parseLong(r.key());
                        }
                      }
                    }
                  });
      Properties props = kafkaClient();
      props.put("transactional.id", "hutong-bench-latency");
      props.put("linger.ms", "2");
      try (KafkaProducer<String, byte[]> producer =
          new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
        producer.initTransactions();
        byte[] value = Records.small();
        long start = System.nanoTime();
        for (int i = 0; i < total; i += 10) {
          pace(start, i);
          producer.beginTransaction();
          for (int r = 0; r < 10; r++) {
            producer.send(
                new ProducerRecord<>(
                    "hutong.bench.latency", Long.toString(System.nanoTime()), value));
          }
          producer.commitTransaction();
        }
      }
      awaitCount(received, total);
      running.set(false);
      reader.join();
    }
    long[] sorted = Arrays.copyOf(latencies, (int) Math.min(received.get(), total));
    Arrays.sort(sorted);
    return new double[] {q(sorted, 0.5), q(sorted, 0.99)};
  }

  private double[] sseLatency(String code, int seconds) throws Exception {
    int total = seconds * 1_000;
    String id = Announce.subscribe(port, code, consumer, "latest");
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
                .header("Authorization", "Bearer " + consumer)
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    long[] latencies = new long[total];
    AtomicLong received = new AtomicLong();
    Thread reader =
        Thread.ofPlatform()
            .start(
                () -> {
                  try (BufferedReader lines =
                      new BufferedReader(
                          new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                    for (String line; (line = lines.readLine()) != null; ) {
                      int key = line.indexOf("\"key\":\"");
                      if (line.startsWith("data:") && key > 0) {
                        long sent =
                            Long.parseLong(line.substring(key + 7, line.indexOf('"', key + 7)));
                        int i = (int) received.getAndIncrement();
                        if (i < total) {
                          latencies[i] = System.nanoTime() - sent;
                        }
                      }
                    }
                  } catch (Exception e) {
                    // stream closed at the end
                  }
                });
    Thread.sleep(500); // the stream's consumer is assigned
    long[] calls = new long[total / 10];
    long start = System.nanoTime();
    try (HttpLoad.Session session = HttpLoad.session(port)) {
      for (int i = 0; i < total; i += 10) {
        pace(start, i);
        StringBuilder body = new StringBuilder("{\"records\":[");
        for (int r = 0; r < 10; r++) {
          body.append(r == 0 ? "" : ",")
              .append("{\"key\":\"")
              .append(System.nanoTime())
              .append(
                  "\",\"value\":{\"certificateNo\":\"L\",\"husbandName\":\"a\",\"wifeName\":\"b\"}}");
        }
        long called = System.nanoTime();
        session.send(
            HttpLoad.request(
                "POST",
                "/api/exchange/v1/datasets/" + code + "/records",
                port,
                HttpLoad.headers(
                    "Authorization", "Bearer " + publisher, "Content-Type", "application/json"),
                body.append("]}").toString().getBytes(StandardCharsets.UTF_8)),
            200);
        calls[i / 10] = System.nanoTime() - called;
      }
    }
    awaitCount(received, total);
    stream.body().close();
    reader.join(5_000);
    http.close();
    long[] sorted = Arrays.copyOf(latencies, (int) Math.min(received.get(), total));
    Arrays.sort(sorted);
    Arrays.sort(calls);
    return new double[] {q(sorted, 0.5), q(sorted, 0.99), q(calls, 0.99)};
  }

  private static void pace(long start, int i) throws InterruptedException {
    long wait = start + i * 1_000_000L - System.nanoTime(); // 1,000 records per second
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
  }

  private static void awaitCount(AtomicLong received, int total) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (received.get() < total && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  // ---------------------------------------------------------------- curves

  /** Throughput, latency and memory by batch size and record size (JSON publish). */
  private void curves(String code) throws Exception {
    String path = "/api/exchange/v1/datasets/" + code + "/records";
    note(
        "CURVES (JSON publish, 4 connections): batch × record size → rec/s, MB/s of JSON, batch p50"
            + " / p99 ms, exchange CPU share, heap used / RSS");
    int[][] shapes = {
      {1, 150, 6_000},
      {10, 150, 3_000},
      {100, 150, 1_000},
      {500, 150, 300},
      {1000, 150, 150},
      {100, 1024, 500},
      {500, 1024, 120},
      {10, 10_240, 600},
      {100, 10_240, 60}
    };
    for (int[] shape : shapes) {
      int batch = shape[0];
      int size = shape[1];
      int count = shape[2];
      Records records = new Records(batch * Math.min(count, 50), size, batch);
      List<byte[]> requests = requests(path, "application/json", records.json);
      HttpLoad.run(port, CONNECTIONS, requests, Math.max(count / 4, 10), 200); // warm-up
      long cpu = ProcessStats.cpuNanos(exchange.pid());
      HttpLoad.Result r = HttpLoad.run(port, CONNECTIONS, requests, count, 200);
      cpu = ProcessStats.cpuNanos(exchange.pid()) - cpu;
      double bytes = (double) records.json[0].length * count;
      note(
          String.format(
              Locale.ROOT,
              "  %4d × %,6d B: %,8.0f rec/s, %5.1f MB/s, p50 %6.1f ms, p99 %6.1f ms, exchange"
                  + " %3.0f%%, %s",
              batch,
              size,
              r.rate() * batch,
              bytes / r.seconds() / 1e6,
              r.latencyMs(0.5),
              r.latencyMs(0.99),
              100 * ProcessStats.share(cpu, r.seconds()),
              memory(null)));
    }
  }

  // ---------------------------------------------------------------- helpers

  private String memory(String when) throws Exception {
    String figures = memory(port, publisher, exchange.pid());
    return when == null ? figures : "memory " + when + ": " + figures;
  }

  /**
   * The heap used (the exchange's own metric, read with {@code token}) and the RSS of {@code pid}.
   */
  static String memory(int port, String token, long pid) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      String body =
          http.send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://localhost:"
                                  + port
                                  + "/actuator/metrics/jvm.memory.used?tag=area:heap"))
                      .header("Authorization", "Bearer " + token)
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      double heap = JSON.readTree(body).path("measurements").get(0).path("value").asDouble();
      return String.format(
          Locale.ROOT, "heap used %.0f MB, RSS %d MB", heap / 1024 / 1024, ProcessStats.rssMb(pid));
    }
  }

  /** CPU of the broker, the exchange and this JVM (raw clients, generator) between two readings. */
  private final class Cpu {
    private final long broker = ProcessStats.cpuNanos(stack.kafka().process().pid());
    private final long service = ProcessStats.cpuNanos(exchange.pid());
    private final long self = ProcessStats.cpuNanos(ProcessHandle.current().pid());

    /** Microseconds of CPU per record: broker / exchange / this JVM. */
    String perRecord(long records) {
      return String.format(
          Locale.ROOT,
          "CPU per record: broker %.1f µs, exchange %.1f µs, clients %.1f µs",
          (ProcessStats.cpuNanos(stack.kafka().process().pid()) - broker) / 1e3 / records,
          (ProcessStats.cpuNanos(exchange.pid()) - service) / 1e3 / records,
          (ProcessStats.cpuNanos(ProcessHandle.current().pid()) - self) / 1e3 / records);
    }
  }

  /** A line of the report, also printed at once so a long run shows its progress. */
  private void note(String line) {
    report.add(line);
    System.out.println("[bench] " + line);
  }

  private Properties kafkaClient() {
    Properties props = new Properties();
    props.putAll(stack.kafka().operatorClient());
    return props;
  }

  private void createTopic(String topic) throws Exception {
    try (Admin admin = Admin.create(kafkaClient())) {
      admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
    }
  }

  private static List<Double> nan(int rounds) {
    return java.util.Collections.nCopies(rounds, Double.NaN);
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return sorted[sorted.length / 2];
  }

  /** The median of the per-round ratios {@code a[i] / b[i]}. */
  private static double medianRatio(List<Double> a, List<Double> b) {
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      ratios.add(a.get(i) / b.get(i));
    }
    return median(ratios);
  }

  private static double q(long[] sorted, double q) {
    return sorted.length == 0
        ? Double.NaN
        : sorted[(int) Math.min(sorted.length - 1, q * sorted.length)] / 1e6;
  }

  /** The same records as JSON batch bodies, Avro container batch bodies and raw Avro values. */
  static final class Records {
    final byte[][] json;
    final byte[][] container;
    final List<byte[]> avro = new ArrayList<>();

    Records(int count, int size) throws Exception {
      this(count, size, BATCH);
    }

    Records(int count, int size, int batch) throws Exception {
      BinaryMessageEncoder<GenericRecord> encoder =
          new BinaryMessageEncoder<>(GenericData.get(), SCHEMA);
      json = new byte[count / batch][];
      container = new byte[count / batch][];
      for (int b = 0; b < json.length; b++) {
        StringBuilder body = new StringBuilder(batch * (size + 40)).append("{\"records\":[");
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (DataFileWriter<GenericRecord> writer =
            new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(AvroBatches.PUBLISHED))) {
          writer.create(AvroBatches.PUBLISHED, file);
          for (int r = 0; r < batch; r++) {
            int n = b * batch + r;
            String cert = key(n);
            String husband = "张三丰-" + n;
            String wife = "李四娘-" + n;
            String district = pad("广州市天河区天河路" + (n % 997) + "号", size - 110);
            body.append(r == 0 ? "" : ",")
                .append("{\"key\":\"")
                .append(cert)
                .append("\",\"value\":{\"certificateNo\":\"")
                .append(cert)
                .append("\",\"husbandName\":\"")
                .append(husband)
                .append("\",\"wifeName\":\"")
                .append(wife)
                .append("\",\"district\":\"")
                .append(district)
                .append("\"}}");
            GenericRecord rec = new GenericData.Record(SCHEMA);
            rec.put("certificateNo", cert);
            rec.put("husbandName", husband);
            rec.put("wifeName", wife);
            rec.put("district", district);
            ByteBuffer buffer = encoder.encode(rec);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            avro.add(bytes);
            GenericRecord envelope = new GenericData.Record(AvroBatches.PUBLISHED);
            envelope.put("key", cert);
            envelope.put("headers", Map.of());
            envelope.put("value", ByteBuffer.wrap(bytes));
            writer.append(envelope);
          }
        }
        json[b] = body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        container[b] = file.toByteArray();
      }
    }

    static String key(int n) {
      return String.format("J440-2026-%08d", n);
    }

    /** {@code text} padded with ASCII to about {@code bytes} UTF-8 bytes. */
    static String pad(String text, int bytes) {
      int have = text.getBytes(StandardCharsets.UTF_8).length;
      return have >= bytes ? text : text + "x".repeat(bytes - have);
    }

    static byte[] small() throws java.io.IOException {
      GenericRecord rec = new GenericData.Record(SCHEMA);
      rec.put("certificateNo", "L");
      rec.put("husbandName", "a");
      rec.put("wifeName", "b");
      ByteBuffer buffer =
          new BinaryMessageEncoder<GenericRecord>(GenericData.get(), SCHEMA).encode(rec);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    }
  }

  /** Announces a dataset and a grant through the catalogue topic, as the catalogue would. */
  static final class Announce {
    static String dataset(int port, Tokens tokens) throws Exception {
      String code = "civil-affairs.bench-" + Long.toHexString(System.nanoTime());
      var now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
      ExchangeITBase.feed(
          io.hutong.schemas.catalog.CatalogTopics.schemaKey(code, 1),
          io.hutong.schemas.catalog.SchemaVersionAdded.newBuilder()
              .setDataset(code)
              .setVersion(1)
              .setSchema$(SCHEMA.toString())
              .setFingerprint(org.apache.avro.SchemaNormalization.parsingFingerprint64(SCHEMA))
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
