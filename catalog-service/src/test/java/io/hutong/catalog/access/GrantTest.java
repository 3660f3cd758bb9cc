package io.hutong.catalog.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hutong.service.failure.Refusal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrantTest {

  static final Instant NOW = AccessRequestTest.NOW;

  @Test
  void anExpiredGrantStopsCountingWithoutAnyoneActing() {
    Instant until = NOW.plus(Duration.ofDays(30));
    Grant grant =
        AccessRequestTest.pending("date")
            .approve("a", AccessRequestTest.reading(List.of("date"), until), NOW);

    assertThat(grant.isLive(until.minusMillis(1))).isTrue();
    assertThat(grant.isLive(until)).isFalse();
    assertThat(grant.state(until)).isEqualTo("EXPIRED");
  }

  @Test
  void markExpired_recordsOnlyOnceAndOnlyAfterValidUntil() {
    Instant until = NOW.plus(Duration.ofDays(1));
    Grant grant =
        AccessRequestTest.pending("date").approve("a", AccessRequestTest.reading(null, until), NOW);

    assertThat(grant.markExpired(NOW)).isFalse();
    assertThat(grant.markExpired(until)).isTrue();
    assertThat(grant.markExpired(until.plusSeconds(5))).isFalse();
    assertThat(grant.expiredAt()).isEqualTo(until);
  }

  @Test
  void revoke_endsTheGrantAndRequiresAReason() {
    Grant grant = AccessRequestTest.pending("date").approve("a", Approval.asRequested(), NOW);

    assertThatThrownBy(() -> grant.revoke("civil-affairs-admin", "", NOW))
        .isInstanceOf(Refusal.class);
    assertThat(grant.isLive(NOW)).isTrue();

    grant.revoke("civil-affairs-admin", "purpose fulfilled", NOW);

    assertThat(grant.isLive(NOW)).isFalse();
    assertThat(grant.state(NOW)).isEqualTo("REVOKED");
  }

  @Test
  void revoke_twiceIsAConflict() {
    Grant grant = AccessRequestTest.pending("date").approve("a", Approval.asRequested(), NOW);
    grant.revoke("a", "done", NOW);

    assertThatThrownBy(() -> grant.revoke("a", "again", NOW))
        .isInstanceOf(Refusal.class)
        .satisfies(e -> assertThat(((Refusal) e).kind()).isEqualTo(Refusal.Kind.CONFLICT));
  }
}
