package io.hutong.catalog.quality;

import io.hutong.catalog.config.QualityProperties;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The quality feature's periodic work: checking timeliness (every minute by default) and deleting
 * buckets past the retention (hourly). Both are safe with several catalogue instances: the check
 * takes an advisory lock, and pruning deletes what any instance would.
 */
@Component
class QualityJobs {

  private static final Logger log = LoggerFactory.getLogger(QualityJobs.class);

  private final TimelinessCheck check;
  private final QualityBuckets buckets;
  private final QualityProperties properties;
  private final Clock clock;

  QualityJobs(
      TimelinessCheck check, QualityBuckets buckets, QualityProperties properties, Clock clock) {
    this.check = check;
    this.buckets = buckets;
    this.properties = properties;
    this.clock = clock;
  }

  @Scheduled(
      fixedDelayString = "${hutong.catalog.quality.timeliness-check-interval:1m}",
      initialDelayString = "${hutong.catalog.quality.timeliness-check-interval:1m}")
  void checkTimeliness() {
    try {
      int announced = check.run();
      if (announced > 0) {
        log.info("recorded {} timeliness change(s)", announced);
      }
    } catch (RuntimeException e) {
      log.warn("timeliness check failed; retrying at the next interval", e);
    }
  }

  @Scheduled(fixedDelayString = "${hutong.catalog.quality.prune-interval:1h}")
  void pruneBuckets() {
    try {
      int pruned = buckets.pruneBefore(clock.instant().minus(properties.retention()));
      if (pruned > 0) {
        log.info("pruned {} quality bucket(s) past the retention", pruned);
      }
    } catch (RuntimeException e) {
      log.warn("pruning quality buckets failed; retrying at the next interval", e);
    }
  }
}
