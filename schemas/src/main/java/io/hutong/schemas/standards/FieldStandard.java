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

  /**
   * This standard prepared for many values (its pattern compiled, its code list hashed), for the
   * publish path and the measuring of every record.
   */
  public Check check() {
    return switch (kind) {
      case PATTERN -> {
        Pattern compiled = compiled();
        yield (value, today) -> value == null ? null : matches(compiled, value.toString());
      }
      case CODE_LIST -> {
        Set<String> codeSet = Set.copyOf(codes);
        yield (value, today) ->
            value == null || codeSet.contains(value.toString())
                ? null
                : "is not one of the code list";
      }
      case DATE_RANGE -> {
        LocalDate from = min == null ? null : LocalDate.parse(min);
        LocalDate to = max == null ? null : LocalDate.parse(max);
        yield (value, today) -> {
          if (value == null) {
            return null;
          }
          LocalDate date = Identifiers.date(value.toString());
          if (date == null) {
            return "is not a date (yyyy-MM-dd)";
          }
          if (from != null && date.isBefore(from)) {
            return "is before " + min;
          }
          return to != null && date.isAfter(to) ? "is after " + max : null;
        };
      }
      default -> this::violation;
    };
  }

  /**
   * Characters a pattern may read while matching one value before it gives up: a provider's pattern
   * that backtracks catastrophically ({@code (a+)+$}) must cost a publish a few milliseconds, not
   * hang it. Ordinary patterns read each character a few times.
   */
  static final int PATTERN_BUDGET = 1_000_000;

  private String matches(Pattern compiled, String text) {
    try {
      return compiled.matcher(new BoundedText(text, PATTERN_BUDGET)).matches()
          ? null
          : "does not match " + pattern;
    } catch (BoundedText.Exhausted e) {
      return "could not be checked against " + pattern + " (the pattern takes too long)";
    }
  }

  /** Text whose reading is counted, so a runaway match stops (see {@link #PATTERN_BUDGET}). */
  private static final class BoundedText implements CharSequence {
    private final String text;
    private int budget;

    BoundedText(String text, int budget) {
      this.text = text;
      this.budget = budget;
    }

    @Override
    public char charAt(int index) {
      if (--budget < 0) {
        throw new Exhausted();
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.subSequence(start, end);
    }

    @Override
    public String toString() {
      return text;
    }

    /** The budget is spent. */
    static final class Exhausted extends RuntimeException {
      Exhausted() {
        super(null, null, false, false);
      }
    }
  }

  /** A prepared standard: why a value breaks it, or null. */
  @FunctionalInterface
  public interface Check {
    String violation(Object value, LocalDate today);
  }

  /**
   * Why this standard cannot be applied (a pattern that does not compile, a bound that is not a
   * number or date, an empty code list, parameters its kind does not take), or null when it can.
   */
  public String problem() {
    try {
      switch (kind) {
        case PATTERN -> {
          if (pattern == null || pattern.isEmpty()) {
            return "a pattern standard needs a pattern";
          }
          compiled();
        }
        case LENGTH -> {
          if (min == null && max == null) {
            return "a length standard needs min or max";
          }
          if ((min != null && Integer.parseInt(min) < 0)
              || (max != null && Integer.parseInt(max) < 0)) {
            return "lengths are not negative";
          }
        }
        case NUMBER_RANGE -> {
          if (min == null && max == null) {
            return "a number range needs min or max";
          }
          if (min != null) {
            new BigDecimal(min);
          }
          if (max != null) {
            new BigDecimal(max);
          }
        }
        case DATE_RANGE -> {
          if (min == null && max == null) {
            return "a date range needs min or max";
          }
          if (min != null) {
            LocalDate.parse(min);
          }
          if (max != null) {
            LocalDate.parse(max);
          }
        }
        case CODE_LIST -> {
          if (codes.isEmpty()) {
            return "a code list needs at least one code";
          }
        }
        default -> {
          if (pattern != null || min != null || max != null || !codes.isEmpty()) {
            return kind + " takes no parameters";
          }
        }
      }
    } catch (java.util.regex.PatternSyntaxException e) {
      return "the pattern does not compile: " + e.getDescription();
    } catch (NumberFormatException e) {
      return "min and max must be numbers";
    } catch (DateTimeException e) {
      return "min and max must be dates (yyyy-MM-dd)";
    }
    if (kind != Kind.PATTERN && pattern != null) {
      return kind + " takes no pattern";
    }
    if (kind != Kind.CODE_LIST && !codes.isEmpty()) {
      return kind + " takes no codes";
    }
    return null;
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
      case PATTERN -> matches(compiled(), text);
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
    LocalDate date = Identifiers.date(text);
    if (date == null) {
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
