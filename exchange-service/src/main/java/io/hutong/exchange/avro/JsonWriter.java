package io.hutong.exchange.avro;

import io.hutong.exchange.avro.AvroBinary.Invalid;
import java.util.Collection;
import org.apache.avro.Schema;
import tools.jackson.core.JsonGenerator;

/**
 * Writes the granted top-level fields of a record's binary datum as natural JSON, for fetch pages:
 * straight from the bytes to the generator, without a {@code GenericRecord} or an intermediate map.
 * The JSON is what the exchange's {@code AvroToJson} gives through Jackson: unions as their value,
 * enums and strings as strings, bytes and fixed in padded base64, {@code date} ints as ISO dates,
 * {@code timestamp-millis} and {@code timestamp-micros} longs as instants, other numbers as
 * numbers. Built once per (writer schema, grant). Thread-safe.
 */
public final class JsonWriter {

  private final Node.RecordNode root;
  private final boolean[] kept;

  /**
   * @param writer the record schema the datums were written with
   * @param granted the top-level field names the reader may see; names the writer lacks are ignored
   */
  public JsonWriter(Schema writer, Collection<String> granted) {
    if (writer.getType() != Schema.Type.RECORD) {
      throw new IllegalArgumentException("a JSON writer needs a record schema, not " + writer);
    }
    this.root = (Node.RecordNode) Node.of(writer);
    this.kept = new boolean[root.size()];
    for (int i = 0; i < kept.length; i++) {
      kept[i] = granted.contains(root.name(i));
    }
  }

  /**
   * Writes the record at {@code offset} as one JSON object to {@code out}; returns the offset just
   * past the record in {@code data}.
   *
   * @throws Invalid when the record's bytes end early or do not fit the writer schema; part of the
   *     object may have been written by then
   */
  public int write(byte[] data, int offset, JsonGenerator out) {
    return write(data, offset, data.length, out);
  }

  /** As {@link #write(byte[], int, JsonGenerator)}, reading no further than {@code limit}. */
  public int write(byte[] data, int offset, int limit, JsonGenerator out) {
    try {
      int p = offset;
      out.writeStartObject();
      for (int i = 0; i < kept.length; i++) {
        try {
          if (kept[i]) {
            out.writeName(root.jsonName(i));
            p = root.field(i).json(data, p, limit, out);
          } else {
            p = root.field(i).skip(data, p, limit);
          }
        } catch (Invalid e) {
          throw e.under(root.name(i));
        }
      }
      out.writeEndObject();
      return p;
    } catch (StackOverflowError e) {
      throw Invalid.of("values nested too deeply");
    }
  }
}
