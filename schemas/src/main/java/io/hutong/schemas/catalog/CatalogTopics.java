package io.hutong.schemas.catalog;

import io.hutong.schemas.TopicSpec;
import java.util.Map;

/** Topic names owned by the catalogue service, and the keys that make compaction safe. */
public final class CatalogTopics {

  /**
   * Compacted topic of {@link CatalogEvent}s. Keys are chosen so that the latest message per key is
   * the full current state: {@link #datasetKey}, {@link #schemaKey}, {@link #grantKey}.
   */
  public static final String EVENTS = "hutong.catalog.events";

  /**
   * Compacted, never deleted by time: the topic is the replayable state of the catalogue. One
   * partition keeps a total order, which the exchange's view relies on when it replays.
   */
  public static final TopicSpec EVENTS_SPEC =
      new TopicSpec(
          EVENTS, 1, Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "60000"));

  private CatalogTopics() {}

  /** Key of dataset state events (published, updated, retired). */
  public static String datasetKey(String datasetCode) {
    return "dataset:" + datasetCode;
  }

  /** Key of a schema version; versions are immutable, so each one survives compaction. */
  public static String schemaKey(String datasetCode, int version) {
    return "schema:" + datasetCode + ":" + version;
  }

  /** Key of grant events (issued, revoked, expired). */
  public static String grantKey(String grantId) {
    return "grant:" + grantId;
  }

  /** Key of a dataset's field standards; the latest message holds every version's standards. */
  public static String standardsKey(String datasetCode) {
    return "standards:" + datasetCode;
  }

  /** Key of a dataset's timeliness changes; the latest message is its current status. */
  public static String timelinessKey(String datasetCode) {
    return "timeliness:" + datasetCode;
  }
}
