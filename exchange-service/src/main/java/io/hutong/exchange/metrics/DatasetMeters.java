package io.hutong.exchange.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The exchange's traffic per dataset, for Prometheus: records and bytes accepted by publish,
 * records refused, records and bytes delivered to consumers (fetch, long poll and stream alike).
 *
 * <p>Exists so the publish and delivery paths count without touching the registry per call: the
 * counters of a dataset are looked up once and kept, and every call adds a whole batch. Dataset
 * codes come from the catalogue (a call is counted only once its dataset is known), so the tag
 * values stay a bounded set. Bytes are the encoded record values as stored in Kafka (single-object
 * Avro), the same measure on both sides.
 */
@Component
public class DatasetMeters {

  private final MeterRegistry registry;
  private final Map<String, Dataset> datasets = new ConcurrentHashMap<>();
  private final Map<String, Counter> rejected = new ConcurrentHashMap<>();

  public DatasetMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The four counters of one dataset. */
  private record Dataset(
      Counter publishedRecords,
      Counter publishedBytes,
      Counter fetchedRecords,
      Counter fetchedBytes) {}

  /** A batch of {@code records} records, {@code bytes} bytes, written to {@code dataset}. */
  public void published(String dataset, int records, long bytes) {
    Dataset counters = of(dataset);
    counters.publishedRecords().increment(records);
    counters.publishedBytes().increment(bytes);
  }

  /** {@code records} records of a refused batch; {@code reason} is schema or standard. */
  public void rejected(String dataset, String reason, int records) {
    String key = dataset + '\n' + reason;
    Counter counter = rejected.get(key);
    if (counter == null) {
      counter =
          rejected.computeIfAbsent(
              key,
              k ->
                  Counter.builder("hutong.publish.rejected.records")
                      .description("Records refused by publish (schema or standard problems)")
                      .tag("dataset", dataset)
                      .tag("reason", reason)
                      .register(registry));
    }
    counter.increment(records);
  }

  /** {@code records} records, {@code bytes} bytes, delivered to a consumer of {@code dataset}. */
  public void delivered(String dataset, int records, long bytes) {
    if (records == 0) {
      return;
    }
    Dataset counters = of(dataset);
    counters.fetchedRecords().increment(records);
    counters.fetchedBytes().increment(bytes);
  }

  private Dataset of(String dataset) {
    Dataset counters = datasets.get(dataset);
    return counters != null ? counters : datasets.computeIfAbsent(dataset, this::register);
  }

  private Dataset register(String dataset) {
    return new Dataset(
        counter("hutong.publish.records", "Records accepted by publish", dataset),
        counter("hutong.publish.bytes", "Bytes of record values accepted by publish", dataset),
        counter("hutong.fetch.records", "Records delivered to consumers", dataset),
        counter("hutong.fetch.bytes", "Bytes of record values delivered to consumers", dataset));
  }

  private Counter counter(String name, String description, String dataset) {
    return Counter.builder(name)
        .description(description)
        .tag("dataset", dataset)
        .register(registry);
  }
}
