package io.hutong.catalog.standards;

import io.hutong.catalog.events.CatalogEventLog;
import io.hutong.schemas.catalog.CatalogTopics;
import io.hutong.schemas.catalog.DatasetStandards;
import io.hutong.schemas.catalog.FieldStandardSpec;
import io.hutong.schemas.standards.FieldStandard;
import org.springframework.stereotype.Component;

/**
 * Maps a dataset's standard set to the {@link DatasetStandards} catalogue event, keyed {@code
 * standards:<code>}: the whole set every time, so after compaction the latest message is all the
 * exchange needs.
 */
@Component
class StandardsEvents {

  private final CatalogEventLog log;

  StandardsEvents(CatalogEventLog log) {
    this.log = log;
  }

  void set(StandardSet set, String actor) {
    log.append(
        CatalogTopics.standardsKey(set.dataset()),
        DatasetStandards.newBuilder()
            .setDataset(set.dataset())
            .setViolationMode(io.hutong.schemas.catalog.ViolationMode.valueOf(set.mode().name()))
            .setStandards(set.standards().stream().map(StandardsEvents::spec).toList())
            .build(),
        actor);
  }

  private static FieldStandardSpec spec(AttachedStandard attached) {
    FieldStandard s = attached.standard();
    return FieldStandardSpec.newBuilder()
        .setSchemaVersion(attached.schemaVersion())
        .setField(attached.field())
        .setKind(s.kind().name())
        .setPattern(s.pattern())
        .setMin(s.min())
        .setMax(s.max())
        .setCodes(s.codes())
        .build();
  }
}
