package io.hutong.catalog.rules;

import io.hutong.service.failure.Refusal;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Instants at microsecond precision — PostgreSQL's and Avro's — so what is stored, returned and
 * published is the same instant.
 */
public final class Times {

  private Times() {}

  /** The first instant the API takes: 0001-01-01T00:00:00Z. */
  public static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");

  /** The last instant the API takes: 9999-12-31T23:59:59.999999Z. */
  public static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999Z");

  public static Instant now(Clock clock) {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * {@code value} as an ISO-8601 instant between {@link #MIN} and {@link #MAX} at microsecond
   * precision, or null when null; a 422 naming {@code field} otherwise.
   */
  public static Instant parse(String field, String value) {
    if (value == null) {
      return null;
    }
    Instant instant;
    try {
      instant = Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw Refusal.invalid(field + " must be an ISO-8601 instant, e.g. 2027-01-01T00:00:00Z.");
    }
    if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
      throw Refusal.invalid(field + " must lie between years 0001 and 9999.");
    }
    return instant.truncatedTo(ChronoUnit.MICROS);
  }
}
