package io.hutong.schemas.quality;

import io.hutong.schemas.TopicSpec;
import java.time.Instant;
import java.util.Map;

/**
 * The topic on which the exchange hands what it measured of published records (per dataset and UTC
 * hour, as {@link QualityBucket} snapshots) to the catalogue, which answers for a dataset's
 * quality. The exchange owns and writes it; the catalogue reads it.
 */
public final class QualityTopics {

  /** {@link QualityBucket} snapshots keyed {@link #bucketKey}. */
  public static final String BUCKETS = "hutong.quality.buckets";

  /** The catalogue's consumer group on {@link #BUCKETS}. */
  public static final String CATALOG_GROUP = "hutong.catalog.quality";

  /**
   * Compacted (the latest snapshot per bucket is all that matters) and, beyond the 30-day window
   * quality is reported over plus a margin, deleted: a reader that was away longer starts from the
   * 40 days that still count.
   */
  public static final TopicSpec BUCKETS_SPEC =
      new TopicSpec(
          BUCKETS,
          3,
          Map.of(
              "cleanup.policy", "compact,delete",
              "retention.ms", Long.toString(40L * 24 * 3600 * 1000),
              "min.compaction.lag.ms", "60000"));

  private QualityTopics() {}

  /** The key of a dataset's bucket starting at {@code hour}. */
  public static String bucketKey(String dataset, Instant hour) {
    return dataset + '|' + hour.toEpochMilli();
  }
}
