package io.hutong.exchange.subscribe;

import static io.hutong.exchange.avro.AvroBinaryFixtures.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.exchange.avro.AvroBinaryFixtures;
import io.hutong.exchange.avro.JsonWriter;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The binary JSON writer against {@link AvroToJson}, which renders decoded records: both must give
 * the same JSON for the same record and grant.
 */
class AvroBinaryJsonTest {

  static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void writesWhatAvroToJsonWritesForDecodedRecords() {
    Random random = new Random(7);
    for (int i = 0; i < 2000; i++) {
      GenericRecord record = AvroBinaryFixtures.record(random);
      List<String> granted = AvroBinaryFixtures.granted(random);
      JsonWriter writer = new JsonWriter(SCHEMA, granted);
      for (boolean blocking : new boolean[] {false, true}) {
        byte[] data = AvroBinaryFixtures.encode(record, SCHEMA, blocking);
        GenericRecord decoded = AvroBinaryFixtures.decode(SCHEMA, data);
        JsonNode expected =
            JSON.readTree(JSON.writeValueAsString(AvroToJson.project(decoded, granted)));

        assertThat(JSON.readTree(text(writer, data))).isEqualTo(expected);
        assertThat(JSON.readTree(utf8(writer, data))).isEqualTo(expected);
      }
    }
  }

  @Test
  void writesNaturalJsonForAKnownRecord() {
    GenericRecord record = AvroBinaryFixtures.record(new Random(8));
    record.put("district", null);
    record.put("registeredOn", 20413);
    record.put("recordedAt", 1_763_690_584_000_005L);
    record.put("notifiedAt", 1_763_690_584_123L);
    record.put("scan", java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3, 4}));
    record.put("ratio", 1.5f);
    record.put("witnesses", List.of("甲", "乙"));
    byte[] data = AvroBinaryFixtures.plain(record);
    JsonWriter writer =
        new JsonWriter(
            SCHEMA,
            List.of(
                "district",
                "registeredOn",
                "recordedAt",
                "notifiedAt",
                "scan",
                "ratio",
                "witnesses"));

    assertThat(text(writer, data))
        .isEqualTo(
            "{\"district\":null,\"registeredOn\":\"2025-11-21\","
                + "\"recordedAt\":\"2025-11-21T02:03:04.000005Z\","
                + "\"notifiedAt\":\"2025-11-21T02:03:04.123Z\",\"witnesses\":[\"甲\",\"乙\"],"
                + "\"scan\":\"AQIDBA==\",\"ratio\":1.5}");
  }

  private static String text(JsonWriter writer, byte[] data) {
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = JSON.createGenerator(out)) {
      assertThat(writer.write(data, 0, generator)).isEqualTo(data.length);
    }
    return out.toString();
  }

  private static String utf8(JsonWriter writer, byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator generator = JSON.createGenerator(out)) {
      assertThat(writer.write(data, 0, generator)).isEqualTo(data.length);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
