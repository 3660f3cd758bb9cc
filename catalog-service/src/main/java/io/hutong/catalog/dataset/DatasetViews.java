package io.hutong.catalog.dataset;

import io.hutong.catalog.dataset.SchemaVersionRepository.SchemaVersion;
import io.hutong.catalog.schema.DatasetSchema;
import java.time.Instant;
import java.util.List;

/** The JSON shapes of the dataset API; controllers never return persistence types. */
final class DatasetViews {

  private DatasetViews() {}

  /** A dataset in search results. */
  record DatasetSummary(
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
      Instant updatedAt) {

    static DatasetSummary of(Dataset d) {
      Dataset.Metadata m = d.metadata();
      return new DatasetSummary(
          d.code().toString(),
          m.name(),
          d.provider(),
          m.category().name(),
          m.tags(),
          m.sharingType().name(),
          m.openToPublic(),
          m.updateFrequency().name(),
          d.status().name(),
          d.currentSchemaVersion(),
          d.updatedAt());
    }
  }

  /** A full catalogue entry: metadata and data items of the current schema. */
  record DatasetView(
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
      List<DatasetSchema.DataItem> dataItems,
      Instant createdAt,
      Instant updatedAt) {

    static DatasetView of(Dataset d, DatasetSchema schema) {
      Dataset.Metadata m = d.metadata();
      return new DatasetView(
          d.code().toString(),
          m.name(),
          m.description(),
          d.provider(),
          m.category().name(),
          m.tags(),
          m.sharingType().name(),
          m.sharingConditions(),
          m.legalBasis(),
          m.openToPublic(),
          m.updateFrequency().name(),
          m.compatibility().name(),
          d.status().name(),
          d.retiredReason(),
          d.currentSchemaVersion(),
          schema.dataItems(),
          d.createdAt(),
          d.updatedAt());
    }
  }

  /** A schema version; {@code schema} is the Avro schema as a JSON string. */
  record SchemaVersionView(
      String dataset,
      int version,
      long fingerprint,
      String schema,
      Instant createdAt,
      String createdBy) {

    static SchemaVersionView of(SchemaVersion v) {
      return new SchemaVersionView(
          v.dataset(), v.version(), v.fingerprint(), v.schemaJson(), v.createdAt(), v.createdBy());
    }
  }

  /** Answer to adding a schema version. */
  record SchemaAdded(int version, long fingerprint) {}
}
