package io.hutong.e2e;

import io.hutong.deploy.junit.HutongStack;
import io.hutong.deploy.process.ChildProcess;
import io.hutong.deploy.server.LocalIdentity;
import io.hutong.deploy.server.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
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
  static final int ROUNDS = 3;
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

    byte[][] batches = batches();
    // Warm-up, not measured: every JVM compiles its hot paths first.
    throughput(direct, batches);
    throughput(hop, batches);
    singles(http, direct, hop, 1_000);

    List<String> report = new ArrayList<>();
    double[] directRates = new double[ROUNDS];
    double[] hopRates = new double[ROUNDS];
    long gatewayCpu = 0;
    for (int round = 0; round < ROUNDS; round++) {
      directRates[round] = throughput(direct, batches);
      long before = cpuNanos(gatewayProcess);
      hopRates[round] = throughput(hop, batches);
      gatewayCpu += cpuNanos(gatewayProcess) - before;
      report.add(
          String.format(
              Locale.ROOT,
              "round %d: direct %,.0f rec/s, through the gateway %,.0f rec/s",
              round + 1,
              directRates[round],
              hopRates[round]));
    }
    double d = Arrays.stream(directRates).average().orElseThrow();
    double g = Arrays.stream(hopRates).average().orElseThrow();
    report.add(
        String.format(
            Locale.ROOT,
            "publish throughput (batches of %d, %d clients, %d rounds of %,d records): direct"
                + " %,.0f rec/s; through the gateway %,.0f rec/s; ratio %.2f",
            BATCH,
            CLIENTS,
            ROUNDS,
            BATCHES_PER_ROUND * BATCH,
            d,
            g,
            g / d));
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
    long[][] latencies = singles(http, direct, hop, SINGLES);
    long[] dl = latencies[0];
    long[] gl = latencies[1];
    report.add(
        String.format(
            Locale.ROOT,
            "single-record publish latency (%,d each, interleaved): direct p50 %.2f ms, p99 %.2f"
                + " ms; through the gateway p50 %.2f ms, p99 %.2f ms; added p50 %.2f ms, p99"
                + " %.2f ms",
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
            rssMb(gatewayProcess),
            rssMb(exchangeProcess)));
    System.out.println("\n=== gateway hop (one 2-core machine, everything on it) ===");
    report.forEach(System.out::println);
    System.out.println();
  }

  /** Where a publish goes: the exchange itself, or the gateway in front of it. */
  record Target(String name, int port, String code, String token) {
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

  private static double throughput(Target target, byte[][] batches) throws Exception {
    AtomicLong next = new AtomicLong();
    long start = System.nanoTime();
    List<CompletableFuture<Void>> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      clients.add(
          CompletableFuture.runAsync(
              () -> {
                try (HttpClient http = HttpClient.newHttpClient()) {
                  for (long b; (b = next.getAndIncrement()) < BATCHES_PER_ROUND; ) {
                    HttpResponse<String> r =
                        http.send(
                            target.publish(batches[(int) (b % batches.length)]),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                      throw new IllegalStateException(
                          target.name() + ": " + r.statusCode() + " " + r.body());
                    }
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }));
    }
    CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get();
    return (double) BATCHES_PER_ROUND * BATCH / ((System.nanoTime() - start) / 1e9);
  }

  /** Sequential single-record publishes, alternating direct and gateway; nanoseconds each. */
  private static long[][] singles(HttpClient http, Target direct, Target hop, int each)
      throws Exception {
    long[] d = new long[each];
    long[] g = new long[each];
    for (int i = 0; i < each; i++) {
      d[i] = timed(http, direct, i);
      g[i] = timed(http, hop, i);
    }
    Arrays.sort(d);
    Arrays.sort(g);
    return new long[][] {d, g};
  }

  private static long timed(HttpClient http, Target target, int i) throws Exception {
    byte[] body =
        ("{\"records\":[{\"key\":\"s-" + i + "\",\"value\":" + value(i) + "}]}")
            .getBytes(StandardCharsets.UTF_8);
    long start = System.nanoTime();
    HttpResponse<Void> r = http.send(target.publish(body), HttpResponse.BodyHandlers.discarding());
    long took = System.nanoTime() - start;
    if (r.statusCode() != 200) {
      throw new IllegalStateException(target.name() + ": " + r.statusCode());
    }
    return took;
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

  /** User plus system CPU time of {@code process} so far (Linux {@code /proc}). */
  private static long cpuNanos(ChildProcess process) throws Exception {
    String stat =
        java.nio.file.Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    return ticks * 1_000_000_000L / 100; // USER_HZ is 100 on Linux
  }

  private static long rssMb(ChildProcess process) throws Exception {
    for (String line :
        java.nio.file.Files.readAllLines(
            Path.of("/proc", Long.toString(process.pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
      }
    }
    return -1;
  }
}
