package io.hutong.console.quality;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The catalogue's quality report ({@code GET /datasets/{code}/quality}) as the console shows it,
 * with the small conversions the page needs (shares as percentages, a lateness in days, hours and
 * minutes).
 */
public final class QualityViews {

  private QualityViews() {}

  /** A dataset's quality: timeliness now, and the 24-hour and 30-day figures. */
  public record QualityReport(
      String dataset, Instant measuredAt, Timeliness timeliness, Windows windows) {}

  /** Whether the dataset is published as often as promised; {@code lateBy} an ISO duration. */
  public record Timeliness(
      String status,
      String updateFrequency,
      Instant lastPublishedAt,
      Instant dueAt,
      String lateBy,
      Instant since) {

    /** How late, as days, hours and minutes (e.g. {@code [1, 3, 20]}); null when not late. */
    public long[] lateness() {
      if (lateBy == null) {
        return null;
      }
      Duration late = Duration.parse(lateBy);
      return new long[] {late.toDays(), late.toHoursPart(), late.toMinutesPart()};
    }
  }

  /** The two windows. */
  public record Windows(Window last24Hours, Window last30Days) {

    /** Both, in the order the page shows them, with their message keys. */
    public List<Named> all() {
      return List.of(new Named("24h", last24Hours), new Named("30d", last30Days));
    }
  }

  /** A window with the name its column and message key use. */
  public record Named(String name, Window window) {}

  /** The figures of one window of whole UTC hours. */
  public record Window(
      Instant from,
      Instant to,
      long records,
      long tombstones,
      List<Completeness> completeness,
      List<Validity> validity,
      Rejected rejected,
      Consistency consistency) {

    public Window {
      completeness = completeness == null ? List.of() : List.copyOf(completeness);
      validity = validity == null ? List.of() : List.copyOf(validity);
    }
  }

  /** Completeness of a field. */
  public record Completeness(String field, long empty, Double completeShare) {
    public String percent() {
      return QualityViews.percent(completeShare);
    }
  }

  /** Violations of one standard by one field. */
  public record Validity(String field, String standard, long violations, Double violationShare) {
    public String percent() {
      return QualityViews.percent(violationShare);
    }
  }

  /** Refusals at publish. */
  public record Rejected(long batches, RejectedRecords records) {}

  /** Refused records by reason. */
  public record RejectedRecords(long schema, long standard) {}

  /** Repeats and changes within each UTC day. */
  public record Consistency(long firstOfDay, long duplicates, long changes, Double duplicateShare) {
    public String percent() {
      return QualityViews.percent(duplicateShare);
    }
  }

  /** A share as a percentage with one decimal (0.93 → "93.0%"); "—" when there is none. */
  static String percent(Double share) {
    return share == null ? "—" : String.format(java.util.Locale.ROOT, "%.1f%%", share * 100);
  }
}
