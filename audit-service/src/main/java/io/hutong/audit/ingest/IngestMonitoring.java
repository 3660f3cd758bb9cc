package io.hutong.audit.ingest;

import io.hutong.audit.config.AuditProperties;
import io.hutong.audit.tree.TreeStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes ingest observable: metrics for lag, appended and skipped events, the tree's size (read from
 * the database at most every {@link TreeSize#MAX_AGE_NANOS} ns), and a health component that goes
 * DOWN when the lag passes {@code hutong.audit.ingest.max-lag} — the log is falling behind the
 * platform.
 */
@Configuration
class IngestMonitoring {

  IngestMonitoring(AuditIngestor ingestor, TreeStore tree, MeterRegistry registry) {
    // hutong_audit_ingest_lag_records: measured by the ingesting instance (0 on a standby).
    Gauge.builder("hutong.audit.ingest.lag.records", ingestor, AuditIngestor::lag)
        .description("Audit events in Kafka not yet appended to the log")
        .register(registry);
    FunctionCounter.builder("hutong.audit.appended", ingestor, AuditIngestor::appended)
        .description("Audit events appended to the log by this instance")
        .register(registry);
    TreeSize size = new TreeSize(tree);
    Gauge.builder("hutong.audit.tree.size", size, TreeSize::get)
        .description("Leaves in the log's Merkle tree (events appended, all instances)")
        // Only the gauge holds it: by default a gauge's object may be collected (then NaN).
        .strongReference(true)
        .register(registry);
    FunctionCounter.builder(
            "hutong.audit.ingest.duplicates", ingestor, AuditIngestor::duplicatesSkipped)
        .description("Redelivered audit events skipped because already in the log")
        .register(registry);
    FunctionCounter.builder("hutong.audit.ingest.undecodable", ingestor, AuditIngestor::undecodable)
        .description("Messages that were not Avro AuditEvents")
        .register(registry);
  }

  /** The tree's size, read when a scrape asks and at most every ten seconds. */
  static final class TreeSize {
    static final long MAX_AGE_NANOS = 10_000_000_000L;

    private final TreeStore tree;
    private long value;
    private long readAt;
    private boolean read;

    TreeSize(TreeStore tree) {
      this.tree = tree;
    }

    synchronized double get() {
      long now = System.nanoTime();
      if (!read || now - readAt >= MAX_AGE_NANOS) {
        readAt = now;
        try {
          value = tree.size();
          read = true;
        } catch (RuntimeException e) {
          // the last value stays; the next scrape after MAX_AGE tries again
        }
      }
      return read ? value : Double.NaN;
    }
  }

  @Bean
  HealthIndicator ingest(AuditIngestor ingestor, AuditProperties properties) {
    return () -> {
      long lag = ingestor.lag();
      long max = properties.ingest().maxLag();
      Health.Builder health = ingestor.leader() && lag > max ? Health.down() : Health.up();
      return health
          .withDetail("leader", ingestor.leader())
          .withDetail("lag", lag)
          .withDetail("maxLag", max)
          .build();
    };
  }
}
