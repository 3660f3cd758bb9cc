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
import io.hutong.schemas.catalog.CatalogTopics;
import io.hutong.schemas.catalog.DatasetPublished;
import io.hutong.schemas.catalog.DatasetStandards;
import io.hutong.schemas.catalog.DatasetState;
import io.hutong.schemas.catalog.DatasetStatus;
import io.hutong.schemas.catalog.FieldStandardSpec;
import io.hutong.schemas.catalog.SchemaVersionAdded;
import io.hutong.schemas.catalog.SharingType;
import io.hutong.schemas.catalog.ViolationMode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What measuring data quality costs the publish path: two datasets of the same five-field schema,
 * one with a standard on every field in measure mode, one with none, published in interleaved
 * rounds after a warm-up (batches of 500 over 4 connections from {@link HttpLoad}). Each round
 * reports the acknowledged publish rate and the rate until every record is also measured (counted
 * by the ingest); the medians and the median of the per-round ratios are printed. Not in the suite:
 * {@code ./hutong bench quality}.
 */
@ExtendWith(HutongStack.class)
class QualityBenchmark {

  static final int BATCH = 500;
  static final int CONNECTIONS = 4;
  static final int ROUNDS = 5;
  static final int WARM_ROUNDS = Integer.getInteger("hutong.bench.warm-rounds", 5);
  static final int PER_ROUND = Integer.getInteger("hutong.bench.records", 100_000);

  static final Schema SCHEMA =
      new Schema.Parser()
          .parse(
              """
              {"type":"record","name":"Resident","namespace":"gov.public_security","fields":[
                {"name":"idNumber","type":"string"},
                {"name":"name","type":"string"},
                {"name":"division","type":"string"},
                {"name":"mobile","type":["null","string"],"default":null},
                {"name":"registeredOn","type":"string"}
              ]}
              """);

  private final List<String> report = new ArrayList<>();
  private Infrastructure stack;
  private ChildProcess exchange;
  private int port;

  @Test
  void standardsInMeasureModeAgainstNone() throws Exception {
    stack = HutongStack.infrastructure();
    port = FreePorts.next();
    exchange = ExchangeBenchmark.startExchange(stack, port, "exchange-quality.log");
    try {
      Tokens tokens = new Tokens(stack.keycloak());
      String token = tokens.accessToken(LocalIdentity.CIVIL_AFFAIRS_SYSTEM);
      String none = announce(false);
      String measured = announce(true);
      Thread.sleep(2_000);
      Map<String, List<byte[]>> requests = new LinkedHashMap<>();
      requests.put(none, requests(none, token));
      requests.put(measured, requests(measured, token));
      Map<String, Long> published = new LinkedHashMap<>();
      published.put(none, 0L);
      published.put(measured, 0L);
      for (int warm = 0; warm < WARM_ROUNDS; warm++) {
        for (String code : requests.keySet()) {
          round(code, requests.get(code), published);
        }
      }
      Map<String, List<double[]>> rounds = new LinkedHashMap<>();
      for (int r = 0; r < ROUNDS; r++) {
        List<String> order = new ArrayList<>(requests.keySet());
        if (r % 2 == 1) {
          java.util.Collections.reverse(order);
        }
        for (String code : order) {
          rounds
              .computeIfAbsent(code, k -> new ArrayList<>())
              .add(round(code, requests.get(code), published));
        }
      }
      summarise(rounds.get(none), rounds.get(measured));
      note(memory(tokens));
    } finally {
      exchange.stop(Duration.ofSeconds(20));
    }
    System.out.println("\n=== data quality measuring: cost on the publish path (2 cores) ===");
    report.forEach(System.out::println);
    System.out.println();
  }

  /**
   * One round on one dataset: {publish rec/s, publish-and-measured rec/s, exchange CPU µs per
   * record, generator CPU share}.
   */
  private double[] round(String code, List<byte[]> requests, Map<String, Long> published)
      throws Exception {
    long cpu = ProcessStats.cpuNanos(exchange.pid());
    long start = System.nanoTime();
    HttpLoad.Result r = HttpLoad.run(port, CONNECTIONS, requests, PER_ROUND / BATCH, 200);
    long total = published.merge(code, (long) PER_ROUND, Long::sum);
    while (counted(code) < total) {
      Thread.sleep(20);
    }
    double measuredSeconds = (System.nanoTime() - start) / 1e9;
    cpu = ProcessStats.cpuNanos(exchange.pid()) - cpu;
    double[] figures = {
      PER_ROUND / r.seconds(), PER_ROUND / measuredSeconds, cpu / 1e3 / PER_ROUND, r.cpuShare()
    };
    System.out.printf(
        Locale.ROOT,
        "[bench] %s: publish %,.0f rec/s, measured %,.0f rec/s, exchange %.1f µs/record%n",
        code,
        figures[0],
        figures[1],
        figures[2]);
    return figures;
  }

  private void summarise(List<double[]> none, List<double[]> measured) {
    note(
        String.format(
            Locale.ROOT,
            "median of %d interleaved rounds of %,d records (batches of %d, %d connections):",
            ROUNDS,
            PER_ROUND,
            BATCH,
            CONNECTIONS));
    String[] names = {"acknowledged publish", "publish until measured"};
    for (int i = 0; i < 2; i++) {
      List<Double> ratios = new ArrayList<>();
      for (int r = 0; r < none.size(); r++) {
        ratios.add(measured.get(r)[i] / none.get(r)[i]);
      }
      final int f = i;
      note(
          String.format(
              Locale.ROOT,
              "  %-24s no standards %,9.0f rec/s   five standards %,9.0f rec/s   ratio %.3f"
                  + " (cost %.1f %%)",
              names[i],
              median(none.stream().map(x -> x[f]).toList()),
              median(measured.stream().map(x -> x[f]).toList()),
              median(ratios),
              100 * (1 - median(ratios))));
    }
    note(
        String.format(
            Locale.ROOT,
            "  exchange CPU per record: no standards %.2f µs, five standards %.2f µs; generator"
                + " CPU %.1f %% / %.1f %%",
            median(none.stream().map(x -> x[2]).toList()),
            median(measured.stream().map(x -> x[2]).toList()),
            100 * median(none.stream().map(x -> x[3]).toList()),
            100 * median(measured.stream().map(x -> x[3]).toList())));
  }

