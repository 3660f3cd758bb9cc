package io.hutong.schemas.standards;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One data standard (数据标准) a data administrator attaches to a field of a dataset's schema version:
 * what a value must be to count as valid. Framework-free, so the catalogue (which stores and
 * describes standards) and the exchange (which applies them to published records) agree on one
 * definition. {@link #violation} answers null for a conforming value, else why not; every standard
 * but {@link Kind#REQUIRED} lets an absent value (null) pass — absence is REQUIRED's business, and
 * completeness is measured apart.
 *
 * @param kind what is checked
 * @param pattern for {@link Kind#PATTERN}: a regular expression the whole text must match
 * @param min for {@link Kind#LENGTH} (characters), {@link Kind#NUMBER_RANGE} and {@link
 *     Kind#DATE_RANGE} (ISO date): the lowest allowed, or null
 * @param max the highest allowed, or null
 * @param codes for {@link Kind#CODE_LIST}: the allowed values
 */
public record FieldStandard(Kind kind, String pattern, String min, String max, List<String> codes) {

  /** The kinds of standard. */
  public enum Kind {
    /** Not null, and not empty or blank text. */
    REQUIRED,
    PATTERN,
    LENGTH,
    NUMBER_RANGE,
    DATE_RANGE,
    CODE_LIST,
    /** 公民身份号码, GB 11643. */
    RESIDENT_IDENTITY,
    /** 统一社会信用代码, GB 32100. */
    SOCIAL_CREDIT_CODE,
    /** 行政区划代码, GB/T 2260 shape. */
    ADMINISTRATIVE_DIVISION,
    MOBILE_NUMBER,
    ISO_DATE
  }

  public FieldStandard {
    codes = codes == null ? List.of() : List.copyOf(codes);
  }

  /** A standard of a kind that takes no parameters. */
  public static FieldStandard of(Kind kind) {
    return new FieldStandard(kind, null, null, null, List.of());
  }

  /** Why {@code value} (as published: text, a number, a boolean or null) breaks it, or null. */
  public String violation(Object value, LocalDate today) {
    if (kind == Kind.REQUIRED) {
      return value == null || (value instanceof CharSequence text && text.toString().isBlank())
          ? "is required"
          : null;
    }
    if (value == null) {
      return null;
    }
    String text = value.toString();
    return switch (kind) {
      case PATTERN -> compiled().matcher(text).matches() ? null : "does not match " + pattern;
      case LENGTH -> length(text);
      case NUMBER_RANGE -> numberRange(value);
      case DATE_RANGE -> dateRange(text);
      case CODE_LIST -> Set.copyOf(codes).contains(text) ? null : "is not one of the code list";
      case RESIDENT_IDENTITY -> Identifiers.residentIdentity(text, today);
      case SOCIAL_CREDIT_CODE -> Identifiers.socialCreditCode(text);
      case ADMINISTRATIVE_DIVISION -> Identifiers.administrativeDivision(text);
      case MOBILE_NUMBER -> Identifiers.mobileNumber(text);
      case ISO_DATE -> Identifiers.isoDate(text);
      case REQUIRED -> null;
    };
  }

  private Pattern compiled() {
    return Pattern.compile(pattern);
  }

  private String length(String text) {
    int n = text.codePointCount(0, text.length());
    if (min != null && n < Integer.parseInt(min)) {
      return "is shorter than " + min + " characters";
    }
    if (max != null && n > Integer.parseInt(max)) {
      return "is longer than " + max + " characters";
    }
    return null;
  }

  private String numberRange(Object value) {
    BigDecimal number;
    try {
      number = new BigDecimal(value.toString());
    } catch (NumberFormatException e) {
      return "is not a number";
    }
    if (min != null && number.compareTo(new BigDecimal(min)) < 0) {
      return "is below " + min;
    }
    if (max != null && number.compareTo(new BigDecimal(max)) > 0) {
      return "is above " + max;
    }
    return null;
  }

  private String dateRange(String text) {
    LocalDate date;
    try {
      date = LocalDate.parse(text);
    } catch (DateTimeException e) {
      return "is not a date (yyyy-MM-dd)";
    }
    if (min != null && date.isBefore(LocalDate.parse(min))) {
      return "is before " + min;
    }
    if (max != null && date.isAfter(LocalDate.parse(max))) {
      return "is after " + max;
    }
    return null;
  }
}
