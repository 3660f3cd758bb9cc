package io.hutong.gateway.ratelimit;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The buckets every gateway instance shares, one row per client in PostgreSQL. Taking tokens is one
 * atomic statement (an upsert whose update only happens when the tokens are there), computed on the
 * database's clock, so two instances can never hand out the same allowance twice.
 */
@Component
class SharedBuckets {

  private static final String TAKE =
      """
      with now as (select (extract(epoch from clock_timestamp()) * 1000000)::bigint as t),
      taken as (
        insert into rate_limit_bucket as b (client, tat_micros)
        select ?, t + ? from now where ? <= ?
        on conflict (client) do update
          set tat_micros = greatest(b.tat_micros, (select t from now)) + ?
          where greatest(b.tat_micros, (select t from now)) + ? - (select t from now) <= ?
        returning tat_micros)
      select (select t from now) as now_micros,
             (select tat_micros from taken) as granted,
             (select tat_micros from rate_limit_bucket where client = ?) as previous
      """;

  private final JdbcTemplate jdbc;

  SharedBuckets(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Takes {@code tokens} from {@code client}'s bucket if they are all there. */
  Gcra.Decision take(String client, Gcra limit, long tokens) {
    long cost = tokens * limit.intervalMicros();
    long capacity = limit.capacityMicros();
    return jdbc.queryForObject(
        TAKE,
        (ResultSet row, int n) -> decision(row, limit, cost),
        client,
        cost,
        cost,
        capacity,
        cost,
        cost,
        capacity,
        client);
  }

  private static Gcra.Decision decision(ResultSet row, Gcra limit, long cost) throws SQLException {
    long now = row.getLong("now_micros");
    long granted = row.getLong("granted");
    if (!row.wasNull()) {
      return new Gcra.Decision(true, granted, 0);
    }
    long previous = row.getLong("previous");
    long next = Math.max(previous, now) + cost;
    return new Gcra.Decision(false, previous, Math.max(1, next - limit.capacityMicros() - now));
  }

  /** A bucket whose arrival time has passed is full: its row carries nothing worth keeping. */
  @Scheduled(fixedDelay = 600_000, initialDelay = 600_000)
  void forgetFullBuckets() {
    jdbc.update(
        "delete from rate_limit_bucket"
            + " where tat_micros < (extract(epoch from clock_timestamp()) * 1000000)::bigint");
  }
}
