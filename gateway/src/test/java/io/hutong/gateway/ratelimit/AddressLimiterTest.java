package io.hutong.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AddressLimiterTest {

  private final Instant start = Instant.parse("2026-11-28T10:00:00Z");

  @Test
  void anAddressThatFailsMoreThanItsBurst_mustWait_andOnlyThatAddress() {
    AddressLimiter limiter = limiter(Clock.fixed(start, ZoneOffset.UTC), 2, 5);
    assertThat(limiter.waitOf("10.0.0.1")).as("never failed").isNull();

    for (int i = 0; i < 4; i++) {
      limiter.charge("10.0.0.1");
    }
    assertThat(limiter.waitOf("10.0.0.1")).as("one failure left").isNull();
    limiter.charge("10.0.0.1");

    assertThat(limiter.waitOf("10.0.0.1")).isEqualTo(Duration.ofMillis(500));
    assertThat(limiter.waitOf("10.0.0.2")).isNull();
  }

  @Test
  void refusalsDoNotExtendThePenalty_onlyFailedAuthenticationsDo() {
    MutableClock clock = new MutableClock(start);
    AddressLimiter limiter = limiter(clock, 2, 5);
    for (int i = 0; i < 5; i++) {
      limiter.charge("10.0.0.1");
    }
    for (int i = 0; i < 100; i++) {
      assertThat(limiter.waitOf("10.0.0.1")).isNotNull();
    }
    clock.now = start.plusMillis(500);
    assertThat(limiter.waitOf("10.0.0.1")).isNull();
  }

  @Test
  void quietAddressesAreForgotten() {
    MutableClock clock = new MutableClock(start);
    AddressLimiter limiter = limiter(clock, 2, 5);
    limiter.charge("10.0.0.1");
    clock.now = start.plusSeconds(1);
    limiter.forgetFullBuckets();
    assertThat(limiter.waitOf("10.0.0.1")).isNull();
  }

  private static AddressLimiter limiter(Clock clock, double perSecond, int burst) {
    return new AddressLimiter(
        new UnauthenticatedLimitProperties(true, perSecond, burst, 1000), clock);
  }

  private static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
