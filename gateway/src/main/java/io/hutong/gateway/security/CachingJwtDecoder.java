package io.hutong.gateway.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

  static final Duration TRUST = Duration.ofSeconds(60);
  private static final int MAX_ENTRIES = 10_000;

  private final ReactiveJwtDecoder delegate;
  private final Clock clock;
  private final Map<String, Entry> accepted = new ConcurrentHashMap<>();

  private record Entry(Jwt jwt, Instant until) {}

  CachingJwtDecoder(ReactiveJwtDecoder delegate, Clock clock) {
    this.delegate = delegate;
    this.clock = clock;
  }

  @Override
  public Mono<Jwt> decode(String token) {
    Entry entry = accepted.get(token);
    if (entry != null) {
      if (clock.instant().isBefore(entry.until())) {
        return Mono.just(entry.jwt());
      }
      accepted.remove(token, entry);
    }
    return delegate.decode(token).doOnNext(jwt -> remember(token, jwt));
  }

  @Override
  public boolean accepted(String token) {
    Entry entry = token == null ? null : accepted.get(token);
    return entry != null && clock.instant().isBefore(entry.until());
  }

  private void remember(String token, Jwt jwt) {
    Instant now = clock.instant();
    Instant expires = jwt.getExpiresAt();
    if (expires == null || !now.isBefore(expires)) {
      return;
    }
    if (accepted.size() >= MAX_ENTRIES) {
      accepted.values().removeIf(e -> !now.isBefore(e.until()));
      if (accepted.size() >= MAX_ENTRIES) {
        accepted.clear();
      }
    }
    Instant limit = now.plus(TRUST);
    accepted.put(token, new Entry(jwt, expires.isBefore(limit) ? expires : limit));
  }
}
