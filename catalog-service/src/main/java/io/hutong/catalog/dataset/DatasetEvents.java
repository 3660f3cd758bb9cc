package io.hutong.catalog.dataset;

import io.hutong.catalog.events.CatalogEventLog;
import io.hutong.schemas.catalog.CatalogTopics;
import io.hutong.schemas.catalog.DatasetPublished;
import io.hutong.schemas.catalog.DatasetRetired;
import io.hutong.schemas.catalog.DatasetState;
import io.hutong.schemas.catalog.DatasetUpdated;
import io.hutong.schemas.catalog.SchemaVersionAdded;
import org.springframework.stereotype.Component;

/** Maps dataset changes to catalogue events; every dataset event carries the full state. */
@Component
class DatasetEvents {

  private final CatalogEventLog log;

  DatasetEvents(CatalogEventLog log) {
    this.log = log;
  }

  void published(Dataset dataset, SchemaVersionRepository.SchemaVersion first, String actor) {
    schemaAdded(first, actor);
    log.append(
        key(dataset), DatasetPublished.newBuilder().setDataset(state(dataset)).build(), actor);
  }

  void updated(Dataset dataset, String actor) {
    log.append(key(dataset), DatasetUpdated.newBuilder().setDataset(state(dataset)).build(), actor);
  }

  void retired(Dataset dataset, String actor) {
    log.append(
        key(dataset),
        DatasetRetired.newBuilder()
            .setDataset(state(dataset))
            .setReason(dataset.retiredReason())
            .build(),
        actor);
  }

  void schemaAdded(SchemaVersionRepository.SchemaVersion version, String actor) {
    log.append(
        CatalogTopics.schemaKey(version.dataset(), version.version()),
        SchemaVersionAdded.newBuilder()
            .setDataset(version.dataset())
            .setVersion(version.version())
            .setSchema$(version.schemaJson())
            .setFingerprint(version.fingerprint())
            .build(),
        actor);
  }

  private static String key(Dataset dataset) {
    return CatalogTopics.datasetKey(dataset.code().toString());
  }

  private static DatasetState state(Dataset dataset) {
    return DatasetState.newBuilder()
        .setCode(dataset.code().toString())
        .setProvider(dataset.provider())
        .setName(dataset.metadata().name())
        .setSharingType(
            io.hutong.schemas.catalog.SharingType.valueOf(dataset.metadata().sharingType().name()))
        .setStatus(io.hutong.schemas.catalog.DatasetStatus.valueOf(dataset.status().name()))
        .setCurrentSchemaVersion(dataset.currentSchemaVersion())
        .setCompatibility(dataset.metadata().compatibility().name())
        .setUpdatedAt(dataset.updatedAt())
        .build();
  }
}
