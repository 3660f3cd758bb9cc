package io.hutong.schemas.catalog;

/** Topic names owned by the catalogue service, and the keys that make compaction safe. */
public final class CatalogTopics {

  /**
   * Compacted topic of {@link CatalogEvent}s. Keys are chosen so that the latest message per key is
   * the full current state: {@link #datasetKey}, {@link #schemaKey}, {@link #grantKey}.
   */
  public static final String EVENTS = "hutong.catalog.events";

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
}
