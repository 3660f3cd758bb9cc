package io.hutong.audit.ingest;

import io.hutong.audit.verifier.Rfc9162;
import io.hutong.schemas.audit.AuditEvent;
import io.hutong.schemas.audit.Outcome;
import io.hutong.schemas.history.EarlierSchemas;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;

/**
 * One event of the first contract version (before keys, fields and result), with the canonical
 * bytes and leaf hash the code before those members produced for it — computed with that code, the
 * hash also with {@code sha256sum}. Tests use it to prove that leaves already in the log keep their
 * hashes.
 */
public final class FirstSchemaEvent {

  public static final UUID ID = UUID.fromString("3f2b8c1e-6d4a-4f0e-9b7a-1c2d3e4f5a6b");

  public static final String BODY =
      "{\"action\":\"RECORDS_FETCHED\",\"actor\":\"public-security-system\","
          + "\"dataset\":\"civil-affairs.marriage-registrations\","
          + "\"department\":\"public-security\","
          + "\"id\":\"3f2b8c1e-6d4a-4f0e-9b7a-1c2d3e4f5a6b\",\"outcome\":\"ALLOWED\","
          + "\"reason\":null,\"recordCount\":500,\"requestId\":\"req-1\","
          + "\"resource\":\"/api/exchange/v1/subscriptions/42/records\","
          + "\"roles\":[\"department-system\"],\"service\":\"exchange-service\","
          + "\"sourceAddress\":\"10.0.0.1\",\"time\":\"2026-11-21T10:15:30.123456Z\"}";

  /** SHA-256(0x00 || BODY), hex. */
  public static final String LEAF_HASH =
      "9229190663f0d56349ed6a1d8d1f4e290d0f94c8fed93b1ae443128566ca9ad0";

  private static final Instant TIME = Instant.parse("2026-11-21T10:15:30.123456Z");

  private FirstSchemaEvent() {}

  /** The event as the current class, to vary. */
  public static AuditEvent.Builder builder() {
    return AuditEvent.newBuilder()
        .setId(ID)
        .setTime(TIME)
        .setService("exchange-service")
        .setActor("public-security-system")
        .setDepartment("public-security")
        .setRoles(List.of("department-system"))
        .setAction("RECORDS_FETCHED")
        .setDataset("civil-affairs.marriage-registrations")
        .setResource("/api/exchange/v1/subscriptions/42/records")
        .setOutcome(Outcome.ALLOWED)
        .setRecordCount(500L)
        .setRequestId("req-1")
        .setSourceAddress("10.0.0.1")
        .setReason(null);
  }

  /**
   * The event in Avro single-object encoding with the first schema as writer, as producers sent it.
   */
  public static byte[] firstSchemaWireBytes() {
    Schema first;
    try (InputStream in = EarlierSchemas.class.getResourceAsStream("AuditEvent-1.avsc")) {
      first = new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    AuditEvent shape = builder().build();
    GenericRecord v1 = new GenericData.Record(first);
    for (Schema.Field field : first.getFields()) {
      Object value = shape.get(field.name());
      v1.put(
          field.name(),
          switch (field.name()) {
            case "id" -> value.toString();
            case "time" -> TIME.getEpochSecond() * 1_000_000L + TIME.getNano() / 1_000;
            case "outcome" -> new GenericData.EnumSymbol(field.schema(), value.toString());
            default -> value;
          });
    }
    try {
      ByteBuffer buffer =
          new BinaryMessageEncoder<GenericRecord>(GenericData.get(), first).encode(v1);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SHA-256(0x00 || body), hex. */
  public static String leafHash(String body) {
    return HexFormat.of().formatHex(Rfc9162.leafHash(body.getBytes(StandardCharsets.UTF_8)));
  }
}
