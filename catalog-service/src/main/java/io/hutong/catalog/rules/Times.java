package io.hutong.catalog.rules;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Instants at microsecond precision — PostgreSQL's and Avro's — so what is stored, returned and
 * published is the same instant.
 */
public final class Times {

  private Times() {}

  public static Instant now(Clock clock) {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
