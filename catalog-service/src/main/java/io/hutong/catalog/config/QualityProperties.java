package io.hutong.catalog.config;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of quality per dataset, under {@code hutong.catalog.quality}: how the figures the
 * exchange measures are followed and kept, and how timeliness is judged. Its own record rather than
 * a member of {@link CatalogProperties}, so the feature's settings sit in one place.
 *
 * @param timelinessCheckInterval how often every active dataset's timeliness is checked and changes
 *     are recorded and published
 * @param graceShare the grace after a dataset's period before it counts as late, as a share of the
 *     period (0.1: a daily dataset is late 26 h 24 min after its last publish)
 * @param retention how long hourly buckets are kept; the 30-day window needs at least 30 days
 * @param pruneInterval how often buckets past the retention are deleted
 * @param pollTimeout how long one poll of the buckets topic waits for snapshots
 * @param retryBackoff pause after the follower failed (Kafka or PostgreSQL down) before it retries
 */
@Validated
@ConfigurationProperties("hutong.catalog.quality")
public record QualityProperties(
    @NotNull @DefaultValue("1m") Duration timelinessCheckInterval,
    @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0.1") double graceShare,
    @NotNull @DefaultValue("35d") Duration retention,
    @NotNull @DefaultValue("1h") Duration pruneInterval,
    @NotNull @DefaultValue("1s") Duration pollTimeout,
    @NotNull @DefaultValue("2s") Duration retryBackoff) {}
