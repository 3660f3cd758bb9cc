package io.hutong.catalog.schema;

import io.hutong.service.failure.Refusal;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * A dataset's Avro schema, parsed and checked: it must be a record. Its fingerprint is the
 * CRC-64-AVRO of the parsing canonical form, the one Avro single-object encoding puts in every
 * message.
 */
public record DatasetSchema(Schema avro, String json, long fingerprint) {

  /** Upper bound on schema text, well above any real dataset's. */
  static final int MAX_LENGTH = 256 * 1024;

  /** Parses schema JSON text; a 422 that quotes Avro's complaint otherwise. */
  public static DatasetSchema parse(String json) {
    if (json == null || json.isBlank()) {
      throw Refusal.invalid("schema is required: an Avro record schema as a JSON object.");
    }
    if (json.length() > MAX_LENGTH) {
      throw Refusal.invalid("schema is larger than " + MAX_LENGTH / 1024 + " KiB.");
    }
    Schema schema;
    try {
      schema = new Schema.Parser().parse(json);
    } catch (AvroRuntimeException | IllegalArgumentException e) {
      throw new Refusal(
          Refusal.Kind.UNPROCESSABLE,
          "invalid-schema",
          "schema is not a valid Avro schema: " + e.getMessage());
    }
    if (schema.getType() != Schema.Type.RECORD) {
      throw new Refusal(
          Refusal.Kind.UNPROCESSABLE,
          "invalid-schema",
          "schema must be an Avro record (\"type\": \"record\"), not "
              + schema.getType().getName()
              + ".");
    }
    if (schema.getFields().isEmpty()) {
      throw new Refusal(
          Refusal.Kind.UNPROCESSABLE, "invalid-schema", "schema must declare at least one field.");
    }
    return new DatasetSchema(
        schema, schema.toString(), SchemaNormalization.parsingFingerprint64(schema));
  }

  /** Top-level field names: what access requests and grants are made of. */
  public List<String> fieldNames() {
    return avro.getFields().stream().map(Schema.Field::name).toList();
  }

  /** The data items of the catalogue entry: each field with a readable type and its doc. */
  public List<DataItem> dataItems() {
    List<DataItem> items = new ArrayList<>();
    for (Schema.Field field : avro.getFields()) {
      boolean nullable = field.schema().isNullable();
      items.add(
          new DataItem(
              field.name(),
              describe(field.schema()),
              field.doc(),
              !nullable && !field.hasDefaultValue()));
    }
    return items;
  }

  /** A field of the current schema, as the catalogue shows it. */
  public record DataItem(String name, String type, String description, boolean required) {}

  static String describe(Schema schema) {
    return switch (schema.getType()) {
      case UNION -> {
        List<String> branches = new ArrayList<>();
        boolean nullable = false;
        for (Schema branch : schema.getTypes()) {
          if (branch.getType() == Schema.Type.NULL) {
            nullable = true;
          } else {
            branches.add(describe(branch));
          }
        }
        String joined = String.join(" | ", branches);
        yield nullable ? joined + " (optional)" : joined;
      }
      case ARRAY -> "array of " + describe(schema.getElementType());
      case MAP -> "map of " + describe(schema.getValueType());
      case ENUM -> "enum " + String.join("/", schema.getEnumSymbols());
      case RECORD, FIXED -> schema.getType().getName() + " " + schema.getName();
      default ->
          schema.getLogicalType() != null
              ? schema.getType().getName() + " (" + schema.getLogicalType().getName() + ")"
              : schema.getType().getName();
    };
  }
}
