package io.hutong.catalog.access;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Access requests ({@code access_request}) and grants ({@code dataset_grant}). */
@Repository
class AccessRepository {

  private static final String REQUEST_COLUMNS =
      "id, dataset, provider, consumer, purpose, fields, verify_fields, status, requested_by,"
          + " requested_at, reply_deadline, decided_by, decided_at, decision_reason, approved_fields,"
          + " approved_verify_fields, lookup_quota, valid_until, grant_id";
  private static final String GRANT_COLUMNS =
      "id, dataset, provider, consumer, fields, verify_fields, lookup_quota, purpose, request_id,"
          + " valid_from, valid_until, issued_by, revoked_at, revoked_by, revoke_reason, expired_at";

  private final JdbcClient jdbc;

  AccessRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(AccessRequest r) {
    jdbc.sql(
            "insert into access_request ("
                + REQUEST_COLUMNS
                + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            r.id(),
            r.dataset(),
            r.provider(),
            r.consumer(),
            r.purpose(),
            r.fields().toArray(String[]::new),
            r.verifyFields().toArray(String[]::new),
            r.status().name(),
            r.requestedBy(),
            ts(r.requestedAt()),
            ts(r.replyDeadline()),
            r.decidedBy(),
            ts(r.decidedAt()),
            r.decisionReason(),
            array(r.approvedFields()),
            array(r.approvedVerifyFields()),
            r.lookupQuota(),
            ts(r.validUntil()),
            r.grantId())
        .update();
  }

  void updateDecision(AccessRequest r) {
    jdbc.sql(
            "update access_request set status = ?, decided_by = ?, decided_at = ?, decision_reason = ?,"
                + " approved_fields = ?, approved_verify_fields = ?, lookup_quota = ?, valid_until = ?,"
                + " grant_id = ? where id = ?")
        .params(
            r.status().name(),
            r.decidedBy(),
            ts(r.decidedAt()),
            r.decisionReason(),
            array(r.approvedFields()),
            array(r.approvedVerifyFields()),
            r.lookupQuota(),
            ts(r.validUntil()),
            r.grantId(),
            r.id())
        .update();
  }

  Optional<AccessRequest> lockRequest(UUID id) {
    return jdbc.sql("select " + REQUEST_COLUMNS + " from access_request where id = ? for update")
        .param(id)
        .query(AccessRepository::request)
        .optional();
  }

  boolean hasPending(String dataset, String consumer) {
    return jdbc.sql(
                "select count(*) from access_request where dataset = ? and consumer = ? and status = 'PENDING'")
            .params(dataset, consumer)
            .query(Long.class)
            .single()
        > 0;
  }

  /**
   * A department's queue, newest first.
   *
   * @param sideColumn {@code provider} or {@code consumer}
   */
  List<AccessRequest> queue(
      String sideColumn, String department, RequestStatus status, String afterKey, int limit) {
    if (!sideColumn.equals("provider") && !sideColumn.equals("consumer")) {
      throw new IllegalArgumentException(sideColumn);
    }
    StringBuilder sql =
        new StringBuilder(
            "select " + REQUEST_COLUMNS + " from access_request where " + sideColumn + " = ?");
    List<Object> params = new ArrayList<>(List.of(department));
    if (status != null) {
      sql.append(" and status = ?");
      params.add(status.name());
    }
    if (afterKey != null) {
      // cursor key: "<requested_at micros>/<id>", descending
      String[] parts = afterKey.split("/", 2);
      sql.append(" and (requested_at, id) < (?, ?)");
      params.add(ts(Instant.parse(parts[0])));
      params.add(UUID.fromString(parts[1]));
    }
    sql.append(" order by requested_at desc, id desc limit ?");
    params.add(limit);
    return jdbc.sql(sql.toString()).params(params).query(AccessRepository::request).list();
  }

  void insert(Grant g) {
    jdbc.sql(
            "insert into dataset_grant ("
                + GRANT_COLUMNS
                + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            g.id(),
            g.dataset(),
            g.provider(),
            g.consumer(),
            g.fields().toArray(String[]::new),
            g.verifyFields().toArray(String[]::new),
            g.lookupQuota(),
            g.purpose(),
            g.requestId(),
            ts(g.validFrom()),
            ts(g.validUntil()),
            g.issuedBy(),
            ts(g.revokedAt()),
            g.revokedBy(),
            g.revokeReason(),
            ts(g.expiredAt()))
        .update();
  }

