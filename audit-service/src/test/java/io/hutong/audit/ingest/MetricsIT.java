package io.hutong.audit.ingest;

import static io.hutong.deploy.server.LocalIdentity.AUDITOR;
import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.audit.AuditITBase;
import io.hutong.deploy.junit.HutongStack;
import io.hutong.deploy.junit.PrometheusScrape;
import io.hutong.schemas.audit.AuditEvent;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The audit service's Prometheus endpoint: only the monitoring client's token opens it (an
 * auditor's does not), and appended events move the counter, the tree size and the lag.
 */
class MetricsIT extends AuditITBase {

  private PrometheusScrape scrape() {
    PrometheusScrape scrape =
        PrometheusScrape.of(
            port, tokens.monitoringToken(HutongStack.infrastructure().monitoringClient()));
    assertThat(scrape.status()).as(scrape.body()).isEqualTo(200);
    return scrape;
  }

  private PrometheusScrape await(Predicate<PrometheusScrape> condition, String what) {
    Instant deadline = Instant.now().plusSeconds(40);
    PrometheusScrape scrape = scrape();
    while (!condition.test(scrape) && Instant.now().isBefore(deadline)) {
      sleep(500);
      scrape = scrape();
    }
    String shown =
        String.join("\n", scrape.body().lines().filter(l -> l.startsWith("hutong_audit")).toList());
    assertThat(condition.test(scrape)).as(what + "\n" + shown).isTrue();
    return scrape;
  }

  @Test
  void onlyTheMetricsReaderRoleOpensTheEndpoint() {
    PrometheusScrape anonymous = PrometheusScrape.of(port, null);
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.contentType()).startsWith("application/problem+json");

    // Not even an auditor, who may read everything else here.
    PrometheusScrape auditor = PrometheusScrape.of(port, tokens.accessToken(AUDITOR));
    assertThat(auditor.status()).isEqualTo(403);
    assertThat(auditor.contentType()).startsWith("application/problem+json");

    PrometheusScrape monitoring = scrape();
    assertThat(monitoring.contentType()).startsWith("text/plain");
    assertThat(monitoring.has("jvm_memory_used_bytes", "application", "audit-service")).isTrue();
  }

  @Test
  void appendedEventsMoveTheCounterTheTreeSizeAndTheLag() {
    double before = scrape().sum("hutong_audit_appended_total");
    List<AuditEvent> events =
        List.of(
            event("civil-affairs.metrics", "RECORDS_FETCHED", Instant.now()),
            event("civil-affairs.metrics", "RECORDS_FETCHED", Instant.now()),
            event("civil-affairs.metrics", "RECORDS_FETCHED", Instant.now()));
    publish(events);
    awaitIngested(events.stream().map(AuditEvent::getId).toList());
    long leaves = count("select count(*) from audit.audit_entry");

    await(
        s ->
            s.sum("hutong_audit_appended_total") >= before + 3
                && s.sum("hutong_audit_tree_size") >= leaves
                && s.sum("hutong_audit_tree_size") >= s.sum("hutong_audit_appended_total")
                && s.has("hutong_audit_ingest_lag_records")
                && s.sum("hutong_audit_ingest_lag_records") == 0,
        "appended +3, the tree at least as large as what was appended, no lag");
  }
}
