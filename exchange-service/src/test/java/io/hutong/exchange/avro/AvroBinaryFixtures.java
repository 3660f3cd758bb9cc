package io.hutong.exchange.avro;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/** A rich record schema and random records of it, encoded plainly and with sized blocks. */
public final class AvroBinaryFixtures {

  public static final Schema SCHEMA =
      new Schema.Parser()
          .parse(
              """
              {"type":"record","name":"Marriage","namespace":"io.hutong.test","doc":"A marriage.",
               "aliases":["Wedding"],"fields":[
                {"name":"certificateNo","type":"string","doc":"The certificate's number."},
                {"name":"district","type":["null","string"],"default":null,"aliases":["area"]},
                {"name":"registeredOn","type":{"type":"int","logicalType":"date"}},
                {"name":"recordedAt","type":{"type":"long","logicalType":"timestamp-micros"}},
                {"name":"notifiedAt","type":{"type":"long","logicalType":"timestamp-millis"}},
                {"name":"status","type":{"type":"enum","name":"Status",
                  "symbols":["MARRIED","DIVORCED","ANNULLED"]}},
                {"name":"witnesses","type":{"type":"array","items":"string"},"default":[]},
                {"name":"fees","type":{"type":"map","values":"long"}},
                {"name":"address","type":{"type":"record","name":"Address","fields":[
                  {"name":"city","type":"string"},
                  {"name":"zip","type":["null","int"],"default":null}]}},
                {"name":"scan","type":"bytes"},
                {"name":"seal","type":{"type":"fixed","name":"Seal","size":4}},
                {"name":"ratio","type":"float"},
                {"name":"score","type":"double"},
                {"name":"verified","type":"boolean","default":false},
                {"name":"id","type":{"type":"string","logicalType":"uuid"}},
                {"name":"children","type":"int"},
                {"name":"serial","type":"long"},
                {"name":"previous","type":{"type":"array","items":"Address"}},
                {"name":"nothing","type":"null"}
              ]}
              """);

  public static final List<String> FIELDS =
      SCHEMA.getFields().stream().map(Schema.Field::name).toList();

  private static final String[] WORDS = {
    "", "a", "天河区", "Zoë", "tab\there", "line\nbreak", "😀 emoji", "ḁ̊", "\u0085", "x".repeat(200)
  };

  private AvroBinaryFixtures() {}

  public static GenericRecord record(Random random) {
    GenericRecord record = new GenericData.Record(SCHEMA);
    record.put("certificateNo", word(random));
    record.put("district", random.nextBoolean() ? null : word(random));
    record.put("registeredOn", random.nextBoolean() ? random.nextInt(40000) : random.nextInt());
    record.put("recordedAt", random.nextBoolean() ? random.nextLong() : random.nextLong(1L << 52));
    record.put("notifiedAt", random.nextBoolean() ? random.nextLong() : random.nextLong(1L << 42));
    Schema status = SCHEMA.getField("status").schema();
    record.put(
        "status",
        new GenericData.EnumSymbol(status, status.getEnumSymbols().get(random.nextInt(3))));
    List<String> witnesses = new ArrayList<>();
    for (int i = random.nextInt(4) == 0 ? random.nextInt(60) : random.nextInt(4); i > 0; i--) {
      witnesses.add(word(random));
    }
    record.put("witnesses", witnesses);
    Map<String, Long> fees = new HashMap<>();
    for (int i = random.nextInt(random.nextBoolean() ? 40 : 3); i > 0; i--) {
      fees.put(word(random) + i, random.nextLong());
    }
    record.put("fees", fees);
    record.put("address", address(random));
    byte[] scan = new byte[random.nextInt(20)];
    random.nextBytes(scan);
    record.put("scan", ByteBuffer.wrap(scan));
    byte[] seal = new byte[4];
    random.nextBytes(seal);
    record.put("seal", new GenericData.Fixed(SCHEMA.getField("seal").schema(), seal));
    record.put("ratio", random.nextBoolean() ? random.nextFloat() * 1e6f : -0.1f);
    record.put("score", random.nextBoolean() ? random.nextDouble() * 1e300 : random.nextGaussian());
    record.put("verified", random.nextBoolean());
    record.put("id", new UUID(random.nextLong(), random.nextLong()).toString());
    record.put("children", random.nextInt());
    record.put("serial", random.nextBoolean() ? Long.MIN_VALUE : random.nextLong());
    List<GenericRecord> previous = new ArrayList<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      previous.add(address(random));
    }
    record.put("previous", previous);
    return record;
  }

  private static GenericRecord address(Random random) {
    GenericRecord address = new GenericData.Record(SCHEMA.getField("address").schema());
    address.put("city", word(random));
    address.put("zip", random.nextBoolean() ? null : random.nextInt());
    return address;
  }

  private static String word(Random random) {
    return WORDS[random.nextInt(WORDS.length)];
  }

  /** The datum as {@code binaryEncoder} writes it: positive block counts only. */
  public static byte[] plain(GenericRecord record) {
    return encode(record, record.getSchema(), false);
  }

  /** The datum as {@code blockingBinaryEncoder} writes it: negative counts followed by sizes. */
  public static byte[] blocked(GenericRecord record) {
    return encode(record, record.getSchema(), true);
  }

  public static byte[] encode(GenericRecord record, Schema schema, boolean blocking) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BinaryEncoder encoder =
          blocking
              ? new EncoderFactory().configureBlockSize(64).blockingBinaryEncoder(out, null)
              : EncoderFactory.get().binaryEncoder(out, null);
      new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static GenericRecord decode(Schema schema, byte[] data) {
    try {
      return new GenericDatumReader<GenericRecord>(schema)
          .read(null, DecoderFactory.get().binaryDecoder(data, null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A random subset of the fields, sometimes all, sometimes none, with a name the schema lacks. */
  public static List<String> granted(Random random) {
    List<String> granted = new ArrayList<>();
    int mode = random.nextInt(5);
    for (String field : FIELDS) {
      if (mode == 0 || (mode > 1 && random.nextBoolean())) {
        granted.add(field);
      }
    }
    granted.add("notInTheSchema");
    return granted;
  }
}
