package io.hutong.audit.retention;

import io.hutong.audit.config.AuditProperties;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Clears the bodies (and personal columns) of entries older than the retention period, keeping
 * their leaf hashes, so old proofs and tree heads still verify; the record keys those entries named
 * leave the key search with them. It logs in with its own role, which the migrations allow to
 * update those columns, delete those keys, and nothing else.
 */
@Component
public class RetentionJob {

  private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);
  private static final int BATCH = 10_000;

  private final DataSource retentionRole;
  private final AuditProperties.Retention settings;
  private final Clock clock;

  RetentionJob(DataSourceProperties database, AuditProperties properties, Clock clock) {
    this.settings = properties.retention();
    this.retentionRole =
        new DriverManagerDataSource(
            database.determineUrl(), settings.username(), settings.password());
    this.clock = clock;
  }

  @Scheduled(
      initialDelayString = "${hutong.audit.retention.interval:1h}",
      fixedDelayString = "${hutong.audit.retention.interval:1h}")
  void scheduled() {
    try {
      int cleared = run();
      if (cleared > 0) {
        log.info("retention cleared the bodies of {} audit entries", cleared);
      }
    } catch (SQLException e) {
      log.warn("retention run failed; retrying at the next interval", e);
    }
  }

  /** Clears every entry older than the period; returns how many. */
  public int run() throws SQLException {
    Instant cutoff = clock.instant().minus(settings.period());
    int total = 0;
    try (Connection connection = retentionRole.getConnection();
        PreparedStatement clear =
            connection.prepareStatement(
                "with cleared as (update audit_entry set body = null, actor = null,"
                    + " department = null, dataset = null, retained = false where leaf_index in"
                    + " (select leaf_index from audit_entry where retained and event_time < ?"
                    + " order by leaf_index limit ?) returning leaf_index),"
                    + " unkeyed as (delete from audit_entry_key where leaf_index in"
                    + " (select leaf_index from cleared))"
                    + " select count(*) from cleared")) {
      connection.setSchema("audit");
      int cleared;
      do {
        clear.setTimestamp(1, Timestamp.from(cutoff));
        clear.setInt(2, BATCH);
        try (ResultSet count = clear.executeQuery()) {
          count.next();
          cleared = count.getInt(1);
        }
        total += cleared;
      } while (cleared == BATCH);
    }
    return total;
  }
}
