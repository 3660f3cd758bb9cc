package io.hutong.catalog.standards;

import io.hutong.schemas.standards.FieldStandard.Kind;
import java.util.List;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * Whether a kind of standard can apply to a field's Avro type: text standards (pattern, length,
 * code list, the national identifiers, ISO dates) need a string, a number range needs a plain
 * number, a date range an ISO date string or an Avro {@code date}. A nullable union counts as its
 * one non-null branch; absence is {@link Kind#REQUIRED}'s business, which fits every type. Checked
 * when standards are set, so a standard that could never be met is refused there, not discovered at
 * the first publish.
 */
final class KindFit {

  private KindFit() {}

  /** Why {@code kind} cannot apply to a field of type {@code type}, or null when it can. */
  static String problem(Kind kind, Schema type) {
    if (kind == Kind.REQUIRED) {
      return null;
    }
    Schema value = nonNullBranch(type);
    if (value == null) {
      return kind + " needs a field of one type (or that type or null), not " + type;
    }
    boolean fits =
        switch (kind) {
          case NUMBER_RANGE -> isPlainNumber(value);
          case DATE_RANGE -> isText(value) || isDate(value);
          default -> isText(value);
        };
    return fits ? null : kind + " does not fit a field of type " + describe(value) + needs(kind);
  }

  private static String needs(Kind kind) {
    return switch (kind) {
      case NUMBER_RANGE -> "; it needs int, long, float or double";
      case DATE_RANGE -> "; it needs a string (yyyy-MM-dd) or an int with logicalType date";
      default -> "; it needs a string";
    };
  }

  /** The type itself, or the one non-null branch of a union with null; null if neither. */
  private static Schema nonNullBranch(Schema type) {
    if (type.getType() != Schema.Type.UNION) {
      return type;
    }
    List<Schema> branches =
        type.getTypes().stream().filter(b -> b.getType() != Schema.Type.NULL).toList();
    return branches.size() == 1 ? branches.getFirst() : null;
  }

  private static boolean isText(Schema type) {
    return type.getType() == Schema.Type.STRING;
  }

  private static boolean isDate(Schema type) {
    return type.getType() == Schema.Type.INT && type.getLogicalType() instanceof LogicalTypes.Date;
  }

  /** int, long, float or double that is not a date, time or timestamp in disguise. */
  private static boolean isPlainNumber(Schema type) {
    return switch (type.getType()) {
      case INT, LONG -> type.getLogicalType() == null;
      case FLOAT, DOUBLE -> true;
      default -> false;
    };
  }

  private static String describe(Schema type) {
    return type.getLogicalType() == null
        ? type.getType().getName()
        : type.getType().getName() + " (" + type.getLogicalType().getName() + ")";
  }
}
