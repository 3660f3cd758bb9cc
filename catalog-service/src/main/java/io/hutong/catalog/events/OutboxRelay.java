package io.hutong.catalog.events;

import io.hutong.catalog.config.CatalogProperties;
import io.hutong.service.kafka.KafkaClientMeters;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Moves committed outbox messages to Kafka, oldest first, and deletes them only after Kafka
 * acknowledged them (idempotent producer, acks=all). While Kafka is down, messages wait in the
 * table: delayed, never lost. One instance relays at a time (a PostgreSQL advisory lock held on the
 * relay's own connection), so order per key holds however many catalogue instances run.
 */
@Component
class OutboxRelay implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  /** Advisory lock key of the relay ("hutong.catalog.outbox"). */
  private static final long RELAY_LOCK = 0x6875746f6e67L;

  private final DataSource dataSource;
  private final KafkaProperties kafkaProperties;
  private final CatalogProperties properties;
  private final Object signal = new Object();
  private volatile boolean running;
  private volatile boolean nudged;
  private Thread thread;
  private Connection connection;
  private Producer<String, byte[]> producer;
  private KafkaClientMeters.Binding producerMeters;
  private final MeterRegistry registry;

  OutboxRelay(
      DataSource dataSource,
      KafkaProperties kafka,
      CatalogProperties properties,
      MeterRegistry registry) {
    this.registry = registry;
    this.dataSource = dataSource;
    this.kafkaProperties = kafka;
    this.properties = properties;
  }

  /** Wakes the relay: something was committed to the outbox. */
  void nudge() {
    synchronized (signal) {
      nudged = true;
      signal.notifyAll();
    }
  }

  @Override
  public void start() {
    running = true;
    thread = Thread.ofPlatform().name("outbox-relay").daemon().start(this::loop);
  }

  @Override
  public void stop() {
    running = false;
    nudge();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void loop() {
    while (running) {
      boolean more = false;
      try {
        more = relayBatch();
      } catch (Exception e) {
        log.warn("outbox relay: {} (will retry)", rootCause(e));
        reset();
        sleep(properties.outbox().retryBackoff().toMillis());
      }
      if (!more) {
        awaitNudge(properties.outbox().pollInterval().toMillis());
      }
    }
    reset();
  }

  /** Relays one batch; true when there may be more waiting. */
  private boolean relayBatch() throws Exception {
    if (!holdsLock()) {
      return false;
    }
    List<Row> rows = pending(properties.outbox().batchSize());
    if (rows.isEmpty()) {
      return false;
    }
    Producer<String, byte[]> kafka = producer();
    List<Future<RecordMetadata>> sent = new ArrayList<>(rows.size());
    for (Row row : rows) {
      sent.add(kafka.send(new ProducerRecord<>(row.topic(), row.key(), row.payload())));
    }
    kafka.flush();
    List<Long> acknowledged = new ArrayList<>(rows.size());
    Exception failure = null;
    for (int i = 0; i < rows.size(); i++) {
      try {
        sent.get(i).get(properties.outbox().sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        acknowledged.add(rows.get(i).id());
      } catch (Exception e) {
        failure = e;
        break;
      }
    }
    if (!acknowledged.isEmpty()) {
      delete(acknowledged);
    }
    if (failure != null) {
      throw failure;
    }
    return rows.size() == properties.outbox().batchSize();
  }

  private boolean holdsLock() throws SQLException {
    if (connection != null && connection.isValid(2)) {
      return true;
    }
    closeConnection();
    Connection candidate = dataSource.getConnection();
    candidate.setAutoCommit(true);
    try (PreparedStatement lock = candidate.prepareStatement("select pg_try_advisory_lock(?)")) {
      lock.setLong(1, RELAY_LOCK);
      try (ResultSet result = lock.executeQuery()) {
        if (result.next() && result.getBoolean(1)) {
          connection = candidate;
          return true;
        }
      }
    }
    candidate.close();
    return false;
  }

  private List<Row> pending(int limit) throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement query =
        connection.prepareStatement(
            "select id, topic, message_key, payload from outbox order by id limit ?")) {
      query.setInt(1, limit);
      try (ResultSet result = query.executeQuery()) {
        while (result.next()) {
          rows.add(
              new Row(
                  result.getLong(1), result.getString(2), result.getString(3), result.getBytes(4)));
        }
      }
    }
    return rows;
  }

  /**
   * Deletes exactly the acknowledged rows — never "all ids up to": a transaction that took a lower
   * id may commit after a higher one was read, and its row must still be relayed.
   */
  private void delete(List<Long> ids) throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement("delete from outbox where id = any(?)")) {
      delete.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
      delete.executeUpdate();
    }
  }

  private Producer<String, byte[]> producer() {
    if (producer == null) {
      var config = kafkaProperties.buildProducerProperties();
      config.put(ProducerConfig.ACKS_CONFIG, "all");
      config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
      config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
      config.put(
          ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
          (int) properties.outbox().sendTimeout().toMillis());
      // delivery.timeout must cover linger + request timeout, or the producer refuses to start.
      config.put(
          ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
          (int) Math.max(1_000, properties.outbox().sendTimeout().toMillis() / 2));
      config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
      // Schemas may be 256 KiB; audit fields are bounded (AuditLimits). Headroom, not a limit.
      config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
      config.put(ProducerConfig.CLIENT_ID_CONFIG, "catalog-outbox-relay");
      producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
      producerMeters = KafkaClientMeters.bind(registry, producer);
    }
    return producer;
  }

  private void reset() {
    if (producer != null) {
      producerMeters.close();
      try {
        producer.close(java.time.Duration.ofSeconds(2));
      } catch (Exception e) {
        log.debug("closing producer", e);
      }
      producer = null;
    }
    closeConnection();
  }

  /** Returns the connection to the pool without the lock: session locks outlive a checkout. */
  private void closeConnection() {
    if (connection != null) {
      try (PreparedStatement unlock =
          connection.prepareStatement("select pg_advisory_unlock_all()")) {
        unlock.execute();
      } catch (SQLException e) {
        log.debug("unlocking relay connection", e);
      }
      try {
        connection.close();
      } catch (SQLException e) {
        log.debug("closing relay connection", e);
      }
      connection = null;
    }
  }

  private void awaitNudge(long millis) {
    synchronized (signal) {
      if (!nudged && running) {
        try {
          signal.wait(millis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          running = false;
        }
      }
      nudged = false;
    }
  }

  private static String rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? e.toString() : e + " caused by " + root;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record Row(long id, String topic, String key, byte[] payload) {}
}
