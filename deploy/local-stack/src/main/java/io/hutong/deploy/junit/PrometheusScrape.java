package io.hutong.deploy.junit;

import io.hutong.deploy.server.Tokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * One answer of a service's {@code GET /actuator/prometheus}, and the sample values in it: what the
 * metrics tests read, exactly as Prometheus would scrape it.
 *
 * @param status the HTTP status
 * @param contentType the {@code Content-Type} header ("" when absent)
 * @param body the body (Prometheus text format when 200)
 */
public record PrometheusScrape(int status, String contentType, String body) {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** Scrapes {@code http://localhost:port/actuator/prometheus} with {@code token} (null: none). */
  public static PrometheusScrape of(int port, String token) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus"))
            .timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new PrometheusScrape(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body());
    } catch (IOException e) {
      throw new IllegalStateException("scrape of port " + port, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Scrapes {@code port} as the monitoring client ({@code hutong-monitoring}, the one role that
   * may) and fails unless the endpoint answered 200.
   */
  public static PrometheusScrape asMonitoring(int port, Tokens tokens) {
    PrometheusScrape scrape =
        of(port, tokens.monitoringToken(HutongStack.infrastructure().monitoringClient()));
    if (scrape.status() != 200) {
      throw new AssertionError(
          "scrape of port "
              + port
              + " as hutong-monitoring: "
              + scrape.status()
              + " "
              + scrape.body());
    }
    return scrape;
  }

  /**
   * Scrapes {@code port} as the monitoring client until {@code condition} holds, for at most {@code
   * within}; fails naming {@code what} and showing Hutong's own samples of the last scrape.
   */
  public static PrometheusScrape await(
      int port,
      Tokens tokens,
      Duration within,
      Predicate<PrometheusScrape> condition,
      String what) {
    Instant deadline = Instant.now().plus(within);
    PrometheusScrape scrape = asMonitoring(port, tokens);
    while (!condition.test(scrape)) {
      if (Instant.now().isAfter(deadline)) {
        String shown =
            String.join("\n", scrape.body().lines().filter(l -> l.startsWith("hutong_")).toList());
        throw new AssertionError("not within " + within + ": " + what + "\n" + shown);
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      scrape = asMonitoring(port, tokens);
    }
    return scrape;
  }

  /** Whether this answer refused with {@code expected} as an RFC 9457 problem. */
  public boolean refusedWith(int expected) {
    return status == expected && contentType.startsWith("application/problem+json");
  }

  /**
   * The sum of the samples of {@code name} whose labels include all of {@code labels} (pairs of
   * name and value), or 0 when there is none.
   */
  public double sum(String name, String... labels) {
    double sum = 0;
    for (String line : body.split("\n")) {
      Double value = value(line, name, labels);
      if (value != null) {
        sum += value;
      }
    }
    return sum;
  }

  /** Whether a sample of {@code name} with all of {@code labels} is present. */
  public boolean has(String name, String... labels) {
    for (String line : body.split("\n")) {
      if (value(line, name, labels) != null) {
        return true;
      }
    }
    return false;
  }

  private static Double value(String line, String name, String... labels) {
    if (line.startsWith("#") || !line.startsWith(name)) {
      return null;
    }
    int end = name.length();
    if (end >= line.length() || (line.charAt(end) != '{' && line.charAt(end) != ' ')) {
      return null;
    }
    String rest = line.substring(end);
    String labelText = "";
    if (rest.startsWith("{")) {
      int close = rest.lastIndexOf('}');
      labelText = rest.substring(1, close);
      rest = rest.substring(close + 1);
    }
    for (int i = 0; i + 1 < labels.length; i += 2) {
      String pair = labels[i] + "=\"" + labels[i + 1] + "\"";
      if (!(labelText.startsWith(pair) || labelText.contains("," + pair))) {
        return null;
      }
    }
    String[] fields = rest.trim().split(" ");
    return Double.parseDouble(fields[0]);
  }
}
