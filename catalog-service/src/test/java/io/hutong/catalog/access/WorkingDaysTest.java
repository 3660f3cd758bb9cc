package io.hutong.catalog.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkingDaysTest {

  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  @Test
  void weekendsAreNotCounted() {
    WorkingDays days = new WorkingDays(SHANGHAI, Set.of(), Set.of());
    // Friday 2026-11-20, 10:00 in Shanghai
    Instant friday = LocalDate.of(2026, 11, 20).atTime(10, 0).atZone(SHANGHAI).toInstant();

    Instant deadline = days.deadline(friday, 10);

    // Mon 23 .. Fri 27 (5), Mon 30 .. Fri Dec 4 (10): due by the end of Friday 4 December.
    assertThat(deadline).isEqualTo(LocalDate.of(2026, 12, 5).atStartOfDay(SHANGHAI).toInstant());
  }

  @Test
  void holidaysAreSkippedAndMakeUpDaysCounted() {
    LocalDate nationalDay = LocalDate.of(2026, 10, 1);
    WorkingDays days =
        new WorkingDays(
            SHANGHAI,
            Set.of(nationalDay, nationalDay.plusDays(1), nationalDay.plusDays(5)),
            Set.of(LocalDate.of(2026, 10, 10)));
    Instant wednesday = LocalDate.of(2026, 9, 30).atTime(9, 0).atZone(SHANGHAI).toInstant();

    // Oct 1, 2 holidays; 3, 4 weekend; 5 working; 6 holiday; 7, 8, 9 working; 10 make-up Saturday
    Instant deadline = days.deadline(wednesday, 5);

    assertThat(deadline).isEqualTo(LocalDate.of(2026, 10, 11).atStartOfDay(SHANGHAI).toInstant());
    assertThat(days.isWorkingDay(LocalDate.of(2026, 10, 10))).isTrue();
    assertThat(days.isWorkingDay(nationalDay)).isFalse();
  }
}