  /** A civil-affairs dataset of {@link #SCHEMA}, with a standard on each field if asked. */
  private static String announce(boolean standards) throws Exception {
    String code =
        "civil-affairs.quality-"
            + (standards ? "measured-" : "none-")
            + Long.toHexString(System.nanoTime());
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    ExchangeITBase.feed(
        CatalogTopics.schemaKey(code, 1),
        SchemaVersionAdded.newBuilder()
            .setDataset(code)
            .setVersion(1)
            .setSchema$(SCHEMA.toString())
            .setFingerprint(SchemaNormalization.parsingFingerprint64(SCHEMA))
            .build());
    ExchangeITBase.feed(
        CatalogTopics.datasetKey(code),
        DatasetPublished.newBuilder()
            .setDataset(
                DatasetState.newBuilder()
                    .setCode(code)
                    .setProvider("civil-affairs")
                    .setName("bench")
                    .setSharingType(SharingType.CONDITIONAL)
                    .setStatus(DatasetStatus.ACTIVE)
                    .setCurrentSchemaVersion(1)
                    .setCompatibility("BACKWARD")
                    .setUpdatedAt(now)
                    .build())
            .build());
    if (standards) {
      ExchangeITBase.feed(
          CatalogTopics.standardsKey(code),
          DatasetStandards.newBuilder()
              .setDataset(code)
              .setViolationMode(ViolationMode.MEASURE)
              .setStandards(
                  List.of(
                      spec("idNumber", "RESIDENT_IDENTITY", null, null),
                      spec("name", "LENGTH", "1", "20"),
                      spec("division", "ADMINISTRATIVE_DIVISION", null, null),
                      spec("mobile", "MOBILE_NUMBER", null, null),
                      spec("registeredOn", "DATE_RANGE", "1949-10-01", "2099-12-31")))
              .build());
    }
    return code;
  }

  private static FieldStandardSpec spec(String field, String kind, String min, String max) {
    return FieldStandardSpec.newBuilder()
        .setSchemaVersion(1)
        .setField(field)
        .setKind(kind)
        .setMin(min)
        .setMax(max)
        .build();
  }

  /** Pre-built batches: one record in ten breaks a standard, keys repeat across rounds. */
  private List<byte[]> requests(String code, String token) {
    List<byte[]> requests = new ArrayList<>();
    for (int b = 0; b < PER_ROUND / BATCH; b++) {
      StringBuilder body = new StringBuilder(BATCH * 220).append("{\"records\":[");
      for (int i = 0; i < BATCH; i++) {
        int n = b * BATCH + i;
        boolean bad = n % 10 == 0;
        body.append(i == 0 ? "" : ",")
            .append("{\"key\":\"P")
            .append(n)
            .append("\",\"value\":{\"idNumber\":\"")
            .append(bad ? "110105198001010010" : residentIdentity(n))
            .append("\",\"name\":\"居民")
            .append(n)
            .append("\",\"division\":\"")
            .append(110101 + n % 18)
            .append("\",\"mobile\":")
            .append(n % 3 == 0 ? "null" : "\"13" + String.format(Locale.ROOT, "%09d", n) + "\"")
            .append(",\"registeredOn\":\"20")
            .append(String.format(Locale.ROOT, "%02d-%02d-%02d", n % 25, 1 + n % 12, 1 + n % 28))
            .append("\"}}");
      }
      requests.add(
          HttpLoad.request(
              "POST",
              "/api/exchange/v1/datasets/" + code + "/records",
              port,
              HttpLoad.headers(
                  "Authorization", "Bearer " + token, "Content-Type", "application/json"),
              body.append("]}").toString().getBytes(StandardCharsets.UTF_8)));
    }
    return requests;
  }

  /** A valid 公民身份号码 (GB 11643) for {@code n}: division, birth date, sequence, check. */
  static String residentIdentity(int n) {
    String body =
        "110105"
            + String.format(Locale.ROOT, "19%02d%02d%02d", 50 + n % 50, 1 + n % 12, 1 + n % 28)
            + String.format(Locale.ROOT, "%03d", n % 1000);
    int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += (body.charAt(i) - '0') * weights[i];
    }
    return body + "10X98765432".charAt(sum % 11);
  }

  /** Records of {@code code} the ingest has measured so far. */
  private long counted(String code) throws Exception {
    Map<String, String> spring = stack.springProperties(ServiceDatabase.EXCHANGE);
    try (Connection c =
            DriverManager.getConnection(
                spring.get("spring.datasource.url"),
                spring.get("spring.datasource.username"),
                spring.get("spring.datasource.password"));
        PreparedStatement s =
            c.prepareStatement(
                "select coalesce(sum(n), 0) from exchange.quality_count where dataset = ?"
                    + " and measure = 'RECORDS'")) {
      s.setString(1, code);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private String memory(Tokens tokens) throws Exception {
    return "exchange memory after the rounds: "
        + ExchangeBenchmark.memory(
            port, tokens.accessToken(LocalIdentity.CIVIL_AFFAIRS_SYSTEM), exchange.pid());
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return sorted[sorted.length / 2];
  }

  private void note(String line) {
    report.add(line);
    System.out.println("[bench] " + line);
  }
}
