package io.hutong.catalog.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the sharing statistics, under {@code hutong.catalog.statistics}. Kept apart from
 * {@link CatalogProperties} because the usage follower is a separate concern with its own life
 * cycle (it may be switched off on instances that should not read the audit topic).
 *
 * @param followUsage whether this instance counts usage from {@code hutong.audit.events}
 * @param pollTimeout how long one poll of the audit topic waits for events
 * @param maxPollRecords audit events counted per transaction at most
 * @param retryBackoff pause after a failure (Kafka or PostgreSQL down) before resuming
 * @param seenRetention how long counted event ids are kept to recognise a resent event; longer than
 *     the audit topic's retention (7 days)
 * @param pruneCron when the ids older than {@code seenRetention} are pruned (daily by default)
 */
@Validated
@ConfigurationProperties("hutong.catalog.statistics")
public record StatisticsProperties(
    @DefaultValue("true") boolean followUsage,
    @NotNull @DefaultValue("500ms") Duration pollTimeout,
    @Min(1) @Max(10_000) @DefaultValue("2000") int maxPollRecords,
    @NotNull @DefaultValue("1s") Duration retryBackoff,
    @NotNull @DefaultValue("8d") Duration seenRetention,
    @NotNull @DefaultValue("0 17 3 * * *") String pruneCron) {}
