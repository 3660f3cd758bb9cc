package io.hutong.exchange.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class JsonToAvroTest {

  static final Schema SCHEMA =
      new Schema.Parser()
          .parse(
              """
              {"type":"record","name":"Marriage","fields":[
                {"name":"certificateNo","type":"string"},
                {"name":"registeredOn","type":{"type":"int","logicalType":"date"}},
                {"name":"recordedAt","type":{"type":"long","logicalType":"timestamp-micros"}},
                {"name":"district","type":["null","string"],"default":null},
                {"name":"children","type":"int","default":0},
                {"name":"status","type":{"type":"enum","name":"Status","symbols":["MARRIED","DIVORCED"]}},
                {"name":"witnesses","type":{"type":"array","items":"string"},"default":[]}
              ]}
              """);
  static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void naturalJsonBecomesAnAvroRecord() {
    List<JsonToAvro.FieldError> errors = new ArrayList<>();
    GenericRecord record =
        JsonToAvro.convert(
            JSON.readTree(
                """
                {"certificateNo":"J440-2026-1","registeredOn":"2026-11-21",
                 "recordedAt":"2026-11-21T02:03:04.000005Z","district":"天河区","status":"MARRIED"}
                """),
            SCHEMA,
            0,
            errors);

    assertThat(errors).isEmpty();
    assertThat(record.get("certificateNo")).hasToString("J440-2026-1");
    assertThat(record.get("registeredOn")).isEqualTo(20_778);
    assertThat(record.get("recordedAt")).isEqualTo(1_795_226_584_000_005L);
    assertThat(record.get("district")).hasToString("天河区");
    assertThat(record.get("children")).isEqualTo(0);
    assertThat(record.get("witnesses")).asList().isEmpty();
  }

  @Test
  void anOptionalFieldMayBeNullOrAbsentButNotWrapped() {
    List<JsonToAvro.FieldError> errors = new ArrayList<>();
    JsonToAvro.convert(
        JSON.readTree(
            "{\"certificateNo\":\"x\",\"registeredOn\":1,\"recordedAt\":1,\"district\":null,\"status\":\"DIVORCED\"}"),
        SCHEMA,
        0,
        errors);
    assertThat(errors).isEmpty();

    JsonToAvro.convert(
        JSON.readTree(
            "{\"certificateNo\":\"x\",\"registeredOn\":1,\"recordedAt\":1,\"district\":{\"string\":\"a\"},\"status\":\"DIVORCED\"}"),
        SCHEMA,
        3,
        errors);
    assertThat(errors).extracting(JsonToAvro.FieldError::field).containsExactly("district");
    assertThat(errors.getFirst().index()).isEqualTo(3);
  }

  @Test
  void everyBadFieldIsReportedWithItsPathAndReason() {
    List<JsonToAvro.FieldError> errors = new ArrayList<>();
    GenericRecord record =
        JsonToAvro.convert(
            JSON.readTree(
                """
                {"registeredOn":"21/11/2026","recordedAt":true,"status":"WIDOWED",
                 "children":2.5,"witnesses":["a",3],"colour":"red"}
                """),
            SCHEMA,
            7,
            errors);

    assertThat(record).isNull();
    assertThat(errors)
        .extracting(e -> e.field() + ": " + e.reason())
        .containsExactlyInAnyOrder(
            "certificateNo: is required",
            "registeredOn: must be a date like 2026-11-21",
            "recordedAt: must be an ISO-8601 instant",
            "status: must be one of [MARRIED, DIVORCED]",
            "children: must be a 32-bit integer",
            "witnesses[1]: must be a string",
            "colour: is not a field of the schema");
    assertThat(errors).allMatch(e -> e.index() == 7);
  }

  @Test
  void aValueThatIsNotAnObjectIsRefused() {
    List<JsonToAvro.FieldError> errors = new ArrayList<>();
    assertThat(JsonToAvro.convert(JSON.readTree("[1,2]"), SCHEMA, 0, errors)).isNull();
    assertThat(JsonToAvro.convert(null, SCHEMA, 1, errors)).isNull();
    assertThat(errors).hasSize(2);
  }

  @Test
  void theBytesWrittenAreExactlyAvrosOwnEncodingOfTheRecord() throws Exception {
    List<JsonToAvro.FieldError> errors = new ArrayList<>();
    io.hutong.exchange.avro.ByteSink sink = new io.hutong.exchange.avro.ByteSink();
    boolean written =
        JsonToAvro.write(
            JSON.readTree(
                """
                {"status":"DIVORCED","witnesses":["王五","赵六"],"certificateNo":"J440-2026-2",
                 "registeredOn":"2026-11-21","recordedAt":1795226584000005,"district":"越秀区"}
                """),
            SCHEMA,
            0,
            errors,
            sink);

    org.apache.avro.generic.GenericData.Record expected =
        new org.apache.avro.generic.GenericData.Record(SCHEMA);
    expected.put("certificateNo", "J440-2026-2");
    expected.put("registeredOn", 20_778);
    expected.put("recordedAt", 1_795_226_584_000_005L);
    expected.put("district", "越秀区");
    expected.put("children", 0);
    expected.put(
        "status",
        new org.apache.avro.generic.GenericData.EnumSymbol(
            SCHEMA.getField("status").schema(), "DIVORCED"));
    expected.put("witnesses", List.of("王五", "赵六"));
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    org.apache.avro.io.BinaryEncoder encoder =
        org.apache.avro.io.EncoderFactory.get().binaryEncoder(bytes, null);
    new org.apache.avro.generic.GenericDatumWriter<GenericRecord>(SCHEMA).write(expected, encoder);
    encoder.flush();

    assertThat(written).isTrue();
    assertThat(errors).isEmpty();
    assertThat(sink.toByteArray()).isEqualTo(bytes.toByteArray());
  }

  @Test
  void aRefusedRecordLeavesNothingInTheSink() {
    List<JsonToAvro.FieldError> errors = new ArrayList<>();
    io.hutong.exchange.avro.ByteSink sink = new io.hutong.exchange.avro.ByteSink();
    sink.write(new byte[] {1, 2, 3}, 0, 3);

    boolean written =
        JsonToAvro.write(
            JSON.readTree("{\"certificateNo\":\"x\",\"registeredOn\":\"not a date\"}"),
            SCHEMA,
            4,
            errors,
            sink);

    assertThat(written).isFalse();
    assertThat(sink.length()).isEqualTo(3);
    assertThat(errors)
        .extracting(JsonToAvro.FieldError::field)
        .contains("registeredOn", "recordedAt", "status");
  }
}
