package io.hutong.audit.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.schemas.audit.AuditEvent;
import io.hutong.schemas.audit.Outcome;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The leaf bytes are RFC 8785 canonical JSON: checked against the RFC author's implementation. */
class CanonicalEventTest {

  @Test
  void equalsTheReferenceCanonicalization() throws Exception {
    for (AuditEvent event :
        List.of(
            event("civil-affairs-admin", "婚姻登记 \"quoted\" \\ back", 42L),
            event(null, "control \u0001\t\n\r\b\f and emoji \uD83D\uDE00 and \u2028", null),
            event("public-security-system", null, 0L))) {
      String reference =
          new JsonCanonicalizer(JsonMapper.builder().build().writeValueAsString(asMap(event)))
              .getEncodedString();

      assertThat(CanonicalEvent.of(event)).isEqualTo(reference);
    }
  }

  @Test
  void everyContractFieldIsPresentEvenWhenNull() {
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
    return map;
  }
}
