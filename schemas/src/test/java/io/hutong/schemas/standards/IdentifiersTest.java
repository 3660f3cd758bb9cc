package io.hutong.schemas.standards;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Each identifier against the examples its standard publishes, and against near misses. */
class IdentifiersTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 11, 28);

  @Test
  void citizenIdentityNumbersOfGb11643() {
    // The examples of GB 11643-1999 itself.
    assertThat(Identifiers.residentIdentity("11010519491231002X", TODAY)).isNull();
    assertThat(Identifiers.residentIdentity("440524188001010014", TODAY)).isNull();

    assertThat(Identifiers.residentIdentity("110105194912310021", TODAY))
        .contains("check character");
    assertThat(Identifiers.residentIdentity("11010519491231002x", TODAY))
        .contains("check character");
    assertThat(Identifiers.residentIdentity("11010519490230002X", TODAY)).contains("date of birth");
    assertThat(Identifiers.residentIdentity("11010520301231002X", TODAY)).contains("not possible");
    assertThat(Identifiers.residentIdentity("99010519491231002X", TODAY)).contains("province");
    assertThat(Identifiers.residentIdentity("1101051949123100", TODAY)).contains("18 characters");
    assertThat(Identifiers.residentIdentity("11010519491231A02X", TODAY)).contains("digits");
    assertThat(Identifiers.residentIdentity(null, TODAY)).isNotNull();
  }

  @Test
  void unifiedSocialCreditCodesOfGb32100() {
    // The example of GB 32100-2015.
    assertThat(Identifiers.socialCreditCode("91350100M000100Y43")).isNull();

    assertThat(Identifiers.socialCreditCode("91350100M000100Y44")).contains("check character");
    assertThat(Identifiers.socialCreditCode("91350100M000100I43")).contains("not one of");
    assertThat(Identifiers.socialCreditCode("91350100m000100Y43")).contains("not one of");
    assertThat(Identifiers.socialCreditCode("913501AAM000100Y43")).contains("digits");
    assertThat(Identifiers.socialCreditCode("91350100M000100Y4")).contains("18 characters");
  }

  @Test
  void everyCheckCharacterIsFoundForRandomCodes() {
    java.util.Random random = new java.util.Random(32100);
    for (int n = 0; n < 1_000; n++) {
      StringBuilder code =
          new StringBuilder("91").append(String.format("%06d", 110000 + random.nextInt(9000)));
      for (int i = 0; i < 9; i++) {
        code.append(Identifiers.CREDIT_CHARACTERS.charAt(random.nextInt(31)));
      }
      int valid = 0;
      for (char check : Identifiers.CREDIT_CHARACTERS.toCharArray()) {
        if (Identifiers.socialCreditCode(code.toString() + check) == null) {
          valid++;
        }
      }
      assertThat(valid).as(code.toString()).isEqualTo(1);
    }
  }

  @Test
  void administrativeDivisionCodesOfGbT2260() {
    assertThat(Identifiers.administrativeDivision("110105")).isNull(); // 北京市朝阳区
    assertThat(Identifiers.administrativeDivision("440100")).isNull(); // 广州市
    assertThat(Identifiers.administrativeDivision("650000")).isNull(); // 新疆维吾尔自治区
    assertThat(Identifiers.administrativeDivision("990000")).contains("province");
    assertThat(Identifiers.administrativeDivision("110001")).contains("city part");
    assertThat(Identifiers.administrativeDivision("11010")).contains("six digits");
    assertThat(Identifiers.administrativeDivision("11010A")).contains("six digits");
  }

  @Test
  void mobileNumbersAndIsoDates() {
    assertThat(Identifiers.mobileNumber("13800138000")).isNull();
    assertThat(Identifiers.mobileNumber("+8619912345678")).isNull();
    assertThat(Identifiers.mobileNumber("12800138000")).contains("13 to 19");
    assertThat(Identifiers.mobileNumber("1380013800")).contains("11 digits");
    assertThat(Identifiers.mobileNumber("138 0013 8000")).contains("11 digits");

    assertThat(Identifiers.isoDate("2024-02-29")).isNull();
    assertThat(Identifiers.isoDate("2023-02-29")).contains("no such date");
    assertThat(Identifiers.isoDate("2024/02/29")).contains("yyyy-MM-dd");
    assertThat(Identifiers.isoDate("20240229")).contains("yyyy-MM-dd");
  }

  @org.junit.jupiter.api.Test
  void theFastDateParserAgreesWithJavaTimeOnEveryDayAndOnNonDates() {
    for (java.time.LocalDate d = java.time.LocalDate.of(1899, 12, 25);
        d.isBefore(java.time.LocalDate.of(2101, 1, 5));
        d = d.plusDays(1)) {
      assertThat(Identifiers.date(d.toString())).isEqualTo(d);
    }
    for (String text :
        java.util.List.of(
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-04-31",
            "2024-1-01",
            "20240101",
            "2024-01-0a",
            "+202-01-01",
            "2024/01/01",
            "",
            "2024-01-010")) {
      assertThat(Identifiers.date(text)).as(text).isNull();
    }
    assertThat(Identifiers.date("2024-02-29")).isEqualTo(java.time.LocalDate.of(2024, 2, 29));
  }
}
