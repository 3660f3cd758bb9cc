package io.hutong.catalog.statistics;

import io.hutong.catalog.config.StatisticsProperties;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Forgets, once a day, the ids of usage events counted more than {@code seen-retention} (8 days)
 * ago. An id only needs remembering while a resent copy of its event could still arrive, and the
 * audit topic keeps events 7 days; the counts themselves are kept for good. Several catalogue
 * instances may run it: deleting twice is harmless.
 */
@Component
class UsagePruneJob {

  private static final Logger log = LoggerFactory.getLogger(UsagePruneJob.class);

  private final UsageLedger ledger;
  private final StatisticsProperties properties;
  private final Clock clock;

  UsagePruneJob(UsageLedger ledger, StatisticsProperties properties, Clock clock) {
    this.ledger = ledger;
    this.properties = properties;
    this.clock = clock;
  }

  @Scheduled(cron = "${hutong.catalog.statistics.prune-cron:0 17 3 * * *}", zone = "UTC")
  void prune() {
    try {
      LocalDate before =
          LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)
              .minusDays(properties.seenRetention().toDays());
      int pruned = ledger.pruneSeen(before);
      if (pruned > 0) {
        log.info("forgot {} counted usage event id(s) of days before {}", pruned, before);
      }
    } catch (RuntimeException e) {
      log.warn("pruning counted usage event ids failed; retrying tomorrow", e);
    }
  }
}
