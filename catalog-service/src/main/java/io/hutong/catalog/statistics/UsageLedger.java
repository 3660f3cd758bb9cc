package io.hutong.catalog.statistics;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The usage counts in PostgreSQL ({@code usage_daily}), the ids already counted ({@code
 * usage_event_seen}) and the audit topic positions they cover ({@code usage_position}). Counts, ids
 * and positions are written in one transaction, so a crash, a restart or a partition moving to
 * another catalogue instance never counts an event twice nor skips one.
 */
@Repository
class UsageLedger {

  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;

  UsageLedger(JdbcClient jdbc, TransactionTemplate transaction) {
    this.jdbc = jdbc;
    this.transaction = transaction;
  }

  /**
   * One record polled from the audit topic: where it was, and the usage it records (null when it
   * records none — it still moves the position on).
   */
  record Polled(int partition, long offset, UsageEvent usage) {}

  /** Next offset to read per partition of {@code topic}; partitions never read are absent. */
  Map<Integer, Long> positions(String topic) {
    Map<Integer, Long> positions = new HashMap<>();
    jdbc.sql("select partition, next_offset from usage_position where topic = ?")
        .param(topic)
        .query((RowCallbackHandler) rs -> positions.put(rs.getInt(1), rs.getLong(2)));
    return positions;
  }

  /**
   * Counts a poll's records in one transaction and returns how many usage events were counted. The
   * partitions' position rows are locked first; records below a stored position were counted
   * already (by this instance before a restart, or by another that held the partition during a
   * rebalance) and are skipped, as are event ids counted before.
   */
  int count(String topic, List<Polled> polled) {
    if (polled.isEmpty()) {
      return 0;
    }
    Integer result = transaction.execute(status -> countLocked(topic, polled));
    return result == null ? 0 : result;
  }

  private int countLocked(String topic, List<Polled> polled) {
    Map<Integer, Long> stored = lockPositions(topic, polled);
    Map<Integer, Long> next = new HashMap<>(stored);
    Map<UUID, UsageEvent> fresh = new LinkedHashMap<>();
    for (Polled p : polled) {
      if (p.offset() < stored.get(p.partition())) {
        continue;
      }
      next.merge(p.partition(), p.offset() + 1, Math::max);
      if (p.usage() != null) {
        fresh.putIfAbsent(p.usage().id(), p.usage());
      }
    }
    Set<UUID> unseen = markSeen(fresh.values());
    Map<Total.Key, Total> totals = new LinkedHashMap<>();
    for (UsageEvent event : fresh.values()) {
      if (unseen.contains(event.id())) {
        totals.computeIfAbsent(Total.Key.of(event), k -> new Total()).add(event);
      }
    }
    totals.forEach(this::add);
    next.forEach(
        (partition, offset) -> {
          if (!offset.equals(stored.get(partition))) {
            jdbc.sql("update usage_position set next_offset = ? where topic = ? and partition = ?")
                .params(offset, topic, partition)
                .update();
          }
        });
    return unseen.size();
  }

  /** Creates missing position rows (at 0) and locks the rows of the partitions polled. */
  private Map<Integer, Long> lockPositions(String topic, List<Polled> polled) {
    Integer[] partitions =
        polled.stream().map(Polled::partition).distinct().sorted().toArray(Integer[]::new);
    jdbc.sql(
            "insert into usage_position (topic, partition, next_offset)"
                + " select ?, p, 0 from unnest(?::int[]) as p on conflict do nothing")
        .params(topic, partitions)
        .update();
    Map<Integer, Long> stored = new HashMap<>();
    jdbc.sql(
            "select partition, next_offset from usage_position"
                + " where topic = ? and partition = any(?::int[]) order by partition for update")
        .params(topic, partitions)
        .query((RowCallbackHandler) rs -> stored.put(rs.getInt(1), rs.getLong(2)));
    return stored;
  }

  /** Inserts the ids in one statement; returns those not counted before. */
  private Set<UUID> markSeen(java.util.Collection<UsageEvent> events) {
    if (events.isEmpty()) {
      return Set.of();
    }
    String[] ids = events.stream().map(e -> e.id().toString()).toArray(String[]::new);
    String[] days = events.stream().map(e -> e.day().toString()).toArray(String[]::new);
    return new HashSet<>(
        jdbc.sql(
                "insert into usage_event_seen (id, day)"
                    + " select i::uuid, d::date from unnest(?::text[], ?::text[]) as t(i, d)"
                    + " on conflict do nothing returning id")
            .params(ids, days)
            .query(UUID.class)
            .list());
  }

  private void add(Total.Key key, Total total) {
    jdbc.sql(
            "insert into usage_daily"
                + " (day, dataset, provider, department, action, events, records, keys)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?)"
                + " on conflict (day, dataset, department, action) do update set"
                + " events = usage_daily.events + excluded.events,"
                + " records = usage_daily.records + excluded.records,"
                + " keys = usage_daily.keys + excluded.keys")
        .params(
            key.day(),
            key.dataset(),
            key.provider(),
            key.department(),
            key.action(),
            total.events,
            total.records,
            total.keys)
        .update();
  }

  /** Forgets counted ids of days before {@code before}; returns how many. */
  int pruneSeen(LocalDate before) {
    return jdbc.sql("delete from usage_event_seen where day < ?").param(before).update();
  }

  /** A batch's sum for one row of {@code usage_daily}. */
  private static final class Total {
    long events;
    long records;
    long keys;

    void add(UsageEvent event) {
      events++;
      records += event.records();
      keys += event.keys();
    }

    record Key(LocalDate day, String dataset, String provider, String department, String action) {
      static Key of(UsageEvent e) {
        return new Key(e.day(), e.dataset(), e.provider(), e.department(), e.action().name());
      }
    }
  }
}
