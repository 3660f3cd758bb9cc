package io.hutong.exchange.lookup;

import io.hutong.service.failure.Refusal;
import io.hutong.service.web.JsonInputGuard;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import tools.jackson.databind.JsonNode;

/**
 * How a verification compares a value the caller holds (JSON, as publishers send it) with the
 * stored one (Avro), per Avro type — the rules the API description states:
 *
 * <ul>
 *   <li>strings and enum symbols: equal after Unicode NFC normalisation of both, otherwise exact
 *       (case, spaces and punctuation count);
 *   <li>{@code int}, {@code long}, {@code float}, {@code double}: equal by numeric value ({@code
 *       1.50} equals {@code 1.5});
 *   <li>{@code date}: an ISO date ({@code 2020-02-29}); {@code timestamp-millis} and {@code
 *       timestamp-micros}: an ISO instant, equal as instants;
 *   <li>{@code boolean}: equal; {@code bytes} and {@code fixed}: the same base64;
 *   <li>{@code null} matches only a stored null (an optional field left empty);
 *   <li>records, arrays and maps are not compared: such fields cannot be verified.
 * </ul>
 *
 * A held value of the wrong JSON type, or text with NUL, other control characters or unpaired
 * surrogates (refused in every text input of the platform), is a 422, never a silent mismatch.
 */
final class Comparison {

  private Comparison() {}

  /** Whether {@code held} equals {@code stored}, a value of {@code schema}. */
  static boolean matches(String field, Schema schema, Object stored, JsonNode held) {
    if (schema.getType() == Schema.Type.UNION) {
      if (held == null || held.isNull()) {
        return stored == null;
      }
      if (stored == null) {
        requireComparable(field, nonNullBranch(field, schema), held);
        return false;
      }
      Schema branch = schema.getTypes().get(GenericData.get().resolveUnion(schema, stored));
      return matches(field, branch, stored, held);
    }
    if (held == null || held.isNull()) {
      return stored == null;
    }
    requireComparable(field, schema, held);
    return switch (schema.getType()) {
      case STRING, ENUM -> nfc(stored.toString()).equals(nfc(held.asString()));
      case BOOLEAN -> held.booleanValue() == (Boolean) stored;
      case INT ->
          logical(schema, "date")
              ? LocalDate.ofEpochDay((Integer) stored).equals(date(field, held))
              : sameNumber(new BigDecimal((Integer) stored), held);
      case LONG -> {
        if (logical(schema, "timestamp-millis")) {
          yield Instant.ofEpochMilli((Long) stored).equals(instant(field, held));
        }
        if (logical(schema, "timestamp-micros")) {
          yield Instant.EPOCH.plus((Long) stored, ChronoUnit.MICROS).equals(instant(field, held));
        }
        yield sameNumber(new BigDecimal((Long) stored), held);
      }
      case FLOAT -> sameNumber(new BigDecimal(Float.toString((Float) stored)), held);
      case DOUBLE -> sameNumber(new BigDecimal(Double.toString((Double) stored)), held);
      case BYTES -> {
        ByteBuffer buffer = ((ByteBuffer) stored).duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        yield Base64.getEncoder().encodeToString(bytes).equals(held.asString());
      }
      case FIXED ->
          Base64.getEncoder()
              .encodeToString(((GenericData.Fixed) stored).bytes())
              .equals(held.asString());
      default -> throw notComparable(field, schema);
    };
  }

  /** Refuses a held value that cannot be a value of {@code schema} at all. */
  static void requireComparable(String field, Schema schema, JsonNode held) {
    if (held == null || held.isNull()) {
      return;
    }
    if (schema.getType() == Schema.Type.UNION) {
      requireComparable(field, nonNullBranch(field, schema), held);
      return;
    }
    boolean fits =
        switch (schema.getType()) {
          case STRING, ENUM, BYTES, FIXED -> held.isString();
          case BOOLEAN -> held.isBoolean();
          case INT -> logical(schema, "date") ? held.isString() : held.isNumber();
          case LONG ->
              logical(schema, "timestamp-millis") || logical(schema, "timestamp-micros")
                  ? held.isString()
                  : held.isNumber();
          case FLOAT, DOUBLE -> held.isNumber();
          default -> throw notComparable(field, schema);
        };
    if (!fits) {
      throw Refusal.invalid(
          "fields."
              + field
              + " must be "
              + expected(schema)
              + " to be compared with the stored value.");
    }
    if (held.isString() && JsonInputGuard.isRefused(held.asString())) {
      throw Refusal.invalid(
          "fields."
              + field
              + " must not contain NUL, other control characters or unpaired surrogates.");
    }
    if (schema.getType() == Schema.Type.INT && logical(schema, "date")) {
      date(field, held);
    }
    if (schema.getType() == Schema.Type.LONG && held.isString()) {
      instant(field, held);
    }
  }

  private static Schema nonNullBranch(String field, Schema union) {
    java.util.List<Schema> values =
        union.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).toList();
    if (values.size() != 1) {
      throw notComparable(field, union);
    }
    return values.getFirst();
  }

  private static String expected(Schema schema) {
    return switch (schema.getType()) {
      case STRING, ENUM -> "a string";
      case BYTES, FIXED -> "a base64 string";
      case BOOLEAN -> "true or false";
      case INT -> logical(schema, "date") ? "an ISO date (yyyy-mm-dd)" : "a number";
      case LONG ->
          logical(schema, "timestamp-millis") || logical(schema, "timestamp-micros")
              ? "an ISO instant"
              : "a number";
      default -> "a number";
    };
  }

  private static Refusal notComparable(String field, Schema schema) {
    return Refusal.invalid(
        "fields."
            + field
            + " is a "
            + schema.getType().getName()
            + "; only strings, numbers, booleans, dates, instants and bytes can be verified.");
  }

  private static boolean sameNumber(BigDecimal stored, JsonNode held) {
    return stored.compareTo(held.decimalValue()) == 0;
  }

  private static LocalDate date(String field, JsonNode held) {
    try {
      return LocalDate.parse(held.asString());
    } catch (DateTimeParseException e) {
      throw Refusal.invalid("fields." + field + " must be an ISO date (yyyy-mm-dd).");
    }
  }

  private static Instant instant(String field, JsonNode held) {
    try {
      return Instant.parse(held.asString());
    } catch (DateTimeParseException e) {
      throw Refusal.invalid("fields." + field + " must be an ISO instant.");
    }
  }

  private static String nfc(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFC);
  }

  private static boolean logical(Schema schema, String name) {
    LogicalType type = schema.getLogicalType();
    return type != null && type.getName().equals(name);
  }
}
