package io.hutong.exchange.avro;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.hutong.exchange.avro.AvroBinary.Invalid;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import tools.jackson.core.Base64Variants;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;

/**
 * One schema, compiled once into a tree that walks its binary datums. Each walk takes the offset of
 * a datum and returns the offset just past it; each throws {@link Invalid} (path relative to this
 * node) when the bytes do not fit. {@link #validate} checks everything, {@link #skip} only what it
 * needs to find the end safely (fetch walks data that was validated when published), {@link #json}
 * renders natural JSON as {@code subscribe.AvroToJson} does.
 */
abstract class Node {

  /** Avro's own default limit on the entries of one array or map. */
  static final long MAX_ENTRIES = Integer.MAX_VALUE - 8;

  /** A lower bound on the bytes of one datum. */
  int minSize;

  /** Whether every datum takes no bytes at all (null, fixed of size 0, records of such). */
  boolean empty;

  abstract int validate(byte[] d, int p, int limit);

  abstract int skip(byte[] d, int p, int limit);

  abstract int json(byte[] d, int p, int limit, JsonGenerator out);

  /** Compiles {@code schema}; recursive records become cycles in the tree. */
  static Node of(Schema schema) {
    return new Compiler().node(schema);
  }

  /** The end of the length-prefixed content whose length varint occupies {@code [p, start)}. */
  static int contentEnd(byte[] d, int p, int start, int limit) {
    long length = Varints.decodeLong(d, p, start);
    if (length < 0) {
      throw Invalid.of("negative length " + length);
    }
    return Varints.need(start, length, limit);
  }

  private static boolean logical(Schema schema, String name) {
    LogicalType type = schema.getLogicalType();
    return type != null && type.getName().equals(name);
  }

  private static final class Compiler {
    private final Map<String, RecordNode> records = new HashMap<>();

    Node node(Schema schema) {
      return switch (schema.getType()) {
        case NULL -> new Null();
        case BOOLEAN -> new Bool();
        case INT -> new Int32(logical(schema, "date"));
        case LONG ->
            new Int64(
                logical(schema, "timestamp-millis")
                    ? ChronoUnit.MILLIS
                    : logical(schema, "timestamp-micros") ? ChronoUnit.MICROS : null);
        case FLOAT -> new Float32();
        case DOUBLE -> new Float64();
        case STRING -> new Text(logical(schema, "uuid"));
        case BYTES -> new Bytes();
        case FIXED -> new Fixed(schema.getFixedSize());
        case ENUM -> new Symbol(schema.getEnumSymbols());
        case ARRAY -> new Array(node(schema.getElementType()));
        case MAP -> new MapOf(node(schema.getValueType()));
        case UNION -> new Union(schema.getTypes().stream().map(this::node).toArray(Node[]::new));
        case RECORD -> record(schema);
      };
    }

    private Node record(Schema schema) {
      RecordNode known = records.get(schema.getFullName());
      if (known != null) {
        return known; // recursion: its sizes count as zero while it is being built
      }
      RecordNode record = new RecordNode();
      records.put(schema.getFullName(), record);
      List<Schema.Field> fields = schema.getFields();
      Node[] nodes = new Node[fields.size()];
      String[] names = new String[fields.size()];
      int min = 0;
      boolean empty = true;
      for (int i = 0; i < nodes.length; i++) {
        nodes[i] = node(fields.get(i).schema());
        names[i] = fields.get(i).name();
        min += nodes[i].minSize;
        empty &= nodes[i].empty && nodes[i] != record;
      }
      record.init(nodes, names, min, empty);
      return record;
    }
  }

  static final class Null extends Node {
    Null() {
      empty = true;
    }

    @Override
    int validate(byte[] d, int p, int limit) {
      return p;
    }

    @Override
    int skip(byte[] d, int p, int limit) {
      return p;
    }

    @Override
    int json(byte[] d, int p, int limit, JsonGenerator out) {
      out.writeNull();
      return p;
    }
  }

  static final class Bool extends Node {
    Bool() {
      minSize = 1;
    }

    @Override
    int validate(byte[] d, int p, int limit) {
      int end = Varints.need(p, 1, limit);
      if ((d[p] & 0xfe) != 0) {
        throw Invalid.of("boolean byte must be 0 or 1, not " + (d[p] & 0xff));
      }
      return end;
    }

    @Override
    int skip(byte[] d, int p, int limit) {
      return Varints.need(p, 1, limit);
    }

    @Override
    int json(byte[] d, int p, int limit, JsonGenerator out) {
      int end = validate(d, p, limit);
      out.writeBoolean(d[p] == 1);
      return end;
    }
  }

