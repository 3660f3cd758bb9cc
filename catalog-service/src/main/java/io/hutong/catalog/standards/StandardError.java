package io.hutong.catalog.standards;

/**
 * One reason a proposed set of standards is refused, as an item of the 422 problem's {@code errors}
 * member: {@code index} is the standard's place in the request's {@code standards} array (null for
 * a problem with the body as a whole), {@code field} the data item it names or the body member at
 * fault.
 */
public record StandardError(Integer index, String field, String reason) {}
