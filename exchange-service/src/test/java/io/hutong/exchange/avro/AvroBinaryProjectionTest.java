package io.hutong.exchange.avro;

import static io.hutong.exchange.avro.AvroBinaryFixtures.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hutong.exchange.avro.AvroBinary.Invalid;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class AvroBinaryProjectionTest {

  @Test
  void projectedBytesDecodeToTheGrantedFieldsOfTheOriginal() {
    Random random = new Random(3);
    ByteSink sink = new ByteSink(8);
    for (int i = 0; i < 2000; i++) {
      GenericRecord record = AvroBinaryFixtures.record(random);
      List<String> granted = AvroBinaryFixtures.granted(random);
      Projection projection = new Projection(SCHEMA, granted);
      Schema projected = projection.projected();
      for (boolean blocking : new boolean[] {false, true}) {
        byte[] data = AvroBinaryFixtures.encode(record, SCHEMA, blocking);
        byte[] framed = new byte[data.length + 12];
        System.arraycopy(data, 0, framed, 10, data.length);
        sink.reset();
        sink.write(new byte[] {(byte) 0xC3, 0x01}, 0, 2); // whatever came before stays
        assertThat(projection.copy(framed, 10, sink)).isEqualTo(10 + data.length);
        byte[] copied = Arrays.copyOfRange(sink.array(), 2, sink.length());

        GenericRecord decoded = AvroBinaryFixtures.decode(projected, copied);
        assertThat(new Validator(projected).validate(copied, 0)).isEqualTo(copied.length);
        for (Schema.Field field : projected.getFields()) {
          assertThat(plain(decoded.get(field.name())))
              .as(field.name())
              .isEqualTo(plain(record.get(field.name())));
        }
        if (!blocking) {
          assertThat(copied)
              .as("the same bytes the projected schema's writer gives")
              .isEqualTo(
                  AvroBinaryFixtures.encode(restricted(record, projected), projected, false));
        }
      }
    }
  }

  @Test
  void theProjectedSchemaKeepsGrantedFieldsInWriterOrderWithTheirMetadata() {
    Projection projection =
        new Projection(SCHEMA, List.of("verified", "district", "certificateNo", "unknown"));
    Schema projected = projection.projected();
    assertThat(projection.identity()).isFalse();
    assertThat(projected.getFullName()).isEqualTo("io.hutong.test.Marriage");
    assertThat(projected.getNamespace()).isEqualTo("io.hutong.test");
    assertThat(projected.getDoc()).isEqualTo("A marriage.");
    assertThat(projected.getAliases()).containsExactly("io.hutong.test.Wedding");
    assertThat(projected.getFields())
        .extracting(Schema.Field::name)
        .containsExactly("certificateNo", "district", "verified");
    assertThat(projected.getField("certificateNo").doc()).isEqualTo("The certificate's number.");
    assertThat(projected.getField("district").aliases()).containsExactly("area");
    assertThat(projected.getField("district").hasDefaultValue()).isTrue();
    assertThat(projected.getField("district").defaultVal()).isEqualTo(JsonPropertiesNull());
    assertThat(projected.getField("verified").defaultVal()).isEqualTo(false);
    assertThat(projected.getField("district").schema())
        .isEqualTo(SCHEMA.getField("district").schema());
  }

  @Test
  void grantingEveryFieldIsTheIdentity() {
    Projection projection = new Projection(SCHEMA, AvroBinaryFixtures.FIELDS);
    assertThat(projection.identity()).isTrue();
    assertThat(projection.projected()).isEqualTo(SCHEMA);
    byte[] data = AvroBinaryFixtures.plain(AvroBinaryFixtures.record(new Random(4)));
    ByteSink sink = new ByteSink();
    projection.copy(data, 0, sink);
    assertThat(sink.toByteArray()).isEqualTo(data);
  }

  @Test
  void grantingNothingCopiesNothingButStillFindsTheEnd() {
    Projection projection = new Projection(SCHEMA, List.of());
    byte[] data = AvroBinaryFixtures.blocked(AvroBinaryFixtures.record(new Random(5)));
    ByteSink sink = new ByteSink();
    assertThat(projection.copy(data, 0, sink)).isEqualTo(data.length);
    assertThat(sink.length()).isZero();
    assertThat(projection.projected().getFields()).isEmpty();
  }

  @Test
  void truncatedRecordsAreRefusedWithTheField() {
    Projection projection = new Projection(SCHEMA, List.of("certificateNo"));
    byte[] data = AvroBinaryFixtures.plain(AvroBinaryFixtures.record(new Random(6)));
    byte[] cut = Arrays.copyOf(data, data.length - 1); // "nothing" is empty: "previous" ends early
    Invalid invalid =
        catchThrowableOfType(Invalid.class, () -> projection.copy(cut, 0, new ByteSink()));
    assertThat(invalid.field()).isEqualTo("previous");
    assertThat(invalid.reason()).isEqualTo("data ends early");
  }

  private static Object JsonPropertiesNull() {
    return org.apache.avro.JsonProperties.NULL_VALUE;
  }

  /** A value as plain Java objects: strings for text, sorted maps, hex for bytes. */
  private static Object plain(Object value) {
    if (value instanceof CharSequence || value instanceof GenericData.EnumSymbol) {
      return value.toString();
    }
    if (value instanceof ByteBuffer buffer) {
      byte[] bytes = new byte[buffer.remaining()];
      buffer.duplicate().get(bytes);
      return HexFormat.of().formatHex(bytes);
    }
    if (value instanceof GenericData.Fixed fixed) {
      return HexFormat.of().formatHex(fixed.bytes());
    }
    if (value instanceof GenericRecord record) {
      Map<String, Object> out = new LinkedHashMap<>();
      record.getSchema().getFields().forEach(f -> out.put(f.name(), plain(record.get(f.pos()))));
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new TreeMap<>();
      map.forEach((k, v) -> out.put(k.toString(), plain(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(AvroBinaryProjectionTest::plain).toList();
    }
    return value;
  }

  private static GenericRecord restricted(GenericRecord record, Schema projected) {
    GenericRecord out = new GenericData.Record(projected);
    for (Schema.Field field : projected.getFields()) {
      out.put(field.name(), record.get(field.name()));
    }
    return out;
  }
}