  void updateEnd(Grant g) {
    jdbc.sql(
            "update dataset_grant set revoked_at = ?, revoked_by = ?, revoke_reason = ?, expired_at = ?"
                + " where id = ?")
        .params(ts(g.revokedAt()), g.revokedBy(), g.revokeReason(), ts(g.expiredAt()), g.id())
        .update();
  }

  Optional<Grant> lockGrant(UUID id) {
    return jdbc.sql("select " + GRANT_COLUMNS + " from dataset_grant where id = ? for update")
        .param(id)
        .query(AccessRepository::grant)
        .optional();
  }

  /** The grant of a pair that is neither revoked nor recorded as expired, locked. */
  Optional<Grant> lockUnended(String dataset, String consumer) {
    return jdbc.sql(
            "select "
                + GRANT_COLUMNS
                + " from dataset_grant where dataset = ? and consumer = ?"
                + " and revoked_at is null and expired_at is null for update")
        .params(dataset, consumer)
        .query(AccessRepository::grant)
        .optional();
  }

  /**
   * Grants whose validity has passed but whose expiry is not recorded yet; locked, skipping busy
   * rows.
   */
  List<Grant> lockDueForExpiry(Instant now, int limit) {
    return jdbc.sql(
            "select "
                + GRANT_COLUMNS
                + " from dataset_grant where revoked_at is null and expired_at is null"
                + " and valid_until <= ? order by valid_until limit ? for update skip locked")
        .params(ts(now), limit)
        .query(AccessRepository::grant)
        .list();
  }

  /**
   * Grants visible to a department (as provider or consumer), filtered, ordered by id.
   *
   * @param liveAt when not null, only grants live at that instant
   */
  List<Grant> grants(
      String department,
      String dataset,
      String consumer,
      Instant liveAt,
      String afterId,
      int limit) {
    StringBuilder sql =
        new StringBuilder(
            "select " + GRANT_COLUMNS + " from dataset_grant where (provider = ? or consumer = ?)");
    List<Object> params = new ArrayList<>(List.of(department, department));
    if (dataset != null) {
      sql.append(" and dataset = ?");
      params.add(dataset);
    }
    if (consumer != null) {
      sql.append(" and consumer = ?");
      params.add(consumer);
    }
    if (liveAt != null) {
      sql.append(
          " and revoked_at is null and expired_at is null and (valid_until is null or valid_until > ?)");
      params.add(ts(liveAt));
    }
    if (afterId != null) {
      sql.append(" and id > ?");
      params.add(UUID.fromString(afterId));
    }
    sql.append(" order by id limit ?");
    params.add(limit);
    return jdbc.sql(sql.toString()).params(params).query(AccessRepository::grant).list();
  }

  private static AccessRequest request(ResultSet rs, int row) throws SQLException {
    return new AccessRequest(
        rs.getObject("id", UUID.class),
        rs.getString("dataset"),
        rs.getString("provider"),
        rs.getString("consumer"),
        rs.getString("purpose"),
        strings(rs.getArray("fields")),
        strings(rs.getArray("verify_fields")),
        RequestStatus.valueOf(rs.getString("status")),
        rs.getString("requested_by"),
        instant(rs, "requested_at"),
        instant(rs, "reply_deadline"),
        rs.getString("decided_by"),
        instant(rs, "decided_at"),
        rs.getString("decision_reason"),
        rs.getArray("approved_fields") == null ? null : strings(rs.getArray("approved_fields")),
        rs.getArray("approved_verify_fields") == null
            ? null
            : strings(rs.getArray("approved_verify_fields")),
        rs.getObject("lookup_quota", Integer.class),
        instant(rs, "valid_until"),
        rs.getObject("grant_id", UUID.class));
  }

  private static Grant grant(ResultSet rs, int row) throws SQLException {
    return new Grant(
        rs.getObject("id", UUID.class),
        rs.getString("dataset"),
        rs.getString("provider"),
        rs.getString("consumer"),
        strings(rs.getArray("fields")),
        strings(rs.getArray("verify_fields")),
        rs.getObject("lookup_quota", Integer.class),
        rs.getString("purpose"),
        rs.getObject("request_id", UUID.class),
        instant(rs, "valid_from"),
        instant(rs, "valid_until"),
        rs.getString("issued_by"),
        instant(rs, "revoked_at"),
        rs.getString("revoked_by"),
        rs.getString("revoke_reason"),
        instant(rs, "expired_at"));
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }

  private static String[] array(List<String> values) {
    return values == null ? null : values.toArray(String[]::new);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp value = rs.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }

  private static Timestamp ts(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }
}
