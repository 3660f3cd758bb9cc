package io.hutong.audit.ingest;

import io.hutong.audit.config.AuditProperties;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes ingest observable: metrics for lag, appended and skipped events, and a health component
 * that goes DOWN when the lag passes {@code hutong.audit.ingest.max-lag} — the log is falling
 * behind the platform.
 */
@Configuration
class IngestMonitoring {

  IngestMonitoring(AuditIngestor ingestor, MeterRegistry registry) {
    Gauge.builder("hutong.audit.ingest.lag", ingestor, AuditIngestor::lag)
        .description("Audit events not yet appended to the log")
        .register(registry);
    FunctionCounter.builder("hutong.audit.ingest.appended", ingestor, AuditIngestor::appended)
        .description("Audit events appended to the log")
        .register(registry);
    FunctionCounter.builder(
            "hutong.audit.ingest.duplicates", ingestor, AuditIngestor::duplicatesSkipped)
        .description("Redelivered audit events skipped because already in the log")
        .register(registry);
    FunctionCounter.builder("hutong.audit.ingest.undecodable", ingestor, AuditIngestor::undecodable)
        .description("Messages that were not Avro AuditEvents")
        .register(registry);
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
