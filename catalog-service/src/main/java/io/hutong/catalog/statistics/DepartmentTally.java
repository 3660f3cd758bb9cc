package io.hutong.catalog.statistics;

import io.hutong.catalog.statistics.SharingStatistics.Datasets;
import io.hutong.catalog.statistics.SharingStatistics.Delivery;
import io.hutong.catalog.statistics.SharingStatistics.DepartmentFigures;
import io.hutong.catalog.statistics.SharingStatistics.Requests;
import io.hutong.catalog.statistics.SharingStatistics.Usage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of one department while they are being added up, and the decision durations behind
 * its median: kept raw so that a totals row takes the median of all decisions, not a median of
 * medians. Lives beside {@link StatisticsService}, its one user.
 */
final class DepartmentTally {

  long unconditional;
  long conditional;
  long notShared;
  long received;
  long approved;
  long rejected;
  long withdrawn;
  long overdue;
  final List<Long> decisionWorkingDays = new ArrayList<>();
  long recordsPublished;
  final Map<String, Long> deliveredTo = new TreeMap<>();
  long lookups;
  long lookupKeys;
  long verifications;

  /** Adds {@code other}'s figures to this one's (for a totals row). */
  DepartmentTally add(DepartmentTally other) {
    unconditional += other.unconditional;
    conditional += other.conditional;
    notShared += other.notShared;
    received += other.received;
    approved += other.approved;
    rejected += other.rejected;
    withdrawn += other.withdrawn;
    overdue += other.overdue;
    decisionWorkingDays.addAll(other.decisionWorkingDays);
    recordsPublished += other.recordsPublished;
    other.deliveredTo.forEach(
        (consumer, records) -> deliveredTo.merge(consumer, records, Long::sum));
    lookups += other.lookups;
    lookupKeys += other.lookupKeys;
    verifications += other.verifications;
    return this;
  }

  DepartmentFigures figures(String department, String name) {
    List<Delivery> deliveries = new ArrayList<>();
    deliveredTo.forEach(
        (consumer, records) -> {
          if (records > 0) {
            deliveries.add(new Delivery(consumer, records));
          }
        });
    return new DepartmentFigures(
        department,
        name,
        Datasets.of(unconditional, conditional, notShared),
        new Requests(received, approved, rejected, withdrawn, overdue, median(decisionWorkingDays)),
        new Usage(
            recordsPublished,
            deliveries.stream().mapToLong(Delivery::records).sum(),
            List.copyOf(deliveries),
            lookups,
            lookupKeys,
            verifications));
  }

  /** The median, the mean of the two middle values for an even count; null for none. */
  static BigDecimal median(List<Long> values) {
    if (values.isEmpty()) {
      return null;
    }
    List<Long> sorted = values.stream().sorted().toList();
    int middle = sorted.size() / 2;
    BigDecimal value =
        sorted.size() % 2 == 1
            ? BigDecimal.valueOf(sorted.get(middle))
            : BigDecimal.valueOf(sorted.get(middle - 1) + sorted.get(middle))
                .divide(BigDecimal.TWO, 1, RoundingMode.UNNECESSARY);
    return value.setScale(1, RoundingMode.UNNECESSARY);
  }
}
