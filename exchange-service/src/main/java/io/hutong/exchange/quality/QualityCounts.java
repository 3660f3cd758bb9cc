package io.hutong.exchange.quality;

import io.hutong.schemas.quality.QualityMeasure;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * Counters of one ingest batch (or one refusal), by dataset and UTC hour, before they are added to
 * the stored buckets in one statement per table.
 */
public final class QualityCounts {

  /** A bucket: a dataset's UTC hour. */
  public record Bucket(String dataset, Instant hour) {}

  /** One counter of a bucket. */
  public record Counter(Bucket bucket, QualityMeasure measure, String field, String detail) {}

  private final Map<Counter, Long> counters = new HashMap<>();
  private final Map<Bucket, Instant> lastRecord = new HashMap<>();

  /** The bucket of {@code dataset} holding {@code time}. */
  public static Bucket bucket(String dataset, Instant time) {
    return new Bucket(dataset, time.truncatedTo(ChronoUnit.HOURS));
  }

  /** Adds {@code n} to a counter. */
  public void add(Bucket bucket, QualityMeasure measure, String field, String detail, long n) {
    counters.merge(new Counter(bucket, measure, field, detail), n, Long::sum);
  }

  /** Adds one to a counter with no field or detail. */
  public void add(Bucket bucket, QualityMeasure measure) {
    add(bucket, measure, "", "", 1);
  }

  /** Notes a record of {@code bucket} timestamped {@code time}. */
  public void seen(Bucket bucket, Instant time) {
    lastRecord.merge(bucket, time, (a, b) -> a.isAfter(b) ? a : b);
  }

  public Map<Counter, Long> counters() {
    return counters;
  }

  /** Newest record time per bucket that saw records; buckets with only refusals are absent. */
  public Map<Bucket, Instant> lastRecord() {
    return lastRecord;
  }

  public boolean isEmpty() {
    return counters.isEmpty();
  }

  /** Every bucket touched. */
  public java.util.Set<Bucket> buckets() {
    java.util.Set<Bucket> buckets = new java.util.HashSet<>(lastRecord.keySet());
    counters.keySet().forEach(c -> buckets.add(c.bucket()));
    return buckets;
  }
}
