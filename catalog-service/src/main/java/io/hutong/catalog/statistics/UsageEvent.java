package io.hutong.catalog.statistics;

import io.hutong.schemas.audit.AuditAction;
import io.hutong.schemas.audit.AuditEvent;
import io.hutong.schemas.audit.Outcome;
import io.hutong.schemas.data.DatasetCode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What one audit event contributes to the sharing statistics: the usage facts of an allowed
 * publish, fetch, stream, lookup or verification, and nothing else. It exists so that the rule
 * "which audit events count, and for what" lives in one place, free of Kafka and SQL.
 *
 * <p>Only the <em>number</em> of keys a lookup asked for is kept: the keys themselves (which name
 * people) are never stored by the catalogue; the audit log is their only record.
 *
 * @param id the audit event's id; an id is counted once however often it arrives
 * @param day the UTC day of the event's time
 * @param dataset the dataset code
 * @param provider the dataset's provider (the first segment of its code)
 * @param department the caller's department: the publisher, or the consuming department
 * @param action the audit action
 * @param records the event's {@code recordCount} (0 when absent)
 * @param keys the number of keys in the event ({@code keys} array size)
 */
record UsageEvent(
    UUID id,
    LocalDate day,
    String dataset,
    String provider,
    String department,
    AuditAction action,
    long records,
    long keys) {

  /** The actions that count: records moved, or a record read or checked by key. */
  static final Set<AuditAction> COUNTED =
      Set.of(
          AuditAction.RECORDS_PUBLISHED,
          AuditAction.RECORDS_FETCHED,
          AuditAction.RECORDS_STREAMED,
          AuditAction.RECORD_LOOKED_UP,
          AuditAction.RECORD_VERIFIED);

  /**
   * The usage an audit event records, or empty when it records none: not ALLOWED, not one of {@link
   * #COUNTED}, or without a valid dataset code or caller department (nothing to attribute it to).
   */
  static Optional<UsageEvent> of(AuditEvent event) {
    if (event.getOutcome() != Outcome.ALLOWED) {
      return Optional.empty();
    }
    AuditAction action = action(event.getAction());
    if (action == null || !COUNTED.contains(action)) {
      return Optional.empty();
    }
    String department = event.getDepartment();
    if (event.getDataset() == null || !DatasetCode.isValidSegment(department)) {
      return Optional.empty();
    }
    DatasetCode code;
    try {
      code = DatasetCode.parse(event.getDataset());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    Long count = event.getRecordCount();
    return Optional.of(
        new UsageEvent(
            event.getId(),
            LocalDate.ofInstant(event.getTime(), ZoneOffset.UTC),
            code.toString(),
            code.provider(),
            department,
            action,
            count == null ? 0 : Math.max(0, count),
            event.getKeys() == null ? 0 : event.getKeys().size()));
  }

  private static AuditAction action(String name) {
    try {
      return AuditAction.valueOf(name);
    } catch (IllegalArgumentException | NullPointerException e) {
      return null; // an action newer than this catalogue: not usage it knows how to count
    }
  }
}
