package io.hutong.exchange.publish;

import io.hutong.exchange.avro.ByteSink;
import io.hutong.service.web.JsonInputGuard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import tools.jackson.databind.JsonNode;

/**
 * Writes a record value sent as natural JSON — an optional field is a plain value or null, not
 * Avro's {@code {"string": …}} union wrapper; dates and timestamps may be ISO-8601 text — straight
 * into the Avro binary encoding of the dataset's schema, collecting an error per offending field
 * instead of stopping at the first. No Avro objects are built on the way: publishing is the hot
 * path, and the binary datum is all Kafka receives.
 */
public final class JsonToAvro {

  private JsonToAvro() {}

  /** One field-level problem of one record. */
  public record FieldError(int index, String field, String reason) {}

  /** Encoded defaults of fields, by field: computed once per field of a schema. */
  private static final Map<Schema.Field, byte[]> DEFAULTS = new ConcurrentHashMap<>();

  /**
   * Appends the binary datum of {@code value} to {@code out}; true when it was written, false when
   * {@code errors} received at least one problem for it (then {@code out} is as it was).
   */
  public static boolean write(
      JsonNode value, Schema schema, int index, List<FieldError> errors, ByteSink out) {
    int before = errors.size();
    int mark = out.length();
    write(value, schema, "", index, errors, out);
    if (errors.size() != before) {
      out.truncate(mark);
      return false;
    }
    return true;
  }

