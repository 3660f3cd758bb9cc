package io.hutong.catalog.access;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Records, soon after the fact, that grants reached their {@code validUntil}: publishes the expiry
 * event and audit event. Grants stop counting at {@code validUntil} whether or not this has run;
 * several catalogue instances may run it (rows are locked, skipping busy ones).
 */
@Component
class GrantExpiryJob {

  private static final Logger log = LoggerFactory.getLogger(GrantExpiryJob.class);

  private final AccessReviewService review;

  GrantExpiryJob(AccessReviewService review) {
    this.review = review;
  }

  @Scheduled(fixedDelayString = "${hutong.catalog.grants.expiry-check-interval:5s}")
  void recordExpiries() {
    try {
      int recorded;
      do {
        recorded = review.recordExpiries(100);
        if (recorded > 0) {
          log.info("recorded the expiry of {} grant(s)", recorded);
        }
      } while (recorded == 100);
    } catch (RuntimeException e) {
      log.warn("grant expiry check failed; retrying at the next interval", e);
    }
  }
}
