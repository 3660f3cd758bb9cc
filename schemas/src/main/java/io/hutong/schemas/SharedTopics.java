package io.hutong.schemas;

import io.hutong.schemas.audit.AuditTopics;
import io.hutong.schemas.catalog.CatalogTopics;
import io.hutong.schemas.quality.QualityTopics;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The platform's shared topics and how each must be created, so a service can declare the ones it
 * writes by name. Per-dataset data topics are not here: the exchange creates those as datasets
 * appear.
 */
public final class SharedTopics {

  /** Every shared topic's spec. */
  public static final List<TopicSpec> ALL =
      List.of(CatalogTopics.EVENTS_SPEC, AuditTopics.EVENTS_SPEC, QualityTopics.BUCKETS_SPEC);

  private SharedTopics() {}

  /** The spec of shared topic {@code name}; fails for a name no owner specified. */
  public static TopicSpec named(String name) {
    return ALL.stream()
        .filter(spec -> spec.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new NoSuchElementException(
                    "No shared topic is named "
                        + name
                        + "; known: "
                        + ALL.stream().map(TopicSpec::name).toList()));
  }
}
