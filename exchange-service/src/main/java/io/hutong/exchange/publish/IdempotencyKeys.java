package io.hutong.exchange.publish;

import io.hutong.exchange.config.ExchangeProperties;
import io.hutong.service.failure.Refusal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The idempotency-key table: claim before publishing, complete after. Same key and body → the
 * stored answer; different body → 422; claimed and still fresh → 409; claimed and stale → the
 * caller must find out what the dead owner did before taking over.
 */
@Component
class IdempotencyKeys {

  private final JdbcClient jdbc;
  private final Clock clock;
  private final ExchangeProperties.Idempotency settings;

  IdempotencyKeys(JdbcClient jdbc, Clock clock, ExchangeProperties properties) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.settings = properties.idempotency();
  }

  /** A key's row. */
  record Claim(
      String client,
      String key,
      String dataset,
      byte[] requestHash,
      UUID attempt,
      String status,
      String startCursor,
      String response,
      Instant claimedAt) {

    boolean done() {
      return status.equals("DONE");
    }
  }

  /** What to do with a keyed request. */
  sealed interface Decision {}

  /** First time: publish under {@code attempt}. */
  record Publish(UUID attempt) implements Decision {}

  /** Answered before: return {@code response}. */
  record Replay(String response) implements Decision {}

  /** A dead owner's claim: find its attempt in Kafka before deciding. */
  record Recover(Claim claim) implements Decision {}

  Decision claim(String client, String key, String dataset, byte[] hash, String startCursor) {
    Instant now = clock.instant();
    UUID attempt = UUID.randomUUID();
    int inserted =
        jdbc.sql(
                "insert into idempotency_key (client, idem_key, dataset, request_hash, attempt, status,"
                    + " start_cursor, claimed_at) values (?, ?, ?, ?, ?, 'IN_FLIGHT', ?, ?)"
                    + " on conflict (client, idem_key) do nothing")
            .params(client, key, dataset, hash, attempt, startCursor, Timestamp.from(now))
            .update();
    if (inserted == 1) {
      return new Publish(attempt);
    }
    Claim existing =
        find(client, key).orElseThrow(() -> new IllegalStateException("idempotency row vanished"));
    if (!existing.dataset().equals(dataset) || !Arrays.equals(existing.requestHash(), hash)) {
      throw new Refusal(
          Refusal.Kind.UNPROCESSABLE,
          "idempotency-key-reused",
          "This Idempotency-Key was used for a different request; use a new key.");
    }
    if (existing.done()) {
      return new Replay(existing.response());
    }
    if (existing.claimedAt().plus(settings.claimTimeout()).isAfter(now)) {
      throw new Refusal(
          Refusal.Kind.CONFLICT,
          "request-in-flight",
          "A request with this Idempotency-Key is still being processed; retry shortly.");
    }
    return new Recover(existing);
  }

  /** Takes over a stale claim with a fresh attempt; false if another caller took it first. */
  boolean takeOver(Claim stale, UUID attempt, String startCursor) {
    return jdbc.sql(
                "update idempotency_key set attempt = ?, start_cursor = ?, claimed_at = ?"
                    + " where client = ? and idem_key = ? and attempt = ? and status = 'IN_FLIGHT'")
            .params(
                attempt,
                startCursor,
                Timestamp.from(clock.instant()),
                stale.client(),
                stale.key(),
                stale.attempt())
            .update()
        == 1;
  }

  /** Re-stamps a claim still held by {@code attempt}; false if it was taken over or completed. */
  boolean touch(String client, String key, UUID attempt) {
    return jdbc.sql(
                "update idempotency_key set claimed_at = ? where client = ? and idem_key = ?"
                    + " and attempt = ? and status = 'IN_FLIGHT'")
            .params(Timestamp.from(clock.instant()), client, key, attempt)
            .update()
        == 1;
  }

  void complete(String client, String key, UUID attempt, String response) {
    jdbc.sql(
            "update idempotency_key set status = 'DONE', response = ?, completed_at = ?"
                + " where client = ? and idem_key = ? and attempt = ?")
        .params(response, Timestamp.from(clock.instant()), client, key, attempt)
        .update();
  }

  /** The publish failed before Kafka committed: the key may be used again right away. */
  void release(String client, String key, UUID attempt) {
    jdbc.sql(
            "delete from idempotency_key where client = ? and idem_key = ? and attempt = ? and status = 'IN_FLIGHT'")
        .params(client, key, attempt)
        .update();
  }

  Optional<Claim> find(String client, String key) {
    return jdbc.sql(
            "select client, idem_key, dataset, request_hash, attempt, status, start_cursor, response,"
                + " claimed_at from idempotency_key where client = ? and idem_key = ?")
        .params(client, key)
        .query(
            (rs, i) ->
                new Claim(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getBytes(4),
                    rs.getObject(5, UUID.class),
                    rs.getString(6),
                    rs.getString(7),
                    rs.getString(8),
                    rs.getTimestamp(9).toInstant()))
        .optional();
  }

  /** Keys are kept at least 24 hours, then forgotten. */
  @Scheduled(fixedDelayString = "PT10M")
  void expire() {
    jdbc.sql("delete from idempotency_key where claimed_at < ? and status = 'DONE'")
        .param(Timestamp.from(clock.instant().minus(settings.retention())))
        .update();
  }
}
