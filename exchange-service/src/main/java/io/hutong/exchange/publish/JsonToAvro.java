package io.hutong.exchange.publish;

import io.hutong.service.web.JsonInputGuard;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import tools.jackson.databind.JsonNode;

/**
 * Reads a record value written as natural JSON — an optional field is a plain value or null, not
 * Avro's {@code {"string": …}} union wrapper; dates and timestamps may be ISO-8601 text — into an
 * Avro record of the dataset's schema, collecting an error per offending field instead of stopping
 * at the first.
 */
public final class JsonToAvro {

  private JsonToAvro() {}

  /** One field-level problem of one record. */
  public record FieldError(int index, String field, String reason) {}

  /** The record, or null when {@code errors} received at least one problem for it. */
  public static GenericRecord convert(
      JsonNode value, Schema schema, int index, List<FieldError> errors) {
    int before = errors.size();
    Object converted = read(value, schema, "", index, errors);
    return errors.size() == before ? (GenericRecord) converted : null;
  }

  private static Object read(
      JsonNode node, Schema schema, String path, int index, List<FieldError> errors) {
    String field = path.isEmpty() ? "(value)" : path;
    switch (schema.getType()) {
      case RECORD -> {
        if (node == null || !node.isObject()) {
          errors.add(new FieldError(index, field, "must be an object"));
          return null;
        }
        GenericData.Record record = new GenericData.Record(schema);
        Set<String> known = new HashSet<>();
        for (Schema.Field f : schema.getFields()) {
          known.add(f.name());
          String childPath = path.isEmpty() ? f.name() : path + "." + f.name();
          JsonNode child = node.get(f.name());
          if (child == null || child.isMissingNode()) {
            if (f.hasDefaultValue()) {
              record.put(f.pos(), GenericData.get().getDefaultValue(f));
            } else if (f.schema().isNullable()) {
              record.put(f.pos(), null);
            } else {
              errors.add(new FieldError(index, childPath, "is required"));
            }
            continue;
          }
          record.put(f.pos(), read(child, f.schema(), childPath, index, errors));
        }
        for (var names = node.propertyNames().iterator(); names.hasNext(); ) {
          String name = names.next();
          if (!known.contains(name)) {
            errors.add(
                new FieldError(
                    index,
                    path.isEmpty() ? name : path + "." + name,
                    "is not a field of the schema"));
          }
        }
        return record;
      }
      case UNION -> {
        if (node == null || node.isNull()) {
          if (schema.isNullable()) {
            return null;
          }
          errors.add(new FieldError(index, field, "must not be null"));
          return null;
        }
        List<String> tried = new ArrayList<>();
        for (Schema branch : schema.getTypes()) {
          if (branch.getType() == Schema.Type.NULL) {
            continue;
          }
          List<FieldError> attempt = new ArrayList<>();
          Object value = read(node, branch, path, index, attempt);
          if (attempt.isEmpty()) {
            return value;
          }
          tried.add(describe(branch));
        }
        errors.add(
            new FieldError(
                index,
                field,
                "must be " + String.join(" or ", tried) + (schema.isNullable() ? " or null" : "")));
        return null;
      }
      case NULL -> {
        if (node != null && !node.isNull()) {
          errors.add(new FieldError(index, field, "must be null"));
        }
        return null;
      }
      case STRING -> {
        if (node == null || !node.isString()) {
          errors.add(new FieldError(index, field, "must be a string"));
          return null;
        }
        String text = node.asString();
        if (JsonInputGuard.isRefused(text)) {
          errors.add(
              new FieldError(
                  index,
                  field,
                  "must not contain NUL, other control characters or unpaired surrogates"));
          return null;
        }
        if (isLogical(schema, "uuid")) {
          try {
            UUID.fromString(text);
          } catch (IllegalArgumentException e) {
            errors.add(new FieldError(index, field, "must be a UUID"));
            return null;
          }
        }
        return text;
      }
      case INT -> {
        if (isLogical(schema, "date") && node != null && node.isString()) {
          try {
            return (int) LocalDate.parse(node.asString()).toEpochDay();
          } catch (DateTimeParseException e) {
            errors.add(new FieldError(index, field, "must be a date like 2026-11-21"));
            return null;
          }
        }
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()) {
          errors.add(
              new FieldError(
                  index,
                  field,
                  isLogical(schema, "date")
                      ? "must be a date like 2026-11-21"
                      : "must be a 32-bit integer"));
          return null;
        }
        return node.asInt();
      }
      case LONG -> {
        boolean millis =
            isLogical(schema, "timestamp-millis") || isLogical(schema, "local-timestamp-millis");
        boolean micros =
            isLogical(schema, "timestamp-micros") || isLogical(schema, "local-timestamp-micros");
        if ((millis || micros) && node != null && node.isString()) {
          try {
            Instant instant = Instant.parse(node.asString());
            return millis
                ? instant.toEpochMilli()
                : ChronoUnit.MICROS.between(Instant.EPOCH, instant);
          } catch (DateTimeParseException e) {
            errors.add(new FieldError(index, field, "must be an ISO-8601 instant"));
            return null;
          }
        }
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
          errors.add(
              new FieldError(
                  index,
                  field,
                  millis || micros ? "must be an ISO-8601 instant" : "must be an integer"));
          return null;
        }
        return node.asLong();
      }
      case FLOAT, DOUBLE -> {
        if (node == null || !node.isNumber()) {
          errors.add(new FieldError(index, field, "must be a number"));
          return null;
        }
        return schema.getType() == Schema.Type.FLOAT
            ? (Object) node.floatValue()
            : node.doubleValue();
      }
      case BOOLEAN -> {
        if (node == null || !node.isBoolean()) {
          errors.add(new FieldError(index, field, "must be true or false"));
          return null;
        }
        return node.asBoolean();
      }
      case ENUM -> {
        if (node == null
            || !node.isString()
            || !schema.getEnumSymbols().contains(node.asString())) {
          errors.add(new FieldError(index, field, "must be one of " + schema.getEnumSymbols()));
          return null;
        }
        return new GenericData.EnumSymbol(schema, node.asString());
      }
      case BYTES, FIXED -> {
        try {
          byte[] bytes =
              node == null || !node.isString() ? null : Base64.getDecoder().decode(node.asString());
          if (bytes == null) {
            errors.add(new FieldError(index, field, "must be base64 text"));
            return null;
          }
          if (schema.getType() == Schema.Type.FIXED) {
            if (bytes.length != schema.getFixedSize()) {
              errors.add(
                  new FieldError(index, field, "must be " + schema.getFixedSize() + " bytes"));
              return null;
            }
            return new GenericData.Fixed(schema, bytes);
          }
          return ByteBuffer.wrap(bytes);
        } catch (IllegalArgumentException e) {
          errors.add(new FieldError(index, field, "must be base64 text"));
          return null;
        }
      }
      case ARRAY -> {
        if (node == null || !node.isArray()) {
          errors.add(new FieldError(index, field, "must be an array"));
          return null;
        }
        List<Object> items = new ArrayList<>(node.size());
        int i = 0;
        for (JsonNode item : node) {
          items.add(read(item, schema.getElementType(), field + "[" + i++ + "]", index, errors));
        }
        return items;
      }
      case MAP -> {
        if (node == null || !node.isObject()) {
          errors.add(new FieldError(index, field, "must be an object"));
          return null;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (var names = node.propertyNames().iterator(); names.hasNext(); ) {
          String name = names.next();
          map.put(
              name, read(node.get(name), schema.getValueType(), field + "." + name, index, errors));
        }
        return map;
      }
      default -> {
        errors.add(new FieldError(index, field, "has an unsupported type " + schema.getType()));
        return null;
      }
    }
  }

  private static boolean isLogical(Schema schema, String name) {
    LogicalType logical = schema.getLogicalType();
    return logical != null && logical.getName().equals(name);
  }

  private static String describe(Schema schema) {
    return switch (schema.getType()) {
      case RECORD -> "an object";
      case ARRAY -> "an array";
      case MAP -> "an object";
      case ENUM -> "one of " + schema.getEnumSymbols();
      case INT, LONG -> "an integer";
      case FLOAT, DOUBLE -> "a number";
      case BOOLEAN -> "true or false";
      default -> "a " + schema.getType().getName();
    };
  }
}
