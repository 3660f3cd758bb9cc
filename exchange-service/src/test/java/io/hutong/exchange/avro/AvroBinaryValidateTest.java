package io.hutong.exchange.avro;

import static io.hutong.exchange.avro.AvroBinaryFixtures.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hutong.exchange.avro.AvroBinary.Invalid;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class AvroBinaryValidateTest {

  static final Validator RICH = new Validator(SCHEMA);

  @Test
  void generatedRecordsAreValidToTheirLastByte() {
    Random random = new Random(1);
    int sized = 0;
    for (int i = 0; i < 2000; i++) {
      GenericRecord record = AvroBinaryFixtures.record(random);
      byte[] plain = AvroBinaryFixtures.plain(record);
      byte[] blocked = AvroBinaryFixtures.blocked(record);
      assertThat(RICH.validate(plain, 0)).isEqualTo(plain.length);
      assertThat(RICH.validate(blocked, 0)).isEqualTo(blocked.length);
      if (!Arrays.equals(plain, blocked)) {
        sized++;
      }
      byte[] shifted = new byte[plain.length + 7];
      System.arraycopy(plain, 0, shifted, 3, plain.length);
      assertThat(RICH.validate(shifted, 3)).isEqualTo(plain.length + 3);
    }
    assertThat(sized).as("records whose blocks carry negative counts and sizes").isGreaterThan(500);
  }

  @Test
  void everyTruncationIsRefused() {
    Random random = new Random(2);
    for (int i = 0; i < 50; i++) {
      byte[] data = AvroBinaryFixtures.blocked(AvroBinaryFixtures.record(random));
      for (int cut = 0; cut < data.length; cut++) {
        byte[] prefix = Arrays.copyOf(data, cut);
        Invalid invalid = catchThrowableOfType(Invalid.class, () -> RICH.validate(prefix, 0));
        assertThat(invalid).as("cut at %d of %d", cut, data.length).isNotNull();
      }
    }
  }

  @Test
  void truncationNamesTheFieldThatEndsEarly() {
    Datum datum = new Datum();
    byte[] whole = datum.bytes();
    byte[] cut = Arrays.copyOf(whole, whole.length - 3); // inside "serial"'s 10-byte varint
    assertRefused(cut, "serial", "data ends early");
  }

  @Test
  void aValidHandMadeDatumPasses() {
    byte[] data = new Datum().bytes();
    assertThat(Datum.VALIDATOR.validate(data, 0)).isEqualTo(data.length);
  }

  @Test
  void aUnionBranchOutOfRangeIsRefused() {
    Datum datum = new Datum();
    datum.districtBranch = 2;
    assertRefused(datum.bytes(), "district", "union branch 2 out of range");
    datum.districtBranch = -1;
    assertRefused(datum.bytes(), "district", "union branch -1 out of range");
  }

  @Test
  void anEnumOrdinalOutOfRangeIsRefused() {
    Datum datum = new Datum();
    datum.status = 3;
    assertRefused(datum.bytes(), "status", "enum ordinal 3 out of range");
  }

  @Test
  void invalidUtf8IsRefusedWhereItIs() {
    Datum datum = new Datum();
    datum.witnesses = List.of(utf8("a"), utf8("b"), new byte[] {(byte) 0xC3, 0x28});
    assertRefused(datum.bytes(), "witnesses[2]", "text is not valid UTF-8");
  }

  @Test
  void controlCharactersAreRefused() {
    Datum datum = new Datum();
    datum.city = utf8("Guang\u0000zhou");
    assertRefused(datum.bytes(), "address.city", "text must not contain NUL or other control");
    datum.city = utf8("DEL\u007f");
    assertRefused(datum.bytes(), "address.city", "text must not contain NUL or other control");
    datum.city = utf8("tab\tline\ncarriage\r and \u0085 are text");
    assertThat(Datum.VALIDATOR.validate(datum.bytes(), 0)).isEqualTo(datum.bytes().length);
  }

  @Test
  void anUnpairedSurrogateInCesuBytesIsRefused() {
    Datum datum = new Datum();
    datum.district = new byte[] {'x', (byte) 0xED, (byte) 0xA0, (byte) 0x80};
    assertRefused(datum.bytes(), "district", "text is not valid UTF-8");
  }

  @Test
  void mapKeysAreCheckedAndMapValuesAreNamedByKey() {
    Datum datum = new Datum();
    datum.feeKey = utf8("stamp\u0001");
    assertRefused(datum.bytes(), "fees", "map key: text must not contain NUL");
    datum = new Datum();
    datum.feeRaw = tooLongVarint();
    assertRefused(datum.bytes(), "fees[stamp]", "varint longer than 10 bytes");
  }

  @Test
  void aUuidFieldMustHoldAUuid() {
    Datum datum = new Datum();
    datum.id = utf8("not-a-uuid");
    assertRefused(datum.bytes(), "id", "not a UUID");
    datum.id = utf8("123e4567-e89b-12d3-a456-426614174000");
    assertThat(Datum.VALIDATOR.validate(datum.bytes(), 0)).isEqualTo(datum.bytes().length);
  }

  @Test
  void aBooleanMustBeZeroOrOne() {
    Datum datum = new Datum();
    datum.verified = 2;
    assertRefused(datum.bytes(), "verified", "boolean byte must be 0 or 1, not 2");
  }

  @Test
  void varintsLongerThanTenBytesAreRefused() {
    Datum datum = new Datum();
    datum.serialRaw = tooLongVarint();
    assertRefused(datum.bytes(), "serial", "varint longer than 10 bytes");
  }

  @Test
  void negativeLengthsAndMismatchedBlockSizesAreRefused() {
    Datum datum = new Datum();
    datum.cityLength = -1L;
    assertRefused(datum.bytes(), "address.city", "negative length -1");
    datum = new Datum();
    datum.witnessesBlockSize = 5L; // the two one-letter witnesses take 4 bytes
    assertRefused(datum.bytes(), "witnesses", "block size does not match its entries");
    datum.witnessesBlockSize = 4L;
    assertThat(Datum.VALIDATOR.validate(datum.bytes(), 0)).isEqualTo(datum.bytes().length);
  }

  @Test
  void hugeBlockCountsAreRefusedWithoutLooping() {
    Datum datum = new Datum();
    datum.witnessesCount = 1_000_000L;
    assertRefused(datum.bytes(), "witnesses", "data ends early");
    datum.witnessesCount = Long.MAX_VALUE;
    assertRefused(datum.bytes(), "witnesses", "more than 2147483639 entries");
  }

  @Test
  void theStaticShortcutValidatesToo() {
    byte[] data = new Datum().bytes();
    assertThat(AvroBinary.validate(Datum.SCHEMA, data, 0)).isEqualTo(data.length);
    data[data.length - 11] = 2; // "verified"
    assertThatThrownBy(() -> AvroBinary.validate(Datum.SCHEMA, data, 0))
        .isInstanceOf(Invalid.class)
        .hasMessage("verified: boolean byte must be 0 or 1, not 2");
  }

  private static void assertRefused(byte[] data, String field, String reason) {
    Invalid invalid = catchThrowableOfType(Invalid.class, () -> Datum.VALIDATOR.validate(data, 0));
    assertThat(invalid).as("refused").isNotNull();
    assertThat(invalid.field()).isEqualTo(field);
    assertThat(invalid.reason()).startsWith(reason);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] tooLongVarint() {
    byte[] raw = new byte[11];
    Arrays.fill(raw, (byte) 0x80);
    raw[10] = 0;
    return raw;
  }

  /** A hand-encoded datum of a small schema, valid until a test spoils one part. */
  static final class Datum {
    static final Schema SCHEMA =
        new Schema.Parser()
            .parse(
                """
                {"type":"record","name":"Case","fields":[
                  {"name":"district","type":["null","string"]},
                  {"name":"status","type":{"type":"enum","name":"S","symbols":["A","B","C"]}},
                  {"name":"witnesses","type":{"type":"array","items":"string"}},
                  {"name":"address","type":{"type":"record","name":"Addr","fields":[
                    {"name":"city","type":"string"}]}},
                  {"name":"fees","type":{"type":"map","values":"long"}},
                  {"name":"id","type":{"type":"string","logicalType":"uuid"}},
                  {"name":"verified","type":"boolean"},
                  {"name":"serial","type":"long"}
                ]}
                """);
    static final Validator VALIDATOR = new Validator(SCHEMA);

    int districtBranch = 1;
    byte[] district = utf8("天河区");
    int status = 2;
    List<byte[]> witnesses = List.of(utf8("a"), utf8("b"));
    Long witnessesCount; // the number of witnesses unless set
    Long witnessesBlockSize; // when set, the block count is written negative with this size
    byte[] city = utf8("Guangzhou");
    Long cityLength;
    byte[] feeKey = utf8("stamp");
    byte[] feeRaw;
    byte[] id = utf8("00000000-0000-0000-0000-000000000001");
    int verified = 1;
    byte[] serialRaw;

    byte[] bytes() {
      try {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder e = EncoderFactory.get().directBinaryEncoder(out, null);
        e.writeInt(districtBranch);
        text(e, district);
        e.writeInt(status);
        long count = witnessesCount != null ? witnessesCount : witnesses.size();
        if (witnessesBlockSize != null) {
          e.writeLong(-count);
          e.writeLong(witnessesBlockSize);
        } else {
          e.writeLong(count);
        }
        for (byte[] witness : witnesses) {
          text(e, witness);
        }
        e.writeLong(0);
        e.writeLong(cityLength != null ? cityLength : city.length);
        e.writeFixed(city);
        e.writeLong(1);
        text(e, feeKey);
        if (feeRaw != null) {
          e.writeFixed(feeRaw);
        } else {
          e.writeLong(7);
        }
        e.writeLong(0);
        text(e, id);
        e.writeFixed(new byte[] {(byte) verified});
        if (serialRaw != null) {
          e.writeFixed(serialRaw);
        } else {
          e.writeLong(Long.MIN_VALUE); // 10 bytes
        }
        e.flush();
        return out.toByteArray();
      } catch (IOException x) {
        throw new java.io.UncheckedIOException(x);
      }
    }

    private static void text(BinaryEncoder e, byte[] bytes) throws IOException {
      e.writeLong(bytes.length);
      e.writeFixed(bytes);
    }
  }
}
