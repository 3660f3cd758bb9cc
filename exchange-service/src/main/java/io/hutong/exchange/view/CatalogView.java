package io.hutong.exchange.view;

import io.hutong.schemas.catalog.CatalogEvent;
import io.hutong.schemas.catalog.CatalogEvents;
import io.hutong.schemas.catalog.CatalogTopics;
import io.hutong.schemas.catalog.DatasetPublished;
import io.hutong.schemas.catalog.DatasetRetired;
import io.hutong.schemas.catalog.DatasetStandards;
import io.hutong.schemas.catalog.DatasetState;
import io.hutong.schemas.catalog.DatasetUpdated;
import io.hutong.schemas.catalog.GrantIssued;
import io.hutong.schemas.catalog.GrantRevoked;
import io.hutong.schemas.catalog.SchemaVersionAdded;
import io.hutong.service.kafka.KafkaClientMeters;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The exchange's own knowledge of datasets, schema versions and grants, built from the compacted
 * topic {@code hutong.catalog.events}: replayed from the beginning at start, then followed. The
 * exchange never calls the catalogue on the request path, so a catalogue outage stops neither
 * publishing nor delivery. Readiness waits for the replay to reach the end offsets seen at start.
 */
@Component
public class CatalogView implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(CatalogView.class);

  private final KafkaProperties kafka;
  private final Map<String, DatasetState> datasets = new ConcurrentHashMap<>();
  private final Map<String, NavigableMap<Integer, SchemaVersion>> schemas =
      new ConcurrentHashMap<>();
  private final Map<Long, SchemaVersion> byFingerprint = new ConcurrentHashMap<>();
  private final Map<UUID, GrantView> grants = new ConcurrentHashMap<>();
  private final Map<String, StandardsView> standards = new ConcurrentHashMap<>();
  private final List<Consumer<GrantView>> grantEndListeners = new CopyOnWriteArrayList<>();
  private volatile boolean running;
  private volatile boolean replayed;
  private Thread thread;

  private final MeterRegistry registry;

  CatalogView(KafkaProperties kafka, MeterRegistry registry) {
    this.kafka = kafka;
    this.registry = registry;
  }

  /** One schema version of a dataset. */
  public record SchemaVersion(String dataset, int version, Schema schema, long fingerprint) {}

  /**
   * A grant as the exchange knows it; {@code ended} once revoked or expired. {@code fields} may be
   * read, {@code verifyFields} only compared with values the consumer holds; {@code lookupQuota}
   * bounds lookups plus verifications per UTC day (null: none).
   */
  public record GrantView(
      UUID id,
      String dataset,
      String consumer,
      List<String> fields,
      List<String> verifyFields,
      Integer lookupQuota,
      Instant validUntil,
      boolean ended) {

    /** A grant that has ended: what it allowed is kept for the listeners. */
    GrantView endedNow() {
      return new GrantView(
          id, dataset, consumer, fields, verifyFields, lookupQuota, validUntil, true);
    }

    /** Live at {@code now}: not ended, and {@code validUntil} not passed. */
    public boolean liveAt(Instant now) {
      return !ended && (validUntil == null || now.isBefore(validUntil));
    }
  }

  public Optional<DatasetState> dataset(String code) {
    return Optional.ofNullable(datasets.get(code));
  }

  /** The field standards of {@code code} ({@link StandardsView#NONE} when it has none). */
  public StandardsView standards(String code) {
    return standards.getOrDefault(code, StandardsView.NONE);
  }

  /** The version publishers must write with. */
  public Optional<SchemaVersion> currentSchema(String code) {
    DatasetState state = datasets.get(code);
    NavigableMap<Integer, SchemaVersion> versions = schemas.get(code);
    if (state == null || versions == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(versions.get(state.getCurrentSchemaVersion()));
  }

  /**
   * The newest version of {@code code} whose schema has {@code fingerprint}: the version a record
   * published already encoded was written with.
   */
  public Optional<SchemaVersion> schemaOf(String code, long fingerprint) {
    NavigableMap<Integer, SchemaVersion> versions = schemas.get(code);
    if (versions == null) {
      return Optional.empty();
    }
    for (SchemaVersion version : versions.descendingMap().values()) {
      if (version.fingerprint() == fingerprint) {
        return Optional.of(version);
      }
    }
    return Optional.empty();
  }

  /** Whether more than one version of {@code code} has the schema of {@code fingerprint}. */
  public boolean twinned(String code, long fingerprint) {
    NavigableMap<Integer, SchemaVersion> versions = schemas.get(code);
    return versions != null
        && versions.values().stream().filter(v -> v.fingerprint() == fingerprint).count() > 1;
  }

  /**
   * The version of {@code code} that wrote a value with {@code fingerprint}: the dataset's own
   * version with that schema, else any registered schema with it (a dataset whose schema another
   * one shares).
   */
  public Optional<SchemaVersion> writer(String code, long fingerprint) {
    return schemaOf(code, fingerprint).or(() -> schemaByFingerprint(fingerprint));
  }

  /** The schema a record was written with, by its single-object-encoding fingerprint. */
  public Optional<SchemaVersion> schemaByFingerprint(long fingerprint) {
    return Optional.ofNullable(byFingerprint.get(fingerprint));
  }

  /** The live grant of {@code consumer} for {@code dataset} at {@code now}, if any. */
  public Optional<GrantView> liveGrant(String dataset, String consumer, Instant now) {
    return grants.values().stream()
        .filter(g -> g.dataset().equals(dataset) && g.consumer().equals(consumer) && g.liveAt(now))
        .findFirst();
  }

  /** A grant by id, if known. */
  public Optional<GrantView> grant(UUID id) {
    return Optional.ofNullable(grants.get(id));
  }

  /** Called when a grant is revoked or expires, so open streams can close within a second. */
  public void onGrantEnded(Consumer<GrantView> listener) {
    grantEndListeners.add(listener);
  }

  public boolean replayed() {
    return replayed;
  }

  @Override
  public void start() {
    running = true;
    thread = Thread.ofPlatform().name("catalog-view").daemon().start(this::follow);
  }

  @Override
  public void stop() {
    running = false;
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void follow() {
    while (running) {
      try (KafkaConsumer<String, byte[]> consumer = consumer();
          KafkaClientMeters.Binding meters = KafkaClientMeters.bind(registry, consumer)) {
        List<TopicPartition> partitions =
            consumer.partitionsFor(CatalogTopics.EVENTS, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        if (partitions.isEmpty()) {
          sleep(1_000);
          continue;
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> endAtStart =
            consumer.endOffsets(partitions, Duration.ofSeconds(10));
        while (running) {
          for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            try {
              apply(record);
            } catch (RuntimeException e) {
              // One bad event must not stop every later one (a revocation among them) from
              // applying.
              log.error(
                  "catalogue event at offset {} could not be applied: {}",
                  record.offset(),
                  e.toString());
            }
          }
          if (!replayed && caughtUp(consumer, endAtStart)) {
            replayed = true;
            log.info(
                "catalogue view replayed: {} datasets, {} grants", datasets.size(), grants.size());
          }
        }
      } catch (RuntimeException e) {
        log.warn("catalogue view interrupted: {}; replaying again", e.toString());
        sleep(1_000);
      }
    }
  }

  private static boolean caughtUp(
      KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      if (consumer.position(end.getKey()) < end.getValue()) {
        return false;
      }
    }
    return true;
  }

  void apply(ConsumerRecord<String, byte[]> record) {
    if (record.value() == null) {
      return;
    }
    CatalogEvent event;
    try {
      event = CatalogEvents.decode(ByteBuffer.wrap(record.value()));
    } catch (Exception e) {
      log.error(
          "skipping unreadable catalogue event at offset {}: {}", record.offset(), e.toString());
      return;
    }
    switch (event.getPayload()) {
      case DatasetPublished p -> datasets.put(p.getDataset().getCode(), p.getDataset());
      case DatasetUpdated p -> datasets.put(p.getDataset().getCode(), p.getDataset());
      case DatasetRetired p -> datasets.put(p.getDataset().getCode(), p.getDataset());
      case SchemaVersionAdded p -> {
        SchemaVersion version =
            new SchemaVersion(
                p.getDataset(),
                p.getVersion(),
                new Schema.Parser().parse(p.getSchema$()),
                p.getFingerprint());
        schemas
            .computeIfAbsent(p.getDataset(), k -> new ConcurrentSkipListMap<>())
            .put(p.getVersion(), version);
        byFingerprint.put(p.getFingerprint(), version);
      }
      case GrantIssued p ->
          grants.put(
              p.getGrantId(),
              new GrantView(
                  p.getGrantId(),
                  p.getDataset(),
                  p.getConsumer(),
                  List.copyOf(p.getFields()),
                  List.copyOf(p.getVerifyFields()),
                  p.getLookupQuota(),
                  p.getValidUntil(),
                  false));
      case GrantRevoked p -> {
        GrantView before = grants.get(p.getGrantId());
        GrantView ended =
            before != null
                ? before.endedNow()
                : new GrantView(
                    p.getGrantId(),
                    p.getDataset(),
                    p.getConsumer(),
                    List.of(),
                    List.of(),
                    null,
                    null,
                    true);
        grants.put(p.getGrantId(), ended);
        grantEndListeners.forEach(listener -> listener.accept(ended));
      }
      case DatasetStandards p -> standards.put(p.getDataset(), StandardsView.of(p));
      default ->
          log.debug("ignoring catalogue event {}", event.getPayload().getClass().getSimpleName());
    }
  }

  private KafkaConsumer<String, byte[]> consumer() {
    Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "exchange-catalog-view");
    return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
