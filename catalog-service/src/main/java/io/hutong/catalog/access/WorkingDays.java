package io.hutong.catalog.access;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;

/**
 * Counts working days: weekends and configured public holidays excluded (and configured make-up
 * working days included, as the State Council's holiday schedule has them). A reply deadline is the
 * end of the N-th working day after the request.
 */
public record WorkingDays(ZoneId zone, Set<LocalDate> holidays, Set<LocalDate> extraWorkingDays) {

  public WorkingDays {
    holidays = Set.copyOf(holidays);
    extraWorkingDays = Set.copyOf(extraWorkingDays);
  }

  public boolean isWorkingDay(LocalDate day) {
    if (extraWorkingDays.contains(day)) {
      return true;
    }
    DayOfWeek weekday = day.getDayOfWeek();
    return weekday != DayOfWeek.SATURDAY && weekday != DayOfWeek.SUNDAY && !holidays.contains(day);
  }

  /** The instant at which {@code workingDays} working days after {@code from} have passed. */
  public Instant deadline(Instant from, int workingDays) {
    LocalDate day = from.atZone(zone).toLocalDate();
    int counted = 0;
    while (counted < workingDays) {
      day = day.plusDays(1);
      if (isWorkingDay(day)) {
        counted++;
      }
    }
    return day.plusDays(1).atStartOfDay(zone).toInstant();
  }
}
