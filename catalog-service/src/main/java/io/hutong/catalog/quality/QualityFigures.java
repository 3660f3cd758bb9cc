package io.hutong.catalog.quality;

import io.hutong.catalog.quality.QualityBuckets.CountKey;
import io.hutong.catalog.quality.QualityReport.Completeness;
import io.hutong.catalog.quality.QualityReport.Consistency;
import io.hutong.catalog.quality.QualityReport.Rejected;
import io.hutong.catalog.quality.QualityReport.RejectedRecords;
import io.hutong.catalog.quality.QualityReport.Validity;
import io.hutong.catalog.quality.QualityReport.Window;
import io.hutong.schemas.quality.QualityMeasure;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Turns counters summed over a window into the figures of a {@link Window}: shares of the records
 * counted, rounded to four decimals, and null where there were no records to share among.
 */
final class QualityFigures {

  private QualityFigures() {}

  /** A standard of the dataset's current version: its field and kind. */
  record Standard(String field, String kind) {}

  /**
   * The window {@code from}–{@code to} of counters {@code counts}, for schema fields {@code
   * fields}; every one of {@code configured} is listed under validity, with no violations when none
   * were counted, beside any other field and standard that had violations (an older version's).
   */
  static Window window(
      Instant from,
      Instant to,
      Map<CountKey, Long> counts,
      List<String> fields,
      List<Standard> configured) {
    long records = count(counts, QualityMeasure.RECORDS, "", "");
    List<Completeness> completeness =
        fields.stream()
            .map(
                field -> {
                  long empty = count(counts, QualityMeasure.EMPTY, field, "");
                  Double share = share(records, empty);
                  return new Completeness(field, empty, share == null ? null : round(1 - share));
                })
            .toList();
    Map<Standard, Long> violations =
        new java.util.TreeMap<>(
            Comparator.comparing(Standard::field).thenComparing(Standard::kind));
    configured.forEach(standard -> violations.put(standard, 0L));
    counts.forEach(
        (key, n) -> {
          if (key.measure().equals(QualityMeasure.VIOLATION.name())) {
            violations.merge(new Standard(key.field(), key.detail()), n, Long::sum);
          }
        });
    List<Validity> validity =
        violations.entrySet().stream()
            .map(
                e ->
                    new Validity(
                        e.getKey().field(),
                        e.getKey().kind(),
                        e.getValue(),
                        share(records, e.getValue())))
            .toList();
    long duplicates = count(counts, QualityMeasure.DUPLICATE, "", "");
    return new Window(
        from,
        to,
        records,
        count(counts, QualityMeasure.TOMBSTONES, "", ""),
        completeness,
        validity,
        new Rejected(
            count(counts, QualityMeasure.REJECTED_BATCHES, "", ""),
            new RejectedRecords(rejected(counts, "schema"), rejected(counts, "standard"))),
        new Consistency(
            count(counts, QualityMeasure.FIRST_OF_DAY, "", ""),
            duplicates,
            count(counts, QualityMeasure.CHANGE, "", ""),
            share(records, duplicates)));
  }

  /** Rejected records by reason, whatever field the exchange names (none, by the contract). */
  private static long rejected(Map<CountKey, Long> counts, String reason) {
    return counts.entrySet().stream()
        .filter(e -> e.getKey().measure().equals(QualityMeasure.REJECTED.name()))
        .filter(e -> e.getKey().detail().equals(reason))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  private static long count(
      Map<CountKey, Long> counts, QualityMeasure measure, String field, String detail) {
    return counts.getOrDefault(new CountKey(measure.name(), field, detail), 0L);
  }

  /** {@code part / records} to four decimals; null when there were no records. */
  static Double share(long records, long part) {
    return records == 0 ? null : round((double) part / records);
  }

  static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }
}
