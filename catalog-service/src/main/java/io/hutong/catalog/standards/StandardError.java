package io.hutong.catalog.standards;

/**
 * One reason a proposed set of standards is refused, as an item of the 422 problem's {@code errors}
 * member: {@code index} is the standard's place in the request's {@code standards} array (null for
 * a problem with the body as a whole), {@code field} the data item it names or the body member at
 * fault — cut to {@value #MAX_ECHO} characters, so an oversized name is not sent back whole.
 */
public record StandardError(Integer index, String field, String reason) {

  static final int MAX_ECHO = 200;

  public StandardError {
    if (field != null && field.length() > MAX_ECHO) {
      field = field.substring(0, MAX_ECHO) + "…";
    }
  }
}
