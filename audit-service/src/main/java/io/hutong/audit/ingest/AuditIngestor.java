package io.hutong.audit.ingest;

import io.hutong.audit.config.AuditProperties;
import io.hutong.audit.tree.Frontier;
import io.hutong.audit.tree.TreeStore;
import io.hutong.audit.verifier.Rfc9162;
import io.hutong.schemas.audit.AuditEvent;
import io.hutong.schemas.audit.AuditEvents;
import io.hutong.schemas.audit.AuditLimits;
import io.hutong.schemas.audit.AuditTopics;
import io.hutong.service.kafka.KafkaClientMeters;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Appends every event of {@code hutong.audit.events} to the log exactly once. Each poll becomes one
 * database transaction: events already in the log (redeliveries, producer retries) are skipped by
 * id, the rest become leaves with the subtree nodes they complete; Kafka offsets are committed only
 * after the database committed. A crash in between redelivers events that the id check then skips.
 * One instance ingests at a time (PostgreSQL advisory lock); others stand by.
 */
@Component
public class AuditIngestor implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(AuditIngestor.class);
  private static final long INGEST_LOCK = 0x617564697431L;

  private final DataSource dataSource;
  private final TreeStore tree;
  private final KafkaProperties kafka;
  private final AuditProperties.Ingest settings;
  private final AtomicLong lag = new AtomicLong();
  private final AtomicLong appended = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong undecodable = new AtomicLong();
  private volatile boolean running;
  private volatile boolean leader;
  private long lagMeasuredAt;
  private Thread thread;

  private final MeterRegistry registry;

  AuditIngestor(
      DataSource dataSource,
      TreeStore tree,
      KafkaProperties kafka,
      AuditProperties properties,
      MeterRegistry registry) {
    this.registry = registry;
    this.dataSource = dataSource;
    this.tree = tree;
    this.kafka = kafka;
    this.settings = properties.ingest();
  }

  @Override
  public void start() {
    running = true;
    thread = Thread.ofPlatform().name("audit-ingest").start(this::run);
  }

  @Override
  public void stop() {
    running = false;
    try {
      thread.join(15_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Events behind the end of the topic, summed over partitions, as of the last poll. */
  public long lag() {
    return lag.get();
  }

  public boolean leader() {
    return leader;
  }

  public long appended() {
    return appended.get();
  }

  public long duplicatesSkipped() {
    return duplicates.get();
  }

  public long undecodable() {
    return undecodable.get();
  }

  private void run() {
    while (running) {
      try (Connection connection = dataSource.getConnection()) {
        if (!lock(connection)) {
          leader = false;
          sleep(2_000);
          continue;
        }
        leader = true;
        ingest(connection);
      } catch (Exception e) {
        log.warn(
            "audit ingest interrupted: {}; restarting from the committed position", e.toString());
        sleep(1_000);
      } finally {
        leader = false;
      }
    }
  }

  private void ingest(Connection connection) throws SQLException {
    connection.setAutoCommit(false);
    Frontier frontier = Frontier.restore(tree.size(), tree::hash);
    try (KafkaConsumer<String, byte[]> consumer = consumer();
        KafkaClientMeters.Binding meters = KafkaClientMeters.bind(registry, consumer)) {
      consumer.subscribe(List.of(AuditTopics.EVENTS));
      while (running) {
        ConsumerRecords<String, byte[]> records = consumer.poll(settings.pollTimeout());
        updateLag(consumer);
        if (records.isEmpty()) {
          continue;
        }
        Frontier next = frontier.copy();
        try {
          append(connection, records, next);
          connection.commit();
        } catch (SQLException | RuntimeException e) {
          connection.rollback();
          throw e;
        }
        frontier = next;
        consumer.commitSync(offsets(records));
      }
    } finally {
      unlock(connection);
    }
  }

  private void append(
      Connection connection, ConsumerRecords<String, byte[]> records, Frontier frontier)
      throws SQLException {
    Map<UUID, AuditEvent> batch = new LinkedHashMap<>();
    List<ConsumerRecord<String, byte[]>> rejected = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      try {
        AuditEvent event = AuditEvents.decode(ByteBuffer.wrap(record.value()));
        if (batch.putIfAbsent(event.getId(), event) != null) {
          duplicates.incrementAndGet();
        }
      } catch (Exception e) {
        undecodable.incrementAndGet();
        rejected.add(record);
        log.error(
            "audit message at {}-{}@{} is not an AuditEvent ({}); kept in audit_rejected",
            record.topic(),
            record.partition(),
            record.offset(),
            e.toString());
      }
    }
    if (!rejected.isEmpty()) {
      reject(connection, rejected);
    }
    if (batch.isEmpty()) {
      return;
    }
    Set<UUID> known = TreeStore.existing(connection, new ArrayList<>(batch.keySet()));
    duplicates.addAndGet(known.size());
    List<TreeStore.Leaf> leaves = new ArrayList<>(batch.size());
    List<Frontier.Node> nodes = new ArrayList<>(batch.size());
    for (AuditEvent event : batch.values()) {
      if (known.contains(event.getId())) {
        continue;
      }
      String body = CanonicalEvent.of(event);
      byte[] leafHash = Rfc9162.leafHash(body.getBytes(StandardCharsets.UTF_8));
      leaves.add(
          new TreeStore.Leaf(
              frontier.size(),
              event.getId(),
              Timestamp.from(event.getTime()),
              AuditLimits.bound(event.getAction(), AuditLimits.NAME),
              event.getOutcome().name(),
              AuditLimits.bound(event.getService(), AuditLimits.NAME),
              AuditLimits.bound(event.getActor(), AuditLimits.NAME),
              AuditLimits.bound(event.getDepartment(), AuditLimits.NAME),
              AuditLimits.bound(event.getDataset(), AuditLimits.NAME),
              body,
              leafHash,
              searchKeys(event)));
      nodes.addAll(frontier.append(leafHash));
    }
    if (!leaves.isEmpty()) {
      TreeStore.insert(connection, leaves, nodes);
      appended.addAndGet(leaves.size());
    }
  }

  /**
   * The event's record keys as search indexes them: distinct, each bounded as the contract's
   * builder bounds them, so that a producer that bypassed the builder cannot stop ingest with a key
   * too long to index, nor with a NUL, which PostgreSQL text refuses (such a key could never be
   * searched for: the API refuses control characters in a filter). The canonical body keeps the
   * keys as sent.
   */
  static Set<String> searchKeys(AuditEvent event) {
    Set<String> keys = new LinkedHashSet<>();
    if (event.getKeys() != null) {
      for (String key : event.getKeys()) {
        if (key.indexOf(0) < 0) {
          keys.add(AuditLimits.bound(key, AuditLimits.NAME));
        }
      }
    }
    return keys;
  }

  /** Keeps messages that are not AuditEvents, in the batch's transaction. */
  private static void reject(Connection connection, List<ConsumerRecord<String, byte[]>> records)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "insert into audit_rejected (topic, partition_no, offset_no, payload, reason)"
                + " values (?, ?, ?, ?, 'not an AuditEvent') on conflict do nothing")) {
      for (ConsumerRecord<String, byte[]> record : records) {
        insert.setString(1, record.topic());
        insert.setInt(2, record.partition());
        insert.setLong(3, record.offset());
        insert.setBytes(4, record.value());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private KafkaConsumer<String, byte[]> consumer() {
    Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxBatch());
    config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 16 * 1024 * 1024);
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "audit-ingest");
    return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
  }

  private static Map<TopicPartition, OffsetAndMetadata> offsets(
      ConsumerRecords<String, byte[]> records) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition partition : records.partitions()) {
      List<ConsumerRecord<String, byte[]>> inPartition = records.records(partition);
      offsets.put(partition, new OffsetAndMetadata(inPartition.getLast().offset() + 1));
    }
    return offsets;
  }

  /**
   * Lag = end offset − position, summed over assigned partitions; refreshed at most once a second.
   */
  private void updateLag(KafkaConsumer<String, byte[]> consumer) {
    long now = System.nanoTime();
    if (now - lagMeasuredAt < 1_000_000_000L || consumer.assignment().isEmpty()) {
      return;
    }
    lagMeasuredAt = now;
    try {
      Map<TopicPartition, Long> ends =
          consumer.endOffsets(consumer.assignment(), java.time.Duration.ofSeconds(2));
      long total = 0;
      for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
        total +=
            Math.max(
                0,
                end.getValue() - consumer.position(end.getKey(), java.time.Duration.ofSeconds(2)));
      }
      lag.set(total);
    } catch (RuntimeException e) {
      log.debug("could not measure ingest lag", e);
    }
  }

  private static boolean lock(Connection connection) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
      lock.setLong(1, INGEST_LOCK);
      try (ResultSet result = lock.executeQuery()) {
        return result.next() && result.getBoolean(1);
      }
    }
  }

  private static void unlock(Connection connection) {
    try {
      connection.rollback();
      connection.setAutoCommit(true);
      try (PreparedStatement unlock =
          connection.prepareStatement("select pg_advisory_unlock_all()")) {
        unlock.execute();
      }
    } catch (SQLException e) {
      log.debug("releasing the ingest lock", e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
