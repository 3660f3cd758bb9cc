package io.hutong.exchange.subscribe;

import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Subscriptions in table {@code subscription}; deleted ones are kept, marked, for the record. */
@Repository
class SubscriptionRepository {

  private final JdbcClient jdbc;

  SubscriptionRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(Subscription s) {
    jdbc.sql(
            "insert into subscription (id, dataset, owner_client, owner_department, start_from, created_at)"
                + " values (?, ?, ?, ?, ?, ?)")
        .params(
            s.id(),
            s.dataset(),
            s.ownerClient(),
            s.ownerDepartment(),
            s.startFrom(),
            Timestamp.from(s.createdAt()))
        .update();
  }

  Optional<Subscription> find(UUID id) {
    return jdbc.sql(SELECT + " where id = ? and deleted_at is null")
        .param(id)
        .query(SubscriptionRepository::subscription)
        .optional();
  }

  /** Up to {@code limit} live subscriptions of {@code client}, by id, after id {@code after}. */
  List<Subscription> ownedBy(String client, UUID after, int limit) {
    return jdbc.sql(
            SELECT
                + " where owner_client = ? and deleted_at is null and (?::uuid is null or id > ?::uuid)"
                + " order by id limit ?")
        .params(client, after, after, limit)
        .query(SubscriptionRepository::subscription)
        .list();
  }

  /** Up to {@code limit} live subscriptions, oldest first: the ones whose lag is measured. */
  List<Subscription> live(int limit) {
    return jdbc.sql(SELECT + " where deleted_at is null order by created_at, id limit ?")
        .param(limit)
        .query(SubscriptionRepository::subscription)
        .list();
  }

  private static final String SELECT =
      "select id, dataset, owner_client, owner_department, start_from, created_at from subscription";

  private static Subscription subscription(java.sql.ResultSet rs, int row)
      throws java.sql.SQLException {
    return new Subscription(
        rs.getObject(1, UUID.class),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getTimestamp(6).toInstant());
  }

  boolean delete(UUID id) {
    return jdbc.sql(
                "update subscription set deleted_at = now() where id = ? and deleted_at is null")
            .param(id)
            .update()
        == 1;
  }
}
