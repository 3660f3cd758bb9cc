package io.hutong.service.kafka;

import io.hutong.schemas.SharedTopics;
import io.hutong.schemas.TopicSpec;
import io.hutong.service.ServiceProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Kafka wiring every service needs: the shared topics it writes (created at start-up if missing,
 * with the settings their owners agreed in {@code schemas}, so whichever service starts first
 * creates them right), an admin client, and a health check that reports DOWN when the broker does
 * not answer.
 */
@AutoConfiguration(
    afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass(KafkaAdmin.class)
@EnableConfigurationProperties(ServiceProperties.class)
public class ServiceKafkaAutoConfiguration {

  @Bean
  KafkaAdmin.NewTopics sharedTopics(ServiceProperties service) {
    return new KafkaAdmin.NewTopics(
        service.topics().stream()
            .map(SharedTopics::named)
            .map(ServiceKafkaAutoConfiguration::topic)
            .toArray(NewTopic[]::new));
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  Admin kafkaAdminClient(KafkaAdmin kafkaAdmin) {
    return Admin.create(kafkaAdmin.getConfigurationProperties());
  }

  /** The admin client's own metrics, unbound before the client closes. */
  @Bean(destroyMethod = "close")
  KafkaClientMeters.Binding kafkaAdminClientMeters(
      Admin admin, ObjectProvider<MeterRegistry> registry) {
    return admin instanceof AdminClient client
        ? KafkaClientMeters.bind(registry.getIfAvailable(), client)
        : () -> {};
  }

  @Bean
  @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
  HealthIndicator kafkaHealthIndicator(Admin admin, ServiceProperties service) {
    return () -> {
      long timeout = service.kafkaHealthTimeout().toMillis();
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

  static NewTopic topic(TopicSpec spec) {
    return new NewTopic(spec.name(), spec.partitions(), (short) -1).configs(spec.configs());
  }
}
