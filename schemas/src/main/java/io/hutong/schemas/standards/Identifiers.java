package io.hutong.schemas.standards;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Set;

/**
 * The identifiers departments exchange most, checked as their national standards define them —
 * shape and check character, not existence (whether a person or an organisation is registered is
 * the provider's knowledge, not a field standard's). Framework-free: the catalogue uses them to
 * describe standards, the exchange to apply them at publish. Each check answers null when the value
 * conforms, else why it does not, in words a data administrator can act on.
 */
public final class Identifiers {

  private Identifiers() {}

  /**
   * Province-level prefixes of GB/T 2260 (the first two digits of a division code), and 83, which
   * residence permits of Taiwan residents carry (830000) beside 810000 and 820000.
   */
  static final Set<String> PROVINCES =
      Set.of(
          "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
          "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
          "65", "71", "81", "82", "83");

  private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final String ID_CHECK = "10X98765432";

  /** The 31 characters of a unified social credit code (no I, O, S, V or Z). */
  static final String CREDIT_CHARACTERS = "0123456789ABCDEFGHJKLMNPQRTUWXY";

  private static final int[] CREDIT_WEIGHTS = {
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
  };

  /**
   * 公民身份号码, GB 11643-1999: six digits of the administrative division where it was issued, the date
   * of birth ({@code yyyyMMdd}, a real date, not after {@code today}), a three-digit sequence and
   * the ISO 7064 MOD 11-2 check character ({@code 0}–{@code 9} or an upper-case {@code X}).
   */
  public static String residentIdentity(String value, LocalDate today) {
    if (value == null || value.length() != 18) {
      return "a citizen identity number has 18 characters";
    }
    for (int i = 0; i < 17; i++) {
      if (!digit(value.charAt(i))) {
        return "the first 17 characters of a citizen identity number are digits";
      }
    }
    String division = divisionShape(value.substring(0, 6));
    if (division != null) {
      return "its first six digits are not an administrative division code: " + division;
    }
    LocalDate born;
    try {
      born =
          LocalDate.of(
              Integer.parseInt(value.substring(6, 10)),
              Integer.parseInt(value.substring(10, 12)),
              Integer.parseInt(value.substring(12, 14)));
    } catch (DateTimeException e) {
      return "digits 7–14 are not a date of birth (yyyyMMdd)";
    }
    if (born.isAfter(today) || born.getYear() < 1800) {
      return "the date of birth " + born + " is not possible";
    }
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += (value.charAt(i) - '0') * ID_WEIGHTS[i];
    }
    char expected = ID_CHECK.charAt(sum % 11);
    return value.charAt(17) == expected
        ? null
        : "the check character is " + value.charAt(17) + ", the number's digits give " + expected;
  }

  /**
   * 统一社会信用代码, GB 32100-2015: 18 characters of the code's 31-character set — registering authority,
   * organisation category, six digits of the administrative division, the nine-character
   * organisation code and the check character (modulus 31 over the first 17).
   */
  public static String socialCreditCode(String value) {
    if (value == null || value.length() != 18) {
      return "a unified social credit code has 18 characters";
    }
    int sum = 0;
    for (int i = 0; i < 18; i++) {
      int index = CREDIT_CHARACTERS.indexOf(value.charAt(i));
      if (index < 0) {
        return "character "
            + (i + 1)
            + " ('"
            + value.charAt(i)
            + "') is not one of 0–9 and the upper-case letters other than I, O, S, V and Z";
      }
      if (i < 17) {
        sum += index * CREDIT_WEIGHTS[i];
      }
    }
    for (int i = 2; i < 8; i++) {
      if (!digit(value.charAt(i))) {
        return "characters 3–8 (the administrative division) are digits";
      }
    }
    char expected = CREDIT_CHARACTERS.charAt((31 - sum % 31) % 31);
    return value.charAt(17) == expected
        ? null
        : "the check character is " + value.charAt(17) + ", the code's characters give " + expected;
  }

  /**
   * 行政区划代码, shaped as GB/T 2260 defines it: six digits, a province-level prefix that exists, and a
   * city part of {@code 00} only for the province itself. Whether a code is in force in a given
   * year's list is not checked (the list changes every year).
   */
  public static String administrativeDivision(String value) {
    if (value == null || value.length() != 6) {
      return "an administrative division code has six digits";
    }
    return divisionShape(value);
  }

  /** A mainland mobile number: 11 digits starting 13–19, optionally written with {@code +86}. */
  public static String mobileNumber(String value) {
    String number = value != null && value.startsWith("+86") ? value.substring(3) : value;
    if (number == null || number.length() != 11) {
      return "a mobile number has 11 digits (optionally after +86)";
    }
    for (int i = 0; i < 11; i++) {
      if (!digit(number.charAt(i))) {
        return "a mobile number has 11 digits (optionally after +86)";
      }
    }
    return number.charAt(0) == '1' && number.charAt(1) >= '3'
        ? null
        : "a mobile number starts with 13 to 19";
  }

  /** An ISO 8601 calendar date, {@code yyyy-MM-dd}, that exists. */
  public static String isoDate(String value) {
    if (value == null || value.length() != 10 || value.charAt(4) != '-' || value.charAt(7) != '-') {
      return "a date is written yyyy-MM-dd";
    }
    return date(value) == null ? "there is no such date as " + value : null;
  }

  /**
   * The date {@code yyyy-MM-dd} (four-digit year) in {@code value}, or null when it is not one or
   * does not exist. Equivalent to {@link LocalDate#parse} for such text, without its formatter
   * machinery: standards check dates on every measured record.
   */
  public static LocalDate date(String value) {
    if (value == null || value.length() != 10 || value.charAt(4) != '-' || value.charAt(7) != '-') {
      return null;
    }
    int year = digits(value, 0, 4);
    int month = digits(value, 5, 7);
    int day = digits(value, 8, 10);
    if (year < 0 || month < 1 || month > 12 || day < 1) {
      return null;
    }
    try {
      return LocalDate.of(year, month, day);
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static int digits(String text, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (!digit(c)) {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  private static String divisionShape(String six) {
    for (int i = 0; i < 6; i++) {
      if (!digit(six.charAt(i))) {
        return "it has six digits";
      }
    }
    if (!PROVINCES.contains(six.substring(0, 2))) {
      return six.substring(0, 2) + " is no province-level code";
    }
    if (six.substring(2, 4).equals("00") && !six.substring(4, 6).equals("00")) {
      return "a county part needs a city part (" + six + ")";
    }
    return null;
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }
}
