package io.hutong.catalog.events;

import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_SYSTEM;
import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.catalog.CatalogITBase;
import io.hutong.deploy.junit.PrometheusScrape;
import io.hutong.deploy.server.Tokens;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The catalogue's Prometheus endpoint: only the monitoring client's token opens it, and the outbox
 * gauges show a message Kafka cannot take (its topic does not exist) waiting, with its age.
 */
class MetricsIT extends CatalogITBase {

  private final Tokens tokens = new Tokens(stack().keycloak());

  @Test
  void onlyTheMetricsReaderRoleOpensTheEndpoint() {
    assertThat(PrometheusScrape.of(port, null).refusedWith(401)).as("no token").isTrue();
    assertThat(PrometheusScrape.of(port, tokens.accessToken(CIVIL_AFFAIRS_SYSTEM)).refusedWith(403))
        .as("a department's token")
        .isTrue();

    PrometheusScrape monitoring = PrometheusScrape.asMonitoring(port, tokens);
    assertThat(monitoring.contentType()).startsWith("text/plain");
    assertThat(monitoring.has("jvm_memory_used_bytes", "application", "catalog-service")).isTrue();
    assertThat(monitoring.has("hikaricp_connections_active")).isTrue();
    assertThat(monitoring.has("hutong_outbox_backlog_events")).isTrue();
    assertThat(monitoring.has("hutong_outbox_oldest_event_age_seconds")).isTrue();
  }

  @Test
  void aMessageKafkaCannotTakeShowsInTheBacklogWithItsAge() throws Exception {
    // No such topic (and topics are never created on demand): the relay keeps retrying it.
    String topic = "hutong.metrics-probe." + UUID.randomUUID();
    try {
      execute(
          "insert into catalog.outbox (topic, message_key, payload, created_at)"
              + " values ('"
              + topic
              + "', 'probe', '\\x00'::bytea, now() - interval '1 hour')");
      PrometheusScrape scrape =
          PrometheusScrape.await(
              port,
              tokens,
              Duration.ofSeconds(30),
              s -> s.sum("hutong_outbox_backlog_events") >= 1,
              "the message waiting in the outbox backlog");
      assertThat(scrape.sum("hutong_outbox_oldest_event_age_seconds"))
          .isGreaterThanOrEqualTo(Duration.ofHours(1).toSeconds());
    } finally {
      execute("delete from catalog.outbox where topic = '" + topic + "'");
    }
  }

  private static void execute(String sql) throws Exception {
    try (Connection c = stack().postgres().superuserConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
