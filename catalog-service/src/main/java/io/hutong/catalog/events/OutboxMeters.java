package io.hutong.catalog.events;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Gauges of the outbox for Prometheus: {@code hutong_outbox_backlog_events} (rows Kafka has not
 * acknowledged yet) and {@code hutong_outbox_oldest_event_age_seconds} (0 when empty). A growing
 * backlog is how a Kafka outage shows in the catalogue: nothing is lost, everything waits here.
 *
 * <p>Both come from one query, run when a scrape asks and at most once per {@link #MAX_AGE}; the
 * values in between are the last ones read. A failed query keeps the last values.
 */
@Component
class OutboxMeters {

  static final Duration MAX_AGE = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(OutboxMeters.class);

  private final JdbcClient jdbc;
  private volatile Snapshot last = new Snapshot(0, 0, 0);

  OutboxMeters(JdbcClient jdbc, MeterRegistry registry) {
    this.jdbc = jdbc;
    Gauge.builder("hutong.outbox.backlog.events", this, m -> m.snapshot().backlog())
        .description("Outbox rows not yet acknowledged by Kafka")
        .register(registry);
    Gauge.builder("hutong.outbox.oldest.event.age.seconds", this, m -> m.snapshot().oldestAge())
        .description("Age of the oldest outbox row not yet acknowledged by Kafka (0 when empty)")
        .register(registry);
  }

  /** What was read at {@code readAt} (nanoTime; 0 before the first read). */
  record Snapshot(long backlog, double oldestAge, long readAt) {}

  Snapshot snapshot() {
    Snapshot current = last;
    long now = System.nanoTime();
    if (current.readAt() != 0 && now - current.readAt() < MAX_AGE.toNanos()) {
      return current;
    }
    synchronized (this) {
      if (last != current) {
        return last;
      }
      try {
        last =
            jdbc.sql(
                    "select count(*), coalesce(extract(epoch from now() - min(created_at)), 0)"
                        + " from outbox")
                .query((rs, i) -> new Snapshot(rs.getLong(1), Math.max(0, rs.getDouble(2)), now))
                .single();
      } catch (RuntimeException e) {
        log.debug("outbox not measured: {}", e.toString());
        last = new Snapshot(current.backlog(), current.oldestAge(), now);
      }
      return last;
    }
  }
}
