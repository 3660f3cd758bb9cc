package io.hutong.service.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Kafka's own client metrics ({@code kafka_producer_*}, {@code kafka_consumer_*}, {@code
 * kafka_admin_client_*}, tagged {@code client_id}) for the clients Hutong builds by hand: Spring
 * Boot binds only the clients of Spring Kafka's factories.
 *
 * <p>Bind only long-lived clients (each binding refreshes on its own timer), and close the binding
 * when the client closes, so its meters go with it.
 */
public final class KafkaClientMeters {

  private KafkaClientMeters() {}

  /** A handle whose {@link #close()} does not throw. */
  public interface Binding extends AutoCloseable {
    @Override
    void close();
  }

  public static Binding bind(MeterRegistry registry, Producer<?, ?> producer) {
    return registry == null ? () -> {} : bound(new KafkaClientMetrics(producer), registry);
  }

  public static Binding bind(MeterRegistry registry, Consumer<?, ?> consumer) {
    return registry == null ? () -> {} : bound(new KafkaClientMetrics(consumer), registry);
  }

  public static Binding bind(MeterRegistry registry, AdminClient admin) {
    return registry == null ? () -> {} : bound(new KafkaClientMetrics(admin), registry);
  }

  private static Binding bound(KafkaClientMetrics metrics, MeterRegistry registry) {
    metrics.bindTo(registry);
    return metrics::close;
  }
}
