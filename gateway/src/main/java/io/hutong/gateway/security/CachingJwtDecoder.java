package io.hutong.gateway.security;

import io.hutong.schemas.identity.TrustedTokens;
import java.time.Clock;
import java.time.Duration;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Remembers tokens the decoder has already accepted. A department system sends the same token
 * hundreds of times a second; checking its RSA signature and claims again each time is most of the
 * gateway's work per call. An entry is the exact token text (a tampered token is a different text
 * and is checked in full) and is trusted until the token expires, but never longer than {@link
 * #TRUST}: a key withdrawn from Keycloak stops working here within that time.
 */
final class CachingJwtDecoder implements ReactiveJwtDecoder, AcceptedTokens {

  static final Duration TRUST = TrustedTokens.TRUST;

  private final ReactiveJwtDecoder delegate;
  private final TrustedTokens<Jwt> accepted;

  CachingJwtDecoder(ReactiveJwtDecoder delegate, Clock clock) {
    this.delegate = delegate;
    this.accepted = new TrustedTokens<>(clock);
  }

  @Override
  public Mono<Jwt> decode(String token) {
    Jwt known = accepted.get(token);
    if (known != null) {
      return Mono.just(known);
    }
    return delegate
        .decode(token)
        .doOnNext(jwt -> accepted.remember(token, jwt, jwt.getExpiresAt()));
  }

  @Override
  public boolean accepted(String token) {
    return accepted.get(token) != null;
  }
}
