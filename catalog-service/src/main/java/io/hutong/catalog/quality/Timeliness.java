package io.hutong.catalog.quality;

import io.hutong.catalog.dataset.UpdateFrequency;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAmount;

/**
 * A dataset's timeliness at one instant: the rule that turns an update frequency and the time of
 * the last publish into a due time and a status. The next publish is due one period after the last
 * (calendar months and years counted in UTC) plus a grace that is a share of that period; a dataset
 * updated on change is never late.
 *
 * @param status the verdict
 * @param lastPublishedAt the newest record published, or null
 * @param dueAt when the next publish is (was) due, or null when nothing was published or the
 *     dataset is updated on change
 * @param lateBy how long past {@code dueAt}, when late; null otherwise
 */
public record Timeliness(
    TimelinessStatus status, Instant lastPublishedAt, Instant dueAt, Duration lateBy) {

  /** The timeliness at {@code now} of a dataset updated {@code frequency}. */
  public static Timeliness at(
      Instant now, UpdateFrequency frequency, Instant lastPublishedAt, double graceShare) {
    if (lastPublishedAt == null) {
      return new Timeliness(TimelinessStatus.NEVER_PUBLISHED, null, null, null);
    }
    Instant due = dueAt(frequency, lastPublishedAt, graceShare);
    if (due == null || !now.isAfter(due)) {
      return new Timeliness(TimelinessStatus.ON_TIME, lastPublishedAt, due, null);
    }
    return new Timeliness(TimelinessStatus.LATE, lastPublishedAt, due, Duration.between(due, now));
  }

  /**
   * Since when this status holds, as the rules put it: a late dataset since it fell due, an on-time
   * one since its last publish, one never published since it was registered ({@code registeredAt}).
   */
  public Instant since(Instant registeredAt) {
    return switch (status) {
      case LATE -> dueAt;
      case ON_TIME -> lastPublishedAt;
      case NEVER_PUBLISHED -> registeredAt;
    };
  }

  /**
   * When the publish after {@code lastPublishedAt} is due: one period later plus {@code graceShare}
   * of that period (rounded to the microsecond); null for {@link UpdateFrequency#ON_CHANGE}.
   */
  static Instant dueAt(UpdateFrequency frequency, Instant lastPublishedAt, double graceShare) {
    TemporalAmount period = period(frequency);
    if (period == null) {
      return null;
    }
    ZonedDateTime last = lastPublishedAt.atZone(ZoneOffset.UTC);
    ZonedDateTime next = last.plus(period);
    long periodMicros = ChronoUnit.MICROS.between(last, next);
    long graceMicros = Math.round(periodMicros * graceShare);
    return next.toInstant().plus(graceMicros, ChronoUnit.MICROS);
  }

  /** The period of a frequency; null when there is none to miss. */
  static TemporalAmount period(UpdateFrequency frequency) {
    return switch (frequency) {
      case REALTIME, HOURLY -> Duration.ofHours(1);
      case DAILY -> Period.ofDays(1);
      case WEEKLY -> Period.ofWeeks(1);
      case MONTHLY -> Period.ofMonths(1);
      case QUARTERLY -> Period.ofMonths(3);
      case YEARLY -> Period.ofYears(1);
      case ON_CHANGE -> null;
    };
  }
}
