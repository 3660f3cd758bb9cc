package io.hutong.exchange.metrics;

import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_SYSTEM;
import static io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY_SYSTEM;
import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.deploy.junit.PrometheusScrape;
import io.hutong.exchange.ExchangeITBase;
import io.hutong.schemas.catalog.DatasetStatus;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.Test;

/**
 * The exchange's Prometheus endpoint: only the monitoring client's token opens it, and its
 * per-dataset counters and the subscription lag move with real publishes, fetches, streams and
 * commits.
 */
class MetricsIT extends ExchangeITBase {

  private PrometheusScrape scrape() {
    return PrometheusScrape.asMonitoring(port, tokens);
  }

  /** Scrapes until {@code name}'s sum with {@code labels} satisfies {@code expected}. */
  private double awaitValue(
      Duration within, DoublePredicate expected, String name, String... labels) {
    return PrometheusScrape.await(
            port,
            tokens,
            within,
            s -> expected.test(s.sum(name, labels)),
            name + " " + List.of(labels))
        .sum(name, labels);
  }

  @Test
  void onlyTheMetricsReaderRoleOpensTheEndpoint() {
    assertThat(PrometheusScrape.of(port, null).refusedWith(401)).as("no token").isTrue();
    assertThat(PrometheusScrape.of(port, tokens.accessToken(CIVIL_AFFAIRS_SYSTEM)).refusedWith(403))
        .as("a department's token")
        .isTrue();

    PrometheusScrape monitoring = scrape();
    assertThat(monitoring.contentType()).startsWith("text/plain");
    assertThat(monitoring.has("jvm_memory_used_bytes", "application", "exchange-service")).isTrue();
    assertThat(monitoring.has("http_server_requests_seconds_bucket")).isTrue();
    assertThat(
            monitoring.has("kafka_producer_record_send_total", "client_id", "exchange-publisher-0"))
        .isTrue();
    assertThat(
            monitoring.has(
                "kafka_consumer_fetch_manager_records_lag_max",
                "client_id",
                "exchange-catalog-view"))
        .isTrue();
  }

  @Test
  void publishFetchStreamAndCommitMoveTheDatasetsCountersAndTheLag() throws Exception {
    String code = datasetAnnounced(DatasetStatus.ACTIVE);
    grantAnnounced(code, "public-security", List.of("wifeName"), null);
    String polled = subscribe(code);
    String streamed = subscribe(code);

    assertThat(publish(code, "C-1", "C-2", "C-3").status()).isEqualTo(200);
    Response refused =
        send(
            CIVIL_AFFAIRS_SYSTEM,
            "POST",
            "/api/exchange/v1/datasets/" + code + "/records",
            "{\"records\":[{\"key\":\"C-4\",\"value\":{\"certificateNo\":7}}]}");
    assertThat(refused.status()).isEqualTo(422);

    PrometheusScrape published = scrape();
    assertThat(published.sum("hutong_publish_records_total", "dataset", code)).isEqualTo(3);
    assertThat(published.sum("hutong_publish_bytes_total", "dataset", code)).isPositive();
    assertThat(
            published.sum(
                "hutong_publish_rejected_records_total", "dataset", code, "reason", "schema"))
        .isEqualTo(1);
    assertThat(published.sum("hutong_fetch_records_total", "dataset", code)).isZero();

    // Nothing committed yet: the three records (and the commit marker of their transaction).
    double before =
        awaitValue(
            Duration.ofSeconds(40),
            v -> v >= 3,
            "hutong_subscription_lag_records",
            "dataset",
            code,
            "subscription",
            polled);

    Response page =
        send(
            PUBLIC_SECURITY_SYSTEM,
            "GET",
            "/api/exchange/v1/subscriptions/" + polled + "/records?max=100&waitMs=5000",
            null);
    assertThat(page.body().path("records").size()).isEqualTo(3);
    PrometheusScrape fetched = scrape();
    assertThat(fetched.sum("hutong_fetch_records_total", "dataset", code)).isEqualTo(3);
    assertThat(fetched.sum("hutong_fetch_bytes_total", "dataset", code))
        .isEqualTo(published.sum("hutong_publish_bytes_total", "dataset", code));

    assertThat(
            send(
                    PUBLIC_SECURITY_SYSTEM,
                    "POST",
                    "/api/exchange/v1/subscriptions/" + polled + "/commit",
                    "{\"cursor\":\"" + page.body().path("cursor").asString() + "\"}")
                .status())
        .isEqualTo(204);
    awaitValue(
        Duration.ofSeconds(40),
        v -> v == before - 3,
        "hutong_subscription_lag_records",
        "dataset",
        code,
        "subscription",
        polled);

    double[] openWhileStreaming = new double[1];
    assertThat(streamThree(streamed, openWhileStreaming)).isEqualTo(3);
    assertThat(openWhileStreaming[0])
        .as("streams open while one is read")
        .isGreaterThanOrEqualTo(1);
    awaitValue(Duration.ofSeconds(10), v -> v == 6, "hutong_fetch_records_total", "dataset", code);
    // The stream notices its closed client at its next heartbeat (15 s) and leaves the gauge.
    awaitValue(
        Duration.ofSeconds(40),
        v -> v <= openWhileStreaming[0] - 1,
        "hutong_subscription_streams_open");
  }

  private Response publish(String code, String... keys) {
    StringBuilder batch = new StringBuilder("{\"records\":[");
    for (int i = 0; i < keys.length; i++) {
      batch
          .append(i == 0 ? "" : ",")
          .append("{\"key\":\"")
          .append(keys[i])
          .append("\",\"value\":{\"certificateNo\":\"")
          .append(keys[i])
          .append("\",\"husbandName\":\"张三\",\"wifeName\":\"李四\"}}");
    }
    return send(
        CIVIL_AFFAIRS_SYSTEM,
        "POST",
        "/api/exchange/v1/datasets/" + code + "/records",
        batch.append("]}").toString());
  }

  private String subscribe(String code) {
    Response r =
        send(
            PUBLIC_SECURITY_SYSTEM,
            "POST",
            "/api/exchange/v1/subscriptions",
            "{\"dataset\":\"" + code + "\",\"startFrom\":\"earliest\"}");
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r.body().path("id").asString();
  }

  /**
   * Opens the SSE stream of {@code id}, reads three records, scrapes the open streams into {@code
   * open} while it is still open, and closes it.
   */
  private int streamThree(String id, double[] open) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://localhost:"
                        + port
                        + "/api/exchange/v1/subscriptions/"
                        + id
                        + "/stream"))
            .header("Authorization", "Bearer " + tokens.accessToken(PUBLIC_SECURITY_SYSTEM))
            .build();
    HttpResponse<InputStream> stream =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    int records = 0;
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      while (records < 3) {
        String line = lines.readLine();
        assertThat(line).isNotNull();
        if (line.startsWith("data:")) {
          records++;
        }
      }
      open[0] = scrape().sum("hutong_subscription_streams_open");
    }
    return records;
  }
}
