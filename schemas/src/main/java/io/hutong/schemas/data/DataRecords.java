package io.hutong.schemas.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;

/**
 * The wire format of a record on a data topic, written once for the publisher and the subscriber:
 * the value in Avro single-object encoding (marker {@code C3 01}, the writer schema's 64-bit
 * CRC-64-AVRO fingerprint little-endian, then the binary datum), and the headers the platform
 * stamps — the schema version, the publishing system, the request id, and, for publishes under an
 * Idempotency-Key, the attempt and the record's index in its batch. Header names under {@code
 * hutong.} are reserved for these.
 */
public final class DataRecords {

  /** Record header: the schema version the value was written with. */
  public static final String HEADER_SCHEMA_VERSION = "hutong.schema-version";

  /** Record header: the client id of the publishing system. */
  public static final String HEADER_PUBLISHER = "hutong.publisher";

  /** Record header: the request id of the publish call. */
  public static final String HEADER_REQUEST_ID = "hutong.request-id";

  /** Record header: the idempotency attempt a record was written under. */
  public static final String HEADER_ATTEMPT = "hutong.idempotency-attempt";

  /** Record header: a record's index in its batch. */
  public static final String HEADER_INDEX = "hutong.batch-index";

  /** Prefix of every header the platform stamps; clients may not send these. */
  public static final String RESERVED_PREFIX = "hutong.";

  private final Map<Long, BinaryMessageEncoder<GenericRecord>> encoders = new ConcurrentHashMap<>();
  private final Map<Long, BinaryMessageDecoder<GenericRecord>> decoders = new ConcurrentHashMap<>();

  /** The value of {@code record} (of {@code schema}) in single-object encoding. */
  public byte[] encode(Schema schema, GenericRecord record) {
    BinaryMessageEncoder<GenericRecord> encoder =
        encoders.computeIfAbsent(
            fingerprint(schema), f -> new BinaryMessageEncoder<>(GenericData.get(), schema));
    try {
      ByteBuffer buffer = encoder.encode(record);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Decodes {@code value} with its writer schema (whose fingerprint {@link #fingerprint(byte[])}
   * gave).
   */
  public GenericRecord decode(Schema writer, byte[] value) throws IOException {
    return decoders
        .computeIfAbsent(
            fingerprint(writer), f -> new BinaryMessageDecoder<>(GenericData.get(), writer))
        .decode(value);
  }

  /** The ten bytes in front of every value written with the schema of {@code fingerprint}. */
  public static byte[] header(long fingerprint) {
    return ByteBuffer.allocate(10)
        .order(ByteOrder.LITTLE_ENDIAN)
        .put((byte) 0xC3)
        .put((byte) 0x01)
        .putLong(fingerprint)
        .array();
  }

  /** The writer schema's fingerprint carried by an encoded value, or empty if it is not one. */
  public static Optional<Long> fingerprint(byte[] value) {
    if (value == null || value.length < 10 || value[0] != (byte) 0xC3 || value[1] != 0x01) {
      return Optional.empty();
    }
    return Optional.of(ByteBuffer.wrap(value, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
  }

  /** The CRC-64-AVRO fingerprint of {@code schema}'s parsing canonical form. */
  public static long fingerprint(Schema schema) {
    return SchemaNormalization.parsingFingerprint64(schema);
  }

  /**
   * The headers of a published record: the client's own (none under {@code hutong.}), then the
   * platform's. {@code requestId} may be null.
   */
  public static Map<String, byte[]> headers(
      Map<String, byte[]> client, int schemaVersion, String publisher, String requestId) {
    Map<String, byte[]> headers = new LinkedHashMap<>(client);
    headers.put(HEADER_SCHEMA_VERSION, utf8(Integer.toString(schemaVersion)));
    headers.put(HEADER_PUBLISHER, utf8(publisher));
    if (requestId != null) {
      headers.put(HEADER_REQUEST_ID, utf8(requestId));
    }
    return headers;
  }

  /** {@code headers} tagged with the idempotency attempt and the record's index in its batch. */
  public static Map<String, byte[]> tagged(Map<String, byte[]> headers, String attempt, int index) {
    Map<String, byte[]> out = new LinkedHashMap<>(headers);
    out.put(HEADER_ATTEMPT, utf8(attempt));
    out.put(HEADER_INDEX, utf8(Integer.toString(index)));
    return out;
  }

  /** A numeric header's value ({@link #HEADER_SCHEMA_VERSION}, {@link #HEADER_INDEX}), or null. */
  public static Integer number(byte[] header) {
    // Read on every delivered record: digits are parsed from the bytes, without a String.
    if (header == null || header.length == 0 || header.length > 9) {
      return null;
    }
    int n = 0;
    for (byte b : header) {
      if (b < '0' || b > '9') {
        return null;
      }
      n = n * 10 + (b - '0');
    }
    return n;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