  static final class Int32 extends Node {
    private final boolean date;

    Int32(boolean date) {
      this.date = date;
      minSize = 1;
    }

    @Override
    int validate(byte[] d, int p, int limit) {
      return Varints.end(d, p, limit, Varints.INT_BYTES);
    }

    @Override
    int skip(byte[] d, int p, int limit) {
      return Varints.end(d, p, limit, Varints.INT_BYTES);
    }

    @Override
    int json(byte[] d, int p, int limit, JsonGenerator out) {
      int end = Varints.end(d, p, limit, Varints.INT_BYTES);
      int value = Varints.decodeInt(d, p, end);
      if (date) {
        out.writeString(LocalDate.ofEpochDay(value).toString());
      } else {
        out.writeNumber(value);
      }
      return end;
    }
  }

  static final class Int64 extends Node {
    /** MILLIS or MICROS for timestamps, null for plain numbers. */
    private final ChronoUnit timestamp;

    Int64(ChronoUnit timestamp) {
      this.timestamp = timestamp;
      minSize = 1;
    }

    @Override
    int validate(byte[] d, int p, int limit) {
      return Varints.end(d, p, limit, Varints.LONG_BYTES);
    }

    @Override
    int skip(byte[] d, int p, int limit) {
      return Varints.end(d, p, limit, Varints.LONG_BYTES);
    }

    @Override
    int json(byte[] d, int p, int limit, JsonGenerator out) {
      int end = Varints.end(d, p, limit, Varints.LONG_BYTES);
      long value = Varints.decodeLong(d, p, end);
      if (timestamp == ChronoUnit.MILLIS) {
        out.writeString(Instant.ofEpochMilli(value).toString());
      } else if (timestamp == ChronoUnit.MICROS) {
        out.writeString(Instant.EPOCH.plus(value, ChronoUnit.MICROS).toString());
      } else {
        out.writeNumber(value);
      }
      return end;
    }
  }

  static final class Float32 extends Node {
    Float32() {
      minSize = 4;
    }

    @Override
    int validate(byte[] d, int p, int limit) {
      return Varints.need(p, 4, limit);
    }

    @Override
    int skip(byte[] d, int p, int limit) {
      return Varints.need(p, 4, limit);
    }

    @Override
    int json(byte[] d, int p, int limit, JsonGenerator out) {
      int end = Varints.need(p, 4, limit);
      out.writeNumber(Varints.readFloat(d, p));
      return end;
    }
  }

  static final class Float64 extends Node {
    Float64() {
      minSize = 8;
    }

    @Override
    int validate(byte[] d, int p, int limit) {
      return Varints.need(p, 8, limit);
    }

    @Override
    int skip(byte[] d, int p, int limit) {
      return Varints.need(p, 8, limit);
    }

    @Override
    int json(byte[] d, int p, int limit, JsonGenerator out) {
      int end = Varints.need(p, 8, limit);
      out.writeNumber(Varints.readDouble(d, p));
      return end;
    }
  }

  static final class Text extends Node {
    private final boolean uuid;

    Text(boolean uuid) {
      this.uuid = uuid;
      minSize = 1;
    }

    @Override
    int validate(byte[] d, int p, int limit) {
      int start = Varints.end(d, p, limit, Varints.LONG_BYTES);
      int end = contentEnd(d, p, start, limit);
      String problem = Utf8Text.problem(d, start, end);
      if (problem != null) {
        throw Invalid.of(problem);
      }
      if (uuid) {
        try {
          UUID.fromString(new String(d, start, end - start, UTF_8));
        } catch (IllegalArgumentException e) {
          throw Invalid.of("not a UUID");
        }
      }
      return end;
    }

    @Override
    int skip(byte[] d, int p, int limit) {
      return contentEnd(d, p, Varints.end(d, p, limit, Varints.LONG_BYTES), limit);
    }

    @Override
    int json(byte[] d, int p, int limit, JsonGenerator out) {
      int start = Varints.end(d, p, limit, Varints.LONG_BYTES);
      int end = contentEnd(d, p, start, limit);
      if (out instanceof tools.jackson.core.json.UTF8JsonGenerator) {
        // Bytes to bytes: the text is escaped as it is copied, no String is made.
        out.writeUTF8String(d, start, end - start);
      } else {
        out.writeString(new String(d, start, end - start, UTF_8));
      }
      return end;
    }
  }

  static final class Bytes extends Node {
    Bytes() {
      minSize = 1;
    }

    @Override
    int validate(byte[] d, int p, int limit) {
      return skip(d, p, limit);
    }

