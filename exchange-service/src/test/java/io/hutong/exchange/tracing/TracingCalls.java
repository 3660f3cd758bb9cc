package io.hutong.exchange.tracing;

import io.hutong.deploy.junit.HutongStack;
import io.hutong.exchange.ExchangeITBase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.json.JsonMapper;

/** Calls with a caller's trace context and request id, and a plain read of a topic. */
final class TracingCalls {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private TracingCalls() {}

  /** A call to the exchange on {@code port}; {@code traceparent} and {@code requestId} if given. */
  static ExchangeITBase.Response send(
      int port,
      String token,
      String method,
      String path,
      String body,
      String traceparent,
      String requestId) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
              .timeout(Duration.ofSeconds(60))
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json")
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body));
      if (traceparent != null) {
        request.header("traceparent", traceparent);
      }
      if (requestId != null) {
        request.header("X-Request-Id", requestId);
      }
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String type = response.headers().firstValue("Content-Type").orElse("");
      return new ExchangeITBase.Response(
          response.statusCode(),
          response.body(),
          type.contains("json") && !response.body().isEmpty()
              ? JSON.readTree(response.body())
              : JSON.missingNode());
    } catch (Exception e) {
      throw new IllegalStateException(method + " " + path, e);
    }
  }

  /** Up to {@code expected} committed records of {@code topic}, read from the beginning. */
  static List<ConsumerRecord<String, byte[]>> read(String topic, int expected) {
    Properties props = new Properties();
    props.putAll(HutongStack.infrastructure().kafka().operatorClient());
    props.put("isolation.level", "read_committed");
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Instant deadline = Instant.now().plusSeconds(15);
      while (Instant.now().isBefore(deadline) && out.size() < expected) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  /** The record's {@code traceparent} header, or null. */
  static String traceparent(ConsumerRecord<String, byte[]> record) {
    Header header = record.headers().lastHeader("traceparent");
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
