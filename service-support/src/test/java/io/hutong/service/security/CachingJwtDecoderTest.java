package io.hutong.service.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;

class CachingJwtDecoderTest {

  private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
  private final AtomicInteger checks = new AtomicInteger();
  private Instant now = NOW;
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  /** Accepts tokens starting with "good", valid for five minutes from {@link #NOW}. */
  private final CachingJwtDecoder decoder =
      new CachingJwtDecoder(
          token -> {
            checks.incrementAndGet();
            if (!token.startsWith("good")) {
              throw new BadJwtException("bad signature");
            }
            return Jwt.withTokenValue(token)
                .header("alg", "RS256")
                .subject(token)
                .issuedAt(NOW)
                .expiresAt(NOW.plus(Duration.ofMinutes(5)))
                .build();
          },
          clock);

  @Test
  void aTokenAlreadyCheckedIsNotCheckedAgain() {
    assertThat(decoder.decode("good-1").getSubject()).isEqualTo("good-1");
    assertThat(decoder.decode("good-1").getSubject()).isEqualTo("good-1");
    assertThat(checks).hasValue(1);

    decoder.decode("good-2");
    assertThat(checks).hasValue(2);
  }

  @Test
  void aRejectedTokenIsCheckedEveryTime() {
    assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(BadJwtException.class);
    assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(BadJwtException.class);
    assertThat(checks).hasValue(2);
  }

  @Test
  void trustLapsesAfterAMinuteSoAWithdrawnKeyStopsWorking() {
    decoder.decode("good-1");
    now = NOW.plus(CachingJwtDecoder.TRUST).minusMillis(1);
    decoder.decode("good-1");
    assertThat(checks).hasValue(1);

    now = NOW.plus(CachingJwtDecoder.TRUST);
    decoder.decode("good-1");
    assertThat(checks).hasValue(2);
  }

  @Test
  void anExpiredTokenGoesBackToTheDecoder() {
    decoder.decode("good-1");
    now = NOW.plus(Duration.ofMinutes(5)).minusSeconds(10);
    decoder.decode("good-1"); // re-checked (trust lapsed), cached until expiry
    now = NOW.plus(Duration.ofMinutes(5));
    decoder.decode("good-1"); // expired: the decoder decides (clock skew is its rule)
    assertThat(checks).hasValue(3);
  }
}
