package io.hutong.service.security;

import io.hutong.schemas.identity.TrustedTokens;
import java.time.Clock;
import java.time.Duration;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Puts {@link TrustedTokens} in front of the service's JWT decoder: a department system sends the
 * same token with every call — a page fetched, a batch published — and checking its signature and
 * claims each time was a measurable share of the exchange's work per call. The blocking twin of the
 * gateway's reactive decoder cache.
 */
public final class CachingJwtDecoder implements JwtDecoder {

  /** The longest an accepted token is trusted without being checked again. */
  public static final Duration TRUST = TrustedTokens.TRUST;

  private final JwtDecoder delegate;
  private final TrustedTokens<Jwt> accepted;

  public CachingJwtDecoder(JwtDecoder delegate, Clock clock) {
    this.delegate = delegate;
    this.accepted = new TrustedTokens<>(clock);
  }

  @Override
  public Jwt decode(String token) {
    Jwt known = accepted.get(token);
    if (known != null) {
      return known;
    }
    Jwt jwt = delegate.decode(token);
    accepted.remember(token, jwt, jwt.getExpiresAt());
    return jwt;
  }
}
