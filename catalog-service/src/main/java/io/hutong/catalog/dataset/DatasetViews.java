package io.hutong.catalog.dataset;

import io.hutong.catalog.dataset.SchemaVersionRepository.SchemaVersion;
import io.hutong.catalog.schema.DatasetSchema;
import io.hutong.catalog.standards.AttachedStandard;
import io.hutong.catalog.standards.StandardSet;
import io.hutong.catalog.standards.StandardsViews;
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

  /**
   * A data item of the entry: a field of the current schema and the standards the provider set on
   * it for that version.
   */
  record DataItemView(
      String name,
      String type,
      String description,
      boolean required,
      List<StandardsViews.StandardView> standards) {

    static List<DataItemView> of(DatasetSchema schema, StandardSet set, int version) {
      List<AttachedStandard> current = set.ofVersion(version);
      return schema.dataItems().stream()
          .map(
              item ->
                  new DataItemView(
                      item.name(),
                      item.type(),
                      item.description(),
                      item.required(),
                      current.stream()
                          .filter(s -> s.field().equals(item.name()))
                          .map(s -> StandardsViews.StandardView.of(s.standard()))
                          .toList()))
          .toList();
    }
  }

  /**
   * A full catalogue entry: metadata, data items of the current schema with their standards, and
   * what a violation of them does at publish ({@code violationMode}).
   */
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
      List<DataItemView> dataItems,
      Instant createdAt,
      Instant updatedAt,
      String violationMode) {

    static DatasetView of(Dataset d, DatasetSchema schema, StandardSet standards) {
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
          DataItemView.of(schema, standards, d.currentSchemaVersion()),
          d.createdAt(),
          d.updatedAt(),
          standards.mode().name());
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
