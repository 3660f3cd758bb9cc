package io.hutong.catalog.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the catalogue service, under {@code hutong.catalog}.
 *
 * @param review how conditional access requests are reviewed
 * @param outbox how the outbox relay moves events to Kafka
 * @param grants how grant expiry is recorded
 */
@Validated
@ConfigurationProperties("hutong.catalog")
public record CatalogProperties(
    @Valid @NotNull @DefaultValue Review review,
    @Valid @NotNull @DefaultValue Outbox outbox,
    @Valid @NotNull @DefaultValue Grants grants) {

  /**
   * Review of conditional requests.
   *
   * @param replyWorkingDays working days the provider has to decide (weekends and holidays
   *     excluded)
   * @param zone the time zone working days are counted in
   * @param holidays public holidays that are not working days, e.g. 2026-10-01
   * @param extraWorkingDays weekend days that are working days (make-up days)
   */
  public record Review(
      @Min(1) @Max(365) @DefaultValue("10") int replyWorkingDays,
      @NotNull @DefaultValue("Asia/Shanghai") ZoneId zone,
      @NotNull @DefaultValue Set<LocalDate> holidays,
      @NotNull @DefaultValue Set<LocalDate> extraWorkingDays) {}

  /**
   * The transactional outbox relay.
   *
   * @param pollInterval how often the relay looks for committed messages when not nudged
   * @param batchSize messages relayed per round
   * @param sendTimeout how long Kafka may take to acknowledge a message before the round is retried
   * @param retryBackoff pause after a failed round (Kafka down)
   */
  public record Outbox(
      @NotNull @DefaultValue("200ms") Duration pollInterval,
      @Min(1) @Max(10_000) @DefaultValue("500") int batchSize,
      @NotNull @DefaultValue("30s") Duration sendTimeout,
      @NotNull @DefaultValue("1s") Duration retryBackoff) {}

  /**
   * Grants.
   *
   * @param expiryCheckInterval how often grants past their validUntil are recorded as expired (they
   *     stop counting at validUntil regardless)
   */
  public record Grants(@NotNull @DefaultValue("5s") Duration expiryCheckInterval) {}
}
