package io.hutong.exchange;

import io.hutong.deploy.junit.HutongStack;
import io.hutong.deploy.server.LocalIdentity;
import io.hutong.deploy.server.ServiceDatabase;
import io.hutong.deploy.server.Tokens;
import io.hutong.exchange.view.CatalogView;
import io.hutong.schemas.catalog.CatalogEvent;
import io.hutong.schemas.catalog.CatalogTopics;
import io.hutong.schemas.catalog.DatasetPublished;
import io.hutong.schemas.catalog.DatasetState;
import io.hutong.schemas.catalog.DatasetStatus;
import io.hutong.schemas.catalog.GrantIssued;
import io.hutong.schemas.catalog.SchemaVersionAdded;
import io.hutong.schemas.catalog.SharingType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Shared set-up of the exchange's integration tests: real servers, real tokens, and a feed of
 * catalogue events written to {@code hutong.catalog.events} exactly as the catalogue writes them.
 */
@ExtendWith(HutongStack.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ExchangeITBase {

  protected static final JsonMapper JSON = JsonMapper.builder().build();

  public static final String MARRIAGE_SCHEMA =
      """
      {"type":"record","name":"MarriageRegistration","namespace":"gov.civil_affairs","fields":[
        {"name":"certificateNo","type":"string"},
        {"name":"husbandName","type":"string"},
        {"name":"wifeName","type":"string"},
        {"name":"district","type":["null","string"],"default":null}
      ]}
      """;

  @DynamicPropertySource
  static void stack(DynamicPropertyRegistry registry) {
    HutongStack.infrastructure()
        .springProperties(ServiceDatabase.EXCHANGE)
        .forEach((key, value) -> registry.add(key, () -> value));
    // Small enough for SubscribeIT to reach; the default is 16.
    registry.add("hutong.exchange.max-streams-per-client", () -> "4");
  }

  @LocalServerPort protected int port;
  @Autowired protected CatalogView view;

  private final HttpClient http = HttpClient.newHttpClient();
  protected final Tokens tokens = new Tokens(HutongStack.infrastructure().keycloak());

  /** An answer with its parsed JSON body. */
  public record Response(int status, String text, JsonNode body) {}

  protected Response send(LocalIdentity who, String method, String path, String body) {
    return sendTo(port, who, method, path, body);
  }

  /** {@link #send} to the exchange instance listening on {@code instancePort}. */
  protected Response sendTo(
      int instancePort, LocalIdentity who, String method, String path, String body) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create("http://localhost:" + instancePort + path))
              .timeout(Duration.ofSeconds(60));
      if (who != null) {
        request.header("Authorization", "Bearer " + tokens.accessToken(who));
      }
      request.header("Content-Type", "application/json");
      request.method(
          method,
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body));
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String type = response.headers().firstValue("Content-Type").orElse("");
      return new Response(
          response.statusCode(),
          response.body(),
          type.contains("json") && !response.body().isEmpty()
              ? JSON.readTree(response.body())
              : JSON.missingNode());
    } catch (Exception e) {
      throw new IllegalStateException(method + " " + path, e);
    }
  }

  /** A fresh civil-affairs dataset with the marriage schema, as the catalogue would announce it. */
  protected String datasetAnnounced(DatasetStatus status) {
    String code = "civil-affairs.m-" + UUID.randomUUID().toString().substring(0, 8);
    Schema schema = new Schema.Parser().parse(MARRIAGE_SCHEMA);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    DatasetState state =
        DatasetState.newBuilder()
            .setCode(code)
            .setProvider("civil-affairs")
            .setName("婚姻登记信息")
            .setSharingType(SharingType.CONDITIONAL)
            .setStatus(status)
            .setCurrentSchemaVersion(1)
            .setCompatibility("BACKWARD")
            .setUpdatedAt(now)
            .build();
    feed(
        CatalogTopics.schemaKey(code, 1),
        SchemaVersionAdded.newBuilder()
            .setDataset(code)
            .setVersion(1)
            .setSchema$(schema.toString())
            .setFingerprint(SchemaNormalization.parsingFingerprint64(schema))
            .build());
    feed(CatalogTopics.datasetKey(code), DatasetPublished.newBuilder().setDataset(state).build());
    awaitView(() -> view.currentSchema(code).isPresent());
    return code;
  }

  /**
   * A grant of {@code fields} of {@code code} to {@code consumer}, as the catalogue would announce
   * it.
   */
  protected UUID grantAnnounced(
      String code, String consumer, List<String> fields, Instant validUntil) {
    return grantAnnounced(code, consumer, fields, List.of(), null, validUntil);
  }

  /**
   * A grant to read {@code fields} and verify {@code verifyFields} of {@code code}, with a daily
   * {@code lookupQuota} (null: none), as the catalogue would announce it.
   */
  protected UUID grantAnnounced(
      String code,
      String consumer,
      List<String> fields,
      List<String> verifyFields,
      Integer lookupQuota,
      Instant validUntil) {
    UUID id = UUID.randomUUID();
    feed(
        CatalogTopics.grantKey(id.toString()),
        GrantIssued.newBuilder()
            .setGrantId(id)
            .setDataset(code)
            .setProvider("civil-affairs")
            .setConsumer(consumer)
            .setFields(fields)
            .setVerifyFields(verifyFields)
            .setLookupQuota(lookupQuota)
            .setPurpose("test")
            .setValidFrom(Instant.now().truncatedTo(ChronoUnit.MICROS))
            .setValidUntil(validUntil)
            .build());
    awaitView(() -> view.liveGrant(code, consumer, Instant.now()).isPresent());
    return id;
  }

  protected static void feed(String key, Object payload) {
    Properties props = new Properties();
    props.putAll(HutongStack.infrastructure().kafka().operatorClient());
    props.put("acks", "all");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      CatalogEvent event =
          CatalogEvent.newBuilder()
              .setEventId(UUID.randomUUID())
              .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MICROS))
              .setActor("test")
              .setPayload(payload)
              .build();
      ByteBuffer buffer = event.toByteBuffer();
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      producer.send(new ProducerRecord<>(CatalogTopics.EVENTS, key, bytes)).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  protected static void awaitView(java.util.function.BooleanSupplier condition) {
    Instant deadline = Instant.now().plusSeconds(30);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("the exchange's catalogue view did not catch up within 30 s");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
