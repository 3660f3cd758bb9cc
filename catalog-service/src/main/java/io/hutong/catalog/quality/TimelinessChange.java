package io.hutong.catalog.quality;

import java.time.Instant;

/**
 * A dataset's timeliness changed — it turned late, or was brought up to date — as the timeliness
 * check recorded it: an entry of the REST feed, and the content of a {@code DatasetTimeliness}
 * event.
 *
 * @param id position in the feed (0 before it is stored)
 * @param dataset dataset code
 * @param status the new status
 * @param previousStatus the status before, or null when the dataset had none recorded
 * @param lastPublishedAt the newest record published when the change was recorded, or null
 * @param dueAt when the next publish was due, or null
 * @param changedAt when the check recorded the change
 */
public record TimelinessChange(
    long id,
    String dataset,
    TimelinessStatus status,
    TimelinessStatus previousStatus,
    Instant lastPublishedAt,
    Instant dueAt,
    Instant changedAt) {}
