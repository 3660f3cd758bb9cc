package io.hutong.catalog.quality;

import io.hutong.catalog.dataset.UpdateFrequency;
import java.time.Instant;
import java.util.List;

/**
 * What the catalogue knows of a dataset's quality, as {@code GET /datasets/{code}/quality} answers
 * it: timeliness now, and the measured figures over the last 24 hours and the last 30 days.
 *
 * @param dataset dataset code
 * @param measuredAt when these figures were computed (the windows end with its UTC hour)
 * @param timeliness whether the dataset is published as often as promised
 * @param windows the figures per window
 */
public record QualityReport(
    String dataset, Instant measuredAt, TimelinessView timeliness, Windows windows) {

  /**
   * Timeliness of the dataset.
   *
   * @param status ON_TIME, LATE or NEVER_PUBLISHED
   * @param updateFrequency the frequency the provider declared
   * @param lastPublishedAt the newest record ever published, or null
   * @param dueAt when the next publish is (was) due; null when never published or ON_CHANGE
   * @param lateBy how long past due, as an ISO-8601 duration (PT3H12M), when late; else null
   * @param since since when the status holds
   */
  public record TimelinessView(
      TimelinessStatus status,
      UpdateFrequency updateFrequency,
      Instant lastPublishedAt,
      Instant dueAt,
      String lateBy,
      Instant since) {}

  /** The two windows of whole UTC hours. */
  public record Windows(Window last24Hours, Window last30Days) {}

  /**
   * The figures of one window of whole UTC hours, {@code from} inclusive to {@code to} exclusive.
   *
   * @param records records with a value
   * @param tombstones records withdrawing a key
   * @param completeness per field of the current schema
   * @param validity per field and standard with violations counted in the window
   * @param rejected what was refused at publish
   * @param consistency repeats and changes within a UTC day
   */
  public record Window(
      Instant from,
      Instant to,
      long records,
      long tombstones,
      List<Completeness> completeness,
      List<Validity> validity,
      Rejected rejected,
      Consistency consistency) {}

  /**
   * Completeness of a field.
   *
   * @param empty records where it was null, empty text, an empty array or map, or absent
   * @param completeShare 1 - empty/records to 4 decimals; null when there were no records
   */
  public record Completeness(String field, long empty, Double completeShare) {}

  /**
   * Validity of a field against one of its standards.
   *
   * @param standard the kind of standard (FieldStandard.Kind name)
   * @param violations records whose value broke it
   * @param violationShare violations/records to 4 decimals; null when there were no records
   */
  public record Validity(String field, String standard, long violations, Double violationShare) {}

  /**
   * Rejections at publish.
   *
   * @param batches publish calls refused
   * @param records records refused, by reason
   */
  public record Rejected(long batches, RejectedRecords records) {}

  /** Records refused because they broke the schema, or a standard in reject mode. */
  public record RejectedRecords(long schema, long standard) {}

  /**
   * Consistency within each UTC day.
   *
   * @param firstOfDay records that were their key's first that day
   * @param duplicates records byte-identical to their key's previous record that day
   * @param changes records differing from their key's previous record that day
   * @param duplicateShare duplicates/records to 4 decimals; null when there were no records
   */
  public record Consistency(
      long firstOfDay, long duplicates, long changes, Double duplicateShare) {}
}
