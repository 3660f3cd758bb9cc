package io.hutong.exchange.quality;

import io.hutong.exchange.view.CatalogView;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Reads the fields of a published record (single-object encoded Avro) the way standards and
 * completeness look at them: as the publisher wrote them in JSON — text, a number, a boolean, an
 * ISO date or instant — not as Avro's internal forms. Used on the publish path (reject mode) and by
 * the measuring of every committed record, so both judge a value alike.
 */
@org.springframework.stereotype.Component
public final class RecordValues {

  /** Bytes before the Avro body of a single-object encoded value: marker and fingerprint. */
  private static final int HEADER = 10;

  private final Map<Long, GenericDatumReader<GenericRecord>> readers = new ConcurrentHashMap<>();

  /** The record in {@code value} written with {@code writer}; null when it cannot be read. */
  public GenericRecord decode(CatalogView.SchemaVersion writer, byte[] value) {
    if (value == null || value.length < HEADER) {
      return null;
    }
    GenericDatumReader<GenericRecord> reader =
        readers.computeIfAbsent(
            writer.fingerprint(), f -> new GenericDatumReader<>(writer.schema()));
    BinaryDecoder decoder =
        DecoderFactory.get().binaryDecoder(value, HEADER, value.length - HEADER, null);
    try {
      return reader.read(null, decoder);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Field {@code name} of {@code record} as published: null when absent or null, text for strings
   * and enum symbols, an ISO date or instant for the date and timestamp logical types, else the
   * number or boolean.
   */
  public static Object published(GenericRecord record, String name) {
    Schema.Field field = record.getSchema().getField(name);
    if (field == null) {
      return null;
    }
    return published(record.get(field.pos()), field.schema());
  }

  static Object published(Object value, Schema schema) {
    if (value == null) {
      return null;
    }
    Schema actual =
        schema.getType() == Schema.Type.UNION
            ? schema.getTypes().get(GenericData.get().resolveUnion(schema, value))
            : schema;
    LogicalType logical = actual.getLogicalType();
    if (logical instanceof LogicalTypes.Date && value instanceof Integer days) {
      return LocalDate.ofEpochDay(days).toString();
    }
    if (logical instanceof LogicalTypes.TimestampMillis && value instanceof Long millis) {
      return Instant.ofEpochMilli(millis).toString();
    }
    if (logical instanceof LogicalTypes.TimestampMicros && value instanceof Long micros) {
      return Instant.EPOCH.plusNanos(micros * 1_000).toString();
    }
    if (value instanceof CharSequence || value instanceof GenericData.EnumSymbol) {
      return value.toString();
    }
    return value;
  }

  /**
   * Whether a field counts as empty for completeness: absent, null, blank text, or an empty array,
   * map or byte string.
   */
  public static boolean isEmpty(GenericRecord record, String name) {
    Schema.Field field = record.getSchema().getField(name);
    return field == null || isEmptyValue(record.get(field.pos()));
  }

  /** Whether a decoded field value counts as empty: null, blank text, an empty collection. */
  public static boolean isEmptyValue(Object value) {
    return value == null
        || (value instanceof org.apache.avro.util.Utf8 utf8 && blank(utf8))
        || (value instanceof CharSequence text
            && !(value instanceof org.apache.avro.util.Utf8)
            && text.toString().isBlank())
        || (value instanceof Collection<?> list && list.isEmpty())
        || (value instanceof Map<?, ?> map && map.isEmpty())
        || (value instanceof ByteBuffer bytes && !bytes.hasRemaining());
  }

  /** Blank without building a String: only ASCII whitespace is checked byte-wise, else decoded. */
  private static boolean blank(org.apache.avro.util.Utf8 text) {
    byte[] bytes = text.getBytes();
    int length = text.getByteLength();
    for (int i = 0; i < length; i++) {
      byte b = bytes[i];
      if (b < 0) {
        return text.toString().isBlank();
      }
      if (b != ' ' && (b < 9 || b > 13) && (b < 0x1c || b > 0x1f)) {
        return false;
      }
    }
    return true;
  }
}