    @Override
    int skip(byte[] d, int p, int limit) {
      return contentEnd(d, p, Varints.end(d, p, limit, Varints.LONG_BYTES), limit);
    }

    @Override
    int json(byte[] d, int p, int limit, JsonGenerator out) {
      int start = Varints.end(d, p, limit, Varints.LONG_BYTES);
      int end = contentEnd(d, p, start, limit);
      out.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, d, start, end - start);
      return end;
    }
  }

  static final class Fixed extends Node {
    private final int size;

    Fixed(int size) {
      this.size = size;
      minSize = size;
      empty = size == 0;
    }

    @Override
    int validate(byte[] d, int p, int limit) {
      return Varints.need(p, size, limit);
    }

    @Override
    int skip(byte[] d, int p, int limit) {
      return Varints.need(p, size, limit);
    }

    @Override
    int json(byte[] d, int p, int limit, JsonGenerator out) {
      int end = Varints.need(p, size, limit);
      out.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, d, p, size);
      return end;
    }
  }

  static final class Symbol extends Node {
    private final SerializableString[] symbols;

    Symbol(List<String> symbols) {
      this.symbols = symbols.stream().map(SerializedString::new).toArray(SerializableString[]::new);
      minSize = 1;
    }

    @Override
    int validate(byte[] d, int p, int limit) {
      int end = Varints.end(d, p, limit, Varints.INT_BYTES);
      ordinal(d, p, end);
      return end;
    }

    @Override
    int skip(byte[] d, int p, int limit) {
      return Varints.end(d, p, limit, Varints.INT_BYTES);
    }

    @Override
    int json(byte[] d, int p, int limit, JsonGenerator out) {
      int end = Varints.end(d, p, limit, Varints.INT_BYTES);
      out.writeString(symbols[ordinal(d, p, end)]);
      return end;
    }

    private int ordinal(byte[] d, int p, int end) {
      int ordinal = Varints.decodeInt(d, p, end);
      if (ordinal < 0 || ordinal >= symbols.length) {
        throw Invalid.of("enum ordinal " + ordinal + " out of range");
      }
      return ordinal;
    }
  }

  static final class Union extends Node {
    private final Node[] branches;

    Union(Node[] branches) {
      this.branches = branches;
      minSize = 1;
    }

    @Override
    int validate(byte[] d, int p, int limit) {
      int start = Varints.end(d, p, limit, Varints.INT_BYTES);
      return branch(d, p, start).validate(d, start, limit);
    }

    @Override
    int skip(byte[] d, int p, int limit) {
      int start = Varints.end(d, p, limit, Varints.INT_BYTES);
      return branch(d, p, start).skip(d, start, limit);
    }

    @Override
    int json(byte[] d, int p, int limit, JsonGenerator out) {
      int start = Varints.end(d, p, limit, Varints.INT_BYTES);
      return branch(d, p, start).json(d, start, limit, out);
    }

    private Node branch(byte[] d, int p, int end) {
      int index = Varints.decodeInt(d, p, end);
      if (index < 0 || index >= branches.length) {
        throw Invalid.of("union branch " + index + " out of range");
      }
      return branches[index];
    }
  }

  static final class RecordNode extends Node {
    private Node[] fields;
    private String[] names;
    private SerializableString[] jsonNames;

    void init(Node[] fields, String[] names, int minSize, boolean empty) {
      this.fields = fields;
      this.names = names;
      this.jsonNames = new SerializableString[names.length];
      for (int i = 0; i < names.length; i++) {
        jsonNames[i] = new SerializedString(names[i]);
      }
      this.minSize = minSize;
      this.empty = empty;
    }

    int size() {
      return fields.length;
    }

    Node field(int i) {
      return fields[i];
    }

    String name(int i) {
      return names[i];
    }

    SerializableString jsonName(int i) {
      return jsonNames[i];
    }

    @Override
    int validate(byte[] d, int p, int limit) {
      for (int i = 0; i < fields.length; i++) {
        try {
          p = fields[i].validate(d, p, limit);
        } catch (Invalid e) {
          throw e.under(names[i]);
        }
      }
      return p;
    }

    @Override
    int skip(byte[] d, int p, int limit) {
      for (int i = 0; i < fields.length; i++) {
        try {
          p = fields[i].skip(d, p, limit);
        } catch (Invalid e) {
          throw e.under(names[i]);
        }
      }
      return p;
    }

    @Override
    int json(byte[] d, int p, int limit, JsonGenerator out) {
      out.writeStartObject();
      for (int i = 0; i < fields.length; i++) {
        out.writeName(jsonNames[i]);
        try {
          p = fields[i].json(d, p, limit, out);
        } catch (Invalid e) {
          throw e.under(names[i]);
        }
      }
      out.writeEndObject();
      return p;
    }
  }

  /**
   * Arrays and maps: blocks of entries, each block a count then its entries, ended by a zero count.
   * A negative count is followed by the block's size in bytes, which {@link #skip} jumps over.
   */
  abstract static class Blocks extends Node {
    static final int VALIDATE = 0;
    static final int SKIP = 1;
    static final int JSON = 2;

    private final Node entry;

    Blocks(Node entry, int entryOverhead) {
      this.entry = entry;
      this.minSize = 1;
      this.entryMin = entry.minSize + entryOverhead;
      this.entriesEmpty = entryOverhead == 0 && entry.empty;
    }

    private final int entryMin;
    private final boolean entriesEmpty;

    /** Walks one entry at {@code p} in the given mode; {@code index} names it in failures. */
    abstract int entry(
        Node entry, byte[] d, int p, int limit, int mode, long index, JsonGenerator out);

    @Override
    int validate(byte[] d, int p, int limit) {
      return walk(d, p, limit, VALIDATE, null);
    }

    @Override
    int skip(byte[] d, int p, int limit) {
      return walk(d, p, limit, SKIP, null);
    }

    final int walk(byte[] d, int p, int limit, int mode, JsonGenerator out) {
      long index = 0;
      while (true) {
        int next = Varints.end(d, p, limit, Varints.LONG_BYTES);
        long count = Varints.decodeLong(d, p, next);
        p = next;
        if (count == 0) {
          return p;
        }
        int blockLimit = limit;
        boolean sized = count < 0;
        if (sized) {
          if (count == Long.MIN_VALUE) {
            throw Invalid.of("block count out of range");
          }
          count = -count;
          next = Varints.end(d, p, limit, Varints.LONG_BYTES);
          blockLimit = contentEnd(d, p, next, limit);
          p = next;
          if (mode == SKIP) {
            index += count;
            checkCount(index, count, p, blockLimit);
            p = blockLimit;
            continue;
          }
        }
        index += count;
        checkCount(index, count, p, blockLimit);
        if (!entriesEmpty || mode == JSON) { // entries of no bytes need no walk to be checked
          for (long i = index - count; i < index; i++) {
            p = entry(entry, d, p, blockLimit, mode, i, out);
          }
        }
        if (sized && p != blockLimit) {
          throw Invalid.of("block size does not match its entries");
        }
      }
    }

    private void checkCount(long total, long count, int p, int limit) {
      if (total > MAX_ENTRIES) {
        throw Invalid.of("more than " + MAX_ENTRIES + " entries");
      }
      if (entryMin > 0 && count > (limit - p) / entryMin) {
        throw Invalid.truncated();
      }
    }
  }

  static final class Array extends Blocks {
    Array(Node item) {
      super(item, 0);
    }

    @Override
    int json(byte[] d, int p, int limit, JsonGenerator out) {
      out.writeStartArray();
      p = walk(d, p, limit, JSON, out);
      out.writeEndArray();
      return p;
    }

    @Override
    int entry(Node item, byte[] d, int p, int limit, int mode, long index, JsonGenerator out) {
      try {
        return switch (mode) {
          case VALIDATE -> item.validate(d, p, limit);
          case SKIP -> item.skip(d, p, limit);
          default -> item.json(d, p, limit, out);
        };
      } catch (Invalid e) {
        throw e.at(Long.toString(index));
      }
    }
  }

  static final class MapOf extends Blocks {
    MapOf(Node value) {
      super(value, 1);
    }

    @Override
    int json(byte[] d, int p, int limit, JsonGenerator out) {
      out.writeStartObject();
      p = walk(d, p, limit, JSON, out);
      out.writeEndObject();
      return p;
    }

    @Override
    int entry(Node value, byte[] d, int p, int limit, int mode, long index, JsonGenerator out) {
      int start = Varints.end(d, p, limit, Varints.LONG_BYTES);
      int end = contentEnd(d, p, start, limit);
      if (mode == VALIDATE) {
        String problem = Utf8Text.problem(d, start, end);
        if (problem != null) {
          throw Invalid.of("map key: " + problem);
        }
      } else if (mode == JSON) {
        out.writeName(new String(d, start, end - start, UTF_8));
      }
      try {
        return switch (mode) {
          case VALIDATE -> value.validate(d, end, limit);
          case SKIP -> value.skip(d, end, limit);
          default -> value.json(d, end, limit, out);
        };
      } catch (Invalid e) {
        throw e.at(new String(d, start, end - start, UTF_8));
      }
    }
  }
}
