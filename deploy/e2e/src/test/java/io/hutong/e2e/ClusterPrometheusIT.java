package io.hutong.e2e;

import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_SYSTEM;
import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.deploy.bench.HttpLoad;
import io.hutong.deploy.junit.HutongStack;
import io.hutong.deploy.platform.PlatformService;
import io.hutong.deploy.platform.ScrapeConfig;
import io.hutong.deploy.process.ChildProcess;
import io.hutong.deploy.process.FreePorts;
import io.hutong.deploy.process.Wait;
import io.hutong.deploy.server.Infrastructure;
import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * A real Prometheus (Debian's {@code prometheus}) scraping the running cluster with the
 * configuration the local stack writes ({@link ScrapeConfig}): every instance of every service is a
 * target that answers, signed in as {@code hutong-monitoring}; every alert and recording rule of
 * {@code deploy/observability} evaluates without error against the real series; and under a publish
 * load through the gateway the figures an operator watches move as they should — which is the table
 * the README shows.
 */
@ExtendWith(HutongStack.class)
@Tag("cluster")
class ClusterPrometheusIT {

  private static final Path RULES =
      Path.of("")
          .toAbsolutePath()
          .getParent()
          .getParent()
          .resolve("deploy/observability/prometheus/hutong-alerts.yml");

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aRealPrometheusScrapesEveryInstanceAndEvaluatesEveryRule_underPublishLoad()
      throws Exception {
    E2ePlatform platform = E2ePlatform.get();
    Infrastructure stack = platform.stack();
    List<PlatformService> services = List.copyOf(platform.platform().processes().keySet());
    Infrastructure.MonitoringClient monitoring = stack.monitoringClient();
    Path dir = E2ePlatform.DATA.resolve("prometheus");
    Path config =
        ScrapeConfig.write(
            dir,
            services,
            monitoring.clientId(),
            monitoring.secretFile(),
            monitoring.tokenUri(),
            RULES,
            2);
    int port = FreePorts.next();
    try (ChildProcess prometheus =
        ChildProcess.start(
            "prometheus",
            List.of(
                prometheusBinary().toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port),
            Map.of(),
            dir,
            E2ePlatform.DATA.resolve("logs").resolve("prometheus.log"))) {
      String api = "http://127.0.0.1:" + port + "/api/v1/";
      Wait.until(
          "every target scraped and up",
          Duration.ofSeconds(120),
          Duration.ofSeconds(1),
          () -> allTargetsUp(api, services.size()),
          prometheus::requireAlive);

      ClusterClients clients = new ClusterClients(platform);
      ClusterClients.Granted dataset = clients.grantedDataset();
      String subscription = clients.subscribe(dataset.code());
      ClusterClients.Received received = new ClusterClients.Received();
      AtomicBoolean stop = new AtomicBoolean();
      CompletableFuture<Void> reader =
          CompletableFuture.runAsync(
              () -> {
                try {
                  clients.longPoll(subscription, received, stop);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });

      // A publish load through the gateway: batches of 500 records over 8 kept-alive connections.
      int batches = 600;
      int size = 500;
      byte[] body =
          E2ePlatform.JSON.writeValueAsBytes(
              Marriages.batch(
                  java.util.stream.IntStream.range(0, size)
                      .mapToObj(i -> "P-" + i)
                      .toArray(String[]::new)));
      byte[] request =
          HttpLoad.request(
              "POST",
              "/api/exchange/v1/datasets/" + dataset.code() + "/records",
              platform.gatewayPort(),
              HttpLoad.headers(
                  "Authorization",
                  "Bearer " + platform.tokens().accessToken(CIVIL_AFFAIRS_SYSTEM),
                  "Content-Type",
                  "application/json"),
              body);
      CompletableFuture<HttpLoad.Result> load =
          CompletableFuture.supplyAsync(
              () -> HttpLoad.run(platform.gatewayPort(), 8, List.of(request), batches, 200));
      Thread.sleep(20_000);
      Map<String, String> underLoad = figures(api, dataset.code());
      HttpLoad.Result result = load.join();
      System.out.printf(
          "[prometheus] load: %d publishes of %d records in %.1f s (%.1f/s, %.0f records/s, p95"
              + " %.1f ms), generator CPU %.1f %%%n",
          result.requests(),
          size,
          result.seconds(),
          result.rate(),
          result.rate() * size,
          result.latencyMs(0.95),
          100 * result.cpuShare());
      System.out.println("[prometheus] scraped during the load (rates over 30 s):");
      underLoad.forEach(
          (name, value) -> System.out.printf("[prometheus]   %-60s %s%n", name, value));

      // The counters, once scraped after the load, add up to exactly what was acknowledged.
      Wait.until(
          "the publish counters scraped after the load",
          Duration.ofSeconds(60),
          Duration.ofSeconds(1),
          () ->
              valueIs(
                  api,
                  "sum(hutong_publish_records_total{dataset=\"" + dataset.code() + "\"})",
                  (double) batches * size),
          prometheus::requireAlive);
      assertThat(
              scalar(
                  api,
                  "count(sum by (process) (increase(http_server_requests_seconds_count{"
                      + "application=\"exchange-service\",uri=~\".*records\"}[2m])) > 0)"))
          .as("exchange instances that served publishes: the gateway balances over both")
          .isEqualTo(2.0);
      java.util.Set<String> keys = new java.util.HashSet<>();
      for (int i = 0; i < size; i++) {
        keys.add("P-" + i);
      }
      ClusterClients.awaitAll(received, keys);
      stop.set(true);
      reader.join();
      assertThat(received.keys).containsExactlyInAnyOrderElementsOf(keys);

      List<String> broken = new ArrayList<>();
      Wait.until(
          "every rule evaluated",
          Duration.ofSeconds(60),
          Duration.ofSeconds(1),
          () -> rulesEvaluated(api, broken),
          prometheus::requireAlive);
      assertThat(broken).as("rules Prometheus could not evaluate").isEmpty();
      assertThat(scalar(api, "count(up == 1)")).isEqualTo((double) services.size());
    }
  }

  /** The figures an operator watches, read from Prometheus while the load runs. */
  private Map<String, String> figures(String api, String dataset) throws Exception {
    Map<String, String> queries = new LinkedHashMap<>();
    queries.put(
        "gateway requests/s, route exchange",
        "sum(rate(spring_cloud_gateway_requests_seconds_count{routeId=\"exchange\"}[30s]))");
    queries.put(
        "gateway p95 latency ms, route exchange",
        "1000 * histogram_quantile(0.95, sum by (le)"
            + " (rate(spring_cloud_gateway_requests_seconds_bucket{routeId=\"exchange\"}[30s])))");
    queries.put(
        "5xx share, all routes",
        "sum(rate(spring_cloud_gateway_requests_seconds_count{status=~\"5..\"}[30s]))"
            + " / sum(rate(spring_cloud_gateway_requests_seconds_count[30s]))");
    queries.put(
        "records published/s (dataset)",
        "sum(rate(hutong_publish_records_total{dataset=\"" + dataset + "\"}[30s]))");
    queries.put(
        "bytes published/s (dataset)",
        "sum(rate(hutong_publish_bytes_total{dataset=\"" + dataset + "\"}[30s]))");
    for (String instance : List.of("exchange-service", "exchange-service-2")) {
      queries.put(
          "publish requests/s on " + instance,
          "sum(rate(http_server_requests_seconds_count{process=\""
              + instance
              + "\",uri=~\".*records\",method=\"POST\"}[30s]))");
      queries.put(
          "CPU share of the machine, " + instance,
          "max(process_cpu_usage{process=\"" + instance + "\"})");
      queries.put(
          "heap used MB, " + instance,
          "sum(jvm_memory_used_bytes{process=\"" + instance + "\",area=\"heap\"}) / 1048576");
    }
    queries.put(
        "subscription lag, records (dataset)",
        "max(hutong_subscription_lag_records{dataset=\"" + dataset + "\"})");
    queries.put("audit ingest lag, events", "max(hutong_audit_ingest_lag_records)");
    queries.put("audit events appended/s", "max(rate(hutong_audit_appended_total[30s]))");
    queries.put("audit tree size", "max(hutong_audit_tree_size)");
    queries.put("outbox backlog, events", "max(hutong_outbox_backlog_events)");
    queries.put(
        "Kafka producer records sent/s, exchange",
        "sum(rate(kafka_producer_record_send_total{application=\"exchange-service\"}[30s]))");
    queries.put(
        "rate-limit refusals/s",
        "sum(rate(hutong_gateway_rate_limit_refusals_total[30s])) or vector(0)");
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, String> query : queries.entrySet()) {
      double value = scalar(api, query.getValue());
      values.put(query.getKey(), Double.isNaN(value) ? "–" : String.format("%,.2f", value));
    }
    return values;
  }

  private boolean allTargetsUp(String api, int expected) {
    try {
      JsonNode targets = get(api + "targets?state=active").path("data").path("activeTargets");
      int up = 0;
      for (JsonNode target : targets) {
        if (target.path("health").asString().equals("up")) {
          up++;
        }
      }
      return up == expected;
    } catch (Exception e) {
      return false;
    }
  }

  private boolean rulesEvaluated(String api, List<String> broken) {
    try {
      broken.clear();
      int rules = 0;
      for (JsonNode group : get(api + "rules").path("data").path("groups")) {
        for (JsonNode rule : group.path("rules")) {
          rules++;
          String health = rule.path("health").asString();
          if (health.equals("unknown")) {
            return false;
          }
          if (!health.equals("ok")) {
            broken.add(rule.path("name").asString() + ": " + rule.path("lastError").asString());
          }
        }
      }
      return rules > 0;
    } catch (Exception e) {
      return false;
    }
  }

  private boolean valueIs(String api, String query, double expected) {
    try {
      return scalar(api, query) == expected;
    } catch (Exception e) {
      return false;
    }
  }

  /** The single value of an instant query; NaN when it has none. */
  private double scalar(String api, String query) throws Exception {
    JsonNode result =
        get(api + "query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8))
            .path("data")
            .path("result");
    if (result.isEmpty()) {
      return Double.NaN;
    }
    return Double.parseDouble(result.get(0).path("value").get(1).asString());
  }

  private JsonNode get(String url) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    return E2ePlatform.JSON.readTree(response.body());
  }

  /** Debian's Prometheus server (package {@code prometheus}, which {@code ./hutong} installs). */
  private static Path prometheusBinary() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "prometheus");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError(
        "prometheus is not on the PATH; install Debian's package: sudo apt-get install prometheus"
            + " (./hutong installs it when run as root)");
  }
}
