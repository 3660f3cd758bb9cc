package io.hutong.exchange.lookup;

import java.sql.Date;
import java.time.LocalDate;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Each grant's lookups and verifications per UTC day (table {@code lookup_usage}), shared by every
 * exchange instance: a charge and its check are one statement, so two instances can never let a
 * grant past its quota together.
 */
@Repository
class LookupQuota {

  private final JdbcClient jdbc;

  LookupQuota(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Charges {@code uses} to {@code grant} on {@code day}; false (nothing charged) past quota. */
  boolean charge(UUID grant, LocalDate day, int uses, int quota) {
    if (uses > quota) {
      return false;
    }
    return jdbc.sql(
            "insert into lookup_usage (grant_id, day, used) values (?, ?, ?)"
                + " on conflict (grant_id, day) do update set used = lookup_usage.used + excluded.used"
                + " where lookup_usage.used + excluded.used <= ? returning used")
        .params(grant, Date.valueOf(day), uses, quota)
        .query(Integer.class)
        .optional()
        .isPresent();
  }

  /** Uses charged to {@code grant} on {@code day}. */
  int used(UUID grant, LocalDate day) {
    return jdbc.sql("select used from lookup_usage where grant_id = ? and day = ?")
        .params(grant, Date.valueOf(day))
        .query(Integer.class)
        .optional()
        .orElse(0);
  }
}
