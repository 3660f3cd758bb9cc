package io.hutong.schemas.audit;

import io.hutong.schemas.TopicSpec;
import java.util.Map;

/** Topic names owned by the audit service; every service produces {@link AuditEvent}s to them. */
public final class AuditTopics {

  /** Every access decision of every service, as {@link AuditEvent}, keyed by event id. */
  public static final String EVENTS = "hutong.audit.events";

  /**
   * Prefix of the audit service's consumer groups (its ingest group defaults to {@code
   * hutong-audit-ingest}): Kafka ACLs grant them by this prefix.
   */
  public static final String GROUP_PREFIX = "hutong-audit-";

  /**
   * The catalogue's consumer group on {@link #EVENTS}: it counts what moved (records published,
   * delivered, looked up) for the sharing statistics, from the same events the audit log holds.
   */
  public static final String CATALOG_USAGE_GROUP = "hutong.catalog.usage";

  /**
   * Six partitions keyed by event id spread ingest; a week of retention covers any audit-service
   * outage, after which the log itself is the record.
   */
  public static final TopicSpec EVENTS_SPEC =
      new TopicSpec(EVENTS, 6, Map.of("retention.ms", Long.toString(7L * 24 * 3600 * 1000)));

  private AuditTopics() {}
}
