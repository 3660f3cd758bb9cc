package io.hutong.exchange.avro;

import io.hutong.exchange.avro.AvroBinary.Invalid;
import org.apache.avro.Schema;

/**
 * Checks binary datums of one schema before they are published, without decoding them: built once
 * per schema, then {@link #validate} walks each datum's bytes and allocates nothing unless a value
 * is refused (or a {@code uuid} string must be parsed). Refuses what Avro's reader would refuse —
 * early ends, overlong varints, negative lengths, out-of-range union branches and enum ordinals,
 * booleans other than 0 and 1 — and text the exchange refuses: invalid UTF-8, control characters
 * and unpaired surrogates (as {@code JsonInputGuard.isRefused}, map keys included), and {@code
 * uuid} strings that are not UUIDs. Thread-safe.
 */
public final class Validator {

  private final Node root;

  public Validator(Schema schema) {
    this.root = Node.of(schema);
  }

  /**
   * Walks the datum at {@code offset} and returns the offset just past it; callers check that it is
   * the end of their data.
   *
   * @throws Invalid naming the field and the reason when the datum is refused
   */
  public int validate(byte[] data, int offset) {
    return validate(data, offset, data.length);
  }

  /** As {@link #validate(byte[], int)}, reading no further than {@code limit}. */
  public int validate(byte[] data, int offset, int limit) {
    try {
      return root.validate(data, offset, limit);
    } catch (StackOverflowError e) {
      throw Invalid.of("values nested too deeply");
    }
  }
}
