package io.hutong.schemas.standards;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.schemas.standards.FieldStandard.Kind;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every kind of standard, on conforming values, violations and absent values. */
class FieldStandardTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 11, 28);

  @Test
  void requiredRefusesNullEmptyAndBlankOnly() {
    FieldStandard required = FieldStandard.of(Kind.REQUIRED);
    assertThat(required.violation(null, TODAY)).isEqualTo("is required");
    assertThat(required.violation("", TODAY)).isEqualTo("is required");
    assertThat(required.violation("  ", TODAY)).isEqualTo("is required");
    assertThat(required.violation("张三", TODAY)).isNull();
    assertThat(required.violation(0, TODAY)).isNull();
  }

  @Test
  void everyOtherStandardLetsAnAbsentValuePass() {
    for (Kind kind : Kind.values()) {
      if (kind != Kind.REQUIRED) {
        FieldStandard standard = new FieldStandard(kind, ".*", "1", "2", List.of("a"));
        assertThat(standard.violation(null, TODAY)).as(kind.name()).isNull();
      }
    }
  }

  @Test
  void patternLengthAndCodeList() {
    FieldStandard pattern = new FieldStandard(Kind.PATTERN, "[A-Z]{2}\\d{4}", null, null, null);
    assertThat(pattern.violation("AB1234", TODAY)).isNull();
    assertThat(pattern.violation("AB12345", TODAY)).contains("does not match");

    FieldStandard length = new FieldStandard(Kind.LENGTH, null, "2", "4", null);
    assertThat(length.violation("张三", TODAY)).isNull();
    assertThat(length.violation("张", TODAY)).contains("shorter");
    assertThat(length.violation("欧阳娜娜娜", TODAY)).contains("longer");
    assertThat(length.violation("\uD842\uDFB7\uD842\uDFB7", TODAY)).as("two code points").isNull();

    FieldStandard codes = new FieldStandard(Kind.CODE_LIST, null, null, null, List.of("1", "2"));
    assertThat(codes.violation("1", TODAY)).isNull();
    assertThat(codes.violation("9", TODAY)).contains("code list");
  }

  @Test
  void numberAndDateRanges() {
    FieldStandard numbers = new FieldStandard(Kind.NUMBER_RANGE, null, "0", "150", null);
    assertThat(numbers.violation(42, TODAY)).isNull();
    assertThat(numbers.violation(150.0, TODAY)).isNull();
    assertThat(numbers.violation(-1, TODAY)).contains("below");
    assertThat(numbers.violation("151", TODAY)).contains("above");
    assertThat(numbers.violation("many", TODAY)).contains("not a number");

    FieldStandard dates = new FieldStandard(Kind.DATE_RANGE, null, "1900-01-01", null, null);
    assertThat(dates.violation("1949-10-01", TODAY)).isNull();
    assertThat(dates.violation("1899-12-31", TODAY)).contains("before");
    assertThat(dates.violation("1949/10/01", TODAY)).contains("not a date");
  }

  @Test
  void identifierKindsUseTheNationalStandards() {
    assertThat(FieldStandard.of(Kind.RESIDENT_IDENTITY).violation("11010519491231002X", TODAY))
        .isNull();
    assertThat(FieldStandard.of(Kind.SOCIAL_CREDIT_CODE).violation("91350100M000100Y43", TODAY))
        .isNull();
    assertThat(FieldStandard.of(Kind.ADMINISTRATIVE_DIVISION).violation("110105", TODAY)).isNull();
    assertThat(FieldStandard.of(Kind.MOBILE_NUMBER).violation("13800138000", TODAY)).isNull();
    assertThat(FieldStandard.of(Kind.ISO_DATE).violation("2024-02-30", TODAY))
        .contains("no such date");
  }

  @org.junit.jupiter.api.Test
  void aPatternThatBacktracksCatastrophicallyGivesUpInsteadOfHanging() {
    FieldStandard.Check check =
        new FieldStandard(FieldStandard.Kind.PATTERN, "(.*a){20}", null, null, null).check();
    String hostile = "a".repeat(40) + "!";
    String reason =
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
            java.time.Duration.ofSeconds(10), () -> check.violation(hostile, null));
    assertThat(reason).contains("takes too long");
    FieldStandard.Check ordinary =
        new FieldStandard(FieldStandard.Kind.PATTERN, "[A-Z]{2}-\\d{4}", null, null, null).check();
    assertThat(ordinary.violation("BJ-2024", null)).isNull();
    assertThat(ordinary.violation("bj-2024", null)).contains("does not match");
  }
}
