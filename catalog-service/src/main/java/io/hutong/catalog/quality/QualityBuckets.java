package io.hutong.catalog.quality;

import io.hutong.schemas.quality.QualityBucket;
import io.hutong.schemas.quality.QualityCount;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The hourly quality buckets in tables {@code quality_bucket} and {@code quality_count}, and the
 * newest record per dataset in {@code dataset_last_record}. A snapshot replaces a bucket only when
 * its revision is higher than the stored one, so applying a snapshot twice, or an older one after a
 * newer, changes nothing: the follower needs no exactly-once delivery.
 */
@Repository
class QualityBuckets {

  private final JdbcClient jdbc;

  QualityBuckets(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Stores {@code bucket} when newer than what is stored, and remembers its last record in any
   * case. Returns whether the bucket's counts were replaced.
   */
  @Transactional
  boolean apply(QualityBucket bucket, Instant receivedAt) {
    String dataset = bucket.getDataset();
    Timestamp hour = Timestamp.from(bucket.getHour());
    Instant lastRecordAt = bucket.getLastRecordAt();
    if (lastRecordAt != null) {
      noteLastRecord(dataset, lastRecordAt);
    }
    boolean newer =
        jdbc.sql(
                    "insert into quality_bucket (dataset, hour, revision, last_record_at,"
                        + " received_at) values (?, ?, ?, ?, ?) on conflict (dataset, hour) do"
                        + " update set revision = excluded.revision, last_record_at ="
                        + " excluded.last_record_at, received_at = excluded.received_at where"
                        + " quality_bucket.revision < excluded.revision")
                .params(
                    dataset,
                    hour,
                    bucket.getRevision(),
                    lastRecordAt == null ? null : Timestamp.from(lastRecordAt),
                    Timestamp.from(receivedAt))
                .update()
            == 1;
    if (!newer) {
      return false;
    }
    jdbc.sql("delete from quality_count where dataset = ? and hour = ?")
        .params(dataset, hour)
        .update();
    for (Map.Entry<CountKey, Long> count : merged(bucket.getCounts()).entrySet()) {
      jdbc.sql(
              "insert into quality_count (dataset, hour, measure, field, detail, count)"
                  + " values (?, ?, ?, ?, ?, ?)")
          .params(
              dataset,
              hour,
              count.getKey().measure(),
              count.getKey().field(),
              count.getKey().detail(),
              count.getValue())
          .update();
    }
    return true;
  }

  /** Counters named twice in one snapshot are added up rather than refused. */
  private static Map<CountKey, Long> merged(List<QualityCount> counts) {
    Map<CountKey, Long> merged = new HashMap<>();
    for (QualityCount count : counts) {
      merged.merge(
          new CountKey(count.getMeasure(), count.getField(), count.getDetail()),
          count.getCount(),
          Long::sum);
    }
    return merged;
  }

  /** Remembers only the last record of {@code bucket}, for a snapshot too old to store. */
  void rememberLastRecord(QualityBucket bucket) {
    if (bucket.getLastRecordAt() != null) {
      noteLastRecord(bucket.getDataset(), bucket.getLastRecordAt());
    }
  }

  private void noteLastRecord(String dataset, Instant at) {
    jdbc.sql(
            "insert into dataset_last_record (dataset, last_record_at) values (?, ?) on conflict"
                + " (dataset) do update set last_record_at = greatest("
                + "dataset_last_record.last_record_at, excluded.last_record_at)")
        .params(dataset, Timestamp.from(at.truncatedTo(ChronoUnit.MICROS)))
        .update();
  }

  /** Deletes buckets (and their counts) that start before {@code horizon}; returns how many. */
  int pruneBefore(Instant horizon) {
    return jdbc.sql("delete from quality_bucket where hour < ?")
        .param(Timestamp.from(horizon))
        .update();
  }

  /** The newest record ever counted for {@code dataset}. */
  Optional<Instant> lastRecord(String dataset) {
    return jdbc.sql("select last_record_at from dataset_last_record where dataset = ?")
        .param(dataset)
        .query((rs, row) -> rs.getTimestamp(1).toInstant())
        .optional();
  }

  /** The newest record ever counted, for every dataset that has one. */
  Map<String, Instant> lastRecords() {
    Map<String, Instant> last = new HashMap<>();
    jdbc.sql("select dataset, last_record_at from dataset_last_record")
        .query(
            (RowCallbackHandler) rs -> last.put(rs.getString(1), rs.getTimestamp(2).toInstant()));
    return last;
  }

  /**
   * The counters of {@code dataset} summed over the hours from {@code wideFrom} (inclusive) to
   * {@code to} (exclusive), and separately over those from {@code narrowFrom}: both windows in one
   * pass.
   */
  List<Sums> sums(String dataset, Instant narrowFrom, Instant wideFrom, Instant to) {
    return jdbc.sql(
            "select measure, field, detail, coalesce(sum(count) filter (where hour >= ?), 0),"
                + " sum(count) from quality_count where dataset = ? and hour >= ? and hour < ?"
                + " group by measure, field, detail")
        .params(Timestamp.from(narrowFrom), dataset, Timestamp.from(wideFrom), Timestamp.from(to))
        .query(
            (rs, row) ->
                new Sums(
                    new CountKey(rs.getString(1), rs.getString(2), rs.getString(3)),
                    rs.getLong(4),
                    rs.getLong(5)))
        .list();
  }

  /**
   * The counters of {@code measures} summed per dataset over the hours from {@code from} to {@code
   * to}, for every dataset at once (one grouped query, however many datasets).
   */
  Map<String, List<Total>> totals(List<String> measures, Instant from, Instant to) {
    Map<String, List<Total>> totals = new HashMap<>();
    jdbc.sql(
            "select dataset, measure, field, detail, sum(count) from quality_count"
                + " where hour >= ? and hour < ? and measure = any(?)"
                + " group by dataset, measure, field, detail")
        .params(Timestamp.from(from), Timestamp.from(to), measures.toArray(String[]::new))
        .query(
            (RowCallbackHandler)
                rs -> {
                  totals
                      .computeIfAbsent(rs.getString(1), d -> new ArrayList<>())
                      .add(
                          new Total(
                              new CountKey(rs.getString(2), rs.getString(3), rs.getString(4)),
                              rs.getLong(5)));
                });
    return totals;
  }

  /** What a counter counts: a measure, and its field and detail ("" when none). */
  record CountKey(String measure, String field, String detail) {}

  /** A counter summed over the narrow and the wide window. */
  record Sums(CountKey key, long narrow, long wide) {}

  /** A counter summed over one window. */
  record Total(CountKey key, long count) {}
}
