package io.hutong.catalog.quality;

import io.hutong.catalog.config.QualityProperties;
import io.hutong.catalog.events.CatalogEventLog;
import io.hutong.catalog.quality.TimelinessRecords.Standing;
import io.hutong.catalog.rules.Times;
import io.hutong.schemas.catalog.CatalogTopics;
import io.hutong.schemas.catalog.DatasetTimeliness;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Judges every active dataset's timeliness and records what changed: the new status and since when,
 * and — when a dataset turns late, or from late or never published to on time — an entry of the
 * change feed and a {@code DatasetTimeliness} event in the outbox, all in one transaction. One
 * catalogue instance checks at a time (a transaction-scoped advisory lock); another finding the
 * lock taken skips the round.
 */
@Service
class TimelinessCheck {

  /** The actor of the events: the catalogue itself judged. */
  static final String SYSTEM = "catalog-service";

  private final TimelinessRecords records;
  private final CatalogEventLog events;
  private final QualityProperties properties;
  private final Clock clock;

  TimelinessCheck(
      TimelinessRecords records,
      CatalogEventLog events,
      QualityProperties properties,
      Clock clock) {
    this.records = records;
    this.events = events;
    this.properties = properties;
    this.clock = clock;
  }

  /** One round; returns how many changes were announced (0 when another instance holds it). */
  @Transactional
  int run() {
    if (!records.tryLockForCheck()) {
      return 0;
    }
    Instant now = Times.now(clock);
    int announced = 0;
    for (Standing standing : records.standings()) {
      Timeliness timeliness =
          Timeliness.at(
              now, standing.frequency(), standing.lastRecordAt(), properties.graceShare());
      TimelinessStatus previous = standing.recorded() == null ? null : standing.recorded().status();
      if (previous == timeliness.status()) {
        continue;
      }
      records.record(
          standing.dataset(), timeliness.status(), timeliness.since(standing.registeredAt()));
      if (announces(previous, timeliness.status())) {
        announce(standing.dataset(), previous, timeliness, now);
        announced++;
      }
    }
    return announced;
  }

  /**
   * Whether a change is news: turning late, and turning on time from late or never published. A
   * dataset's first recorded status is news only when it is late; a fresh dataset being "never
   * published" or a first check finding it on time tells nobody anything.
   */
  static boolean announces(TimelinessStatus previous, TimelinessStatus next) {
    if (previous == null) {
      return next == TimelinessStatus.LATE;
    }
    return previous != next && next != TimelinessStatus.NEVER_PUBLISHED;
  }

  private void announce(
      String dataset, TimelinessStatus previous, Timeliness timeliness, Instant now) {
    records.change(
        new TimelinessChange(
            0,
            dataset,
            timeliness.status(),
            previous,
            timeliness.lastPublishedAt(),
            timeliness.dueAt(),
            now));
    events.append(
        CatalogTopics.timelinessKey(dataset),
        DatasetTimeliness.newBuilder()
            .setDataset(dataset)
            .setStatus(io.hutong.schemas.catalog.Timeliness.valueOf(timeliness.status().name()))
            .setLastPublishedAt(timeliness.lastPublishedAt())
            .setDueAt(timeliness.dueAt())
            .build(),
        SYSTEM);
  }
}
