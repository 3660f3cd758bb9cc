package io.hutong.exchange.subscribe;

import io.hutong.service.tracing.ServiceTracingAutoConfiguration;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.springframework.stereotype.Component;

/**
 * One consumer span per delivered batch (a fetched page, a stream's poll), never one per record
 * (decision 0015). It continues the trace its first record was published in, read from that
 * record's {@code traceparent} header; a batch whose first record carries none (published with
 * tracing off) gets a span under the delivering call's own span, if any. The span names the
 * delivering call's request id, which its server span carries too.
 */
@Component
class DeliveryTracing {

  /** The observation (and span) of one delivered batch. */
  static final String NAME = "hutong.deliver";

  private final ObservationRegistry registry;

  DeliveryTracing(ObservationRegistry registry) {
    this.registry = registry;
  }

  /**
   * The started observation of delivering {@code records} of {@code topic}; the caller stops it.
   * Nothing is observed for an empty batch.
   */
  Observation start(String topic, List<TopicReader.Delivered> records, String requestId) {
    if (records.isEmpty()) {
      return Observation.NOOP;
    }
    ReceiverContext<Headers> context =
        new ReceiverContext<>(DeliveryTracing::header, Kind.CONSUMER);
    context.setCarrier(records.getFirst().record().headers());
    context.setRemoteServiceName("kafka");
    Observation observation =
        Observation.createNotStarted(NAME, () -> context, registry)
            .contextualName(topic + " deliver")
            .lowCardinalityKeyValue(KeyValue.of("messaging.system", "kafka"))
            .highCardinalityKeyValue(KeyValue.of("messaging.destination.name", topic))
            .highCardinalityKeyValue(
                KeyValue.of("messaging.batch.message_count", Integer.toString(records.size())));
    if (requestId != null) {
      observation.highCardinalityKeyValue(
          KeyValue.of(ServiceTracingAutoConfiguration.REQUEST_ID, requestId));
    }
    return observation.start();
  }

  private static String header(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
