package io.hutong.exchange.quality;

import io.hutong.schemas.quality.QualityBucket;
import io.hutong.schemas.quality.QualityCount;
import io.hutong.schemas.quality.QualityMeasure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The measured buckets (tables {@code quality_hour} and {@code quality_count}): added to by the
 * ingest inside its own transaction and by refused publishes, read whole as snapshots for the
 * catalogue. A bucket stays {@code dirty} until Kafka has acknowledged a snapshot of its current
 * revision, so a crash between the two only sends it again.
 */
@Repository
public class QualityStore {

  private final DataSource dataSource;
  private final JdbcClient jdbc;

  QualityStore(DataSource dataSource, JdbcClient jdbc) {
    this.dataSource = dataSource;
    this.jdbc = jdbc;
  }

  /** Adds {@code counts} within the caller's transaction on {@code c}. */
  public void add(Connection c, QualityCounts counts) throws SQLException {
    if (counts.buckets().isEmpty()) {
      return;
    }
    // Buckets first, in a fixed order, so two instances adding to the same ones cannot deadlock.
    List<QualityCounts.Bucket> buckets = new ArrayList<>(counts.buckets());
    buckets.sort(
        Comparator.comparing(QualityCounts.Bucket::dataset)
            .thenComparing(QualityCounts.Bucket::hour));
    try (PreparedStatement s =
        c.prepareStatement(
            "insert into quality_hour (dataset, hour, revision, last_record_time, dirty)"
                + " values (?, ?, 1, ?, true) on conflict (dataset, hour) do update set"
                + " revision = quality_hour.revision + 1, dirty = true,"
                + " last_record_time = greatest(quality_hour.last_record_time,"
                + " excluded.last_record_time)")) {
      for (QualityCounts.Bucket bucket : buckets) {
        Instant last = counts.lastRecord().get(bucket);
        s.setString(1, bucket.dataset());
        s.setTimestamp(2, Timestamp.from(bucket.hour()));
        s.setTimestamp(3, last == null ? null : Timestamp.from(last));
        s.addBatch();
      }
      s.executeBatch();
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "insert into quality_count (dataset, hour, measure, field, detail, n)"
                + " values (?, ?, ?, ?, ?, ?) on conflict (dataset, hour, measure, field, detail)"
                + " do update set n = quality_count.n + excluded.n")) {
      for (Map.Entry<QualityCounts.Counter, Long> counter : counts.counters().entrySet()) {
        QualityCounts.Counter key = counter.getKey();
        s.setString(1, key.bucket().dataset());
        s.setTimestamp(2, Timestamp.from(key.bucket().hour()));
        s.setString(3, key.measure().name());
        s.setString(4, key.field());
        s.setString(5, key.detail());
        s.setLong(6, counter.getValue());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  /** Adds {@code counts} in a transaction of its own (refused publishes). */
  public void add(QualityCounts counts) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        add(c, counts);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("quality counts not stored: " + e.getMessage(), e);
    }
  }

  /** Up to {@code limit} buckets changed since their last acknowledged snapshot, oldest first. */
  public List<QualityBucket> dirty(int limit) {
    List<QualityBucket> buckets =
        jdbc.sql(
                "select dataset, hour, revision, last_record_time from quality_hour where dirty"
                    + " order by hour limit ?")
            .param(limit)
            .query(
                (rs, i) ->
                    QualityBucket.newBuilder()
                        .setDataset(rs.getString(1))
                        .setHour(rs.getTimestamp(2).toInstant())
                        .setRevision(rs.getLong(3))
                        .setLastRecordAt(
                            rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant())
                        .setCounts(new ArrayList<>())
                        .build())
            .list();
    if (buckets.isEmpty()) {
      return buckets;
    }
    // All their counters in one query, not one per bucket. The counts may be a revision ahead of
    // the headers read above; the snapshot then carries more than its revision says, and the next
    // one (the bucket is still dirty) settles it.
    Map<QualityCounts.Bucket, QualityBucket> byBucket = new java.util.HashMap<>();
    buckets.forEach(b -> byBucket.put(new QualityCounts.Bucket(b.getDataset(), b.getHour()), b));
    jdbc.sql(
            "select c.dataset, c.hour, c.measure, c.field, c.detail, c.n from quality_count c"
                + " join unnest(?::text[], ?::text[]) as b(dataset, hour)"
                + " on c.dataset = b.dataset and c.hour = b.hour::timestamptz"
                + " order by c.dataset, c.hour, c.measure, c.field, c.detail")
        .params(
            buckets.stream().map(QualityBucket::getDataset).toArray(String[]::new),
            buckets.stream().map(b -> b.getHour().toString()).toArray(String[]::new))
        .query(
            rs -> {
              byBucket
                  .get(new QualityCounts.Bucket(rs.getString(1), rs.getTimestamp(2).toInstant()))
                  .getCounts()
                  .add(
                      QualityCount.newBuilder()
                          .setMeasure(rs.getString(3))
                          .setField(rs.getString(4))
                          .setDetail(rs.getString(5))
                          .setCount(rs.getLong(6))
                          .build());
            });
    return buckets;
  }

  /** Marks {@code bucket} sent, unless it changed after the snapshot was read. */
  public void sent(QualityBucket bucket) {
    jdbc.sql(
            "update quality_hour set dirty = false where dataset = ? and hour = ?"
                + " and revision = ?")
        .params(bucket.getDataset(), Timestamp.from(bucket.getHour()), bucket.getRevision())
        .update();
  }

  /** Forgets buckets older than {@code before}: the catalogue reports 30 days at most. */
  public int prune(Instant before) {
    jdbc.sql("delete from quality_count where hour < ?").param(Timestamp.from(before)).update();
    return jdbc.sql("delete from quality_hour where hour < ? and not dirty")
        .param(Timestamp.from(before))
        .update();
  }

  /** The value of one counter summed over every bucket of {@code dataset} (for tests and tools). */
  public long total(String dataset, QualityMeasure measure, String field, String detail) {
    return jdbc.sql(
            "select coalesce(sum(n), 0) from quality_count where dataset = ? and measure = ?"
                + " and field = ? and detail = ?")
        .params(dataset, measure.name(), field, detail)
        .query(Long.class)
        .single();
  }
}
