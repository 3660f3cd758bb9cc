package io.hutong.schemas.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.schemas.identity.Caller;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditEventsTest {

  @Test
  void builder_boundsUserInputAndDropsInvalidCodes() {
    AuditEvent event =
        AuditEvents.by("catalog-service", Instant.parse("2026-01-01T00:00:00.123456789Z"))
            .action(AuditAction.DATASET_READ, Outcome.DENIED)
            .dataset("not a code")
            .resource("/x".repeat(1000))
            .requestId("bad id with spaces")
            .reason("r".repeat(5000))
            .build();
    assertThat(event.getTime()).isEqualTo(Instant.parse("2026-01-01T00:00:00.123456Z"));
    assertThat(event.getDataset()).isNull();
    assertThat(event.getResource()).hasSize(AuditLimits.RESOURCE);
    assertThat(event.getRequestId()).isNull();
    assertThat(event.getReason()).hasSize(AuditLimits.REASON);
    assertThat(event.getActor()).isNull();
    assertThat(event.getRoles()).isEmpty();
  }

  @Test
  void encode_roundTripsThroughSingleObjectEncoding() throws Exception {
    Caller caller =
        Caller.fromClaims(
            Map.of(
                "azp",
                "civil-affairs-system",
                "department",
                "civil-affairs",
                "realm_access",
                Map.of("roles", List.of("department-system"))));
    AuditEvent event =
        AuditEvents.by("exchange-service", Instant.now())
            .caller(caller)
            .action(AuditAction.RECORDS_PUBLISHED, Outcome.ALLOWED)
            .recordCount(3L)
            .build();
    AuditEvent back =
        AuditEvent.fromByteBuffer(java.nio.ByteBuffer.wrap(AuditEvents.encode(event)));
    assertThat(back).isEqualTo(event);
    assertThat(back.getActor()).isEqualTo("civil-affairs-system");
    assertThat(back.getRoles()).containsExactly("department-system");
  }
}
