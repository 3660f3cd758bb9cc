package io.hutong.e2e;

import io.hutong.deploy.bench.HttpLoad;
import io.hutong.deploy.bench.ProcessStats;
import io.hutong.deploy.junit.HutongStack;
import io.hutong.deploy.process.ChildProcess;
import io.hutong.deploy.server.LocalIdentity;
import io.hutong.deploy.server.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cost of the gateway hop, in one run: publish throughput (batches of 500 records, 4 concurrent
 * clients) and single-record publish latency, through the gateway and directly to exchange-service,
 * interleaved so both see the same machine. The four services run as their own processes ({@link
 * E2ePlatform}); the dataset is registered through the catalogue as in production. Not in the
 * suite: {@code ./hutong bench gateway}.
 */
@ExtendWith(HutongStack.class)
class GatewayHopBenchmark {

  static final int BATCH = 500;
  static final int CLIENTS = 4;
  static final int ROUNDS = 5;
  static final int BATCHES_PER_ROUND = 200; // 100,000 records
  static final int SINGLES = 3_000;

  @Test
  void gatewayHopAgainstDirect() throws Exception {
    E2ePlatform platform = E2ePlatform.get();
    Tokens tokens = platform.tokens();
    int gateway = platform.gatewayPort();
    int exchange = platform.port(E2ePlatform.EXCHANGE);
    ChildProcess gatewayProcess = platform.process(E2ePlatform.GATEWAY);
    ChildProcess exchangeProcess = platform.process(E2ePlatform.EXCHANGE);
    HttpClient http = HttpClient.newHttpClient();
    String code = registerDataset(http, gateway, tokens);
    String token = tokens.accessToken(LocalIdentity.CIVIL_AFFAIRS_SYSTEM);
    Target direct = new Target("direct", exchange, code, token);
    Target hop = new Target("gateway", gateway, code, token);
    direct.awaitDataset(http);

    List<byte[]> directBatches = direct.requests(batches());
    List<byte[]> hopBatches = hop.requests(batches());
    // Warm-up, not measured: every JVM compiles its hot paths first. As for the exchange's own
    // benchmark, passes go on until the rate through the gateway stops climbing (two passes within
    // 5 %), for at least a minute: a single pass left later rounds 20 % faster than the first.
    long warm = System.nanoTime();
    int passes = 0;
    double last = 0;
    double previous = 0;
    while (System.nanoTime() - warm < Duration.ofSeconds(60).toNanos()
        || Math.abs(last - previous) > 0.05 * last
        || passes < 3) {
      if (System.nanoTime() - warm > Duration.ofSeconds(180).toNanos()) {
        break;
      }
      HttpLoad.run(direct.port(), CLIENTS, directBatches, BATCHES_PER_ROUND, 200);
      previous = last;
      last = HttpLoad.run(hop.port(), CLIENTS, hopBatches, BATCHES_PER_ROUND, 200).rate() * BATCH;
      passes++;
    }
    singles(direct, hop, 1_000);

    List<String> report = new ArrayList<>();
    report.add(
        String.format(
            Locale.ROOT,
            "warm-up: %d passes each way in %.0f s, the last two through the gateway at %,.0f and"
                + " %,.0f rec/s (not measured)",
            passes,
            (System.nanoTime() - warm) / 1e9,
            previous,
            last));
    double[] directRates = new double[ROUNDS];
    double[] hopRates = new double[ROUNDS];
    double[] ratios = new double[ROUNDS];
    long gatewayCpu = 0;
    double generatorShare = 0;
    for (int round = 0; round < ROUNDS; round++) {
      HttpLoad.Result d =
          HttpLoad.run(direct.port(), CLIENTS, directBatches, BATCHES_PER_ROUND, 200);
      long before = ProcessStats.cpuNanos(gatewayProcess.pid());
      HttpLoad.Result g = HttpLoad.run(hop.port(), CLIENTS, hopBatches, BATCHES_PER_ROUND, 200);
      gatewayCpu += ProcessStats.cpuNanos(gatewayProcess.pid()) - before;
      generatorShare = Math.max(generatorShare, Math.max(d.cpuShare(), g.cpuShare()));
      directRates[round] = d.rate() * BATCH;
      hopRates[round] = g.rate() * BATCH;
      ratios[round] = hopRates[round] / directRates[round];
      report.add(
          String.format(
              Locale.ROOT,
              "round %d: direct %,.0f rec/s, through the gateway %,.0f rec/s (%.2f×)",
              round + 1,
              directRates[round],
              hopRates[round],
              ratios[round]));
    }
    report.add(
        String.format(
            Locale.ROOT,
            "publish throughput (batches of %d, %d connections, %d interleaved rounds of %,d"
                + " records, medians): direct %,.0f rec/s; through the gateway %,.0f rec/s; ratio"
                + " %.2f; load generator at most %.1f%% of the machine",
            BATCH,
            CLIENTS,
            ROUNDS,
            BATCHES_PER_ROUND * BATCH,
            median(directRates),
            median(hopRates),
            median(ratios),
            100 * generatorShare));
    double perRecordMicros = gatewayCpu / 1e3 / ((double) ROUNDS * BATCHES_PER_ROUND * BATCH);
    report.add(
        String.format(
            Locale.ROOT,
            "gateway CPU while publishing through it: %.1f µs per record, %.2f ms per batch of"
                + " %d (one gateway core forwards about %,.0f rec/s of this load)",
            perRecordMicros,
            perRecordMicros * BATCH / 1e3,
            BATCH,
            1e6 / perRecordMicros));
    long[][] latencies = singles(direct, hop, SINGLES);
    long[] dl = latencies[0];
    long[] gl = latencies[1];
    report.add(
        String.format(
            Locale.ROOT,
            "single-record publish latency (%,d each, interleaved, one kept-alive connection"
                + " each): direct p50 %.2f ms, p99 %.2f ms; through the gateway p50 %.2f ms, p99"
                + " %.2f ms; added p50 %.2f ms, p99 %.2f ms",
            SINGLES,
            p(dl, 0.50),
            p(dl, 0.99),
            p(gl, 0.50),
            p(gl, 0.99),
            p(gl, 0.50) - p(dl, 0.50),
            p(gl, 0.99) - p(dl, 0.99)));
    report.add(
        String.format(
            Locale.ROOT,
            "gateway RSS %d MB, exchange RSS %d MB",
            ProcessStats.rssMb(gatewayProcess.pid()),
            ProcessStats.rssMb(exchangeProcess.pid())));
    System.out.println("\n=== gateway hop (one 2-core machine, everything on it) ===");
    report.forEach(System.out::println);
    System.out.println();
  }

