package io.hutong.exchange.subscribe;

import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_SYSTEM;
import static io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY_SYSTEM;
import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.deploy.server.LocalIdentity;
import io.hutong.exchange.ExchangeITBase;
import io.hutong.schemas.catalog.DatasetStatus;
import io.hutong.schemas.data.AvroBatches;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The binary and streaming formats against real Kafka: Avro containers published and fetched back
 * (values validated on the way in, projected to the grant on the way out), NDJSON pages equal to
 * JSON pages, the cursor header, and refusals as problems whatever the client accepts.
 */
class FormatsIT extends ExchangeITBase {

  static final Schema SCHEMA = new Schema.Parser().parse(MARRIAGE_SCHEMA);
  private final HttpClient http = HttpClient.newHttpClient();

  record Raw(int status, String type, String cursor, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  @Test
  void anAvroBatchComesBackAsAvroWithOnlyTheGrantedFields() throws Exception {
    String code = datasetAnnounced(DatasetStatus.ACTIVE);
    grantAnnounced(code, "public-security", List.of("wifeName", "district"), null);
    List<GenericRecord> values = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      values.add(marriage("A-" + i, "张三", "李四", i == 0 ? null : "天河区"));
    }
    Raw published = publishAvro(code, container(values, null));
    assertThat(published.status()).as(published.text()).isEqualTo(200);
    assertThat(JSON.readTree(published.body()).path("results").size()).isEqualTo(3);

    String id = subscribe(code);
    Raw page = fetch(id, AvroBatches.CONTENT_TYPE);

    assertThat(page.status()).as(page.text()).isEqualTo(200);
    assertThat(page.type()).startsWith(AvroBatches.CONTENT_TYPE);
    try (DataFileStream<GenericRecord> file =
        new DataFileStream<>(new ByteArrayInputStream(page.body()), new GenericDatumReader<>())) {
      assertThat(file.getMetaString(AvroBatches.META_CURSOR)).isEqualTo(page.cursor());
      JsonNode schemas = JSON.readTree(file.getMetaString(AvroBatches.META_SCHEMAS));
      assertThat(schemas.size()).isEqualTo(1);
      Schema projected = new Schema.Parser().parse(schemas.values().iterator().next().toString());
      assertThat(projected.getFields().stream().map(Schema.Field::name))
          .containsExactly("wifeName", "district");
      BinaryMessageDecoder<GenericRecord> decoder =
          new BinaryMessageDecoder<>(GenericData.get(), projected);
      List<String> seen = new ArrayList<>();
      for (GenericRecord envelope : file) {
        GenericRecord value = decoder.decode((ByteBuffer) envelope.get("value"));
        seen.add(envelope.get("key") + "=" + value.get("wifeName") + "/" + value.get("district"));
        assertThat(envelope.get("schemaVersion")).isEqualTo(1);
        assertThat(value.getSchema().getField("husbandName")).isNull();
      }
      assertThat(seen).containsExactlyInAnyOrder("K-0=李四/null", "K-1=李四/天河区", "K-2=李四/天河区");
    }
  }

  @Test
  void ndjsonLinesAreTheRecordsOfTheJsonPageAndTheCursorIsInAHeader() throws Exception {
    String code = datasetAnnounced(DatasetStatus.ACTIVE);
    grantAnnounced(code, "public-security", List.of("wifeName"), null);
    List<GenericRecord> values = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      values.add(marriage("N-" + i, "张三", "李四" + i, null));
    }
    assertThat(publishAvro(code, container(values, null)).status()).isEqualTo(200);
    String id = subscribe(code);

    Raw json = fetch(id, "application/json");
    Raw ndjson = fetch(id, "application/x-ndjson");

