package io.hutong.audit.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.audit.verifier.Rfc9162;
import io.hutong.schemas.audit.AuditEvent;
import io.hutong.schemas.audit.AuditEvents;
import io.hutong.schemas.audit.Outcome;
import io.hutong.schemas.history.EarlierSchemas;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The leaf bytes are RFC 8785 canonical JSON: checked against the RFC author's implementation. And
 * leaves already in the log keep their hashes: an event without keys, fields or result has exactly
 * the bytes it had before those members existed.
 */
class CanonicalEventTest {

  /**
   * An event of the first contract version, its canonical bytes and leaf hash as the code before
   * keys, fields and result produced them (computed with that code; the hash also with sha256sum).
   */
  static final String OLD_SHAPE_BODY =
      "{\"action\":\"RECORDS_FETCHED\",\"actor\":\"public-security-system\","
          + "\"dataset\":\"civil-affairs.marriage-registrations\","
          + "\"department\":\"public-security\","
          + "\"id\":\"3f2b8c1e-6d4a-4f0e-9b7a-1c2d3e4f5a6b\",\"outcome\":\"ALLOWED\","
          + "\"reason\":null,\"recordCount\":500,\"requestId\":\"req-1\","
          + "\"resource\":\"/api/exchange/v1/subscriptions/42/records\","
          + "\"roles\":[\"department-system\"],\"service\":\"exchange-service\","
          + "\"sourceAddress\":\"10.0.0.1\",\"time\":\"2026-11-21T10:15:30.123456Z\"}";

  static final String OLD_SHAPE_LEAF_HASH =
      "9229190663f0d56349ed6a1d8d1f4e290d0f94c8fed93b1ae443128566ca9ad0";

  @Test
  void anEventWithoutKeysFieldsOrResult_hashesExactlyAsBeforeTheyExisted() {
    String body = CanonicalEvent.of(oldShape().build());

    assertThat(body).isEqualTo(OLD_SHAPE_BODY);
    assertThat(leafHash(body)).isEqualTo(OLD_SHAPE_LEAF_HASH);
  }

