package io.hutong.schemas.audit;

/**
 * The actions an {@link AuditEvent} can record. {@code AuditEvent.action} is a string so that a
 * newer producer never breaks an older reader; this enum is the agreed vocabulary. Actions may be
 * added, never renamed.
 */
public enum AuditAction {
  DEPARTMENT_CREATED,
  DATASET_REGISTERED,
  DATASET_UPDATED,
  DATASET_RETIRED,
  DATASET_READ,
  CATALOG_SEARCHED,
  SCHEMA_VERSION_ADDED,
  ACCESS_REQUESTED,
  ACCESS_APPROVED,
  ACCESS_REJECTED,
  ACCESS_WITHDRAWN,
  GRANT_REVOKED,
  GRANT_EXPIRED,
  RECORDS_PUBLISHED,
  SUBSCRIPTION_CREATED,
  SUBSCRIPTION_DELETED,
  RECORDS_FETCHED,
  RECORDS_STREAMED,
  OFFSETS_COMMITTED,
  SUBSCRIPTION_SEEK,
  AUDIT_QUERIED,
  /** A request refused by the gateway before reaching a service (401, 403, 413, 429). */
  REQUEST_REJECTED,
  /**
   * Refusals before authentication, counted rather than recorded one by one: one event per source
   * address and reason per second, with the count in {@code recordCount}, so a flood of bad tokens
   * cannot become a flood of audit events.
   */
  REQUESTS_REJECTED,
  /** One or more records read by key (a lookup); names the keys and the fields disclosed. */
  RECORD_LOOKED_UP,
  /**
   * Values a caller holds checked against one record, never disclosing the record's values; names
   * the key, the fields compared and which matched.
   */
  RECORD_VERIFIED,
  /** A dataset's quality figures read. */
  QUALITY_READ,
  /** Sharing statistics or a monthly report read. */
  STATISTICS_READ,
  /** A dataset's field standards or their violation mode set. */
  STANDARDS_SET
}
