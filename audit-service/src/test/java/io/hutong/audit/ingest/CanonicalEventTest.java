package io.hutong.audit.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.schemas.audit.AuditEvent;
import io.hutong.schemas.audit.AuditEvents;
import io.hutong.schemas.audit.Outcome;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The leaf bytes are RFC 8785 canonical JSON: checked against the RFC author's implementation. And
 * leaves already in the log keep their hashes: an event without keys, fields or result has exactly
 * the bytes it had before those members existed.
 */
class CanonicalEventTest {

  @Test
  void anEventWithoutKeysFieldsOrResult_hashesExactlyAsBeforeTheyExisted() {
    String body = CanonicalEvent.of(FirstSchemaEvent.builder().build());

    assertThat(body).isEqualTo(FirstSchemaEvent.BODY);
    assertThat(leafHash(body)).isEqualTo(FirstSchemaEvent.LEAF_HASH);
  }

  @Test
  void anEventWrittenWithTheFirstSchema_hashesExactlyAsBefore() throws Exception {
    AuditEvent decoded =
        AuditEvents.decode(ByteBuffer.wrap(FirstSchemaEvent.firstSchemaWireBytes()));

    assertThat(decoded.getKeys()).isEmpty();
    assertThat(decoded.getResult()).isNull();
    assertThat(leafHash(CanonicalEvent.of(decoded))).isEqualTo(FirstSchemaEvent.LEAF_HASH);
  }

  @Test
  void keysFieldsAndResult_areCommittedToByTheLeaf() {
    AuditEvent lookup =
        FirstSchemaEvent.builder()
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
  void anEventWithKeysOnly_namesNeitherFieldsNorResult() {
    String json =
        CanonicalEvent.of(
            FirstSchemaEvent.builder()
                .setKeys(List.of("k-1"))
                .setFields(List.of())
                .setResult(null)
                .build());

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

  static AuditEvent.Builder copy(AuditEvent event) {
    return AuditEvent.newBuilder(event);
  }

  static String leafHash(String body) {
    return FirstSchemaEvent.leafHash(body);
  }
}
