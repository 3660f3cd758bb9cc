package io.hutong.catalog.quality;

import io.hutong.catalog.config.QualityProperties;
import io.hutong.catalog.dataset.Dataset;
import io.hutong.catalog.dataset.DatasetService;
import io.hutong.catalog.quality.QualityBuckets.CountKey;
import io.hutong.catalog.quality.QualityBuckets.Sums;
import io.hutong.catalog.quality.QualityBuckets.Total;
import io.hutong.catalog.quality.QualityReport.TimelinessView;
import io.hutong.catalog.quality.QualityReport.Window;
import io.hutong.catalog.quality.QualityReport.Windows;
import io.hutong.catalog.rules.Page;
import io.hutong.catalog.rules.Times;
import io.hutong.catalog.standards.StandardsService;
import io.hutong.schemas.data.DatasetCode;
import io.hutong.schemas.quality.QualityMeasure;
import io.hutong.service.failure.Refusal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Answers for the quality of datasets from the stored buckets: one dataset's report with both
 * windows, the timeliness change feed, and the 30-day figures of every dataset at once for the DCAT
 * catalogue. Windows are whole UTC hours ending with the current one.
 */
@Service
public class QualityService {

  /** Hours of the short window: the 24 ending with the current hour. */
  static final int DAY_HOURS = 24;

  /** Hours of the long window: the 720 (30 days) ending with the current hour. */
  static final int MONTH_HOURS = 720;

  private static final List<String> CATALOGUE_MEASURES =
      List.of(
          QualityMeasure.RECORDS.name(),
          QualityMeasure.EMPTY.name(),
          QualityMeasure.VIOLATION.name(),
          QualityMeasure.DUPLICATE.name());

  private final DatasetService datasets;
  private final QualityBuckets buckets;
  private final TimelinessRecords timeliness;
  private final CurrentFields currentFields;
  private final StandardsService standards;
  private final QualityProperties properties;
  private final Clock clock;

  QualityService(
      DatasetService datasets,
      QualityBuckets buckets,
      TimelinessRecords timeliness,
      CurrentFields currentFields,
      StandardsService standards,
      QualityProperties properties,
      Clock clock) {
    this.datasets = datasets;
    this.buckets = buckets;
    this.timeliness = timeliness;
    this.currentFields = currentFields;
    this.standards = standards;
    this.properties = properties;
    this.clock = clock;
  }

  /** The quality report of {@code code}; a not-found refusal for an unknown dataset. */
  QualityReport report(String code) {
    DatasetService.DatasetWithSchema found = datasets.read(code);
    Instant now = Times.now(clock);
    Instant to = windowEnd(now);
    Instant dayFrom = to.minus(DAY_HOURS, ChronoUnit.HOURS);
    Instant monthFrom = to.minus(MONTH_HOURS, ChronoUnit.HOURS);
    Map<CountKey, Long> day = new HashMap<>();
    Map<CountKey, Long> month = new HashMap<>();
    for (Sums sums : buckets.sums(code, dayFrom, monthFrom, to)) {
      day.put(sums.key(), sums.narrow());
      month.put(sums.key(), sums.wide());
    }
    List<String> fields = found.schema().fieldNames();
    List<QualityFigures.Standard> configured =
        standards.of(found.dataset()).ofVersion(found.dataset().currentSchemaVersion()).stream()
            .map(s -> new QualityFigures.Standard(s.field(), s.standard().kind().name()))
            .distinct()
            .toList();
    return new QualityReport(
        code,
        now,
        timelinessView(found.dataset(), now),
        new Windows(
            QualityFigures.window(dayFrom, to, day, fields, configured),
            QualityFigures.window(monthFrom, to, month, fields, configured)));
  }

  private TimelinessView timelinessView(Dataset dataset, Instant now) {
    String code = dataset.code().toString();
    Timeliness current =
        Timeliness.at(
            now,
            dataset.metadata().updateFrequency(),
            buckets.lastRecord(code).orElse(null),
            properties.graceShare());
    Instant since =
        timeliness
            .recorded(code)
            .filter(recorded -> recorded.status() == current.status())
            .map(TimelinessRecords.Recorded::since)
            .orElseGet(() -> current.since(dataset.createdAt()));
    Duration lateBy = current.lateBy();
    return new TimelinessView(
        current.status(),
        dataset.metadata().updateFrequency(),
        current.lastPublishedAt(),
        current.dueAt(),
        lateBy == null ? null : lateBy.truncatedTo(ChronoUnit.SECONDS).toString(),
        since);
  }

  /** A page of the timeliness changes, newest first, of one dataset or all. */
  Page<TimelinessChange> changes(String dataset, Integer limit, String cursor) {
    int size = Page.limit(limit);
    long before = changeCursor(Page.decode(cursor));
    if (dataset != null) {
      try {
        DatasetCode.parse(dataset);
      } catch (IllegalArgumentException e) {
        throw Refusal.invalid("dataset: " + e.getMessage());
      }
    }
    return Page.of(timeliness.changes(dataset, before, size + 1), size, c -> Long.toString(c.id()));
  }

  private static long changeCursor(String key) {
    if (key == null) {
      return Long.MAX_VALUE;
    }
    try {
      long id = Long.parseLong(key);
      if (id >= 1) {
        return id;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw Refusal.malformed("cursor is not valid.");
  }

  /**
   * The last-30-days figures and the timeliness of each of {@code active}, by code, from a fixed
   * number of queries however many datasets there are.
   */
  public Map<String, CatalogueFigures> catalogueFigures(List<Dataset> active) {
    Instant now = Times.now(clock);
    Instant to = windowEnd(now);
    Instant from = to.minus(MONTH_HOURS, ChronoUnit.HOURS);
    Map<String, List<Total>> totals = buckets.totals(CATALOGUE_MEASURES, from, to);
    Map<String, List<String>> fields = currentFields.of(totals.keySet());
    Map<String, Instant> lastRecords = buckets.lastRecords();
    Map<String, CatalogueFigures> figures = new HashMap<>();
    for (Dataset dataset : active) {
      String code = dataset.code().toString();
      Map<CountKey, Long> counts = new HashMap<>();
      totals.getOrDefault(code, List.of()).forEach(t -> counts.put(t.key(), t.count()));
      Window window =
          QualityFigures.window(from, to, counts, fields.getOrDefault(code, List.of()), List.of());
      Timeliness status =
          Timeliness.at(
              now,
              dataset.metadata().updateFrequency(),
              lastRecords.get(code),
              properties.graceShare());
      figures.put(code, new CatalogueFigures(now, window, status));
    }
    return figures;
  }

  /** The end (exclusive) of both windows: the end of the current UTC hour. */
  static Instant windowEnd(Instant now) {
    return now.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
  }

  /**
   * A dataset's figures for the DCAT catalogue.
   *
   * @param measuredAt when they were computed
   * @param last30Days the 30-day window
   * @param timeliness timeliness at {@code measuredAt}
   */
  public record CatalogueFigures(Instant measuredAt, Window last30Days, Timeliness timeliness) {}
}
