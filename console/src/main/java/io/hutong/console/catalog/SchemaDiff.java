package io.hutong.console.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * What changed between two schema versions, field by field, in terms a data administrator reads:
 * fields added, removed, or whose type, optionality or description changed. Only top-level fields,
 * which are what access requests and grants are made of.
 */
public final class SchemaDiff {

  /** Kinds of change, named in the message bundles as {@code diff.<KIND>}. */
  public enum Kind {
    ADDED,
    REMOVED,
    TYPE_CHANGED,
    DOC_CHANGED
  }

  /**
   * One change.
   *
   * @param kind what changed
   * @param field the field's name
   * @param before the field's type (or doc) before, or null
   * @param after after, or null
   */
  public record Change(Kind kind, String field, String before, String after) {}

  /**
   * The differences between consecutive versions.
   *
   * @param from the older version
   * @param to the newer version
   * @param changes what changed
   */
  public record Step(int from, int to, List<Change> changes) {}

  private SchemaDiff() {}

  /** One step per consecutive pair of {@code versions} (sorted by version). */
  public static List<Step> steps(List<CatalogViews.SchemaVersion> versions) {
    List<CatalogViews.SchemaVersion> sorted =
        versions.stream()
            .sorted(java.util.Comparator.comparingInt(CatalogViews.SchemaVersion::version))
            .toList();
    List<Step> steps = new ArrayList<>();
    for (int i = 1; i < sorted.size(); i++) {
      CatalogViews.SchemaVersion older = sorted.get(i - 1);
      CatalogViews.SchemaVersion newer = sorted.get(i);
      steps.add(
          new Step(older.version(), newer.version(), between(older.schema(), newer.schema())));
    }
    return steps;
  }

  /** The changes from {@code olderJson} to {@code newerJson}; none when either does not parse. */
  static List<Change> between(String olderJson, String newerJson) {
    Map<String, Schema.Field> older;
    Map<String, Schema.Field> newer;
    try {
      older = fields(olderJson);
      newer = fields(newerJson);
    } catch (SchemaParseException | NullPointerException unreadable) {
      return List.of();
    }
    List<Change> changes = new ArrayList<>();
    for (Schema.Field field : newer.values()) {
      Schema.Field before = older.get(field.name());
      if (before == null) {
        changes.add(new Change(Kind.ADDED, field.name(), null, describe(field.schema())));
      } else {
        if (!before.schema().equals(field.schema())) {
          changes.add(
              new Change(
                  Kind.TYPE_CHANGED,
                  field.name(),
                  describe(before.schema()),
                  describe(field.schema())));
        }
        if (!Objects.equals(before.doc(), field.doc())) {
          changes.add(new Change(Kind.DOC_CHANGED, field.name(), before.doc(), field.doc()));
        }
      }
    }
    for (Schema.Field field : older.values()) {
      if (!newer.containsKey(field.name())) {
        changes.add(new Change(Kind.REMOVED, field.name(), describe(field.schema()), null));
      }
    }
    return changes;
  }

  private static Map<String, Schema.Field> fields(String json) {
    Map<String, Schema.Field> byName = new LinkedHashMap<>();
    for (Schema.Field field : new Schema.Parser().parse(json).getFields()) {
      byName.put(field.name(), field);
    }
    return byName;
  }

  /** A type in a few words: {@code string}, {@code long (timestamp-millis)}, {@code string?}. */
  static String describe(Schema schema) {
    if (schema.getType() == Schema.Type.UNION) {
      List<String> branches = new ArrayList<>();
      boolean optional = false;
      for (Schema branch : schema.getTypes()) {
        if (branch.getType() == Schema.Type.NULL) {
          optional = true;
        } else {
          branches.add(describe(branch));
        }
      }
      return String.join(" | ", branches) + (optional ? "?" : "");
    }
    String name =
        switch (schema.getType()) {
          case RECORD, ENUM, FIXED -> schema.getType().getName() + " " + schema.getName();
          case ARRAY -> "array<" + describe(schema.getElementType()) + ">";
          case MAP -> "map<" + describe(schema.getValueType()) + ">";
          default -> schema.getType().getName();
        };
    return schema.getLogicalType() == null
        ? name
        : name + " (" + schema.getLogicalType().getName() + ")";
  }
}
