package io.hutong.audit;

import io.hutong.deploy.junit.HutongStack;
import io.hutong.deploy.server.LocalIdentity;
import io.hutong.deploy.server.ServiceDatabase;
import io.hutong.deploy.server.Tokens;
import io.hutong.schemas.audit.AuditEvent;
import io.hutong.schemas.audit.AuditTopics;
import io.hutong.schemas.audit.Outcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Shared set-up of the audit service's integration tests: real servers, real tokens, a producer.
 */
@ExtendWith(HutongStack.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class AuditITBase {

  protected static final JsonMapper JSON = JsonMapper.builder().build();

  @DynamicPropertySource
  static void stack(DynamicPropertyRegistry registry) {
    HutongStack.infrastructure()
        .springProperties(ServiceDatabase.AUDIT)
        .forEach((key, value) -> registry.add(key, () -> value));
  }

  @LocalServerPort protected int port;

  private final HttpClient http = HttpClient.newHttpClient();
  protected final Tokens tokens = new Tokens(HutongStack.infrastructure().keycloak());

  /** An answer with its JSON body (or the raw text when not JSON). */
  public record Response(int status, String text, JsonNode body) {}

  protected Response get(LocalIdentity who, String path) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
              .timeout(Duration.ofSeconds(60));
      if (who != null) {
        request.header("Authorization", "Bearer " + tokens.accessToken(who));
      }
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String type = response.headers().firstValue("Content-Type").orElse("");
      JsonNode body =
          type.contains("json") && !type.contains("jsonl") && !response.body().isEmpty()
              ? JSON.readTree(response.body())
              : JSON.missingNode();
      return new Response(response.statusCode(), response.body(), body);
    } catch (Exception e) {
      throw new IllegalStateException("GET " + path, e);
    }
  }

  protected static AuditEvent event(String dataset, String action, Instant time) {
    return AuditEvent.newBuilder()
        .setId(UUID.randomUUID())
        .setTime(time.truncatedTo(ChronoUnit.MICROS))
        .setService("exchange-service")
        .setActor("public-security-system")
        .setDepartment("public-security")
        .setRoles(List.of("department-system"))
        .setAction(action)
        .setDataset(dataset)
        .setResource("/api/exchange/v1/subscriptions/42/records")
        .setOutcome(Outcome.ALLOWED)
        .setRecordCount(500L)
        .setRequestId(UUID.randomUUID().toString())
        .setSourceAddress("10.1.2.3")
        .setReason(null)
        .build();
  }

  /** Sends events to hutong.audit.events and waits for Kafka's acknowledgement. */
  protected static void publish(List<AuditEvent> events) {
    Map<String, byte[]> messages = new LinkedHashMap<>();
    try {
      for (AuditEvent event : events) {
        ByteBuffer buffer = event.toByteBuffer();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        messages.put(event.getId().toString(), bytes);
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    publishBytes(messages);
  }

  /**
   * Sends messages (Kafka key → value) as they are, e.g. events a producer of an earlier schema
   * version wrote, and waits for Kafka's acknowledgement.
   */
  protected static void publishBytes(Map<String, byte[]> messages) {
    Properties props = new Properties();
    props.putAll(HutongStack.infrastructure().kafka().operatorClient());
    props.put("acks", "all");
    props.put("linger.ms", "5");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      messages.forEach(
          (key, value) -> producer.send(new ProducerRecord<>(AuditTopics.EVENTS, key, value)));
      producer.flush();
    }
  }

  /** Waits until every id is in the log. */
  protected static void awaitIngested(List<UUID> ids) {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      if (count(
              "select count(*) from audit.audit_entry where event_id = any('{"
                  + String.join(",", ids.stream().map(UUID::toString).toList())
                  + "}'::uuid[])")
          == ids.size()) {
        return;
      }
      sleep(200);
    }
    throw new AssertionError("events not ingested within 60 s");
  }

  protected static long count(String sql) {
    try (Connection c = HutongStack.infrastructure().postgres().superuserConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  protected static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