    assertThat(ndjson.type()).startsWith("application/x-ndjson");
    JsonNode page = JSON.readTree(json.body());
    assertThat(json.cursor()).isEqualTo(page.path("cursor").asString());
    assertThat(ndjson.cursor()).isEqualTo(json.cursor());
    String[] lines = ndjson.text().split("\n");
    assertThat(lines).hasSize(5);
    for (int i = 0; i < lines.length; i++) {
      assertThat(JSON.readTree(lines[i])).isEqualTo(page.path("records").get(i));
    }
    List<String> delivered = new ArrayList<>();
    page.path("records").forEach(r -> delivered.add(r.path("value").toString()));
    assertThat(delivered).contains("{\"wifeName\":\"李四0\"}", "{\"wifeName\":\"李四4\"}");
  }

  @Test
  void anAvroBatchWithOneBadValueIsRefusedWholeWithAProblemPerRecord() throws Exception {
    String code = datasetAnnounced(DatasetStatus.ACTIVE);
    grantAnnounced(code, "public-security", List.of("wifeName"), null);
    Schema other =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"Other\",\"fields\":[{\"name\":\"x\",\"type\":\"string\"}]}");
    GenericRecord foreign = new GenericData.Record(other);
    foreign.put("x", "y");
    byte[] good = encode(SCHEMA, marriage("G", "a", "b", null));
    byte[] truncated = Arrays.copyOf(good, good.length - 2);
    byte[] nul = encode(SCHEMA, marriage("N", "a\u0000", "b", null));
    Raw refused =
        publishAvro(code, rawContainer(List.of(good, encode(other, foreign), truncated, nul)));

    assertThat(refused.status()).as(refused.text()).isEqualTo(422);
    assertThat(refused.type()).startsWith("application/problem+json");
    JsonNode problem = JSON.readTree(refused.body());
    assertThat(problem.path("type").asString()).startsWith("urn:hutong:problem:");
    List<String> errors = new ArrayList<>();
    problem
        .path("errors")
        .forEach(e -> errors.add(e.path("index").asInt() + ":" + e.path("field").asString()));
    assertThat(errors).hasSize(3);
    assertThat(errors.get(0)).isEqualTo("1:(value)"); // not a version of this dataset
    assertThat(errors.get(1)).startsWith("2:"); // ends early
    assertThat(errors.get(2)).isEqualTo("3:husbandName"); // NUL in text

    String id = subscribe(code);
    assertThat(JSON.readTree(fetch(id, "application/json").body()).path("records").size()).isZero();
  }

  @Test
  void bodiesThatAreNoUncompressedAvroContainerAre400Problems() throws Exception {
    String code = datasetAnnounced(DatasetStatus.ACTIVE);
    Raw garbage = publishAvro(code, "{\"records\":[]}".getBytes(StandardCharsets.UTF_8));
    Raw deflated =
        publishAvro(
            code, container(List.of(marriage("D", "a", "b", null)), CodecFactory.deflateCodec(9)));

    for (Raw refused : List.of(garbage, deflated)) {
      assertThat(refused.status()).as(refused.text()).isEqualTo(400);
      assertThat(refused.type()).startsWith("application/problem+json");
      assertThat(JSON.readTree(refused.body()).path("type").asString())
          .startsWith("urn:hutong:problem:");
    }
    assertThat(deflated.text()).contains("uncompressed");
  }

  @Test
  void aRefusedFetchIsAProblemWhateverTheClientAccepts() throws Exception {
    for (String accept : List.of(AvroBatches.CONTENT_TYPE, "application/x-ndjson")) {
      Raw missing = fetch("7d1c4a52-1b8e-4d39-9a38-0c1f4d2e3b6a", accept);
      assertThat(missing.status()).as(accept).isEqualTo(404);
      assertThat(missing.type()).startsWith("application/problem+json");
    }
  }

  // ---------------------------------------------------------------- helpers

  static GenericRecord marriage(String cert, String husband, String wife, String district) {
    GenericRecord r = new GenericData.Record(SCHEMA);
    r.put("certificateNo", cert);
    r.put("husbandName", husband);
    r.put("wifeName", wife);
    r.put("district", district);
    return r;
  }

  static byte[] encode(Schema schema, GenericRecord record) throws Exception {
    ByteBuffer buffer =
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record);
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }

  static byte[] container(List<GenericRecord> values, CodecFactory codec) throws Exception {
    List<byte[]> encoded = new ArrayList<>();
    for (GenericRecord value : values) {
      encoded.add(encode(SCHEMA, value));
    }
    return rawContainer(encoded, codec);
  }

  static byte[] rawContainer(List<byte[]> values) throws Exception {
    return rawContainer(values, null);
  }

  static byte[] rawContainer(List<byte[]> values, CodecFactory codec) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DataFileWriter<GenericRecord> writer =
        new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(AvroBatches.PUBLISHED))) {
      if (codec != null) {
        writer.setCodec(codec);
      }
      writer.create(AvroBatches.PUBLISHED, out);
      for (int i = 0; i < values.size(); i++) {
        byte[] value = values.get(i);
        GenericRecord envelope = new GenericData.Record(AvroBatches.PUBLISHED);
        envelope.put("key", "K-" + i);
        envelope.put("headers", Map.of("source", "test"));
        envelope.put("value", ByteBuffer.wrap(value));
        writer.append(envelope);
      }
    }
    return out.toByteArray();
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

  private Raw publishAvro(String code, byte[] body) throws Exception {
    return call(
        CIVIL_AFFAIRS_SYSTEM,
        HttpRequest.newBuilder(
                URI.create(
                    "http://localhost:" + port + "/api/exchange/v1/datasets/" + code + "/records"))
            .header("Content-Type", AvroBatches.CONTENT_TYPE)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  private Raw fetch(String id, String accept) throws Exception {
    return call(
        PUBLIC_SECURITY_SYSTEM,
        HttpRequest.newBuilder(
                URI.create(
                    "http://localhost:"
                        + port
                        + "/api/exchange/v1/subscriptions/"
                        + id
                        + "/records?max=100&waitMs=3000"))
            .header("Accept", accept)
            .GET());
  }

  private Raw call(LocalIdentity who, HttpRequest.Builder request) throws Exception {
    HttpResponse<byte[]> r =
        http.send(
            request
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + tokens.accessToken(who))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    return new Raw(
        r.statusCode(),
        r.headers().firstValue("Content-Type").orElse(""),
        r.headers().firstValue("Hutong-Cursor").orElse(null),
        r.body());
  }
}
