package io.hutong.catalog.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.catalog.dataset.UpdateFrequency;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimelinessTest {

  private static final Instant LAST = Instant.parse("2027-01-31T10:00:00Z");

  @Test
  void daily_isDueOneDayPlusTenPercentLater() {
    assertThat(Timeliness.dueAt(UpdateFrequency.DAILY, LAST, 0.1))
        .isEqualTo(Instant.parse("2027-02-01T12:24:00Z"));
  }

  @Test
  void realtimeAndHourly_areDueAnHourPlusGraceLater() {
    assertThat(Timeliness.dueAt(UpdateFrequency.REALTIME, LAST, 0.1))
        .isEqualTo(Instant.parse("2027-01-31T11:06:00Z"));
    assertThat(Timeliness.dueAt(UpdateFrequency.HOURLY, LAST, 0.1))
        .isEqualTo(Instant.parse("2027-01-31T11:06:00Z"));
  }

  @Test
  void weekly_isDueSevenDaysPlusGraceLater() {
    assertThat(Timeliness.dueAt(UpdateFrequency.WEEKLY, LAST, 0.1))
        .isEqualTo(Instant.parse("2027-02-07T10:00:00Z").plus(Duration.ofMinutes(1008)));
  }

  @Test
  void monthly_countsACalendarMonth_andTheGraceIsAShareOfThatMonth() {
    // 31 January + 1 month = 28 February (28 days), grace 10% of 28 days = 2 days 19 h 12 min.
    assertThat(Timeliness.dueAt(UpdateFrequency.MONTHLY, LAST, 0.1))
        .isEqualTo(Instant.parse("2027-03-03T05:12:00Z"));
  }

  @Test
  void quarterlyAndYearly_countCalendarMonthsAndYears() {
    Instant start = Instant.parse("2027-01-01T00:00:00Z");
    // Jan-Mar 2027: 90 days, grace 9 days.
    assertThat(Timeliness.dueAt(UpdateFrequency.QUARTERLY, start, 0.1))
        .isEqualTo(Instant.parse("2027-04-10T00:00:00Z"));
    // 2027: 365 days, grace 36.5 days.
    assertThat(Timeliness.dueAt(UpdateFrequency.YEARLY, start, 0.1))
        .isEqualTo(Instant.parse("2028-02-06T12:00:00Z"));
  }

  @Test
  void onChange_isNeverDue_andNeverLate() {
    assertThat(Timeliness.dueAt(UpdateFrequency.ON_CHANGE, LAST, 0.1)).isNull();
    Timeliness years =
        Timeliness.at(LAST.plus(Duration.ofDays(3650)), UpdateFrequency.ON_CHANGE, LAST, 0.1);
    assertThat(years.status()).isEqualTo(TimelinessStatus.ON_TIME);
    assertThat(years.dueAt()).isNull();
  }

  @Test
  void noPublishAtAll_isNeverPublished_sinceRegistration() {
    Instant registered = Instant.parse("2026-12-01T00:00:00Z");
    Timeliness never = Timeliness.at(LAST, UpdateFrequency.DAILY, null, 0.1);
    assertThat(never.status()).isEqualTo(TimelinessStatus.NEVER_PUBLISHED);
    assertThat(never.dueAt()).isNull();
    assertThat(never.since(registered)).isEqualTo(registered);
  }

  @Test
  void atTheDueInstant_stillOnTime_justAfter_lateByTheDifference() {
    Instant due = Instant.parse("2027-02-01T12:24:00Z");
    assertThat(Timeliness.at(due, UpdateFrequency.DAILY, LAST, 0.1).status())
        .isEqualTo(TimelinessStatus.ON_TIME);
    Timeliness late =
        Timeliness.at(due.plus(Duration.ofMinutes(90)), UpdateFrequency.DAILY, LAST, 0.1);
    assertThat(late.status()).isEqualTo(TimelinessStatus.LATE);
    assertThat(late.lateBy()).isEqualTo(Duration.ofMinutes(90));
    assertThat(late.since(Instant.EPOCH)).isEqualTo(due);
  }

  @Test
  void aGraceOfZero_makesTheDatasetDueExactlyOnePeriodLater() {
    assertThat(Timeliness.dueAt(UpdateFrequency.DAILY, LAST, 0))
        .isEqualTo(LAST.plus(Duration.ofDays(1)));
  }

  @Test
  void announces_turningLateAndBackOnTime_notAFirstQuietStatus() {
    assertThat(TimelinessCheck.announces(null, TimelinessStatus.LATE)).isTrue();
    assertThat(TimelinessCheck.announces(null, TimelinessStatus.ON_TIME)).isFalse();
    assertThat(TimelinessCheck.announces(null, TimelinessStatus.NEVER_PUBLISHED)).isFalse();
    assertThat(TimelinessCheck.announces(TimelinessStatus.ON_TIME, TimelinessStatus.LATE)).isTrue();
    assertThat(TimelinessCheck.announces(TimelinessStatus.LATE, TimelinessStatus.ON_TIME)).isTrue();
    assertThat(
            TimelinessCheck.announces(TimelinessStatus.NEVER_PUBLISHED, TimelinessStatus.ON_TIME))
        .isTrue();
  }
}
