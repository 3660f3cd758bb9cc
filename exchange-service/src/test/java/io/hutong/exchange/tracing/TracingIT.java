package io.hutong.exchange.tracing;

import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_SYSTEM;
import static io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY_SYSTEM;
import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.exchange.ExchangeITBase;
import io.hutong.schemas.catalog.DatasetStatus;
import io.hutong.schemas.data.DataTopics;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * With tracing switched on, one trace runs from the caller's {@code traceparent} through the
 * publish request, the batch's producer span and the records' headers in Kafka, to the span of
 * their delivery to a subscriber. Spans are caught in memory instead of being sent to a collector.
 */
@TestPropertySource(
    properties = {
      "management.tracing.export.enabled=true",
      "management.tracing.sampling.probability=1.0",
      "management.opentelemetry.tracing.export.schedule-delay=50ms"
    })
@Import(TracingIT.Spans.class)
class TracingIT extends ExchangeITBase {

  private static final AttributeKey<String> REQUEST_ID =
      AttributeKey.stringKey("hutong.request_id");

  @TestConfiguration(proxyBeanMethods = false)
  static class Spans {
    @Bean
    InMemorySpanExporter inMemorySpans() {
      return InMemorySpanExporter.create();
    }
  }

  @Autowired InMemorySpanExporter spans;

  @Test
  void aPublishedBatchAndItsDeliveryStayInTheCallersTrace() {
    String code = datasetAnnounced(DatasetStatus.ACTIVE);
    grantAnnounced(code, "public-security", List.of("wifeName"), null);
    String traceId = hex(16);
    String callerSpanId = hex(8);
    String publishRequest = "tracing-it-" + UUID.randomUUID();

    Response published =
        TracingCalls.send(
            port,
            tokens.accessToken(CIVIL_AFFAIRS_SYSTEM),
            "POST",
            "/api/exchange/v1/datasets/" + code + "/records",
            "{\"records\":[" + record("T-1") + "," + record("T-2") + "]}",
            "00-" + traceId + "-" + callerSpanId + "-01",
            publishRequest);
    assertThat(published.status()).as(published.text()).isEqualTo(200);

    SpanData server =
        await(s -> s.getTraceId().equals(traceId) && s.getKind() == SpanKind.SERVER, "server span");
    assertThat(server.getParentSpanId()).isEqualTo(callerSpanId);
    assertThat(server.getAttributes().get(REQUEST_ID)).isEqualTo(publishRequest);
    SpanData producer =
        await(
            s -> s.getTraceId().equals(traceId) && s.getKind() == SpanKind.PRODUCER,
            "producer span");
    assertThat(ancestors(producer))
        .as("the producer span lies under the server span")
        .contains(server.getSpanId());
    assertThat(spans.getFinishedSpanItems())
        .as("one producer span per batch, none per record")
        .filteredOn(s -> s.getTraceId().equals(traceId) && s.getKind() == SpanKind.PRODUCER)
        .hasSize(1);

    List<ConsumerRecord<String, byte[]>> written =
        TracingCalls.read(DataTopics.forDataset(code), 2);
    assertThat(written).hasSize(2);
    for (ConsumerRecord<String, byte[]> record : written) {
      // The platform's context replaced the client's own traceparent header.
      assertThat(record.headers().headers("traceparent")).hasSize(1);
      assertThat(TracingCalls.traceparent(record))
          .isEqualTo("00-" + traceId + "-" + producer.getSpanId() + "-01");
    }

    String subscription = subscribe(code);
    String fetchRequest = "tracing-it-" + UUID.randomUUID();
    Response fetched =
        TracingCalls.send(
            port,
            tokens.accessToken(PUBLIC_SECURITY_SYSTEM),
            "GET",
            "/api/exchange/v1/subscriptions/" + subscription + "/records?max=10&waitMs=5000",
            null,
            null,
            fetchRequest);
    assertThat(fetched.status()).as(fetched.text()).isEqualTo(200);
    assertThat(fetched.body().path("records").size()).isEqualTo(2);
    // The trace context stays inside the platform: a delivered record shows no headers.
    assertThat(fetched.text()).doesNotContain("traceparent").doesNotContain(traceId);

    SpanData delivery =
        await(
            s -> s.getTraceId().equals(traceId) && s.getKind() == SpanKind.CONSUMER,
            "delivery span");
    assertThat(delivery.getParentSpanId()).isEqualTo(producer.getSpanId());
    assertThat(delivery.getAttributes().get(REQUEST_ID)).isEqualTo(fetchRequest);
    SpanData fetchServer =
        await(
            s ->
                s.getKind() == SpanKind.SERVER
                    && fetchRequest.equals(s.getAttributes().get(REQUEST_ID)),
            "the fetch's server span");
    assertThat(fetchServer.getTraceId()).isNotEqualTo(traceId);
  }

  private String subscribe(String code) {
    Response r =
        send(
            PUBLIC_SECURITY_SYSTEM,
            "POST",
            "/api/exchange/v1/subscriptions",
            "{\"dataset\":\"" + code + "\",\"startFrom\":\"earliest\"}");
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r.body().path("id").asString();
  }

  static String record(String certificate) {
    return "{\"key\":\""
        + certificate
        + "\",\"value\":{\"certificateNo\":\""
        + certificate
        + "\",\"husbandName\":\"张三\",\"wifeName\":\"李四\",\"district\":null},"
        + "\"headers\":{\"traceparent\":\"00-client-made-this-up\"}}";
  }

  private SpanData await(Predicate<SpanData> wanted, String what) {
    Instant deadline = Instant.now().plusSeconds(15);
    while (Instant.now().isBefore(deadline)) {
      for (SpanData span : spans.getFinishedSpanItems()) {
        if (wanted.test(span)) {
          return span;
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new AssertionError("no " + what + " among " + spans.getFinishedSpanItems());
  }

  /** The ids of the spans above {@code span}, as far as they were exported. */
  private List<String> ancestors(SpanData span) {
    java.util.Map<String, SpanData> byId = new java.util.HashMap<>();
    spans.getFinishedSpanItems().forEach(s -> byId.put(s.getSpanId(), s));
    List<String> found = new java.util.ArrayList<>();
    for (SpanData at = byId.get(span.getParentSpanId());
        at != null;
        at = byId.get(at.getParentSpanId())) {
      found.add(at.getSpanId());
    }
    return found;
  }

  private static String hex(int bytes) {
    byte[] random = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(random);
    random[0] |= 1; // never the all-zero (invalid) id
    return HexFormat.of().formatHex(random);
  }
}
