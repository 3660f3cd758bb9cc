package io.hutong.console.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Between the form's field rows and an Avro record schema. The rows offer the types a data
 * administrator needs for tabular records; a schema with anything richer (nested records, enums,
 * arrays) is edited as raw Avro JSON instead, and {@link #rows} says so by answering null.
 */
final class SchemaRows {

  /** The types a row can have, as the form names them. */
  static final List<String> TYPES =
      List.of("string", "int", "long", "float", "double", "boolean", "date", "timestamp", "bytes");

  private SchemaRows() {}

  /** An Avro record schema named {@code recordName} with one field per non-blank row. */
  static String toAvro(String recordName, List<FieldRow> rows, JsonMapper json) {
    ObjectNode record = json.createObjectNode();
    record.put("type", "record");
    record.put("name", recordName);
    ArrayNode fields = record.putArray("fields");
    for (FieldRow row : rows) {
      if (row.blank()) {
        continue;
      }
      ObjectNode field = fields.addObject();
      field.put("name", row.getName());
      ObjectNode type = json.createObjectNode();
      switch (row.getType()) {
        case "date" -> type.put("type", "int").put("logicalType", "date");
        case "timestamp" -> type.put("type", "long").put("logicalType", "timestamp-millis");
        default -> type.put("type", TYPES.contains(row.getType()) ? row.getType() : "string");
      }
      if (row.isOptional()) {
        ArrayNode union = field.putArray("type");
        union.add("null");
        union.add(type.size() == 1 ? type.get("type") : type);
        field.putNull("default");
      } else {
        field.set("type", type.size() == 1 ? type.get("type") : type);
      }
      if (!row.getDoc().isEmpty()) {
        field.put("doc", row.getDoc());
      }
    }
    return json.writeValueAsString(record);
  }

  /** The rows of a schema, or null when it uses more than rows can express. */
  static List<FieldRow> rows(String avroJson) {
    Schema schema;
    try {
      schema = new Schema.Parser().parse(avroJson);
    } catch (SchemaParseException | NullPointerException unreadable) {
      return null;
    }
    List<FieldRow> rows = new ArrayList<>();
    for (Schema.Field field : schema.getFields()) {
      Schema type = field.schema();
      boolean optional = false;
      if (type.getType() == Schema.Type.UNION) {
        List<Schema> branches = type.getTypes();
        if (branches.size() != 2 || branches.get(0).getType() != Schema.Type.NULL) {
          return null;
        }
        optional = true;
        type = branches.get(1);
      }
      String name = rowType(type);
      if (name == null) {
        return null;
      }
      rows.add(new FieldRow(field.name(), name, field.doc() == null ? "" : field.doc(), optional));
    }
    return rows;
  }

  private static String rowType(Schema type) {
    if (type.getLogicalType() instanceof LogicalTypes.Date) {
      return "date";
    }
    if (type.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
      return "timestamp";
    }
    if (type.getLogicalType() != null) {
      return null;
    }
    String name = type.getType().getName().toLowerCase(Locale.ROOT);
    return TYPES.contains(name) ? name : null;
  }

  /**
   * A record name for a dataset code: {@code civil-affairs.marriage-registrations} →
   * MarriageRegistrations.
   */
  static String recordName(String datasetCode) {
    String local =
        datasetCode == null || datasetCode.indexOf('.') < 0
            ? datasetCode
            : datasetCode.substring(datasetCode.indexOf('.') + 1);
    StringBuilder name = new StringBuilder();
    boolean upper = true;
    for (char c : (local == null ? "" : local).toCharArray()) {
      if (Character.isLetterOrDigit(c) && c < 128) {
        name.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      } else {
        upper = true;
      }
    }
    if (name.isEmpty() || !Character.isLetter(name.charAt(0))) {
      name.insert(0, "Record");
    }
    return name.toString();
  }
}
