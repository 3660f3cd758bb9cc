package io.hutong.audit.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads the audit log for auditors: search newest first, one entry, and streamed exports. */
@Repository
public class AuditLog {

  private static final String COLUMNS = "leaf_index, event_id, body, leaf_hash";

  private final JdbcClient jdbc;
  private final DataSource dataSource;

  AuditLog(JdbcClient jdbc, DataSource dataSource) {
    this.jdbc = jdbc;
    this.dataSource = dataSource;
  }

  /** One leaf of the log; {@code body} (canonical event JSON) is null once retention cleared it. */
  public record Entry(long leafIndex, UUID eventId, String body, byte[] leafHash) {}

  /**
   * Search criteria; null means any. {@code key} matches entries that name that record key among
   * theirs (a batch lookup names many).
   */
  public record Filter(
      String department,
      String dataset,
      String actor,
      String action,
      String outcome,
      String key,
      Instant from,
      Instant to) {}

  public Optional<Entry> byId(UUID id) {
    return jdbc.sql("select " + COLUMNS + " from audit_entry where event_id = ?")
        .param(id)
        .query(AuditLog::entry)
        .optional();
  }

  /** The event id of the leaf at {@code leafIndex}, if there is one. */
  public Optional<UUID> idAt(long leafIndex) {
    return jdbc.sql("select event_id from audit_entry where leaf_index = ?")
        .param(leafIndex)
        .query(UUID.class)
        .optional();
  }

  /** Newest first: up to {@code limit} entries with a leaf index below {@code before}. */
  public List<Entry> search(Filter filter, Long before, int limit) {
    List<Object> params = new ArrayList<>();
    String where = where(filter, params);
    if (before != null) {
      where += " and leaf_index < ?";
      params.add(before);
    }
    params.add(limit);
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from "
                + from(filter)
                + " where "
                + where
                + " order by leaf_index desc limit ?")
        .params(params)
        .query(AuditLog::entry)
        .list();
  }

  /** Every matching entry, oldest first, streamed from a cursor (constant memory). */
  public void export(Filter filter, Consumer<Entry> sink) {
    List<Object> params = new ArrayList<>();
    String sql =
        "select "
            + COLUMNS
            + " from "
            + from(filter)
            + " where "
            + where(filter, params)
            + " order by leaf_index";
    stream(sql, params, sink);
  }

  /** The first {@code size} entries, oldest first, for verification. */
  public void upTo(long size, Consumer<Entry> sink) {
    stream(
        "select " + COLUMNS + " from audit_entry where leaf_index < ? order by leaf_index",
        List.of(size),
        sink);
  }

  /**
   * Stored subtree nodes within the first {@code size} leaves, in the order an append completes
   * them: by completing leaf, then level.
   */
  public void nodesInCompletionOrder(long size, Consumer<StoredNode> sink) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement query =
          connection.prepareStatement(
              "select level, idx, hash from audit_node where ((idx + 1) << level) <= ?"
                  + " order by ((idx + 1) << level) - 1, level")) {
        query.setFetchSize(2_000);
        query.setLong(1, size);
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            sink.accept(new StoredNode(rows.getInt(1), rows.getLong(2), rows.getBytes(3)));
          }
        }
      } finally {
        connection.rollback();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the tree", e);
    }
  }

  /** A stored perfect-subtree hash. */
  public record StoredNode(int level, long idx, byte[] hash) {}

  private void stream(String sql, List<Object> params, Consumer<Entry> sink) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement query = connection.prepareStatement(sql)) {
        query.setFetchSize(2_000);
        for (int i = 0; i < params.size(); i++) {
          query.setObject(i + 1, params.get(i));
        }
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            sink.accept(entry(rows, 0));
          }
        }
      } finally {
        connection.rollback();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the audit log", e);
    }
  }

  /**
   * A key search starts from {@code audit_entry_key}: its primary key {@code (record_key,
   * leaf_index)} yields one key's entries already in leaf order, so a page reads a page of index
   * entries however often that record was looked up. {@code using (leaf_index)} keeps the column
   * names of the other filters unambiguous.
   */
  private static String from(Filter f) {
    return f.key() == null ? "audit_entry" : "audit_entry_key join audit_entry using (leaf_index)";
  }

  private static String where(Filter f, List<Object> params) {
    StringBuilder where = new StringBuilder("true");
    add(where, params, "department", f.department());
    add(where, params, "dataset", f.dataset());
    add(where, params, "actor", f.actor());
    add(where, params, "action", f.action());
    add(where, params, "outcome", f.outcome());
    add(where, params, "record_key", f.key());
    if (f.from() != null) {
      where.append(" and event_time >= ?");
      params.add(Timestamp.from(f.from()));
    }
    if (f.to() != null) {
      where.append(" and event_time < ?");
      params.add(Timestamp.from(f.to()));
    }
    return where.toString();
  }

  private static void add(StringBuilder where, List<Object> params, String column, String value) {
    if (value != null) {
      where.append(" and ").append(column).append(" = ?");
      params.add(value);
    }
  }

  private static Entry entry(ResultSet rs, int row) throws SQLException {
    return new Entry(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getBytes(4));
  }
}
