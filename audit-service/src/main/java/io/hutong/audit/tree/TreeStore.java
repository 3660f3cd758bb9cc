package io.hutong.audit.tree;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The tree in PostgreSQL: leaves in {@code audit_entry}, completed perfect subtrees in {@code
 * audit_node}, the record keys a leaf names in {@code audit_entry_key}. Writes are inserts only —
 * the service's role may not update or delete.
 */
@Repository
public class TreeStore {

  private final JdbcClient jdbc;

  TreeStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Number of leaves. Leaf indexes are dense: 0 .. size-1. */
  public long size() {
    return jdbc.sql("select coalesce(max(leaf_index) + 1, 0) from audit_entry")
        .query(Long.class)
        .single();
  }

  /** The stored hash of a perfect subtree; level 0 is a leaf hash. */
  public byte[] hash(int level, long idx) {
    if (level == 0) {
      return jdbc.sql("select leaf_hash from audit_entry where leaf_index = ?")
          .param(idx)
          .query(byte[].class)
          .optional()
          .orElseThrow(() -> new IllegalStateException("missing leaf " + idx));
    }
    return jdbc.sql("select hash from audit_node where level = ? and idx = ?")
        .params(level, idx)
        .query(byte[].class)
        .optional()
        .orElseThrow(() -> new IllegalStateException("missing node " + level + "/" + idx));
  }

  /** Proofs over this store. */
  public Proofs proofs() {
    return new Proofs(this::hash);
  }

  /** MTH of the first {@code size} leaves. */
  public byte[] root(long size) {
    return size == 0 ? io.hutong.audit.verifier.Rfc9162.emptyRoot() : proofs().hash(0, size);
  }

  /**
   * A new leaf to append, with the columns search needs; {@code keys} are the distinct record keys
   * it names (none for most events).
   */
  public record Leaf(
      long index,
      UUID eventId,
      Timestamp time,
      String action,
      String outcome,
      String service,
      String actor,
      String department,
      String dataset,
      String body,
      byte[] leafHash,
      Set<String> keys) {}

  /**
   * Event ids among {@code ids} already in the log (a redelivery must not become a second leaf).
   */
  public static Set<UUID> existing(Connection connection, List<UUID> ids) throws SQLException {
    Set<UUID> found = new HashSet<>();
    try (PreparedStatement query =
        connection.prepareStatement("select event_id from audit_entry where event_id = any(?)")) {
      query.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          found.add(rows.getObject(1, UUID.class));
        }
      }
    }
    return found;
  }

  private static void insertKeys(Connection connection, List<Leaf> leaves) throws SQLException {
    List<String> keys = new ArrayList<>();
    List<Long> indexes = new ArrayList<>();
    for (Leaf leaf : leaves) {
      for (String key : leaf.keys()) {
        keys.add(key);
        indexes.add(leaf.index());
      }
    }
    if (keys.isEmpty()) {
      return;
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "insert into audit_entry_key (record_key, leaf_index) select * from"
                + " unnest(?::text[], ?::bigint[])")) {
      insert.setArray(1, connection.createArrayOf("text", keys.toArray()));
      insert.setArray(2, connection.createArrayOf("bigint", indexes.toArray()));
      insert.executeUpdate();
    }
  }

  /** Inserts leaves and completed nodes in the connection's current transaction. */
  public static void insert(Connection connection, List<Leaf> leaves, List<Frontier.Node> nodes)
      throws SQLException {
    int n = leaves.size();
    Long[] index = new Long[n];
    UUID[] ids = new UUID[n];
    Timestamp[] times = new Timestamp[n];
    String[][] text = new String[7][n];
    byte[][] hashes = new byte[n][];
    for (int i = 0; i < n; i++) {
      Leaf leaf = leaves.get(i);
      index[i] = leaf.index();
      ids[i] = leaf.eventId();
      times[i] = leaf.time();
      text[0][i] = leaf.action();
      text[1][i] = leaf.outcome();
      text[2][i] = leaf.service();
      text[3][i] = leaf.actor();
      text[4][i] = leaf.department();
      text[5][i] = leaf.dataset();
      text[6][i] = leaf.body();
      hashes[i] = leaf.leafHash();
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "insert into audit_entry (leaf_index, event_id, event_time, action, outcome, service,"
                + " actor, department, dataset, body, leaf_hash) select * from unnest(?::bigint[],"
                + " ?::uuid[], ?::timestamptz[], ?::varchar[], ?::varchar[], ?::varchar[],"
                + " ?::varchar[], ?::varchar[], ?::varchar[], ?::text[], ?::bytea[])")) {
      insert.setArray(1, connection.createArrayOf("bigint", index));
      insert.setArray(2, connection.createArrayOf("uuid", ids));
      insert.setArray(3, connection.createArrayOf("timestamptz", times));
      for (int c = 0; c < 7; c++) {
        insert.setArray(4 + c, connection.createArrayOf(c == 6 ? "text" : "varchar", text[c]));
      }
      insert.setArray(11, connection.createArrayOf("bytea", hashes));
      insert.executeUpdate();
    }
    insertKeys(connection, leaves);
    if (nodes.isEmpty()) {
      return;
    }
    Short[] levels = new Short[nodes.size()];
    Long[] idx = new Long[nodes.size()];
    byte[][] nodeHashes = new byte[nodes.size()][];
    for (int i = 0; i < nodes.size(); i++) {
      levels[i] = (short) nodes.get(i).level();
      idx[i] = nodes.get(i).idx();
      nodeHashes[i] = nodes.get(i).hash();
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "insert into audit_node (level, idx, hash) select * from unnest(?::smallint[],"
                + " ?::bigint[], ?::bytea[])")) {
      insert.setArray(1, connection.createArrayOf("smallint", levels));
      insert.setArray(2, connection.createArrayOf("bigint", idx));
      insert.setArray(3, connection.createArrayOf("bytea", nodeHashes));
      insert.executeUpdate();
    }
  }
}
