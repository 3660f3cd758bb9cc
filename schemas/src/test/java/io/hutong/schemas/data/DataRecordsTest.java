package io.hutong.schemas.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class DataRecordsTest {

  private static final Schema MARRIAGE =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"Marriage\",\"fields\":["
                  + "{\"name\":\"certificateNo\",\"type\":\"string\"}]}");

  private final DataRecords codec = new DataRecords();

  @Test
  void encode_isSingleObjectEncodingCarryingTheWriterFingerprint() throws Exception {
    GenericRecord record = new GenericData.Record(MARRIAGE);
    record.put("certificateNo", "C-1");

    byte[] bytes = codec.encode(MARRIAGE, record);

    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    assertThat(DataRecords.fingerprint(bytes)).contains(DataRecords.fingerprint(MARRIAGE));
    assertThat(codec.decode(MARRIAGE, bytes).get("certificateNo").toString()).isEqualTo("C-1");
  }

  @Test
  void fingerprint_ofSomethingElseIsEmpty() {
    assertThat(DataRecords.fingerprint("{\"json\":1}".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(DataRecords.fingerprint(new byte[] {(byte) 0xC3, 0x01})).isEmpty();
  }

  @Test
  void headers_stampThePlatformsOwnAfterTheClients() {
    Map<String, byte[]> headers =
        DataRecords.tagged(
            DataRecords.headers(Map.of("origin", new byte[] {1}), 3, "civil-affairs-system", null),
            "attempt-1",
            7);
    assertThat(headers)
        .containsKeys(
            "origin",
            DataRecords.HEADER_SCHEMA_VERSION,
            DataRecords.HEADER_PUBLISHER,
            DataRecords.HEADER_ATTEMPT,
            DataRecords.HEADER_INDEX)
        .doesNotContainKey(DataRecords.HEADER_REQUEST_ID);
    assertThat(DataRecords.number(headers.get(DataRecords.HEADER_SCHEMA_VERSION))).isEqualTo(3);
    assertThat(DataRecords.number(headers.get(DataRecords.HEADER_INDEX))).isEqualTo(7);
    assertThat(DataRecords.number("x".getBytes(StandardCharsets.UTF_8))).isNull();
  }
}
