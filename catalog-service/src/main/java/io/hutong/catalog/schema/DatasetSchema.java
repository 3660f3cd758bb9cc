package io.hutong.catalog.schema;

import io.hutong.catalog.rules.Text;
import io.hutong.service.failure.Refusal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A dataset's Avro schema, parsed and checked: it must be a record. Its fingerprint is the
 * CRC-64-AVRO of the parsing canonical form, the one Avro single-object encoding puts in every
 * message.
 */
public record DatasetSchema(Schema avro, String json, long fingerprint) {

  /** Upper bound on schema text, well above any real dataset's. */
  static final int MAX_LENGTH = 256 * 1024;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * Refuses a schema whose names, docs or other strings hold NUL, control characters other than tab
   * and line breaks, or unpaired surrogates: they would be published to every subscriber. Text that
   * is not JSON is left to Avro's parser to refuse.
   */
  private static void requirePlainText(String json) {
    JsonNode tree;
    try {
      tree = JSON.readTree(json);
    } catch (JacksonException notJson) {
      return;
    }
    if (!isPlain(tree)) {
      throw new Refusal(
          Refusal.Kind.UNPROCESSABLE,
          "invalid-schema",
          "schema contains NUL, a control character or an unpaired surrogate in a name, doc or"
              + " value, or a doc that is not a string.");
    }
  }

  private static boolean isPlain(JsonNode node) {
    if (node.isString()) {
      return Text.isClean(node.asString(), true);
    }
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> member : node.properties()) {
        if (!Text.isClean(member.getKey(), false) || !isPlain(member.getValue())) {
          return false;
        }
      }
      // Avro would quietly stringify a doc of another type; the specification says string.
      if (node.has("doc") && !node.get("doc").isString()) {
        return false;
      }
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        if (!isPlain(element)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Parses schema JSON text; a 422 that quotes Avro's complaint otherwise. */
  public static DatasetSchema parse(String json) {
    if (json == null || json.isBlank()) {
      throw Refusal.invalid("schema is required: an Avro record schema as a JSON object.");
    }
    if (json.length() > MAX_LENGTH) {
      throw Refusal.invalid("schema is larger than " + MAX_LENGTH / 1024 + " KiB.");
    }
    requirePlainText(json);
    Schema schema;
    try {
      schema = new Schema.Parser().parse(json);
    } catch (AvroRuntimeException | IllegalArgumentException | NullPointerException e) {
      // Avro's parser answers some malformed input (a bare number, unresolved names) with an NPE.
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
