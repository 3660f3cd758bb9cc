package io.hutong.exchange.avro;

import io.hutong.exchange.avro.AvroBinary.Invalid;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Keeps only the granted top-level fields of a record's binary datum, for fetches: each field's
 * encoding delimits itself, so the granted fields' bytes are copied as they are and the others are
 * skipped — no decoding, no {@code GenericRecord}, no re-encoding. Built once per (writer schema,
 * grant); the result is a datum of {@link #projected()}. Thread-safe.
 */
public final class Projection {

  private final Node.RecordNode root;
  private final boolean[] kept;
  private final boolean identity;
  private final Schema projected;

  /**
   * @param writer the record schema the datums were written with
   * @param granted the top-level field names the reader may see; names the writer lacks are ignored
   */
  public Projection(Schema writer, Collection<String> granted) {
    if (writer.getType() != Schema.Type.RECORD) {
      throw new IllegalArgumentException("a projection needs a record schema, not " + writer);
    }
    this.root = (Node.RecordNode) Node.of(writer);
    List<Schema.Field> fields = writer.getFields();
    this.kept = new boolean[fields.size()];
    List<Schema.Field> projectedFields = new ArrayList<>();
    for (int i = 0; i < kept.length; i++) {
      Schema.Field field = fields.get(i);
      kept[i] = granted.contains(field.name());
      if (kept[i]) {
        projectedFields.add(new Schema.Field(field, field.schema()));
      }
    }
    this.identity = projectedFields.size() == kept.length;
    this.projected = identity ? writer : recordLike(writer, projectedFields);
  }

  private static Schema recordLike(Schema writer, List<Schema.Field> fields) {
    Schema schema =
        Schema.createRecord(
            writer.getName(), writer.getDoc(), writer.getNamespace(), writer.isError(), fields);
    writer.getAliases().forEach(schema::addAlias);
    writer.getObjectProps().forEach(schema::addProp);
    return schema;
  }

  /** The writer's record with only the granted fields, in writer order, same full name. */
  public Schema projected() {
    return projected;
  }

  /** Whether every field is granted: callers may then copy datums as they are. */
  public boolean identity() {
    return identity;
  }

  /**
   * Appends the projected datum of the record at {@code offset} to {@code sink}; returns the offset
   * just past the record in {@code data}.
   *
   * @throws Invalid when the record's bytes end early or do not fit the writer schema; {@code sink}
   *     may then hold part of the record
   */
  public int copy(byte[] data, int offset, ByteSink sink) {
    return copy(data, offset, data.length, sink);
  }

  /** As {@link #copy(byte[], int, ByteSink)}, reading no further than {@code limit}. */
  public int copy(byte[] data, int offset, int limit, ByteSink sink) {
    try {
      int p = offset;
      int runStart = -1; // start of the current run of consecutive kept fields
      for (int i = 0; i < kept.length; i++) {
        int start = p;
        try {
          p = root.field(i).skip(data, p, limit);
        } catch (Invalid e) {
          throw e.under(root.name(i));
        }
        if (kept[i]) {
          if (runStart < 0) {
            runStart = start;
          }
        } else if (runStart >= 0) {
          sink.write(data, runStart, start - runStart);
          runStart = -1;
        }
      }
      if (runStart >= 0) {
        sink.write(data, runStart, p - runStart);
      }
      return p;
    } catch (StackOverflowError e) {
      throw Invalid.of("values nested too deeply");
    }
  }
}
