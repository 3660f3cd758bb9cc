package io.hutong.catalog.statistics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The answers of the statistics endpoints, as records (never maps), so their shape is fixed and
 * documented in the OpenAPI description. "Sharing statistics" (绩效评价) is what a platform office
 * reports on each department: what it catalogued and shares, how it reviews requests, and how much
 * of its data moved. Each figure is defined in catalog-service/README.md, "Sharing statistics".
 */
final class SharingStatistics {

  private SharingStatistics() {}

  /**
   * {@code GET /statistics}.
   *
   * @param from first day counted (UTC)
   * @param to last day counted (UTC)
   * @param asOf when the figures were computed; datasets are counted as they stand at this instant
   * @param departments one entry per department, ordered by code
   */
  record Statistics(
      LocalDate from, LocalDate to, Instant asOf, List<DepartmentFigures> departments) {}

  /**
   * {@code GET /statistics/report?format=json}: the monthly report.
   *
   * @param month the month, yyyy-MM
   * @param totals the sums over the departments of the report (median: over all their decisions)
   */
  record MonthlyReport(
      String month,
      LocalDate from,
      LocalDate to,
      Instant asOf,
      List<DepartmentFigures> departments,
      DepartmentFigures totals) {}

  /** Every figure of one department (or of the totals row, department {@code TOTAL}). */
  record DepartmentFigures(
      String department, String name, Datasets datasets, Requests requests, Usage usage) {}

  /**
   * The department's active datasets by sharing type, as they stand now.
   *
   * @param sharedPercent share of active datasets that are UNCONDITIONAL or CONDITIONAL, in percent
   *     to one decimal; null when the department has no active dataset
   */
  record Datasets(
      long unconditional, long conditional, long notShared, long total, BigDecimal sharedPercent) {

    static Datasets of(long unconditional, long conditional, long notShared) {
      long total = unconditional + conditional + notShared;
      BigDecimal percent =
          total == 0
              ? null
              : BigDecimal.valueOf(100L * (unconditional + conditional))
                  .divide(BigDecimal.valueOf(total), 1, RoundingMode.HALF_UP);
      return new Datasets(unconditional, conditional, notShared, total, percent);
    }
  }

  /**
   * Access requests to the department's datasets (the department as provider).
   *
   * @param received requests made in the period (by the day requested)
   * @param approved approvals in the period (by the day decided), automatic ones included
   * @param rejected rejections in the period (by the day decided)
   * @param withdrawn withdrawals by the consumer in the period (by the day withdrawn)
   * @param overdue conditional requests whose reply deadline passed in the period without a
   *     decision by then (still pending, or decided or withdrawn after the deadline)
   * @param medianDecisionWorkingDays median working days from request to the provider's decision
   *     (approval or rejection of a conditional request, by the day decided); null when none
   */
  record Requests(
      long received,
      long approved,
      long rejected,
      long withdrawn,
      long overdue,
      BigDecimal medianDecisionWorkingDays) {}

  /**
   * What moved, counted from the audit events.
   *
   * @param recordsPublished records published to the department's datasets
   * @param recordsDelivered records of its datasets delivered to consumers (fetched or streamed)
   * @param deliveredTo the same, per consumer department with deliveries, ordered by code
   * @param lookups lookup calls served on its datasets
   * @param lookupKeys keys those calls asked for
   * @param verifications verifications served on its datasets
   */
  record Usage(
      long recordsPublished,
      long recordsDelivered,
      List<Delivery> deliveredTo,
      long lookups,
      long lookupKeys,
      long verifications) {}

  /** Records delivered to one consumer department. */
  record Delivery(String department, long records) {}
}