  /** Where a publish goes: the exchange itself, or the gateway in front of it. */
  record Target(String name, int port, String code, String token) {
    /** Publish requests of {@code bodies}, pre-built for the load generator. */
    List<byte[]> requests(byte[][] bodies) {
      List<byte[]> out = new ArrayList<>();
      for (byte[] body : bodies) {
        out.add(request(body));
      }
      return out;
    }

    byte[] request(byte[] body) {
      return HttpLoad.request(
          "POST",
          "/api/exchange/v1/datasets/" + code + "/records",
          port,
          HttpLoad.headers("Authorization", "Bearer " + token, "Content-Type", "application/json"),
          body);
    }

    HttpRequest publish(byte[] body) {
      return HttpRequest.newBuilder(
              URI.create(
                  "http://localhost:" + port + "/api/exchange/v1/datasets/" + code + "/records"))
          .header("Authorization", "Bearer " + token)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(body))
          .build();
    }

    /** The exchange learns the dataset through Kafka a moment after the catalogue registers it. */
    void awaitDataset(HttpClient http) throws Exception {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      byte[] empty = "{\"records\":[]}".getBytes(StandardCharsets.UTF_8);
      while (http.send(publish(empty), HttpResponse.BodyHandlers.discarding()).statusCode()
          != 422) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the exchange never learned " + code);
        }
        Thread.sleep(200);
      }
    }
  }

  /** Sequential single-record publishes, alternating direct and gateway; nanoseconds each. */
  private static long[][] singles(Target direct, Target hop, int each) {
    long[] d = new long[each];
    long[] g = new long[each];
    try (HttpLoad.Session toDirect = HttpLoad.session(direct.port());
        HttpLoad.Session toGateway = HttpLoad.session(hop.port())) {
      for (int i = 0; i < each; i++) {
        d[i] = timed(toDirect, direct, i);
        g[i] = timed(toGateway, hop, i);
      }
    }
    Arrays.sort(d);
    Arrays.sort(g);
    return new long[][] {d, g};
  }

  private static long timed(HttpLoad.Session session, Target target, int i) {
    byte[] request =
        target.request(
            ("{\"records\":[{\"key\":\"s-" + i + "\",\"value\":" + value(i) + "}]}")
                .getBytes(StandardCharsets.UTF_8));
    long start = System.nanoTime();
    session.send(request, 200);
    return System.nanoTime() - start;
  }

  private static byte[][] batches() {
    byte[][] batches = new byte[20][];
    for (int b = 0; b < batches.length; b++) {
      StringBuilder body = new StringBuilder(BATCH * 220).append("{\"records\":[");
      for (int r = 0; r < BATCH; r++) {
        int n = b * BATCH + r;
        body.append(r == 0 ? "" : ",")
            .append("{\"key\":\"J440-2026-")
            .append(n)
            .append("\",\"value\":")
            .append(value(n))
            .append('}');
      }
      batches[b] = body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }
    return batches;
  }

  private static String value(int n) {
    return String.format(
        Locale.ROOT,
        "{\"certificateNo\":\"J440-2026-%08d\",\"husbandName\":\"张三丰-%d\",\"wifeName\":\"李四娘-%d\","
            + "\"district\":\"广州市天河区天河路%d号婚姻登记处第一窗口\"}",
        n,
        n,
        n,
        n % 997);
  }

  private static String registerDataset(HttpClient http, int gateway, Tokens tokens)
      throws Exception {
    post(
        http,
        gateway,
        tokens.accessToken(LocalIdentity.PLATFORM_ADMIN),
        "/api/catalog/v1/departments",
        "{\"code\":\"civil-affairs\",\"name\":\"民政局\"}",
        201,
        409);
    String code = "civil-affairs.bench-" + UUID.randomUUID().toString().substring(0, 8);
    post(
        http,
        gateway,
        tokens.accessToken(LocalIdentity.CIVIL_AFFAIRS_ADMIN),
        "/api/catalog/v1/datasets",
        """
        {"code":"%s","name":"婚姻登记信息","category":"BASE","sharingType":"CONDITIONAL",
         "legalBasis":"《婚姻登记条例》","updateFrequency":"DAILY",
         "schema":{"type":"record","name":"Marriage","fields":[
           {"name":"certificateNo","type":"string"},{"name":"husbandName","type":"string"},
           {"name":"wifeName","type":"string"},
           {"name":"district","type":["null","string"],"default":null}]}}"""
            .formatted(code),
        201);
    return code;
  }

  private static void post(
      HttpClient http, int port, String token, String path, String body, int... accepted)
      throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (Arrays.stream(accepted).noneMatch(s -> s == r.statusCode())) {
      throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
    }
  }

  private static double p(long[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) (sorted.length * q))] / 1e6;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
