package io.hutong.exchange.lookup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The latest record per key of every dataset (tables {@code latest_record} and {@code
 * latest_position}): what lookups and verifications read. Kept in PostgreSQL so memory stays
 * bounded whatever the number of keys and every exchange instance answers every key; written only
 * by {@link LatestStateIngestor}, each batch of changes together with the topic positions it
 * covers, so a crash never leaves rows and positions disagreeing.
 */
@Repository
public class LatestRecords {

  /**
   * Longest key that is stored and can be looked up, in characters: PostgreSQL's index entries are
   * limited to about 2.7 KB, and 500 characters of four UTF-8 bytes stay well below.
   */
  public static final int MAX_KEY_LENGTH = 500;

  private final DataSource dataSource;
  private final JdbcClient jdbc;

  LatestRecords(DataSource dataSource, JdbcClient jdbc) {
    this.dataSource = dataSource;
    this.jdbc = jdbc;
  }

  /** One record as stored: a value single-object encoded by its writer schema. */
  public record Stored(
      String dataset, String key, int partition, long offset, Instant timestamp, byte[] value) {}

  /**
   * A record read from a data topic: a value, or a tombstone ({@code value == null}). {@code key}
   * may be null or longer than {@link #MAX_KEY_LENGTH}: such records are measured, not stored.
   */
  record Change(
      String topic,
      String dataset,
      String key,
      int partition,
      long offset,
      Instant timestamp,
      byte[] value) {}

  /** The latest record of {@code key}, if the key has one that is not a tombstone. */
  public Optional<Stored> find(String dataset, String key) {
    return jdbc.sql(
            "select dataset, record_key, kafka_partition, kafka_offset, record_time, value"
                + " from latest_record where dataset = ? and record_key = ?")
        .params(dataset, key)
        .query((rs, i) -> stored(rs))
        .optional();
  }

  /** The latest records of those of {@code keys} that have one, by key. */
  public Map<String, Stored> findAll(String dataset, Collection<String> keys) {
    Map<String, Stored> found = new HashMap<>();
    if (keys.isEmpty()) {
      return found;
    }
    jdbc.sql(
            "select dataset, record_key, kafka_partition, kafka_offset, record_time, value"
                + " from latest_record where dataset = ? and record_key = any (?)")
        .params(dataset, keys.toArray(String[]::new))
        .query((rs, i) -> stored(rs))
        .list()
        .forEach(s -> found.put(s.key(), s));
    return found;
  }

  /** The next offset to apply per partition of {@code topic}, for the partitions known. */
  Map<Integer, Long> positions(String topic) {
    Map<Integer, Long> positions = new HashMap<>();
    jdbc.sql("select kafka_partition, next_offset from latest_position where topic = ?")
        .param(topic)
        .query(
            rs -> {
              positions.put(rs.getInt(1), rs.getLong(2));
            });
    return positions;
  }

