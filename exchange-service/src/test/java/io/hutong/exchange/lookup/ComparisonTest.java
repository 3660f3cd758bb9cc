package io.hutong.exchange.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hutong.service.failure.Refusal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.avro.Schema;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The verification rules, type by type, as the API description states them. */
class ComparisonTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void stringsMatchAfterNfcNormalisationAndOtherwiseExactly() {
    Schema string = Schema.create(Schema.Type.STRING);
    assertThat(matches(string, new Utf8("José"), "\"Jose\u0301\"")).isTrue();
    assertThat(matches(string, new Utf8("张三"), "\"张三\"")).isTrue();
    assertThat(matches(string, new Utf8("张三"), "\"张三 \"")).isFalse();
    assertThat(matches(string, new Utf8("Zoë"), "\"zoë\"")).isFalse();
  }

  @Test
  void numbersMatchByValue() {
    assertThat(matches(Schema.create(Schema.Type.INT), 42, "42.0")).isTrue();
    assertThat(matches(Schema.create(Schema.Type.LONG), 7_000_000_000L, "7000000000")).isTrue();
    assertThat(matches(Schema.create(Schema.Type.DOUBLE), 1.5d, "1.50")).isTrue();
    assertThat(matches(Schema.create(Schema.Type.DOUBLE), 0.1d, "0.1")).isTrue();
    assertThat(matches(Schema.create(Schema.Type.FLOAT), 2.25f, "2.25")).isTrue();
    assertThat(matches(Schema.create(Schema.Type.INT), 42, "43")).isFalse();
  }

  @Test
  void datesAndInstantsMatchByValue() {
    Schema date = new Schema.Parser().parse("{\"type\":\"int\",\"logicalType\":\"date\"}");
    int leapDay = (int) LocalDate.parse("2024-02-29").toEpochDay();
    assertThat(matches(date, leapDay, "\"2024-02-29\"")).isTrue();
    assertThat(matches(date, leapDay, "\"2024-03-01\"")).isFalse();
    Schema micros =
        new Schema.Parser().parse("{\"type\":\"long\",\"logicalType\":\"timestamp-micros\"}");
    long at = Instant.parse("2026-01-02T03:04:05Z").toEpochMilli() * 1000;
    assertThat(matches(micros, at, "\"2026-01-02T03:04:05.000Z\"")).isTrue();
    assertThat(matches(micros, at, "\"2026-01-02T03:04:06Z\"")).isFalse();
  }

  @Test
  void nullMatchesOnlyAStoredNullOfAnOptionalField() {
    Schema optional = new Schema.Parser().parse("[\"null\",\"string\"]");
    assertThat(matches(optional, null, "null")).isTrue();
    assertThat(matches(optional, new Utf8("x"), "null")).isFalse();
    assertThat(matches(optional, null, "\"x\"")).isFalse();
    assertThat(matches(optional, new Utf8("x"), "\"x\"")).isTrue();
  }

  @Test
  void booleansAndBytesMatchExactly() {
    assertThat(matches(Schema.create(Schema.Type.BOOLEAN), true, "true")).isTrue();
    assertThat(matches(Schema.create(Schema.Type.BOOLEAN), true, "false")).isFalse();
    assertThat(
            matches(
                Schema.create(Schema.Type.BYTES), ByteBuffer.wrap(new byte[] {1, 2}), "\"AQI=\""))
        .isTrue();
  }

  @Test
  void aHeldValueOfTheWrongTypeOrACompoundFieldIsRefusedNotAMismatch() {
    assertThatThrownBy(() -> matches(Schema.create(Schema.Type.STRING), new Utf8("x"), "42"))
        .isInstanceOf(Refusal.class)
        .hasMessageContaining("must be a string");
    Schema date = new Schema.Parser().parse("{\"type\":\"int\",\"logicalType\":\"date\"}");
    assertThatThrownBy(() -> matches(date, 1, "\"29.02.2024\""))
        .isInstanceOf(Refusal.class)
        .hasMessageContaining("ISO date");
    assertThatThrownBy(
            () -> matches(Schema.create(Schema.Type.STRING), new Utf8("x"), "\"a\\u0000b\""))
        .isInstanceOf(Refusal.class)
        .hasMessageContaining("control characters");
    Schema array = new Schema.Parser().parse("{\"type\":\"array\",\"items\":\"string\"}");
    assertThatThrownBy(() -> matches(array, java.util.List.of(), "[]"))
        .isInstanceOf(Refusal.class)
        .hasMessageContaining("can be verified")
        .satisfies(e -> assertThat(((Refusal) e).kind()).isEqualTo(Refusal.Kind.UNPROCESSABLE));
  }

  private static boolean matches(Schema schema, Object stored, String held) {
    JsonNode node = JSON.readTree(held);
    return Comparison.matches("field", schema, stored, node);
  }
}
