package io.hutong.exchange.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the exchange, under {@code hutong.exchange}.
 *
 * @param publish limits and Kafka settings of publishing
 * @param idempotency how Idempotency-Key claims are kept and recovered
 * @param maxStreamsPerClient Server-Sent Event streams one client (system) may hold open on one
 *     instance; each holds a Kafka consumer, so more are refused with 429
 */
@Validated
@ConfigurationProperties("hutong.exchange")
public record ExchangeProperties(
    @Valid @NotNull @DefaultValue Publish publish,
    @Valid @NotNull @DefaultValue Idempotency idempotency,
    @Min(1) @DefaultValue("16") int maxStreamsPerClient) {

  /**
   * Publishing.
   *
   * @param maxRecords most records in one batch
   * @param maxRecordSize largest encoded value of one record
   * @param producers transactional producers per instance (batches in flight at once)
   * @param topicPartitions partitions of a dataset topic created by the exchange
   * @param sendTimeout how long a batch may take to be acknowledged by Kafka
   * @param transactionTimeout after how long Kafka aborts a transaction its producer left open
   * @param groupRecords most records of batches waiting together that one transaction takes (group
   *     commit; a batch is never split)
   * @param topicRetention how long a dataset topic created by the exchange keeps records; {@code
   *     -1ms} (the default) keeps them until an operator decides otherwise: the topic is the record
   *     of what was shared and the source the lookup state is rebuilt from (decision 0012)
   */
  public record Publish(
      @Min(1) @Max(1000) @DefaultValue("1000") int maxRecords,
      @NotNull @DefaultValue("256KB") DataSize maxRecordSize,
      @Min(1) @Max(64) @DefaultValue("4") int producers,
      @Min(1) @DefaultValue("3") int topicPartitions,
      @NotNull @DefaultValue("30s") Duration sendTimeout,
      @NotNull @DefaultValue("20s") Duration transactionTimeout,
      @Min(1) @DefaultValue("5000") int groupRecords,
      @NotNull @DefaultValue("-1ms") Duration topicRetention) {}

  /**
   * Idempotency keys.
   *
   * @param claimTimeout after how long an unfinished claim is presumed abandoned (its owner died);
   *     must exceed the transaction timeout plus the broker's abort-check interval (10 s by
   *     default), so Kafka has aborted whatever that owner left open; claims are re-stamped right
   *     before their transaction begins
   * @param retention how long keys are kept (at least 24 hours)
   */
  public record Idempotency(
      @NotNull @DefaultValue("60s") Duration claimTimeout,
      @NotNull @DefaultValue("24h") Duration retention) {}
}