  /**
   * Applies {@code changes} (in topic order) and moves the positions to {@code next} in one
   * transaction. Rows only move forward: a change older than the stored record of its key (a replay
   * after a rebalance) changes nothing. The commit does not wait for the disk: the table is rebuilt
   * from Kafka, and a commit lost in a crash is applied again from its older position.
   */
  void apply(List<Change> changes, Map<TopicPosition, Long> next, Measurement measurement) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement s = c.prepareStatement("set local synchronous_commit = off")) {
          s.execute();
        }
        Map<TopicPosition, Long> stored = lock(c, next.keySet());
        List<Change> fresh = new ArrayList<>(changes.size());
        for (Change change : changes) {
          Long from = stored.get(new TopicPosition(change.topic(), change.partition()));
          if (from == null || change.offset() >= from) {
            fresh.add(change);
          }
        }
        Map<String, Change> last = new java.util.LinkedHashMap<>();
        for (Change change : fresh) {
          if (change.key() != null && change.key().length() <= MAX_KEY_LENGTH) {
            last.put(change.dataset() + '\u0000' + change.key(), change);
          }
        }
        measurement.measure(c, fresh, previous(c, last.values()));
        List<Change> upserts = new ArrayList<>();
        List<Change> deletes = new ArrayList<>();
        for (Change change : last.values()) {
          (change.value() == null ? deletes : upserts).add(change);
        }
        upsert(c, upserts);
        delete(c, deletes);
        positions(c, next);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("latest records not stored: " + e.getMessage(), e);
    }
  }

  /**
   * What else a batch does in its transaction, given the records not applied before ({@code fresh},
   * in topic order) and the stored latest record of their keys before the batch (by {@code dataset
   * + '\u0000' + key}).
   */
  @FunctionalInterface
  interface Measurement {
    void measure(Connection c, List<Change> fresh, Map<String, Stored> previous)
        throws SQLException;
  }

  /**
   * Locks the position rows of {@code partitions} (creating missing ones), in a fixed order, and
   * answers where each stands: a batch applies only records from there on. Two instances that
   * briefly hold the same partition during a rebalance thus apply each record once, in turn.
   */
  private static Map<TopicPosition, Long> lock(Connection c, Collection<TopicPosition> partitions)
      throws SQLException {
    List<TopicPosition> ordered = new ArrayList<>(partitions);
    ordered.sort(
        java.util.Comparator.comparing(TopicPosition::topic)
            .thenComparingInt(TopicPosition::partition));
    Map<TopicPosition, Long> stored = new HashMap<>();
    try (PreparedStatement insert =
            c.prepareStatement(
                "insert into latest_position (topic, kafka_partition, next_offset)"
                    + " values (?, ?, 0) on conflict (topic, kafka_partition) do nothing");
        PreparedStatement select =
            c.prepareStatement(
                "select next_offset from latest_position where topic = ? and kafka_partition = ?"
                    + " for update")) {
      for (TopicPosition p : ordered) {
        insert.setString(1, p.topic());
        insert.setInt(2, p.partition());
        insert.executeUpdate();
        select.setString(1, p.topic());
        select.setInt(2, p.partition());
        try (ResultSet rs = select.executeQuery()) {
          if (rs.next()) {
            stored.put(p, rs.getLong(1));
          }
        }
      }
    }
    return stored;
  }

  /** The stored latest record of each key of {@code changes}, before they apply. */
  private static Map<String, Stored> previous(Connection c, Collection<Change> changes)
      throws SQLException {
    Map<String, List<String>> keysByDataset = new HashMap<>();
    for (Change change : changes) {
      keysByDataset.computeIfAbsent(change.dataset(), d -> new ArrayList<>()).add(change.key());
    }
    Map<String, Stored> previous = new HashMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "select dataset, record_key, kafka_partition, kafka_offset, record_time, value"
                + " from latest_record where dataset = ? and record_key = any (?)")) {
      for (Map.Entry<String, List<String>> entry : keysByDataset.entrySet()) {
        s.setString(1, entry.getKey());
        s.setArray(2, c.createArrayOf("text", entry.getValue().toArray()));
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            Stored stored = stored(rs);
            previous.put(stored.dataset() + '\u0000' + stored.key(), stored);
          }
        }
      }
    }
    return previous;
  }

  /** A partition of a data topic. */
  record TopicPosition(String topic, int partition) {}

  /** Forgets everything, so the ingester reads every data topic again from its beginning. */
  void clear() {
    jdbc.sql("delete from latest_record").update();
    jdbc.sql("delete from latest_position").update();
    // Measured from the same records, which are read again: only refusals were counted elsewhere.
    jdbc.sql("delete from quality_count where measure not in ('REJECTED', 'REJECTED_BATCHES')")
        .update();
    jdbc.sql("update quality_hour set revision = revision + 1, dirty = true").update();
  }

  private static void upsert(Connection c, List<Change> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "insert into latest_record (dataset, record_key, kafka_partition, kafka_offset,"
                + " record_time, value) values (?, ?, ?, ?, ?, ?)"
                + " on conflict (dataset, record_key) do update set"
                + " kafka_partition = excluded.kafka_partition,"
                + " kafka_offset = excluded.kafka_offset, record_time = excluded.record_time,"
                + " value = excluded.value"
                + " where latest_record.kafka_partition <> excluded.kafka_partition"
                + " or latest_record.kafka_offset < excluded.kafka_offset")) {
      for (Change row : rows) {
        s.setString(1, row.dataset());
        s.setString(2, row.key());
        s.setInt(3, row.partition());
        s.setLong(4, row.offset());
        s.setTimestamp(5, Timestamp.from(row.timestamp()));
        s.setBytes(6, row.value());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private static void delete(Connection c, List<Change> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "delete from latest_record where dataset = ? and record_key = ?"
                + " and (kafka_partition <> ? or kafka_offset < ?)")) {
      for (Change row : rows) {
        s.setString(1, row.dataset());
        s.setString(2, row.key());
        s.setInt(3, row.partition());
        s.setLong(4, row.offset());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private static void positions(Connection c, Map<TopicPosition, Long> next) throws SQLException {
    if (next.isEmpty()) {
      return;
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "insert into latest_position (topic, kafka_partition, next_offset) values (?, ?, ?)"
                + " on conflict (topic, kafka_partition) do update set"
                + " next_offset = excluded.next_offset"
                + " where latest_position.next_offset < excluded.next_offset")) {
      for (Map.Entry<TopicPosition, Long> position : next.entrySet()) {
        s.setString(1, position.getKey().topic());
        s.setInt(2, position.getKey().partition());
        s.setLong(3, position.getValue());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private static Stored stored(ResultSet rs) throws SQLException {
    return new Stored(
        rs.getString(1),
        rs.getString(2),
        rs.getInt(3),
        rs.getLong(4),
        rs.getTimestamp(5).toInstant(),
        rs.getBytes(6));
  }
}
