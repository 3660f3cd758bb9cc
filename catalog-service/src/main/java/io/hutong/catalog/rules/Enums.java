package io.hutong.catalog.rules;

import io.hutong.service.failure.Refusal;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Reads enum values from request text with an error that lists what is allowed. */
public final class Enums {

  private Enums() {}

  /** {@code value} as a constant of {@code type}; a 422 naming {@code field} otherwise. */
  public static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
    if (value == null || value.isBlank()) {
      throw Refusal.invalid(field + " is required; one of " + allowed(type) + ".");
    }
    try {
      return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw Refusal.invalid(
          field + " '" + value + "' is not known; use one of " + allowed(type) + ".");
    }
  }

  /** Like {@link #parse}, but null when {@code value} is null or blank. */
  public static <E extends Enum<E>> E parseOptional(Class<E> type, String value, String field) {
    return value == null || value.isBlank() ? null : parse(type, value, field);
  }

  private static <E extends Enum<E>> String allowed(Class<E> type) {
    return Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
  }
}
