package io.hutong.catalog.schema;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Checks a proposed schema version against earlier ones under a {@link CompatibilityMode}, using
 * Avro's own {@link SchemaCompatibility} (never a hand-written comparison), and explains every
 * incompatibility in words a data administrator understands.
 */
public final class CompatibilityCheck {

  private CompatibilityCheck() {}

  /**
   * The problems of {@code proposed}; empty when it may be adopted.
   *
   * @param previous earlier versions, oldest first
   */
  public static List<String> problems(
      CompatibilityMode mode, List<Schema> previous, Schema proposed) {
    if (mode == CompatibilityMode.NONE || previous.isEmpty()) {
      return List.of();
    }
    List<Schema> against = mode.transitive() ? previous : List.of(previous.getLast());
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < against.size(); i++) {
      Schema earlier = against.get(i);
      int version = mode.transitive() ? i + 1 : previous.size();
      if (mode.newReadsOld()) {
        explain(
            SchemaCompatibility.checkReaderWriterCompatibility(proposed, earlier),
            "Consumers on the new schema could not read records written with version " + version,
            problems);
      }
      if (mode.oldReadsNew()) {
        explain(
            SchemaCompatibility.checkReaderWriterCompatibility(earlier, proposed),
            "Consumers still on version "
                + version
                + " could not read records written with the new schema",
            problems);
      }
    }
    return problems;
  }

  private static void explain(SchemaPairCompatibility pair, String situation, List<String> out) {
    if (pair.getType() == SchemaCompatibilityType.COMPATIBLE) {
      return;
    }
    Schema reader = pair.getReader();
    for (Incompatibility incompatibility : pair.getResult().getIncompatibilities()) {
      out.add(situation + ": " + describe(incompatibility, reader));
    }
  }

  static String describe(Incompatibility incompatibility, Schema reader) {
    String where = fieldAt(reader, incompatibility.getLocation());
    String detail = incompatibility.getMessage();
    return switch (incompatibility.getType()) {
      case READER_FIELD_MISSING_DEFAULT_VALUE ->
          "field '"
              + detail
              + "' is missing from those records and has no default value"
              + " (give it a \"default\" or make it optional)";
      case TYPE_MISMATCH -> where + " changed type in a way Avro cannot convert (" + detail + ")";
      case NAME_MISMATCH -> where + " was renamed (" + detail + "); add an alias for the old name";
      case MISSING_ENUM_SYMBOLS ->
          where + " lost enum symbols " + detail + " that existing records may contain";
      case MISSING_UNION_BRANCH ->
          where + " no longer accepts a type that records may hold (" + detail + ")";
      case FIXED_SIZE_MISMATCH -> where + " changed its fixed size (" + detail + ")";
      default -> where + ": " + detail;
    };
  }

  /** Turns Avro's location ({@code /fields/2/type}) into "field 'name'" where it can. */
  static String fieldAt(Schema reader, String location) {
    if (location == null) {
      return "the schema";
    }
    String[] parts = location.split("/");
    Schema current = reader;
    List<String> names = new ArrayList<>();
    for (int i = 1; i < parts.length; i++) {
      if (parts[i].equals("fields")
          && i + 1 < parts.length
          && current.getType() == Schema.Type.RECORD) {
        try {
          Schema.Field field = current.getFields().get(Integer.parseInt(parts[i + 1]));
          names.add(field.name());
          current = field.schema();
          i++;
        } catch (RuntimeException e) {
          break;
        }
      }
    }
    return names.isEmpty() ? "the record" : "field '" + String.join(".", names) + "'";
  }
}
