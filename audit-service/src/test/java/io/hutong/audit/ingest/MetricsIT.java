package io.hutong.audit.ingest;

import static io.hutong.deploy.server.LocalIdentity.AUDITOR;
import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.audit.AuditITBase;
import io.hutong.deploy.junit.PrometheusScrape;
import io.hutong.schemas.audit.AuditEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The audit service's Prometheus endpoint: only the monitoring client's token opens it (an
 * auditor's does not), and appended events move the counter, the tree size and the lag.
 */
class MetricsIT extends AuditITBase {

  @Test
  void onlyTheMetricsReaderRoleOpensTheEndpoint() {
    assertThat(PrometheusScrape.of(port, null).refusedWith(401)).as("no token").isTrue();
    // Not even an auditor, who may read everything else here.
    assertThat(PrometheusScrape.of(port, tokens.accessToken(AUDITOR)).refusedWith(403))
        .as("an auditor's token")
        .isTrue();

    PrometheusScrape monitoring = PrometheusScrape.asMonitoring(port, tokens);
    assertThat(monitoring.contentType()).startsWith("text/plain");
    assertThat(monitoring.has("jvm_memory_used_bytes", "application", "audit-service")).isTrue();
  }

  @Test
  void appendedEventsMoveTheCounterTheTreeSizeAndTheLag() {
    double before = PrometheusScrape.asMonitoring(port, tokens).sum("hutong_audit_appended_total");
    List<AuditEvent> events =
        List.of(
            event("civil-affairs.metrics", "RECORDS_FETCHED", Instant.now()),
            event("civil-affairs.metrics", "RECORDS_FETCHED", Instant.now()),
            event("civil-affairs.metrics", "RECORDS_FETCHED", Instant.now()));
    publish(events);
    awaitIngested(events.stream().map(AuditEvent::getId).toList());
    long leaves = count("select count(*) from audit.audit_entry");

    PrometheusScrape.await(
        port,
        tokens,
        java.time.Duration.ofSeconds(40),
        s ->
            s.sum("hutong_audit_appended_total") >= before + 3
                && s.sum("hutong_audit_tree_size") >= leaves
                && s.sum("hutong_audit_tree_size") >= s.sum("hutong_audit_appended_total")
                && s.has("hutong_audit_ingest_lag_records")
                && s.sum("hutong_audit_ingest_lag_records") == 0,
        "appended +3, the tree at least as large as what was appended, no lag");
  }
}
