package io.hutong.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.deploy.junit.HutongStack;
import io.hutong.deploy.server.Infrastructure;
import io.hutong.deploy.server.LocalIdentity;
import io.hutong.deploy.server.ServiceDatabase;
import io.hutong.deploy.server.Tokens;
import io.hutong.schemas.audit.AuditEvent;
import io.hutong.schemas.audit.AuditTopics;
import io.hutong.schemas.catalog.CatalogEvent;
import io.hutong.schemas.catalog.CatalogTopics;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Shared set-up of the catalogue's integration tests: one Spring context for all of them against
 * real PostgreSQL, Kafka and Keycloak, real tokens for the local identities, and readers for the
 * catalogue and audit topics.
 */
@ExtendWith(HutongStack.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class CatalogITBase {

  protected static final JsonMapper JSON = JsonMapper.builder().build();

  @DynamicPropertySource
  static void stack(DynamicPropertyRegistry registry) {
    HutongStack.infrastructure()
        .springProperties(ServiceDatabase.CATALOG)
        .forEach((key, value) -> registry.add(key, () -> value));
    registry.add("hutong.catalog.grants.expiry-check-interval", () -> "1s");
    registry.add("hutong.catalog.outbox.send-timeout", () -> "10s");
    registry.add("hutong.catalog.quality.timeliness-check-interval", () -> "1s");
  }

  @LocalServerPort protected int port;

  private final HttpClient http = HttpClient.newHttpClient();
  private final Tokens tokens = new Tokens(HutongStack.infrastructure().keycloak());

  protected static Infrastructure stack() {
    return HutongStack.infrastructure();
  }

  /** A fresh dataset name, so tests sharing the database never collide. */
  protected static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  protected static String q(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  /** An HTTP answer with its body parsed when it is JSON. */
  public record Response(int status, HttpResponse<String> raw, JsonNode body) {
    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    public String type() {
      return body.path("type").asString();
    }
  }

  protected Response get(LocalIdentity who, String path) {
    return send(who, "GET", path, null, null);
  }

  protected Response post(LocalIdentity who, String path, Object body) {
    return send(who, "POST", path, body, "application/json");
  }

  protected Response patch(LocalIdentity who, String path, Object body) {
    return send(who, "PATCH", path, body, "application/merge-patch+json");
  }

  /** {@code body} is sent as is when a String, else written as JSON. */
  protected Response send(
      LocalIdentity who, String method, String path, Object body, String contentType) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
              .timeout(Duration.ofSeconds(30));
      if (who != null) {
        request.header("Authorization", "Bearer " + tokens.accessToken(who));
      }
      if (body == null) {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        String text = body instanceof String s ? s : JSON.writeValueAsString(body);
        request.header("Content-Type", contentType);
        request.method(method, HttpRequest.BodyPublishers.ofString(text));
      }
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String contentTypeHeader = response.headers().firstValue("Content-Type").orElse("");
      JsonNode parsed =
          contentTypeHeader.contains("json") && !response.body().isEmpty()
              ? JSON.readTree(response.body())
              : JSON.missingNode();
      return new Response(response.statusCode(), response, parsed);
    } catch (Exception e) {
      throw new IllegalStateException(method + " " + path + " failed", e);
    }
  }

  /** Registers the four local departments (once; a 409 means already there). */
  protected void departmentsRegistered() {
    for (String code :
        List.of(
            LocalIdentity.CIVIL_AFFAIRS,
            LocalIdentity.PUBLIC_SECURITY,
            LocalIdentity.HUMAN_RESOURCES,
            LocalIdentity.MARKET_REGULATION)) {
      Response r =
          post(
              LocalIdentity.PLATFORM_ADMIN,
              "/api/catalog/v1/departments",
              java.util.Map.of("code", code, "name", code + " bureau"));
      assertThat(r.status()).as("register %s", code).isIn(201, 409);
    }
  }

  /**
   * Catalogue events on the topic whose key satisfies {@code key}, waiting until {@code until}
   * holds.
   */
  protected List<CatalogEvent> catalogEvents(
      Predicate<String> key, Predicate<List<CatalogEvent>> until) {
    List<CatalogEvent> events = new ArrayList<>();
    readTopic(
        CatalogTopics.EVENTS,
        record -> {
          if (key.test(record.key())) {
            events.add(decode(record.value(), CatalogEvent.class));
          }
        },
        () -> until.test(events));
    return events;
  }

  /** Audit events on the topic satisfying {@code filter}, waiting until {@code until} holds. */
  protected List<AuditEvent> auditEvents(
      Predicate<AuditEvent> filter, Predicate<List<AuditEvent>> until) {
    List<AuditEvent> events = new ArrayList<>();
    readTopic(
        AuditTopics.EVENTS,
        record -> {
          AuditEvent event = decode(record.value(), AuditEvent.class);
          if (filter.test(event)) {
            events.add(event);
          }
        },
        () -> until.test(events));
    return events;
  }

  private static void readTopic(
      String topic,
      java.util.function.Consumer<ConsumerRecord<String, byte[]>> sink,
      java.util.function.BooleanSupplier done) {
    Properties props = new Properties();
    props.putAll(stack().kafka().operatorClient());
    props.put("isolation.level", "read_committed");
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Instant deadline = Instant.now().plusSeconds(30);
      while (Instant.now().isBefore(deadline)) {
        consumer.poll(Duration.ofMillis(200)).forEach(sink);
        if (done.getAsBoolean()) {
          return;
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T decode(byte[] bytes, Class<T> type) {
    try {
      if (type == CatalogEvent.class) {
        return (T) CatalogEvent.fromByteBuffer(ByteBuffer.wrap(bytes));
      }
      return (T) AuditEvent.fromByteBuffer(ByteBuffer.wrap(bytes));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