  /** The record as Avro objects, or null when {@code errors} received a problem for it. */
  public static GenericRecord convert(
      JsonNode value, Schema schema, int index, List<FieldError> errors) {
    ByteSink out = new ByteSink();
    if (!write(value, schema, index, errors, out)) {
      return null;
    }
    try {
      return new GenericDatumReader<GenericRecord>(schema)
          .read(null, DecoderFactory.get().binaryDecoder(out.array(), 0, out.length(), null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(
      JsonNode node, Schema schema, String path, int index, List<FieldError> errors, ByteSink out) {
    String field = path.isEmpty() ? "(value)" : path;
    switch (schema.getType()) {
      case RECORD -> {
        if (node == null || !node.isObject()) {
          errors.add(new FieldError(index, field, "must be an object"));
          return;
        }
        int known = 0;
        for (Schema.Field f : schema.getFields()) {
          JsonNode child = node.get(f.name());
          if (child == null || child.isMissingNode()) {
            if (f.hasDefaultValue()) {
              byte[] encoded = DEFAULTS.computeIfAbsent(f, JsonToAvro::encodedDefault);
              out.write(encoded, 0, encoded.length);
            } else if (f.schema().isNullable()) {
              out.writeLong(nullBranch(f.schema()));
            } else {
              errors.add(
                  new FieldError(
                      index, path.isEmpty() ? f.name() : path + "." + f.name(), "is required"));
            }
            continue;
          }
          known++;
          write(
              child,
              f.schema(),
              path.isEmpty() ? f.name() : path + "." + f.name(),
              index,
              errors,
              out);
        }
        if (known == node.size()) {
          return;
        }
        for (var names = node.propertyNames().iterator(); names.hasNext(); ) {
          String name = names.next();
          if (schema.getField(name) == null) {
            errors.add(
                new FieldError(
                    index,
                    path.isEmpty() ? name : path + "." + name,
                    "is not a field of the schema"));
          }
        }
        return;
      }
      case UNION -> {
        if (node == null || node.isNull()) {
          if (schema.isNullable()) {
            out.writeLong(nullBranch(schema));
            return;
          }
          errors.add(new FieldError(index, field, "must not be null"));
          return;
        }
        List<String> tried = new ArrayList<>();
        List<Schema> branches = schema.getTypes();
        for (int b = 0; b < branches.size(); b++) {
          Schema branch = branches.get(b);
          if (branch.getType() == Schema.Type.NULL) {
            continue;
          }
          List<FieldError> attempt = new ArrayList<>();
          int mark = out.length();
          out.writeLong(b);
          write(node, branch, path, index, attempt, out);
          if (attempt.isEmpty()) {
            return;
          }
          out.truncate(mark);
          tried.add(describe(branch));
        }
        errors.add(
            new FieldError(
                index,
                field,
                "must be " + String.join(" or ", tried) + (schema.isNullable() ? " or null" : "")));
        return;
      }
      case NULL -> {
        if (node != null && !node.isNull()) {
          errors.add(new FieldError(index, field, "must be null"));
        }
        return;
      }
      case STRING -> {
        if (node == null || !node.isString()) {
          errors.add(new FieldError(index, field, "must be a string"));
          return;
        }
        String text = node.asString();
        if (JsonInputGuard.isRefused(text)) {
          errors.add(
              new FieldError(
                  index,
                  field,
                  "must not contain NUL, other control characters or unpaired surrogates"));
          return;
        }
        if (isLogical(schema, "uuid")) {
          try {
            UUID.fromString(text);
          } catch (IllegalArgumentException e) {
            errors.add(new FieldError(index, field, "must be a UUID"));
            return;
          }
        }
        out.writeLengthPrefixed(text.getBytes(StandardCharsets.UTF_8));
      }
      case INT -> {
        if (isLogical(schema, "date") && node != null && node.isString()) {
          long day;
          try {
            day = LocalDate.parse(node.asString()).toEpochDay();
          } catch (DateTimeParseException e) {
            errors.add(new FieldError(index, field, "must be a date like 2026-11-21"));
            return;
          }
          out.writeLong((int) day);
          return;
        }
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()) {
          errors.add(
              new FieldError(
                  index,
                  field,
                  isLogical(schema, "date")
                      ? "must be a date like 2026-11-21"
                      : "must be a 32-bit integer"));
          return;
        }
        out.writeLong(node.asInt());
      }
      case LONG -> {
        boolean millis =
            isLogical(schema, "timestamp-millis") || isLogical(schema, "local-timestamp-millis");
        boolean micros =
            isLogical(schema, "timestamp-micros") || isLogical(schema, "local-timestamp-micros");
        if ((millis || micros) && node != null && node.isString()) {
          long value;
          try {
            Instant instant = Instant.parse(node.asString());
            value =
                millis ? instant.toEpochMilli() : ChronoUnit.MICROS.between(Instant.EPOCH, instant);
          } catch (DateTimeParseException | ArithmeticException e) {
            errors.add(new FieldError(index, field, "must be an ISO-8601 instant"));
            return;
          }
          out.writeLong(value);
          return;
        }
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
          errors.add(
              new FieldError(
                  index,
                  field,
                  millis || micros ? "must be an ISO-8601 instant" : "must be an integer"));
          return;
        }
        out.writeLong(node.asLong());
      }
      case FLOAT, DOUBLE -> {
        if (node == null || !node.isNumber()) {
          errors.add(new FieldError(index, field, "must be a number"));
          return;
        }
        if (schema.getType() == Schema.Type.FLOAT) {
          out.writeFloat(node.floatValue());
        } else {
          out.writeDouble(node.doubleValue());
        }
      }
      case BOOLEAN -> {
        if (node == null || !node.isBoolean()) {
          errors.add(new FieldError(index, field, "must be true or false"));
          return;
        }
        out.write(node.asBoolean() ? 1 : 0);
      }
      case ENUM -> {
        if (node == null
            || !node.isString()
            || !schema.getEnumSymbols().contains(node.asString())) {
          errors.add(new FieldError(index, field, "must be one of " + schema.getEnumSymbols()));
          return;
        }
        out.writeLong(schema.getEnumOrdinal(node.asString()));
      }
      case BYTES, FIXED -> {
        try {
          byte[] bytes =
              node == null || !node.isString() ? null : Base64.getDecoder().decode(node.asString());
          if (bytes == null) {
            errors.add(new FieldError(index, field, "must be base64 text"));
            return;
          }
          if (schema.getType() == Schema.Type.FIXED) {
            if (bytes.length != schema.getFixedSize()) {
              errors.add(
                  new FieldError(index, field, "must be " + schema.getFixedSize() + " bytes"));
              return;
            }
            out.write(bytes, 0, bytes.length);
            return;
          }
          out.writeLengthPrefixed(bytes);
        } catch (IllegalArgumentException e) {
          errors.add(new FieldError(index, field, "must be base64 text"));
        }
      }
      case ARRAY -> {
        if (node == null || !node.isArray()) {
          errors.add(new FieldError(index, field, "must be an array"));
          return;
        }
        if (!node.isEmpty()) {
          out.writeLong(node.size());
          int i = 0;
          for (JsonNode item : node) {
            write(item, schema.getElementType(), field + "[" + i++ + "]", index, errors, out);
          }
        }
        out.writeLong(0);
      }
      case MAP -> {
        if (node == null || !node.isObject()) {
          errors.add(new FieldError(index, field, "must be an object"));
          return;
        }
        if (!node.isEmpty()) {
          out.writeLong(node.size());
          for (var names = node.propertyNames().iterator(); names.hasNext(); ) {
            String name = names.next();
            if (JsonInputGuard.isRefused(name)) {
              errors.add(
                  new FieldError(
                      index,
                      field + "." + name,
                      "must not contain NUL, other control characters or unpaired surrogates"));
              continue;
            }
            out.writeLengthPrefixed(name.getBytes(StandardCharsets.UTF_8));
            write(node.get(name), schema.getValueType(), field + "." + name, index, errors, out);
          }
        }
        out.writeLong(0);
      }
      default ->
          errors.add(new FieldError(index, field, "has an unsupported type " + schema.getType()));
    }
  }

  /** The branch of a nullable union that is null. */
  private static int nullBranch(Schema union) {
    List<Schema> types = union.getTypes();
    for (int i = 0; i < types.size(); i++) {
      if (types.get(i).getType() == Schema.Type.NULL) {
        return i;
      }
    }
    throw new IllegalArgumentException(union + " has no null branch");
  }

  /** The binary encoding of a field's default value. */
  private static byte[] encodedDefault(Schema.Field field) {
    try {
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
      new GenericDatumWriter<Object>(field.schema())
          .write(GenericData.get().getDefaultValue(field), encoder);
      encoder.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
