package io.hutong.exchange.config;

import io.hutong.schemas.TopicSpec;
import io.hutong.schemas.audit.AuditTopics;
import io.hutong.schemas.catalog.CatalogTopics;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Kafka wiring: the topics this service writes (created at start-up if missing, with the settings
 * their owners agreed in {@code schemas}) and a health check that reports DOWN when the broker does
 * not answer.
 */
@Configuration
class KafkaConfig {

  /** Owned by the catalogue; declared here too (same spec) because the exchange's view reads it. */
  @Bean
  NewTopic catalogEventsTopic() {
    return topic(CatalogTopics.EVENTS_SPEC);
  }

  @Bean
  NewTopic auditEventsTopic() {
    return topic(AuditTopics.EVENTS_SPEC);
  }

  @Bean(destroyMethod = "close")
  Admin kafkaAdminClient(KafkaAdmin kafkaAdmin) {
    return Admin.create(kafkaAdmin.getConfigurationProperties());
  }

  @Bean
  HealthIndicator kafka(Admin admin, ExchangeProperties properties) {
    return () -> {
      long timeout = properties.kafkaHealthTimeout().toMillis();
      try {
        int nodes = admin.describeCluster().nodes().get(timeout, TimeUnit.MILLISECONDS).size();
        return Health.up().withDetail("nodes", nodes).build();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Health.down(e).build();
      } catch (Exception e) {
        return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
      }
    };
  }

  private static NewTopic topic(TopicSpec spec) {
    return new NewTopic(spec.name(), spec.partitions(), (short) -1).configs(spec.configs());
  }
}
