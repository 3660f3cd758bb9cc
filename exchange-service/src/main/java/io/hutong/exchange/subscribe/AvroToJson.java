package io.hutong.exchange.subscribe;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Turns a stored record back into natural JSON values — the inverse of what publishers send — and
 * keeps only the granted top-level fields: nothing else leaves the exchange.
 */
public final class AvroToJson {

  private AvroToJson() {}

  /**
   * The granted fields of {@code record}, in schema order; fields the version lacks are omitted.
   */
  public static Map<String, Object> project(GenericRecord record, Collection<String> granted) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Schema.Field field : record.getSchema().getFields()) {
      if (granted.contains(field.name())) {
        out.put(field.name(), value(record.get(field.pos()), field.schema()));
      }
    }
    return out;
  }

  public static Object value(Object value, Schema schema) {
    if (value == null) {
      return null;
    }
    switch (schema.getType()) {
      case UNION -> {
        int branch = GenericData.get().resolveUnion(schema, value);
        return value(value, schema.getTypes().get(branch));
      }
      case RECORD -> {
        GenericRecord record = (GenericRecord) value;
        Map<String, Object> out = new LinkedHashMap<>();
        for (Schema.Field field : schema.getFields()) {
          out.put(field.name(), value(record.get(field.pos()), field.schema()));
        }
        return out;
      }
      case ARRAY -> {
        List<Object> out = new ArrayList<>();
        for (Object item : (Collection<?>) value) {
          out.add(value(item, schema.getElementType()));
        }
        return out;
      }
      case MAP -> {
        Map<String, Object> out = new LinkedHashMap<>();
        ((Map<?, ?>) value)
            .forEach((k, v) -> out.put(k.toString(), value(v, schema.getValueType())));
        return out;
      }
      case STRING, ENUM -> {
        return value.toString();
      }
      case BYTES -> {
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
      }
      case FIXED -> {
        return Base64.getEncoder().encodeToString(((GenericData.Fixed) value).bytes());
      }
      case INT -> {
        return logical(schema, "date") ? LocalDate.ofEpochDay((Integer) value).toString() : value;
      }
      case LONG -> {
        if (logical(schema, "timestamp-millis")) {
          return Instant.ofEpochMilli((Long) value).toString();
        }
        if (logical(schema, "timestamp-micros")) {
          return Instant.EPOCH.plus((Long) value, ChronoUnit.MICROS).toString();
        }
        return value;
      }
      default -> {
        return value;
      }
    }
  }

  private static boolean logical(Schema schema, String name) {
    LogicalType type = schema.getLogicalType();
    return type != null && type.getName().equals(name);
  }
}
