package io.hutong.catalog.statistics;

import io.hutong.service.failure.Refusal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;

/**
 * The days statistics cover: whole UTC days from {@code from} to {@code to}, both included, at most
 * {@value #MAX_DAYS} of them. It exists so that the parsing rules and the meaning of "a day" are
 * stated once, for the figures read by day (usage) and by instant (requests, decisions).
 *
 * @param from the first day counted
 * @param to the last day counted
 */
record StatisticsPeriod(LocalDate from, LocalDate to) {

  /** A leap year's worth of days: enough for any year-to-date figure. */
  static final int MAX_DAYS = 366;

  private static final DateTimeFormatter MONTH =
      DateTimeFormatter.ofPattern("uuuu-MM").withResolverStyle(ResolverStyle.STRICT);

  /**
   * The period of {@code from}/{@code to} as given (ISO dates, either may be null): {@code from}
   * defaults to the first day of {@code to}'s month, {@code to} to {@code today}; 422 for a date
   * that is not {@code yyyy-mm-dd}, {@code from} after {@code to}, or more than {@value #MAX_DAYS}
   * days.
   */
  static StatisticsPeriod of(String from, String to, LocalDate today) {
    LocalDate last = to == null ? today : date("to", to);
    LocalDate first = from == null ? last.withDayOfMonth(1) : date("from", from);
    if (first.isAfter(last)) {
      throw Refusal.invalid("from (" + first + ") must not be after to (" + last + ").");
    }
    long days = ChronoUnit.DAYS.between(first, last) + 1;
    if (days > MAX_DAYS) {
      throw Refusal.invalid(
          "The period from "
              + first
              + " to "
              + last
              + " covers "
              + days
              + " days; at most "
              + MAX_DAYS
              + " are allowed.");
    }
    return new StatisticsPeriod(first, last);
  }

  /** The whole calendar month {@code yyyy-MM}; 422 for anything else. */
  static StatisticsPeriod month(String month) {
    if (month == null) {
      throw Refusal.invalid("month is required, as yyyy-MM (e.g. 2026-11).");
    }
    try {
      YearMonth parsed = YearMonth.parse(month, MONTH);
      if (parsed.getYear() < 1 || parsed.getYear() > 9999) {
        throw Refusal.invalid("month must lie between years 0001 and 9999.");
      }
      return new StatisticsPeriod(parsed.atDay(1), parsed.atEndOfMonth());
    } catch (DateTimeParseException e) {
      throw Refusal.invalid("month must be yyyy-MM (e.g. 2026-11).");
    }
  }

  /** The first instant of the period (start of {@code from}, UTC). */
  Instant start() {
    return from.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** The first instant after the period (start of the day after {@code to}, UTC). */
  Instant end() {
    return to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private static LocalDate date(String name, String value) {
    try {
      LocalDate date = LocalDate.parse(value, DateTimeFormatter.ISO_LOCAL_DATE);
      if (date.getYear() < 1 || date.getYear() > 9999) {
        throw Refusal.invalid(name + " must lie between years 0001 and 9999.");
      }
      return date;
    } catch (DateTimeParseException e) {
      throw Refusal.invalid(name + " must be an ISO date, yyyy-mm-dd (e.g. 2026-11-01).");
    }
  }
}
