package io.hutong.catalog.quality;

import io.hutong.catalog.dataset.UpdateFrequency;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Recorded timeliness: each dataset's status and since when ({@code dataset_timeliness}), and every
 * change of it ({@code timeliness_change}), which departments without Kafka read as a feed.
 */
@Repository
class TimelinessRecords {

  /** Advisory lock key of the timeliness check ("hutong.catalog.timeliness"). */
  private static final long CHECK_LOCK = 0x687574696d65L;

  private final JdbcClient jdbc;

  TimelinessRecords(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Takes the check's lock for the current transaction; false when another catalogue instance is
   * checking right now (it will record the same changes).
   */
  boolean tryLockForCheck() {
    return Boolean.TRUE.equals(
        jdbc.sql("select pg_try_advisory_xact_lock(?)")
            .param(CHECK_LOCK)
            .query(Boolean.class)
            .single());
  }

  /**
   * Every active dataset with what timeliness is judged from, and its recorded status: one query
   * over the catalogue (datasets joined with their last record and recorded status).
   */
  List<Standing> standings() {
    return jdbc.sql(
            "select d.code, d.update_frequency, d.created_at, l.last_record_at, t.status, t.since"
                + " from dataset d left join dataset_last_record l on l.dataset = d.code"
                + " left join dataset_timeliness t on t.dataset = d.code"
                + " where d.status = 'ACTIVE' order by d.code")
        .query(TimelinessRecords::standing)
        .list();
  }

  /** The recorded status of one dataset, if the check has recorded any. */
  Optional<Recorded> recorded(String dataset) {
    return jdbc.sql("select status, since from dataset_timeliness where dataset = ?")
        .param(dataset)
        .query(
            (rs, row) ->
                new Recorded(
                    TimelinessStatus.valueOf(rs.getString(1)), rs.getTimestamp(2).toInstant()))
        .optional();
  }

  /** Stores the current status of a dataset. */
  void record(String dataset, TimelinessStatus status, Instant since) {
    jdbc.sql(
            "insert into dataset_timeliness (dataset, status, since) values (?, ?, ?)"
                + " on conflict (dataset) do update set status = excluded.status,"
                + " since = excluded.since")
        .params(dataset, status.name(), Timestamp.from(since))
        .update();
  }

  /** Appends a change to the feed. */
  void change(TimelinessChange change) {
    jdbc.sql(
            "insert into timeliness_change (dataset, status, previous_status, last_published_at,"
                + " due_at, changed_at) values (?, ?, ?, ?, ?, ?)")
        .params(
            change.dataset(),
            change.status().name(),
            change.previousStatus() == null ? null : change.previousStatus().name(),
            timestamp(change.lastPublishedAt()),
            timestamp(change.dueAt()),
            Timestamp.from(change.changedAt()))
        .update();
  }

  /** Changes newest first, {@code limit} of them with ids below {@code beforeId}. */
  List<TimelinessChange> changes(String dataset, long beforeId, int limit) {
    StringBuilder sql =
        new StringBuilder(
            "select id, dataset, status, previous_status, last_published_at, due_at, changed_at"
                + " from timeliness_change where id < ?");
    List<Object> params = new java.util.ArrayList<>(List.of(beforeId));
    if (dataset != null) {
      sql.append(" and dataset = ?");
      params.add(dataset);
    }
    sql.append(" order by id desc limit ?");
    params.add(limit);
    return jdbc.sql(sql.toString()).params(params).query(TimelinessRecords::change).list();
  }

  private static Standing standing(ResultSet rs, int row) throws SQLException {
    String status = rs.getString(5);
    return new Standing(
        rs.getString(1),
        UpdateFrequency.valueOf(rs.getString(2)),
        rs.getTimestamp(3).toInstant(),
        instant(rs.getTimestamp(4)),
        status == null
            ? null
            : new Recorded(TimelinessStatus.valueOf(status), instant(rs.getTimestamp(6))));
  }

  private static TimelinessChange change(ResultSet rs, int row) throws SQLException {
    String previous = rs.getString(4);
    return new TimelinessChange(
        rs.getLong(1),
        rs.getString(2),
        TimelinessStatus.valueOf(rs.getString(3)),
        previous == null ? null : TimelinessStatus.valueOf(previous),
        instant(rs.getTimestamp(5)),
        instant(rs.getTimestamp(6)),
        rs.getTimestamp(7).toInstant());
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }

  private static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  /** A dataset as the timeliness check sees it; {@code recorded} is null before its first check. */
  record Standing(
      String dataset,
      UpdateFrequency frequency,
      Instant registeredAt,
      Instant lastRecordAt,
      Recorded recorded) {}

  /** A status the check recorded, and since when it holds. */
  record Recorded(TimelinessStatus status, Instant since) {}
}
