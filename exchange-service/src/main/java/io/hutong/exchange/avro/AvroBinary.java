package io.hutong.exchange.avro;

import org.apache.avro.Schema;

/**
 * Walks Avro binary datums straight on {@code byte[]}, without a {@code BinaryDecoder} or a {@code
 * GenericRecord}: the exchange validates every published record and projects or renders every
 * fetched one, hundreds of thousands a second, so decoding into objects only to check them or drop
 * fields would cost more than the work itself. Plans are built once per schema ({@link Validator},
 * {@link Projection}, {@link JsonWriter}); this class holds what they share.
 */
public final class AvroBinary {

  private AvroBinary() {}

  /**
   * Validates one datum of {@code schema} starting at {@code offset}; returns the offset just past
   * it. Builds a plan on each call: on hot paths keep a {@link Validator} per schema instead.
   */
  public static int validate(Schema schema, byte[] data, int offset) {
    return new Validator(schema).validate(data, offset);
  }

  /**
   * A datum that does not match its schema, or text the exchange refuses. {@link #field()} names
   * where: a dotted path such as {@code address.city} or {@code witnesses[2]}, empty for the datum
   * itself. Carries no stack trace: bad input is an answer, not a bug, and is cheap to refuse.
   */
  public static final class Invalid extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String reason;

    public Invalid(String field, String reason) {
      super(field.isEmpty() ? reason : field + ": " + reason, null, false, false);
      this.field = field;
      this.reason = reason;
    }

    static Invalid of(String reason) {
      return new Invalid("", reason);
    }

    static Invalid truncated() {
      return of("data ends early");
    }

    /** The path of the offending value, e.g. {@code address.city}; empty for the whole datum. */
    public String field() {
      return field;
    }

    /** Why the value was refused. */
    public String reason() {
      return reason;
    }

    /** This failure, seen from the record field {@code name} that holds the value. */
    Invalid under(String name) {
      return new Invalid(name + suffix(), reason);
    }

    /** This failure, seen from the array or map holding the value at {@code [index]}. */
    Invalid at(String index) {
      return new Invalid("[" + index + "]" + suffix(), reason);
    }

    private String suffix() {
      if (field.isEmpty() || field.startsWith("[")) {
        return field;
      }
      return "." + field;
    }
  }
}