  @Test
  void anEventWrittenWithTheFirstSchema_hashesExactlyAsBefore() throws Exception {
    Schema first;
    try (InputStream in = EarlierSchemas.class.getResourceAsStream("AuditEvent-1.avsc")) {
      first = new Schema.Parser().parse(in);
    }
    GenericRecord v1 = new GenericData.Record(first);
    AuditEvent shape = oldShape().build();
    for (Schema.Field field : first.getFields()) {
      Object value = shape.get(field.name());
      v1.put(
          field.name(),
          switch (field.name()) {
            case "id" -> value.toString();
            case "time" -> 1_795_256_130_123_456L; // 2026-11-21T10:15:30.123456Z in micros
            case "outcome" -> new GenericData.EnumSymbol(field.schema(), value.toString());
            default -> value;
          });
    }
    ByteBuffer wire = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), first).encode(v1);

    AuditEvent decoded = AuditEvents.decode(wire);

    assertThat(decoded.getKeys()).isEmpty();
    assertThat(leafHash(CanonicalEvent.of(decoded))).isEqualTo(OLD_SHAPE_LEAF_HASH);
  }

  @Test
  void keysFieldsAndResult_areCommittedToByTheLeaf() {
    AuditEvent lookup =
        oldShape()
            .setAction("RECORD_LOOKED_UP")
            .setKeys(List.of("110101199003070011", "110101199003070022"))
            .setFields(List.of("name", "birthDate"))
            .setResult("found: 110101199003070011; missing: 110101199003070022")
            .build();
    String hash = leafHash(CanonicalEvent.of(lookup));

    assertThat(CanonicalEvent.of(lookup))
        .contains("\"keys\":[\"110101199003070011\",\"110101199003070022\"]")
        .contains("\"fields\":[\"name\",\"birthDate\"]")
        .contains("\"result\":\"found: 110101199003070011; missing: 110101199003070022\"");
    assertThat(
            leafHash(
                CanonicalEvent.of(
                    copy(lookup)
                        .setKeys(List.of("110101199003070011", "110101199003070023"))
                        .build())))
        .isNotEqualTo(hash);
    assertThat(
            leafHash(
                CanonicalEvent.of(copy(lookup).setKeys(List.of("110101199003070011")).build())))
        .isNotEqualTo(hash);
    assertThat(leafHash(CanonicalEvent.of(copy(lookup).setFields(List.of("name")).build())))
        .isNotEqualTo(hash);
    assertThat(leafHash(CanonicalEvent.of(copy(lookup).setResult("found: all").build())))
        .isNotEqualTo(hash);
    assertThat(leafHash(CanonicalEvent.of(copy(lookup).build()))).isEqualTo(hash);
  }

  @Test
  void aVerificationWithAResultButNoFields_namesOnlyWhatItHas() {
    String json =
        CanonicalEvent.of(
            oldShape().setKeys(List.of("k-1")).setFields(List.of()).setResult(null).build());

    assertThat(json).contains("\"keys\":[\"k-1\"]");
    assertThat(json).doesNotContain("\"fields\"").doesNotContain("\"result\"");
  }

  @Test
  void equalsTheReferenceCanonicalization() throws Exception {
    for (AuditEvent event :
        List.of(
            event("civil-affairs-admin", "婚姻登记 \"quoted\" \\ back", 42L),
            event(null, "control \u0001\t\n\r\b\f and emoji \uD83D\uDE00 and \u2028", null),
            event("public-security-system", null, 0L),
            copy(event("public-security-system", null, 3L))
                .setAction("RECORD_VERIFIED")
                .setKeys(List.of("婚-001", "quote \" and \\ back"))
                .setFields(List.of("wifeName", "registeredOn"))
                .setResult("wifeName: match; registeredOn: \u2028 no match")
                .build())) {
      String reference =
          new JsonCanonicalizer(JsonMapper.builder().build().writeValueAsString(asMap(event)))
              .getEncodedString();

      assertThat(CanonicalEvent.of(event)).isEqualTo(reference);
    }
  }

  @Test
  void everyFieldOfTheFirstContractIsPresentEvenWhenNull() {
    String json = CanonicalEvent.of(event(null, null, null));

    for (String field :
        List.of(
            "id",
            "time",
            "service",
            "actor",
            "department",
            "roles",
            "action",
            "dataset",
            "resource",
            "outcome",
            "recordCount",
            "requestId",
            "sourceAddress",
            "reason")) {
      assertThat(json).contains("\"" + field + "\":");
    }
    assertThat(json).contains("\"actor\":null").startsWith("{\"action\":");
  }

  static AuditEvent event(String actor, String reason, Long records) {
    return AuditEvent.newBuilder()
        .setId(UUID.randomUUID())
        .setTime(Instant.parse("2026-11-21T10:15:30.123456Z"))
        .setService("catalog-service")
        .setActor(actor)
        .setDepartment(actor == null ? null : "civil-affairs")
        .setRoles(actor == null ? List.of() : List.of("data-admin", "auditor"))
        .setAction("DATASET_REGISTERED")
        .setDataset("civil-affairs.marriage-registrations")
        .setResource("/api/catalog/v1/datasets")
        .setOutcome(Outcome.DENIED)
        .setRecordCount(records)
        .setRequestId("req-1")
        .setSourceAddress("10.0.0.1")
        .setReason(reason)
        .build();
  }

  static Map<String, Object> asMap(AuditEvent e) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("time", e.getTime().toString());
    map.put("id", e.getId().toString());
    map.put("service", e.getService());
    map.put("actor", e.getActor());
    map.put("department", e.getDepartment());
    map.put("roles", e.getRoles());
    map.put("action", e.getAction());
    map.put("dataset", e.getDataset());
    map.put("resource", e.getResource());
    map.put("outcome", e.getOutcome().name());
    map.put("recordCount", e.getRecordCount());
    map.put("requestId", e.getRequestId());
    map.put("sourceAddress", e.getSourceAddress());
    map.put("reason", e.getReason());
    if (!e.getKeys().isEmpty()) {
      map.put("keys", e.getKeys());
    }
    if (!e.getFields().isEmpty()) {
      map.put("fields", e.getFields());
    }
    if (e.getResult() != null) {
      map.put("result", e.getResult());
    }
    return map;
  }

  /** The event of {@link #OLD_SHAPE_BODY}, as a builder to vary. */
  static AuditEvent.Builder oldShape() {
    return AuditEvent.newBuilder()
        .setId(UUID.fromString("3f2b8c1e-6d4a-4f0e-9b7a-1c2d3e4f5a6b"))
        .setTime(Instant.parse("2026-11-21T10:15:30.123456Z"))
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

  static AuditEvent.Builder copy(AuditEvent event) {
    return AuditEvent.newBuilder(event);
  }

  static String leafHash(String body) {
    return HexFormat.of().formatHex(Rfc9162.leafHash(body.getBytes(StandardCharsets.UTF_8)));
  }
}
