package io.hutong.catalog.statistics;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The queries behind the sharing statistics: grouped counts over the catalogue's own tables
 * (datasets, access requests) and over the usage counted from the audit events ({@code
 * usage_daily}). Read-only; every figure is grouped by the department it is reported under.
 */
@Repository
class StatisticsRepository {

  private final JdbcClient jdbc;

  StatisticsRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A department's code and name. */
  record Department(String code, String name) {}

  /** A count of something ({@code kind}) for one department. */
  record Count(String department, String kind, long count) {}

  /** A provider's decision on a conditional request: when asked, when decided. */
  record Decision(String provider, Instant requestedAt, Instant decidedAt) {}

  /** Usage of a provider's datasets by one department, summed over the period. */
  record Used(
      String provider, String department, String action, long events, long records, long keys) {}

  List<Department> departments() {
    return jdbc.sql("select code, name from department order by code")
        .query((rs, row) -> new Department(rs.getString(1), rs.getString(2)))
        .list();
  }

  /** Active datasets per provider and sharing type, as they stand. */
  List<Count> activeDatasets() {
    return counts(
        "select provider, sharing_type, count(*) from dataset where status = 'ACTIVE'"
            + " group by provider, sharing_type");
  }

  /** Requests made in [start, end), per provider. */
  List<Count> received(Instant start, Instant end) {
    return counts(
        "select provider, 'RECEIVED', count(*) from access_request"
            + " where requested_at >= ? and requested_at < ? group by provider",
        ts(start),
        ts(end));
  }

  /** Requests decided (approved, rejected, withdrawn) in [start, end), per provider and status. */
  List<Count> decided(Instant start, Instant end) {
    return counts(
        "select provider, status, count(*) from access_request"
            + " where decided_at >= ? and decided_at < ? group by provider, status",
        ts(start),
        ts(end));
  }

  /**
   * Requests whose reply deadline passed in [start, end) and before {@code now} without a decision
   * by then: still pending, or decided (or withdrawn) after it.
   */
  List<Count> overdue(Instant start, Instant end, Instant now) {
    return counts(
        "select provider, 'OVERDUE', count(*) from access_request"
            + " where reply_deadline >= ? and reply_deadline < ? and reply_deadline < ?"
            + " and (decided_at is null or decided_at > reply_deadline) group by provider",
        ts(start),
        ts(end),
        ts(now));
  }

  /**
   * Approvals and rejections of conditional requests (those with a reply deadline) decided in
   * [start, end): the provider's reviews, whose duration is measured.
   */
  List<Decision> reviewed(Instant start, Instant end) {
    return jdbc.sql(
            "select provider, requested_at, decided_at from access_request"
                + " where reply_deadline is not null and status in ('APPROVED', 'REJECTED')"
                + " and decided_at >= ? and decided_at < ?")
        .params(ts(start), ts(end))
        .query(
            (rs, row) ->
                new Decision(
                    rs.getString(1),
                    rs.getTimestamp(2).toInstant(),
                    rs.getTimestamp(3).toInstant()))
        .list();
  }

  /** Usage counted from the audit events on the days [from, to], per provider and department. */
  List<Used> usage(LocalDate from, LocalDate to) {
    return jdbc.sql(
            "select provider, department, action, sum(events), sum(records), sum(keys)"
                + " from usage_daily where day >= ? and day <= ?"
                + " group by provider, department, action")
        .params(from, to)
        .query(
            (rs, row) ->
                new Used(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getLong(4),
                    rs.getLong(5),
                    rs.getLong(6)))
        .list();
  }

  private List<Count> counts(String sql, Object... params) {
    return jdbc.sql(sql)
        .params(params)
        .query((rs, row) -> new Count(rs.getString(1), rs.getString(2), rs.getLong(3)))
        .list();
  }

  private static Timestamp ts(Instant instant) {
    return Timestamp.from(instant);
  }
}
