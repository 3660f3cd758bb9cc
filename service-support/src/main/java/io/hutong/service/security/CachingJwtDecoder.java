package io.hutong.service.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Remembers tokens the service's decoder has already accepted. A department system sends the same
 * token with every call — a page fetched, a batch published — and checking its RSA signature and
 * claims again each time was a measurable share of the exchange's work per call. An entry is the
 * exact token text (a tampered token is a different text and is checked in full), trusted until the
 * token expires but never longer than {@link #TRUST}, so a key withdrawn from Keycloak stops
 * working within that time. The blocking twin of the gateway's reactive decoder cache.
 */
public final class CachingJwtDecoder implements JwtDecoder {

  /** The longest an accepted token is trusted without being checked again. */
  public static final Duration TRUST = Duration.ofSeconds(60);

  private static final int MAX_ENTRIES = 10_000;

  private final JwtDecoder delegate;
  private final Clock clock;
  private final Map<String, Entry> accepted = new ConcurrentHashMap<>();

  private record Entry(Jwt jwt, Instant until) {}

  public CachingJwtDecoder(JwtDecoder delegate, Clock clock) {
    this.delegate = delegate;
    this.clock = clock;
  }

  @Override
  public Jwt decode(String token) {
    Entry entry = accepted.get(token);
    if (entry != null) {
      if (clock.instant().isBefore(entry.until())) {
        return entry.jwt();
      }
      accepted.remove(token, entry);
    }
    Jwt jwt = delegate.decode(token);
    remember(token, jwt);
    return jwt;
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
