package io.hutong.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GcraTest {

  // 10 a second (one every 100 ms), bursts of 3.
  private final Gcra limit = Gcra.of(10, 3);

  @Test
  void anIdleClientMayBurstAndThenWaitsOneIntervalPerRequest() {
    long now = 1_000_000_000L;
    long tat = 0;
    for (int i = 0; i < 3; i++) {
      Gcra.Decision d = limit.take(tat, now, 1);
      assertThat(d.allowed()).isTrue();
      tat = d.tatMicros();
    }
    Gcra.Decision fourth = limit.take(tat, now, 1);
    assertThat(fourth.allowed()).isFalse();
    assertThat(fourth.retryAfterMicros()).isEqualTo(100_000);
    assertThat(fourth.tatMicros()).isEqualTo(tat);

    assertThat(limit.take(tat, now + 99_999, 1).allowed()).isFalse();
    assertThat(limit.take(tat, now + 100_000, 1).allowed()).isTrue();
  }

  @Test
  void aLeaseOfSeveralTokensIsAllOrNothing() {
    long now = 5_000_000L;
    Gcra.Decision two = limit.take(0, now, 2);
    assertThat(two.allowed()).isTrue();
    assertThat(limit.take(two.tatMicros(), now, 2).allowed()).isFalse();
    assertThat(limit.take(two.tatMicros(), now, 1).allowed()).isTrue();
  }

  @Test
  void idleTimeDoesNotAccumulateBeyondTheBurst() {
    long later = 3_600_000_000L;
    Gcra.Decision d = limit.take(0, later, 3);
    assertThat(d.allowed()).isTrue();
    assertThat(limit.take(d.tatMicros(), later, 1).allowed()).isFalse();
  }

  @Test
  void fractionalRatesBecomeWholeMicroseconds() {
    assertThat(Gcra.of(3, 1).intervalMicros()).isEqualTo(333_333);
    assertThat(Gcra.of(0.5, 1).intervalMicros()).isEqualTo(2_000_000);
  }
}
