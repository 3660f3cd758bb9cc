package io.hutong.catalog.rules;

import io.hutong.service.failure.Refusal;

/**
 * What text the catalogue takes from a request: no NUL (PostgreSQL cannot store it and fails the
 * statement), no other control characters (they have no place in a name or a search and are how
 * terminal and log injection begins) and no unpaired surrogates (they cannot be written as UTF-8
 * and would be silently replaced). Free text — descriptions, reasons, purposes — may hold tabs and
 * line breaks; names, codes, tags, filters and cursors may not.
 */
public final class Text {

  private Text() {}

  /** {@code value} if it is free text (tabs and line breaks allowed) or null; a 422 otherwise. */
  public static String freeText(String field, String value) {
    if (value != null && !isClean(value, true)) {
      throw refusal(field);
    }
    return value;
  }

  /** {@code value} if it is one line without control characters, or null; a 422 otherwise. */
  public static String line(String field, String value) {
    if (value != null && !isClean(value, false)) {
      throw refusal(field);
    }
    return value;
  }

  /**
   * True when {@code value} holds no NUL, no control character other than tab, CR and LF (those
   * only when {@code multiline}) and no unpaired surrogate.
   */
  public static boolean isClean(String value, boolean multiline) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\t' || c == '\n' || c == '\r') {
        if (!multiline) {
          return false;
        }
      } else if (Character.isISOControl(c)) {
        return false;
      } else if (Character.isHighSurrogate(c)) {
        if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static Refusal refusal(String field) {
    return Refusal.invalid(
        field
            + " contains NUL, a control character or an unpaired surrogate; send plain"
            + " UTF-8 text.");
  }
}
