package io.hutong.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.schemas.audit.AuditEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RefusalTallyTest {

  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-11-28T10:00:00.100Z"));
  private final List<AuditEvent> sent = new ArrayList<>();
  private final RefusalTally tally =
      new RefusalTally(
          new Clock() {
            @Override
            public Instant instant() {
              return now.get();
            }

            @Override
            public java.time.ZoneId getZone() {
              return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
              return this;
            }
          },
          sent::add);

  @Test
  void aSecondOfRefusals_becomesOneCountedEventPerAddressAndReason() {
    for (int i = 0; i < 1000; i++) {
      tally.count("10.0.0.1", "401 bearer token rejected", "GET /api/x?n=" + i, "req-" + i);
    }
    tally.count("10.0.0.2", "401 bearer token rejected", "GET /api/y", "req-y");
    tally.count("10.0.0.1", "401 no bearer token", "GET /api/z", "req-z");

    tally.flush();
    assertThat(sent).as("the second is not over yet").isEmpty();

    now.set(now.get().plusSeconds(1));
    tally.flush();

    assertThat(sent).hasSize(3);
    AuditEvent flood =
        sent.stream().filter(e -> e.getRecordCount() == 1000).findFirst().orElseThrow();
    assertThat(flood.getAction()).isEqualTo("REQUESTS_REJECTED");
    assertThat(flood.getService()).isEqualTo("gateway");
    assertThat(flood.getSourceAddress()).isEqualTo("10.0.0.1");
    assertThat(flood.getReason()).isEqualTo("401 bearer token rejected");
    assertThat(flood.getResource())
        .as("the first of the second, as a sample")
        .isEqualTo("GET /api/x?n=0");
    assertThat(flood.getRequestId()).isEqualTo("req-0");
    assertThat(flood.getActor()).isNull();
    assertThat(flood.getTime()).isEqualTo(Instant.parse("2026-11-28T10:00:00.100Z"));
    assertThat(sent)
        .extracting(AuditEvent::getRecordCount)
        .containsExactlyInAnyOrder(1000L, 1L, 1L);

    tally.flush();
    assertThat(sent).as("each count is sent once").hasSize(3);
  }

  @Test
  void eachSecondHasItsOwnEvent_andShutdownSendsTheCurrentOne() {
    tally.count("10.0.0.1", "429 x", "GET /a", "r1");
    now.set(now.get().plusSeconds(1));
    tally.count("10.0.0.1", "429 x", "GET /a", "r2");
    tally.count("10.0.0.1", "429 x", "GET /a", "r3");

    tally.flush();
    assertThat(sent).extracting(AuditEvent::getRecordCount).containsExactly(1L);

    tally.flushAll();
    assertThat(sent).extracting(AuditEvent::getRecordCount).containsExactly(1L, 2L);
  }

  @Test
  void beyondTheSourceLimit_addressesAreCountedTogether() {
    for (int i = 0; i < RefusalTally.MAX_SOURCES + 500; i++) {
      tally.count("10.1." + (i / 256) + "." + (i % 256), "401 no bearer token", "GET /", "r");
    }
    tally.flushAll();

    assertThat(sent.size()).isEqualTo(RefusalTally.MAX_SOURCES + 1);
    assertThat(sent.stream().mapToLong(AuditEvent::getRecordCount).sum())
        .isEqualTo(RefusalTally.MAX_SOURCES + 500);
    AuditEvent pooled =
        sent.stream().filter(e -> e.getSourceAddress() == null).findFirst().orElseThrow();
    assertThat(pooled.getRecordCount()).isEqualTo(500);
    assertThat(pooled.getReason()).startsWith("401 no bearer token").contains("counted together");
  }
}
