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

  /** A data item (top-level field) of the current schema. */
  public record DataItem(String name, String type, String description, boolean required) {}

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
      Instant updatedAt) {

    public Dataset {
      tags = tags == null ? List.of() : List.copyOf(tags);
      dataItems = dataItems == null ? List.of() : List.copyOf(dataItems);
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
