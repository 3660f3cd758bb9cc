package io.hutong.exchange.publish;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * One producer span per published batch, never one per record (decision 0015): its trace context
 * (W3C {@code traceparent}, as the tracing propagator writes it) is encoded once and the same
 * header bytes go onto every record of the batch and onto its audit event, so a delivery can
 * continue the publisher's trace. With tracing off the propagator writes nothing and the batch
 * carries no extra header.
 */
@Component
class BatchTracing {

  /** The observation (and span) of one published batch. */
  static final String NAME = "hutong.publish";

  private final ObservationRegistry registry;

  BatchTracing(ObservationRegistry registry) {
    this.registry = registry;
  }

  /** Work that writes a batch, given the trace headers its records must carry. */
  interface Traced<T> {
    T run(Map<String, byte[]> context) throws Exception;
  }

  /** Runs {@code work} inside the batch's producer span, handing it the span's trace headers. */
  <T> T publish(String topic, int records, Traced<T> work) throws Exception {
    Map<String, String> carrier = new HashMap<>(4);
    SenderContext<Map<String, String>> context =
        new SenderContext<>((headers, name, value) -> headers.put(name, value), Kind.PRODUCER);
    context.setCarrier(carrier);
    context.setRemoteServiceName("kafka");
    Observation observation =
        Observation.createNotStarted(NAME, () -> context, registry)
            .contextualName(topic + " publish")
            .lowCardinalityKeyValue(KeyValue.of("messaging.system", "kafka"))
            .highCardinalityKeyValue(KeyValue.of("messaging.destination.name", topic))
            .highCardinalityKeyValue(
                KeyValue.of("messaging.batch.message_count", Integer.toString(records)))
            .start();
    try (Observation.Scope scope = observation.openScope()) {
      return work.run(encoded(carrier));
    } catch (Exception | Error e) {
      observation.error(e);
      throw e;
    } finally {
      observation.stop();
    }
  }

  private static Map<String, byte[]> encoded(Map<String, String> carrier) {
    if (carrier.isEmpty()) {
      return Map.of();
    }
    Map<String, byte[]> headers = new LinkedHashMap<>(carrier.size() * 2);
    carrier.forEach((name, value) -> headers.put(name, value.getBytes(StandardCharsets.UTF_8)));
    return headers;
  }
}
