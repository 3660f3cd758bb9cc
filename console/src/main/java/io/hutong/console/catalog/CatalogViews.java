package io.hutong.console.catalog;

import java.time.Instant;
import java.util.List;

/** The catalogue API's JSON shapes, as far as the console shows them. */
public final class CatalogViews {

  private CatalogViews() {}

  /** A dataset in search results. */
  public record DatasetSummary(
      String code,
      String name,
      String provider,
      String category,
      List<String> tags,
      String sharingType,
      boolean openToPublic,
      String updateFrequency,
      String status,
      int currentSchemaVersion,
      Instant updatedAt) {}

  /**
   * A data item (top-level field) of the current schema, with the field standards the provider set
   * on it for that version.
   */
  public record DataItem(
      String name, String type, String description, boolean required, List<Standard> standards) {

    public DataItem {
      standards = standards == null ? List.of() : List.copyOf(standards);
    }
  }

  /** A field standard (数据标准) on a data item: its kind and parameters. */
  public record Standard(String kind, String pattern, String min, String max, List<String> codes) {

    public Standard {
      codes = codes == null ? List.of() : List.copyOf(codes);
    }

    /** The parameters in one line: the pattern, the range ({@code 1 – 50}) or the codes. */
    public String parameters() {
      if (pattern != null) {
        return pattern;
      }
      if (!codes.isEmpty()) {
        return String.join(", ", codes);
      }
      if (min != null || max != null) {
        return (min == null ? "…" : min) + " – " + (max == null ? "…" : max);
      }
      return "";
    }
  }

  /** A full catalogue entry. */
  public record Dataset(
      String code,
      String name,
      String description,
      String provider,
      String category,
      List<String> tags,
      String sharingType,
      String sharingConditions,
      String legalBasis,
      boolean openToPublic,
      String updateFrequency,
      String compatibility,
      String status,
      String retiredReason,
      int currentSchemaVersion,
      List<DataItem> dataItems,
      Instant createdAt,
      Instant updatedAt,
      String violationMode) {

    public Dataset {
      tags = tags == null ? List.of() : List.copyOf(tags);
      dataItems = dataItems == null ? List.of() : List.copyOf(dataItems);
      violationMode = violationMode == null ? "MEASURE" : violationMode;
    }

    /** True when some data item carries a field standard. */
    public boolean hasStandards() {
      return dataItems.stream().anyMatch(item -> !item.standards().isEmpty());
    }

    /** Field names, for access requests. */
    public List<String> fieldNames() {
      return dataItems.stream().map(DataItem::name).toList();
    }
  }

  /** A schema version; {@code schema} is the Avro schema as JSON text. */
  public record SchemaVersion(
      String dataset,
      int version,
      long fingerprint,
      String schema,
      Instant createdAt,
      String createdBy) {}

  /** A department known to the exchange. */
  public record Department(String code, String name, Instant createdAt) {}
}
